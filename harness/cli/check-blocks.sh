#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# check-blocks.sh [T2H] - `make check-blocks`: concurrent blocks in t2h
# (docs/concurrency.md):
#   - a bad block shape is a parse error naming file:line (exit 2);
#   - text -> binary -> text is exact for a block;
#   - the linearizability oracle: a block on spec passes under every seed
#     tried, a defect inside a block is a CONC-2 finding that names the op,
#     a block beyond 16 ops is a `limit`;
#   - min keeps the finding and the block's seed and drops the thread that
#     is not needed; cprog writes a reproducer that builds with -pthread.
# TAP output; exit 1 if a test fails.
T2H=${1:-build/gcc/t2h}
. "$(dirname "$0")/../tap/tap.sh"  # ok, skip, $tmp
head='platform p4080
c0 = container
g0 = group 0
set_container g0 c0
set_iommu c0 TYPE2'
# shape LINE-OF-ERROR PATTERN DESCRIPTION BODY: a program that must not parse
shape() {
	printf '%s\n%s\n' "$head" "$4" > "$tmp/bad.t2p"
	"$T2H" show "$tmp/bad.t2p" > /dev/null 2> "$tmp/err"
	[ $? -eq 2 ] && grep -q "bad.t2p:$1:.*$2" "$tmp/err"
	ok $? "shape: $3"
}
shape 6 "outside a block" "'thread' outside a block" 'thread'
shape 6 "outside a block" "'end' outside a block" 'end'
shape 7 "follow a 'thread'" "an op before the first thread" 'block 1
api_version c0
end'
shape 8 "block inside a block" "a block inside a block" 'block 1
thread
block 2'
shape 8 "has no ops" "an empty thread" 'block 1
thread
thread
api_version c0
end'
shape 15 "at most 4 threads" "a fifth thread" 'block 1
thread
api_version c0
thread
api_version c0
thread
api_version c0
thread
api_version c0
thread'
shape 8 "cannot stand in a block" "an open inside a block" 'block 1
thread
c1 = container
end'
shape 6 "not closed" "a block left open" 'block 1
thread
api_version c0'

# round trip
cat > "$tmp/b.t2p" <<PROG
$head
set_geometry c0 0x0 0xffffff
set_windows c0 16
block 7
  thread
    map_msi c0 0 0x100000
    unmap_msi c0 0x100000
  thread
    map_msi c0 1 0x200000
  thread
    close g0
end
get_attr c0 WINDOWS
PROG
"$T2H" show "$tmp/b.t2p" > "$tmp/b.txt" && "$T2H" encode "$tmp/b.t2p" "$tmp/b.bin" &&
	"$T2H" show "$tmp/b.bin" > "$tmp/b2.txt" && cmp -s "$tmp/b.txt" "$tmp/b2.txt" &&
	grep -v '^#' "$tmp/b.t2p" | cmp -s - "$tmp/b.txt"
ok $? "text -> binary -> text is exact for a block (and the printer's indentation)"

# spec: every seed passes
bad=0
for s in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	sed "s/^block 7/block $s/" "$tmp/b.t2p" > "$tmp/s.t2p"
	"$T2H" --defects= replay "$tmp/s.t2p" > "$tmp/out" 2>&1 || bad=1
done
ok $bad "spec: the block passes under schedule seeds 0..15"

# a defect inside a block: the op no order explains
cat > "$tmp/b3.t2p" <<PROG
$head
block 3
  thread
    unmap_dma c0 0x0 0x0
  thread
    get_attr c0 WINDOWS
    msi_bank_count c0
end
PROG
"$T2H" --defects B3 replay "$tmp/b3.t2p" > "$tmp/out" 2>&1
[ $? -eq 1 ] && grep -q "FINDING CONC-2:unmap_dma:block" "$tmp/out" &&
	grep -q "seed 3" "$tmp/out"
ok $? "B3 inside a block: CONC-2:unmap_dma:block, the message names the seed"

# a block beyond the bound
{
	echo "$head"
	echo "block 1"
	for t in 1 2 3; do
		echo "thread"
		for k in 1 2 3 4 5 6; do echo "api_version c0"; done
	done
	echo "end"
} > "$tmp/big.t2p"
"$T2H" replay "$tmp/big.t2p" > "$tmp/out" 2>&1
grep -q "limit: .*a block of 18 ops" "$tmp/out"
ok $? "a block of 18 ops is a limit verdict, not a pass"

# min: the finding and the seed stay, the thread that is not needed goes
"$T2H" --defects B3 min "$tmp/b3.t2p" -o "$tmp/min.t2p" 2> "$tmp/err"
[ $? -eq 0 ] && grep -q "^block 3" "$tmp/min.t2p" && ! grep -q "get_attr" "$tmp/min.t2p" &&
	"$T2H" --defects B3 replay "$tmp/min.t2p" 2>&1 | grep -q "CONC-2:unmap_dma:block"
ok $? "min keeps CONC-2:unmap_dma:block with seed 3 and drops the other thread"

# cprog: pthreads and a barrier
"$T2H" --defects B3 cprog "$tmp/b3.t2p" -o "$tmp/repro.c" 2> /dev/null &&
	grep -q "pthread_barrier_wait" "$tmp/repro.c" &&
	${CC:-gcc} -pthread -o "$tmp/repro" "$tmp/repro.c" 2> "$tmp/err"
ok $? "cprog of a block: one thread function per thread, builds with -pthread"

echo "1..$n"
[ "$fail" -eq 0 ]
