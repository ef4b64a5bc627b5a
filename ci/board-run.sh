#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# board-run.sh - run.sh of the board bundle (make board-bundle, docs/board.md):
# on a P4080 / T4240 with its vendor kernel, the conformance suite and a
# replay of corpus/ against the kernel's type2 backend through /dev/vfio, with
# nothing but busybox.  Leaves OUT/ktap.log (KTAP, one subtest per section,
# as the guests of make check-kernel write it) and OUT/summary.txt.
#   sh run.sh [options]
#   --type2 N        the backend type value of the vendor kernel: 2, 1000, 7
#                    (spec ABI-4; binaries for each are in bin/type2-N)
#   --core C         the VFIO core around the backend: spec or linux61 (T2_CORE)
#   --platform S     the SoC and its settings (spec PLAT-2): p4080 (default),
#                    t4240, or a longer string, e.g. t4240,msi_policy=shared
#   --root DIR       the device root (default /dev/vfio)
#   --out DIR        where the results go (default ./t2-results)
#   --backend B      dev (default) or stub (the simulator in the programs:
#                    a check of the bundle itself)
#   --runner CMD     runs the programs (e.g. qemu-ppc64-static, for a test
#                    of the bundle on another machine); default: directly
# Exit: 0 when every section passed, 1 when one failed, 2 on a bad option.
here=$(cd "$(dirname "$0")" && pwd)
type2=2 core=spec platform=p4080 root=/dev/vfio out=./t2-results backend=dev runner=

die() { echo "run.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--type2|--core|--platform|--root|--out|--backend|--runner)
		[ $# -ge 2 ] || die "option $1 needs a value"
		case $1 in
		--type2) type2=$2 ;;
		--core) core=$2 ;;
		--platform) platform=$2 ;;
		--root) root=$2 ;;
		--out) out=$2 ;;
		--backend) backend=$2 ;;
		--runner) runner=$2 ;;
		esac
		shift 2 ;;
	-h|--help) sed -n '6,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown option '$1' (--help lists them)" ;;
	esac
done
bin=$here/bin/type2-$type2
[ -x "$bin/t2conf" ] || die "--type2 $type2: no binaries for it (have: $(ls "$here/bin" | sed 's/type2-//' | tr '\n' ' '))"
case $core in spec|linux61) ;; *) die "--core $core: spec or linux61" ;; esac
case $backend in dev|stub) ;; *) die "--backend $backend: dev or stub" ;; esac
if [ "$backend" = dev ] && [ ! -c "$root/vfio" ]; then
	die "--root $root: no $root/vfio character device (is the type2 driver loaded?)"
fi
mkdir -p "$out" || die "--out $out: cannot create it"
out=$(cd "$out" && pwd)

# The work folder looks like a guest payload (T): ci/guest-lib.sh's sections
# run t2conf and t2h from it; wrappers add the runner.
T=$out/work
rm -rf "$T"
mkdir -p "$T"
for p in t2conf t2h; do
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$runner" "$bin/$p" > "$T/$p"
	chmod +x "$T/$p"
done
cp -r "$here/corpus" "$T/corpus"   # a copy: find does not enter a symlink
: > "$T/suite.env"
export T2_BACKEND=$backend T2_ROOT=$root T2_CORE=$core T2_PLATFORM=$platform
unset T2_DEFECTS T2_PERSONALITY
. "$here/guest-lib.sh"

# t2h's notes (a program's platform overridden by the board's) go to a file
# of their own: KTAP wants the version line first
replay_quiet() {
	replay_corpus 2> "$out/replay-notes.txt"
}

{
	echo "KTAP version 1"
	echo "1..$((1 + have_replay))"
	echo "# t2harness board run: type2 $type2, core $core, platform $platform, backend $backend, root $root"
	echo "# kernel: $(uname -r 2>/dev/null) $(uname -m 2>/dev/null)"
	sect spec "$T/t2conf" -m "$backend"
	point $((rc == 0)) "spec: conformance suite (exit $rc)"
	if [ "$have_replay" = 1 ]; then
		sect replay replay_quiet
		point $((rc == 0)) "replay: corpus (exit $rc)"
	fi
	echo "# $failed failed"
} > "$out/ktap.log"

{
	echo "t2harness board run $(date -u '+%Y-%m-%dT%H:%M:%SZ')"
	echo "kernel: $(uname -a 2>/dev/null)"
	echo "type2 $type2, core $core, platform $platform, backend $backend, root $root"
	grep -E '^(not )?ok [0-9]+ - ' "$out/ktap.log"
	echo "failing tests and programs:"
	grep -E '^    not ok [0-9]+ - ' "$out/ktap.log" | sed 's/^    not ok [0-9]* - /  /'
	echo "$failed section(s) failed; KTAP: $out/ktap.log"
} > "$out/summary.txt"
cat "$out/summary.txt"
[ "$failed" = 0 ]
