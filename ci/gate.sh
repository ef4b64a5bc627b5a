#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# gate.sh - the PR gate's stages, in order (what .ci/run runs):
#   deps        ci/install-deps.sh: what the stages need, from Debian's packages
#   check       make check (gcc): unit, oracle, conformance, corpus replay
#   asan        clang ASan+UBSan: conformance suite (every MSI design) and corpus replay
#   tsan        ThreadSanitizer: the conformance suite, concurrency tests included
#   fuzz-smoke  libFuzzer build of every target, GATE_FUZZ_SECONDS each on the
#               spec personality from the seed corpus: any finding fails
#   kernel      make check-kernel (qemu), then make check-kernel-crashes (when
#               linux-source-6.1 is there); skipped, saying why, when the target
#               does not exist or its packages cannot be installed; the guest
#               gets GATE_KERNEL_TIMEOUT s (1500)
#   uml         make check-uml (KASAN User-mode Linux; builds UML once, about
#               4 minutes): not in the default list, same skip rules; the guest
#               gets GATE_UML_TIMEOUT s (900)
#   cross       make check-cross: the powerpc and powerpc64 static builds,
#               their check suites under qemu-user and the big-endian
#               fingerprint compare (docs/board.md); skipped, saying why, when
#               the cross packages cannot be installed; last in the default
#               list (about 14 minutes)
#   ppc-kernel  make check-kernel-ppc (ppc64 e6500 kernel under qemu ppce500;
#               its first build takes long: not in the default list), same
#               skip rules
#   vfio        make check-vfio-core (t2vfio.ko behind the kernel's own VFIO
#               core under qemu, docs/vfio-core.md), same skip rules (also
#               needs linux-source-6.1)
# The default list (what .ci/run runs): deps check asan tsan fuzz-smoke kernel
# vfio cross.
# GATE_STAGES="check asan" picks a subset.  Each stage prints what it runs and
# how long it took; the first failure names the stage and stops the gate.
# Logs of the fuzz-smoke stage: build/gate/.
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=$(nproc 2>/dev/null || echo 2)
STAGES=${GATE_STAGES:-"deps check asan tsan fuzz-smoke kernel vfio cross"}
FUZZ_SECONDS=${GATE_FUZZ_SECONDS:-20}
declare -A took status
t_gate=$SECONDS
npass=0 nskip=0

# A stage that cannot run here exits with this code after saying why.
SKIP=77

summary() {
	echo "=== gate summary ($((SECONDS - t_gate)) s)"
	for s in $STAGES; do
		printf '  %-11s %-7s %5s s\n' "$s" "${status[$s]:-not run}" "${took[$s]:-}"
	done
}

run_stage() { # run_stage NAME WHAT COMMAND...
	local name=$1 what=$2 t0=$SECONDS rc=0
	shift 2
	echo "=== stage $name: $what"
	"$@" || rc=$?
	took[$name]=$((SECONDS - t0))
	if [ "$rc" = "$SKIP" ]; then
		status[$name]=skipped
		nskip=$((nskip + 1))
		echo "=== stage $name skipped after ${took[$name]} s"
		return
	fi
	if [ "$rc" != 0 ]; then
		status[$name]=FAILED
		echo "=== stage $name FAILED (exit $rc) after ${took[$name]} s"
		summary
		echo "gate: FAILED at stage $name"
		echo "gate: $npass passed, 1 failed, $nskip skipped"
		exit 1
	fi
	status[$name]=passed
	npass=$((npass + 1))
	echo "=== stage $name passed in ${took[$name]} s"
}

# Each libFuzzer target from its seeds, on the spec personality (PERS-1):
# every input must pass, so the first finding or sanitizer report fails.
# The targets run side by side, one per core.
smoke_one() { # smoke_one TARGET OUTDIR
	local t=$1 out=$2
	mkdir -p "$out/$t/corpus" "$out/$t/artifacts"
	(
		unset T2_DEFECTS T2_FINDINGS_DIR T2_FUZZ_CONTINUE
		export T2_PERSONALITY=spec
		cd "$out/$t" &&
		"$OLDPWD/fuzzers/run-target.sh" "$t" "$OLDPWD/build/fuzz/lf/fuzz_$t" \
			-max_total_time="$FUZZ_SECONDS" -timeout=20 -print_final_stats=1 \
			-artifact_prefix="$out/$t/artifacts/" corpus "$OLDPWD/build/fuzz/seeds/$t"
	) > "$out/$t/log" 2>&1
	echo $? > "$out/$t/rc"
}

stage_fuzz_smoke() {
	local out=$PWD/build/gate/fuzz-smoke t targets bad=() running=0 execs eps
	targets=$(make -s --no-print-directory -f Makefile \
		-f <(printf 'print-%%:\n\t@echo $($*)\n') print-FUZZ_TARGETS)
	[ -n "$targets" ] || { echo "fuzz-smoke: the Makefile names no FUZZ_TARGETS"; return 1; }
	make -j"$JOBS" fuzz-seeds $(for t in $targets; do echo "build/fuzz/lf/fuzz_$t"; done)
	rm -rf "$out"
	for t in $targets; do
		echo "--- fuzz_$t: ${FUZZ_SECONDS} s from build/fuzz/seeds/$t (log build/gate/fuzz-smoke/$t/log)"
		smoke_one "$t" "$out" &
		running=$((running + 1))
		if [ "$running" -ge "$JOBS" ]; then
			wait -n || true
			running=$((running - 1))
		fi
	done
	wait || true
	for t in $targets; do
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t/log")
		eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/$t/log")
		if [ "$(cat "$out/$t/rc")" = 0 ]; then
			echo "--- fuzz_$t: nothing found in ${execs:-?} execs (${eps:-?} exec/s)"
		else
			echo "--- fuzz_$t FOUND something (exit $(cat "$out/$t/rc")); input in build/gate/fuzz-smoke/$t/artifacts/:"
			grep -E '^==t2h-finding==|SUMMARY:|^ERROR' "$out/$t/log" | head -n 5 | sed 's/^/    /'
			sed -n '/^==t2h-finding==/,/^platform/p' "$out/$t/log" | sed -n '2,4p' | sed 's/^/    /'
			bad+=("fuzz_$t")
		fi
	done
	[ ${#bad[@]} -eq 0 ] || { echo "fuzz-smoke: findings in ${bad[*]}"; return 1; }
}

stage_kernel() {
	if ! make -n check-kernel >/dev/null 2>&1; then
		echo "kernel: SKIP: the Makefile has no check-kernel target"
		return $SKIP
	fi
	if ! ci/install-deps.sh qemu; then
		echo "kernel: SKIP: the kernel packages (ci/install-deps.sh qemu) cannot be installed here"
		return $SKIP
	fi
	# a guest that hangs must not eat the gate; it runs in about 4 minutes on
	# an idle machine, over 10 on a loaded one (the budget is no verdict)
	T2_KERNEL_TIMEOUT=${GATE_KERNEL_TIMEOUT:-1500} make check-kernel || return 1
	# the resumable runs on planted crashes (about 3 minutes, 6 boots); they
	# build t2crash.ko, which needs the VFIO core's private header
	if ! ci/install-deps.sh kernel-source; then
		echo "kernel: check-kernel-crashes SKIPPED: linux-source-6.1 cannot be installed here"
		return 0
	fi
	T2_KERNEL_TIMEOUT=${GATE_KERNEL_TIMEOUT:-600} make check-kernel-crashes
}

stage_uml() {
	if ! make -n check-uml >/dev/null 2>&1; then
		echo "uml: SKIP: the Makefile has no check-uml target"
		return $SKIP
	fi
	if ! ci/install-deps.sh qemu uml; then
		echo "uml: SKIP: the UML packages (ci/install-deps.sh qemu uml) cannot be installed here"
		return $SKIP
	fi
	# the guest runs in about 8 minutes (KASAN); the UML build, once, about 4
	T2_KERNEL_TIMEOUT=${GATE_UML_TIMEOUT:-900} make check-uml
}

stage_vfio() {
	if ! make -n check-vfio-core >/dev/null 2>&1; then
		echo "vfio: SKIP: the Makefile has no check-vfio-core target"
		return $SKIP
	fi
	if ! ci/install-deps.sh qemu; then
		echo "vfio: SKIP: the kernel packages (ci/install-deps.sh qemu) cannot be installed here"
		return $SKIP
	fi
	if ! ci/install-deps.sh kernel-source; then
		echo "vfio: SKIP: linux-source-6.1 (the VFIO core's private header) cannot be installed here"
		return $SKIP
	fi
	make check-vfio-core
}

stage_cross() {
	if ! ci/install-deps.sh cross; then
		echo "cross: SKIP: the cross packages (ci/install-deps.sh cross) cannot be installed here"
		return $SKIP
	fi
	make check-cross
}

stage_ppc_kernel() {
	if ! ci/install-deps.sh ppc-kernel; then
		echo "ppc-kernel: SKIP: the packages (ci/install-deps.sh ppc-kernel) cannot be installed here"
		return $SKIP
	fi
	T2_KERNEL_TIMEOUT=${GATE_PPC_KERNEL_TIMEOUT:-1800} make check-kernel-ppc
}

for s in $STAGES; do
	case $s in
	deps|check|asan|tsan|fuzz-smoke|kernel|uml|vfio|cross|ppc-kernel) ;;
	*) echo "gate: unknown stage '$s' (deps check asan tsan fuzz-smoke kernel uml vfio cross ppc-kernel)" >&2; exit 2 ;;
	esac
done

for s in $STAGES; do
	case $s in
	deps)       run_stage deps "ci/install-deps.sh base clang ktap (gcc, make, prove, clang, libFuzzer, kunit.py)" \
			ci/install-deps.sh base clang ktap ;;
	check)      run_stage check "make check (gcc -O2): core, oracle, conformance, corpus replay" \
			make -j"$JOBS" check ;;
	asan)       run_stage asan "make FLAVOR=asan check-conformance check-designs check-fuzz-replay check-corpus (clang ASan+UBSan)" \
			make -j"$JOBS" FLAVOR=asan check-conformance check-designs check-fuzz-replay check-corpus ;;
	tsan)       run_stage tsan "make check-tsan (conformance suite under ThreadSanitizer, CONC tests included)" \
			make -j"$JOBS" check-tsan ;;
	fuzz-smoke) run_stage fuzz-smoke "libFuzzer (ASan+UBSan) build of every target, ${FUZZ_SECONDS} s each on spec: must find nothing" \
			stage_fuzz_smoke ;;
	kernel)     run_stage kernel "make check-kernel (t2sim.ko under qemu: conformance, replay, kill matrix)" \
			stage_kernel ;;
	uml)        run_stage uml "make check-uml (t2sim.ko in KASAN User-mode Linux)" stage_uml ;;
	vfio)       run_stage vfio "make check-vfio-core (t2vfio.ko behind Linux 6.1's VFIO core under qemu)" \
			stage_vfio ;;
	cross)      run_stage cross "make check-cross (powerpc, powerpc64 under qemu-user; LE/BE fingerprint compare)" \
			stage_cross ;;
	ppc-kernel) run_stage ppc-kernel "make check-kernel-ppc (t2sim.ko in a big-endian ppc64 e6500 kernel under qemu)" \
			stage_ppc_kernel ;;
	*) echo "gate: unknown stage '$s' (deps check asan tsan fuzz-smoke kernel uml vfio cross ppc-kernel)" >&2; exit 2 ;;
	esac
done

summary
echo "gate: $npass passed, 0 failed, $nskip skipped"
