#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# rules.pl - the per-rule view of a campaign: which rules of docs/spec.md it
# exercised, seen two ways.
#   decided   the oracle's deciding rule for each op of the final corpus
#             (lines "-> R (oracle R, RULE)" of `t2h replay -v`), per rule
#             and per table row ("MAP-1.11" is MAP-1 row 11);
#   reached   code that cites the rule (a comment or a rule string naming
#             it, in kernel-stub/ and harness/) ran: the citation's line, or
#             the first instrumented line after it, has a non-zero count in
#             the llvm-cov export (lcov format).
# A rule counts as exercised when either holds (harness code counts too: the
# oracle's code for a rule, the executor's check of an invariant).
#
#   perl rules.pl -s SPEC -t TRACE -l LCOV -r ROOT -o OUT.json -m OUT.md
use strict;
use warnings;
use Getopt::Std;
use JSON::PP;

my %o;
getopts('s:t:l:r:o:m:', \%o) or die "usage: $0 -s SPEC -t TRACE -l LCOV -r ROOT -o JSON -m MD\n";
die "usage: $0 -s SPEC -t TRACE -l LCOV -r ROOT -o JSON -m MD\n"
	unless $o{s} && $o{o} && $o{m};
my $root = $o{r} // '.';

# ---------------------------------------------------------------- the spec's rules
my (@rules, %rule);
open(my $fh, '<', $o{s}) or die "$o{s}: $!\n";
my $section = '';
while (my $line = <$fh>) {
	$section = $1 if $line =~ /^##+\s+(.*?)\s*$/;
	my ($id, $text);
	if ($line =~ /^\s*-\s+\*\*([A-Z]+-\d+)\*\*\s*(.*)$/) {
		($id, $text) = ($1, $2);
	} elsif ($line =~ /^\|\s*\*\*([A-Z]+-\d+)\*\*\s*\|\s*([^|]*)/) {
		($id, $text) = ($1, $2);
	}
	next unless defined $id && !$rule{$id};
	$text =~ s/\*\*//g;
	$text =~ s/\s+/ /g;
	$text = substr($text, 0, 70) . (length($text) > 70 ? '...' : '');
	$rule{$id} = { id => $id, section => $section, text => $text,
		       withdrawn => ($line =~ /withdrawn/i ? JSON::PP::true : JSON::PP::false),
		       decided => 0, rows => {}, sim_sites => 0, sim_hit => 0,
		       harness_sites => 0, harness_hit => 0 };
	push @rules, $id;
}
close($fh);
die "$o{s}: no rule IDs\n" unless @rules;

# ---------------------------------------------------------------- decided
my ($ops, %other) = (0);
if ($o{t} && -r $o{t}) {
	open($fh, '<', $o{t}) or die "$o{t}: $!\n";
	while (my $line = <$fh>) {
		next unless $line =~ /^\s*->.*\(oracle [^,]*, ([^)\s]+)\)/;
		my $r = $1;
		$ops++;
		if ($r =~ /^([A-Z]+-\d+)(?:\.(\d+))?$/ && $rule{$1}) {
			$rule{$1}{decided}++;
			$rule{$1}{rows}{$2}++ if defined $2;
		} else {
			$other{$r}++;
		}
	}
	close($fh);
}

# ---------------------------------------------------------------- reached
my %counts;    # file -> { line -> count }
if ($o{l} && -r $o{l}) {
	open($fh, '<', $o{l}) or die "$o{l}: $!\n";
	my $file;
	while (my $line = <$fh>) {
		if ($line =~ /^SF:(.*)$/) {
			$file = $1;
		} elsif ($line =~ /^DA:(\d+),(\d+)/ && defined $file) {
			$counts{$file}{$1} = $2;
		}
	}
	close($fh);
}
for my $file (sort keys %counts) {
	my $kind = $file =~ m{/kernel-stub/} ? 'sim' : $file =~ m{/harness/} ? 'harness' : next;
	open(my $src, '<', $file) or next;
	my @src = <$src>;
	close($src);
	my $c = $counts{$file};
	for my $i (0 .. $#src) {
		my $ln = $i + 1;
		while ($src[$i] =~ /\b([A-Z]+-\d+)\b/g) {
			my $id = $1;
			next unless $rule{$id};
			# the governed line: this one if instrumented, else the next that is
			my $hit;
			for my $k ($ln .. $ln + 30) {
				if (exists $c->{$k}) { $hit = $c->{$k} > 0; last; }
			}
			next unless defined $hit;
			$rule{$id}{"${kind}_sites"}++;
			$rule{$id}{"${kind}_hit"}++ if $hit;
		}
	}
}

# ---------------------------------------------------------------- output
my ($ex, $norm) = (0, 0);
my @not;
for my $id (@rules) {
	my $r = $rule{$id};
	$r->{exercised} = ($r->{decided} > 0 || $r->{sim_hit} > 0 || $r->{harness_hit} > 0)
		? JSON::PP::true : JSON::PP::false;
	next if $r->{withdrawn};
	$norm++;
	if ($r->{exercised}) { $ex++ } else { push @not, $id }
}
my $json = JSON::PP->new->canonical->pretty;
open(my $out, '>', $o{o}) or die "$o{o}: $!\n";
print $out $json->encode({ rules => $norm, exercised => $ex, ops => $ops,
			   not_exercised => \@not, other_decisions => \%other,
			   list => [ map { $rule{$_} } @rules ] });
close($out);

open($out, '>', $o{m}) or die "$o{m}: $!\n";
print $out "# Per-rule view\n\n";
print $out "$ex of $norm rules exercised: the oracle decided an op by the rule ($ops ops replayed, ";
print $out "spec personality), or code citing it ran (llvm-cov): the simulator's, or the harness's ";
print $out "(the oracle's prediction, the executor's invariant check).\n\n";
print $out "| rule | ops decided | rows decided | simulator sites reached | harness sites reached | exercised | |\n";
print $out "|---|---:|---|---:|---:|---|---|\n";
for my $id (@rules) {
	my $r = $rule{$id};
	my $rows = join(' ', map { "$_:$r->{rows}{$_}" } sort { $a <=> $b } keys %{$r->{rows}});
	printf $out "| %s | %d | %s | %s | %s | %s | %s |\n", $id, $r->{decided}, $rows || '',
		$r->{sim_sites} ? "$r->{sim_hit}/$r->{sim_sites}" : '-',
		$r->{harness_sites} ? "$r->{harness_hit}/$r->{harness_sites}" : '-',
		$r->{withdrawn} ? 'withdrawn' : $r->{exercised} ? 'yes' : '**no**', $r->{text};
}
if (%other) {
	print $out "\nOther deciding labels (not spec rule IDs): ";
	print $out join(', ', map { "$_ ($other{$_})" } sort keys %other), "\n";
}
close($out);
