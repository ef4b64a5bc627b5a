#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# guest-vfio.sh - the payload ci/vfio-core.sh puts in the qemu guest as
# /t2/run.sh (busybox sh).  Loads the kernel's VFIO core (vfio.ko) and
# t2vfio.ko, then drives /dev/vfio through real ioctl(2) with the device
# backend (T2_BACKEND=dev, T2_ROOT=/dev/vfio, T2_CORE=linux61: the 6.1 core
# variant, docs/vfio-core.md; introspection through /dev/t2vfio):
#   params   bad module parameters refuse to load (DEV-4)
#   smoke    dev_smoke: the spec section 20 sequence through the VFIO core
#   rate     vfio_rate: ioctls per second through the VFIO core
#   spec     the conformance suite on the spec personality
#   replay   t2h replay of corpus/
#   leaks    kmemleak reports that name t2vfio (kernels with kmemleak: UML)
#   matrix   the suite on the matrix platform, spec personality: the baseline
#   Bn, Lk   the suite with that one switch (judged on the host)
# Output: KTAP, one subtest per section.  /t2/suite.env sets
# T2_SUITE_DEFECTS, T2_SUITE_MATRIX_PLATFORM and T2_SUITE_CONF_ARGS.
T=/t2
ko=$T/t2vfio.ko
. $T/suite.env
export T2_BACKEND=dev T2_ROOT=/dev/vfio T2_CORE=linux61

leakfile=/sys/kernel/debug/kmemleak
have_leaks=0
[ -w $leakfile ] && have_leaks=1
have_replay=0
if [ -x $T/t2h ] && [ -d $T/corpus ] && $T/t2h --help 2>&1 | grep -q '^ *replay'; then
	have_replay=1
fi
ndef=0
for d in $T2_SUITE_DEFECTS; do ndef=$((ndef + 1)); done
echo "KTAP version 1"
echo "1..$((6 + have_replay + have_leaks + ndef))"
n=0
failed=0
now() { cut -d' ' -f1 /proc/uptime; }

point() {
	if [ "$1" = 1 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ "${3:-}" = nocount ] || failed=$((failed + 1))
	fi
}

sect() {
	sect_name=$1
	shift
	n=$((n + 1))
	echo "    # Subtest: $sect_name"
	t0=$(now)
	( "$@"; echo $? > /tmp/sect.rc ) 2>&1 | sed 's/^/    /'
	rc=$(cat /tmp/sect.rc)
	echo "    # $sect_name: exit $rc in $(echo "$(now) $t0" | awk '{printf "%.1f", $1 - $2}') s"
}

# The VFIO core is a module in Debian's 6.1 (vfio.ko, no dependencies).
n=$((n + 1))
if [ -d /sys/module/vfio ] || insmod $T/vfio.ko; then
	point 1 "vfio: the VFIO core is loaded"
else
	point 0 "vfio: vfio.ko does not load"
	echo "Bail out! no VFIO core"
	exit 1
fi

load() {
	insmod $ko "$@" || return 1
	[ -c /dev/vfio/vfio ] || { echo "# /dev/vfio/vfio missing after insmod $*"; return 1; }
	[ -c /dev/t2vfio ] || { echo "# /dev/t2vfio missing after insmod $*"; return 1; }
}

unload() {
	rmmod t2vfio || echo "# rmmod t2vfio failed"
}

params() {
	echo "1..4"
	i=0
	bad_loads=0
	for bad in "defects=B99" "personality=sdk2014" "platform=p4080,spaace_pool=70000" "platform=nosuch"; do
		i=$((i + 1))
		if insmod $ko "$bad" 2>/dev/null; then
			echo "not ok $i - $bad refused [DEV-4]"
			rmmod t2vfio
			bad_loads=$((bad_loads + 1))
		else
			echo "ok $i - $bad refused [DEV-4]"
		fi
	done
	dmesg | grep 't2vfio: [a-z]*=' | sed 's/^/# /' | uniq | tail -n 4
	[ $bad_loads = 0 ]
}
sect params params
point $((rc == 0)) "params: bad values refuse to load"

# Leaks (kmemleak) attributed to the module, while it is still loaded so the
# backtraces name it; only objects older than 5 s are reported, hence the wait.
leaks() {
	sleep 6
	echo scan > $leakfile
	awk '/^unreferenced object/ { if (blk ~ /\[t2vfio\]/) print blk; blk = $0; next }
	     { blk = blk "\n" $0 }
	     END { if (blk ~ /\[t2vfio\]/) print blk }' $leakfile > /tmp/t2leaks
	if [ -s /tmp/t2leaks ]; then
		sed 's/^/# /' /tmp/t2leaks
		grep '^unreferenced' /tmp/t2leaks | sed 's/^/<3>t2leak: /' > /dev/kmsg
		return 1
	fi
	echo "# no leak names t2vfio"
	return 0
}

replay_corpus() {
	find $T/corpus -name '*.t2p' ! -path '*/parsers/*' ! -path '*/regress/*' | sort > /tmp/corpus.list
	[ -s /tmp/corpus.list ] || { echo "1..0 # SKIP no corpus programs"; return 0; }
	xargs $T/t2h replay --check --tap < /tmp/corpus.list
}

if load; then
	ls -l /dev/vfio | sed 's/^/# /'
	sect smoke $T/dev_smoke
	point $((rc == 0)) "smoke: spec section 20 through the VFIO core (exit $rc)"
	sect rate $T/vfio_rate
	point $((rc == 0)) "rate: ioctls per second through the VFIO core (exit $rc)"
	sect spec $T/t2conf -m dev $T2_SUITE_CONF_ARGS
	point $((rc == 0)) "spec: conformance suite, core variant linux61 (exit $rc)"
	if [ $have_replay = 1 ]; then
		sect replay replay_corpus
		point $((rc == 0)) "replay: corpus (exit $rc)"
	fi
	if [ $have_leaks = 1 ]; then
		sect leaks leaks
		point $((rc == 0)) "leaks: kmemleak names no t2vfio object"
	fi
	unload
else
	echo "Bail out! t2vfio.ko does not load"
	exit 1
fi

mplat=${T2_SUITE_MATRIX_PLATFORM:-p4080}
failing() {
	sed -n 's/^not ok [0-9]* - \([^ ]*\).*/\1/p' "$1" | sort -u
}

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
	{ echo "#"; failing /tmp/base.tap; } > /tmp/base.fail
	return "$(cat /tmp/base.rc)"
}

echo "#" > /tmp/base.fail
if [ $ndef -gt 0 ]; then
	if load platform=$mplat; then
		sect matrix baseline
		point $((rc == 0)) "matrix: conformance suite on platform $mplat (exit $rc)"
		unload
	else
		n=$((n + 1))
		point 0 "matrix: platform $mplat does not load"
	fi
else
	n=$((n + 1))
	point 1 "matrix: # SKIP no switches asked for"
fi
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
echo "# $failed failed"
[ $failed = 0 ]
