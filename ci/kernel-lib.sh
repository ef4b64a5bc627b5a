# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-lib.sh - sourced by ci/qemu-run.sh and ci/uml-run.sh: what both
# runners do around their own boot command.  Sets T2_RUNNER (the runner's
# name, for messages) and brings in t2_judge from ci/kernel-judge.sh.
#   t2_die MSG...               says MSG, prints ERROR, exits 4
#   t2_need_payload DIR         DIR must hold run.sh
#   t2_static_busybox           sets T2_BUSYBOX to a static busybox, or dies
#   t2_guest_root ROOT PAYLOAD  a fresh root: T2_BUSYBOX, ci/guest-init.sh as
#                               /init, PAYLOAD copied to /t2
#   t2_clock_start; t2_clock_stop OUTDIR WHAT
#                               the guest's wall time: printed on stderr
#                               ("guest ran S s (WHAT)") and kept in
#                               OUTDIR/wall-ms
T2_KERNEL_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$T2_KERNEL_LIB_DIR/kernel-judge.sh"
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
