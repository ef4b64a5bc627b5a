#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# guest-items.sh - the payload of a resumable run (ci/kernel-resume.sh) as
# /t2/run.sh (busybox sh): a driver under test behind the kernel's VFIO
# core, the suite and the corpus one item at a time.
#   /t2/modules.list  one insmod line per module, in load order ("FILE.ko
#                     ARGS..."); vfio.ko is loaded first when present
#   /t2/items.list    one item per line, "KIND NAME WHAT": conf (t2conf -t
#                     WHAT), replay or replay@LEVEL (t2h replay --check of
#                     the file WHAT, at observation level LEVEL); NAME is
#                     the item's name in the KTAP stream
#   /t2/resume        the first item to run (items before it have a verdict)
#   /t2/items.env     T2_ROOT, T2_CORE, T2_OBSERVE, ... for the tools
# Each item is marked in the kernel log ("t2item: BEGIN K NAME", "t2item:
# END K"), with its KTAP result line flushed to the TAP port before the END
# mark, so that the host knows which item a crash belongs to and that the
# results before it are whole.  The first boot prints the KTAP header; the
# host writes the stream of a run that needed several boots.
T=/t2
export T2_BACKEND=dev T2_ANNOUNCE=/dev/kmsg
. $T/items.env
start=$(cat $T/resume 2>/dev/null || echo 1)
nitems=$(wc -l < $T/items.list)
mark() { echo "<4>t2item: $*" > /dev/kmsg; }
# a write to the serial port is done when a TCSADRAIN returns (a file: at once)
drain() { stty -F "${T2_TAP_OUT:-/dev/null}" -echo 2>/dev/null || true; }

if [ "$start" = 1 ]; then
	echo "KTAP version 1"
	echo "1..$nitems"
fi
mark "setup (items $start..$nitems)"
if [ -f $T/vfio.ko ] && [ ! -d /sys/module/vfio ]; then
	insmod $T/vfio.ko || { echo "Bail out! vfio.ko does not load"; exit 1; }
fi
while read -r ko args; do
	[ -n "$ko" ] || continue
	# shellcheck disable=SC2086
	insmod "$T/$ko" $args || { echo "Bail out! $ko does not load ($args)"; exit 1; }
done < $T/modules.list
drain

k=0
while read -r kind name what; do
	k=$((k + 1))
	[ $k -lt "$start" ] && continue
	level=${kind#*@}
	[ "$level" = "$kind" ] && level=${T2_OBSERVE:-full}
	mark "BEGIN $k $name"
	case $kind in
	conf) $T/t2conf -m dev -t "$what" > /tmp/item.out 2>&1 < /dev/null ;;
	replay*) T2_OBSERVE=$level $T/t2h replay --check "$T/$what" > /tmp/item.out 2>&1 < /dev/null ;;
	*) echo "unknown item kind '$kind'" > /tmp/item.out; false ;;
	esac
	rc=$?
	# the tool's own lines as diagnostics, its result as ours
	grep -v -e '^TAP version' -e '^1\.\.' -e '^ok ' /tmp/item.out | sed 's/^#* */# /'
	# a replay skipped for another platform than the device's
	[ $rc = 0 ] && grep -q '^[^ ]*: skip (' /tmp/item.out && rc=4
	case $rc in
	0) echo "ok $k - $name" ;;
	4) echo "ok $k - $name # SKIP $(sed -n -e 's/^ok [0-9]* .*# SKIP //p' -e 's/^[^ ]*: skip (\(.*\))$/\1/p' /tmp/item.out | head -n1)" ;;
	*) echo "not ok $k - $name" ;;
	esac
	drain
	mark "END $k rc=$rc"
done < $T/items.list
exit 0
