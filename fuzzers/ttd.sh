#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# ttd.sh [seeds|empty] [TARGET...] - time to detect each SDK-B defect alone:
# for each defect of the matrix (B1..Bn, from ci/switch-names.sh), runs each TARGET (default: surface geometry msi) under
# libFuzzer (build/fuzz/lf) from the seed corpus (or from an empty one)
# until its first finding, at most TTD_MAX seconds (default 120) per target,
# and prints the wall time of the fastest target with its signature, then the
# median.  Targets run one after another; a defect is "found" by the first.
# TTD_DEFECTS (default: the whole matrix) runs only those defects.
# TTD_DEFECTS_VAR (default T2_DEFECTS) is the variable that gets the defect:
# T2DEV_DEFECTS for the preload device (make fuzz-dev-ttd, docs/devices.md).
set -u
mode=${1:-seeds}
[ $# -gt 0 ] && shift
targets=${*:-surface geometry msi}
BIN=${FUZZ_BIN:-build/fuzz/lf}
MAX=${TTD_MAX:-120}
work=${TTD_OUT:-build/fuzz/ttd-$mode}
var=${TTD_DEFECTS_VAR:-T2_DEFECTS}
rm -rf "$work"
mkdir -p "$work"
times=""
printf '%-4s %8s  %-9s %s\n' defect seconds target signature
defects=${TTD_DEFECTS:-$(ci/switch-names.sh --matrix)}
for d in $defects; do
	best=""
	for t in $targets; do
		corp="$work/$d-$t"
		mkdir -p "$corp"
		[ "$mode" = seeds ] && cp build/fuzz/seeds/"$t"/* "$corp"/ 2>/dev/null
		start=$(date +%s.%N)
		env "$var=$d" fuzzers/run-target.sh "$t" "$BIN/fuzz_$t" -max_total_time="$MAX" \
			-artifact_prefix="$corp/" "$corp" > "$work/$d-$t.log" 2>&1
		end=$(date +%s.%N)
		sig=$(sed -n 's/^==t2h-finding== //p' "$work/$d-$t.log" | head -n 1)
		if [ -n "$sig" ]; then
			best=$(awk "BEGIN { print $end - $start }")
			printf '%-4s %8.1f  %-9s %s\n' "$d" "$best" "$t" "$sig"
			break
		fi
	done
	if [ -z "$best" ]; then
		printf '%-4s %8s  %-9s %s\n' "$d" ">$MAX" - "not found"
		best=999999
	fi
	times="$times $best"
done
ndef=$(echo $defects | wc -w)
median=$(echo $times | tr ' ' '\n' | sort -g | sed -n "$(( (ndef + 1) / 2 ))p")
echo "median: $median s (over the $ndef defects; not-found counts as infinite)"
