#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# oss-fuzz-test.sh - `make oss-fuzz-test`: runs ci/oss-fuzz-build.sh the way
# OSS-Fuzz and ClusterFuzzLite do, in an environment holding only their
# variables, once per engine:
#   libfuzzer  CC=clang, CFLAGS with -fsanitize=address,fuzzer-no-link,
#              LIB_FUZZING_ENGINE=-fsanitize=fuzzer
#   afl        CC=afl-clang-fast, CFLAGS with -fsanitize=address,
#              LIB_FUZZING_ENGINE=AFL++'s driver (libAFLDriver.a)
# then checks what each target left in $OUT (binary, _seed_corpus.zip, .dict,
# .options), replays every seed (spec personality: each must run clean) and
# fuzzes a few seconds (libFuzzer, or afl-fuzz -V).  A finding of the harness
# during that short run is noted, not failed (the fuzz-smoke stage of the gate
# judges those); a sanitizer crash or an engine that does not start fails.
#   ci/oss-fuzz-test.sh [libfuzzer] [afl]      TAP output
# Output under build/oss-fuzz/<engine>/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
engines=${*:-libfuzzer afl}
secs=${OSS_FUZZ_TEST_SECONDS:-5}

common="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
common="$common -fsanitize=address -fsanitize-address-use-after-scope"
n=0 fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
check() { # check DESCRIPTION COMMAND...
	local d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}

afl_driver() {
	local d
	for d in /usr/lib/afl /usr/local/lib/afl /usr/lib/x86_64-linux-gnu/afl; do
		[ -f "$d/libAFLDriver.a" ] && { echo "$d/libAFLDriver.a"; return; }
	done
	return 1
}

echo "TAP version 13"
for engine in $engines; do
	base=$top/build/oss-fuzz/$engine
	rm -rf "$base"
	mkdir -p "$base/out" "$base/work"
	case $engine in
	libfuzzer)
		ci/install-deps.sh base clang >&2
		vars=(CC=clang CXX=clang++ "CFLAGS=$common -fsanitize=fuzzer-no-link"
		      "CXXFLAGS=$common -fsanitize=fuzzer-no-link" LIB_FUZZING_ENGINE=-fsanitize=fuzzer) ;;
	afl)
		ci/install-deps.sh base clang afl >&2
		drv=$(afl_driver) || { notok "afl: no libAFLDriver.a (ci/install-deps.sh afl)"; continue; }
		vars=(CC=afl-clang-fast CXX=afl-clang-fast++ "CFLAGS=$common" "CXXFLAGS=$common"
		      "LIB_FUZZING_ENGINE=$drv") ;;
	*) echo "oss-fuzz-test.sh: unknown engine '$engine' (libfuzzer, afl)" >&2; exit 2 ;;
	esac
	# Only what OSS-Fuzz's build environment gives a build script.
	t0=$SECONDS
	if env -i PATH="$PATH" HOME="${HOME:-/root}" "${vars[@]}" OUT="$base/out" WORK="$base/work" \
		SRC="$top/.." ci/oss-fuzz-build.sh > "$base/build.log" 2>&1; then
		ok "$engine: ci/oss-fuzz-build.sh with ${vars[*]} ($((SECONDS - t0)) s)"
	else
		notok "$engine: ci/oss-fuzz-build.sh failed (see $base/build.log)"
		tail -n 20 "$base/build.log" | sed 's/^/# /'
		continue
	fi
	out=$base/out
	for bin in "$out"/fuzz_*; do
		case $bin in *.*) continue ;; esac
		t=$(basename "$bin")
		check "$engine: $t is an executable" test -x "$bin"
		check "$engine: ${t}_seed_corpus.zip holds seeds" \
			sh -c "unzip -tq '$out/${t}_seed_corpus.zip' >/dev/null && [ \$(unzip -Z1 '$out/${t}_seed_corpus.zip' | wc -l) -gt 0 ]"
		check "$engine: $t.dict" test -s "$out/$t.dict"
		check "$engine: $t.options has a [libfuzzer] section" grep -qx '\[libfuzzer\]' "$out/$t.options"
		seeds=$base/run/$t/seeds
		rm -rf "$base/run/$t"
		mkdir -p "$seeds" "$base/run/$t/corpus" "$base/run/$t/findings"
		unzip -q -o "$out/${t}_seed_corpus.zip" -d "$seeds"
		nseeds=$(ls "$seeds" | wc -l)
		log=$base/run/$t/log
		# every seed, on spec: a finding or a crash fails
		if [ "$engine" = libfuzzer ]; then
			replay=("$bin" -runs=0 "$seeds")
		else
			replay=("$bin" "$seeds"/*)
		fi
		if env -u T2_DEFECTS T2_PERSONALITY=spec "${replay[@]}" > "$log.replay" 2>&1; then
			ok "$engine: $t replays its $nseeds seeds"
		else
			notok "$engine: $t replaying its seeds (see $log.replay)"
			grep -E '==t2h-finding==|SUMMARY|ERROR' "$log.replay" | head -n 3 | sed 's/^/# /'
		fi
		# a few seconds of fuzzing; harness findings are kept aside, not fatal
		rc=0
		if [ "$engine" = libfuzzer ]; then
			env -u T2_DEFECTS T2_PERSONALITY=spec T2_FUZZ_CONTINUE=1 \
				T2_FINDINGS_DIR="$base/run/$t/findings" \
				"$bin" -max_total_time="$secs" -dict="$out/$t.dict" \
				-artifact_prefix="$base/run/$t/" "$base/run/$t/corpus" "$seeds" > "$log" 2>&1 || rc=$?
			execs=$(sed -n 's/^#\([0-9]*\).*DONE.*/\1/p' "$log" | tail -n1)
		else
			env -u T2_DEFECTS T2_PERSONALITY=spec T2_FUZZ_CONTINUE=1 \
				T2_FINDINGS_DIR="$base/run/$t/findings" AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 \
				AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_TRY_AFFINITY=1 AFL_FAST_CAL=1 \
				AFL_NO_CRASH_README=1 AFL_IGNORE_UNKNOWN_ENVS=1 \
				timeout -k 5 $((secs + 60)) afl-fuzz -i "$seeds" -o "$base/run/$t/afl" \
				-x "$out/$t.dict" -V "$secs" -- "$bin" > "$log" 2>&1 || rc=$?
			execs=$(sed -n 's/^execs_done *: *//p' "$base/run/$t/afl/default/fuzzer_stats" 2>/dev/null)
			ncrash=$(ls "$base/run/$t/afl/default/crashes" 2>/dev/null | grep -c '^id:' || true)
			[ "${ncrash:-0}" = 0 ] || rc=1
		fi
		if [ "$rc" = 0 ] && [ "${execs:-0}" -gt 0 ]; then
			ok "$engine: $t fuzzed $secs s: $execs execs"
		else
			notok "$engine: $t fuzzing (exit $rc, ${execs:-0} execs; see $log)"
			grep -E 'SUMMARY|ERROR|PROGRAM ABORT' "$log" | head -n 3 | sed 's/^/# /'
		fi
		nf=$(ls "$base/run/$t/findings" 2>/dev/null | grep -c '\.bin$' || true)
		[ "${nf:-0}" = 0 ] ||
			echo "# note: $t: $nf harness finding(s) on spec during the smoke run: $base/run/$t/findings"
	done
done
echo "1..$n"
echo "$((n - fails)) passed, $fails failed"
[ "$fails" = 0 ]
