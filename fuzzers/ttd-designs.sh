#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# ttd-designs.sh - time to detect each natural defect of the MSI designs
# (issue #19): for each designs2013 switch (include/t2/designs2013.def, the
# one table), TTD_RUNS runs (default 3, libFuzzer -seed=1..N) of the fuzz
# target TTD_TARGET (default msi; build/fuzz/lf, ASan+UBSan) from its seeds
# with T2_DEFECTS=<switch>, each until its first finding or TTD_MAX seconds
# (default 60).  The fuzz inputs choose the design themselves (header bits,
# docs/fuzzing.md), so nothing here names one.  Prints per switch:
#   switch design median [t1,t2,t3] found/runs signature
# (median over the runs, a run that finds nothing counting as infinite:
# "inf"; the signature of the fastest run), then the median over switches.
# A run's finding that `t2h replay` also gives on spec is a false alarm: the
# run counts as not found, and a comment line names it.
#   sh fuzzers/ttd-designs.sh        (make fuzz-ttd-designs)
#   TTD_SWITCHES="A1 C2"             only those switches
#   TTD_SEEDS=d                      start from the seeds of design D only
#                                    (no msi_design in their platform): the
#                                    fuzzer must flip the header's design
#                                    bits itself (docs/fuzzing.md)
set -u
BIN=${FUZZ_BIN:-build/fuzz/lf}
T2H=${T2H:-build/gcc/t2h}
MAX=${TTD_MAX:-60}
RUNS=${TTD_RUNS:-3}
target=${TTD_TARGET:-msi}
seeds=${TTD_SEEDS:-all}
case $seeds in all|d) ;; *) echo "ttd-designs: TTD_SEEDS '$seeds': all or d" >&2; exit 2 ;; esac
work=${TTD_OUT:-build/fuzz/ttd-designs}
def=include/t2/designs2013.def  # each switch's design letter (below)
switches=${TTD_SWITCHES:-$(sh ci/switch-names.sh --designs)}
[ -x "$BIN/fuzz_$target" ] || { echo "ttd-designs: $BIN/fuzz_$target missing (make fuzz-build)" >&2; exit 2; }
rm -rf "$work"
mkdir -p "$work/seeds"
# the seed set: every seed, or those of design D (version 4 headers name the
# design in byte 0, bits 4..5: 0 is D; older headers carry none)
for f in build/fuzz/seeds/"$target"/*; do
	[ -f "$f" ] || continue
	if [ "$seeds" = d ]; then
		b0=$(od -An -tu1 -N1 "$f" | tr -d ' ')
		[ $((b0 & 0x80)) = 0 ] && { [ $((b0 & 0x7f)) -le 3 ] || [ $((b0 >> 4 & 3)) = 0 ]; } ||
			continue
	fi
	cp "$f" "$work/seeds/"
done
printf '# %s, %s runs of fuzz_%s from %s seeds (%s), cap %s s, load %s\n' \
	"$(date -u '+%F %H:%M UTC')" "$RUNS" "$target" "$(ls "$work/seeds" | wc -l)" \
	"$([ "$seeds" = d ] && echo "design D only" || echo "all designs")" "$MAX" \
	"$(cut -d' ' -f1 /proc/loadavg)"
printf '%-6s %-6s %7s %-24s %5s %s\n' switch design median runs found signature
medians=""
nsw=0
for s in $switches; do
	design=$(sed -n "s/^T2_DSWITCH([[:space:]]*$s[[:space:]]*,[^,]*,[[:space:]]*\([A-Za-z]\)[[:space:]]*,.*/\1/p" "$def")
	times="" found=0 best="" bestsig="-"
	r=1
	while [ "$r" -le "$RUNS" ]; do
		corp="$work/$s-$r"
		mkdir -p "$corp"
		cp "$work"/seeds/* "$corp"/ 2>/dev/null
		start=$(date +%s.%N)
		env -u T2_PERSONALITY T2_DEFECTS="$s" T2_FINDINGS_DIR= "$BIN/fuzz_$target" \
			-seed="$r" -max_total_time="$MAX" -max_len=512 \
			-dict="fuzzers/fuzz_$target.dict" -artifact_prefix="$corp/" "$corp" \
			> "$work/$s-$r.log" 2>&1
		end=$(date +%s.%N)
		sig=$(sed -n 's/^==t2h-finding== //p' "$work/$s-$r.log" | head -n 1 | tr ' ' '_')
		# a finding the spec personality gives too is no detection of the
		# switch (a false alarm: say it, count the run as not found)
		art=$(ls "$corp"/crash-* 2>/dev/null | head -n 1)
		if [ -n "$sig" ] && [ -n "$art" ] &&
		   ! env -u T2_PERSONALITY T2_DEFECTS= "$T2H" replay "$art" > /dev/null 2>&1; then
			echo "# $s run $r: false alarm, also on spec: $sig ($art)"
			sig=""
		fi
		if [ -n "$sig" ]; then
			t=$(awk "BEGIN { printf \"%.1f\", $end - $start }")
			found=$((found + 1))
			if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then
				best=$t bestsig=$sig
			fi
		else
			t=inf
		fi
		times="$times $t"
		r=$((r + 1))
	done
	# the median, "inf" sorting last
	med=$(echo $times | tr ' ' '\n' | sed 's/^inf$/999999/' | sort -g |
		sed -n "$(( (RUNS + 1) / 2 ))p" | sed 's/^999999$/inf/')
	printf '%-6s %-6s %7s %-24s %2d/%-2d %s\n' "$s" "$design" "$med" \
		"[$(echo $times | tr ' ' ',')]" "$found" "$RUNS" "$bestsig"
	medians="$medians $med"
	nsw=$((nsw + 1))
done
[ "$nsw" -gt 0 ] || { echo "no designs2013 switch in $def"; exit 0; }
all=$(echo $medians | tr ' ' '\n' | sed 's/^inf$/999999/' | sort -g |
	sed -n "$(( (nsw + 1) / 2 ))p" | sed 's/^999999$/inf/')
echo "median over the $nsw switches: $all s (cap $MAX s; inf: not found in most runs)"
