#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# install-deps.sh - install what a stage needs from Debian's packages, and only
# what is missing.  Usage: ci/install-deps.sh GROUP...
#   base     gcc, make, prove (make check)
#   clang    clang-14 with libFuzzer and sanitizer runtimes
#   afl      AFL++ (afl-clang-fast, afl-fuzz)
#   llvm     llvm-profdata / llvm-cov (coverage reports)
#   qemu     qemu-system-x86, Debian's kernel and headers, busybox, cpio, kmod
#   uml      linux-source-6.1 and the kernel build dependencies
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

for group in "$@"; do
	case "$group" in
	base)  want gcc gcc; want make make; want prove perl ;;
	clang) want clang clang; want_file /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev ;;
	afl)   want afl-fuzz afl++; want afl-clang-fast afl++-clang ;;
	llvm)  want llvm-profdata llvm; want llvm-cov llvm ;;
	qemu)  want qemu-system-x86_64 qemu-system-x86; want busybox busybox-static; want cpio cpio
	       want modprobe kmod; want xz xz-utils; want readelf binutils
	       compgen -G '/boot/vmlinuz-*' >/dev/null || need+=(linux-image-amd64)
	       compgen -G '/usr/src/linux-headers-*-amd64' >/dev/null || need+=(linux-headers-amd64) ;;
	uml)   compgen -G '/usr/src/linux-source-6.1.tar.*' >/dev/null || need+=(linux-source-6.1)
	       want flex flex; want bison bison; want_file /usr/include/libelf.h libelf-dev; want bc bc
	       want patch patch; want xz xz-utils ;;
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
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
