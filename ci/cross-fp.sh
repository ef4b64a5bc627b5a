#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# cross-fp.sh - the big-endian / little-endian fingerprint compare of
# make check-cross: one program must mean the same on every host.  Every file
# of corpus/ plus N fuzzed binary inputs (seeded mutations of the encoded
# seeds, and seeded random bytes) go through `t2h show` (the decoded program
# as text) and `t2h replay` (verdict and finding signature) on this host and,
# under qemu-user, on the cross build; the outputs must be byte for byte the
# same.  The corpus replays under spec, sdk2013 and each switch alone, the
# fuzzed inputs under spec and sdk2013.  Programs with threads (a race op, a
# concurrent block) are compared too: on the stub they run under their seeded
# schedule, the same on every host.  Not compared: which byte of an argument a
# finding names first (structs are in host byte order: the ABI's, by nature).
#   ci/cross-fp.sh HOST_T2H CROSS_T2H RUNNER [N]     (N default 3000)
# Prints the counts compared; exit 1 on a difference (the diff is shown).
set -euo pipefail
cd "$(dirname "$0")/.."
host_t2h=$1 cross_t2h=$2 runner=$3 n=${4:-3000}
out=build/cross-fp/$(basename "$(dirname "$cross_t2h")")
rm -rf "$out"
mkdir -p "$out/seeds" "$out/fuzz"

# the corpus's text programs, encoded on this host: what mutations start from
# (corpus/parsers holds texts that must not parse: they are left out here)
for f in corpus/*/*.t2p; do
	"$host_t2h" encode "$f" "$out/seeds/$(basename "$(dirname "$f")")-$(basename "$f" .t2p).bin" \
		>/dev/null 2>&1 || true
done
python3 - "$out/seeds" "$out/fuzz" "$n" <<'PY'
import os, random, sys
seeds_dir, out_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
seeds = [open(os.path.join(seeds_dir, f), 'rb').read() for f in sorted(os.listdir(seeds_dir))]
rng = random.Random(20)   # fixed: the same inputs every run
for i in range(n):
    if i % 4 == 3:   # random bytes, as a blind fuzzer sends (a preset platform,
        b = bytearray(rng.randrange(256) for _ in range(rng.randrange(4, 200)))
        b[0] &= 0x7f  # not a literal string: most of those fail to parse)
    else:            # a libFuzzer-like stack of mutations on a seed
        b = bytearray(rng.choice(seeds))
        for _ in range(rng.randrange(1, 9)):
            op = rng.randrange(5)
            pos = rng.randrange(len(b) + 1)
            if op == 0 and b and pos < len(b):
                b[pos] ^= 1 << rng.randrange(8)
            elif op == 1 and b and pos < len(b):
                b[pos] = rng.randrange(256)
            elif op == 2:
                b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))
            elif op == 3 and len(b) > 4:
                del b[pos:pos + rng.randrange(1, 9)]
            else:
                o = rng.choice(seeds)
                s = rng.randrange(len(o) + 1)
                b[pos:pos] = o[s:s + rng.randrange(1, 17)]
    with open(os.path.join(out_dir, 'f%05d.bin' % i), 'wb') as f:
        f.write(bytes(b))
PY

corpus_files=$(ls corpus/*/*.t2p)
fuzz_files=$(ls "$out"/fuzz/*.bin)
# show stops at a file that does not parse (corpus/parsers has some): one
# call per corpus file
shows() { # shows T2H [RUNNER]
	local f run=${2:-}
	# shellcheck disable=SC2086
	for f in $corpus_files; do
		echo "# $f"     # as show prints it before each of several files
		$run "$1" show "$f" 2>&1 || true
	done
	# shellcheck disable=SC2086
	$run "$1" show $fuzz_files 2>&1 || true
}
shows "$host_t2h" > "$out/show.txt"
nthreaded=$(awk '/^# / { f = $2 } /^(race_|block )/ { print f }' "$out/show.txt" | sort -u | wc -l)
# the labels: spec, sdk2013, each switch alone (include/t2/switches.def)
switches=$(sed -n 's/^T2_SWITCH(\([A-Z0-9]*\),.*/\1/p' include/t2/switches.def | tr '\n' ' ')
runs() { # runs T2H [RUNNER]: everything, on one side
	local t2h=$1 run=${2:-} d
	# shellcheck disable=SC2086
	{
		echo "== show"
		shows "$t2h" "$run"
		echo "== replay spec"
		$run "$t2h" --defects= replay $corpus_files $fuzz_files 2>&1 || true
		echo "== replay sdk2013"
		$run "$t2h" --personality sdk2013 replay $corpus_files $fuzz_files 2>&1 || true
		for d in $switches; do
			echo "== replay $d"
			$run "$t2h" --defects "$d" replay $corpus_files 2>&1 || true
		done
	} | sed 's/argument byte [0-9]* is 0x[0-9a-f]*, expected 0x[0-9a-f]*/argument byte differs/'
}
t0=$SECONDS
runs "$host_t2h" > "$out/host.txt"
t1=$SECONDS
runs "$cross_t2h" "$runner" > "$out/cross.txt"
t2=$SECONDS
nc=$(echo "$corpus_files" | wc -w)
nf=$(echo "$fuzz_files" | wc -w)
verdicts=$(awk '/^== replay/ { r = 1; next } /^==/ { r = 0 } r && /^[^ ]/' "$out/host.txt" | wc -l)
findings=$(grep -c ': FINDING' "$out/host.txt" || true)
echo "# cross-fp: $nc corpus files, $nf fuzzed inputs ($nthreaded of them with threads), switches: ${switches:-none}"
echo "# cross-fp: $verdicts verdicts ($findings findings); host $((t1 - t0)) s, $runner $((t2 - t1)) s"
if ! cmp -s "$out/host.txt" "$out/cross.txt"; then
	diff "$out/host.txt" "$out/cross.txt" | head -n 40
	echo "# cross-fp: FAIL: $cross_t2h under $runner decodes or judges differently (full: $out/host.txt, $out/cross.txt)"
	exit 1
fi
echo "# cross-fp: ok: show and replay outputs identical ($(wc -l < "$out/host.txt") lines)"
