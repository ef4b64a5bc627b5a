#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-corpus.sh [T2H] - `make check-corpus`: every seed of corpus/surface,
# geometry and msi must pass on the spec personality, and every program of
# corpus/regress must give, under each personality or switch set it names in
# an "#@ expect LABEL VERDICT" line, that verdict (t2h replay --check).
# T2_RUN, if set, runs T2H (qemu-user for a cross build: make check-cross).
# TAP output; the last line is the plain "N passed, N failed" summary.
T2H=${1:-build/gcc/t2h}
pass=0
fail=0
n=0
run() {
	# $1: label, $2: file; the rest: selection options for t2h
	label=$1
	file=$2
	shift 2
	n=$((n + 1))
	# shellcheck disable=SC2086 # T2_RUN: a runner and its words (qemu-user)
	if out=$($T2_RUN "$T2H" "$@" replay --check "$file" 2>&1); then
		pass=$((pass + 1))
		echo "ok $n - $file [$label]"
	else
		fail=$((fail + 1))
		echo "not ok $n - $file [$label]"
		echo "$out" | sed 's/^/# /'
	fi
}
echo "TAP version 13"
for f in corpus/surface/*.t2p corpus/geometry/*.t2p corpus/msi/*.t2p; do
	run spec "$f" --defects=
done
for f in corpus/regress/*.t2p; do
	for label in $(sed -n 's/^#@ expect \([A-Za-z0-9,]*\) .*/\1/p' "$f"); do
		case $label in
		spec) run spec "$f" --defects= ;;
		sdk2013) run sdk2013 "$f" --personality sdk2013 ;;
		*) run "$label" "$f" --defects "$label" ;;
		esac
	done
done
echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
