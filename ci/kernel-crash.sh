# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-crash.sh - sourced by ci/kernel-resume.sh: a crash report from a
# piece of kernel log, titled the way syzkaller titles them, so that the
# same bug gets the same title however often and wherever it shows:
#   t2_crash_report LOG OUT
# reads LOG (the console from an item's BEGIN mark on) and writes OUT:
#   line 1  the title: "BUG: kernel NULL pointer dereference in FUNC",
#           "divide error in FUNC", "soft lockup in FUNC", "list_add
#           corruption in FUNC", "WARNING in FUNC", "task hung in FUNC",
#           "general protection fault in FUNC", "KASAN: KIND in FUNC", ...;
#           empty when LOG shows no crash
#   line 2  the ioctl the harness was in (its last T2_ANNOUNCE line, which
#           panic_print=0x20 replays at a panic), or "?"
#   then    the excerpt: from the first report line, at most 40 lines
# FUNC is the first frame, from RIP on and then the call trace, that is not
# the kernel's own reporting, list checking, scheduling or syscall entry.
t2_crash_report() {
	awk '
	function strip(s) { sub(/^\[ *[0-9.]+\] /, "", s); sub(/\r$/, "", s); return s }
	function frame(s,   f) {
		# "RIP: 0010:func+0x1/0x2 [mod]" or " func+0x1/0x2 [mod]"; "? x" is a guess
		if (s ~ /^ *\? /) return ""
		sub(/^.*RIP: [0-9a-f]+:/, "", s); sub(/^ +/, "", s)
		if (s !~ /^[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+\/0x[0-9a-f]+/) return ""
		f = s; sub(/\+.*/, "", f); sub(/\.(cold|isra|constprop|part)[.0-9]*$/, "", f)
		return f
	}
	function infra(f) {
		return f ~ /^(__list_add_valid|__list_del_entry_valid|__list_add|__list_del|list_add|list_del|__warn|warn_slowpath|report_bug|handle_bug|handle_invalid_op|exc_|asm_|do_error_trap|do_trap|die|oops_|panic|dump_stack|show_|__schedule|schedule|schedule_timeout|schedule_preempt|io_schedule|preempt_schedule|__might_|do_syscall_64|entry_SYSCALL|__x64_sys|__ia32_sys|__se_sys|__do_sys|x64_sys_call|syscall_exit|ret_from_fork|kthread|native_|_raw_spin|__raw_spin|queued_spin|mutex_lock|__mutex_lock|down_read|down_write|rwsem_|wait_for_completion|__wait_for|cpu_relax|watchdog|hrtimer|__sysvec|sysvec_|irq_exit|__irq_exit|kasan_|__kasan|print_report|ubsan_|__ubsan)/
	}
	{ l = strip($0) }
	l ~ /t2h: ioctl / { ioctl = l; sub(/^.*t2h: ioctl /, "", ioctl) }
	kind == "" {
		if (l ~ /soft lockup - CPU#/) kind = "soft lockup"
		else if (l ~ /BUG: kernel NULL pointer dereference/) kind = "BUG: kernel NULL pointer dereference"
		else if (l ~ /BUG: unable to handle page fault/) kind = "BUG: unable to handle page fault"
		else if (l ~ /BUG: KASAN: [a-z-]+ in /) { k = l; sub(/^.*BUG: KASAN: /, "", k); sub(/ in .*/, "", k); kind = "KASAN: " k; f = l; sub(/^.* in /, "", f); fn = frame(" " f) }
		else if (l ~ /UBSAN: [a-z-]+ in /) { kind = l; sub(/^.*UBSAN: /, "UBSAN: ", kind); sub(/:[0-9]+:[0-9]+$/, "", kind); fn = "-" }
		else if (l ~ /^divide error: /) kind = "divide error"
		else if (l ~ /general protection fault/) kind = "general protection fault"
		else if (l ~ /list_add corruption/) kind = "list_add corruption"
		else if (l ~ /list_del corruption/) kind = "list_del corruption"
		else if (l ~ /INFO: task .* blocked for more than/) kind = "task hung"
		else if (l ~ /^kernel BUG at /) kind = "kernel BUG"
		else if (l ~ /^WARNING: CPU: [0-9]+ PID: [0-9]+ at /) {
			kind = "WARNING"; f = l; sub(/^.* at [^ ]+ /, "", f); f = frame(" " f); if (f != "" && !infra(f)) fn = f
		}
		else if (l ~ /Kernel panic - not syncing: /) { kind = l; sub(/^.*not syncing: /, "kernel panic: ", kind); fn = "-" }
		else if (l ~ /Oops: |BUG: /) { kind = l; sub(/^.*(Oops|BUG): /, "", kind); sub(/[,:].*$/, "", kind); kind = "BUG: " kind }
		if (kind != "") { nex = 0 }
	}
	kind != "" && nex < 40 { ex[++nex] = l }
	kind != "" && fn == "" { f = frame(l); if (f != "" && !infra(f)) fn = f }
	END {
		if (kind == "") { print ""; print (ioctl == "" ? "?" : ioctl); exit }
		print kind ((fn != "" && fn != "-") ? " in " fn : "")
		print (ioctl == "" ? "?" : ioctl)
		for (i = 1; i <= nex; i++) print ex[i]
	}' "$1" > "$2"
}
