#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# oss-fuzz-build.sh - the OSS-Fuzz / ClusterFuzzLite build of every fuzz target
# (fuzzers/fuzz_*.c), and the one builder ci/nightly uses for its engines.
#
# Honours the OSS-Fuzz variables (defaults: a local libFuzzer+ASan+UBSan build):
#   CC, CXX                 compilers (clang, clang++); targets link with CXX
#   CFLAGS, CXXFLAGS        compile and link flags (CXXFLAGS defaults to CFLAGS)
#   LIB_FUZZING_ENGINE      -fsanitize=fuzzer, an archive (libAFLDriver.a), or,
#                           an extension for local use, a driver source of this
#                           tree (fuzzers/afl_driver.c, fuzzers/replay_main.c)
#                           compiled with CC and CFLAGS
#   OUT                     where targets go (build/oss-fuzz/out)
#   WORK                    objects (build/oss-fuzz/work)
# Also: T2H (a host t2h that encodes the seeds; built with HOST_CC if unset),
#   T2_FUZZ_TARGETS ("fuzz_surface fuzz_msi": a subset), T2_SEEDS=0 (no seeds).
#
# For each target it writes $OUT/fuzz_X, $OUT/fuzz_X_seed_corpus.zip (the
# corpus programs of its profile, encoded; every program, text and binary, for
# fuzz_parsers), $OUT/fuzz_X.dict and $OUT/fuzz_X.options (copied from
# fuzzers/, or an options file naming the dictionary).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

CC=${CC:-clang}
CXX=${CXX:-clang++}
CFLAGS=${CFLAGS:--O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fsanitize=fuzzer-no-link}
CXXFLAGS=${CXXFLAGS:-$CFLAGS}
LIB_FUZZING_ENGINE=${LIB_FUZZING_ENGINE:--fsanitize=fuzzer}
OUT=${OUT:-$top/build/oss-fuzz/out}
WORK=${WORK:-$top/build/oss-fuzz/work}
jobs=$(nproc 2>/dev/null || echo 2)

die() { echo "oss-fuzz-build.sh: $*" >&2; exit 1; }

mkdir -p "$OUT" "$WORK"
OUT=$(cd "$OUT" && pwd)
WORK=$(cd "$WORK" && pwd)
obj=$WORK/obj

# The targets are the Makefile's FUZZ_TARGETS (fuzz_blind.c, a benchmark
# baseline, is not one of them).
make_var() { # make_var NAME: a variable of the Makefile, as make sees it
	make -s --no-print-directory -C "$top" -f Makefile -f <(printf 'print-%%:\n\t@echo $($*)\n') \
		"print-$1" 2>/dev/null
}
if [ -z "${T2_FUZZ_TARGETS:-}" ]; then
	T2_FUZZ_TARGETS=$(make_var FUZZ_TARGETS | tr ' ' '\n' | sed -n 's/^./fuzz_&/p' | tr '\n' ' ')
fi
targets=$T2_FUZZ_TARGETS
[ -n "${targets// /}" ] || die "no fuzz target in fuzzers/"
# A target is fuzzers/T.c, or fuzzers/fuzz_exec.c built for the profile
# the Makefile's FUZZ_PROFILE_T names.
declare -A profile
for t in $targets; do
	profile[$t]=$(make_var "FUZZ_PROFILE_${t#fuzz_}")
	[ -f "fuzzers/$t.c" ] || [ -n "${profile[$t]}" ] || die "no target fuzzers/$t.c"
done

# The libraries and the target objects, with the Makefile's own rules and file
# lists, but this toolchain and these flags.  Third-party CFLAGS may warn, so
# -Werror is left to the project's own builds.
t2make() {
	make -s -j"$jobs" -C "$top" FLAVOR=clang B="$obj" CC="$CC" OPTFLAGS= \
		SANFLAGS="$CFLAGS" WARNFLAGS="-Wall -Wextra" "$@"
}
engine=()
case $LIB_FUZZING_ENGINE in
*.c)
	src=${LIB_FUZZING_ENGINE#"$top"/}
	[ -f "$src" ] || die "LIB_FUZZING_ENGINE: no driver source '$LIB_FUZZING_ENGINE'"
	engine=("$obj/${src%.c}.o")
	t2make "${engine[0]}" ;;
*)
	read -r -a engine <<< "$LIB_FUZZING_ENGINE" ;;
esac
t2make "$obj/libt2harness.a" "$obj/libt2sim.a" $(for t in $targets; do echo "$obj/fuzzers/$t.o"; done)

for t in $targets; do
	# shellcheck disable=SC2086  # CXXFLAGS is a list of flags
	$CXX $CXXFLAGS -o "$OUT/$t" "$obj/fuzzers/$t.o" "${engine[@]}" \
		"$obj/libt2harness.a" "$obj/libt2sim.a" -lpthread
	if [ -f "fuzzers/$t.dict" ]; then
		cp "fuzzers/$t.dict" "$OUT/$t.dict"
	fi
	if [ -f "fuzzers/$t.options" ]; then
		cp "fuzzers/$t.options" "$OUT/$t.options"
	elif [ -f "fuzzers/$t.dict" ]; then
		printf '[libfuzzer]\ndict = %s.dict\n' "$t" > "$OUT/$t.options"
	fi
done
echo "oss-fuzz-build.sh: built $targets in $OUT"

[ "${T2_SEEDS:-1}" = 0 ] && exit 0

# ---------------------------------------------------------------- seeds
# A host t2h (no fuzzing flags) encodes the text programs of corpus/.
if [ -z "${T2H:-}" ]; then
	host_cc=${HOST_CC:-$(command -v cc || command -v gcc || command -v clang)}
	make -s -j"$jobs" -C "$top" FLAVOR=gcc B="$WORK/host" CC="$host_cc" "$WORK/host/t2h"
	T2H=$WORK/host/t2h
fi
zipdir() { # zipdir DIR ZIP: the files of DIR, flat
	rm -f "$2"
	if command -v zip >/dev/null; then
		(cd "$1" && find . -type f | sort | zip -q -j "$2" -@)
	else
		perl -MIO::Compress::Zip=zip,\$ZipError -e \
			'my ($z, @f) = @ARGV; zip(\@f => $z, FilterName => sub { s{.*/}{} }) or die $ZipError' \
			"$2" $(find "$1" -type f | sort)
	fi
}
seeds=$WORK/seeds
rm -rf "$seeds"
mkdir -p "$seeds/all-text" "$seeds/all-bin"
# Every program of corpus/ (seeds and corpus/regress/), sorted by the profile
# the program declares, which is the profile a target takes (fuzzers/fuzz_exec.c).
n=0
while IFS= read -r -d '' f; do
	key=$(printf '%s' "${f#corpus/}" | tr '/' '_')
	key=${key%.t2p}
	cp "$f" "$seeds/all-text/$key.t2p"
	# Deliberately malformed text (parser corner cases) is a fuzz_parsers seed only.
	"$T2H" encode "$f" "$seeds/all-bin/$key.bin" 2>/dev/null || continue
	prof=$("$T2H" show "$f" | sed -n 's/^profile //p' | head -n1)
	mkdir -p "$seeds/profile-${prof:-all}"
	cp "$seeds/all-bin/$key.bin" "$seeds/profile-${prof:-all}/"
	n=$((n + 1))
done < <(find corpus -name '*.t2p' -type f -print0 2>/dev/null | sort -z)
# Binary inputs kept in corpus/ as they are (campaign merges of fuzz_parsers).
while IFS= read -r -d '' f; do
	cp "$f" "$seeds/all-bin/$(printf '%s' "${f#corpus/}" | tr '/' '_')"
done < <(find corpus -name '*.bin' -type f -print0 2>/dev/null | sort -z)

for t in $targets; do
	d=$seeds/$t
	mkdir -p "$d"
	# The profile a target takes: its FUZZ_PROFILE_T (T2P_PROFILE_*).
	prof=$(echo "${profile[$t]}" | sed -n 's/^T2P_PROFILE_//p' | tr 'A-Z' 'a-z')
	if [ -n "$prof" ]; then
		[ -d "$seeds/profile-$prof" ] && cp -r "$seeds/profile-$prof"/. "$d/"
	else
		cp -r "$seeds/all-text"/. "$seeds/all-bin"/. "$d/"
	fi
	if [ -d "corpus/${t#fuzz_}" ]; then   # a target's own raw inputs, if any
		find "corpus/${t#fuzz_}" -type f ! -name '*.t2p' ! -name '*.bin' ! -name '*.md' \
			-exec cp {} "$d/" \;
	fi
	if [ -n "$(ls -A "$d")" ]; then
		zipdir "$d" "$OUT/${t}_seed_corpus.zip"
	else
		echo "oss-fuzz-build.sh: $t has no seed" >&2
		rm -f "$OUT/${t}_seed_corpus.zip"
	fi
done
echo "oss-fuzz-build.sh: $n corpus programs encoded; seed corpora in $OUT"
