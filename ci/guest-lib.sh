# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# guest-lib.sh - sourced by the guest payloads (ci/guest-suite.sh for t2sim.ko,
# ci/guest-vfio.sh for t2vfio.ko) as /t2/guest-lib.sh, which the host scripts
# copy into the payload (t2_guest_payload, ci/kernel-lib.sh).  busybox sh:
# POSIX sh only.  What both payloads do around their own module:
#   point PASSED DESCRIPTION [nocount]   one top-level KTAP result
#   sect NAME CMD...                     CMD as the subtest NAME; exit in $rc
# The stream nests the way the kernel's parser (tools/testing/kunit/kunit.py)
# wants it: a subtest starts with its version line, then "# Subtest: NAME",
# and its result line at the parent level is named NAME exactly.
#   load ARGS...; unload                 insmod $ko ARGS (checks $nodes); rmmod
#   params                               DEV-4: bad parameters refuse to load
#   replay_leaks_sections                the replay and leaks sections
#   matrix_baseline; matrix_switches     the "matrix" section, then Bn, Lk
#   design_sections                      a design:S section per MSI design
# The payload sets, before sourcing: T (the payload directory), ko (its
# module), mod (the module's name) and nodes (the device nodes a load makes);
# optionally design_limit (see design_sections).
# Sets have_replay, have_leaks, ndesign (the design:S sections), n (results
# so far) and failed.
. $T/suite.env
leakfile=/sys/kernel/debug/kmemleak
have_replay=0
if [ -x $T/t2h ] && [ -d $T/corpus ] && $T/t2h --help 2>&1 | grep -q '^ *replay'; then
	have_replay=1
fi
have_leaks=0
[ -w $leakfile ] && have_leaks=1
ndesign=0
for p in ${T2_SUITE_DESIGN_PLATFORMS:-}; do ndesign=$((ndesign + 1)); done
n=0
failed=0

now() { cut -d' ' -f1 /proc/uptime; }

# point PASSED DESCRIPTION [nocount]: one top-level result (n already counted);
# "nocount" keeps a failure out of the exit code (the defect rows: the host
# judges the kill matrix against the baseline and the stub).  The result is
# named by DESCRIPTION up to its first ": " (a section's name), the whole of
# it goes on a diagnostic line before; "NAME: # SKIP why" is a skip.
point() {
	pname=${2%%: *}
	case $2 in
	*"# SKIP"*) echo "ok $n - $pname # SKIP ${2#*# SKIP }"; return ;;
	esac
	echo "# $2"
	if [ "$1" = 1 ]; then
		echo "ok $n - $pname"
	else
		echo "not ok $n - $pname"
		[ "${3:-}" = nocount ] || failed=$((failed + 1))
	fi
}

# step WHAT: a mark in the kernel log, so that the console of a guest that
# hangs says at which step (level 4: shown at loglevel=5, judged by nothing)
step() {
	echo "<4>t2guest: $*" > /dev/kmsg 2>/dev/null || true
}

# sect NAME CMD...: runs CMD as the subtest NAME; leaves its exit code in $rc.
# Indented line by line and flushed at once (sed would buffer until the end).
sect() {
	sect_name=$1
	shift
	n=$((n + 1))
	step "section $sect_name"
	t0=$(now)
	# the version line first (the command's own, else one added), then the
	# subtest's name
	( "$@"; echo $? > /tmp/sect.rc ) 2>&1 | awk -v name="$sect_name" '
		function head(v) { print "    " v; print "    # Subtest: " name; h = 1 }
		!h { if ($0 ~ /^(K)?TAP version [0-9]+$/) { head($0); fflush(); next }
		     head("KTAP version 1") }
		{ print "    " $0; fflush() }
		END { if (!h) head("KTAP version 1") }'
	rc=$(cat /tmp/sect.rc)
	echo "    # $sect_name: exit $rc in $(echo "$(now) $t0" | awk '{printf "%.1f", $1 - $2}') s"
}

load() {
	step "insmod $*"
	insmod $ko "$@" || return 1
	for node in $nodes; do
		[ -c $node ] || { echo "# $node missing after insmod $*"; return 1; }
	done
}

unload() {
	step "rmmod"
	rmmod $mod || echo "# rmmod $mod failed"
}

# DEV-4: every bad value refuses the load and names itself in the log.
params() {
	echo "1..4"
	i=0
	bad_loads=0
	for bad in "defects=B99" "personality=sdk2014" "platform=p4080,spaace_pool=70000" "platform=nosuch"; do
		i=$((i + 1))
		if insmod $ko "$bad" 2>/dev/null; then
			echo "not ok $i - $bad refused [DEV-4]"
			rmmod $mod
			bad_loads=$((bad_loads + 1))
		else
			echo "ok $i - $bad refused [DEV-4]"
		fi
	done
	dmesg | grep "$mod: [a-z]*=" | sed 's/^/# /' | uniq | tail -n 4
	[ $bad_loads = 0 ]
}

# The corpus programs (corpus/parsers holds parser seeds, not programs),
# checked against their "#@ expect" lines for the active label.
replay_corpus() {
	find $T/corpus -name '*.t2p' ! -path '*/parsers/*' ! -path '*/regress/*' | sort > /tmp/corpus.list
	[ -s /tmp/corpus.list ] || { echo "1..0 # SKIP no corpus programs"; return 0; }
	# per-program isolation (docs/devices.md): an unfired fail_nth must not
	# outlive its program; the next one opens a container as on a fresh target
	printf 'platform p4080\nc0 = container\nfail_nth 2\n' > /tmp/iso-1-arm.t2p
	printf 'platform p4080\nc0 = container\ng0 = group 0\nset_container g0 c0\n' \
		> /tmp/iso-2-after.t2p
	echo /tmp/iso-1-arm.t2p >> /tmp/corpus.list
	echo /tmp/iso-2-after.t2p >> /tmp/corpus.list
	xargs $T/t2h replay --check --tap < /tmp/corpus.list
}

# Leaks (kmemleak) attributed to the module, while it is still loaded so the
# backtraces name it.  Reports only objects older than 5 s, hence the wait.
leaks() {
	sleep 6
	echo scan > $leakfile
	awk -v m="[$mod]" '/^unreferenced object/ { if (index(blk, m)) print blk; blk = $0; next }
	     { blk = blk "\n" $0 }
	     END { if (index(blk, m)) print blk }' $leakfile > /tmp/t2leaks
	if [ -s /tmp/t2leaks ]; then
		sed 's/^/# /' /tmp/t2leaks
		grep '^unreferenced' /tmp/t2leaks | sed 's/^/<3>t2leak: /' > /dev/kmsg
		return 1
	fi
	echo "# no leak names $mod"
	return 0
}

# The replay section (when the tool and a corpus are there) and the leaks
# section (kernels with kmemleak), with the module loaded.
replay_leaks_sections() {
	if [ $have_replay = 1 ]; then
		sect replay replay_corpus
		point $((rc == 0)) "replay: corpus (exit $rc)"
	fi
	if [ $have_leaks = 1 ]; then
		sect leaks leaks
		point $((rc == 0)) "leaks: kmemleak names no $mod object"
	fi
}

# The defect matrix: each switch alone (PERS-3); L1..L3 are scored beside it.
# Its platform moves CCSR away from the reference's hard-coded base, where
# SDK-B10 is visible (spec 19.3).
mplat=${T2_SUITE_MATRIX_PLATFORM:-p4080}

# names of the failing tests in a TAP file
failing() {
	sed -n 's/^not ok [0-9]* - \([^ ]*\).*/\1/p' "$1" | sort -u
}

# The suite with one switch on.  Exit 1 when a test that passes on the
# baseline fails (the switch is detected), 0 when none does.  A race need not
# show every time: when nothing is detected, the concurrency tests run again,
# up to three times, their failures shown as "# retry N: not ok ..." lines.
defect_suite() {
	T2_DEFECTS=$1 $T/t2conf -m dev $T2_SUITE_CONF_ARGS | tee /tmp/def.tap
	failing /tmp/def.tap | grep -vxF -f /tmp/base.fail > /tmp/def.new
	[ -s /tmp/def.new ] && return 1
	for i in 1 2 3; do
		T2_DEFECTS=$1 $T/t2conf -m dev -t 'conc.*' > /tmp/def.tap 2>&1
		sed -n "s/^not ok /# retry $i: not ok /p" /tmp/def.tap
		failing /tmp/def.tap | grep -vxF -f /tmp/base.fail > /tmp/def.new
		[ -s /tmp/def.new ] && return 1
	done
	return 0
}

baseline() {
	{ $T/t2conf -m dev $T2_SUITE_CONF_ARGS; echo $? > /tmp/base.rc; } | tee /tmp/base.tap
	# "#" is no test name: grep -f never gets an empty pattern file
	{ echo "#"; failing /tmp/base.tap; } > /tmp/base.fail
	return "$(cat /tmp/base.rc)"
}

# The "matrix" section: the suite on the spec personality on $mplat.  When
# the platform does not load, the switch rows count every failure.
matrix_baseline() {
	echo "#" > /tmp/base.fail
	if load platform=$mplat; then
		sect matrix baseline
		point $((rc == 0)) "matrix: conformance suite on platform $mplat (exit $rc)"
		unload
	else
		n=$((n + 1))
		point 0 "matrix: platform $mplat does not load"
	fi
}

# One section per switch of T2_SUITE_DEFECTS, on $mplat; not counted in the
# exit code (the host judges the kill matrix).
matrix_switches() {
	for d in $T2_SUITE_DEFECTS; do
		if ! load platform=$mplat defects=$d; then
			n=$((n + 1))
			point 0 "$d: module does not load"
			continue
		fi
		sect "$d" defect_suite $d
		point $((rc == 1)) "$d: $([ "$rc" = 1 ] && echo detected || echo not detected)" nocount
		unload
	done
}

# One design:S section per S of T2_SUITE_DESIGN_PLATFORMS (issue #19): the
# whole suite on the spec personality with the module loaded with platform=S.
# A module that cannot offer a design by its construction refuses the load
# and says why in its log; when the payload names that reason (design_limit,
# e.g. "needs a VFIO core change" for t2vfio.ko, docs/vfio-core.md) and the
# module's line for platform S states it, the section SKIPs quoting that
# line.  Any other refusal fails.
design_sections() {
	for p in ${T2_SUITE_DESIGN_PLATFORMS:-}; do
		if ! load platform="$p"; then
			n=$((n + 1))
			why=$(dmesg | grep -F "$mod: platform='$p'" | tail -n 1 | sed 's/^\[[^]]*\] *//')
			if [ -n "${design_limit:-}" ] && [ -n "$why" ] &&
			   echo "$why" | grep -qF "$design_limit"; then
				point 1 "design:$p: # SKIP the module refuses it by construction: $why"
			else
				point 0 "design:$p: the module does not load${why:+ ($why)}"
			fi
			continue
		fi
		sect "design:$p" $T/t2conf -m dev $T2_SUITE_CONF_ARGS
		point $((rc == 0)) "design:$p: conformance suite (exit $rc)"
		unload
	done
}
