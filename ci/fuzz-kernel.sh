#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# fuzz-kernel.sh - `make fuzz-kernel FUZZ_SECONDS=N`: the libFuzzer targets
# (build/fuzz/lf, ASan+UBSan) inside the qemu guest against t2sim.ko, loaded
# as check-kernel loads it (T2_KERNEL_MODULE_ARGS, default personality=spec;
# e.g. "defects=B6").  A -static libFuzzer binary from clang 14 segfaults at
# start (its sanitizer runtime's sigaction setup), so the guest gets the
# binaries' shared libraries and their loader in /t2/lib.  Prints each
# target's exec/s in the guest; a finding comes with its program and the
# guest's kernel log.  Exit 0 without finding, 1 with one (or a kernel
# problem), 2 when it cannot run.
#   FUZZ_SECONDS (default 300) split evenly over FUZZ_TARGETS (surface
#   geometry msi); QEMU_MEM (default 2G); T2_BUF_CAP (default 128M in the
#   guest: populating a large buffer costs seconds under TCG).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
. ci/kernel-lib.sh
secs=${FUZZ_SECONDS:-300}
targets=${FUZZ_TARGETS:-surface geometry msi}
args=${T2_KERNEL_MODULE_ARGS:-personality=spec}
case $secs in ''|*[!0-9]*) echo "fuzz-kernel: FUZZ_SECONDS '$secs' is not a number" >&2; exit 2 ;; esac
n=0
for t in $targets; do n=$((n + 1)); done
per=$((secs / n))
[ "$per" -ge 1 ] || per=1

t2_kernel_tree qemu qemu
out=$top/build/fuzz-kernel
t2_payload_dir "$out"
mkdir -p "$payload/lib" "$payload/seeds" "$payload/fuzzers"
cp fuzzers/run-target.sh "$payload/fuzzers/"
echo "# building t2sim.ko against $KDIR"
t2_module_build ci/module-build.sh "$KDIR" "$out"
cp "$T2_KO" "$payload/t2sim.ko"
echo "# building the fuzz targets and their seeds"
make -s $(for t in $targets; do echo "build/fuzz/lf/fuzz_$t"; done) fuzz-seeds >&2
for t in $targets; do
	cp "build/fuzz/lf/fuzz_$t" "$payload/"
	cp fuzzers/fuzz_"$t".options fuzzers/fuzz_"$t".dict "$payload/fuzzers/" 2>/dev/null || true
	cp -r "build/fuzz/seeds/$t" "$payload/seeds/" 2>/dev/null || mkdir -p "$payload/seeds/$t"
	# the shared libraries, and the loader, by their resolved paths
	ldd "build/fuzz/lf/fuzz_$t" | awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }' |
		while read -r lib; do cp -L "$lib" "$payload/lib/"; done
done
[ -e "$payload/lib/ld-linux-x86-64.so.2" ] || { echo "fuzz-kernel: no loader found by ldd" >&2; exit 2; }
{
	echo "FUZZ_TARGETS=\"$targets\""
	echo "FUZZ_PER=$per"
	echo "FUZZ_MODULE_ARGS=\"$args\""
	echo "T2_BUF_CAP=${T2_BUF_CAP:-128M}"
} > "$payload/fuzz.env"
cp ci/guest-fuzz.sh "$payload/run.sh"
echo "# booting (qemu): $targets, ${per}s each, t2sim.ko $args"
set +e
verdict=$(QEMU_MEM=${QEMU_MEM:-2G} QEMU_SMP=${QEMU_SMP:-2} ci/qemu-run.sh -k "$KERNEL" \
	-t $((secs + 300)) -o "$out/run" "$payload" 2>"$out/runner.log" | tail -n1)
set -e
sed 's/^/  /' "$out/run/tap.log" 2>/dev/null || true
cat "$out/runner.log" >&2
echo "# fuzz-kernel: $verdict (console: $out/run/console.log)"
case $verdict in
PASS) exit 0 ;;
*) exit 1 ;;
esac
