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
. "$here/kernel-lib.sh"

tree=${UML_TREE:-$here/../build/uml/src}
timeout_s=${UML_TIMEOUT:-120}
outdir=
mem=${UML_MEM:-512M}

usage() { t2_die "usage: $0 [-u UML_TREE] [-t SECONDS] [-m MEM] [-o OUTDIR] PAYLOAD_DIR"; }
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

t2_need_payload "$payload"
[ -x "$tree/linux" ] || t2_die "no UML binary at $tree/linux (run ci/uml-build.sh)"
t2_static_busybox

outdir=${outdir:-$(mktemp -d /tmp/t2uml.XXXXXX)}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
root=$outdir/root
t2_guest_root "$root" "$payload"

console=$outdir/console.log
: > "$root/tap.log"
t2_clock_start
set +e
# UML's memory file goes to TMPDIR; ubd/network/ssl are not wanted.
TMPDIR=${TMPDIR:-/tmp} timeout --kill-after=5 "$timeout_s" "$tree/linux" \
	mem="$mem" rootfstype=hostfs rootflags="$root" rw init=/init \
	con=null con0=null,fd:1 ssl=null loglevel=5 panic=-1 oops=panic \
	T2_TAP_OUT=/tap.log ${UML_APPEND_EXTRA:-} \
	</dev/null >"$console" 2>&1
wrc=$?
set -e
t2_clock_stop "$outdir" "$tree/linux"
cp "$root/tap.log" "$outdir/tap.log"
t2_judge "$console" "$wrc" "$timeout_s"
