#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# merge-back.sh T W OWN CORPUS - ci/nightly's last corpus step for target T:
# the inputs listed in W/back.new (files of W/back that add coverage) go
#   - into OWN, the campaign's own corpus (raw, named by their SHA-1), always;
#   - into CORPUS/T (the project's corpus/, in text form) only when MERGE=1
#     (ci/nightly --merge-into-corpus), and each only if it passes what
#     make check-corpus requires of a seed there: `t2h replay --check` on the
#     spec personality (a garbage platform string, a program that finds
#     something on spec, stays out).  The parser target's inputs are raw.
# Writes W/merged-back (the files written into CORPUS/T).  T2H: t2h;
# LABEL: the campaign, for the header of the files.  Exit 0, 2 on bad use.
set -uo pipefail
[ $# -eq 4 ] || { echo "usage: merge-back.sh T W OWN CORPUS" >&2; exit 2; }
t=$1 w=$2 own=$3 corpus=$4
t2h=${T2H:-build/gcc/t2h}
: > "$w/merged-back"
mkdir -p "$own" || exit 2
while read -r f; do
	[ -n "$f" ] && cp "$w/back/$f" "$own/$(sha1sum < "$w/back/$f" | cut -c1-40)"
done < "$w/back.new"
[ "${MERGE:-0}" = 1 ] || exit 0
mkdir -p "$corpus/$t" || exit 2
while read -r f; do
	[ -n "$f" ] || continue
	h=$(sha1sum < "$w/back/$f" | cut -c1-12)
	if [ "$t" = parsers ]; then
		cp "$w/back/$f" "$corpus/$t/nightly-$h.bin"
		echo "$corpus/$t/nightly-$h.bin" >> "$w/merged-back"
		continue
	fi
	dst=$corpus/$t/nightly-$h.t2p
	# a fuzz input is binary even when its bytes are printable
	cp "$w/back/$f" "$w/back.show.bin"
	{
		echo "# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause"
		echo "# Copyright (c) 2026 The t2harness authors"
		echo "# ci/nightly ${LABEL:-}: new coverage for fuzz_$t"
		"$t2h" show "$w/back.show.bin"
	} > "$w/candidate.t2p" 2>/dev/null || { echo "$f: does not show"; continue; }
	if env -u T2_DEFECTS -u T2_PLATFORM -u T2_BACKEND -u T2_CORE -u T2_OBSERVE \
		T2_PERSONALITY=spec "$t2h" replay --check "$w/candidate.t2p" > "$w/check.log" 2>&1; then
		mv "$w/candidate.t2p" "$dst"
		echo "$dst" >> "$w/merged-back"
	else
		echo "$f: not written to $corpus/$t: fails check-corpus's rule:"
		sed 's/^/  /' "$w/check.log"
	fi
done < "$w/back.new"
exit 0
