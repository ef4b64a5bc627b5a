#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# under-load.sh - the gate's verdicts must not depend on the machine's load
# (issue #14): `make -j2 check` RUNS times in a row beside BUSY busy loops,
# then kernel-stub/tests/conc and `t2conf -t 'conc.*'` CONC_RUNS times each.
# Prints one line per check run and the totals; exit 1 on any failure.
#   ci/under-load.sh [RUNS=20] [CONC_RUNS=100] [BUSY=3]
# Logs: build/under-load/check-N.log.
set -u
cd "$(dirname "$0")/.."
runs=${1:-20}
conc_runs=${2:-100}
busy=${3:-3}
mkdir -p build/under-load
p=
for _ in $(seq "$busy"); do (while :; do :; done) & p="$p $!"; done
# shellcheck disable=SC2086
trap 'kill $p 2>/dev/null' EXIT
ok=0
for i in $(seq "$runs"); do
	s=$(date +%s)
	if make -j2 check > "build/under-load/check-$i.log" 2>&1; then
		ok=$((ok + 1)); r=ok
	else
		r="FAIL (build/under-load/check-$i.log)"
	fi
	echo "make check $i: $r, $(( $(date +%s) - s )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "make -j2 check: $ok/$runs green beside $busy busy loops"
c1=0; c2=0
for _ in $(seq "$conc_runs"); do
	build/gcc/kernel-stub/tests/conc > /dev/null 2>&1 && c1=$((c1 + 1))
	build/gcc/conformance/t2conf -t 'conc.*' > /dev/null 2>&1 && c2=$((c2 + 1))
done
echo "kernel-stub/tests/conc: $c1/$conc_runs; t2conf -t 'conc.*': $c2/$conc_runs" \
	"(load $(cut -d' ' -f1-3 /proc/loadavg))"
[ "$ok" = "$runs" ] && [ "$c1" = "$conc_runs" ] && [ "$c2" = "$conc_runs" ]
