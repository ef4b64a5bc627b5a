#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# vfio-core.sh - make check-vfio-core: build t2vfio.ko and the static guest
# programs, boot Debian's kernel under qemu (TCG, ci/qemu-run.sh), load the
# kernel's VFIO core and t2vfio.ko, run ci/guest-vfio.sh inside (smoke,
# ioctl rate, the conformance suite through /dev/vfio/vfio with core variant
# linux61, corpus replay, then each switch alone), print the KTAP, the
# figures and the kill matrix, and compare the matrix with the stub's.
#
#   ci/vfio-core.sh [qemu|uml]
# qemu (the default, make check-vfio-core): Debian's kernel under TCG.
# uml: the KASAN + lockdep + kmemleak User-mode Linux of ci/uml-build.sh
# (UML_TREE=), its own vfio.ko; the spec sections only unless
# T2_VFIO_DEFECTS says otherwise (no hugepages there: docs/kernel.md).
# Environment: T2_VFIO_DEFECTS (qemu default "B1 ... B15 L1 L2 L3"; "" runs
# the spec sections only), T2_KERNEL_MATRIX_PLATFORM, T2_KERNEL_TIMEOUT
# (guest timeout, s), T2CONF_ARGS, T2_KERNEL_VERBOSE=1 (all of the KTAP),
# KERNEL=, KDIR= (a 6.1 kernel and its build tree), QEMU_SMP (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
t0=$SECONDS
which=${1:-qemu}

all="B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 B15 L1 L2 L3"
matrix_platform=${T2_KERNEL_MATRIX_PLATFORM:-p4080,ccsr_base=0xf00000000}
timeout_s=${T2_KERNEL_TIMEOUT:-1500}

case $which in
qemu)
	defects=${T2_VFIO_DEFECTS-$all}
	ci/install-deps.sh qemu
	. ci/kernel-env.sh ;;
uml)
	defects=${T2_VFIO_DEFECTS-}
	ci/install-deps.sh qemu uml
	KDIR=${UML_TREE:-$(ci/uml-build.sh)}
	T2_KVER= ;;
*) echo "usage: $0 [qemu|uml]" >&2; exit 2 ;;
esac

out=$top/build/check-vfio-core/$which
payload=$out/payload
rm -rf "$payload"
mkdir -p "$payload"

echo "# building t2vfio.ko against $KDIR"
ko=$(ci/vfio-core-build.sh "$KDIR" 2>"$out/module-build.log") || { cat "$out/module-build.log" >&2; exit 1; }
if grep -q 'warning:' "$out/module-build.log"; then
	grep -A3 'warning:' "$out/module-build.log" >&2
	echo "vfio-core.sh: the module builds with warnings" >&2
	exit 1
fi
vfio=
for f in "/lib/modules/$T2_KVER/kernel/drivers/vfio/vfio.ko" "/lib/modules/$T2_KVER/kernel/drivers/vfio/vfio.ko.xz"; do
	[ -n "$T2_KVER" ] && [ -e "$f" ] && vfio=$f && break
done
[ "$which" = uml ] && vfio=$KDIR/drivers/vfio/vfio.ko
[ -e "$vfio" ] || { echo "vfio-core.sh: no vfio.ko for this kernel (${vfio:-linux-image-$T2_KVER})" >&2; exit 1; }
case $vfio in
*.xz) xz -dc "$vfio" > "$payload/vfio.ko" ;;
*) cp "$vfio" "$payload/vfio.ko" ;;
esac
echo "# building the static guest programs"
make -s FLAVOR=gcc vfio-bins >&2
cp "$ko" "$payload/t2vfio.ko"
cp build/gcc/kernel-bins/* "$payload/"
[ -d corpus ] && cp -r corpus "$payload/corpus"
cp ci/guest-vfio.sh "$payload/run.sh"
{
	echo "T2_SUITE_DEFECTS=\"$defects\""
	echo "T2_SUITE_CONF_ARGS=\"${T2CONF_ARGS:-}\""
	echo "T2_SUITE_MATRIX_PLATFORM=\"$matrix_platform\""
} > "$payload/suite.env"

# What kills each switch on the stub, on the same platform.
mkdir -p "$out/stub-killers"
for d in $defects; do
	T2_PLATFORM=$matrix_platform T2_DEFECTS=$d build/gcc/kernel-bins/t2conf 2>/dev/null |
		sed -n 's/^not ok [0-9]* - \([^ ]*\).*/\1/p' > "$out/stub-killers/$d" || true
done

# Two vCPUs: the SDK-B8 race (no lock on the attribute and MSI paths) then
# runs truly in parallel, not only at the module's yield points.
export QEMU_SMP=${QEMU_SMP:-2}
echo "# booting ($which, VFIO core)"
set +e
if [ "$which" = qemu ]; then
	verdict=$(ci/qemu-run.sh -k "$KERNEL" -t "$timeout_s" -o "$out/run" "$payload" 2>"$out/runner.log" | tail -n1)
else
	verdict=$(ci/uml-run.sh -u "$KDIR" -t "$timeout_s" -o "$out/run" "$payload" 2>"$out/runner.log" | tail -n1)
fi
set -e
if [ "${T2_KERNEL_VERBOSE:-0}" = 1 ]; then
	cat "$out/run/tap.log" 2>/dev/null || true
else
	awk '/^    # [A-Za-z0-9-]+: exit / { print; nb = 0; next }
	     /^    # retry [0-9]+: not ok / { print; next }
	     /^    # .*ioctl\/s$/ { print; next }
	     /^    (ok|not ok|1\.\.|TAP|# Subtest)/ {
		if ($0 ~ /^    not ok /) {
			for (i = 1; i <= nb && i <= 12; i++) print b[i]
			if (nb > 12) printf "    # (%d more lines)\n", nb - 12
			print
		}
		nb = 0; next
	     }
	     /^    / { b[++nb] = $0; next }
	     { print }' "$out/run/tap.log" 2>/dev/null || true
	echo "# full KTAP: $out/run/tap.log"
fi
cat "$out/runner.log" >&2

# The kill matrix, judged as for t2sim.ko (ci/check-kernel.sh): per switch,
# the tests that fail with it on but pass on the baseline; then, per B
# switch, whether the stub kills it too (the matrices must match).
matrix_ok=1
: > "$out/kill-matrix.txt"
if [ -n "$defects" ]; then
	echo "# kill matrix ($which, VFIO core, platform $matrix_platform; baseline failures discounted; stub: killed on the stub)"
	awk -v out="$out/kill-matrix.txt" -v kdir="$out/stub-killers" '
	function flush(   i, k, nk, more, st, sk, t) {
		if (name == "") return
		if (name == "matrix") { for (t in cur) base[t] = 1 }
		else if (name ~ /^[BL][0-9]+$/) {
			k = ""; nk = 0
			for (i = 1; i <= nord; i++) if (!(ord[i] in base)) { nk++; if (nk <= 4) k = k (nk > 1 ? ", " : "") ord[i] }
			more = (nk > 4) ? sprintf(" (+%d more)", nk - 4) : ""
			sk = 0
			while ((getline t < (kdir "/" name)) > 0) sk++
			close(kdir "/" name)
			st = nk ? "killed" : "SURVIVED"
			line = sprintf("#   %-4s %-8s %3d (stub %s): %s%s", name, st, nk, sk ? "killed" : "survived", k, more)
			print line; print line > out
		}
		name = ""
	}
	/^    # Subtest: / { flush(); name = $3; delete cur; nord = 0; next }
	/^    (# retry [0-9]+: )?not ok / {
		t = $0; sub(/^    (# retry [0-9]+: )?not ok [0-9]+ - /, "", t); sub(/ \[.*$/, "", t); sub(/ #.*$/, "", t)
		cur[t] = 1; ord[++nord] = t; next
	}
	/^(not )?ok [0-9]+ - / { flush() }
	END { flush() }' "$out/run/tap.log" 2>/dev/null || true
	# every B switch the stub kills must be killed here
	grep -q '^#   B[0-9]* *SURVIVED .*(stub killed)' "$out/kill-matrix.txt" && matrix_ok=0
	[ -s "$out/kill-matrix.txt" ] || matrix_ok=0
	grep -q "^ok [0-9]* - matrix: " "$out/run/tap.log" 2>/dev/null || matrix_ok=0
fi
grep -q "^ok [0-9]* - spec: " "$out/run/tap.log" 2>/dev/null || matrix_ok=0
start=$(grep -a -o 't2guest: payload start (uptime [0-9.]*' "$out/run/console.log" 2>/dev/null | grep -o '[0-9.]*$' || true)
end=$(grep -a -o 't2guest: payload rc=[0-9]* (uptime [0-9.]*' "$out/run/console.log" 2>/dev/null | grep -o '[0-9.]*$' || true)
wall=$(cat "$out/run/wall-ms" 2>/dev/null || echo 0)
echo "# vfio-core $which: guest boot ${start:-?} s, payload to ${end:-?} s (guest uptime); guest wall $((wall / 1000)).$(((wall % 1000) / 100)) s; whole target $((SECONDS - t0)) s"
if [ "$verdict" = PASS ] && [ $matrix_ok = 0 ]; then
	verdict=FAIL
fi
echo "# vfio-core $which verdict: $verdict (logs: $out/run)"
[ "$verdict" = PASS ]
