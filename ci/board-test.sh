#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# board-test.sh - make check-board-bundle: the board bundle as a maintainer
# runs it, on nothing but busybox.  An empty root gets a static busybox (its
# applets as /bin/*), the qemu-user runner and the unpacked bundle; run.sh
# runs there under chroot against the simulator (--backend stub), and must
# leave ktap.log and summary.txt, pass, and leave KTAP that the kernel's
# kunit.py parses (ci/check-ktap.sh reads build/board/chroot/results/ktap.log).
#   ci/board-test.sh TARBALL [RUNNER]
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$1 runner=${2:-}
root=$PWD/build/board/chroot
bb=$(command -v busybox || true)
[ -n "$bb" ] && ! ldd "$bb" >/dev/null 2>&1 || { echo "board-test.sh: needs a static busybox (busybox-static)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "board-test.sh: chroot needs root" >&2; exit 77; }

rm -rf "$root"
mkdir -p "$root/bin" "$root/tmp" "$root/dev"
cp "$bb" "$root/bin/busybox"
chroot "$root" /bin/busybox --install -s /bin
run_opt=()
if [ -n "$runner" ]; then
	cp "$(command -v "$runner")" "$root/bin/"
	run_opt=(--runner "/bin/$(basename "$runner")")
fi
tar -xzf "$tarball" -C "$root"
dir=/$(basename "$tarball" .tar.gz)
echo "# board-test: chroot $root sh $dir/run.sh --backend stub ${run_opt[*]} --out /results"
rc=0
env -i PATH=/bin "$(command -v chroot)" "$root" /bin/sh "$dir/run.sh" --backend stub "${run_opt[@]}" --out /results || rc=$?
for f in ktap.log summary.txt; do
	[ -s "$root/results/$f" ] || { echo "board-test.sh: run.sh left no $f" >&2; exit 1; }
done
grep -q '^KTAP version 1' "$root/results/ktap.log" || { echo "board-test.sh: ktap.log is not KTAP" >&2; exit 1; }
[ "$rc" = 0 ] || { echo "board-test.sh: run.sh failed (exit $rc)" >&2; exit 1; }
# the kernel's KTAP parser: ci/check-ktap.sh reads this stream too
sh ci/check-ktap.sh | grep -E 'board|^not ok|^# ' || true
sh ci/check-ktap.sh > build/board/check-ktap.log 2>&1 || { cat build/board/check-ktap.log; exit 1; }
echo "# board-test: ok (KTAP: $root/results/ktap.log)"
