#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-kernel.sh - the kernel target (make check-kernel, make check-uml):
# build the t2sim module and static harness programs, boot a guest, run
# ci/guest-suite.sh inside (conformance suite on the module's spec
# personality, corpus replay, then each switch alone), print the guest's KTAP
# and the kill matrix, and exit with the runner's verdict.
#
#   ci/check-kernel.sh qemu   Debian's kernel (or KERNEL=, KDIR=) under qemu TCG
#   ci/check-kernel.sh uml    the KASAN UML of ci/uml-build.sh (UML_TREE=)
# Environment: T2_KERNEL_DEFECTS (default "B1 ... B15 L1 L2 L3"),
# T2_KERNEL_TIMEOUT (guest timeout, s), T2CONF_ARGS (extra t2conf arguments).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
which=${1:-qemu}
t0=$SECONDS

defects=${T2_KERNEL_DEFECTS:-"B1 B2 B3 B4 B5 B6 B7 B8 B9 B10 B11 B12 B13 B14 B15 L1 L2 L3"}
timeout_s=${T2_KERNEL_TIMEOUT:-900}

case $which in
qemu)
	ci/install-deps.sh qemu
	. ci/kernel-env.sh
	kdir=$KDIR ;;
uml)
	ci/install-deps.sh qemu uml
	kdir=${UML_TREE:-$(ci/uml-build.sh)} ;;
*) echo "usage: $0 qemu|uml" >&2; exit 2 ;;
esac

out=$top/build/check-kernel/$which
payload=$out/payload
rm -rf "$payload"
mkdir -p "$payload"

echo "# building t2sim.ko against $kdir"
ko=$(ci/module-build.sh "$kdir" 2>"$out/module-build.log") || { cat "$out/module-build.log" >&2; exit 1; }
if grep -q 'warning:' "$out/module-build.log"; then
	grep -A3 'warning:' "$out/module-build.log" >&2
	echo "check-kernel.sh: the module builds with warnings" >&2
	exit 1
fi
echo "# building the static guest programs"
make -s FLAVOR=gcc kernel-bins >&2
cp "$ko" "$payload/t2sim.ko"
cp build/gcc/kernel-bins/* "$payload/"
[ -d corpus ] && cp -r corpus "$payload/corpus"
cp ci/guest-suite.sh "$payload/run.sh"
{
	echo "T2_SUITE_DEFECTS=\"$defects\""
	echo "T2_SUITE_CONF_ARGS=\"${T2CONF_ARGS:-}\""
} > "$payload/suite.env"

echo "# booting ($which)"
set +e
if [ "$which" = qemu ]; then
	verdict=$(ci/qemu-run.sh -k "$KERNEL" -t "$timeout_s" -o "$out/run" "$payload" 2>"$out/runner.log" | tail -n1)
else
	verdict=$(ci/uml-run.sh -u "$kdir" -t "$timeout_s" -o "$out/run" "$payload" 2>"$out/runner.log" | tail -n1)
fi
set -e
cat "$out/run/tap.log" 2>/dev/null || true
cat "$out/runner.log" >&2

# The kill matrix: per switch, detected or not, and the tests that failed.
echo "# kill matrix ($which, module personality spec + one switch each)"
awk '
	/^    # Subtest: / { name = $4; fails = ""; nf = 0; next }
	/^    not ok / {
		t = $0; sub(/^    not ok [0-9]+ - /, "", t); sub(/ \[.*$/, "", t); sub(/ #.*$/, "", t)
		nf++; if (nf <= 4) fails = fails (nf > 1 ? ", " : "") t
		next
	}
	/^(not )?ok [0-9]+ - [BL][0-9]+: / {
		d = $0; sub(/^(not )?ok [0-9]+ - /, "", d); split(d, a, ":")
		st = (d ~ /: detected/) ? "killed" : "SURVIVED"
		more = (nf > 4) ? sprintf(" (+%d more)", nf - 4) : ""
		printf "#   %-4s %-8s %3d failing: %s%s\n", a[1], st, nf, fails, more
	}' "$out/run/tap.log" 2>/dev/null || true
start=$(grep -a -o 't2guest: payload start (uptime [0-9.]*' "$out/run/console.log" 2>/dev/null | grep -o '[0-9.]*$' || true)
end=$(grep -a -o 't2guest: payload rc=[0-9]* (uptime [0-9.]*' "$out/run/console.log" 2>/dev/null | grep -o '[0-9.]*$' || true)
wall=$(cat "$out/run/wall-ms" 2>/dev/null || echo 0)
echo "# $which: guest boot ${start:-?} s, payload to ${end:-?} s (guest uptime); guest wall $((wall / 1000)).$(((wall % 1000) / 100)) s; whole target $((SECONDS - t0)) s"
echo "# $which verdict: $verdict (logs: $out/run)"
[ "$verdict" = PASS ]
