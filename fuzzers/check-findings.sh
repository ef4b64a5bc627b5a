#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-findings.sh [BIN] [T2H] - `make check-findings`: a finding says how to
# reproduce it and crash deduplication tells findings apart.
#   - a fuzz target's saved finding (T2_FINDINGS_DIR: SIG.txt) records the
#     configuration and `t2h replay SIG.txt` reproduces it with nothing set;
#   - fuzzers/run-fuzz.sh (what `make fuzz` runs) exits 1 on a finding,
#     prints the exact command that reproduces it, shows the figures up to
#     the finding, and writes no carriage return into a log;
#   - a finding aborts through a frame named after its rule area and kind
#     (fuzzers/finding_frames.h; checked with gdb when it is installed), and
#     every rule area of docs/spec.md has its frames.
# BIN: the plain replay mains (default build/gcc/fuzzers).  TAP output.
set -u
BIN=${1:-build/gcc/fuzzers}
T2H=${2:-build/gcc/t2h}
. "$(dirname "$0")/../harness/tap/tap.sh"  # ok, skip, $tmp
echo "TAP version 13"
unset T2_BACKEND T2_PLATFORM T2_PERSONALITY T2_DEFECTS T2_CORE T2_OBSERVE T2_ROOT

# ---- a saved finding replays as it is
mkdir -p "$tmp/found"
T2_DEFECTS=B5 T2_FINDINGS_DIR=$tmp/found "$BIN/fuzz_surface" corpus/regress/b5-inv-16.t2p \
	> /dev/null 2>&1
txt=$(ls "$tmp/found"/*.txt 2>/dev/null | head -n 1)
[ -n "$txt" ] && grep -q '^#@ found-with .*defects=B5 .*backend=stub' "$txt"
ok $? "fuzz target: the saved SIG.txt records the configuration"
"$T2H" replay "$txt" > "$tmp/out" 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'FINDING INV-16' "$tmp/out"
ok $? "t2h replay SIG.txt, nothing set: the finding again (its recorded configuration)"

# ---- make fuzz's script, on the replay mains
out=$tmp/run
mkdir -p "$out/corpus/surface"
"$T2H" encode corpus/regress/b5-inv-16.t2p "$out/corpus/surface/b5.bin"
T2_DEFECTS=B5 T2H=$T2H FUZZ_BIN=$BIN FUZZ_OUT=$out FUZZ_SECONDS=2 FUZZ_THROUGHPUT_SECONDS=0 \
	FUZZ_PROGRESS_SECONDS=0 sh fuzzers/run-fuzz.sh surface > "$tmp/log" 2>&1
r=$?
[ $r -eq 1 ]
ok $? "run-fuzz.sh: exit 1 on a finding (got $r)"
cmd=$(sed -n 's/^  \(.* replay .*\)$/\1/p' "$tmp/log" | head -n 1)
[ -n "$cmd" ] && $cmd > "$tmp/out" 2>/dev/null; r=$?
[ -n "$cmd" ] && [ $r -eq 1 ] && grep -q 'FINDING INV-16' "$tmp/out"
ok $? "run-fuzz.sh: the printed command reproduces the finding as it is ($cmd)"
! grep -q "$(printf '\r')" "$tmp/log"
ok $? "run-fuzz.sh into a log: no carriage return"

# figures up to a finding: a stand-in fuzzer that prints libFuzzer's status
# lines, then a finding, as libFuzzer does when a target aborts
mkdir -p "$tmp/fake"
cat > "$tmp/fake/fuzz_surface" <<'FAKE'
#!/bin/sh
echo "#2	INITED cov: 100 ft: 120 corp: 1/1b exec/s: 0 rss: 30Mb"
sleep 3
echo "#4096	pulse  cov: 321 ft: 400 corp: 9/90b lim: 4 exec/s: 2048 rss: 40Mb"
echo "==t2h-finding== INV-16:map_dma:locked"
exit 1
FAKE
chmod +x "$tmp/fake/fuzz_surface"
T2H=$T2H FUZZ_BIN=$tmp/fake FUZZ_OUT=$tmp/run2 FUZZ_SECONDS=2 FUZZ_THROUGHPUT_SECONDS=0 \
	FUZZ_PROGRESS_SECONDS=1 sh fuzzers/run-fuzz.sh surface > "$tmp/log2" 2>&1
grep -q '^surface *4096\* *2048\* *321 ' "$tmp/log2"
ok $? "run-fuzz.sh: a finding's row shows execs, exec/s and coverage up to it"
grep -q '^\[surface *[0-9]*s/2s\] #' "$tmp/log2"
ok $? "run-fuzz.sh into a log: whole progress lines"
[ "$fail" -eq 0 ] || sed 's/^/# /' "$tmp/log" "$tmp/log2"

# ---- abort frames
missing=$(grep -oE '\b[A-Z]{2,6}-[0-9]+' docs/spec.md | sed 's/-.*//' | sort -u |
	while read -r a; do grep -q "X($a)" fuzzers/finding_frames.h || echo "$a"; done)
[ -z "$missing" ]
ok $? "every rule area of docs/spec.md has its abort frames (missing: ${missing:-none})"
if command -v gdb > /dev/null 2>&1; then
	frame() { # frame DEFECTS PROGRAM -> the t2_finding_* frame
		T2_DEFECTS=$1 gdb -nx -batch -ex run -ex bt --args "$BIN/fuzz_surface" "$2" 2>&1 |
			sed -n 's/.* in \(t2_finding_[A-Z]*_[A-Z]*\) .*/\1/p' | head -n 1
	}
	f1=$(frame B5 corpus/regress/b5-inv-16.t2p)
	f2=$(frame B2 corpus/regress/b2-win-2.t2p)
	case $f1 in t2_finding_INV_*) r=0 ;; *) r=1 ;; esac
	ok $r "an INV-16 finding aborts in a frame of its own ($f1)"
	case $f2 in t2_finding_WIN_RET) r=0 ;; *) r=1 ;; esac
	ok $r "a WIN-2 return-value finding aborts in t2_finding_WIN_RET ($f2)"
else
	skip "abort frames under gdb" "no gdb"
	skip "abort frames under gdb" "no gdb"
fi

# ---- ci/nightly keeps its own corpus; corpus/ only on request, only what passes
w=$tmp/nw
mkdir -p "$w/back" "$tmp/proj/corpus"
"$T2H" encode corpus/surface/$(ls corpus/surface | grep '\.t2p$' | head -n 1) "$w/back/good" 2>/dev/null
printf '\202\000\005\001\002\003\004\005\001' > "$w/back/garbage-platform"
printf 'good\ngarbage-platform\n' > "$w/back.new"
T2H=$T2H MERGE=0 bash ci/nightly-lib/merge-back.sh surface "$w" "$tmp/own/surface" \
	"$tmp/proj/corpus" > /dev/null 2>&1
[ "$(ls "$tmp/own/surface" | wc -l)" -eq 2 ] && [ -z "$(ls -A "$tmp/proj/corpus")" ]
ok $? "nightly merge-back: new inputs go to the campaign's own corpus, nothing into corpus/"
T2H=$T2H MERGE=1 bash ci/nightly-lib/merge-back.sh surface "$w" "$tmp/own/surface" \
	"$tmp/proj/corpus" > "$tmp/mb.log" 2>&1
[ "$(ls "$tmp/proj/corpus/surface" | wc -l)" -eq 1 ] && grep -q 'garbage-platform: not written' "$tmp/mb.log"
ok $? "nightly --merge-into-corpus: only what passes check-corpus's rule goes into corpus/"
grep -q -- '--merge-into-corpus) merge=1' ci/nightly && grep -q "merge=0 coverage=1" ci/nightly
ok $? "ci/nightly: corpus/ is written only with --merge-into-corpus"

# ---- ClusterFuzzLite: what the services run is ci/oss-fuzz-build.sh
grep -qx 'exec "$SRC/t2harness/ci/oss-fuzz-build.sh"' .clusterfuzzlite/build.sh &&
	[ -x .clusterfuzzlite/build.sh ] && [ -x ci/oss-fuzz-build.sh ] &&
	grep -q '^COPY \. \$SRC/t2harness$' .clusterfuzzlite/Dockerfile &&
	grep -q '^WORKDIR \$SRC/t2harness$' .clusterfuzzlite/Dockerfile &&
	grep -q '^COPY .clusterfuzzlite/build.sh \$SRC/$' .clusterfuzzlite/Dockerfile &&
	grep -qx 'language: c' .clusterfuzzlite/project.yaml
ok $? ".clusterfuzzlite: build.sh runs ci/oss-fuzz-build.sh from \$SRC/t2harness; project.yaml says C"
grep -q 'mode: code-change' .github/workflows/cflite_pr.yml &&
	grep -q 'mode: batch' .github/workflows/cflite_batch.yml &&
	grep -q 'google/clusterfuzzlite/actions/build_fuzzers@v1' .github/workflows/cflite_pr.yml \
		.github/workflows/cflite_batch.yml
ok $? "workflows: PR (code-change) and batch fuzzing with ClusterFuzzLite's actions"

echo "1..$n"
[ "$fail" -eq 0 ]
