# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-lib.sh - sourced by ci/qemu-run.sh and ci/uml-run.sh: what both
# runners do around their own boot command; and by the kernel targets
# ci/check-kernel.sh and ci/vfio-core.sh: what both do around their guest
# (the t2_* functions after the runners' ones).  Sets T2_RUNNER (the
# script's name, for messages) and brings in t2_judge from ci/kernel-judge.sh.
#   t2_die MSG...               says MSG, prints ERROR, exits 4
#   t2_need_payload DIR         DIR must hold run.sh
#   t2_static_busybox           sets T2_BUSYBOX to a static busybox, or dies
#   t2_guest_root ROOT PAYLOAD  a fresh root: T2_BUSYBOX, ci/guest-init.sh as
#                               /init (PAYLOAD/guest_init if it has one),
#                               PAYLOAD copied to /t2
#   t2_clock_start; t2_clock_stop OUTDIR WHAT
#                               the guest's wall time: printed on stderr
#                               ("guest ran S s (WHAT)") and kept in
#                               OUTDIR/wall-ms
# The kernel targets (run from the top of the tree, OUT their output folder):
#   t2_kernel_tree KIND "KINDS"  KIND (one of KINDS, else exit 2): qemu,
#                               uml or ppc; installs what its guest needs and
#                               sets KDIR, the tree modules build against
#                               (qemu: ci/kernel-env.sh's, with KERNEL and
#                               T2_KVER; uml: ci/uml-build.sh's or UML_TREE;
#                               ppc: ci/ppc-kernel-build.sh's e6500 tree or
#                               PPC_TREE, with KERNEL and T2_KBINS)
#   t2_payload_dir OUT          sets payload to OUT/payload, made empty
#   t2_module_build SCRIPT KDIR OUT
#                               builds a module with SCRIPT KDIR into T2_KO;
#                               a failure or a warning exits 1
#   t2_guest_payload PAYLOAD GUEST_SCRIPT
#                               the static programs (T2_KBINS, default
#                               build/gcc/kernel-bins), corpus/, GUEST_SCRIPT as
#                               run.sh and ci/guest-lib.sh beside it
#   t2_suite_env FILE DEFECTS PLATFORM [PAIRS [DESIGN_PLATFORMS]]
#                               the guest's suite.env
#   t2_design_platforms         prints "PRESET,msi_design=X ..." for the
#                               design:S sections (issue #19): each design of
#                               msi_designs.def the simulator implements on
#                               each preset, but the default platform
#   t2_stub_killers OUT PLATFORM DEFECTS
#                               OUT/stub-killers/D: what kills switch D on
#                               the stub, on PLATFORM
#   t2_boot qemu|uml KDIR SECONDS OUT PAYLOAD
#                               boots with the runner; prints its verdict
#   t2_show_ktap OUT [KEEP_ERE] the guest's KTAP: the top level, the failing
#                               subtests with their diagnostics, section times
#                               and lines matching KEEP_ERE (all of it with
#                               T2_KERNEL_VERBOSE=1)
#   t2_guest_times OUT          sets T2_START, T2_END (payload start and end,
#                               guest uptime) and T2_WALL (guest wall, s)
#   t2_vfio_ko qemu|uml DEST   the kernel's VFIO core module (T2_KVER, KDIR)
#                               uncompressed into DEST, or exits 1
#   t2_resume_run ...           a run that resumes after a crash
#                               (ci/kernel-resume.sh)
#   t2_verdict WHAT VERDICT MATRIX_OK OUT
#                               prints the final verdict (FAIL when the
#                               runner said PASS but MATRIX_OK is 0); true
#                               when it is PASS
T2_KERNEL_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$T2_KERNEL_LIB_DIR/kernel-judge.sh"
. "$T2_KERNEL_LIB_DIR/kernel-resume.sh"
T2_RUNNER=$(basename "$0")

t2_die() {
	echo "$T2_RUNNER: $*" >&2
	echo "ERROR"
	exit 4
}

t2_need_payload() {
	[ -f "$1/run.sh" ] || t2_die "payload '$1' has no run.sh"
}

# The guest has no libc: only a static busybox runs as its /init's shell.
t2_static_busybox() {
	T2_BUSYBOX=$(command -v busybox || true)
	[ -n "$T2_BUSYBOX" ] || t2_die "busybox missing (ci/install-deps.sh qemu)"
	if ldd "$T2_BUSYBOX" >/dev/null 2>&1; then
		t2_die "busybox '$T2_BUSYBOX' is dynamically linked (install busybox-static)"
	fi
}

t2_guest_root() {
	local root=$1 payload=$2

	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,t2}
	cp "$T2_BUSYBOX" "$root/bin/busybox"
	cp "$T2_KERNEL_LIB_DIR/guest-init.sh" "$root/init"
	# a payload for a guest with no busybox of its own (ppc64) brings its
	# own /init (ci/guest_init.c)
	[ -x "$payload/guest_init" ] && cp "$payload/guest_init" "$root/init"
	chmod +x "$root/init"
	cp -r "$payload"/. "$root/t2/"
}

t2_clock_start() {
	T2_CLOCK_T0=$(date +%s%N)
}

t2_clock_stop() {
	local ms=$((($(date +%s%N) - T2_CLOCK_T0) / 1000000))

	printf '%s: guest ran %d.%03d s (%s)\n' "$T2_RUNNER" $((ms / 1000)) $((ms % 1000)) "$2" >&2
	echo "$ms" > "$1/wall-ms"
}

t2_kernel_tree() {
	case " $2 " in
	*" $1 "*) ;;
	*) echo "usage: $T2_RUNNER $(echo "$2" | tr ' ' '|')" >&2; exit 2 ;;
	esac
	case $1 in
	qemu)
		ci/install-deps.sh qemu
		. ci/kernel-env.sh ;;
	uml)
		ci/install-deps.sh qemu uml
		KDIR=${UML_TREE:-$(ci/uml-build.sh)}
		T2_KVER= ;;
	ppc)	# big-endian ppc64 (e6500) under qemu ppce500, docs/board.md
		ci/install-deps.sh ppc-kernel
		KDIR=${PPC_TREE:-$(PPC_JOBS=${PPC_JOBS:-2} nice -n 10 ci/ppc-kernel-build.sh e6500)}
		export KERNEL=$KDIR/vmlinux T2_KBINS=build/powerpc64-linux-gnu/kernel-bins ;;
	esac
}

t2_payload_dir() {
	payload=$1/payload
	rm -rf "$payload"
	mkdir -p "$payload"
}

t2_module_build() {
	local script=$1 kdir=$2 log=$3/module-build.log

	T2_KO=$("$script" "$kdir" 2>"$log") || { cat "$log" >&2; exit 1; }
	if grep -q 'warning:' "$log"; then
		grep -A3 'warning:' "$log" >&2
		echo "$T2_RUNNER: the module builds with warnings" >&2
		exit 1
	fi
}

# The guest shell sources /t2/guest-lib.sh: it travels in the payload.
t2_guest_payload() {
	local payload=$1 script=$2

	cp "${T2_KBINS:-build/gcc/kernel-bins}"/* "$payload/"
	if [ -d corpus ]; then
		cp -r corpus "$payload/corpus"
	fi
	cp "$script" "$payload/run.sh"
	cp "$T2_KERNEL_LIB_DIR/guest-lib.sh" "$payload/guest-lib.sh"
}

t2_suite_env() {
	{
		echo "T2_SUITE_DEFECTS=\"$2\""
		echo "T2_SUITE_CONF_ARGS=\"${T2CONF_ARGS:-}\""
		echo "T2_SUITE_MATRIX_PLATFORM=\"$3\""
		if [ $# -ge 4 ]; then
			echo "T2_SUITE_PLAT_PAIRS=\"$4\""
		fi
		if [ $# -ge 5 ]; then
			echo "T2_SUITE_DESIGN_PLATFORMS=\"$5\""
		fi
	} > "$1"
}

# Each MSI design of include/t2/msi_designs.def on each preset (issue #19),
# but the default platform, which the spec section runs; T2_KERNEL_DESIGNS
# (default every design) and T2_KERNEL_DESIGN_PRESETS (p4080 t4240) narrow it.
# (a design the simulator does not implement yet, spec 9a, is left out: the
# stub's platform parser, the module's own, says so)
t2_design_platforms() {
	local designs default_design p x
	designs=${T2_KERNEL_DESIGNS:-$(sed -n 's/^T2_MSI_DESIGN([[:space:]]*\([A-Za-z]\)[[:space:]]*,.*/\1/p' include/t2/msi_designs.def)}
	default_design=$(sed -n 's/^T2_MSI_DESIGN([[:space:]]*\([A-Za-z]\)[[:space:]]*,[[:space:]]*0[[:space:]]*,.*/\1/p' include/t2/msi_designs.def)
	for p in ${T2_KERNEL_DESIGN_PRESETS:-p4080 t4240}; do
		for x in $designs; do
			[ "$p,$x" = "p4080,$default_design" ] && continue
			T2_PLATFORM="$p,msi_design=$x" build/gcc/kernel-bins/t2h info > /dev/null 2>&1 ||
				continue
			printf '%s,msi_design=%s ' "$p" "$x"
		done
	done
}

t2_stub_killers() {
	local out=$1 platform=$2 defects=$3 d

	mkdir -p "$out/stub-killers"
	for d in $defects; do
		T2_PLATFORM=$platform T2_DEFECTS=$d build/gcc/kernel-bins/t2conf 2>/dev/null |
			sed -n 's/^not ok [0-9]* - \([^ ]*\).*/\1/p' > "$out/stub-killers/$d" || true
	done
}

# Two vCPUs under qemu (QEMU_SMP): on one, SDK-B8's lost update (a race) shows
# in about one run of conc.threads_one_container in ten; on two, in every run.
t2_boot() {
	local which=$1 kdir=$2 secs=$3 out=$4 payload=$5

	if [ "$which" = qemu ]; then
		QEMU_SMP=${QEMU_SMP:-2} ci/qemu-run.sh -k "$KERNEL" -t "$secs" -o "$out/run" "$payload" 2>"$out/runner.log" | tail -n1
	else
		ci/uml-run.sh -u "$kdir" -t "$secs" -o "$out/run" "$payload" 2>"$out/runner.log" | tail -n1
	fi
}

# The whole KTAP stream is in tap.log; a test's diagnostics come before its
# result line, so they are kept until then.
t2_show_ktap() {
	local out=$1 keep=${2:-}

	if [ "${T2_KERNEL_VERBOSE:-0}" = 1 ]; then
		cat "$out/run/tap.log" 2>/dev/null || true
	else
		awk -v keep="$keep" '/^    # [^ ]+: exit [0-9]+ in / { print; nb = 0; next }
		     /^    # retry [0-9]+: not ok / { print; next }
		     keep != "" && $0 ~ keep { print; next }
		     /^    (ok|not ok|1\.\.|TAP|# Subtest)/ {
			if ($0 ~ /^    not ok /) {
				for (i = 1; i <= nb && i <= 12; i++) print b[i]
				if (nb > 12) printf "    # (%d more lines)\n", nb - 12
				print
			}
			nb = 0; next
		     }
		     /^    / { b[++nb] = $0; next }
		     { print }' "$out/run/tap.log" 2>/dev/null || true
		echo "# full KTAP: $out/run/tap.log"
	fi
	cat "$out/runner.log" >&2
}

t2_guest_times() {
	local run=$1/run wall

	T2_START=$(grep -a -o 't2guest: payload start (uptime [0-9.]*' "$run/console.log" 2>/dev/null | grep -o '[0-9.]*$' || true)
	T2_END=$(grep -a -o 't2guest: payload rc=[0-9]* (uptime [0-9.]*' "$run/console.log" 2>/dev/null | grep -o '[0-9.]*$' || true)
	wall=$(cat "$run/wall-ms" 2>/dev/null || echo 0)
	T2_WALL=$((wall / 1000)).$(((wall % 1000) / 100))
}

t2_vfio_ko() {
	local which=$1 dest=$2 vfio= f

	for f in "/lib/modules/$T2_KVER/kernel/drivers/vfio/vfio.ko" "/lib/modules/$T2_KVER/kernel/drivers/vfio/vfio.ko.xz"; do
		[ -n "$T2_KVER" ] && [ -e "$f" ] && vfio=$f && break
	done
	[ "$which" = uml ] && vfio=$KDIR/drivers/vfio/vfio.ko
	[ -e "$vfio" ] || { echo "$T2_RUNNER: no vfio.ko for this kernel (${vfio:-linux-image-$T2_KVER})" >&2; exit 1; }
	case $vfio in
	*.xz) xz -dc "$vfio" > "$dest" ;;
	*) cp "$vfio" "$dest" ;;
	esac
}

t2_verdict() {
	local what=$1 verdict=$2 matrix_ok=$3 out=$4

	if [ "$verdict" = PASS ] && [ "$matrix_ok" = 0 ]; then
		verdict=FAIL
	fi
	echo "# $what verdict: $verdict (logs: $out/run)"
	[ "$verdict" = PASS ]
}
