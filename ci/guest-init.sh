#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# guest-init.sh - /init of the guests that ci/qemu-run.sh and ci/uml-run.sh
# boot: mount the pseudo file systems, run /t2/run.sh with its stdout sent to
# $T2_TAP_OUT (set on the kernel command line), report its exit code and the
# kernel log on the console, and power off.
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /mnt/huge /tmp
mount -t hugetlbfs hugetlbfs /mnt/huge 2>/dev/null
mount -t tmpfs tmpfs /tmp
out=${T2_TAP_OUT:-/dev/console}
echo "t2guest: payload start (uptime $(cut -d" " -f1 /proc/uptime) s)"
cd /t2
sh ./run.sh > "$out" 2>&1
rc=$?
echo "t2guest: payload rc=$rc (uptime $(cut -d" " -f1 /proc/uptime) s)"
echo "t2guest: dmesg begin"
dmesg
echo "t2guest: dmesg end"
sync
# T2_HALT=reboot (kernel command line): a board without a power-off device
# (qemu's ppce500) ends by a reset, which qemu -no-reboot turns into an exit
[ "${T2_HALT:-}" = reboot ] && reboot -f
poweroff -f
sleep 5
reboot -f
