#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-items.sh - a driver under test in a guest, behind the kernel's own
# VFIO core, run so that a crash costs one item, not the run
# (ci/kernel-resume.sh): `make check-kernel MODULES=...` (ci/check-kernel.sh
# hands over here when MODULES is set) and make check-kernel-crashes.
#
#   ci/kernel-items.sh qemu|uml NAME
# Environment:
#   MODULES     the modules to load after vfio.ko and t2groups.ko, in order:
#               words FILE.ko, each followed by its parameters (words with
#               '='), e.g. MODULES='my_type2.ko foo=1 other.ko'.  t2groups.ko
#               comes first so that a backend may use its exported lookup
#               (t2groups.h); one that does not is not affected.
#   T2_GROUPS_PLATFORM  t2groups.ko's platform= (default p4080)
#   T2_ROOT (/dev/vfio), T2_CORE (linux61), T2_OBSERVE (full): the tools'
#   T2_ITEMS    "suite corpus" (default): each conformance test, then each
#               corpus program (corpus/ without parsers/ and regress/)
#   T2_ITEMS_EXTRA      a file of more item lines (ci/guest-items.sh format;
#               a replay's file relative to the top of the tree)
#   T2_KERNEL_TIMEOUT   seconds per boot (default 900), T2_KERNEL_MAX_BOOTS
#   REFERENCE   a personality (sdk2013): the differential report of
#               ci/kernel-reference.sh after the run (OUT/reference.txt)
# Output under build/check-kernel/NAME: run/tap.log (the run's KTAP, one
# result per item), crashes/K, boots/N; the counts, the crashes by title and
# the budget.  Exit 0 when every item passed, 1 when one failed or crashed,
# 3 when an item got no verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
. ci/kernel-lib.sh
which=${1:-qemu}
name=${2:-items-$which}
t0=$SECONDS
timeout_s=${T2_KERNEL_TIMEOUT:-900}
items=${T2_ITEMS-suite corpus}

t2_kernel_tree "$which" "qemu uml"
out=$top/build/check-kernel/$name
t2_payload_dir "$out"

echo "# building t2groups.ko against $KDIR"
t2_module_build ci/vfio-core-build.sh "$KDIR" "$out"
cp "$(dirname "$T2_KO")/t2groups.ko" "$payload/"
t2_vfio_ko "$which" "$payload/vfio.ko"
echo "# building the static guest programs"
make -s FLAVOR=gcc kernel-bins >&2
cp build/gcc/kernel-bins/t2conf build/gcc/kernel-bins/t2h "$payload/"
cp ci/guest-items.sh "$payload/run.sh"

# the modules: t2groups.ko, then MODULES in order
echo "t2groups.ko platform=${T2_GROUPS_PLATFORM:-p4080}" > "$payload/modules.list"
line=
for w in ${MODULES:-}; do
	case $w in
	*=*)
		[ -n "$line" ] || { echo "kernel-items.sh: MODULES: parameter '$w' before any FILE.ko" >&2; exit 2; }
		line="$line $w" ;;
	*.ko)
		[ -f "$w" ] || { echo "kernel-items.sh: MODULES: no module '$w'" >&2; exit 2; }
		[ -z "$line" ] || echo "$line" >> "$payload/modules.list"
		cp "$w" "$payload/"
		line=$(basename "$w") ;;
	*) echo "kernel-items.sh: MODULES: '$w' is neither FILE.ko nor a parameter (key=value)" >&2; exit 2 ;;
	esac
done
[ -z "$line" ] || echo "$line" >> "$payload/modules.list"

# the items
: > "$payload/items.list"
for i in $items; do
	case $i in
	suite) build/gcc/kernel-bins/t2conf -l | awk '{ print "conf " $1 " " $1 }' >> "$payload/items.list" ;;
	corpus)
		find corpus -name '*.t2p' ! -path '*/parsers/*' ! -path '*/regress/*' | sort |
			while read -r f; do
				mkdir -p "$payload/$(dirname "$f")"
				cp "$f" "$payload/$f"
				echo "replay $f $f"
			done >> "$payload/items.list" ;;
	*) echo "kernel-items.sh: T2_ITEMS: unknown '$i' (suite, corpus)" >&2; exit 2 ;;
	esac
done
if [ -n "${T2_ITEMS_EXTRA:-}" ]; then
	while read -r kind iname f; do
		[ -n "$kind" ] || continue
		case $kind in
		replay*)
			[ -f "$f" ] || { echo "kernel-items.sh: $T2_ITEMS_EXTRA: no file '$f'" >&2; exit 2; }
			mkdir -p "$payload/$(dirname "$f")"
			cp "$f" "$payload/$f" ;;
		esac
		echo "$kind $iname $f" >> "$payload/items.list"
	done < "$T2_ITEMS_EXTRA"
fi
{
	echo "export T2_ROOT=${T2_ROOT:-/dev/vfio}"
	echo "export T2_CORE=${T2_CORE:-linux61}"
	echo "export T2_OBSERVE=${T2_OBSERVE:-full}"
} > "$payload/items.env"

echo "# booting ($which): $(wc -l < "$payload/items.list") items; modules: $(cut -d' ' -f1 "$payload/modules.list" | tr '\n' ' ')"
t2_resume_run "$which" "$KDIR" "$timeout_s" "$out" "$payload" > "$out/summary.txt"
t2_show_ktap "$out" '# CRASH '
cat "$out/summary.txt"
if [ -n "${REFERENCE:-}" ]; then
	ci/kernel-reference.sh "$REFERENCE" "$out/run/tap.log" "$out/reference.txt"
fi
echo "# $name: $T2_RESUME_BOOTS boots, guest wall $T2_RESUME_WALL s, whole target $((SECONDS - t0)) s"
if [ "$T2_RESUME_OK" != 1 ] || grep -q '^not ok [0-9]* - .* # no verdict' "$out/run/tap.log"; then
	echo "# $name verdict: INCOMPLETE (items without a verdict; logs: $out)"
	exit 3
fi
if grep -q '^not ok ' "$out/run/tap.log"; then
	echo "# $name verdict: FAIL (logs: $out)"
	exit 1
fi
echo "# $name verdict: PASS (logs: $out)"
