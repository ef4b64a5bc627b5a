#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-observe.sh [T2H] - `make check-observe`: the executor's observation
# levels (--observe, T2_OBSERVE) and T2_ANNOUNCE, on the stub.  The
# announcement file lists every ioctl the backend was asked for, so it shows
# what each level issues beyond the program's own ops.  TAP; exit 1 on a
# failure.
T2H=${1:-build/gcc/t2h}
. "$(dirname "$0")/../tap/tap.sh"  # ok, skip, $tmp
echo "TAP version 13"
prog=corpus/surface/attach_enabled.t2p
own=$(grep -c '^get_attr ' "$prog")

for level in full program none; do
	rm -f "$tmp/ann.$level"
	T2_ANNOUNCE=$tmp/ann.$level "$T2H" --observe=$level replay "$prog" > "$tmp/out.$level" 2>&1
	ok $? "replay --observe=$level: the program passes"
done
[ "$(grep -c GET_ATTR "$tmp/ann.full")" -gt "$own" ]
ok $? "full: the executor reads GET_ATTR after ops (more than the program's $own)"
[ "$(grep -c GET_ATTR "$tmp/ann.program")" -eq "$own" ]
ok $? "program: GET_ATTR only where the program asks for it ($own)"
cmp -s "$tmp/ann.program" "$tmp/ann.none"
ok $? "program: no driver ioctl beyond the ones level none issues"
grep -q 'GET_ATTR(PAMU_STASH)' "$tmp/ann.full"
ok $? "T2_ANNOUNCE names the attribute of a GET_ATTR"

T2_OBSERVE=program T2_ANNOUNCE=$tmp/ann.env "$T2H" replay "$prog" > /dev/null 2>&1 &&
	cmp -s "$tmp/ann.program" "$tmp/ann.env"
ok $? "T2_OBSERVE=program is --observe=program"

"$T2H" --observe=most replay "$prog" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "unknown level 'most'" "$tmp/err"
ok $? "--observe=most: usage error naming the value, exit 2"
T2_OBSERVE=x "$T2H" replay "$prog" > /dev/null 2>&1
[ $? -eq 2 ]
ok $? "T2_OBSERVE=x: usage error, exit 2"
T2_ANNOUNCE=/nonexistent/dir/f "$T2H" replay "$prog" > "$tmp/err" 2>&1
[ $? -ne 0 ] && grep -q "T2_ANNOUNCE: cannot open '/nonexistent/dir/f'" "$tmp/err"
ok $? "T2_ANNOUNCE that cannot open: an error naming it"

# a finding records its level; the reproducer issues what the replay issued
f=corpus/regress/$(ls corpus/regress | grep -i '^b6' | head -n1)
"$T2H" --defects B6 --observe=program replay "$f" > "$tmp/find" 2>&1
grep -q '^  observe: program$' "$tmp/find"
ok $? "a finding at level program says so"
"$T2H" --defects B6 --observe=none cprog "$f" -o "$tmp/none.c" 2> /dev/null &&
	grep -q 'Observation level: none' "$tmp/none.c" && ! grep -q '^	check_counters(' "$tmp/none.c"
ok $? "cprog --observe=none: records the level, no state check after the ops"
"$T2H" --defects B6 cprog "$f" -o "$tmp/full.c" 2> /dev/null &&
	grep -q 'Observation level: full' "$tmp/full.c"
ok $? "cprog: records level full by default"
[ "$fail" -eq 0 ] || sed 's/^/# /' "$tmp/err" "$tmp/find"

echo "1..$n"
[ "$fail" -eq 0 ]
