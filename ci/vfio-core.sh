#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# vfio-core.sh - make check-vfio-core: build t2vfio.ko and the static guest
# programs, boot Debian's kernel under qemu (TCG, ci/qemu-run.sh), load the
# kernel's VFIO core and t2vfio.ko, run ci/guest-vfio.sh inside (smoke,
# ioctl rate, the conformance suite through /dev/vfio/vfio with core variant
# linux61, corpus replay, the suite per MSI design (T2_KERNEL_DESIGNS,
# T2_KERNEL_DESIGN_PRESETS as for check-kernel), then each switch alone),
# print the KTAP, the figures and the kill matrix, and compare the matrix
# with the stub's.
#
#   ci/vfio-core.sh [qemu|uml]
# qemu (the default, make check-vfio-core): Debian's kernel under TCG.
# uml: the KASAN + lockdep + kmemleak User-mode Linux of ci/uml-build.sh
# (UML_TREE=), its own vfio.ko; the spec sections only unless
# T2_VFIO_DEFECTS says otherwise (no hugepages there: docs/kernel.md).
# Environment: T2_VFIO_DEFECTS (qemu default: every switch of
# ci/switch-names.sh; "" runs
# the spec sections only), T2_KERNEL_MATRIX_PLATFORM, T2_KERNEL_TIMEOUT
# (guest timeout, s), T2CONF_ARGS, T2_KERNEL_VERBOSE=1 (all of the KTAP),
# KERNEL=, KDIR= (a 6.1 kernel and its build tree), QEMU_SMP (default 2).
# What this target shares with ci/check-kernel.sh (build, payload, boot, KTAP
# display) is in ci/kernel-lib.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
. ci/kernel-lib.sh
t0=$SECONDS
which=${1:-qemu}

all=$(ci/switch-names.sh)
matrix_platform=${T2_KERNEL_MATRIX_PLATFORM:-p4080,ccsr_base=0xf00000000}
timeout_s=${T2_KERNEL_TIMEOUT:-1500}

t2_kernel_tree "$which" "qemu uml"
# UML: the spec sections only by default (no hugepages there: docs/kernel.md)
case $which in
qemu) defects=${T2_VFIO_DEFECTS-$all} ;;
uml) defects=${T2_VFIO_DEFECTS-} ;;
esac
out=$top/build/check-vfio-core/$which
t2_payload_dir "$out"

echo "# building t2vfio.ko against $KDIR"
t2_module_build ci/vfio-core-build.sh "$KDIR" "$out"
t2_vfio_ko "$which" "$payload/vfio.ko"
echo "# building the static guest programs"
make -s FLAVOR=gcc vfio-bins >&2
cp "$T2_KO" "$payload/t2vfio.ko"
cp "$(dirname "$T2_KO")/t2groups.ko" "$payload/t2groups.ko"
t2_guest_payload "$payload" ci/guest-vfio.sh
# A design:S section per MSI design and preset, as in ci/check-kernel.sh
# (t2_design_platforms); the guest SKIPs one t2vfio.ko refuses for want of a
# VFIO core change (design C, docs/vfio-core.md), quoting the module.
design_platforms=$(t2_design_platforms)
echo "# MSI design sections: ${design_platforms:-none}"
t2_suite_env "$payload/suite.env" "$defects" "$matrix_platform" "" "$design_platforms"

# What kills each switch on the stub, on the same platform.
t2_stub_killers "$out" "$matrix_platform" "$defects"

# Two vCPUs (t2_boot): the SDK-B8 race (no lock on the attribute and MSI
# paths) then runs truly in parallel, not only at the module's yield points.
echo "# booting ($which, VFIO core)"
set +e
verdict=$(t2_boot "$which" "$KDIR" "$timeout_s" "$out" "$payload")
set -e
# the figures of the rate section are shown too
t2_show_ktap "$out" '^    # .*ioctl/s$'

# The kill matrix, judged as for t2sim.ko (ci/check-kernel.sh): per switch,
# the tests that fail with it on but pass on the baseline; then, per B
# switch, whether the stub kills it too (the matrices must match).
matrix_ok=1
: > "$out/kill-matrix.txt"
if [ -n "$defects" ]; then
	echo "# kill matrix ($which, VFIO core, platform $matrix_platform; baseline failures discounted; stub: killed on the stub)"
	awk -v out="$out/kill-matrix.txt" -v kdir="$out/stub-killers" '
	function flush(   i, k, nk, more, st, sk, t) {
		if (name == "") return
		if (name == "matrix") { for (t in cur) base[t] = 1 }
		else if (name ~ /^[BL][0-9]+$/) {
			k = ""; nk = 0
			for (i = 1; i <= nord; i++) if (!(ord[i] in base)) { nk++; if (nk <= 4) k = k (nk > 1 ? ", " : "") ord[i] }
			more = (nk > 4) ? sprintf(" (+%d more)", nk - 4) : ""
			sk = 0
			while ((getline t < (kdir "/" name)) > 0) sk++
			close(kdir "/" name)
			st = nk ? "killed" : "SURVIVED"
			line = sprintf("#   %-4s %-8s %3d (stub %s): %s%s", name, st, nk, sk ? "killed" : "survived", k, more)
			print line; print line > out
		}
		name = ""
	}
	/^    # Subtest: / { flush(); name = $3; delete cur; nord = 0; next }
	/^    (# retry [0-9]+: )?not ok / {
		t = $0; sub(/^    (# retry [0-9]+: )?not ok [0-9]+ - /, "", t); sub(/ \[.*$/, "", t); sub(/ #.*$/, "", t)
		cur[t] = 1; ord[++nord] = t; next
	}
	/^(not )?ok [0-9]+ - / { flush() }
	END { flush() }' "$out/run/tap.log" 2>/dev/null || true
	# every B switch the stub kills must be killed here
	grep -q '^#   B[0-9]* *SURVIVED .*(stub killed)' "$out/kill-matrix.txt" && matrix_ok=0
	[ -s "$out/kill-matrix.txt" ] || matrix_ok=0
	grep -qx "ok [0-9]* - matrix" "$out/run/tap.log" 2>/dev/null || matrix_ok=0
fi
grep -qx "ok [0-9]* - spec" "$out/run/tap.log" 2>/dev/null || matrix_ok=0
t2_guest_times "$out"
echo "# vfio-core $which: guest boot ${T2_START:-?} s, payload to ${T2_END:-?} s (guest uptime); guest wall $T2_WALL s; whole target $((SECONDS - t0)) s"
t2_verdict "vfio-core $which" "$verdict" "$matrix_ok" "$out"
