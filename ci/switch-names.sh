#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# switch-names.sh [--matrix|--designs] - the sdk2013 switch names, one line,
# from the one table include/t2/switches.def (spec PERS-1..3): every switch,
# or with --matrix only the defect matrix (B1..Bn, matrix = 1); with
# --designs the designs2013 switches of include/t2/designs2013.def instead
# (spec PERS-9).  Scripts take their switch lists from here instead of
# keeping their own.
set -eu
def="$(dirname "$0")/../include/t2/switches.def"
want='[01]'
case ${1:-} in
--matrix) want=1 ;;
--designs)
	def="$(dirname "$0")/../include/t2/designs2013.def"
	names=$(sed -n 's/^T2_DSWITCH([[:space:]]*\([A-Za-z0-9]*\)[[:space:]]*,.*/\1/p' "$def")
	[ -n "$names" ] || { echo "switch-names.sh: $def: no T2_DSWITCH lines" >&2; exit 1; }
	echo $names
	exit 0 ;;
'') ;;
*) echo "switch-names.sh: unknown option '$1' (known: --matrix, --designs)" >&2; exit 2 ;;
esac
names=$(sed -n "s/^T2_SWITCH([[:space:]]*\([A-Za-z0-9]*\)[[:space:]]*,[[:space:]]*[0-9]*[[:space:]]*,[[:space:]]*$want[[:space:]]*,.*/\1/p" "$def")
[ -n "$names" ] || { echo "switch-names.sh: $def: no T2_SWITCH lines" >&2; exit 1; }
echo $names
