#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# verdict-diff.pl - the stub-vs-kernel comparison of ci/nightly's kernel
# replay (kernel-replay.sh): the stub's verdicts against the guest's KTAP.
#
#   perl ci/nightly-lib/verdict-diff.pl STUB_TSV TAP_LOG
# STUB_TSV: "NAME<TAB>LINE", LINE what `t2h replay --check NAME` printed on
# the host ("NAME: pass (as expected for spec)").  TAP_LOG: the run's KTAP
# (ci/kernel-resume.sh), item K being the K-th line of STUB_TSV, with the
# guest's `t2h replay --check /t2/NAME` line among its diagnostics.
# Prints per item "K<TAB>NAME<TAB>STATUS<TAB>STUB<TAB>KERNEL", STATUS one of
#   same       the same verdict
#   differs    another verdict (a finding of the campaign)
#   skipped    one side skipped the program (it names another platform
#              than the loaded module's; the stub makes each program's own):
#              not judged there, so not compared
#   limited    one side hit a limit of the harness (`limit`: e.g. the
#              device backend's buffer cap, T2_BUF_CAP, which the stub
#              does not need): not judged to the end there, not compared
#   crash      the kernel crashed in the item (KERNEL: "CRASH <title>"; a
#              finding)
#   noverdict  the run stopped before the item, or no verdict on one side
#              (not a finding: the harness could not compare)
# Verdicts compare without what --check adds for the label ("as expected
# for spec", "no expectation for B6", ", expected pass for spec"), so that a
# finding on both sides with the same signature is the same verdict.
use strict;
use warnings;

my ($stub_tsv, $tap) = @ARGV;
die "usage: $0 STUB_TSV TAP_LOG\n" unless defined $tap;

sub norm {
	my ($name, $line) = @_;
	return undef unless defined $line;
	$line =~ s/^#\s*//;
	$line =~ s/^\/t2\///;
	return undef unless substr($line, 0, length($name) + 2) eq "$name: ";
	my $v = substr($line, length($name) + 2);
	$v =~ s/ \((as expected for|no expectation for) [^)]*\)$//;
	$v =~ s/, expected \S+ for \S+$//;
	return $v;
}

my @items;
open(my $sf, '<', $stub_tsv) or die "verdict-diff: cannot read '$stub_tsv': $!\n";
while (<$sf>) {
	chomp;
	next if $_ eq '';
	my ($name, $line) = split /\t/, $_, 2;
	die "verdict-diff: $stub_tsv:$.: not NAME<TAB>VERDICT\n" unless defined $line && $name ne '';
	push @items, { name => $name, stub => norm($name, $line) };
}
close($sf);

# the KTAP: diagnostics gather until the item's result line
open(my $tf, '<', $tap) or die "verdict-diff: cannot read '$tap': $!\n";
my @diag;
while (<$tf>) {
	chomp;
	if (/^(not )?ok (\d+) - (.*)$/) {
		my ($bad, $k, $rest) = ($1, $2, $3);
		my $it = $items[$k - 1];
		die "verdict-diff: $tap:$.: item $k beyond the " . scalar(@items) . " of $stub_tsv\n" unless $it;
		if ($rest =~ / # CRASH (.*)$/) {
			$it->{kern} = "CRASH $1";
			$it->{crash} = 1;
		} elsif ($rest =~ / # no verdict/) {
			$it->{kern} = undef;
		} else {
			for my $d (@diag) {
				my $v = norm($it->{name}, $d);
				if (defined $v) { $it->{kern} = $v; last; }
			}
		}
		$it->{seen} = 1;
		@diag = ();
	} elsif (/^#/) {
		push @diag, $_;
	}
}
close($tf);

my $k = 0;
for my $it (@items) {
	$k++;
	my ($s, $kv) = ($it->{stub}, $it->{kern});
	my $status = $it->{crash} ? 'crash'
		: (!defined $s || !defined $kv) ? 'noverdict'
		: $s eq $kv ? 'same'
		: ($s =~ /^skip \(/ || $kv =~ /^skip \(/) ? 'skipped'
		: ($s =~ /^limit\b/ || $kv =~ /^limit\b/) ? 'limited' : 'differs';
	printf "%d\t%s\t%s\t%s\t%s\n", $k, $it->{name}, $status, $s // '-', $kv // '-';
}
