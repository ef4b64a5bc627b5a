#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# kill-matrix.pl - proof that the suite can fail: run it on the spec
# personality, then with each sdk2013 switch alone (T2_DEFECTS=Bn, spec
# PERS-2, PERS-3), and print which tests each switch makes fail.
#
#   perl conformance/kill-matrix.pl include/t2/switches.def build/gcc/conformance/t2conf
#   perl conformance/kill-matrix.pl include/t2/designs2013.def T2CONF DESIGN
#
# The switches come from switches.def: B1..B16 (matrix = 1) form the defect
# matrix; L1..L3 (matrix = 0) are scored beside it.  With DESIGN (a letter of
# msi_designs.def), the designs2013 switches of that design instead (spec
# PERS-9; all of them in the matrix; none is fine), on whatever platform
# T2_PLATFORM names (make kill-matrix-designs sets msi_design=DESIGN).  Exit
# status 1 when the spec personality fails any test, or any matrix switch
# survives (no test fails with it on).  T2_KILL_TIMEOUT sets the per-test
# timeout (default 10).
use strict;
use warnings;

my ($def, $suite, $design) = @ARGV;
die "usage: $0 SWITCHES.def T2CONF [DESIGN]\n" unless defined $suite;

my @switches;
open(my $fh, '<', $def) or die "$def: $!\n";
while (my $line = <$fh>) {
	if (defined $design) {
		next unless $line =~ /^T2_DSWITCH\(\s*(\w+)\s*,\s*\d+\s*,\s*(\w+)\s*,\s*"([^"]*)"\s*\)/;
		push @switches, { name => $1, matrix => 1, summary => $3 } if $2 eq $design;
		next;
	}
	next unless $line =~ /^T2_SWITCH\(\s*(\w+)\s*,\s*(\d+)\s*,\s*([01])\s*,\s*"([^"]*)"\s*\)/;
	push @switches, { name => $1, matrix => $3, summary => $4 };
}
close($fh);
die "$def: no T2_SWITCH lines\n" unless @switches || defined $design;

delete $ENV{T2_PERSONALITY};
$ENV{T2_TIMEOUT} = $ENV{T2_KILL_TIMEOUT} // 10;

# Runs the suite with this defect set; returns (failing test names, problem).
sub run_suite {
	my ($defects) = @_;
	local $ENV{T2_DEFECTS} = $defects;
	my (@failed, $plan, $seen, $bail);
	open(my $out, '-|', $suite) or die "$suite: $!\n";
	while (my $line = <$out>) {
		$plan = $1 if $line =~ /^1\.\.(\d+)/;
		$seen++ if $line =~ /^(?:not )?ok \d+/;
		push @failed, $1 if $line =~ /^not ok \d+ - (\S+)/;
		$bail = $line if $line =~ /^Bail out!/;
	}
	close($out);
	my $status = $? >> 8;
	my $problem;
	$problem = "bailed out: $bail" if $bail;
	$problem //= "ran " . ($seen // 0) . (defined $plan ? " of $plan" : " (no plan)") . " tests"
		if !defined $plan || !$seen || $seen != $plan;
	$problem //= "exit status $status with no failing test" if $status == 1 && !@failed;
	return (\@failed, $problem);
}

my ($spec_failed, $spec_problem) = run_suite("");
my @rows;
for my $sw (@switches) {
	my ($failed, $problem) = run_suite($sw->{name});
	push @rows, { %$sw, failed => $failed, problem => $problem };
}

print "kill matrix: defect -> killed? -> failing tests\n";
my ($killed, $nmatrix, @survivors) = (0, 0);
for my $r (@rows) {
	my $n = @{$r->{failed}};
	my $list = $n ? join(' ', @{$r->{failed}}) : "-";
	my $verdict = $n ? "killed" : "SURVIVED";
	$verdict = "detected" if $n && !$r->{matrix};
	$verdict = "missed" if !$n && !$r->{matrix};
	printf "%-4s %-8s %3d  %s\n", $r->{name}, $verdict, $n, $list;
	printf "     (%s)\n", $r->{problem} if $r->{problem};
	if ($r->{matrix}) {
		$nmatrix++;
		if ($n) {
			$killed++;
		} else {
			push @survivors, $r->{name};
		}
	}
}
my $nspec = @$spec_failed;
printf "spec     %3d failures%s\n", $nspec, $nspec ? ": @$spec_failed" : "";
print "spec run: $spec_problem\n" if $spec_problem;
my $where = defined $design ? " (design $design, platform " . ($ENV{T2_PLATFORM} // "p4080") . ")" : "";
printf "# kill matrix%s: %d/%d killed, %d failures on spec\n", $where, $killed, $nmatrix, $nspec;
print "# ERROR: surviving defects: @survivors\n" if @survivors;
exit(@survivors || $nspec || $spec_problem ? 1 : 0);
