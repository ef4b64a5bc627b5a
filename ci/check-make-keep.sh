#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-make-keep.sh - `make check-make-keep`: make keeps the objects it
# builds on the way to a program (.SECONDARY), so that a second `make fuzz`
# does not compile them again.  In a scratch copy of build/gcc (B=...), the
# replay main of one fuzz target is relinked from its two objects, which only
# a pattern rule names: both must still be there afterwards, and a second
# make must find nothing to do.  TAP output.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
b=build/keep-test
rm -rf "$b"
trap 'rm -rf "$b"' EXIT
echo "TAP version 13"
make -s build/gcc/libt2sim.a build/gcc/libt2harness.a > /dev/null ||
	{ echo "Bail out! cannot build the libraries"; exit 1; }
# the libraries and their objects only (timestamps kept: they are up to date)
mkdir -p "$b/harness" "$b/kernel-stub"
cp -a build/gcc/libt2sim.a build/gcc/libt2harness.a "$b"/
cp -a build/gcc/kernel-stub/core build/gcc/kernel-stub/user "$b/kernel-stub/"
cp -a build/gcc/harness/. "$b/harness/"
make -s B="$b" "$b/fuzzers/fuzz_parsers" > "$b.log" 2>&1
r=$?
[ $r -eq 0 ] && [ -f "$b/fuzzers/fuzz_parsers.o" ] && [ -f "$b/fuzzers/replay_main.o" ]
if [ $? -eq 0 ]; then echo "ok 1 - the objects of a pattern-rule program are kept"; else
	echo "not ok 1 - the objects of a pattern-rule program are kept (make exit $r)"; sed 's/^/# /' "$b.log"; fi
make -q B="$b" "$b/fuzzers/fuzz_parsers"
r=$?
if [ $r -eq 0 ]; then echo "ok 2 - a second make has nothing to do"; else
	echo "not ok 2 - a second make has nothing to do (make -q exit $r)"; fi
rm -f "$b.log"
echo "1..2"
[ -f "$b/fuzzers/fuzz_parsers.o" ] && [ $r -eq 0 ]
