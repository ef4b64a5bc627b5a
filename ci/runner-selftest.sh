#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# runner-selftest.sh - proves the guest runners on a trivial module
# (ci/runner-selftest/t2qtest.c): a clean load gives PASS, a WARN gives
# KERNEL, a hang gives TIMEOUT.  Prints TAP.
#   ci/runner-selftest.sh qemu    ci/qemu-run.sh (KERNEL=, KDIR= as for check-kernel)
#   ci/runner-selftest.sh uml     ci/uml-run.sh on the tree of ci/uml-build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
which=${1:-qemu}

case $which in
qemu)
	. ci/kernel-env.sh
	run() { ci/qemu-run.sh -k "$KERNEL" "$@"; }
	arch= ;;
uml)
	KDIR=$(ci/uml-build.sh)
	run() { ci/uml-run.sh -u "$KDIR" "$@"; }
	arch=um ;;
*) echo "usage: $0 qemu|uml" >&2; exit 2 ;;
esac

out=$top/build/runner-selftest/$which
rm -rf "$out" && mkdir -p "$out/mod"
make -s -C "$KDIR" ${arch:+ARCH=$arch} M="$out/mod" src="$top/ci/runner-selftest" modules \
	>"$out/build.log" 2>&1 ||
	{ cat "$out/build.log" >&2; echo "Bail out! self-test module does not build"; exit 1; }

echo "TAP version 13"
echo "1..3"
n=0 fails=0
for c in "none PASS 60" "warn KERNEL 60" "hang TIMEOUT 20"; do
	set -- $c
	n=$((n + 1))
	p=$out/payload-$1
	mkdir -p "$p"
	cp "$out/mod/t2qtest.ko" "$p/"
	echo "insmod /t2/t2qtest.ko action=$1 && [ -c /dev/t2qtest ] && echo t2qtest loaded" > "$p/run.sh"
	got=$(run -t "$3" -o "$out/run-$1" "$p" 2>"$out/run-$1.err" | tail -n1 || true)
	if [ "$got" = "$2" ]; then
		echo "ok $n - $which: action=$1 gives $2"
	else
		echo "not ok $n - $which: action=$1 gives $2 (got '$got', see $out/run-$1)"
		fails=$((fails + 1))
	fi
done
[ "$fails" = 0 ]
