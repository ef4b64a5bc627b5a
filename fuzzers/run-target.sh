#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# run-target.sh - the one reader of a fuzz target's own options: every
# script that starts a target (make fuzz, ttd, the gate's fuzz-smoke, bench,
# nightly, fuzz-kernel's guest, the lock mutants) takes them from here.
# They are fuzzers/fuzz_T.options ([libfuzzer] key = value lines, OSS-Fuzz's
# format, a dict named relative to fuzzers/), plus fuzzers/fuzz_T.dict when
# the options name no dict and the file has an entry.
#   fuzzers/run-target.sh T COMMAND [ARG...]
#       runs COMMAND ARG... followed by T's libFuzzer flags (libFuzzer takes
#       flags after its corpus folders too, and the last of a flag given
#       twice: the target's own options hold); COMMAND may be a loader
#       that runs the binary
#   fuzzers/run-target.sh --flags T        those flags, one a line
#   fuzzers/run-target.sh --afl-flags T    AFL++'s: -x DICT, one word a line
# POSIX sh and busybox: it runs in the fuzz-kernel guest too.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)

usage() {
	echo "usage: run-target.sh T COMMAND [ARG...] | --flags T | --afl-flags T" >&2
	exit 2
}

# has_entries FILE: a dictionary with at least one entry
has_entries() {
	grep -q '^[[:space:]]*[^#[:space:]]' "$1" 2>/dev/null
}

# lf_flags T: the libFuzzer flags of target T, one a line
lf_flags() {
	opts=$dir/fuzz_$1.options
	named_dict=
	if [ -f "$opts" ]; then
		awk -v dir="$dir" '
			/^[ \t]*(#|$)/ { next }
			/^[ \t]*\[/ { sec = $0; gsub(/[][ \t]/, "", sec); next }
			sec == "libfuzzer" && /=/ {
				k = $0; sub(/[ \t]*=.*/, "", k); sub(/^[ \t]*/, "", k)
				v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t]*$/, "", v)
				if (k == "dict") v = dir "/" v
				print "-" k "=" v
			}' "$opts"
		named_dict=$(sed -n 's/^[[:space:]]*dict[[:space:]]*=.*/yes/p' "$opts")
	fi
	if [ -z "$named_dict" ] && has_entries "$dir/fuzz_$1.dict"; then
		echo "-dict=$dir/fuzz_$1.dict"
	fi
}

valid_target() {
	case $1 in
	''|*[!A-Za-z0-9_]*) echo "run-target.sh: bad target name '$1'" >&2; exit 2 ;;
	esac
	[ -f "$dir/fuzz_$1.c" ] || [ -f "$dir/fuzz_$1.options" ] ||
		{ echo "run-target.sh: no fuzz target '$1' in $dir" >&2; exit 2; }
}

case ${1:-} in
--flags)
	[ $# -eq 2 ] || usage
	valid_target "$2"
	lf_flags "$2" ;;
--afl-flags)
	[ $# -eq 2 ] || usage
	valid_target "$2"
	if has_entries "$dir/fuzz_$2.dict"; then
		echo -x
		echo "$dir/fuzz_$2.dict"
	fi ;;
''|-*) usage ;;
*)
	[ $# -ge 2 ] || usage
	t=$1
	shift
	valid_target "$t"
	flags=$(lf_flags "$t")
	# the flags hold no blank (paths under this folder, numbers)
	# shellcheck disable=SC2086
	exec "$@" $flags ;;
esac
