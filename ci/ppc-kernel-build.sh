#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# ppc-kernel-build.sh - build a big-endian PowerPC kernel for qemu's ppce500
# machine from Debian's linux-source-6.1, once per machine: the tree is cached
# under build/ppc-kernel/CPU and rebuilt only when the source tarball, the
# config fragment or this script change (as ci/uml-build.sh does for UML).
#   ci/ppc-kernel-build.sh [e6500]   64-bit, the T4240's core (the one CPU
#                                    so far; a 32-bit e500mc would be a
#                                    corenet32_smp_defconfig case beside it)
# prints the tree path (vmlinux at its top; KDIR for ci/module-build.sh).
#   PPC_SRC_TAR=/path.tar.xz   another source tarball (default: Debian's 6.1)
#   PPC_JOBS=N                 make jobs (default: the number of CPUs)
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

cpu=${1:-e6500}
case $cpu in
e6500) defconfig=corenet64_smp_defconfig; cross=powerpc64-linux-gnu- ;;
*) echo "ppc-kernel-build.sh: unknown CPU '$cpu' (e6500)" >&2; exit 2 ;;
esac
. ci/kernel-tree-lib.sh
kt_init ppc-kernel-build.sh "$top/build/ppc-kernel/$cpu"
frag=$top/ci/ppc/$cpu.config
jobs=${PPC_JOBS:-$(nproc 2>/dev/null || echo 2)}

command -v "${cross}gcc" >/dev/null || {
	echo "ppc-kernel-build.sh: ${cross}gcc missing (ci/install-deps.sh ppc-kernel)" >&2; exit 1; }
kt_source "${PPC_SRC_TAR:-}" "ci/install-deps.sh ppc-kernel"
kt_cached vmlinux "$frag"
kt_extract

kmake() { make -s -C "$kt_src" ARCH=powerpc CROSS_COMPILE="$cross" "$@"; }
echo "ppc-kernel-build.sh: configuring ($defconfig + $(basename "$frag"))" >&2
kmake "$defconfig" >/dev/null
"$kt_src/scripts/kconfig/merge_config.sh" -m -O "$kt_src" "$kt_src/.config" "$frag" >"$kt_out/merge.log" 2>&1
kmake olddefconfig >/dev/null 2>&1
kt_config_kept "$frag"
kt_make_logged "vmlinux and modules with $jobs jobs" ARCH=powerpc CROSS_COMPILE="$cross" -j"$jobs" vmlinux modules
kt_done
