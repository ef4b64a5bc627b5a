#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# module-build.sh - build the t2sim module out of tree against KDIR.
#   ci/module-build.sh [KDIR]     prints the path of the built t2sim.ko
# (T2_MODULE_OUT, T2_MODULE_KO, T2_KBUILD_VARS: see below; ci/vfio-core-build.sh)
# KDIR defaults to the headers of the newest installed Debian kernel
# (ci/kernel-env.sh); a UML tree (ci/uml-build.sh) is built with ARCH=um, a
# PowerPC tree (ci/ppc-kernel-build.sh) with ARCH=powerpc and its cross compiler.
# The sources are linked file by file into build/module/<release>/, so the
# repository never receives object files.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

if [ $# -ge 1 ]; then
	KDIR=$1
fi
if [ -z "${KDIR:-}" ]; then
	. ci/kernel-env.sh
fi
[ -f "$KDIR/Makefile" ] || { echo "module-build.sh: KDIR '$KDIR' is not a kernel tree" >&2; exit 1; }
rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$KDIR/include/generated/utsrelease.h" 2>/dev/null || true)
[ -n "$rel" ] || { echo "module-build.sh: KDIR '$KDIR' is not prepared (no utsrelease.h)" >&2; exit 1; }
arch=
cross=
if grep -qx 'CONFIG_UML=y' "$KDIR/.config" 2>/dev/null; then
	arch=um
	rel=$rel-um
elif grep -qx 'CONFIG_PPC=y' "$KDIR/.config" 2>/dev/null; then
	# a ci/ppc-kernel-build.sh tree: cross-built for its word size
	arch=powerpc
	if grep -qx 'CONFIG_PPC64=y' "$KDIR/.config"; then
		cross=powerpc64-linux-gnu-
		rel=$rel-ppc64
	else
		cross=powerpc-linux-gnu-
		rel=$rel-ppc
	fi
fi

# Another front end (ci/vfio-core-build.sh) reuses the tree and the build:
# T2_MODULE_OUT its folder, T2_MODULE_KO its module, T2_KBUILD_VARS more
# make variables (words without spaces).
out=${T2_MODULE_OUT:-$top/build/module/$rel}
mkdir -p "$out/module" "$out/core"
# Relink every time: core files come and go.
find "$out" -type l -delete
ln -s "$top/kernel-stub/module/Kbuild" "$out/Kbuild"
for f in "$top"/kernel-stub/module/*.c; do ln -s "$f" "$out/module/"; done
for f in "$top"/kernel-stub/core/*.c; do
	[ -e "$f" ] && ln -s "$f" "$out/core/"
done
# Objects of core files that no longer exist must not be linked in.
for o in "$out"/core/*.o; do
	[ -e "$o" ] || continue
	[ -e "${o%.o}.c" ] || rm -f "$o" "$(dirname "$o")/.$(basename "$o").cmd"
done

# shellcheck disable=SC2086
make -s -C "$KDIR" ${arch:+ARCH=$arch} ${cross:+CROSS_COMPILE=$cross} M="$out" T2_TOP="$top" ${T2_KBUILD_VARS:-} \
	T2_TYPE2_VALUE="${T2_TYPE2_VALUE:-2}" W=1 modules >&2
echo "$out/${T2_MODULE_KO:-t2sim.ko}"
