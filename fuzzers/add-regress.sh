#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# add-regress.sh LABEL FILE NAME - adds a program that found something to
# corpus/regress/: minimizes FILE under LABEL (a switch set such as B7, or
# sdk2013) keeping its finding signature, then records its verdict under
# spec, sdk2013 and every single switch as "#@ expect LABEL VERDICT" lines,
# which `make check-corpus` replays.  Races (B8) are recorded as
# "maybe": they need not reproduce on every run.
set -eu
T2H=${T2H:-build/gcc/t2h}
label=$1
in=$2
name=$3
out=corpus/regress/$name.t2p
tmp=$(mktemp)
if [ "$label" = sdk2013 ]; then sel="--personality sdk2013"; else sel="--defects $label"; fi
# shellcheck disable=SC2086
$T2H $sel min "$in" -o "$tmp"
{
	echo "# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause"
	echo "# Copyright (c) 2026 The t2harness authors"
	echo "# Regression program: found with $label (corpus/regress, see docs/fuzzing.md)."
	grep '^#' "$tmp" | grep -v '^#@'
	for l in spec sdk2013 $(sed -n 's/^T2_SWITCH(\([A-Z0-9]*\),.*/\1/p' include/t2/switches.def); do
		if [ "$l" = spec ]; then s="--defects="; elif [ "$l" = sdk2013 ]; then
			s="--personality sdk2013"; else s="--defects $l"; fi
		# shellcheck disable=SC2086
		v=$($T2H $s replay "$tmp" | sed -n '1s/^[^:]*: //p')
		case "$v" in
		pass*) v=pass ;;
		FINDING*) v=$(echo "$v" | cut -d' ' -f2) ;;
		*) v=error ;;
		esac
		[ "$l" = B8 ] && [ "$v" != pass ] && v=maybe
		echo "#@ expect $l $v"
	done
	grep -v '^#' "$tmp"
} > "$out"
rm -f "$tmp"
echo "$out"
