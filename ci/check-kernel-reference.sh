#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-kernel-reference.sh - make check-kernel-reference: the differential
# report (ci/kernel-reference.sh) on a stand-in for a module's stream: the
# stub with SDK-B6 and SDK-B11, no introspection.  B6's and B11's
# fingerprints must show, B1's must not, and every test gets a line.  TAP.
. "$(dirname "$0")/../harness/tap/tap.sh"  # ok, skip, $tmp
echo "TAP version 13"
T2_DEFECTS=B6,B11 build/gcc/kernel-bins/t2conf -I > "$tmp/module.tap" 2>&1
ci/kernel-reference.sh sdk2013 "$tmp/module.tap" "$tmp/report" > /dev/null
ok $? "the report is written"
tests=$(grep -c '^\(not \)\?ok ' "$tmp/module.tap")
[ "$(grep -cE '^#   [^ ]+ +module ' "$tmp/report")" = "$tests" ]
ok $? "one line per test ($tests)"
grep -qE '^#   B6 +shows ' "$tmp/report"
ok $? "B6's fingerprint shows"
grep -qE '^#   B11 +shows ' "$tmp/report"
ok $? "B11's fingerprint shows"
grep -qE '^#   B1 +no ' "$tmp/report"
ok $? "B1's does not"
[ "$fail" -eq 0 ] || sed 's/^/# /' "$tmp/report"
echo "1..$n"
[ "$fail" -eq 0 ]
