#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# behaviour-fp.sh - the behaviour fingerprint: proof that a refactoring left
# what the harness does unchanged.  What t2h makes of the corpus and of
# seeded fuzzed inputs (ci/fp-lib.sh: `t2h show`, and `t2h replay` verdicts
# and finding signatures under spec, sdk2013 and each switch alone), one
# sha256 per part (the corpus's and the fuzzed inputs' apart), compared
# against a recorded baseline.
#   ci/behaviour-fp.sh [--inputs N] T2H [OUT]
#       prints the fingerprint of the current corpus and switches, in the
#       baseline's format (N fuzzed inputs, default 3000)
#   ci/behaviour-fp.sh --check BASELINE T2H [OUT]
#       the same over the baseline's own list of files, switches and inputs
#       (so corpus files and switches added since do not count); exit 1
#       naming each part that differs
# OUT (default build/behaviour-fp) keeps each part's output, to diff against
# a run of an older tree.  The baseline is ci/behaviour-fp.baseline; when a
# change of behaviour is deliberate, record it again and say so in the
# commit: make behaviour-fp-record.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/fp-lib.sh

usage() {
	echo "usage: ci/behaviour-fp.sh [--inputs N] T2H [OUT] | --check BASELINE T2H [OUT]" >&2
	exit 2
}
baseline="" n=3000
case ${1:-} in
--check) [ $# -ge 3 ] || usage; baseline=$2; shift 2 ;;
--inputs) [ $# -ge 3 ] || usage; n=$2; shift 2 ;;
''|-*) usage ;;
esac
[ $# -ge 1 ] && [ $# -le 2 ] || usage
t2h=$1 out=${2:-build/behaviour-fp}
[ -x "$t2h" ] || { echo "behaviour-fp.sh: $t2h: not an executable" >&2; exit 2; }
# what runs is what the options say, not the caller's environment
# shellcheck disable=SC2046
unset $(env | sed -n 's/^\(T2_[A-Za-z0-9_]*\)=.*/\1/p')

if [ -n "$baseline" ]; then
	[ -r "$baseline" ] || { echo "behaviour-fp.sh: $baseline: cannot read" >&2; exit 2; }
	n=$(sed -n 's/^inputs //p' "$baseline")
	fp_switches=$(sed -n 's/^switches //p' "$baseline")
	fp_corpus=$(sed -n 's/^file //p' "$baseline")
	[ -n "$n" ] && [ -n "$fp_corpus" ] ||
		{ echo "behaviour-fp.sh: $baseline: no 'inputs' or 'file' lines" >&2; exit 2; }
	for f in $fp_corpus; do
		[ -r "$f" ] || { echo "behaviour-fp.sh: $baseline names $f, which is gone" >&2; exit 1; }
	done
else
	fp_corpus=$(ls corpus/*/*.t2p)
	fp_switches=$(ci/switch-names.sh)
fi

rm -rf "$out"
mkdir -p "$out/parts"
fp_fuzz_inputs "$t2h" "$out" "$n"
# run in OUT, where corpus/ is a link to ours: every name t2h prints is the
# same wherever OUT is
ln -s "$PWD/corpus" "$out/corpus"
fp_fuzz=$(cd "$out" && ls fuzz/*.bin)
t2h_abs=$(cd "$(dirname "$t2h")" && pwd)/$(basename "$t2h")
# the corpus and the fuzzed inputs are parts of their own: a deliberate
# change of the binary form moves only the fuzz parts
(cd "$out" && fp_fuzz='' fp_runs "$t2h_abs") > "$out/corpus.txt"
(cd "$out" && fp_corpus='' fp_switches='' fp_runs "$t2h_abs") > "$out/fuzz.txt"
# one file per part; the encoded seeds are a part too (the fuzzed inputs
# are made from them)
(cd "$out/seeds" && sha256sum -- *) > "$out/parts/encode"
for k in corpus fuzz; do
	awk -v d="$out/parts" -v k="$k" \
		'/^== / { f = d "/" $2 ($3 == "" ? "" : "-" $3) "-" k; next } { print > f }' \
		"$out/$k.txt"
done

fingerprint() {
	local p
	echo "# behaviour fingerprint (ci/behaviour-fp.sh) of $t2h" \
		"($(git -C "$(dirname "$t2h")" rev-parse --short HEAD 2>/dev/null || echo '?'))"
	echo "inputs $n"
	echo "switches" $fp_switches
	for p in $fp_corpus; do echo "file $p"; done
	for p in encode show-corpus replay-spec-corpus replay-sdk2013-corpus \
		$(for s in $fp_switches; do echo "replay-$s-corpus"; done) \
		show-fuzz replay-spec-fuzz replay-sdk2013-fuzz; do
		echo "part $p $(sha256sum < "$out/parts/$p" | cut -d' ' -f1)"
	done
}
fingerprint > "$out/fingerprint"
if [ -z "$baseline" ]; then
	# a recorded baseline is a file of the project: it carries the license line
	echo "# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause"
	cat "$out/fingerprint"
	exit 0
fi
bad=$( { diff <(grep '^part ' "$baseline") <(grep '^part ' "$out/fingerprint") || true; } |
	sed -n 's/^> part \([^ ]*\) .*/\1/p' | tr '\n' ' ')
nparts=$(grep -c '^part ' "$baseline")
if [ -n "$bad" ]; then
	echo "# behaviour-fp: FAIL: parts differ from $baseline: $bad"
	echo "# behaviour-fp: this tree's outputs are in $out/parts/; run the baseline's tree with"
	echo "#   ci/behaviour-fp.sh --check $baseline OLD_T2H OLD_OUT and diff the two folders;"
	echo "#   a deliberate change: make behaviour-fp-record, and say why in the commit"
	exit 1
fi
echo "# behaviour-fp: ok: $nparts parts identical to $baseline" \
	"($(echo "$fp_corpus" | wc -w) corpus files, $n fuzzed inputs, switches: $fp_switches)"
