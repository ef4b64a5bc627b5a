#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# guest-suite.sh - the payload ci/check-kernel.sh puts in the guest (qemu or
# UML) as /t2/run.sh; busybox sh.  Loads t2sim.ko and drives it through real
# ioctl(2) with the device backend (T2_BACKEND=dev, T2_ROOT=/dev/t2sim):
#   params   bad module parameters refuse to load (DEV-4)
#   smoke    dev_smoke: the spec section 20 sequence on real hugepages
#   spec     the conformance suite on the spec personality
#   replay   t2h replay of corpus/ (when the tool and a corpus are there)
#   leaks    kmemleak reports that name t2sim (kernels with kmemleak)
#   plat:S   the cases written for platform string S (t2conf -L), with the
#            module loaded with platform=S, one load per distinct S; the
#            memlock strings skip (PLAT-4: the module uses the caller's
#            RLIMIT_MEMLOCK and CAP_IPC_LOCK, and the guest runs as root)
#   design:S the whole conformance suite on the spec personality with the
#            module loaded with platform=S, for each S of
#            T2_SUITE_DESIGN_PLATFORMS: each MSI design on each preset
#            (issue #19; the default platform is the spec section's)
#   matrix   the conformance suite on the spec personality again, on the
#            matrix platform (T2_SUITE_MATRIX_PLATFORM): the baseline
#   Bn, Lk   the conformance suite with defects=Bn (or Lk) alone, on the
#            matrix platform: the defect is detected when a test that passes
#            on the baseline fails.  The suite is told the switch
#            (T2_DEFECTS), as on the stub: a test that checks the reported
#            switch set (INTRO-9) then passes, and detection is behaviour.
#            These rows do not decide the exit code: ci/check-kernel.sh
#            judges the kill matrix.
#   Bn@S     the cases of platform S with defects=Bn on platform S, for the
#            pairs in T2_SUITE_PLAT_PAIRS: a case written for S kills Bn on
#            the stub.  Judged by the host against the plat:S section.
# Output: KTAP; each section is a subtest, its own TAP indented four spaces.
# /t2/suite.env sets T2_SUITE_DEFECTS (every switch: "B1 ... B16 L1 L2 L3"),
# T2_SUITE_MATRIX_PLATFORM, T2_SUITE_CONF_ARGS (extra t2conf arguments) and
# T2_SUITE_PLAT_PAIRS ("B11@p4080,spaace_pool=8 ...") and
# T2_SUITE_DESIGN_PLATFORMS ("p4080,msi_design=A ... t4240,msi_design=D").  What this payload
# shares with ci/guest-vfio.sh is in /t2/guest-lib.sh (ci/guest-lib.sh).
T=/t2
ko=$T/t2sim.ko
mod=t2sim
nodes=/dev/t2sim/vfio
export T2_BACKEND=dev T2_ROOT=/dev/t2sim
. $T/guest-lib.sh

ndef=0
for d in $T2_SUITE_DEFECTS $T2_SUITE_PLAT_PAIRS; do ndef=$((ndef + 1)); done
# corpus/regress programs carry expectations per switch: replayed per switch
have_regress=0
if [ $have_replay = 1 ] && [ -n "$(find $T/corpus/regress -name '*.t2p' 2>/dev/null | head -n1)" ]; then
	have_regress=1
fi
# the distinct platform strings of the suite's platform cases
$T/t2conf -L > /tmp/plat.list 2>/dev/null || : > /tmp/plat.list
cut -f1 /tmp/plat.list | sort -u > /tmp/plat.strings
nplat=$(wc -l < /tmp/plat.strings)
echo "KTAP version 1"
echo "1..$((4 + have_replay + have_leaks + have_regress + nplat + ndesign + ndef))"

sect params params
point $((rc == 0)) "params: bad values refuse to load"

# The hugepage sizes a program allocates that this kernel has none of (DEV-6).
needs_huge() {
	for sz in $(sed -n 's/.*= *alloc  *\([0-9]*[KMG]\) .*/\1/p' "$1" | sort -u); do
		case $sz in
		*K) kb=${sz%K} ;;
		*M) kb=$((${sz%M} * 1024)) ;;
		*G) kb=$((${sz%G} * 1024 * 1024)) ;;
		esac
		[ "$kb" = 4 ] && continue
		nr=$(cat /sys/kernel/mm/hugepages/hugepages-${kb}kB/nr_hugepages 2>/dev/null || echo 0)
		[ "$nr" -gt 0 ] || echo "$sz"
	done | tr '\n' ' ' | sed 's/ $//'
}

# corpus/regress: each program on the platform it names, in a process of its
# own (the locked count is the process's), with a freshly loaded module (crash
# points count per instance), under the spec personality and under every
# label whose "#@ expect" line names a finding.
regress() {
	find $T/corpus/regress -name '*.t2p' | sort > /tmp/regress.list
	k=0
	: > /tmp/regress.plan
	while read -r f; do
		echo spec >> /tmp/regress.plan
		sed -n 's/^#@ expect \([^ ]*\) \([^ ]*\).*/\1 \2/p' "$f" |
			awk '$2 != "pass" && $1 != "spec" { print $1 }' >> /tmp/regress.plan
	done < /tmp/regress.list
	echo "1..$(wc -l < /tmp/regress.plan)"
	bad=0
	while read -r f; do
		plat=$(sed -n 's/^platform  *//p' "$f" | head -n1)
		missing=$(needs_huge "$f")
		labels="spec $(sed -n 's/^#@ expect \([^ ]*\) \([^ ]*\).*/\1 \2/p' "$f" |
			awk '$2 != "pass" && $1 != "spec" { print $1 }' | tr '\n' ' ')"
		for l in $labels; do
			k=$((k + 1))
			if [ -n "$missing" ]; then
				echo "ok $k - $(basename "$f") [$l] # SKIP no $missing hugepages in this kernel"
				continue
			fi
			case $l in
			spec) sel="personality=spec"; envs="T2_PERSONALITY=spec" ;;
			sdk2013) sel="personality=sdk2013"; envs="T2_PERSONALITY=sdk2013" ;;
			*) sel="defects=$l"; envs="T2_DEFECTS=$l" ;;
			esac
			if ! insmod $ko platform="${plat:-p4080}" $sel 2>/dev/null; then
				echo "not ok $k - $(basename "$f") [$l] # module refuses platform '${plat:-p4080}'"
				bad=$((bad + 1))
				continue
			fi
			if env $envs $T/t2h replay --check "$f" < /dev/null > /tmp/regress.out 2>&1; then
				echo "ok $k - $(basename "$f") [$l]"
			else
				echo "not ok $k - $(basename "$f") [$l]"
				sed 's/^/# /' /tmp/regress.out
				bad=$((bad + 1))
			fi
			rmmod t2sim
		done
	done < /tmp/regress.list
	[ $bad = 0 ]
}

if load; then
	sect smoke $T/dev_smoke
	point $((rc == 0)) "smoke: spec section 20 on real memory (exit $rc)"
	sect spec $T/t2conf -m dev $T2_SUITE_CONF_ARGS
	point $((rc == 0)) "spec: conformance suite (exit $rc)"
	replay_leaks_sections
	unload
else
	echo "Bail out! t2sim.ko does not load"
	exit 1
fi
# The cases of one platform string; the runner checks that the module
# reports that platform and SKIPs a case otherwise, naming the field.
plat_suite() {
	$T/t2conf -m dev $T2_SUITE_CONF_ARGS \
		$(awk -F'\t' -v p="$1" '$1 == p { printf " -t %s", $2 }' /tmp/plat.list)
}
for p in $(cat /tmp/plat.strings); do
	case $p in
	*memlock=*|*cap_ipc_lock=*)
		n=$((n + 1))
		echo "ok $n - plat:$p # SKIP PLAT-4: the module uses the caller's RLIMIT_MEMLOCK and CAP_IPC_LOCK (root here)"
		continue ;;
	esac
	if ! load platform="$p"; then
		n=$((n + 1))
		point 0 "plat:$p: the module does not load"
		continue
	fi
	sect "plat:$p" plat_suite "$p"
	case $rc in
	0) point 1 "plat:$p: its cases pass" ;;
	4) point 1 "plat:$p: # SKIP its cases all skip in this kernel" ;;
	*) point 0 "plat:$p: its cases (exit $rc)" ;;
	esac
	unload
done

# Each MSI design's platform: the whole suite, spec personality.
design_sections

if [ $have_regress = 1 ]; then
	sect regress regress
	point $((rc == 0)) "regress: corpus/regress findings reproduce on the module (exit $rc)"
fi

# The defect matrix (guest-lib.sh): the baseline, then each switch alone.
matrix_baseline
matrix_switches

# A switch on the platform of the cases that kill it on the stub.
pair_suite() {
	export T2_DEFECTS=$1
	plat_suite "$2"
}
for pr in $T2_SUITE_PLAT_PAIRS; do
	d=${pr%%@*}
	p=${pr#*@}
	if ! load platform="$p" defects=$d; then
		n=$((n + 1))
		point 0 "$pr: module does not load"
		continue
	fi
	sect "$pr" pair_suite "$d" "$p"
	point $((rc == 0 || rc == 1 || rc == 4)) "$pr: its cases ran (exit $rc)" nocount
	unload
done
echo "# $failed failed"
[ $failed = 0 ]
