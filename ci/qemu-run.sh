#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# qemu-run.sh - boot a kernel under qemu (TCG) on a busybox initramfs, run one
# script inside, and judge the run from the serial logs.
#
#   ci/qemu-run.sh [-k KERNEL] [-t SECONDS] [-m MEM] [-o OUTDIR] PAYLOAD_DIR
#
# PAYLOAD_DIR is copied to /t2 in the guest and its run.sh is run there by
# ci/guest-init.sh.  Its stdout goes to the second serial port (ttyS1), saved
# as OUTDIR/tap.log: the TAP stream, apart from kernel messages.  The console
# (ttyS0) is saved as OUTDIR/console.log, with the whole dmesg at its end.
# The last line printed is the verdict of ci/kernel-judge.sh (PASS, FAIL,
# KERNEL, TIMEOUT; ERROR 4 when the runner cannot start), also the exit code.
#
# KERNEL (option or environment) defaults to the newest /boot/vmlinuz-*; a
# maintainer's own bzImage boots the same way.  A PowerPC vmlinux (readelf
# says which) boots on qemu-system-ppc{64} -M ppce500 with -cpu e6500 or
# e500mc (QEMU_CPU), no firmware.  TCG on purpose: -accel kvm
# hangs early in boot on the project's machines.  Under TCG the kernel's
# self-decompression alone takes about 9 s, so a bzImage whose vmlinux has a
# PVH entry point is unpacked once on the host (cached under build/qemu) and
# booted directly; other images boot as they are.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/kernel-lib.sh"

kernel=${KERNEL:-}
timeout_s=${QEMU_TIMEOUT:-120}
outdir=
mem=${QEMU_MEM:-1G}

usage() { t2_die "usage: $0 [-k KERNEL] [-t SECONDS] [-m MEM] [-o OUTDIR] PAYLOAD_DIR"; }
while getopts "k:t:o:m:h" opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	o) outdir=$OPTARG ;;
	m) mem=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
payload=$1

t2_need_payload "$payload"
if [ -z "$kernel" ]; then
	kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n1 || true)
	[ -n "$kernel" ] || t2_die "no kernel: install linux-image-amd64 (ci/install-deps.sh qemu) or pass -k"
fi
[ -r "$kernel" ] || t2_die "kernel '$kernel' is not readable"
# A PowerPC vmlinux (ci/ppc-kernel-build.sh) boots on qemu's ppce500 board:
# e6500 (64-bit) or e500mc (32-bit); anything else on x86-64 q35.
case $(readelf -h "$kernel" 2>/dev/null | sed -n 's/^ *Machine: *//p') in
PowerPC64) arch=ppc64; qemu=qemu-system-ppc64; cpu=${QEMU_CPU:-e6500} ;;
PowerPC) arch=ppc; qemu=qemu-system-ppc; cpu=${QEMU_CPU:-e500mc} ;;
*) arch=x86; qemu=qemu-system-x86_64 ;;
esac
if [ "$arch" = x86 ]; then
	command -v $qemu >/dev/null || t2_die "$qemu missing (ci/install-deps.sh qemu)"
else
	command -v $qemu >/dev/null || t2_die "$qemu missing (ci/install-deps.sh ppc-kernel)"
fi
command -v cpio >/dev/null || t2_die "cpio missing (ci/install-deps.sh qemu)"
t2_static_busybox

# The vmlinux inside a bzImage, when it can boot through PVH; else the bzImage.
pvh_kernel() { # pvh_kernel BZIMAGE CACHEDIR -> prints the image to boot
	local img=$1 cache=$2 key ss off len magic out unpack
	key=$(stat -L -c '%s-%Y' "$img" | tr -d '\n'; echo "-$(basename "$img")")
	out=$cache/vmlinux-$key
	if [ -s "$out" ]; then echo "$out"; return; fi
	ss=$(od -An -tu1 -j $((0x1f1)) -N1 "$img" | tr -d ' ')
	off=$(od -An -tu4 -j $((0x248)) -N4 "$img" | tr -d ' ')
	len=$(od -An -tu4 -j $((0x24c)) -N4 "$img" | tr -d ' ')
	magic=$(tail -c +$(((ss + 1) * 512 + off + 1)) "$img" | head -c 6 | od -An -tx1 | tr -d ' \n')
	case $magic in
	fd377a585a00) unpack="xz -dcq" ;;
	1f8b*) unpack="gzip -dcq" ;;
	28b52ffd*) unpack="zstd -dcq" ;;
	*) echo "$img"; return ;;
	esac
	mkdir -p "$cache"
	tail -c +$(((ss + 1) * 512 + off + 1)) "$img" | head -c "$len" | $unpack > "$out.tmp" 2>/dev/null || true
	# Xen note type 18 (XEN_ELFNOTE_PHYS32_ENTRY) is the PVH entry point.
	if readelf -n "$out.tmp" 2>/dev/null | grep -q 'Xen .*Unknown note type: (0x00000012)'; then
		mv "$out.tmp" "$out"
		echo "$out"
	else
		rm -f "$out.tmp"
		echo "$img"
	fi
}
boot_image=$kernel
if [ "$arch" = x86 ] && [ "${QEMU_PVH:-1}" = 1 ] && [ "$(od -An -c -j 514 -N4 "$kernel" | tr -d ' ')" = HdrS ]; then
	boot_image=$(pvh_kernel "$kernel" "${T2_BUILD:-$here/../build}/qemu")
fi

outdir=${outdir:-$(mktemp -d /tmp/t2qemu.XXXXXX)}
mkdir -p "$outdir"
root=$outdir/initramfs
t2_guest_root "$root" "$payload"
# Uncompressed: unpacking gzip under TCG costs more than loading the bytes.
(cd "$root" && find . | cpio -o -H newc --quiet) > "$outdir/initramfs.cpio"

console=$outdir/console.log
tap=$outdir/tap.log
: > "$console"
: > "$tap"
t2_clock_start
set +e
# ppce500: no power-off device; the guest's init resets instead (T2_HALT)
if [ "$arch" = x86 ]; then
	board=(-machine q35 -accel tcg -cpu max)
	append="transparent_hugepage=never hugepagesz=2M hugepages=160"
else
	board=(-machine ppce500 -accel tcg -cpu "$cpu")
	append="T2_HALT=reboot"
fi
timeout --kill-after=5 "$timeout_s" $qemu \
	"${board[@]}" -smp "${QEMU_SMP:-1}" -m "$mem" \
	-kernel "$boot_image" -initrd "$outdir/initramfs.cpio" \
	-append "console=ttyS0 loglevel=5 panic=-1 oops=panic $append rdinit=/init T2_TAP_OUT=/dev/ttyS1 ${QEMU_APPEND_EXTRA:-}" \
	-display none -no-reboot -nodefaults \
	-serial "file:$console" -serial "file:$tap" \
	</dev/null >"$outdir/qemu.log" 2>&1
wrc=$?
set -e
t2_clock_stop "$outdir" "kernel $kernel$([ "$boot_image" != "$kernel" ] && echo ", booted through PVH")"
# the serial ttys end lines with CR LF
sed -i 's/\r$//' "$console" "$tap"
t2_judge "$console" "$wrc" "$timeout_s"
