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
out=$top/build/ppc-kernel/$cpu
frag=$top/ci/ppc/$cpu.config
jobs=${PPC_JOBS:-$(nproc 2>/dev/null || echo 2)}

command -v "${cross}gcc" >/dev/null || {
	echo "ppc-kernel-build.sh: ${cross}gcc missing (ci/install-deps.sh ppc-kernel)" >&2; exit 1; }
tar=${PPC_SRC_TAR:-}
if [ -z "$tar" ]; then
	tar=$(compgen -G '/usr/src/linux-source-6.1.tar.*' | head -n1 || true)
fi
if [ -z "$tar" ] || [ ! -r "$tar" ]; then
	echo "ppc-kernel-build.sh: no kernel source tarball (ci/install-deps.sh ppc-kernel)" >&2
	exit 1
fi

# The cache key: what the tree is built from.
# (contents only: the same tree whatever the path the script is run by)
key=$( { stat -c '%n %s %Y' "$tar"; cat "$frag" "$0"; } | sha256sum | cut -c1-16)
src=$out/src
stamp=$out/stamp
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && [ -f "$src/vmlinux" ]; then
	echo "ppc-kernel-build.sh: cached ($src)" >&2
	echo "$src"
	exit 0
fi

t0=$SECONDS
rm -rf "$out"
mkdir -p "$out/extract"
echo "ppc-kernel-build.sh: extracting $tar" >&2
tar -xf "$tar" -C "$out/extract"
top_dir=$(find "$out/extract" -mindepth 1 -maxdepth 1 -type d | head -n1)
mv "$top_dir" "$src"
rmdir "$out/extract"

kmake() { make -s -C "$src" ARCH=powerpc CROSS_COMPILE="$cross" "$@"; }
echo "ppc-kernel-build.sh: configuring ($defconfig + $(basename "$frag"))" >&2
kmake "$defconfig" >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$src" "$src/.config" "$frag" >"$out/merge.log" 2>&1
kmake olddefconfig >/dev/null 2>&1
# Every option of the fragment must have survived (a kernel without, say,
# the qemu platform would build and never boot).
while read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qx "$line" "$src/.config" || { echo "ppc-kernel-build.sh: config lost '$line'" >&2; exit 1; } ;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }; opt=${opt%% *}
		! grep -q "^$opt=" "$src/.config" || { echo "ppc-kernel-build.sh: config forced '$opt' on" >&2; exit 1; } ;;
	esac
done < "$frag"

echo "ppc-kernel-build.sh: building vmlinux and modules with $jobs jobs" >&2
kmake -j"$jobs" vmlinux modules >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "ppc-kernel-build.sh: build failed (full log: $out/build.log)" >&2
	exit 1
}
echo "$key" > "$stamp"
echo "ppc-kernel-build.sh: built in $((SECONDS - t0)) s" >&2
echo "$src"
