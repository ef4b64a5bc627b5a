#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# run-fuzz.sh - what `make fuzz` runs: each target in turn under libFuzzer
# (build/fuzz/lf: ASan+UBSan) against the embedded simulator, from the seeds
# plus the corpus kept from earlier runs, for FUZZ_SECONDS split evenly.  A
# progress line per target, then a summary table: target, execs, exec/s,
# coverage, corpus size, finding (signature) and the path of the input that
# reproduces it (with its text form beside it, .t2p), and the surface
# target's exec/s without sanitizers.  Exit 1 on a finding.
#
#   FUZZ_SECONDS   total time (default 600)
#   FUZZ_BIN       directory of the fuzzer binaries (default build/fuzz/lf)
#   FUZZ_OUT       working directory (default build/fuzz/run)
#   FUZZ_THROUGHPUT_SECONDS  then run the surface target without sanitizers
#                  (build/fuzz/lfn) that long and print its exec/s (default
#                  10; 0 skips it)
#   T2_PERSONALITY, T2_DEFECTS, T2_PLATFORM   passed to the targets (PERS-2)
#   T2_BACKEND=dev T2_ROOT=DIR   fuzz that device instead (docs/devices.md);
#                  the summary adds each target's peak RSS and the limit,
#                  skip and error counts the targets print
set -u
T2H=${T2H:-build/gcc/t2h}
BIN=${FUZZ_BIN:-build/fuzz/lf}
OUT=${FUZZ_OUT:-build/fuzz/run}
SECONDS_TOTAL=${FUZZ_SECONDS:-600}
targets=${*:-surface geometry msi parsers}
n=0
for t in $targets; do n=$((n + 1)); done
per=$((SECONDS_TOTAL / n))
[ "$per" -ge 1 ] || per=1
label=${T2_PERSONALITY:-spec}
[ "${T2_DEFECTS+set}" = set ] && label="defects=${T2_DEFECTS:-none}"
mkdir -p "$OUT"
summary="$OUT/summary.txt"
printf '%-9s %10s %8s %6s %7s  %s\n' target execs exec/s cov corpus finding > "$summary"
found=0
what="the embedded simulator ($label)"
[ "${T2_BACKEND:-stub}" = dev ] && what="the device at ${T2_ROOT:-/dev/vfio}"
echo "fuzzing $what: $targets, ${per}s each"
for t in $targets; do
	corp="$OUT/corpus/$t"
	art="$OUT/findings/$t"
	log="$OUT/$t.log"
	mkdir -p "$corp" "$art"
	[ -d "build/fuzz/seeds/$t" ] && cp -n build/fuzz/seeds/"$t"/* "$corp"/ 2>/dev/null
	opts="-max_total_time=$per -print_final_stats=1 -artifact_prefix=$art/"
	[ -f "fuzzers/fuzz_$t.dict" ] && opts="$opts -dict=fuzzers/fuzz_$t.dict"
	maxlen=$(sed -n 's/^max_len *= *//p' "fuzzers/fuzz_$t.options" 2>/dev/null)
	[ -n "$maxlen" ] && opts="$opts -max_len=$maxlen"
	# shellcheck disable=SC2086
	"$BIN/fuzz_$t" $opts "$corp" > "$log" 2>&1 &
	pid=$!
	start=$(date +%s)
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		now=$(($(date +%s) - start))
		last=$(grep -a '^#[0-9]' "$log" | tail -n 1 | cut -c1-90)
		printf '\r[%s %3ds/%ds] %-90s' "$t" "$now" "$per" "$last"
	done
	wait "$pid"
	rc=$?
	printf '\r%*s\r' 120 ''
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	size=$(ls "$corp" | wc -l)
	sig=$(sed -n 's/^==t2h-finding== //p' "$log" | head -n 1)
	repro=$(sed -n 's/.*Test unit written to //p' "$log" | head -n 1)
	if [ "$rc" -ne 0 ] || [ -n "$repro" ]; then
		found=1
		[ -n "$sig" ] || sig="crash: $(grep -a 'SUMMARY:' "$log" | head -n 1 | cut -c1-60)"
		if [ -n "$repro" ] && [ "$t" != parsers ]; then
			"$T2H" show "$repro" > "$repro.t2p" 2>/dev/null
		fi
		finding="$sig  $repro"
	else
		finding="-"
	fi
	printf '%-9s %10s %8s %6s %7s  %s\n' "$t" "${execs:-?}" "${eps:-?}" "${cov:-?}" \
		"$size" "$finding" >> "$summary"
	rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
	verdicts=$(sed -n 's/^==t2h-verdicts== //p' "$log" | tail -n 1)
	leftovers=$(grep -c '^==t2h-harness-error==' "$log")
	printf '  %s: peak RSS %s MB%s%s\n' "$t" "${rss:-?}" "${verdicts:+; $verdicts}" \
		"$( [ "$leftovers" -gt 0 ] && echo "; $leftovers harness errors (leftovers)")" \
		>> "$summary"
	echo "$t: done (log $log)"
done
# The issue's second figure: the whole-surface target without sanitizers
# (build/fuzz/lfn), FUZZ_THROUGHPUT_SECONDS on a copy of its corpus, on the
# spec personality (a defect would stop it at its first finding).
tsec=${FUZZ_THROUGHPUT_SECONDS:-10}
lfn=${FUZZ_LFN_BIN:-build/fuzz/lfn}/fuzz_surface
if [ "$tsec" -gt 0 ] && [ -x "$lfn" ] && [ -d "$OUT/corpus/surface" ]; then
	tcorp="$OUT/throughput-corpus"
	rm -rf "$tcorp"
	mkdir -p "$tcorp"
	cp "$OUT"/corpus/surface/* "$tcorp"/ 2>/dev/null
	env -u T2_DEFECTS T2_PERSONALITY=spec T2_FINDINGS_DIR= "$lfn" \
		-max_total_time="$tsec" -max_len=512 -print_final_stats=1 \
		-dict=fuzzers/fuzz_surface.dict "$tcorp" > "$OUT/throughput.log" 2>&1
	teps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$OUT/throughput.log" | tail -n 1)
	rm -rf "$tcorp"
	printf 'surface without sanitizers (libFuzzer, %ss on its corpus): %s exec/s\n' \
		"$tsec" "${teps:-?}" >> "$summary"
fi
echo
cat "$summary"
if [ "$found" -ne 0 ]; then
	echo "FINDINGS: replay with '$T2H replay FILE', shrink with '$T2H min FILE'"
	exit 1
fi
exit 0
