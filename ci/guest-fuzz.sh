#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# guest-fuzz.sh - the payload of `make fuzz-kernel` (ci/fuzz-kernel.sh), run
# as /t2/run.sh in the qemu guest: loads t2sim.ko with /t2/fuzz.env's
# parameters (as check-kernel does), then runs each libFuzzer target (built
# with shared libraries, started through the loader in /t2/lib) against
# /dev/t2sim for its share of the time, from its seeds.  KTAP: one result per
# target with its exec/s; a finding is "not ok" with the finding, its
# program and the kernel log since the target started.  Exit 1 on a finding.
T=/t2
. $T/fuzz.env
export T2_BACKEND=dev T2_ROOT=/dev/t2sim T2_BUF_CAP
set -- $FUZZ_TARGETS
echo "KTAP version 1"
echo "1..$#"
if ! insmod $T/t2sim.ko $FUZZ_MODULE_ARGS; then
	echo "Bail out! t2sim.ko does not load ($FUZZ_MODULE_ARGS)"
	exit 1
fi
# the guest's hugepages: the device backend's hugepage buffers
grep -i huge /proc/meminfo | sed 's/^/# /'
n=0
bad=0
for t in "$@"; do
	n=$((n + 1))
	mkdir -p /tmp/corpus-$t /tmp/art-$t
	cp $T/seeds/$t/* /tmp/corpus-$t/ 2>/dev/null
	dmesg -c > /dev/null
	sh $T/fuzzers/run-target.sh $t $T/lib/ld-linux-x86-64.so.2 --library-path $T/lib \
		$T/fuzz_$t -max_total_time=$FUZZ_PER -print_final_stats=1 -rss_limit_mb=0 \
		-artifact_prefix=/tmp/art-$t/ /tmp/corpus-$t > /tmp/fuzz-$t.log 2>&1
	rc=$?
	eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' /tmp/fuzz-$t.log | tail -n 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' /tmp/fuzz-$t.log | tail -n 1)
	sig=$(sed -n 's/^==t2h-finding== //p' /tmp/fuzz-$t.log | head -n 1)
	echo "# $t: ${execs:-?} execs, ${eps:-?} exec/s in the guest, exit $rc"
	sed -n 's/^==t2h-\(verdicts\|harness-error\)==/# &/p' /tmp/fuzz-$t.log | head -n 3
	if [ $rc -eq 0 ] && [ -z "$sig" ]; then
		echo "ok $n - $t"
		continue
	fi
	bad=1
	echo "# finding: ${sig:-crash (no signature)}"
	sed -n '/^==t2h-finding==/,/^MS:/p' /tmp/fuzz-$t.log | head -n 60 | sed 's/^/# /'
	[ -n "$sig" ] || tail -n 40 /tmp/fuzz-$t.log | sed 's/^/# /'
	echo "# kernel log since $t started:"
	dmesg | tail -n 40 | sed 's/^/# /'
	echo "not ok $n - $t"
done
rmmod t2sim
exit $bad
