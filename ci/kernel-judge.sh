# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-judge.sh - sourced by ci/kernel-lib.sh, so by both runners
# (ci/qemu-run.sh, ci/uml-run.sh): the one verdict on a guest run, from
# its console log and how the guest ended.
#   t2_judge CONSOLE_LOG EXIT_CODE_OF_TIMEOUT_WRAPPER TIMEOUT_SECONDS
# Prints the verdict and returns its code:
#   PASS 0     the payload exited 0 and the kernel log is clean
#   FAIL 1     the payload exited non-zero, or never reported its exit
#   KERNEL 2   an oops, BUG, WARN, panic, KASAN/UBSAN report, lockup, or a
#              leak the payload found ("t2leak:") was logged while the
#              payload ran or after it
# Problems logged during boot, before the payload started, are the kernel's
# own (UML 6.1 has a lockdep RCU splat in its maple tree at the first exec):
# they are shown but do not fail the run.
#   TIMEOUT 3  the guest did not halt in time
# Crash points of the simulator log "t2sim: Bn: reference crash: ..." and
# match none of these patterns (spec PERS-4).
T2_KERNEL_BAD='(Oops|BUG:|kernel BUG at|WARNING:|Kernel panic|general protection fault|KASAN:|UBSAN:|t2leak:|soft lockup|hung_task|INFO: task .* blocked|Call Trace:|cut here|ptrace set fp regs failed)'

t2_judge() {
	local console=$1 wrc=$2 secs=$3 rc start
	# the console from the payload's start; dmesg (which repeats boot) cut off
	start=$(grep -a -n -m1 't2guest: payload start' "$console" | cut -d: -f1 || true)
	if [ -n "$start" ] && head -n "$start" "$console" | grep -aEq "$T2_KERNEL_BAD"; then
		echo "note: the kernel logged problems during boot, before the payload (not judged):" >&2
		head -n "$start" "$console" | grep -aE "$T2_KERNEL_BAD" | head -n 4 >&2
	fi
	if tail -n +"${start:-1}" "$console" | sed '/t2guest: dmesg begin/,$d' |
		grep -aEn "$T2_KERNEL_BAD" > "$console.problems"; then
		echo "kernel problem in $console:" >&2
		head -n 20 "$console.problems" >&2
		echo "KERNEL"
		return 2
	fi
	rm -f "$console.problems"
	if [ "$wrc" = 124 ] || [ "$wrc" = 137 ]; then
		echo "no halt within $secs s; last console lines:" >&2
		tail -n 5 "$console" >&2
		echo "TIMEOUT"
		return 3
	fi
	rc=$(grep -a -o 't2guest: payload rc=[0-9]*' "$console" | tail -n1 | cut -d= -f2 || true)
	if [ -z "$rc" ]; then
		echo "the guest ended (exit $wrc) without reporting the payload's exit; last console lines:" >&2
		tail -n 5 "$console" >&2
		echo "FAIL"
		return 1
	fi
	if [ "$rc" != 0 ]; then
		echo "FAIL"
		return 1
	fi
	echo "PASS"
	return 0
}
