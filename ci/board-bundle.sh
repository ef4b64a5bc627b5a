#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# board-bundle.sh - assembles the board bundle (make board-bundle CROSS=...,
# docs/board.md) from the static programs the Makefile built:
#   ci/board-bundle.sh TRIPLET VALUE...
# takes build/TRIPLET[-typeV]/{t2h,conformance/t2conf} for each type2 VALUE
# and writes build/board/t2board-TRIPLET.tar.gz holding t2board-TRIPLET/:
# bin/type2-V/, corpus/, run.sh (ci/board-run.sh), guest-lib.sh (its KTAP
# sections) and board.md.  Prints the tarball's path.
set -euo pipefail
cd "$(dirname "$0")/.."
triplet=$1
shift
name=t2board-$triplet
stage=build/board/$name
rm -rf "$stage" "build/board/$name.tar.gz"
mkdir -p "$stage/bin"
for v in "$@"; do
	src=build/$triplet$([ "$v" = 2 ] || echo "-type$v")
	mkdir -p "$stage/bin/type2-$v"
	for p in t2h conformance/t2conf; do
		[ -x "$src/$p" ] || { echo "board-bundle.sh: $src/$p missing (make CROSS=$triplet- T2_TYPE2_VALUE=$v)" >&2; exit 1; }
		cp "$src/$p" "$stage/bin/type2-$v/"
	done
done
cp -r corpus "$stage/corpus"
cp ci/board-run.sh "$stage/run.sh"
cp ci/guest-lib.sh "$stage/guest-lib.sh"
cp docs/board.md "$stage/board.md"
chmod +x "$stage/run.sh"
tar -C build/board -czf "build/board/$name.tar.gz" "$name"
echo "build/board/$name.tar.gz"
