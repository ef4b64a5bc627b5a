#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-limits.sh [T2H] - `make check-limits`: what the harness cannot follow
# is a `limit` verdict (exit 3), never a pass, and a program leaves nothing
# behind for the next one (docs/devices.md):
#   - 70 containers then an SDK-B6 trigger under T2_DEFECTS=B6: limit or finding;
#   - `c0 = container; fail_nth 2` then a program that opens a container:
#     the second passes (the arm does not outlive its program);
#   - on a device, an alloc over the buffer cap (T2_BUF_CAP) is a limit;
#   - a stated platform overrides a program's platform line on the stub
#     (a note on stderr); a garbage T2_PLATFORM is a usage error (exit 2).
# With T2_BACKEND=dev T2_ROOT=DIR in the environment the same run on that
# device (make check-dev runs it on the preload device).  TAP output.
T2H=${1:-build/gcc/t2h}
. "$(dirname "$0")/../tap/tap.sh"  # ok, skip, $tmp
echo "TAP version 13"
be=${T2_BACKEND:-stub}

# 70 containers, then B6's trigger (corpus/regress/b6-inv-5.t2p) on c0.
{
	echo "platform p4080"
	i=0
	while [ $i -lt 70 ]; do echo "c$i = container"; i=$((i + 1)); done
	sed -n '/^g0 = group/,$p' corpus/regress/b6-inv-5.t2p
} > "$tmp/b6-70.t2p"
# handles c64.. cannot be named: the creating ops beyond c63 are written bare
sed -i 's/^\(c6[4-9]\) = container$/container/' "$tmp/b6-70.t2p"
T2_DEFECTS=B6 T2DEV_DEFECTS=B6 "$T2H" replay "$tmp/b6-70.t2p" > "$tmp/out" 2>&1
rc=$?
[ $rc -eq 1 ] || { [ $rc -eq 3 ] && grep -q 'limit:' "$tmp/out"; }
ok $? "[$be] 70 containers then B6 under T2_DEFECTS=B6: a finding or limit (exit $rc), never pass"
grep -q '^pass' "$tmp/out"
[ $? -ne 0 ]
ok $? "[$be] ... and the verdict line is not 'pass'"

printf 'platform p4080\nc0 = container\nfail_nth 2\n' > "$tmp/arm.t2p"
printf 'platform p4080\nc0 = container\ng0 = group 0\nset_container g0 c0\nset_iommu c0 TYPE2\n' \
	> "$tmp/after.t2p"
"$T2H" replay "$tmp/arm.t2p" "$tmp/after.t2p" > "$tmp/out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q 'after.t2p: pass' "$tmp/out" && ! grep -q 'harness error' "$tmp/out"
ok $? "[$be] an unfired fail_nth does not outlive its program (exit $rc)"
[ $rc -eq 0 ] || sed 's/^/# /' "$tmp/out"

if [ "$be" = dev ]; then
	printf 'platform p4080\nc0 = container\nb0 = alloc 4K 0x4000000\n' > "$tmp/big.t2p"
	T2_BUF_CAP=32M "$T2H" replay "$tmp/big.t2p" > "$tmp/out" 2>&1
	[ $? -eq 3 ] && grep -q 'over the per-program buffer cap' "$tmp/out"
	ok $? "[dev] an alloc over T2_BUF_CAP is refused with a limit verdict (exit 3)"
fi
if [ "$be" = stub ]; then
	T2_PLATFORM=t4240 "$T2H" replay "$tmp/after.t2p" > "$tmp/out" 2> "$tmp/err"
	[ $? -eq 0 ] && grep -q "overridden by the stated 't4240'" "$tmp/err"
	ok $? "[stub] a stated platform overrides the program's, with a note"
	T2_PLATFORM=p9999 "$T2H" replay "$tmp/after.t2p" > "$tmp/out" 2> "$tmp/err"
	[ $? -eq 2 ]
	ok $? "[stub] a garbage T2_PLATFORM is a usage error (exit 2)"
fi

echo "1..$n"
[ $fail -eq 0 ]
