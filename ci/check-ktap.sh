#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-ktap.sh [T2CONF] - `make check-ktap`: the kernel's own KTAP parser
# (tools/testing/kunit/kunit.py of linux-source-6.1) reads what the project
# prints, and counts what the runner counted:
#   1. `t2conf --ktap` on the stub, spec personality and one SDK switch (B6:
#      some tests fail): kunit.py parse (text and --json) must report no
#      parse error and no crash, and its passed/failed/skipped leaf counts
#      must equal t2conf's own summary line;
#   2. each guest stream a previous check-kernel / check-uml /
#      check-kernel-ppc / check-vfio-core / check-board-bundle run left
#      (build/check-kernel/<qemu|uml|ppc>/run/tap.log, the board bundle's
#      build/board/chroot/results/ktap.log,
#      build/check-vfio-core/<qemu|uml>/run/tap.log; docs/kernel.md): the
#      same parse, and kunit.py's top-level results (its text output: the JSON
#      has no group status) must equal the stream's
#      own top-level result lines; a missing stream, or one a TIMEOUT or
#      KERNEL run cut short (fewer results than its plan), is a SKIP with its
#      reason (that verdict is the runner's).
# Only tools/testing/kunit is extracted from /usr/src/linux-source-6.1.tar.*
# (installed by ci/install-deps.sh ktap when missing) into build/kunit/.
# TAP output; exit 1 if a check fails.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
T2CONF=${1:-build/gcc/conformance/t2conf}
kdir=$top/build/kunit
kunit=$kdir/tools/testing/kunit/kunit.py
. "$top/harness/tap/tap.sh"  # ok, skip, $tmp
echo "TAP version 13"

if [ ! -f "$kunit" ]; then
	tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
	if [ -z "$tarball" ]; then
		ci/install-deps.sh ktap >&2 || true
		tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
	fi
	[ -n "$tarball" ] || { echo "Bail out! no /usr/src/linux-source-6.1.tar.* (ci/install-deps.sh ktap)"; exit 1; }
	rm -rf "$kdir.tmp" && mkdir -p "$kdir.tmp"
	tar -xf "$tarball" -C "$kdir.tmp" --strip-components=1 --wildcards \
		'linux-source-6.1/tools/testing/kunit/*' ||
		{ echo "Bail out! cannot extract tools/testing/kunit from $tarball"; exit 1; }
	rm -rf "$kdir" && mv "$kdir.tmp" "$kdir"
fi

# kunit.py's summary line, and its JSON's leaf statuses, as "P F S C E"
kunit_counts() { # kunit_counts STREAM -> "text: P F S C E" and "json: P F S"
	python3 "$kunit" parse "$1" > "$tmp/parse.txt" 2>&1
	python3 "$kunit" parse "$1" --json="$tmp/parse.json" > /dev/null 2>&1
	sed -n 's/.*Testing complete\. Ran [0-9]* tests*: *//p' "$tmp/parse.txt" | tail -n 1 |
		awk -F', ' '{ p = f = s = c = e = 0
			for (i = 1; i <= NF; i++) { split($i, kv, ": ")
				if (kv[1] == "passed") p = kv[2]; if (kv[1] == "failed") f = kv[2]
				if (kv[1] == "skipped") s = kv[2]; if (kv[1] == "crashed") c = kv[2]
				if (kv[1] == "errors") e = kv[2] }
			print p, f, s, c, e }'
}
json_leaves() { # P F S of the JSON's leaf test cases
	python3 - "$tmp/parse.json" <<'PY'
import json, sys
def walk(g, c):
    for t in g.get('test_cases', []):
        c[t['status']] = c.get(t['status'], 0) + 1
    for s in g.get('sub_groups', []):
        walk(s, c)
c = {}
try:
    walk(json.load(open(sys.argv[1])), c)
except Exception as e:
    print('error', e); sys.exit(0)
print(c.get('PASS', 0), c.get('FAIL', 0), c.get('SKIP', 0))
PY
}
text_top() { # P F S of kunit.py's own top-level results, from its text output
	# (the JSON has no status for a group: a section whose subtests fail by
	# design, a detected defect row, says "ok" and kunit.py keeps that)
	awk '{ sub(/^\[[0-9:]+\] /, "") }
		/^=+ \[(PASSED|FAILED|SKIPPED|CRASHED)\] .* =+$/ { if (--d == 0) c[$2]++; next }
		/^=+ .* =+$/ { d++; next }
		/^\[(PASSED|FAILED|SKIPPED|CRASHED)\] / { if (d == 0) c[$1]++ }
		END { print c["[PASSED]"] + 0, c["[FAILED]"] + c["[CRASHED]"], c["[SKIPPED]"] + 0 }' "$tmp/parse.txt"
}

# ---- 1. t2conf --ktap
for label in spec B6; do
	if [ "$label" = spec ]; then
		env -u T2_DEFECTS T2_PERSONALITY=spec "$T2CONF" --ktap > "$tmp/t2conf.ktap"
	else
		T2_DEFECTS=$label "$T2CONF" --ktap > "$tmp/t2conf.ktap"
	fi
	head -n 1 "$tmp/t2conf.ktap" | grep -qx 'KTAP version 1'
	ok $? "t2conf --ktap ($label): starts 'KTAP version 1'"
	runner=$(sed -n 's/^# \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' \
		"$tmp/t2conf.ktap" | tail -n 1)
	set -- $(kunit_counts "$tmp/t2conf.ktap")
	text="$1 $2 $3"
	[ "${4:-x}" = 0 ] && [ "${5:-x}" = 0 ]
	ok $? "kunit.py parse of t2conf --ktap ($label): no crash, no error (crashed ${4:-?}, errors ${5:-?})"
	[ -n "$runner" ] && [ "$text" = "$runner" ]
	ok $? "kunit.py parse ($label): passed/failed/skipped $text = t2conf's $runner"
	js=$(json_leaves)
	[ "$js" = "$runner" ]
	ok $? "kunit.py parse --json ($label): leaf passed/failed/skipped $js = t2conf's $runner"
	[ "$fail" -eq 0 ] || sed -n '/ERROR\|CRASHED/p' "$tmp/parse.txt" | head -n 5 | sed 's/^/# /'
done

# ---- kselftest conventions: no device is a skip, bad input a usage error
for fmt in "" --ktap; do
	T2_ROOT=$tmp/no-such-root "$T2CONF" $fmt -m dev > "$tmp/out" 2> "$tmp/err"
	r=$?
	[ $r -eq 4 ] && [ "$(grep -vc '^\(KTAP\|TAP\) version' "$tmp/out")" = 1 ] &&
		grep -q '^1\.\.0 # SKIP .*no-such-root' "$tmp/out"
	ok $? "t2conf $fmt -m dev without a device: '1..0 # SKIP reason' alone, exit 4 (got $r)"
	"$T2CONF" $fmt -m bogus > "$tmp/out" 2> "$tmp/err"
	r=$?
	[ $r -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q "'bogus'" "$tmp/err"
	ok $? "t2conf $fmt -m bogus: usage error on stderr, exit 2, no plan (got $r)"
	T2_DEFECTS=Q9 "$T2CONF" $fmt > "$tmp/out" 2> "$tmp/err"
	r=$?
	[ $r -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q "T2_DEFECTS.*'Q9'" "$tmp/err"
	ok $? "t2conf $fmt with T2_DEFECTS=Q9: usage error naming it, exit 2, no plan (got $r)"
done
T2_ROOT=$tmp/no-such-root "$T2CONF" -m dev > "$tmp/skip.tap" 2>/dev/null
prove --exec cat "$tmp/skip.tap" > "$tmp/prove.out" 2>&1
r=$?
[ $r -eq 0 ] && grep -q 'skipped' "$tmp/prove.out"
ok $? "prove reads the skip as a skip, not 'Bad plan' (exit $r)"

# ---- 2. guest streams left by check-kernel, check-uml, check-vfio-core
for s in check-kernel/qemu check-kernel/uml check-kernel/ppc check-vfio-core/qemu check-vfio-core/uml board; do
	f=$top/build/$s/run/tap.log   # absolute: kunit.py changes directory
	# the board bundle's run.sh, as make check-board-bundle ran it (docs/board.md)
	[ "$s" = board ] && f=$top/build/board/chroot/results/ktap.log
	if [ ! -s "$f" ]; then
		case $s in
		check-kernel/qemu) by="make check-kernel" ;;
		check-kernel/uml) by="make check-uml" ;;
		check-kernel/ppc) by="make check-kernel-ppc" ;;
		board) by="make check-board-bundle CROSS=..." ;;
		check-vfio-core/qemu) by="make check-vfio-core" ;;
		*) by="make check-vfio-core-uml" ;;
		esac
		skip "guest stream $s" "no $f: $by leaves it"
		continue
	fi
	# the runner's own top level: result lines at column 0 after the stream's version line
	runner=$(awk '/^(KTAP|TAP) version/ { on = 1; next } on && /^ok / { if (/# SKIP/) s++; else p++ }
		on && /^not ok / { f++ } END { print p + 0, f + 0, s + 0 }' "$f")
	# a run cut short (the runner's TIMEOUT or KERNEL verdict) leaves a stream
	# kunit.py rightly calls crashed: that verdict is the runner's to give
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$f" | head -n 1)
	set -- $runner
	if [ -n "$plan" ] && [ $(($1 + $2 + $3)) -lt "$plan" ]; then
		skip "guest stream $s" "$f ends after $(($1 + $2 + $3)) of its $plan results (a run cut short: its runner said TIMEOUT or KERNEL)"
		continue
	fi
	set -- $(kunit_counts "$f")
	[ "${4:-x}" = 0 ] && [ "${5:-x}" = 0 ]
	ok $? "kunit.py parse of $f: no crash, no error (crashed ${4:-?}, errors ${5:-?})"
	js=$(text_top)
	[ "$js" = "$runner" ]
	ok $? "kunit.py parse of $f: top-level passed/failed/skipped $js = the stream's $runner"
done

echo "1..$n"
[ "$fail" -eq 0 ]
