#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# gate.sh - the PR gate's stages, in order.  GATE_STAGES="check asan" picks a
# subset; each stage is timed and the first failure is named.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=$(nproc 2>/dev/null || echo 2)
STAGES=${GATE_STAGES:-"deps check"}
declare -A took

run_stage() { # run_stage NAME COMMAND...
	local name=$1; shift
	local t0=$SECONDS
	echo "=== stage $name: $*"
	if ! "$@"; then
		echo "=== stage $name FAILED after $((SECONDS - t0)) s"
		exit 1
	fi
	took[$name]=$((SECONDS - t0))
	echo "=== stage $name passed in ${took[$name]} s"
}

for s in $STAGES; do
	case $s in
	deps)  run_stage deps ci/install-deps.sh base clang ;;
	check) run_stage check make -j"$JOBS" check ;;
	*) echo "gate.sh: unknown stage '$s'" >&2; exit 2 ;;
	esac
done

echo "=== gate summary"
for s in $STAGES; do printf '  %-10s %5s s\n' "$s" "${took[$s]}"; done
