# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# tap.sh - the shell side of the TAP core (harness/tap/tap.c), sourced by the
# check-*.sh scripts: a point counter, ok and skip, and a scratch folder
# $tmp removed at exit.  The caller prints "TAP version 13" and its plan.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
ok() { # ok EXIT-STATUS DESCRIPTION: the point passes when the status is 0
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=$((fail + 1))
	fi
}
skip() { # skip DESCRIPTION REASON
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}
