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

out=$top/build/uml
patch_file=$top/ci/uml/registers-xstate.patch
frag=$top/ci/uml/kasan.config
jobs=$(nproc 2>/dev/null || echo 2)

tar=${UML_SRC_TAR:-}
if [ -z "$tar" ]; then
	tar=$(compgen -G '/usr/src/linux-source-6.1.tar.*' | head -n1 || true)
fi
if [ -z "$tar" ] || [ ! -r "$tar" ]; then
	echo "uml-build.sh: no kernel source tarball (install linux-source-6.1: ci/install-deps.sh uml)" >&2
	exit 1
fi

# The cache key: what the tree is built from.
key=$( { stat -c '%n %s %Y' "$tar"; sha256sum "$patch_file" "$frag" "$0"; } | sha256sum | cut -c1-16)
src=$out/src
stamp=$out/stamp
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && [ -x "$src/linux" ]; then
	echo "uml-build.sh: cached ($src)" >&2
	echo "$src"
	exit 0
fi

t0=$SECONDS
rm -rf "$out"
mkdir -p "$out/extract"
echo "uml-build.sh: extracting $tar" >&2
tar -xf "$tar" -C "$out/extract"
top_dir=$(find "$out/extract" -mindepth 1 -maxdepth 1 -type d | head -n1)
mv "$top_dir" "$src"
rmdir "$out/extract"

echo "uml-build.sh: applying $(basename "$patch_file")" >&2
patch -s -p1 -d "$src" < "$patch_file"

echo "uml-build.sh: configuring (defconfig + $(basename "$frag"))" >&2
make -s -C "$src" ARCH=um defconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$src" "$src/.config" "$frag" >"$out/merge.log" 2>&1
make -s -C "$src" ARCH=um olddefconfig >/dev/null 2>&1
# Every option of the fragment must have survived (a silent drop would mean
# a UML without KASAN that still "passes").
while read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qx "$line" "$src/.config" || { echo "uml-build.sh: config lost '$line'" >&2; exit 1; } ;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }; opt=${opt%% *}
		! grep -q "^$opt=" "$src/.config" || { echo "uml-build.sh: config forced '$opt' on" >&2; exit 1; } ;;
	esac
done < "$frag"

echo "uml-build.sh: building linux and modules with $jobs jobs" >&2
make -s -C "$src" ARCH=um -j"$jobs" linux modules >"$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "uml-build.sh: build failed (full log: $out/build.log)" >&2
	exit 1
}
echo "$key" > "$stamp"
echo "uml-build.sh: built in $((SECONDS - t0)) s" >&2
echo "$src"
