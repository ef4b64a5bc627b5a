#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# install-deps.sh - install what a stage needs from Debian's packages, and only
# what is missing.  Usage: ci/install-deps.sh GROUP...
#   base     gcc, libc6-dev, make, prove (make check)
#   clang    clang-14 with libFuzzer and sanitizer runtimes
#   afl      AFL++ (afl-clang-fast, afl-fuzz)
#   llvm     llvm-profdata / llvm-cov (coverage reports)
#   qemu     qemu-system-x86, a Debian kernel and its headers, busybox-static,
#            cpio, kmod
#   uml      linux-source-6.1 and the kernel build dependencies
#   kernel-source  linux-source-6.1 (the VFIO core's private header)
#   ktap     linux-source-6.1 (its tools/testing/kunit) and python3: make check-ktap
#   cross    the powerpc and powerpc64 cross compilers with their libcs, and
#            qemu-user-static (make CROSS=..., make check-cross)
#   report   gnuplot (its SVG terminal) and python3: make msi-report's charts
#   ppc-kernel  what ci/ppc-kernel-build.sh and make check-kernel-ppc need:
#            the cross group, qemu-system-ppc, linux-source-6.1 and the kernel
#            build dependencies, u-boot-tools, a static busybox, cpio
# Never downloads anything but Debian packages.
set -euo pipefail

need=()
want() { # want COMMAND PACKAGE...
	local cmd=$1; shift
	command -v "$cmd" >/dev/null 2>&1 || need+=("$@")
}
want_file() { # want_file PATH PACKAGE...
	local f=$1; shift
	[ -e "$f" ] || need+=("$@")
}

# The guests' /init needs a static busybox; a dynamic one (package busybox)
# is replaced.
want_static_busybox() {
	local bb

	bb=$(command -v busybox 2>/dev/null || true)
	if [ -z "$bb" ] || ldd "$bb" >/dev/null 2>&1; then
		need+=(busybox-static)
	fi
}
# A kernel image and the headers of that very version: none installed, the
# archive's current pair; an image without headers, the headers of its
# version (looked up from /boot, never written here).
kernel_headers=
want_kernel() {
	local kver

	kver=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n1 | sed 's|^/boot/vmlinuz-||' || true)
	if [ -z "$kver" ]; then
		need+=(linux-image-amd64 linux-headers-amd64)
	elif [ ! -f "/lib/modules/$kver/build/Makefile" ]; then
		kernel_headers=linux-headers-$kver
		need+=("$kernel_headers")
	fi
}

for group in "$@"; do
	case "$group" in
	base)  want gcc gcc; want make make; want prove perl
	       want_file /usr/include/stdio.h libc6-dev ;;
	clang) want clang clang; want_file /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev ;;
	afl)   want afl-fuzz afl++; want afl-clang-fast afl++-clang ;;
	llvm)  want llvm-profdata llvm; want llvm-cov llvm ;;
	qemu)  want qemu-system-x86_64 qemu-system-x86; want cpio cpio
	       want modprobe kmod; want xz xz-utils; want readelf binutils
	       want_static_busybox
	       want_kernel ;;
	uml)   compgen -G '/usr/src/linux-source-6.1.tar.*' >/dev/null || need+=(linux-source-6.1)
	       want flex flex; want bison bison; want_file /usr/include/libelf.h libelf-dev; want bc bc
	       want patch patch; want xz xz-utils ;;
	kernel-source)
	       compgen -G '/usr/src/linux-source-6.1.tar.*' >/dev/null || need+=(linux-source-6.1) ;;
	ktap)  compgen -G '/usr/src/linux-source-6.1.tar.*' >/dev/null || need+=(linux-source-6.1)
	       want python3 python3; want xz xz-utils ;;
	cross) want powerpc-linux-gnu-gcc gcc-powerpc-linux-gnu
	       want powerpc64-linux-gnu-gcc gcc-powerpc64-linux-gnu
	       want_file /usr/powerpc-linux-gnu/include/stdio.h libc6-dev-powerpc-cross
	       want_file /usr/powerpc64-linux-gnu/include/stdio.h libc6-dev-ppc64-cross
	       want qemu-ppc-static qemu-user-static; want qemu-ppc64-static qemu-user-static
	       want python3 python3 ;;
	report) want gnuplot gnuplot-nox; want python3 python3 ;;
	ppc-kernel)
	       want powerpc64-linux-gnu-gcc gcc-powerpc64-linux-gnu
	       want powerpc-linux-gnu-gcc gcc-powerpc-linux-gnu
	       want_file /usr/powerpc64-linux-gnu/include/stdio.h libc6-dev-ppc64-cross
	       want qemu-system-ppc64 qemu-system-ppc; want mkimage u-boot-tools
	       compgen -G '/usr/src/linux-source-6.1.tar.*' >/dev/null || need+=(linux-source-6.1)
	       want flex flex; want bison bison; want_file /usr/include/libelf.h libelf-dev; want bc bc
	       want_file /usr/include/openssl/ssl.h libssl-dev; want xz xz-utils; want cpio cpio
	       want_static_busybox ;;
	*) echo "install-deps.sh: unknown group '$group'" >&2; exit 2 ;;
	esac
done

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: missing packages (${need[*]}) and not root: install them with apt-get" >&2
	exit 1
fi
echo "install-deps.sh: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if ! apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
	# headers of an installed kernel the archive no longer has: take the
	# archive's kernel with its headers instead (it becomes the newest)
	[ -n "$kernel_headers" ] || exit 1
	echo "install-deps.sh: no $kernel_headers in the archive; installing linux-image-amd64 linux-headers-amd64"
	need=("${need[@]/$kernel_headers/linux-image-amd64}" linux-headers-amd64)
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
