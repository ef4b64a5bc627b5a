#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# run-fuzz.sh - what `make fuzz` runs: each target in turn under libFuzzer
# (build/fuzz/lf: ASan+UBSan) against the embedded simulator, from the seeds
# plus the corpus kept from earlier runs, for FUZZ_SECONDS split evenly.  A
# progress line per target, then a summary table: target, execs, exec/s,
# coverage, corpus size, finding (signature) and the path of the input that
# reproduces it, and the surface target's exec/s without sanitizers.  A
# finding's row shows the figures up to the finding (marked *); the last
# lines print the exact command that reproduces each finding: its saved text
# form (findings/T/SIG.txt) records the personality, switches, platform,
# backend, core variant and observation level it was found under, and
# `t2h replay` runs it under them.  Progress: a line redrawn in place on a
# terminal; one whole line every FUZZ_PROGRESS_SECONDS (default 30) into a
# log.  Exit 1 on a finding, 2 on bad input (`make fuzz` exits 2 for either:
# make reports every failed recipe so; the summary says which).
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
progress=${FUZZ_PROGRESS_SECONDS:-30}
case $progress in ''|*[!0-9]*) echo "run-fuzz.sh: FUZZ_PROGRESS_SECONDS '$progress' is not a number" >&2; exit 2 ;; esac
# The configuration as variables, for a command that has no file to record it.
env_prefix() {
	for v in T2_BACKEND T2_ROOT T2_PLATFORM T2_PERSONALITY T2_DEFECTS T2_CORE T2_OBSERVE; do
		eval "[ -n \"\${$v+set}\" ] && printf '%s=%s ' $v \"\$$v\""
	done
}
mkdir -p "$OUT"
summary="$OUT/summary.txt"
: > "$OUT/reproduce.txt"
printf '%-9s %10s %8s %6s %7s  %s\n' target execs exec/s cov corpus finding > "$summary"
found=0
what="the embedded simulator ($label)"
[ "${T2_BACKEND:-stub}" = dev ] && what="the device at ${T2_ROOT:-/dev/vfio}"
echo "fuzzing $what: $targets, ${per}s each"
for t in $targets; do
	corp="$OUT/corpus/$t"
	art="$OUT/findings/$t"
	log="$OUT/$t.log"
	rm -rf "$art"
	mkdir -p "$corp" "$art"
	[ -d "build/fuzz/seeds/$t" ] && cp -n build/fuzz/seeds/"$t"/* "$corp"/ 2>/dev/null
	# each new finding: SIG.bin and SIG.txt (text form, its found-with
	# line: `t2h replay SIG.txt` reproduces it under this configuration)
	T2_FINDINGS_DIR=$art fuzzers/run-target.sh "$t" "$BIN/fuzz_$t" -max_total_time="$per" \
		-print_final_stats=1 -artifact_prefix="$art/" "$corp" > "$log" 2>&1 &
	pid=$!
	start=$(date +%s)
	lastp=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		now=$(($(date +%s) - start))
		last=$(grep -a '^#[0-9]' "$log" | tail -n 1 | cut -c1-90)
		if [ -t 1 ]; then
			printf '\r[%s %3ds/%ds] %-90s' "$t" "$now" "$per" "$last"
		elif [ $((now - lastp)) -ge "$progress" ]; then
			# a log, not a terminal: one whole line every FUZZ_PROGRESS_SECONDS
			printf '[%s %3ds/%ds] %s\n' "$t" "$now" "$per" "$last"
			lastp=$now
		fi
	done
	wait "$pid"
	rc=$?
	[ -t 1 ] && printf '\r%*s\r' 120 ''
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	# a finding stops libFuzzer before its final stats: the figures up to
	# the finding come from its last status line (#N ... exec/s: E)
	if [ -z "$execs" ]; then
		execs=$(grep -a '^#[0-9]' "$log" | tail -n 1 | sed 's/^#\([0-9]*\).*/\1/')
		eps=$(grep -a '^#[0-9].*exec/s: [0-9]' "$log" | tail -n 1 | sed 's/.*exec\/s: \([0-9]*\).*/\1/')
		[ -n "$execs" ] && execs="$execs*" && eps="${eps:-?}*"
	fi
	size=$(ls "$corp" | wc -l)
	sig=$(sed -n 's/^==t2h-finding== //p' "$log" | head -n 1)
	repro=$(sed -n 's/.*Test unit written to //p' "$log" | head -n 1)
	if [ "$rc" -ne 0 ] || [ -n "$repro" ]; then
		found=1
		[ -n "$sig" ] || sig="crash: $(grep -a 'SUMMARY:' "$log" | head -n 1 | cut -c1-60)"
		# the saved text form records the configuration; a crash that is
		# no finding (a sanitizer report) gets one from the artifact
		saved=$(ls "$art"/*.txt 2>/dev/null | head -n 1)
		if [ -z "$saved" ] && [ -n "$repro" ] && [ "$t" != parsers ]; then
			"$T2H" show --record-config "$repro" > "$repro.t2p" 2>/dev/null && saved=$repro.t2p
		fi
		finding="$sig  ${saved:-$repro}"
		if [ -n "$saved" ]; then
			echo "$T2H replay $saved" >> "$OUT/reproduce.txt"
		elif [ -n "$repro" ]; then
			echo "$(env_prefix)$BIN/fuzz_$t $repro" >> "$OUT/reproduce.txt"
		fi
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
	# the MSI designs its corpus holds (the inputs choose one: issue #19)
	if [ "$t" != parsers ] && [ -x "$T2H" ] && [ "$size" -gt 0 ]; then
		designs=$(find "$corp" -type f -print0 | xargs -0 "$T2H" show --binary 2>/dev/null |
			sed -n 's/^platform //p' | sed -n 's/.*msi_design=\([A-Za-z]\).*/\1/p;t;s/.*/D/p' |
			tr a-z A-Z |
			sort | uniq -c | awk '{ printf " %s %s", $2, $1 }')
		printf '  %s: corpus inputs per MSI design:%s\n' "$t" "${designs:- ?}" >> "$summary"
	fi
	# the target's stats line: concurrent blocks and the ioctls seen in them
	blocks=$(sed -n 's/^blocks: //p' "$log" | tail -n 1)
	[ -z "$blocks" ] || printf '  %s: blocks: %s\n' "$t" "$blocks" >> "$summary"
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
	env -u T2_DEFECTS T2_PERSONALITY=spec T2_FINDINGS_DIR= fuzzers/run-target.sh surface \
		"$lfn" -max_total_time="$tsec" -print_final_stats=1 "$tcorp" > "$OUT/throughput.log" 2>&1
	teps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$OUT/throughput.log" | tail -n 1)
	rm -rf "$tcorp"
	printf 'surface without sanitizers (libFuzzer, %ss on its corpus): %s exec/s\n' \
		"$tsec" "${teps:-?}" >> "$summary"
fi
echo
cat "$summary"
if [ "$found" -ne 0 ]; then
	echo "(* figures up to the finding, from libFuzzer's last status line)"
	echo "FINDINGS: reproduce each with (the file records the configuration it was found under):"
	sed 's/^/  /' "$OUT/reproduce.txt"
	echo "shrink with '$T2H min FILE -o SMALL.t2p', a C reproducer with '$T2H cprog FILE -o repro.c'"
	exit 1
fi
exit 0
