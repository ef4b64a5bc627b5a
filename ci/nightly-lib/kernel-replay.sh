#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-replay.sh - ci/nightly --kernel-replay qemu: the campaign's programs
# replayed on the stub (host) and on t2sim.ko (qemu guest), verdict by
# verdict; a program whose verdict differs is a finding of the campaign.
#
#   ci/nightly-lib/kernel-replay.sh LIST OUT
# LIST: one program a line, "NAME<TAB>FILE" (NAME: the path it gets in the
# payload, e.g. corpus/surface/<sha1>.bin; *.bin is binary, the rest text).
# The module is loaded with the campaign's configuration: defects=T2_DEFECTS
# when set (PERS-2), else personality=T2_PERSONALITY (default spec), and
# platform=T2_PLATFORM when set; the tools in the guest get the same T2_*.
# Stub verdicts: build/gcc/t2h replay --check on the host (embedded stub,
# whatever --target the campaign fuzzed); kernel verdicts: the same command
# in the guest, one item per program (ci/guest-items.sh), resuming after a
# crash (ci/kernel-resume.sh: a crash is the item's verdict, with its report).
# Writes OUT/stub.tsv, OUT/run/tap.log, OUT/verdicts.tsv (verdict-diff.pl)
# and OUT/diff/NNN/ per differing program: the program, both verdicts and
# the kernel log of its item.  Exit 0 when none differs, 1 when one does,
# 3 when some program got no kernel verdict, 2 when it cannot run.
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
. ci/kernel-lib.sh
list=${1:?usage: $0 LIST OUT}
out=${2:?usage: $0 LIST OUT}
[ -f "$list" ] || { echo "kernel-replay: no program list '$list'" >&2; exit 2; }
timeout_s=${NIGHTLY_KERNEL_TIMEOUT:-900}

ci/install-deps.sh qemu >/dev/null
. ci/kernel-env.sh
mkdir -p "$out"
out=$(cd "$out" && pwd)
payload=$out/payload
rm -rf "$payload" "$out/diff"
mkdir -p "$payload"

# the module's parameters (kernel-stub/module/load.c), the tools' environment
if [ -n "${T2_DEFECTS+set}" ]; then
	margs="defects=${T2_DEFECTS}"
else
	margs="personality=${T2_PERSONALITY:-spec}"
fi
[ -n "${T2_PLATFORM:-}" ] && margs="$margs platform=$T2_PLATFORM"

echo "# building t2sim.ko against $KDIR and the static guest programs"
t2_module_build ci/module-build.sh "$KDIR" "$out"
cp "$T2_KO" "$payload/t2sim.ko"
make -s FLAVOR=gcc build/gcc/t2h kernel-bins >&2
cp build/gcc/kernel-bins/t2h "$payload/"
cp ci/guest-items.sh "$payload/run.sh"
echo "t2sim.ko $margs" > "$payload/modules.list"
{
	echo "export T2_ROOT=/dev/t2sim"
	echo "export T2_OBSERVE=${T2_OBSERVE:-full}"
	for v in T2_PERSONALITY T2_DEFECTS T2_PLATFORM T2_BUF_CAP; do
		[ -n "${!v+set}" ] && printf 'export %s=%q\n' "$v" "${!v}"
	done
} > "$payload/items.env"

# the programs, and their verdicts on the stub (from the payload, so that
# both sides print the same file name)
: > "$payload/items.list"
: > "$out/stub.tsv"
while IFS=$'\t' read -r name file; do
	[ -n "$name" ] || continue
	case $name in *[[:space:]]*|/*|*..*) echo "kernel-replay: $list: bad name '$name'" >&2; exit 2 ;; esac
	[ -f "$file" ] || { echo "kernel-replay: $list: no file '$file'" >&2; exit 2; }
	mkdir -p "$payload/$(dirname "$name")"
	cp "$file" "$payload/$name"
	echo "replay $name $name" >> "$payload/items.list"
	v=$(cd "$payload" && env -u T2_BACKEND -u T2_ROOT -u LD_PRELOAD \
		"$top/build/gcc/t2h" replay --check "$name" 2>/dev/null | grep -F -m1 "$name: " || true)
	printf '%s\t%s\n' "$name" "${v:-no verdict}" >> "$out/stub.tsv"
done < "$list"
n=$(wc -l < "$payload/items.list")
[ "$n" -gt 0 ] || { echo "# kernel replay: no program"; exit 0; }

echo "# booting (qemu): $n programs, t2sim.ko $margs"
t2_resume_run qemu "$KDIR" "$timeout_s" "$out" "$payload" > "$out/resume.txt"
sed 's/^/  /' "$out/resume.txt"

perl ci/nightly-lib/verdict-diff.pl "$out/stub.tsv" "$out/run/tap.log" > "$out/verdicts.tsv"
# per differing program: the program, both verdicts, the kernel log of its item
k=0
while IFS=$'\t' read -r item name status stub kern; do
	[ "$status" = differs ] || [ "$status" = crash ] || continue
	k=$((k + 1))
	d=$out/diff/$(printf '%03d' "$k")
	mkdir -p "$d"
	cp "$payload/$name" "$d/"
	printf 'program: %s\nstub:    %s\nkernel:  %s\n' "$name" "$stub" "$kern" > "$d/verdicts.txt"
	if [ -s "$out/crashes/$item" ]; then
		cp "$out/crashes/$item" "$d/kernel.log"
	else
		cat "$out"/boots/*/items.log 2>/dev/null | awk -v k="$item" \
			'$0 ~ ("t2item: BEGIN " k " ") { on = 1 } on { print } $0 ~ ("t2item: END " k " ") { on = 0 }' \
			> "$d/kernel.log"
	fi
done < "$out/verdicts.tsv"
awk -F'\t' '{ c[$3]++ } END { printf "# kernel replay: %d programs: %d same, %d differ, %d crashed, %d skipped on one side (another platform), %d with a harness limit on one side, %d without a kernel verdict\n",
	NR, c["same"], c["differs"], c["crash"], c["skipped"], c["limited"], c["noverdict"] }' "$out/verdicts.tsv"
if [ "$k" -gt 0 ]; then exit 1; fi
if awk -F'\t' '$3 == "noverdict" { e = 1 } END { exit !e }' "$out/verdicts.tsv"; then exit 3; fi
exit 0
