#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-designs.sh [T2CONF] [T2H] - `make check-designs` (in check): the
# conformance suite on every MSI design the simulator implements (spec 9a,
# include/t2/msi_designs.def; D is the plain run of check-conformance), on
# both presets, against the stub and against the oracle, on the spec
# personality.  A design the simulator refuses ("does not implement") is a
# SKIP naming it.  T2_RUN, if set, runs the programs (qemu-user).
T2CONF=${1:-build/gcc/conformance/t2conf}
T2H=${2:-build/gcc/t2h}
. "$(dirname "$0")/../harness/tap/tap.sh"
echo "TAP version 13"
designs=$(sed -n 's/^T2_MSI_DESIGN(\([A-Z]\),.*/\1/p' "$(dirname "$0")/../include/t2/msi_designs.def")
for d in $designs; do
	[ "$d" = D ] && continue
	for preset in p4080 t4240; do
		plat="$preset,msi_design=$d"
		# shellcheck disable=SC2086 # T2_RUN: a runner and its words
		if ! T2_PLATFORM=$plat $T2_RUN "$T2H" info > "$tmp/info" 2>&1; then
			if grep -q "does not implement" "$tmp/info"; then
				skip "design $d on $preset" "$(tail -1 "$tmp/info")"
				skip "design $d on $preset (oracle)" "not implemented"
				continue
			fi
			ok 1 "design $d on $preset: t2h info: $(tail -1 "$tmp/info")"
			continue
		fi
		for mode in stub oracle; do
			# shellcheck disable=SC2086
			T2_PLATFORM=$plat T2_DEFECTS= $T2_RUN "$T2CONF" -m $mode > "$tmp/out" 2>&1
			rc=$?
			ok $rc "design $d on $preset, $mode: $(tail -1 "$tmp/out" | sed 's/^# //')"
			[ $rc -eq 0 ] || grep -E '^not ok|^# FAIL' "$tmp/out" | sed 's/^/# /'
		done
	done
done
echo "1..$n"
[ "$fail" -eq 0 ]
