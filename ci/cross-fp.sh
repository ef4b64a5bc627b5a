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
# same.  The corpus replays under spec, sdk2013, designs2013 and each switch
# of both alone, the fuzzed inputs under spec, sdk2013 and designs2013.  Programs with threads (a race op, a
# concurrent block) are compared too: on the stub they run under their seeded
# schedule, the same on every host.  Not compared: which byte of an argument a
# finding names first (structs are in host byte order: the ABI's, by nature).
#   ci/cross-fp.sh HOST_T2H CROSS_T2H RUNNER [N]     (N default 3000)
# Prints the counts compared; exit 1 on a difference (the diff is shown).
set -euo pipefail
cd "$(dirname "$0")/.."
host_t2h=$1 cross_t2h=$2 runner=$3 n=${4:-3000}
out=build/cross-fp/$(basename "$(dirname "$cross_t2h")")
. ci/fp-lib.sh
rm -rf "$out"
mkdir -p "$out"

# the corpus's text programs, encoded on this host, are what mutations start
# from (corpus/parsers holds texts that must not parse: they are left out)
fp_corpus=$(ls corpus/*/*.t2p)
fp_fuzz_inputs "$host_t2h" "$out" "$n"
fp_shows "$host_t2h" > "$out/show.txt"
nthreaded=$(awk '/^# / { f = $2 } /^(race_|block )/ { print f }' "$out/show.txt" | sort -u | wc -l)
# the labels: spec, sdk2013, each switch alone (include/t2/switches.def);
# designs2013 and each of its switches alone too (issue #19: the MSI
# designs' ops, flags and fds, binary form version 5)
fp_switches="$(ci/switch-names.sh) $(ci/switch-names.sh --designs)"
fp_personalities="sdk2013 designs2013"
switches=$fp_switches
runs() { # runs T2H [RUNNER]: everything, on one side
	fp_runs "$@" | sed 's/argument byte [0-9]* is 0x[0-9a-f]*, expected 0x[0-9a-f]*/argument byte differs/'
}
t0=$SECONDS
runs "$host_t2h" > "$out/host.txt"
t1=$SECONDS
runs "$cross_t2h" "$runner" > "$out/cross.txt"
t2=$SECONDS
nc=$(echo "$fp_corpus" | wc -w)
nf=$(echo "$fp_fuzz" | wc -w)
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
