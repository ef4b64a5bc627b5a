#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# uml-run.sh - boot the KASAN User-mode Linux of ci/uml-build.sh on a hostfs
# root, run one script inside, and judge the run from the console log.
#
#   ci/uml-run.sh [-u UML_TREE] [-t SECONDS] [-m MEM] [-o OUTDIR] PAYLOAD_DIR
#
# PAYLOAD_DIR is copied to /t2 in the root and its run.sh is run there by
# ci/guest-init.sh; its stdout is saved as OUTDIR/tap.log (the hostfs root is
# a host directory, so no serial line is needed).  The console goes to
# OUTDIR/console.log, followed by the kmemleak report and the whole dmesg.
# The last line printed is the verdict of ci/kernel-judge.sh (PASS, FAIL,
# KERNEL, TIMEOUT; ERROR 4 when the runner cannot start), also the exit code.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/kernel-judge.sh"

tree=${UML_TREE:-$here/../build/uml/src}
timeout_s=${UML_TIMEOUT:-120}
outdir=
mem=${UML_MEM:-512M}

usage() { echo "usage: $0 [-u UML_TREE] [-t SECONDS] [-m MEM] [-o OUTDIR] PAYLOAD_DIR" >&2; echo ERROR; exit 4; }
while getopts "u:t:o:m:h" opt; do
	case $opt in
	u) tree=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	o) outdir=$OPTARG ;;
	m) mem=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
payload=$1

die() { echo "uml-run.sh: $*" >&2; echo "ERROR"; exit 4; }

[ -f "$payload/run.sh" ] || die "payload '$payload' has no run.sh"
[ -x "$tree/linux" ] || die "no UML binary at $tree/linux (run ci/uml-build.sh)"
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || die "busybox missing (ci/install-deps.sh qemu)"
ldd "$busybox" >/dev/null 2>&1 && die "busybox '$busybox' is dynamically linked (install busybox-static)"

outdir=${outdir:-$(mktemp -d /tmp/t2uml.XXXXXX)}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
root=$outdir/root
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,proc,sys,dev,t2}
cp "$busybox" "$root/bin/busybox"
cp "$here/guest-init.sh" "$root/init"
chmod +x "$root/init"
cp -r "$payload"/. "$root/t2/"

console=$outdir/console.log
: > "$root/tap.log"
t0=$(date +%s%N)
set +e
# UML's memory file goes to TMPDIR; ubd/network/ssl are not wanted.
TMPDIR=${TMPDIR:-/tmp} timeout --kill-after=5 "$timeout_s" "$tree/linux" \
	mem="$mem" rootfstype=hostfs rootflags="$root" rw init=/init \
	con=null con0=null,fd:1 ssl=null loglevel=5 panic=-1 oops=panic \
	T2_TAP_OUT=/tap.log \
	</dev/null >"$console" 2>&1
wrc=$?
set -e
ms=$((($(date +%s%N) - t0) / 1000000))
cp "$root/tap.log" "$outdir/tap.log"
printf 'uml-run.sh: guest ran %d.%03d s (%s)\n' $((ms / 1000)) $((ms % 1000)) "$tree/linux" >&2
echo "$ms" > "$outdir/wall-ms"
t2_judge "$console" "$wrc" "$timeout_s"
