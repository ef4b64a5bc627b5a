#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-t2h.sh [T2H] - `make check-t2h`: the t2h tools' own behaviour.
#   - program forms: a *.bin file, or one named as libFuzzer names inputs, is
#     decoded as binary even when every byte is printable (a fuzz input),
#     --binary / --text force the form, and such a file round-trips through
#     show and encode;
#   - t2h min: a deterministic finding keeps its signature with one run per
#     candidate; a race (SDK-B8) is minimized with reruns and says so.
# TAP output; exit 1 if a test fails.
T2H=${1:-build/gcc/t2h}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
ok() { # ok COND-EXIT-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=$((fail + 1))
	fi
}
echo "TAP version 13"

# All printable: t2p_looks_binary() alone would take it for text.
printf 'wu2P0TgwNut  m5Ljyl5O59W TAQ' > "$tmp/fuzz.bin"
cp "$tmp/fuzz.bin" "$tmp/fuzz.dat"

"$T2H" show "$tmp/fuzz.bin" > "$tmp/show.t2p" 2> "$tmp/err"
ok $? "show: a printable .bin file is decoded as binary"
grep -q '^c0 = container' "$tmp/show.t2p"
ok $? "show: the decoded program has its ops"

"$T2H" show "$tmp/fuzz.dat" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'fuzz.dat:1:1: unknown op' "$tmp/err"
ok $? "show: the same bytes under another name are text (parse error, exit 2)"

# libFuzzer's own names (SHA-1 of the bytes; artifacts with a prefix)
h=0123456789abcdef0123456789abcdef01234567
cp "$tmp/fuzz.bin" "$tmp/$h"
cp "$tmp/fuzz.bin" "$tmp/crash-$h"
"$T2H" show "$tmp/$h" > "$tmp/h.t2p" && cmp -s "$tmp/show.t2p" "$tmp/h.t2p" &&
	"$T2H" show "$tmp/crash-$h" > "$tmp/h2.t2p" && cmp -s "$tmp/show.t2p" "$tmp/h2.t2p"
ok $? "show: a printable file named as libFuzzer names inputs is decoded as binary"

"$T2H" show --binary "$tmp/fuzz.dat" > "$tmp/forced.t2p" &&
	cmp -s "$tmp/show.t2p" "$tmp/forced.t2p"
ok $? "show --binary: forces the binary form"

"$T2H" --binary show "$tmp/fuzz.dat" > "$tmp/forced2.t2p" &&
	cmp -s "$tmp/show.t2p" "$tmp/forced2.t2p"
ok $? "t2h --binary show: the global option does the same"

"$T2H" show --text "$tmp/fuzz.bin" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'fuzz.bin:1:1:' "$tmp/err"
ok $? "show --text: forces the text form (parse error naming the file)"

"$T2H" encode "$tmp/show.t2p" "$tmp/again.bin" &&
	"$T2H" show "$tmp/again.bin" > "$tmp/again.t2p" &&
	cmp -s "$tmp/show.t2p" "$tmp/again.t2p"
ok $? "round trip: show (.bin) -> encode -> show gives the same text"

"$T2H" encode --binary "$tmp/fuzz.dat" "$tmp/enc.bin" && cmp -s "$tmp/again.bin" "$tmp/enc.bin"
ok $? "encode --binary: re-encodes the decoded program"

v1=$("$T2H" replay "$tmp/fuzz.bin" | sed 's/^[^:]*: //')
v2=$("$T2H" replay "$tmp/show.t2p" | sed 's/^[^:]*: //')
[ -n "$v1" ] && [ "$v1" = "$v2" ]
ok $? "replay: the .bin file and its text form give the same verdict ($v1)"

"$T2H" cprog "$tmp/fuzz.bin" -o "$tmp/repro.c" > /dev/null 2>&1 && [ -s "$tmp/repro.c" ]
ok $? "cprog: reads a printable .bin file"

# min, deterministic: SDK-B5's regression program under B5 alone
"$T2H" --defects B5 min corpus/regress/b5-inv-16.t2p -o "$tmp/b5.t2p" 2> "$tmp/err" &&
	grep -q '^# finding: INV-16:map_dma:locked' "$tmp/b5.t2p" &&
	! grep -q 'race\|varies' "$tmp/b5.t2p" "$tmp/err"
ok $? "min: a deterministic finding keeps its signature, no race note"

"$T2H" --defects B5 replay "$tmp/b5.t2p" | grep -q 'FINDING INV-16:map_dma:locked'
ok $? "min: the minimized program finds it again"

# min, a race: B8 loses an MSI record in some runs, how often depends on
# thread timing (load, the shim's locks).  The result must keep the
# signature; when min saw the verdict vary it must say so in the output
# header.  Up to 3 attempts: a rare race may show in none of min's runs.
min_race() {
	"$T2H" --defects B8 min -n 20 corpus/regress/b8-conc-2.t2p -o "$tmp/b8.t2p" 2> "$tmp/err" &&
		grep -q '^# finding: CONC-2:race_msi:unmap' "$tmp/b8.t2p" &&
		{ ! grep -q 'varies between runs' "$tmp/err" ||
		  grep -q '^# the signature came back in at least 1 of 20 runs' "$tmp/b8.t2p"; }
}
min_race || min_race || min_race
ok $? "min -n 20: a race keeps its signature, and says when it varied"
[ "$fail" -eq 0 ] || sed 's/^/# /' "$tmp/err"

"$T2H" min -n 0 corpus/regress/b8-conc-2.t2p > /dev/null 2>&1
[ $? -eq 2 ]
ok $? "min -n 0: usage error, exit 2"

echo "1..$n"
[ "$fail" -eq 0 ]
