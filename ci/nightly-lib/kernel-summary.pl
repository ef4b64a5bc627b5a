#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kernel-summary.pl - the "Stub vs t2sim.ko" section of a ci/nightly
# summary.md (--kernel-replay): the counts of kernel/verdicts.tsv and, per
# program whose verdict differs (kernel/diff/NNN), both verdicts and where
# its kernel log is.
#
#   perl ci/nightly-lib/kernel-summary.pl REPORT_DIR >> REPORT_DIR/summary.md
use strict;
use warnings;

my $dir = shift // die "usage: $0 REPORT_DIR\n";
my $kd = "$dir/kernel";
print "\n## Stub vs t2sim.ko (qemu)\n\n";
open(my $fh, '<', "$kd/verdicts.tsv") or do {
	print "The kernel replay did not run to the end: see logs/kernel-replay.log.\n";
	exit 0;
};
my (%n, @diff);
while (<$fh>) {
	chomp;
	my ($k, $name, $status, $stub, $kern) = split /\t/;
	$n{$status}++;
	push @diff, [$name, $status, $stub, $kern] if $status eq 'differs' || $status eq 'crash';
}
close($fh);
my $total = 0;
$total += $_ for values %n;
my $margs = '';
if (open(my $m, '<', "$kd/payload/modules.list")) { $margs = <$m> // ''; chomp $margs; close($m); }
printf "%d programs (the campaign corpus and the findings) replayed with `t2h replay --check` on the stub and in the guest (`insmod %s`): %d same verdict, %d differ, %d crashed the kernel, %d skipped on one side (a program for another platform than the module's: not judged there), %d with a harness limit on one side (`limit`, e.g. the device backend's buffer cap: not judged to the end there), %d without a kernel verdict.\n",
	$total, $margs, $n{same} // 0, $n{differs} // 0, $n{crash} // 0, $n{skipped} // 0, $n{limited} // 0, $n{noverdict} // 0;
print "A program without a kernel verdict is not compared (logs/kernel-replay.log says why).\n" if $n{noverdict};
exit 0 unless @diff;
print "\nEach is a finding of the campaign (program, verdicts and kernel log in kernel/diff/NNN/):\n\n";
print "| | program | stub | t2sim.ko |\n|---|---|---|---|\n";
my $i = 0;
for my $d (@diff) {
	$i++;
	my ($name, $status, $stub, $kern) = @$d;
	s/\|/\\|/g for ($stub, $kern);
	printf "| %03d | `%s` | %s | %s |\n", $i, $name, $stub, $kern;
}
