#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-reference.sh - the differential report of a driver under test
# (make check-kernel MODULES=... REFERENCE=sdk2013): "which known defects
# does my driver still have".
#   ci/kernel-reference.sh PERSONALITY TAP OUT
# TAP is the run's stream (ci/kernel-items.sh: "ok K - NAME" per conformance
# test).  The same suite runs here on the stub with PERSONALITY and without
# introspection (t2conf -I: what a foreign driver offers), and per test the
# two verdicts (pass, fail, skip; a CRASH is a fail) are printed: same or
# differs.  Then, per switch of the personality, its kill-matrix fingerprint
# (the tests it fails on the stub without introspection that pass on the
# spec personality) and whether the module shows it: every test of the
# fingerprint fails on the module ("shows"), some do ("partly k/n"), none.
# The report also goes to OUT.  Exit 0 (a report, not a verdict).
set -euo pipefail
cd "$(dirname "$0")/.."
ref=$1
tap=$2
out=$3
conf=build/gcc/kernel-bins/t2conf
[ -x "$conf" ] || make -s FLAVOR=gcc kernel-bins >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

verdicts() { # TAP -> "NAME VERDICT" for the conformance tests
	awk '/^(not )?ok [0-9]+ - / {
		v = ($1 == "not") ? "fail" : "pass"; line = $0
		if (line ~ / # SKIP/) v = "skip"
		sub(/^(not )?ok [0-9]+ - /, "", line); sub(/ .*$/, "", line)
		print line, v }' "$1" | sort
}
verdicts "$tap" > "$tmp/module"
T2_PERSONALITY=$ref "$conf" -I > "$tmp/ref.tap" 2>&1 || true
verdicts "$tmp/ref.tap" > "$tmp/ref"
T2_PERSONALITY=spec "$conf" -I > "$tmp/spec.tap" 2>&1 || true
verdicts "$tmp/spec.tap" > "$tmp/spec"
# the personality's switches, as t2h reports them
switches=$(T2_PERSONALITY=$ref build/gcc/kernel-bins/t2h info 2>/dev/null |
	sed -n 's/^switches: *//p' | tr ',' ' ')
{
	echo "# reference $ref (stub, no introspection) against the module, per test:"
	join "$tmp/module" "$tmp/ref" | awk '{ printf "#   %-40s module %-4s %s %-4s %s\n", $1, $2, ref, $3, ($2 == $3 ? "same" : "DIFFERS") }' ref="$ref"
	join "$tmp/module" "$tmp/ref" | awk '{ n++; if ($2 == $3) s++ } END { printf "# %d tests: %d same, %d differ\n", n, s, n - s }'
	echo "# switches of $ref whose fingerprint (tests failing on the stub with that switch alone, no introspection, passing on spec) the module shows:"
	for d in $switches; do
		T2_DEFECTS=$d "$conf" -I > "$tmp/$d.tap" 2>&1 || true
		verdicts "$tmp/$d.tap" | join - "$tmp/spec" | awk '$2 == "fail" && $3 == "pass" { print $1 }' > "$tmp/$d.fp"
		nfp=$(wc -l < "$tmp/$d.fp")
		if [ "$nfp" = 0 ]; then
			printf '#   %-4s no fingerprint without introspection\n' "$d"
			continue
		fi
		hit=$(join "$tmp/$d.fp" "$tmp/module" | awk '$2 == "fail"' | wc -l)
		if [ "$hit" = "$nfp" ]; then st=shows; elif [ "$hit" -gt 0 ]; then st="partly $hit/$nfp"; else st="no"; fi
		printf '#   %-4s %-12s %s\n' "$d" "$st" "$(head -n 4 "$tmp/$d.fp" | tr '\n' ' ')"
	done
} | tee "$out"
