#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# report.pl - the report of a ci/nightly campaign: reads the report directory
# (run.env, logs/, work/, findings/, rules.json) and writes report.json (the
# statistics: execs, exec/s, coverage over time, corpus sizes, findings) and
# summary.md (the same for a person).
#
#   perl ci/nightly-lib/report.pl REPORT_DIR
use strict;
use warnings;
use JSON::PP;

my $dir = shift // die "usage: $0 REPORT_DIR\n";
my %run = read_kv("$dir/run.env");
my @targets = split ' ', $run{targets} // '';
my %engines = map { $_ => 1 } split ' ', $run{engines} // '';
my $work = "$dir/work";

sub read_kv {
	my $f = shift;
	my %h;
	open(my $fh, '<', $f) or return %h;
	while (<$fh>) {
		chomp;
		$h{$1} = $2 if /^([A-Za-z0-9_]+)\s*[=:]\s*(.*?)\s*$/;
	}
	close($fh);
	return %h;
}

sub count_files {
	my $d = shift;
	opendir(my $dh, $d) or return 0;
	my $n = grep { !/^\./ && -f "$d/$_" } readdir($dh);
	closedir($dh);
	return $n;
}

sub lines_of {
	my $f = shift;
	open(my $fh, '<', $f) or return ();
	my @l = grep { /\S/ } map { chomp; $_ } <$fh>;
	close($fh);
	return @l;
}

# at most $max points, always keeping the last
sub thin {
	my ($pts, $max) = @_;
	return $pts if @$pts <= $max;
	my $step = @$pts / $max;
	my @out = map { $pts->[int($_ * $step)] } 0 .. $max - 2;
	push @out, $pts->[-1];
	return \@out;
}

# ---------------------------------------------------------------- libFuzzer
sub libfuzzer_stats {
	my $t = shift;
	my $log = "$dir/logs/$t-libfuzzer.log";
	return undef unless -f $log;
	my @tl;
	open(my $fh, '<', $log) or return undef;
	while (<$fh>) {
		# -fork lines: "#N: cov: C ft: F corp: K exec/s E oom/timeout/crash: a/b/c time: Ts job: J"
		if (/^#(\d+): cov: (\d+) ft: (\d+) corp: (\d+) exec\/s:? (\d+) oom\/timeout\/crash: (\d+)\/(\d+)\/(\d+) time: (\d+)s/) {
			push @tl, { t => $9 + 0, execs => $1 + 0, cov => $2 + 0, ft => $3 + 0, corpus => $4 + 0,
				    crashes => $8 + 0, timeouts => $7 + 0, ooms => $6 + 0 };
		}
	}
	close($fh);
	my $last = $tl[-1] // { t => 0, execs => 0, cov => 0, ft => 0, corpus => 0,
				crashes => 0, timeouts => 0, ooms => 0 };
	my $secs = $run{slot} || $last->{t} || 1;
	return {
		seconds => $secs + 0,
		execs => $last->{execs},
		exec_per_s => int($last->{execs} / ($last->{t} || $secs || 1)),
		coverage => $last->{cov},
		features => $last->{ft},
		corpus => $last->{corpus},
		crashes => $last->{crashes}, timeouts => $last->{timeouts}, ooms => $last->{ooms},
		timeline => thin([ map { [ $_->{t}, $_->{execs}, $_->{cov}, $_->{corpus} ] } @tl ], 60),
		timeline_columns => [ 'seconds', 'execs', 'cov (libFuzzer PCs)', 'corpus' ],
	};
}

# ---------------------------------------------------------------- AFL++
sub afl_stats {
	my $t = shift;
	my $d = "$work/$t/afl";
	return undef unless -d $d;
	opendir(my $dh, $d) or return undef;
	my @inst = sort grep { -f "$d/$_/fuzzer_stats" } readdir($dh);
	closedir($dh);
	return undef unless @inst;
	my ($execs, $eps, $edges, $total_edges, $crashes, $hangs, $corpus, $secs) = (0) x 8;
	my (%per, @tl);
	for my $i (@inst) {
		my %s = read_kv("$d/$i/fuzzer_stats");
		$execs += $s{execs_done} // 0;
		$eps += $s{execs_per_sec} // 0;
		$edges = $s{edges_found} if ($s{edges_found} // 0) > $edges;
		$total_edges = $s{total_edges} // $total_edges;
		$crashes += $s{saved_crashes} // $s{unique_crashes} // 0;
		$hangs += $s{saved_hangs} // $s{unique_hangs} // 0;
		$corpus = $s{corpus_count} if ($s{corpus_count} // 0) > $corpus;
		$secs = $s{run_time} if ($s{run_time} // 0) > $secs;
		$per{$i} = { execs => ($s{execs_done} // 0) + 0, exec_per_s => ($s{execs_per_sec} // 0) + 0,
			     edges => ($s{edges_found} // 0) + 0, corpus => ($s{corpus_count} // 0) + 0,
			     cmplog => ($s{command_line} // '') =~ / -c / ? JSON::PP::true : JSON::PP::false };
	}
	# coverage over time: ci/nightly's samples of every instance's
	# fuzzer_stats, else the main instance's plot_data
	my $main = (grep { $_ eq 'main' } @inst) ? 'main' : $inst[0];
	my $tlcols = [ 'seconds', 'execs (all instances)', 'edges (AFL++ map)', 'corpus (largest)' ];
	if (open(my $fh, '<', "$work/$t/afl-timeline.tsv")) {
		while (<$fh>) {
			my @v = split;
			push @tl, [ map { $_ + 0 } @v[0 .. 3] ] if @v >= 4;
		}
		close($fh);
	}
	if (!@tl && open(my $fh, '<', "$d/$main/plot_data")) {
		$tlcols = [ 'seconds', 'execs (main)', 'edges (AFL++ map)', 'corpus (main)' ];
		my (@cols, $t0);
		while (<$fh>) {
			chomp;
			if (s/^#\s*//) { @cols = map { s/^\s+|\s+$//gr } split /,/; next; }
			my @v = map { s/^\s+|\s+$//gr } split /,/;
			my %r;
			@r{@cols} = @v;
			my $time = $r{relative_time} // $r{unix_time};
			$t0 //= $time;
			$time -= $t0 unless defined $r{relative_time};
			push @tl, [ $time + 0, ($r{total_execs} // 0) + 0, ($r{edges_found} // 0) + 0,
				    ($r{corpus_count} // $r{paths_total} // 0) + 0 ];
		}
		close($fh);
	}
	return {
		seconds => ($run{slot} // $secs) + 0,
		instances => scalar(@inst),
		execs => $execs + 0,
		exec_per_s => int($execs / (($secs || $run{slot} || 1))) ,
		exec_per_s_reported => $eps + 0,
		coverage => $edges + 0,
		map_size => $total_edges + 0,
		corpus => $corpus + 0,
		crashes => $crashes + 0, hangs => $hangs + 0,
		per_instance => \%per,
		timeline => thin([ @tl, [ ($run{slot} // $secs) + 0, $execs + 0, $edges + 0, $corpus + 0 ] ], 60),
		timeline_columns => $tlcols,
	};
}

# ---------------------------------------------------------------- findings
my @findings;
for my $row (lines_of("$dir/findings/index.tsv")) {
	my ($sig, $kind, $sub) = split /\t/, $row;
	my %m = read_kv("$dir/findings/$sub/meta.txt");
	my $f = {
		signature => $sig, kind => $kind, dir => "findings/$sub",
		target => $m{target}, targets => [ split /,/, $m{targets} // '' ],
		engines => [ split /,/, $m{engines} // '' ], hits => ($m{hits} // 0) + 0,
		first_seen_s => ($m{first_seen_s} // '-') =~ /^-?\d+$/ ? $m{first_seen_s} + 0 : undef,
		input_bytes => ($m{input_bytes} // 0) + 0,
		input_ops => ($m{input_ops} // '-') =~ /^\d+$/ ? $m{input_ops} + 0 : undef,
		min_ops => ($m{min_ops} // '-') =~ /^\d+$/ ? $m{min_ops} + 0 : undef,
		min_signature => $m{min_signature} // '',
		minimized => (-s "$dir/findings/$sub/min.t2p" || -s "$dir/findings/$sub/min.bin")
			? JSON::PP::true : JSON::PP::false,
		reproduced => $m{reproduced} // '-',
		reproducer => $m{reproducer} eq 'none' ? undef : "findings/$sub/$m{reproducer}",
		reproducer_builds => ($m{reproducer_builds} // '') eq 'yes' ? JSON::PP::true : JSON::PP::false,
		where => $m{where} // '', what => $m{what} // '', note => $m{note} // '',
	};
	push @findings, $f;
}
my @real = grep { $_->{kind} ne 'unreproduced' } @findings;

# ---------------------------------------------------------------- targets
my @tstats;
for my $t (@targets) {
	my %e;
	$e{libfuzzer} = libfuzzer_stats($t) if $engines{libfuzzer};
	$e{afl} = afl_stats($t) if $engines{afl};
	delete $e{$_} for grep { !defined $e{$_} } keys %e;
	my @back = lines_of("$work/$t/merged-back");
	my @new = lines_of("$work/$t/back.new");
	push @tstats, {
		name => "fuzz_$t",
		engines => \%e,
		# (no $e{afl}{...} when AFL++ did not run: it would create $e{afl})
		execs => ($e{libfuzzer} ? $e{libfuzzer}{execs} // 0 : 0) + ($e{afl} ? $e{afl}{execs} // 0 : 0),
		corpus => {
			seeds => count_files("$run{top}/build/fuzz/seeds/$t"),
			kept => count_files("$work/$t/all"),
			merged => count_files("$work/$t/merged"),
			minimized => count_files("$work/$t/final"),
			new_coverage => scalar(@new),
			written_back => \@back,
		},
		findings => scalar(grep { grep { $_ eq $t } @{$_->{targets}} } @real),
	};
}

# ---------------------------------------------------------------- coverage, rules
my $cov;
if (open(my $fh, '<', "$work/core-summary.json")) {
	local $/;
	my $j = eval { decode_json(<$fh>) };
	close($fh);
	if ($j && $j->{data} && $j->{data}[0]{totals}) {
		my $tot = $j->{data}[0]{totals};
		$cov = { scope => 'kernel-stub/core', html => 'coverage/html/index.html',
			 map { $_ => { covered => $tot->{$_}{covered}, count => $tot->{$_}{count},
				       percent => sprintf('%.1f', $tot->{$_}{percent}) + 0 } }
			 grep { $tot->{$_} } qw(lines regions functions branches) };
	}
}
my $rules;
if (open(my $fh, '<', "$dir/rules.json")) {
	local $/;
	my $j = eval { decode_json(<$fh>) };
	close($fh);
	$rules = { rules => $j->{rules}, exercised => $j->{exercised}, ops => $j->{ops},
		   not_exercised => $j->{not_exercised}, detail => 'rules.json', table => 'rules.md' } if $j;
}

my $totals = { execs => 0, findings => scalar(@real), unreproduced => @findings - @real };
$totals->{execs} += $_->{execs} for @tstats;
my $report = {
	version => 1,
	run => { map { $_ => $run{$_} } grep { $_ ne 'top' } keys %run },
	totals => $totals,
	targets => \@tstats,
	findings => \@findings,
	coverage => $cov,
	rules => $rules,
};
my $json = JSON::PP->new->canonical->pretty;
open(my $out, '>', "$dir/report.json") or die "$dir/report.json: $!\n";
print $out $json->encode($report);
close($out);

# ---------------------------------------------------------------- summary.md
open($out, '>', "$dir/summary.md") or die "$dir/summary.md: $!\n";
my $pers = $run{defects} ne 'unset' ? "defects `" . ($run{defects} || '(none)') . "`" : "personality `$run{personality}`";
print $out "# Nightly campaign $run{started}: " . (@real ? scalar(@real) . " finding" . (@real == 1 ? '' : 's') : 'no finding') . "\n\n";
print $out "- $pers, platform `$run{platform}`, commit `$run{commit}`\n";
print $out "- $run{duration} s of fuzzing over " . scalar(@targets) . " targets on $run{jobs} cores "
	. "($run{slot} s per target and engine: $run{engines}); fuzzing took $run{fuzz_seconds} s of wall time, "
	. "the whole run $run{total_seconds} s\n";
print $out "- $totals->{execs} executions in all\n\n";

print $out "## Targets\n\n";
print $out "| target | engine | s | execs | exec/s | coverage | corpus (engine) |\n|---|---|---:|---:|---:|---:|---:|\n";
for my $t (@tstats) {
	for my $en (sort keys %{$t->{engines}}) {
		my $s = $t->{engines}{$en};
		my $covs = $en eq 'afl' ? "$s->{coverage} edges" : "$s->{coverage} PCs / $s->{features} ft";
		my $name = $en eq 'afl' ? "AFL++ ($s->{instances} inst., CmpLog)" : "libFuzzer -fork=$run{jobs}";
		printf $out "| %s | %s | %d | %d | %d | %s | %d |\n", $t->{name}, $name, $s->{seconds},
			$s->{execs}, $s->{exec_per_s}, $covs, $s->{corpus};
	}
}
print $out "\nCoverage over time (start, middle, end of each engine's run; full series in report.json):\n\n";
print $out "| target | engine | coverage at 0% / 25% / 50% / 75% / 100% |\n|---|---|---|\n";
for my $t (@tstats) {
	for my $en (sort keys %{$t->{engines}}) {
		my $tl = $t->{engines}{$en}{timeline};
		next unless @$tl;
		my @pts = map { $tl->[int($_ * $#$tl / 4)] } 0 .. 4;
		printf $out "| %s | %s | %s |\n", $t->{name}, $en,
			join(' / ', map { "$_->[2] @ $_->[0] s" } @pts);
	}
}
print $out "\n## Corpus\n\n";
print $out "| target | seeds | kept by the engines | after -merge=1 | after afl-cmin | add edges to corpus/ | written back |\n";
print $out "|---|---:|---:|---:|---:|---:|---:|\n";
for my $t (@tstats) {
	my $c = $t->{corpus};
	printf $out "| %s | %d | %d | %d | %d | %d | %d |\n", $t->{name}, $c->{seeds}, $c->{kept},
		$c->{merged}, $c->{minimized}, $c->{new_coverage}, scalar(@{$c->{written_back}});
}

print $out "\n## Findings\n\n";
if (@real) {
	print $out "Each distinct signature once (deduplicated), with its smallest input minimized and a C reproducer.\n\n";
	print $out "| # | signature | found by | hits | first seen | ops (input -> min) | reproduced | reproducer | dir |\n";
	print $out "|---:|---|---|---:|---:|---|---|---|---|\n";
	my $i = 0;
	for my $f (@real) {
		$i++;
		printf $out "| %d | `%s` | %s / %s | %d | %s | %s -> %s | %s | %s | [%s](%s/) |\n", $i, $f->{signature},
			join(',', @{$f->{targets}}), join(',', @{$f->{engines}}), $f->{hits},
			defined $f->{first_seen_s} ? "$f->{first_seen_s} s" : '-',
			$f->{input_ops} // '-', $f->{min_ops} // '-', $f->{reproduced},
			$f->{reproducer} ? ($f->{reproducer_builds} ? 'repro.c (builds)' : 'repro.c (**does not build**)')
					 : "none: $f->{note}",
			$f->{dir} =~ s{.*/}{}r, $f->{dir};
	}
	print $out "\n";
	for my $f (@real) {
		next unless $f->{what} || $f->{note};
		print $out "- `$f->{signature}`: " . join('; ', grep { $_ } ($f->{where} && "$f->{where}: $f->{what}"),
							  $f->{note}) . "\n";
	}
	print $out "\nTo reproduce (min.t2p records the configuration it was found under; `t2h replay` uses it):\n\n";
	my $env = join('', map { defined $run{$_->[1]} && $run{$_->[1]} ne $_->[2] ? "$_->[0]=$run{$_->[1]} " : '' }
		       ([ 'T2_PERSONALITY', 'personality', 'spec' ], [ 'T2_DEFECTS', 'defects', 'unset' ],
			[ 'T2_PLATFORM', 'platform', 'default' ]));
	for my $f (@real) {
		my $d = "$dir/$f->{dir}";
		my $min = -s "$d/min.t2p" ? "min.t2p" : -s "$d/input.t2p" ? "input.t2p" : undef;
		# a finding replays in t2h; a sanitizer report needs its target's build
		my $cmd = $f->{kind} eq 'finding' && $min ? "build/gcc/t2h replay $d/$min"
			: -s "$d/input.bin" ? "${env}build/fuzz/lf/fuzz_$f->{targets}[0] $d/input.bin"
			: "see $d/meta.txt";
		printf $out "- `%s`: `%s`\n", $f->{signature}, $cmd;
	}
	print $out "\nTo keep a fixed bug fixed: `ci/regress-add <finding dir>` (docs/ci.md).\n";
} else {
	print $out "None.\n";
}
if (@findings > @real) {
	print $out "\n" . (@findings - @real) . " input(s) kept by an engine did not reproduce on replay (findings/*unreproduced*).\n";
}

print $out "\n## Coverage of the simulator core (llvm-cov)\n\n";
if ($cov) {
	print $out "| | covered | total | % |\n|---|---:|---:|---:|\n";
	for my $k (qw(lines regions functions branches)) {
		next unless $cov->{$k};
		printf $out "| %s | %d | %d | %.1f |\n", $k, $cov->{$k}{covered}, $cov->{$k}{count}, $cov->{$k}{percent};
	}
	print $out "\nHTML: [coverage/html/index.html](coverage/html/index.html); per file: coverage/core-report.txt\n";
} else {
	print $out "Not produced (--no-coverage, or llvm-cov failed: logs/llvm-cov.log).\n";
}
print $out "\n## Spec rules exercised\n\n";
if ($rules) {
	print $out "$rules->{exercised} of $rules->{rules} rules exercised (decided an op of the final corpus, or code citing them ran). Table: [rules.md](rules.md).\n";
	if (@{$rules->{not_exercised}}) {
		print $out "\nNot exercised: " . join(', ', @{$rules->{not_exercised}}) . "\n";
	}
} else {
	print $out "Not produced.\n";
}
close($out);
