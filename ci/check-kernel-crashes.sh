#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-kernel-crashes.sh - make check-kernel-crashes: the resumable runs
# (ci/kernel-items.sh, ci/kernel-resume.sh) against t2crash.ko, t2vfio.ko's
# backend with planted crashes (kernel-stub/module/crash.c), loaded through
# MODULES= as a maintainer's driver would be.
#   crashes  t2crash.ko null_on=MAP_DMA div_on=SET_ATTR loop_on=UNMAP_DMA
#            list_on=GET_ATTR: the suite, the corpus, and the four programs
#            of ci/crash-corpus/ that send the trigger.  Checked: every item
#            has a verdict; exactly the four planted items crashed, each with
#            its title; the others ran to their own result.
#   stash    t2crash.ko stash_null=1 (every GET_ATTR(PAMU_STASH) oopses, as
#            the reference driver's did): corpus programs that do not read
#            the stash themselves, at T2_OBSERVE=program, reach their own
#            ops and get their own verdict; one of them at level full
#            crashes in the executor's state read.
# Prints TAP and each run's budget (boots, guest wall time).
#   ci/check-kernel-crashes.sh [qemu|uml]
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
which=${1:-qemu}
out=$top/build/check-kernel
t0=$SECONDS
n=0
fails=0
ok() { # ok CONDITION-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi
}

[ "$which" = qemu ] && . ci/kernel-env.sh
crashko=$(T2_VFIO_CRASH=1 ci/vfio-core-build.sh ${KDIR:+"$KDIR"} 2> "$top/build/t2crash-build.log") ||
	{ cat "$top/build/t2crash-build.log" >&2; echo "Bail out! t2crash.ko does not build"; exit 1; }
echo "TAP version 13"
# the checks below are conditions, not steps that must succeed
set +e

# --- planted crashes: one record per crashing item, with its title
planted=$top/build/check-kernel/crash-items
mkdir -p "$(dirname "$planted")"
: > "$planted"
for k in null div loop list; do echo "replay crash:$k ci/crash-corpus/$k.t2p" >> "$planted"; done
MODULES="$crashko null_on=MAP_DMA div_on=SET_ATTR loop_on=UNMAP_DMA list_on=GET_ATTR" \
	T2_ITEMS_EXTRA=$planted ci/kernel-items.sh "$which" crashes-$which > "$out.crashes.log" 2>&1
rc=$?
r=$out/crashes-$which
grep -E '^# (items|budget|crashes|  )' "$out.crashes.log" || true
tap=$r/run/tap.log
nitems=$(wc -l < "$r/payload/items.list" 2>/dev/null || echo 0)
[ "$rc" != 3 ] && [ "$nitems" -gt 4 ] &&
	[ "$(grep -cE '^(not )?ok [0-9]+ - ' "$tap")" = "$nitems" ] && ! grep -q '# no verdict' "$tap"
ok $? "crashes: a verdict for each of the $nitems items (suite, corpus, planted)"
for c in "null:BUG: kernel NULL pointer dereference in t2crash_null_deref" \
	"div:divide error in t2crash_divide" "loop:soft lockup in t2crash_spin" \
	"list:list_add corruption in t2crash_list_corrupt"; do
	grep -qx "not ok [0-9]* - crash:${c%%:*} # CRASH ${c#*:}" "$tap"
	ok $? "crashes: crash:${c%%:*} is recorded as '${c#*:}'"
done
[ "$(grep -c '# CRASH ' "$tap")" = 4 ] && [ "$(ls "$r/crashes" | wc -l)" = 4 ]
ok $? "crashes: one crash record per crashing item, no other item crashed"
grep -q '^# the harness was in: VFIO_IOMMU_MAP_DMA' "$tap"
ok $? "crashes: the NULL dereference's record names the ioctl the harness was in"
boots=$(sed -n 's/^# budget: \([0-9]*\) boots.*/\1/p' "$out.crashes.log")
[ "${boots:-0}" = 4 ]
ok $? "crashes: 4 boots, one per crash (the last item is a crash) (got ${boots:-?})"
# the kernel's own KTAP parser, from the linux-source-6.1 tarball the build needs anyway
kunit=$top/build/ksrc/linux-source-6.1/tools/testing/kunit
if [ ! -f "$kunit/kunit.py" ] && ls /usr/src/linux-source-6.1.tar.* > /dev/null 2>&1; then
	mkdir -p "$top/build/ksrc"
	tar -xf "$(ls /usr/src/linux-source-6.1.tar.* | head -n1)" -C "$top/build/ksrc" \
		--wildcards 'linux-source-6.1/tools/testing/kunit/*' 2> /dev/null || true
fi
if [ -f "$kunit/kunit.py" ]; then
	kp=$(python3 "$kunit/kunit.py" parse "$tap" 2>&1 |
		sed -n 's/.*Testing complete\. //p')
	# kunit.py names only the non-zero counts
	got=$(echo "$kp" | awk '{ for (i = 1; i < NF; i++) { k = $i; sub(/:$/, "", k); v = $(i + 1); sub(/,$/, "", v); c[k] = v } }
		END { printf "ran %d passed %d failed %d skipped %d crashed %d errors %d", c["Ran"], c["passed"], c["failed"], c["skipped"], c["crashed"], c["errors"] }')
	want=$(awk '/^ok .* # SKIP/ { s++; next } /^ok / { p++; next } /^not ok / { f++ }
		END { printf "ran %d passed %d failed %d skipped %d crashed 0 errors 0", p + f + s, p, f, s }' "$tap")
	[ "$got" = "$want" ]
	ok $? "crashes: kunit.py parses the resumed stream with the runner's counts ($want; kunit.py: $kp)"
fi

# --- the stash read: the program's own ops at level program
stash=$top/build/check-kernel/stash-items
: > "$stash"
progs=$(grep -L -i 'get_attr .*stash' $(find corpus/surface corpus/geometry -name '*.t2p' | sort) | head -n 3)
for f in $progs; do echo "replay $(basename "$f") $f" >> "$stash"; done
first=$(echo "$progs" | head -n1)
echo "replay@full $(basename "$first")@full $first" >> "$stash"
MODULES="$crashko stash_null=1" T2_ITEMS= T2_ITEMS_EXTRA=$stash T2_OBSERVE=program \
	ci/kernel-items.sh "$which" stash-$which > "$out.stash.log" 2>&1
r=$out/stash-$which
grep -E '^# (items|budget|crashes|  )' "$out.stash.log" || true
tap=$r/run/tap.log
for f in $progs; do
	grep -qx "ok [0-9]* - $(basename "$f")" "$tap"
	ok $? "stash: $(basename "$f") at T2_OBSERVE=program reaches its own ops and passes"
done
grep -qx "not ok [0-9]* - $(basename "$first")@full # CRASH BUG: kernel NULL pointer dereference in t2crash_get_stash" "$tap" &&
	grep -q '^# the harness was in: VFIO_IOMMU_PAMU_GET_ATTR(PAMU_STASH)' "$tap"
ok $? "stash: at level full the executor's own GET_ATTR(PAMU_STASH) read crashes it"

echo "1..$n"
echo "# check-kernel-crashes: whole target $((SECONDS - t0)) s (logs: $out.crashes.log, $out.stash.log)"
[ "$fails" = 0 ]
