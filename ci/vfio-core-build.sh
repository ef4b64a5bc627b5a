#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# vfio-core-build.sh - build t2vfio.ko (docs/vfio-core.md) out of tree
# against KDIR.
#   ci/vfio-core-build.sh [KDIR]     prints the path of the built t2vfio.ko
#                                    (t2groups.ko, its devices, beside it)
#   T2_VFIO_CRASH=1 ci/vfio-core-build.sh [KDIR]
#                                    t2crash.ko instead: t2vfio.ko's backend
#                                    with planted crashes (module/crash.c)
# The module needs the VFIO core's private header drivers/vfio/vfio.h (the
# IOMMU driver ops), which Debian's headers package does not ship: it is
# taken at build time from Debian's linux-source package of the same series
# (/usr/src/linux-source-<series>.tar.xz, or T2_VFIO_SRC_TAR=) into the build
# directory; nothing from the kernel lands in the repository.  The ops
# differ between series: 6.1 is the one supported (the check below).  A UML
# tree (ci/uml-build.sh) is built with ARCH=um.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

die() { echo "vfio-core-build.sh: $*" >&2; exit 1; }
if [ $# -ge 1 ]; then
	KDIR=$1
fi
if [ -z "${KDIR:-}" ]; then
	. ci/kernel-env.sh
fi
[ -f "$KDIR/Makefile" ] || die "KDIR '$KDIR' is not a kernel tree"
rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$KDIR/include/generated/utsrelease.h" 2>/dev/null || true)
[ -n "$rel" ] || die "KDIR '$KDIR' is not prepared (no utsrelease.h)"
series=$(echo "$rel" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
arch=
if grep -qx 'CONFIG_UML=y' "$KDIR/.config" 2>/dev/null; then
	arch=um
	rel=$rel-um
fi
[ "$series" = 6.1 ] || die "kernel $rel: only the 6.1 series' VFIO driver ops are supported (6.12 differs: see docs/vfio-core.md)"
grep -qx 'CONFIG_VFIO=[ym]' "$KDIR/.config" 2>/dev/null || die "kernel $rel has no CONFIG_VFIO"

tar=${T2_VFIO_SRC_TAR:-$(ls /usr/src/linux-source-$series.tar.* 2>/dev/null | head -n1 || true)}
if [ -z "$tar" ]; then   # (the series is 6.1: checked above)
	"$top/ci/install-deps.sh" kernel-source >&2 || true
	tar=$(ls /usr/src/linux-source-$series.tar.* 2>/dev/null | head -n1 || true)
fi
[ -n "$tar" ] && [ -r "$tar" ] || die "no /usr/src/linux-source-$series.tar.*: apt-get install linux-source-$series, or set T2_VFIO_SRC_TAR="

out=$top/build/vfio-module/$rel
hdir=$out/vfio-h
mkdir -p "$out/module" "$out/core" "$hdir"
stamp="$(stat -L -c '%s-%Y' "$tar") $tar"
if [ ! -s "$hdir/vfio.h" ] || [ "$(cat "$hdir/stamp" 2>/dev/null)" != "$stamp" ]; then
	member=$(tar -tf "$tar" --wildcards '*/drivers/vfio/vfio.h' 2>/dev/null | head -n1)
	[ -n "$member" ] || die "'$tar' has no drivers/vfio/vfio.h"
	tar -xOf "$tar" "$member" > "$hdir/vfio.h.tmp"
	mv "$hdir/vfio.h.tmp" "$hdir/vfio.h"
	echo "$stamp" > "$hdir/stamp"
fi
# The 6.1 ops this module implements; another layout must not build silently.
grep -q 'int[[:space:]]*(\*attach_group)(void \*iommu_data,' "$hdir/vfio.h" &&
	grep -q 'enum vfio_group_type);' "$hdir/vfio.h" &&
	grep -q 'struct vfio_container[[:space:]]*\*container;' "$hdir/vfio.h" ||
	die "$tar: drivers/vfio/vfio.h is not the 6.1 layout this module is written for"

# the tree and the build are t2sim's (ci/module-build.sh), with the front end
if [ "${T2_VFIO_CRASH:-0}" = 1 ]; then
	# after t2groups.ko, whose symbols it uses
	T2_VFIO_CRASH=0 "$0" "$KDIR" > /dev/null
	T2_MODULE_OUT=$out/crash T2_MODULE_KO=t2crash.ko \
		T2_KBUILD_VARS="T2_FRONTEND=crash T2_VFIO_H=$hdir KBUILD_EXTRA_SYMBOLS=$out/Module.symvers" \
		exec ci/module-build.sh "$KDIR"
fi
T2_MODULE_OUT=$out T2_MODULE_KO=t2vfio.ko T2_KBUILD_VARS="T2_FRONTEND=vfio T2_VFIO_H=$hdir" \
	exec ci/module-build.sh "$KDIR"
