# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-resume.sh - sourced by ci/kernel-lib.sh: a run that survives the
# driver under test.  The payload (ci/guest-items.sh) runs the suite and the
# corpus one item at a time between BEGIN/END marks in the kernel log; when
# the kernel oopses, BUGs, locks up, hangs a task (all made to panic by the
# boot options below; a WARN too with T2_PANIC_ON_WARN=1) or the guest times
# out, the crash is recorded against the item that was running, a fresh
# guest boots and the run goes on with the next item.  Items that already
# have a verdict are never run again.
#   t2_resume_run qemu|uml KDIR SECONDS OUT PAYLOAD
# PAYLOAD holds items.list (ci/guest-items.sh).  Writes OUT/boots/N/ (each
# boot's console.log, tap.log), OUT/crashes/K (the report of item K:
# ci/kernel-crash.sh) and OUT/run/tap.log, the run's KTAP: one result per
# item, "not ok K NAME # CRASH <title>" with the report as diagnostics for a
# crashed item.  Prints the counts, the crashes deduplicated by title and
# the budget (boots, guest wall time); sets T2_RESUME_BOOTS and
# T2_RESUME_OK (1 when every item has a verdict).
. "$(dirname "${BASH_SOURCE[0]}")/kernel-crash.sh"

# What makes a crash end the guest at once (qemu exits: -no-reboot, panic=-1).
t2_crash_boot_options() {
	echo "oops=panic panic=-1 softlockup_panic=1 hung_task_panic=1 sysctl.kernel.hung_task_timeout_secs=60" \
		"watchdog_thresh=5 panic_print=0x20 printk.devkmsg=on" \
		"$([ "${T2_PANIC_ON_WARN:-0}" = 1 ] && echo panic_on_warn=1)"
}

t2_resume_run() {
	local which=$1 kdir=$2 secs=$3 out=$4 payload=$5
	local nitems start=1 boots=0 maxb b con k last ended title wall=0 ms

	nitems=$(wc -l < "$payload/items.list")
	maxb=${T2_KERNEL_MAX_BOOTS:-$((nitems + 1))}
	rm -rf "$out/boots" "$out/items" "$out/crashes" "$out/run"
	mkdir -p "$out/boots" "$out/items" "$out/crashes" "$out/run"
	T2_RESUME_OK=0
	while [ "$start" -le "$nitems" ] && [ "$boots" -lt "$maxb" ]; do
		boots=$((boots + 1))
		b=$out/boots/$boots
		echo "$start" > "$payload/resume"
		echo "# boot $boots: items $start..$nitems" >&2
		if [ "$which" = qemu ]; then
			QEMU_APPEND_EXTRA="$(t2_crash_boot_options)" QEMU_SMP=${QEMU_SMP:-2} \
				ci/qemu-run.sh -k "$KERNEL" -t "$secs" -o "$b" "$payload" > "$b.verdict" 2> "$b.err" || true
		else
			UML_APPEND_EXTRA="$(t2_crash_boot_options)" \
				ci/uml-run.sh -u "$kdir" -t "$secs" -o "$b" "$payload" > "$b.verdict" 2> "$b.err" || true
		fi
		ms=$(cat "$b/wall-ms" 2>/dev/null || echo 0)
		wall=$((wall + ms))
		con=$b/console.log
		# the payload's console, without the dmesg that guest-init.sh appends
		sed '/t2guest: dmesg begin/,$d' "$con" > "$b/items.log" 2>/dev/null || : > "$b/items.log"
		# the results this boot printed, one file per item
		awk -v dir="$out/items" '
			/^(KTAP version|1\.\.)/ && !started { next }
			{ started = 1; blk = blk $0 "\n" }
			/^(not )?ok [0-9]+ - / { k = $0; sub(/^(not )?ok /, "", k); sub(/ .*/, "", k)
				printf "%s", blk > (dir "/" k); close(dir "/" k); blk = "" }' "$b/tap.log" 2>/dev/null
		# items that ended here: a WARN (or any report) between their marks
		for k in $(sed -n 's/.*t2item: END \([0-9]*\) .*/\1/p' "$b/items.log" | sort -un); do
			[ -e "$out/crashes/$k" ] && continue
			awk -v k="$k" '$0 ~ ("t2item: BEGIN " k " ") { on = 1 } on { print }
				$0 ~ ("t2item: END " k " ") { exit }' "$b/items.log" > "$b/seg"
			t2_crash_report "$b/seg" "$b/rep"
			[ -n "$(head -n1 "$b/rep")" ] && cp "$b/rep" "$out/crashes/$k"
		done
		last=$(sed -n 's/.*t2item: BEGIN \([0-9]*\) .*/\1/p' "$b/items.log" | tail -n1)
		ended=0
		[ -n "$last" ] && grep -q "t2item: END $last " "$b/items.log" && ended=1
		if [ -n "$last" ] && [ "$ended" = 0 ]; then
			# the item that was running when the guest ended: from its
			# (last) BEGIN mark on, the panic's replay included
			awk -v k="$last" '$0 ~ ("t2item: BEGIN " k " ") { n++ } { l[NR] = $0; if ($0 ~ ("t2item: BEGIN " k " ")) s = NR }
				END { for (i = s; i <= NR; i++) print l[i] }' "$b/items.log" > "$b/seg"
			t2_crash_report "$b/seg" "$out/crashes/$last"
			title=$(head -n1 "$out/crashes/$last")
			if [ -z "$title" ]; then
				title=$(grep -q TIMEOUT "$b.verdict" && echo "timeout" || echo "guest ended without a report")
				{ echo "$title"; sed -n 2p "$out/crashes/$last"; tail -n 20 "$b/seg"; } > "$b/rep"
				mv "$b/rep" "$out/crashes/$last"
			fi
			rm -f "$out/items/$last"
			start=$((last + 1))
			continue
		fi
		if grep -q 't2guest: payload rc=0' "$con" && [ "${last:-0}" = "$nitems" ]; then
			T2_RESUME_OK=1
			break
		fi
		# ended outside an item (a module did not load, a crash in setup)
		echo "# boot $boots ended outside any item (see $b); the items from $start on have no verdict" >&2
		t2_crash_report "$b/items.log" "$out/crashes/setup"
		break
	done
	# the last item crashed: every item has its verdict all the same
	[ "$start" -gt "$nitems" ] && T2_RESUME_OK=1
	cat "$out"/boots/*.err > "$out/runner.log" 2>/dev/null || : > "$out/runner.log"
	T2_RESUME_BOOTS=$boots
	T2_RESUME_WALL=$((wall / 1000)).$(((wall % 1000) / 100))
	t2_resume_stream "$out" "$payload" > "$out/run/tap.log"
	cp "$out/boots/1/console.log" "$out/run/console.log" 2>/dev/null || true
	t2_resume_summary "$out" "$nitems"
}

# The run's KTAP: per item its result, or its crash.
t2_resume_stream() {
	local out=$1 payload=$2 k=0 kind name what title

	echo "KTAP version 1"
	echo "1..$(wc -l < "$payload/items.list")"
	while read -r kind name what; do
		k=$((k + 1))
		if [ -s "$out/crashes/$k" ]; then
			title=$(head -n1 "$out/crashes/$k")
			echo "# crash in item $k ($name): $title"
			echo "# the harness was in: $(sed -n 2p "$out/crashes/$k")"
			tail -n +3 "$out/crashes/$k" | sed 's/^/# | /'
			echo "not ok $k - $name # CRASH $title"
		elif [ -s "$out/items/$k" ]; then
			cat "$out/items/$k"
		else
			echo "not ok $k - $name # no verdict: the run stopped before this item"
		fi
	done < "$payload/items.list"
}

t2_resume_summary() {
	local out=$1 n=$2

	awk -v n="$n" '/^ok [0-9]+ - .* # SKIP/ { s++; next } /^ok [0-9]+ - / { p++; next }
		/^not ok [0-9]+ - .* # CRASH / { c++; f++; next } /^not ok [0-9]+ - .* # no verdict/ { v++; f++; next }
		/^not ok [0-9]+ - / { f++ }
		END { printf "# items: %d; passed: %d, failed: %d (crashed: %d, no verdict: %d), skipped: %d\n",
			n, p, f, c, v, s }' "$out/run/tap.log"
	if ls "$out/crashes"/* > /dev/null 2>&1; then
		echo "# crashes, deduplicated by title (items):"
		for f in "$out/crashes"/*; do
			printf '%s\t%s\n' "$(head -n1 "$f")" "$(basename "$f")"
		done | sort | awk -F'\t' '$1 != t { if (t != "") print line; t = $1; line = "#   " $1 ": " $2; next }
			{ line = line ", " $2 } END { if (t != "") print line }'
	fi
	echo "# budget: $T2_RESUME_BOOTS boots, guest wall $T2_RESUME_WALL s"
}
