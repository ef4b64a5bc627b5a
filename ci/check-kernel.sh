#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-kernel.sh - the kernel target (make check-kernel, make check-uml):
# build the t2sim module and static harness programs, boot a guest, run
# ci/guest-suite.sh inside (conformance suite on the module's spec
# personality, corpus replay, then each switch alone), print the guest's KTAP
# and the kill matrix, and exit with the runner's verdict.
#
#   ci/check-kernel.sh qemu   Debian's kernel (or KERNEL=, KDIR=) under qemu TCG
#   ci/check-kernel.sh uml    the KASAN UML of ci/uml-build.sh (UML_TREE=)
#   ci/check-kernel.sh ppc    the big-endian ppc64 e6500 kernel of
#                             ci/ppc-kernel-build.sh (PPC_TREE=) under qemu
#                             ppce500, with the powerpc64 cross programs
# With MODULES='a.ko [param=v ...] b.ko ...' the driver under test instead:
# ci/kernel-items.sh (the suite and the corpus item by item, resuming after
# a crash; T2_ROOT, T2_CORE, T2_OBSERVE as there).
# Environment: T2_KERNEL_DEFECTS (default: every switch of ci/switch-names.sh),
# T2_KERNEL_MATRIX_PLATFORM, T2_KERNEL_TIMEOUT (guest timeout, s), QEMU_SMP
# (qemu guest CPUs, default 2), T2CONF_ARGS (extra t2conf arguments),
# T2_KERNEL_VERBOSE=1 (all of the KTAP).  What this target shares with
# ci/vfio-core.sh (build, payload, boot, KTAP display) is in ci/kernel-lib.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
. ci/kernel-lib.sh
which=${1:-qemu}
t0=$SECONDS
# A driver under test (MODULES=...): the resumable run of ci/kernel-items.sh.
if [ -n "${MODULES:-}" ]; then
	exec ci/kernel-items.sh "$which" "modules-$which"
fi

defects=${T2_KERNEL_DEFECTS:-$(ci/switch-names.sh)}
# The matrix runs where SDK-B10 (hard-coded CCSR base) is visible.
matrix_platform=${T2_KERNEL_MATRIX_PLATFORM:-p4080,ccsr_base=0xf00000000}
timeout_s=${T2_KERNEL_TIMEOUT:-900}

t2_kernel_tree "$which" "qemu uml ppc"
out=$top/build/check-kernel/$which
t2_payload_dir "$out"

echo "# building t2sim.ko against $KDIR"
t2_module_build ci/module-build.sh "$KDIR" "$out"
echo "# building the static guest programs"
make -s FLAVOR=gcc kernel-bins >&2
if [ "$which" = ppc ]; then
	make -s CROSS=powerpc64-linux-gnu- kernel-bins >&2
fi
cp "$T2_KO" "$payload/t2sim.ko"
t2_guest_payload "$payload" ci/guest-suite.sh

# What kills each switch on the stub, on the same platform: a switch none of
# whose stub killers can run in the guest (they SKIP there, e.g. for want of
# hugepages in UML) is reported untestable rather than survived.
t2_stub_killers "$out" "$matrix_platform" "$defects"
# Stub killers written for a platform string of their own run in the guest
# with the module loaded with that string and the switch: "B11@p4080,...".
# Not the memlock strings (PLAT-4: the guest runs as root).
build/gcc/kernel-bins/t2conf -L > "$out/plat-cases"
pairs=$(for d in $defects; do
	[ -s "$out/stub-killers/$d" ] || continue
	awk -F'\t' -v d="$d" 'NR == FNR { k[$0] = 1; next }
		($2 in k) && $1 !~ /memlock=|cap_ipc_lock=/ { print d "@" $1 }' \
		"$out/stub-killers/$d" "$out/plat-cases"
done | sort -u | tr '\n' ' ')
design_platforms=$(t2_design_platforms)
echo "# MSI design sections: ${design_platforms:-none}"
t2_suite_env "$payload/suite.env" "$defects" "$matrix_platform" "$pairs" "$design_platforms"

echo "# booting ($which)"
set +e
verdict=$(t2_boot "$([ "$which" = uml ] && echo uml || echo qemu)" "$KDIR" "$timeout_s" "$out" "$payload")
set -e
# Shown: the top level, the failing subtests with their diagnostics, and each
# section's time (T2_KERNEL_VERBOSE=1 shows everything).
t2_show_ktap "$out"

# The kill matrix: per switch, the tests that fail with it on but pass on the
# spec personality on the same platform (the "matrix" baseline; for a switch
# run on a case's own platform S, the plat:S section).  A switch is killed
# when there is at least one; every B switch must be, and the spec runs must
# pass.
echo "# kill matrix ($which, platform $matrix_platform; tests failing on the baseline discounted;"
echo "#   stub: how many tests kill the switch on the stub, same platform;"
echo "#   untested: every test that kills the switch on the stub SKIPs in this kernel)"
matrix_ok=1
awk -v out="$out/kill-matrix.txt" -v kdir="$out/stub-killers" '
	function tname(line) {
		sub(/^    (# retry [0-9]+: )?(not )?ok [0-9]+ - /, "", line)
		sub(/ \[.*$/, "", line); sub(/ #.*$/, "", line)
		return line
	}
	function kill(d, t) {
		if ((d, t) in seen) return
		seen[d, t] = 1; killer[d, ++nk[d]] = t
	}
	# sections: matrix (the baseline), plat:S (the baseline of S), Bn and
	# Lk (the switch on the matrix platform), Bn@S (the switch on S)
	/^    # Subtest: / {
		sec = $3; kind = ""; sw = sec; pl = ""
		if (sec == "matrix") kind = "base"
		else if (sec ~ /^plat:/) { kind = "plat"; pl = substr(sec, 6) }
		else if (sec ~ /^[BL][0-9]+$/) { kind = "sw"; order[++nsw] = sec }
		else if (sec ~ /^[BL][0-9]+@/) { kind = "pair"; sw = sec; sub(/@.*/, "", sw); pl = sec; sub(/^[^@]*@/, "", pl) }
		next
	}
	/^    (# retry [0-9]+: )?not ok / {
		t = tname($0)
		if (kind == "base") base[t] = 1
		else if (kind == "plat") pfail[pl, t] = 1
		else if (kind == "sw") fail[sw, ++nf[sw]] = t
		else if (kind == "pair") { ran[sw, t] = 1; if (!((pl, t) in pfail)) kill(sw, t) }
		next
	}
	/^    ok [0-9]+ - .* # SKIP/ { if (kind == "sw") skip[sw, tname($0)] = 1; next }
	/^    ok [0-9]+ - / { if (kind == "pair") ran[sw, tname($0)] = 1; next }
	/^(not )?ok [0-9]+ - / { kind = "" }
	END {
		for (i = 1; i <= nsw; i++) {
			d = order[i]
			for (j = 1; j <= nf[d]; j++) if (!(fail[d, j] in base)) kill(d, fail[d, j])
		}
		for (i = 1; i <= nsw; i++) {
			d = order[i]; k = ""; more = ""; n = nk[d] + 0
			for (j = 1; j <= n && j <= 4; j++) k = k (j > 1 ? ", " : "") killer[d, j]
			if (n > 4) more = sprintf(" (+%d more)", n - 4)
			st = n ? "killed" : "SURVIVED"
			# what kills it on the stub, same platform; untestable here when
			# every one of those skipped in this run (and ran in no Bn@S)
			sk = 0; ns = 0
			while ((getline t < (kdir "/" d)) > 0) { sk++; if (((d, t) in skip) && !((d, t) in ran)) ns++ }
			close(kdir "/" d)
			if (!n) {
				if (sk && ns == sk) { st = "untested"; k = sprintf("its %d stub killers all SKIP here", sk) }
				else if (sk) more = " <- the stub kills it"
			}
			line = sprintf("#   %-4s %-8s %3d (stub %3d): %s%s", d, st, n, sk, k, more)
			print line; print line > out
		}
	}' "$out/run/tap.log" 2>/dev/null || true
# In UML (no hugepages) some switches cannot be tested; under qemu all must be.
# On e6500 (ppc) there are no 2 MiB hugepages (FSL Book3E has 4 MiB and up).
allow_untested=${T2_KERNEL_ALLOW_UNTESTED:-$([ "$which" != qemu ] && echo 1 || echo 0)}
# every B switch must be killed, and no switch the stub kills may survive
if grep -q -e '^#   B[0-9]* *SURVIVED' -e 'the stub kills it$' "$out/kill-matrix.txt" 2>/dev/null; then
	matrix_ok=0
fi
if [ "$allow_untested" != 1 ] && grep -q '^#   B[0-9]* *untested' "$out/kill-matrix.txt" 2>/dev/null; then
	matrix_ok=0
fi
[ -s "$out/kill-matrix.txt" ] || matrix_ok=0
for sect in spec matrix; do
	grep -qx "ok [0-9]* - $sect" "$out/run/tap.log" 2>/dev/null || matrix_ok=0
done
t2_guest_times "$out"
# boot plus the conformance suite: the sections up to and including spec
suite=$(awk -v b="${T2_START:-0}" '/^    # (params|smoke|spec): exit [0-9]+ in [0-9.]+ s$/ { t += $(NF - 1) }
	END { printf "%.1f", b + t }' "$out/run/tap.log" 2>/dev/null || echo "?")
echo "# $which: guest boot ${T2_START:-?} s, boot + params + smoke + spec suite ${suite} s, payload to ${T2_END:-?} s (guest uptime); guest wall $T2_WALL s; whole target $((SECONDS - t0)) s"
t2_verdict "$which" "$verdict" "$matrix_ok" "$out"
