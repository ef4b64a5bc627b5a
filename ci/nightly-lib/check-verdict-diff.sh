#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-verdict-diff.sh - make check-nightly-kernel: the stub-vs-kernel
# comparison of ci/nightly --kernel-replay (verdict-diff.pl) on canned
# verdicts (testdata/: a stub.tsv, a guest KTAP with a same verdict, a
# different one, a crash, a skip on one side, on both, a limit on one side and an item without verdict), no VM; and
# its errors on bad input.
set -eu
d=$(dirname "$0")
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
perl "$d/verdict-diff.pl" "$d/testdata/stub.tsv" "$d/testdata/kernel-tap.log" > "$t/got"
if ! diff -u "$d/testdata/expected.tsv" "$t/got"; then
	echo "check-verdict-diff: FAIL: verdicts differ from testdata/expected.tsv" >&2
	exit 1
fi
# bad input: a clear message naming the file and line, non-zero exit
printf 'no-tab-here\n' > "$t/bad.tsv"
if perl "$d/verdict-diff.pl" "$t/bad.tsv" "$d/testdata/kernel-tap.log" > /dev/null 2> "$t/err"; then
	echo "check-verdict-diff: FAIL: a stub list without a verdict was accepted" >&2
	exit 1
fi
grep -q "bad.tsv:1: not NAME<TAB>VERDICT" "$t/err" || { cat "$t/err"; echo "check-verdict-diff: FAIL: message" >&2; exit 1; }
head -n 2 "$d/testdata/stub.tsv" > "$t/short.tsv"
if perl "$d/verdict-diff.pl" "$t/short.tsv" "$d/testdata/kernel-tap.log" > /dev/null 2> "$t/err"; then
	echo "check-verdict-diff: FAIL: a KTAP with more items than programs was accepted" >&2
	exit 1
fi
grep -q "kernel-tap.log:[0-9]*: item 3 beyond the 2 of" "$t/err" || { cat "$t/err"; echo "check-verdict-diff: FAIL: message" >&2; exit 1; }
echo "check-verdict-diff: ok ($(wc -l < "$t/got") items: same, differs, crash, skipped, limited, no verdict)"
