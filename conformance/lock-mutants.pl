#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# lock-mutants.pl - proof that the concurrency cases can fail: for every
# lock-removal mutant of the core (each T2_LOCK_SECTION of locks.def run
# without the container lock; each COMMIT point of points.def split into two
# lock sections), build the suite with that core (make MUTANT=<name>), run
# the conformance suite's concurrency cases (conc.*) under their fixed
# schedules, and print which cases fail and how long the run took.
#
#   perl conformance/lock-mutants.pl LOCKS.def POINTS.def BUILD_DIR FLAVOR
#
# A mutant the schedules do not expose (its section guards no interleaving
# the scheduling points can show, e.g. one pointer read) gets a second
# detector: the same cases on free threads (T2_SCHED=free) under
# ThreadSanitizer (FLAVOR=tsan), after the unmutated core passes them clean.
#
# Then (MUTANT_FUZZ_SECONDS > 0, default 0 here; the make target sets 20) a
# short campaign of the concurrent-block fuzz target fuzz_surface (libFuzzer,
# -seed=1, from the surface seeds, whose blocks run under their schedule
# seeds) against each mutant, after the unmutated core's campaign of the same
# length found nothing; the seconds to its first finding are printed.
#
# Exit status 1 when a mutant survives (nothing fails with it) or the
# unmutated suite fails.  T2_MUTANT_TESTS overrides the case pattern.
use strict;
use warnings;
use Time::HiRes qw(time);

my ($locks, $points, $b, $flavor) = @ARGV;
die "usage: $0 LOCKS.def POINTS.def BUILD_DIR FLAVOR\n" unless defined $flavor;
my $tests = $ENV{T2_MUTANT_TESTS} // 'conc.*';

my @mutants;
sub read_def {
	my ($file, $re, $make) = @_;
	open(my $fh, '<', $file) or die "$file: $!\n";
	while (my $line = <$fh>) {
		next unless $line =~ $re;
		my $m = $make->($1, $2);
		push @mutants, $m if $m;
	}
	close($fh);
}
read_def($locks, qr/^T2_LOCK_SECTION\(\s*(\w+)\s*,\s*"([^"]*)"/,
	 sub { { name => "LOCK_$_[0]", what => "no lock: $_[1]" } });
read_def($points, qr/^T2_POINT\(\s*(\w+)\s*,\s*(\w+)\s*,/,
	 sub { $_[1] eq 'COMMIT' ? { name => "SPLIT_$_[0]", what => "split at $_[0]" } : undef });
die "no mutants in $locks, $points\n" unless @mutants;

delete $ENV{T2_PERSONALITY};
delete $ENV{T2_DEFECTS};
$ENV{T2_TIMEOUT} //= 60;

# Runs one suite binary on the cases; returns (failing cases, seconds, problem).
sub run_suite {
	my ($bin, $free) = @_;
	local $ENV{T2_SCHED} = $free ? 'free' : 'pct';
	my (@failed, $bail);
	my $t0 = time;
	# the suite's stderr (TSan reports) goes next to the binary
	open(my $saved, '>&', \*STDERR) or die "stderr: $!\n";
	open(STDERR, '>', "$bin.stderr") or die "$bin.stderr: $!\n";
	my $pid = open(my $out, '-|', $bin, '-t', $tests);
	open(STDERR, '>&', $saved) or die "stderr: $!\n";
	die "$bin: $!\n" unless $pid;
	while (my $line = <$out>) {
		push @failed, $1 if $line =~ /^not ok \d+ - (\S+)/;
		$bail = $line if $line =~ /^Bail out!/;
	}
	close($out);
	my $status = $?;
	my $dt = time - $t0;
	my $problem;
	$problem = "bailed out" if $bail;
	$problem //= sprintf("killed by signal %d", $status & 127) if $status & 127;
	$problem //= "exit status " . ($status >> 8) if ($status >> 8) > 1;
	return (\@failed, $dt, $problem);
}

my ($base_failed, $base_dt, $base_problem) = run_suite("$b/conformance/t2conf");
if (@$base_failed || $base_problem) {
	print "unmutated core fails $tests: @$base_failed ", $base_problem // '', "\n";
	exit 1;
}

sub build {
	my ($fl, $target, $mutant) = @_;
	my @mv = $mutant ? ("MUTANT=$mutant") : ();
	system('make', '-s', "FLAVOR=$fl", @mv, $target) == 0
		or die "make FLAVOR=$fl @mv $target failed\n";
}

# The second detector, built on first use.
my $tsan_ok;
sub tsan_ready {
	return $tsan_ok if defined $tsan_ok;
	build('tsan', 'build/tsan/conformance/t2conf');
	my ($f, $dt, $p) = run_suite('build/tsan/conformance/t2conf', 1);
	$tsan_ok = !@$f && !$p;
	print "unmutated core, free threads under TSan: ", $tsan_ok ? "clean" :
		"NOT clean (@$f " . ($p // '') . "): no second detector", "\n";
	return $tsan_ok;
}

my $fuzz_s = $ENV{MUTANT_FUZZ_SECONDS} // 0;
my $seeds = 'build/fuzz/seeds/surface';

# One fuzz_surface campaign; returns (found, seconds).
sub fuzz_run {
	my ($bin) = @_;
	my $dir = "$bin.run";
	system('rm', '-rf', $dir);
	mkdir $dir or die "$dir: $!\n";
	mkdir "$dir/corpus" or die "$dir/corpus: $!\n";
	system("cp $seeds/* $dir/corpus/ 2>/dev/null");
	local $ENV{T2_FINDINGS_DIR} = "$dir/findings";
	my $t0 = time;
	my $rc = system("fuzzers/run-target.sh surface $bin -seed=1 -max_total_time=$fuzz_s " .
			"-artifact_prefix=$dir/ $dir/corpus > $dir/log 2>&1");
	return ($rc != 0, time - $t0);
}

my $fuzz_ok = 0;
if ($fuzz_s > 0) {
	build($flavor, 'build/fuzz/lfn/fuzz_surface');
	my ($found, $dt) = fuzz_run('build/fuzz/lfn/fuzz_surface');
	printf "unmutated core, fuzz_surface %d s: %s\n", $fuzz_s,
		$found ? "a finding (build/fuzz/lfn/fuzz_surface.run/log): no fuzz detector" :
			 "nothing found";
	$fuzz_ok = !$found;
}

my ($detected, @survivors) = (0);
print "lock mutants: mutant -> detected? -> seconds (conc.*) -> fuzz -> failing cases\n";
for my $m (@mutants) {
	my $bin = "$b/mutants/$m->{name}/t2conf";
	build($flavor, $bin, $m->{name});
	my ($failed, $dt, $problem) = run_suite($bin);
	my $hit = @$failed || $problem;
	if (!$hit && tsan_ready()) {
		my $tbin = "build/tsan/mutants/$m->{name}/t2conf";
		build('tsan', $tbin, $m->{name});
		my ($tf, $tdt, $tp) = run_suite($tbin, 1);
		if (@$tf || $tp) {
			($failed, $problem, $hit) = ($tf, "TSan on free threads: " . ($tp // 'failed') .
						       ", see $tbin.stderr", 1);
			$dt += $tdt;
		}
	}
	my $fuzz = '-';
	if ($fuzz_ok) {
		my $fbin = "build/fuzz/lfn/mutants/$m->{name}/fuzz_surface";
		build($flavor, $fbin, $m->{name});
		my ($found, $fdt) = fuzz_run($fbin);
		$fuzz = $found ? sprintf("%.1fs", $fdt) : "none/${fuzz_s}s";
		$hit ||= $found;
	}
	my $list = @$failed ? join(' ', @$failed) : '-';
	$list .= " ($problem)" if $problem;
	printf "%-30s %-9s %6.2f %-9s %s\n", $m->{name}, $hit ? 'detected' : 'SURVIVED', $dt,
		$fuzz, $list;
	if ($hit) {
		$detected++;
	} else {
		push @survivors, $m->{name};
	}
}
my $n = @mutants;
print "$detected/$n lock mutants detected\n";
print "survivors: @survivors\n" if @survivors;
exit(@survivors ? 1 : 0);
