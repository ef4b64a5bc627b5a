#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# crash-sig.pl - the signature of one replay of a fuzz input, read from the
# output of its libFuzzer binary: prints "KIND<TAB>SIGNATURE".
#   finding       the executor's own signature (==t2h-finding== ID:op:detail)
#   parser        fuzz_parsers disagreement ("fuzz_parsers: what"): parser:<what>
#   sanitizer     ASan/UBSan/LSan report: <tool>:<kind>:<first project frame>
#   timeout, oom  libFuzzer's: <kind>:<first project frame>
#   crash         any other deadly signal: signal:<first project frame>
#   unreproduced  the input ran clean
# A frame is "project" when its file is under kernel-stub/, harness/ or
# fuzzers/; frame addresses and line numbers are left out so the signature
# stays stable across builds.
use strict;
use warnings;

my $log = shift // die "usage: $0 LOG\n";
open(my $fh, '<', $log) or die "$log: $!\n";
my @lines = <$fh>;
close($fh);

sub slug {
	my $s = shift;
	$s =~ s/\s+/ /g;
	$s =~ s/0x[0-9a-f]+/N/gi;
	$s =~ s/\b\d+\b/N/g;
	$s =~ s/[^A-Za-z0-9.,:=_-]+/_/g;
	$s =~ s/^_+|_+$//g;
	return substr($s, 0, 80);
}

# first stack frame in project code at or after line index $from
sub project_frame {
	my $from = shift;
	for my $i ($from .. $#lines) {
		my $l = $lines[$i];
		next unless $l =~ /^\s*#\d+ 0x[0-9a-f]+ in (\S+) (\S+)/;
		my ($fn, $file) = ($1, $2);
		next if $fn =~ /^(__sanitizer|__asan|__ubsan|__lsan|__interceptor|fuzzer::|LLVMFuzzer|abort|raise|__GI_)/;
		next unless $file =~ m{/(kernel-stub|harness|fuzzers)/};
		$file =~ s/:\d+(:\d+)?$//;
		$file =~ s{.*/}{};
		return "$fn\@$file";
	}
	return "unknown";
}

for my $i (0 .. $#lines) {
	if ($lines[$i] =~ /^==t2h-finding== (\S+)/) {
		print "finding\t$1\n";
		exit 0;
	}
}
for my $i (0 .. $#lines) {
	if ($lines[$i] =~ /^fuzz_parsers: (.+)$/) {
		print "parser\tparser:" . slug($1) . "\n";
		exit 0;
	}
}
for my $i (0 .. $#lines) {
	my $l = $lines[$i];
	if ($l =~ /ERROR: LeakSanitizer/) {
		print "sanitizer\tleak:" . project_frame($i) . "\n";
		exit 0;
	}
	if ($l =~ /ERROR: AddressSanitizer: (\S+)/) {
		my $kind = $1;
		$kind = "SEGV" if $kind eq "SEGV";
		print "sanitizer\tasan:$kind:" . project_frame($i) . "\n";
		exit 0;
	}
	if ($l =~ m{^(\S+?):\d+:\d+: runtime error: (.*)$}) {
		my ($file, $what) = ($1, $2);
		$file =~ s{.*/}{};
		$what =~ s/'[^']*'/T/g;
		print "sanitizer\tubsan:$file:" . slug($what) . "\n";
		exit 0;
	}
	if ($l =~ /ERROR: libFuzzer: timeout/) {
		print "timeout\ttimeout:" . project_frame($i) . "\n";
		exit 0;
	}
	if ($l =~ /ERROR: libFuzzer: out-of-memory/) {
		print "oom\toom:" . project_frame($i) . "\n";
		exit 0;
	}
	if ($l =~ /ERROR: libFuzzer: deadly signal|ERROR: \w+Sanitizer: (\S+)/) {
		print "crash\tsignal:" . project_frame($i) . "\n";
		exit 0;
	}
}
print "unreproduced\tunreproduced\n";
