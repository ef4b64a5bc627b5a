#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# dict-designs.sh [--check] - the MSI design headers of the exec targets'
# dictionaries (fuzzers/fuzz_T.dict), from include/t2/msi_designs.def: per
# design other than D (value 0, the default) and per preset, the encoded
# header (version 5 with the design in bits 4..5 of byte 0, the target's
# profile, the preset's selector; harness/prog_bin.c) between two marker
# lines, so that libFuzzer splices a header of each design (issue #19).
# Rewrites the block in place; --check only says whether it is current
# (exit 1 if not).
set -eu
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = --check ] && check=1
begin='# -- MSI design headers (fuzzers/dict-designs.sh) --'
end='# -- end of MSI design headers --'
rc=0
for t in surface:0 geometry:1 msi:2; do
	name=${t%%:*}
	profile=${t#*:}
	dict=fuzzers/fuzz_$name.dict
	block=$(sed -n 's/^T2_MSI_DESIGN([[:space:]]*\([A-Za-z]\)[[:space:]]*,[[:space:]]*\([0-9]*\).*/\1 \2/p' \
		include/t2/msi_designs.def | while read -r x v; do
		[ "$v" = 0 ] && continue
		for p in p4080:0 t4240:1; do
			printf '# header: %s,msi_design=%s\n' "${p%%:*}" "$x"
			printf 'hdr_%s_design_%s="\\x%02x\\x%02x\\x%02x"\n' "${p%%:*}" "$x" \
				$((5 | v << 4)) "$profile" "${p#*:}"
		done
	done)
	new=$(mktemp)
	awk -v b="$begin" -v e="$end" '$0 == b { skip = 1 } !skip { print } $0 == e { skip = 0 }' \
		"$dict" > "$new"
	{ echo "$begin"; echo "$block"; echo "$end"; } >> "$new"
	if [ $check = 1 ]; then
		cmp -s "$new" "$dict" || { echo "$dict: MSI design headers not current (fuzzers/dict-designs.sh)"; rc=1; }
		rm -f "$new"
	else
		mv "$new" "$dict"
	fi
done
exit $rc
