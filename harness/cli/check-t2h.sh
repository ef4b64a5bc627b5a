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
#     candidate; a race (SDK-B8) is minimized with reruns and says so;
#   - bad input (docs/tools.md): an output that is the input is refused,
#     failed writes exit non-zero, a .t2p is text (stray bytes by line:col),
#     non-regular files, notes on binary input the decoder makes little of,
#     option arguments, platform lines by file:line, one switch parser;
#   - findings record their configuration and replay under it.
# TAP output; exit 1 if a test fails.
T2H=${1:-build/gcc/t2h}
. "$(dirname "$0")/../tap/tap.sh"  # ok, skip, $tmp
# expect EXIT PATTERN DESCRIPTION T2H-ARGS...: t2h's exit status and a line
# of its stderr
expect() {
	want=$1 pat=$2 what=$3
	shift 3
	"$T2H" "$@" > /dev/null 2> "$tmp/err"
	[ $? -eq "$want" ] && grep -q -- "$pat" "$tmp/err"
	ok $? "$what"
}
echo "TAP version 13"

# All printable: t2p_looks_binary() alone would take it for text.  Its first
# byte, 'G' (0x47), is a version 5 header of design D (bits 4..5 clear), which
# every simulator implements ('w' chose design C once the binary form carried
# the MSI design, issue #19).
printf 'Gu2P0TgwNut  m5Ljyl5O59W TAQ' > "$tmp/fuzz.bin"
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

# ---- never loses input (issue #18)
printf 'c0 = container\napi_version c0\n' > "$tmp/in.t2p"
cp "$tmp/in.t2p" "$tmp/in.keep"
"$T2H" encode "$tmp/in.t2p" "$tmp/in.t2p" 2> "$tmp/err"
[ $? -eq 2 ] && cmp -s "$tmp/in.t2p" "$tmp/in.keep" && grep -q 'same file' "$tmp/err"
ok $? "encode X X: refused (exit 2), the input kept"
ln -s in.t2p "$tmp/link.c"
"$T2H" cprog "$tmp/in.t2p" -o "$tmp/link.c" > /dev/null 2>&1
[ $? -eq 2 ] && cmp -s "$tmp/in.t2p" "$tmp/in.keep"
ok $? "cprog X -o LINK-TO-X: refused (exit 2), the input kept"
"$T2H" --defects B5 min corpus/regress/b5-inv-16.t2p -o "$tmp/b5.t2p" 2> /dev/null
cp "$tmp/b5.t2p" "$tmp/b5.keep"
"$T2H" --defects B5 min "$tmp/b5.t2p" -o "$tmp/b5.t2p" > /dev/null 2>&1
[ $? -eq 2 ] && cmp -s "$tmp/b5.t2p" "$tmp/b5.keep"
ok $? "min X -o X: refused (exit 2), the input kept"

# ---- never lies about writing
cp "$tmp/in.keep" "$tmp/w.t2p"
if [ -w /dev/full ]; then
	"$T2H" cprog "$tmp/w.t2p" -o /dev/full > /dev/null 2>&1
	[ $? -ne 0 ]
	ok $? "cprog -o /dev/full: non-zero exit"
	"$T2H" --defects B5 min corpus/regress/b5-inv-16.t2p -o /dev/full > /dev/null 2>&1
	[ $? -ne 0 ]
	ok $? "min -o /dev/full: non-zero exit"
	for c in show replay cprog; do
		"$T2H" $c "$tmp/w.t2p" > /dev/full 2> "$tmp/err"
		[ $? -ne 0 ] && grep -q 'write failed' "$tmp/err"
		ok $? "$c > /dev/full: non-zero exit, says the write failed"
	done
else
	for c in 1 2 3 4 5; do n=$((n + 1)); echo "ok $n - # SKIP no writable /dev/full"; done
fi

# ---- a .t2p is text; a stray byte is named by line:col
printf 'c0 = container\n# caf\303\251 (UTF-8 in a comment)\napi_version c0\n' > "$tmp/utf8.t2p"
"$T2H" replay "$tmp/utf8.t2p" > "$tmp/out" 2>&1 && grep -q 'pass (2 ops)' "$tmp/out"
ok $? "a UTF-8 accent in a comment of a .t2p: text, runs its 2 ops"
printf 'c0 = container\n# caf\351 latin-1\n' > "$tmp/latin1.t2p"
expect 2 'latin1.t2p:2:6: byte 0xe9 is not UTF-8' \
	"a non-UTF-8 byte in a .t2p: error naming line:col, exit 2" replay "$tmp/latin1.t2p"
printf 'c0 = container\n# a\000b\n' > "$tmp/nul.t2p"
expect 2 'nul.t2p:2:4: NUL byte' "a NUL byte in a .t2p: error naming line:col, exit 2" \
	show "$tmp/nul.t2p"

# ---- not a regular file
mkfifo "$tmp/fifo" 2>/dev/null && {
	cat "$tmp/w.t2p" > "$tmp/fifo" &
	# --check reads the expectations too: from the same bytes, no second open
	timeout 60 "$T2H" replay --check --text "$tmp/fifo" > "$tmp/out" 2>&1
	r=$?
	wait
	[ $r -eq 0 ] && grep -q 'pass (as expected' "$tmp/out"
}
ok $? "a FIFO is read once, to EOF (replay --check does not open it again)"
expect 2 'is a directory' "a directory: 'is a directory', exit 2" show "$tmp"
expect 2 'not a regular file' "a device node: refused before it is opened, exit 2" show /dev/null

# ---- binary inputs the decoder makes little of: a note, exit 0
: > "$tmp/empty.bin"
expect 0 'note: .*empty input' "empty binary input: a note on stderr, exit 0" \
	replay "$tmp/empty.bin"
printf '\001' > "$tmp/trunc.bin"
expect 0 'note: .*truncated' "truncated binary input: a note on stderr, exit 0" \
	replay "$tmp/trunc.bin"
# one container, then its api_version op 300 times (no handle limit is hit)
printf 'c0 = container\n' > "$tmp/one.t2p"
printf 'c0 = container\napi_version c0\n' > "$tmp/two.t2p"
"$T2H" encode "$tmp/one.t2p" "$tmp/one.bin" && "$T2H" encode "$tmp/two.t2p" "$tmp/many.bin"
tail -c +$(($(wc -c < "$tmp/one.bin") + 1)) "$tmp/many.bin" > "$tmp/op.raw"
i=0; while [ $i -lt 300 ]; do cat "$tmp/op.raw" >> "$tmp/many.bin"; i=$((i + 1)); done
expect 0 'note: .*cut at 256 ops' "a binary input longer than 256 ops: a note that it is cut, exit 0" \
	replay "$tmp/many.bin"

# ---- options and platform lines
expect 2 "option '-o' needs an argument" "cprog F -o: the option needs an argument, exit 2" \
	cprog "$tmp/w.t2p" -o
printf 'c0 = container\nplatform p4080,bogus=1\n' > "$tmp/plat.t2p"
"$T2H" replay "$tmp/plat.t2p" > "$tmp/out" 2> "$tmp/err"
[ $? -eq 2 ] && grep -q 'plat.t2p:2: .*bogus' "$tmp/err" && ! grep -q bogus "$tmp/out"
ok $? "a bad platform line: file:line on stderr, exit 2"

# ---- one switch parser: t2h takes what the module takes (case does not matter)
T2_DEFECTS=b6 "$T2H" info 2>&1 | grep -q '^switches: *B6$'
ok $? "T2_DEFECTS=b6: the switch B6 (the module's rule)"
expect 2 "'x1'" "--defects B6,x1: usage error naming x1, exit 2" --defects B6,x1 info

# ---- findings say how to reproduce them
"$T2H" --defects B5 min corpus/regress/b5-inv-16.t2p -o "$tmp/b5f.t2p" 2> /dev/null
grep -q '^#@ found-with .*defects=B5 .*backend=stub core=spec' "$tmp/b5f.t2p"
ok $? "min output records the configuration (found-with line)"
env -u T2_DEFECTS -u T2_PERSONALITY "$T2H" replay "$tmp/b5f.t2p" > "$tmp/out" 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'FINDING INV-16' "$tmp/out" && grep -q 'note: .*recorded configuration' "$tmp/err"
ok $? "replay of a saved finding uses its recorded configuration, with a note"
"$T2H" --personality spec replay "$tmp/b5f.t2p" > "$tmp/out" 2>&1
[ $? -eq 0 ]
ok $? "an explicit configuration overrides the recorded one"
"$T2H" --defects B5 cprog "$tmp/b5f.t2p" -o "$tmp/b5.c" 2> /dev/null &&
	grep -q 'Generated under .*defects=B5' "$tmp/b5.c"
ok $? "the C reproducer's header records the configuration"
if cc -o "$tmp/b5repro" "$tmp/b5.c" 2> /dev/null; then
	"$tmp/b5repro" "$tmp/no-such-root" > "$tmp/out"
	[ $? -eq 4 ] && grep -q '^1..0 # SKIP' "$tmp/out" && ! grep -q '^ok\|^not ok' "$tmp/out"
	ok $? "the C reproducer without a device: 1..0 # SKIP, exit 4"
else
	n=$((n + 1)); echo "ok $n - # SKIP no C compiler"
fi

echo "1..$n"
[ "$fail" -eq 0 ]
