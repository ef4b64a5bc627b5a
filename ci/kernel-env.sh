# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-env.sh - sourced by the kernel runners: picks KERNEL (the image to
# boot) and KDIR (the tree to build modules against).  Either may be given in
# the environment; the defaults are the newest Debian kernel installed and its
# headers.  Never hard-codes a version.  Checks that the two belong together.
t2_kver_of_image() { # the version string a bzImage announces (x86 boot header)
	local off
	off=$(od -An -tu2 -j 526 -N 2 "$1" 2>/dev/null | tr -d ' ')
	[ -n "$off" ] && [ "$off" != 0 ] || return 1
	dd if="$1" bs=1 skip=$((off + 512)) count=200 2>/dev/null | tr '\0' '\n' | head -n1 | cut -d' ' -f1
}

if [ -z "${KERNEL:-}" ]; then
	KERNEL=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n1 || true)
	if [ -z "$KERNEL" ]; then
		echo "kernel-env.sh: no /boot/vmlinuz-*: run ci/install-deps.sh qemu, or set KERNEL=" >&2
		exit 1
	fi
fi
[ -r "$KERNEL" ] || { echo "kernel-env.sh: KERNEL '$KERNEL' is not readable" >&2; exit 1; }
T2_KVER=$(t2_kver_of_image "$KERNEL" || true)
[ -n "$T2_KVER" ] || { echo "kernel-env.sh: KERNEL '$KERNEL' is not an x86 bzImage" >&2; exit 1; }
if [ -z "${KDIR:-}" ]; then
	KDIR=/lib/modules/$T2_KVER/build
	[ -d "$KDIR" ] || { echo "kernel-env.sh: no headers for $T2_KVER at $KDIR: install linux-headers-$T2_KVER, or set KDIR=" >&2; exit 1; }
fi
[ -f "$KDIR/Makefile" ] || { echo "kernel-env.sh: KDIR '$KDIR' is not a kernel build tree" >&2; exit 1; }
kdir_rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$KDIR/include/generated/utsrelease.h" 2>/dev/null || true)
if [ -n "$kdir_rel" ] && [ "$kdir_rel" != "$T2_KVER" ]; then
	echo "kernel-env.sh: KDIR '$KDIR' is $kdir_rel but KERNEL '$KERNEL' is $T2_KVER" >&2
	exit 1
fi
export KERNEL KDIR T2_KVER
