# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# fp-lib.sh - the program fingerprint both compares share (sourced, bash):
# ci/cross-fp.sh (this host against the big-endian cross build) and
# ci/behaviour-fp.sh (this tree against a recorded baseline).  A fingerprint
# is what t2h makes of a set of programs: the decoded text (`t2h show`) and
# the verdict and finding signature (`t2h replay`) under spec, sdk2013 and
# each switch alone.  The callers set:
#   fp_corpus    text programs (corpus/*/*.t2p or a recorded list)
#   fp_fuzz      fuzzed binary inputs (fp_fuzz_inputs makes them)
#   fp_switches  the switch labels (ci/switch-names.sh or a recorded list)
#   fp_personalities  optional, the personalities corpus and fuzzed inputs
#                replay under beside spec (default: sdk2013)

# fp_fuzz_inputs T2H DIR N: encode each of $fp_corpus into DIR/seeds (a file
# that does not encode, as corpus/parsers has, is left out), then write N
# seeded mutations of them and seeded random bytes to DIR/fuzz/f%05d.bin.
# The inputs depend only on the seeds and N: the same every run.
fp_fuzz_inputs() {
	local t2h=$1 dir=$2 n=$3 f
	rm -rf "$dir/seeds" "$dir/fuzz"
	mkdir -p "$dir/seeds" "$dir/fuzz"
	# shellcheck disable=SC2086
	for f in $fp_corpus; do
		"$t2h" encode "$f" "$dir/seeds/$(basename "$(dirname "$f")")-$(basename "$f" .t2p).bin" \
			>/dev/null 2>&1 || true
	done
	python3 - "$dir/seeds" "$dir/fuzz" "$n" <<'PY'
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
	fp_fuzz=$(ls "$dir"/fuzz/*.bin 2>/dev/null || true)
}

# fp_shows T2H [RUNNER]: every program as text.  show stops at a file that
# does not parse (corpus/parsers has some): one call per corpus file.
fp_shows() {
	local f run=${2:-}
	# shellcheck disable=SC2086
	for f in $fp_corpus; do
		echo "# $f"     # as show prints it before each of several files
		$run "$1" show "$f" 2>&1 || true
	done
	# shellcheck disable=SC2086
	[ -z "$fp_fuzz" ] || $run "$1" show $fp_fuzz 2>&1 || true
}

# fp_runs T2H [RUNNER]: the whole fingerprint, one section per part, each
# opened by a line "== PART": show, replay spec, replay sdk2013 (corpus and
# fuzzed inputs; each of fp_personalities), replay SWITCH (the corpus, each
# switch alone).  `--defects=`
# and `--personality` override a saved finding's `#@ found-with` line.
fp_runs() {
	local t2h=$1 run=${2:-} d
	# shellcheck disable=SC2086
	{
		echo "== show"
		fp_shows "$t2h" "$run"
		echo "== replay spec"
		$run "$t2h" --defects= replay $fp_corpus $fp_fuzz 2>&1 || true
		for d in ${fp_personalities:-sdk2013}; do
			echo "== replay $d"
			$run "$t2h" --personality "$d" replay $fp_corpus $fp_fuzz 2>&1 || true
		done
		for d in $fp_switches; do
			echo "== replay $d"
			$run "$t2h" --defects "$d" replay $fp_corpus 2>&1 || true
		done
	}
}
