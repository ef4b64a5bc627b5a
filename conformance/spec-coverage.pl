#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# spec-coverage.pl - traceability: for every rule ID defined in the spec,
# the conformance tests that cite it.
#
#   perl conformance/spec-coverage.pl docs/spec.md build/gcc/conformance/t2conf
#
# Rules are the IDs defined as "- **AREA-n**" or as table rows "| **INV-n** |".
# A rule is normative unless its definition line says "withdrawn" or it is
# listed under "## Informative rules" in docs/conformance.md (beside the spec).
# The tests and the rules they cite come from `t2conf -l` ("name [RULES]").
# Exit status 1 when a normative rule has no test, or a test cites an ID the
# spec does not define.
use strict;
use warnings;
use File::Basename qw(dirname);

my ($spec, $suite) = @ARGV;
die "usage: $0 SPEC.md T2CONF\n" unless defined $suite;

# ---------------------------------------------------------------- the spec
my (@rules, %withdrawn, %defined);
open(my $fh, '<', $spec) or die "$spec: $!\n";
while (my $line = <$fh>) {
	my $id;
	if ($line =~ /^\s*-\s+\*\*([A-Z]+-\d+)\*\*/) {
		$id = $1;
	} elsif ($line =~ /^\|\s*\*\*([A-Z]+-\d+)\*\*\s*\|/) {
		$id = $1;
	}
	next unless defined $id;
	die "$spec:$.: rule $id defined twice\n" if $defined{$id}++;
	push @rules, $id;
	$withdrawn{$id} = 1 if $line =~ /withdrawn/i;
}
close($fh);
die "$spec: no rule IDs found\n" unless @rules;

# ---------------------------------------------------------------- informative
my %informative;
my $doc = dirname($spec) . "/conformance.md";
if (open(my $dh, '<', $doc)) {
	my $in = 0;
	while (my $line = <$dh>) {
		if ($line =~ /^##\s/) {
			$in = $line =~ /^##\s+Informative rules/i;
			next;
		}
		next unless $in && $line =~ /^\|\s*([A-Z]+-\d+)\s*\|/;
		die "$doc:$.: $1 is not a rule of $spec\n" unless $defined{$1};
		$informative{$1} = 1;
	}
	close($dh);
}

# ---------------------------------------------------------------- the tests
my (%cited, $ntests, @bad);
open(my $lh, '-|', $suite, '-l') or die "$suite: $!\n";
while (my $line = <$lh>) {
	chomp $line;
	my ($name, $ids) = $line =~ /^(\S+) \[([^\]]*)\]$/
		or die "$suite -l: cannot parse '$line'\n";
	$ntests++;
	for my $id (split ' ', $ids) {
		if (!$defined{$id}) {
			push @bad, "$name cites $id, which $spec does not define";
			next;
		}
		push @{$cited{$id}}, $name;
	}
}
close($lh) or die "$suite -l failed\n";

# ---------------------------------------------------------------- the table
my (@uncovered, $covered);
printf "%-9s %-5s %s\n", "rule", "tests", "cited by";
for my $id (@rules) {
	my @t = @{$cited{$id} || []};
	my $kind = $withdrawn{$id} ? "withdrawn" : $informative{$id} ? "informative" : "";
	my $list = @t ? join(' ', @t) : $kind ? "($kind)" : "** NONE **";
	printf "%-9s %5d %s%s\n", $id, scalar @t, $list, (@t && $kind) ? " ($kind)" : "";
	if (@t) {
		$covered++;
	} elsif (!$kind) {
		push @uncovered, $id;
	}
}
my $norm = grep { !$withdrawn{$_} && !$informative{$_} } @rules;
printf "# %d rules (%d normative, %d informative, %d withdrawn); %d tests; %d rules cited\n",
	scalar @rules, $norm, scalar(keys %informative), scalar(keys %withdrawn), $ntests,
	$covered;
print "# ERROR: $_\n" for @bad;
if (@uncovered) {
	print "# ERROR: normative rules no test cites: @uncovered\n";
}
exit(@uncovered || @bad ? 1 : 0);
