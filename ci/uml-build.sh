#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# uml-build.sh - build User-mode Linux with KASAN from Debian's linux-source-6.1,
# once per machine: the tree is cached under build/uml and rebuilt only when the
# source tarball, the patch, the config fragment or this script change.
#   ci/uml-build.sh            build (or say it is cached); prints the tree path
#   UML_SRC_TAR=/path.tar.xz   another source tarball (default: Debian's 6.1)
# The xstate patch (ci/uml/registers-xstate.patch) is applied to the extracted
# source at build time; no kernel source is kept in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

. ci/kernel-tree-lib.sh
kt_init uml-build.sh "$top/build/uml"
patch_file=$top/ci/uml/registers-xstate.patch
frag=$top/ci/uml/kasan.config
jobs=$(nproc 2>/dev/null || echo 2)

kt_source "${UML_SRC_TAR:-}" "install linux-source-6.1: ci/install-deps.sh uml"
kt_cached linux "$patch_file" "$frag"
kt_extract

echo "uml-build.sh: applying $(basename "$patch_file")" >&2
patch -s -p1 -d "$kt_src" < "$patch_file"

echo "uml-build.sh: configuring (defconfig + $(basename "$frag"))" >&2
make -s -C "$kt_src" ARCH=um defconfig >/dev/null
"$kt_src/scripts/kconfig/merge_config.sh" -m -O "$kt_src" "$kt_src/.config" "$frag" >"$kt_out/merge.log" 2>&1
make -s -C "$kt_src" ARCH=um olddefconfig >/dev/null 2>&1
kt_config_kept "$frag"
kt_make_logged "linux and modules with $jobs jobs" ARCH=um -j"$jobs" linux modules
kt_done
