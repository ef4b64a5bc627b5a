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
#   design:S the conformance suite on the spec personality with the module
#            loaded with platform=S, for each S of T2_SUITE_DESIGN_PLATFORMS:
#            each MSI design on each preset (issue #19); a design the module
#            refuses because it needs a VFIO core change (design C's group
#            ioctl, docs/vfio-core.md) SKIPs, quoting the module's reason
#   matrix   the suite on the matrix platform, spec personality: the baseline
#   Bn, Lk   the suite with that one switch (judged on the host)
# Output: KTAP, one subtest per section.  /t2/suite.env sets
# T2_SUITE_DEFECTS, T2_SUITE_MATRIX_PLATFORM, T2_SUITE_CONF_ARGS and
# T2_SUITE_DESIGN_PLATFORMS.  What
# this payload shares with ci/guest-suite.sh is in /t2/guest-lib.sh
# (ci/guest-lib.sh).
T=/t2
ko=$T/t2vfio.ko
mod=t2vfio
nodes="/dev/vfio/vfio /dev/t2vfio"
# what t2vfio.ko says when it refuses a design by construction (vfio_sim.c)
design_limit="needs a VFIO core change"
export T2_BACKEND=dev T2_ROOT=/dev/vfio T2_CORE=linux61
. $T/guest-lib.sh

ndef=0
for d in $T2_SUITE_DEFECTS; do ndef=$((ndef + 1)); done
echo "KTAP version 1"
echo "1..$((6 + have_replay + have_leaks + ndesign + ndef))"

# The VFIO core is a module in Debian's 6.1 (vfio.ko, no dependencies).
n=$((n + 1))
if [ -d /sys/module/vfio ] || insmod $T/vfio.ko; then
	point 1 "vfio: the VFIO core is loaded"
else
	point 0 "vfio: vfio.ko does not load"
	echo "Bail out! no VFIO core"
	exit 1
fi
# the devices, once: t2vfio.ko loads and unloads on them section by section
if ! insmod $T/t2groups.ko; then
	echo "Bail out! t2groups.ko does not load"
	exit 1
fi

sect params params
point $((rc == 0)) "params: bad values refuse to load"

if load; then
	ls -l /dev/vfio | sed 's/^/# /'
	sect smoke $T/dev_smoke
	point $((rc == 0)) "smoke: spec section 20 through the VFIO core (exit $rc)"
	sect rate $T/vfio_rate
	point $((rc == 0)) "rate: ioctls per second through the VFIO core (exit $rc)"
	sect spec $T/t2conf -m dev $T2_SUITE_CONF_ARGS
	point $((rc == 0)) "spec: conformance suite, core variant linux61 (exit $rc)"
	replay_leaks_sections
	unload
else
	echo "Bail out! t2vfio.ko does not load"
	exit 1
fi

# Each MSI design's platform: the whole suite, spec personality.
design_sections

# The defect matrix (guest-lib.sh): the baseline, then each switch alone.
if [ $ndef -gt 0 ]; then
	matrix_baseline
else
	n=$((n + 1))
	point 1 "matrix: # SKIP no switches asked for"
fi
matrix_switches
echo "# $failed failed"
[ $failed = 0 ]
