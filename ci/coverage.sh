#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# coverage.sh - `make coverage`: llvm-cov source coverage of the simulator
# core under what the repository itself runs (the conformance suite, the
# kernel-stub unit tests and every corpus/ program through each fuzz target's
# replay main), plus the per-rule view (ci/nightly-lib/rules.pl).
#   ci/coverage.sh [-o DIR]        default build/coverage
# Writes DIR/html/index.html (kernel-stub/core), DIR/core-report.txt,
# DIR/rules.md and DIR/rules.json.  Spec personality; figures only, never a
# verdict (a failing test here is the job of make check).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build/coverage
[ "${1:-}" = -o ] && { out=${2:?}; shift 2; }
[ $# -eq 0 ] || { echo "usage: $0 [-o DIR]" >&2; exit 2; }
jobs=$(nproc 2>/dev/null || echo 2)
ci/install-deps.sh base clang llvm >&2
mkdir -p "$out"
out=$(cd "$out" && pwd)
b=$top/build/cov
prof="-fprofile-instr-generate -fcoverage-mapping"

make_var() {
	make -s --no-print-directory -f Makefile -f <(printf 'print-%%:\n\t@echo $($*)\n') "print-$1"
}
targets=$(make_var FUZZ_TARGETS)
core_tests=$(make_var CORE_TEST_SRCS | tr ' ' '\n' | sed -n 's|\.c$||p')

echo "coverage: building with $prof into $b"
make -s -j"$jobs" FLAVOR=clang B="$b" SANFLAGS="$prof" OPTFLAGS="-O1 -g" \
	"$b/conformance/t2conf" "$b/t2h" $(for t in $core_tests; do echo "$b/$t"; done) \
	$(for t in $targets; do echo "$b/fuzzers/fuzz_$t"; done)

raw=$out/profraw
rm -rf "$raw" && mkdir -p "$raw"
export LLVM_PROFILE_FILE="$raw/%p-%m.profraw"
unset T2_DEFECTS
export T2_PERSONALITY=spec
echo "coverage: conformance suite"
"$b/conformance/t2conf" > "$out/t2conf.tap" 2>&1 || echo "coverage: t2conf reported failures (see $out/t2conf.tap)"
echo "coverage: kernel-stub unit tests"
for t in $core_tests; do "$b/$t" > /dev/null 2>&1 || echo "coverage: $t failed"; done
echo "coverage: corpus through the replay mains"
for t in $targets; do
	dirs=()
	for d in corpus/*/; do dirs+=("$d"); done
	# a finding must not stop the replay; a target refuses the programs of
	# other profiles, so its exit status says nothing here
	T2_FUZZ_CONTINUE=1 T2_FINDINGS_DIR=$raw/findings "$b/fuzzers/fuzz_$t" "${dirs[@]}" >/dev/null 2>&1 || true
done

objs=(-object "$b/t2h")
for t in $core_tests; do objs+=(-object "$b/$t"); done
for t in $targets; do objs+=(-object "$b/fuzzers/fuzz_$t"); done
llvm-profdata merge -sparse "$raw"/*.profraw -o "$out/all.profdata"
rm -rf "$out/html"
llvm-cov show "$b/conformance/t2conf" "${objs[@]}" -instr-profile="$out/all.profdata" \
	-format=html -show-line-counts-or-regions -output-dir="$out/html" \
	-project-title="t2harness simulator core (conformance + corpus)" "$top/kernel-stub/core" \
	2> "$out/llvm-cov.log"
llvm-cov report "$b/conformance/t2conf" "${objs[@]}" -instr-profile="$out/all.profdata" \
	"$top/kernel-stub/core" > "$out/core-report.txt" 2>> "$out/llvm-cov.log"
llvm-cov export "$b/conformance/t2conf" "${objs[@]}" -instr-profile="$out/all.profdata" \
	-format=lcov > "$out/all.lcov" 2>> "$out/llvm-cov.log"
find corpus -name '*.t2p' -print0 | xargs -0 -r -n 200 "$b/t2h" replay -v > "$out/rule-trace" 2>/dev/null || true
perl ci/nightly-lib/rules.pl -s docs/spec.md -t "$out/rule-trace" -l "$out/all.lcov" -r "$top" \
	-o "$out/rules.json" -m "$out/rules.md"
rm -rf "$raw"
tail -n 1 "$out/core-report.txt" | awk '{ printf "coverage: kernel-stub/core TOTAL: regions %s, functions %s, lines %s, branches %s\n", $4, $7, $10, $13 }'
sed -n 3p "$out/rules.md" | cut -d: -f1
echo "coverage: $out/html/index.html, $out/core-report.txt, $out/rules.md"
