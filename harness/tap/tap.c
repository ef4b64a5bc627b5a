/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * tap.c - the TAP 13 / KTAP core behind every test program (see tap.h).
 * In KTAP mode (tap_ktap) a subtest is a nested, indented KTAP document
 * ("KTAP version 1", "# Subtest: NAME", its plan and results) closed by one
 * result line at the level above, as the kernel's kunit.py parses it; the
 * summary and the exit code count the leaf tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include "tap/tap.h"

static int planned = -2; /* -2: no plan yet, -1: lazy */
static int run, failed, skipped;
static int ktap;                        /* KTAP version 1 output */
static const char *indent = "";         /* "    " inside a subtest */
/* inside a subtest: the level above, and the leaf totals */
static struct { int planned, run, failed, skipped; } outer;
static int leaf_run, leaf_failed, leaf_skipped;

static void tap_header(void)
{
	if (planned == -2) {
		printf(ktap ? "KTAP version 1\n" : "TAP version 13\n");
		planned = -1;
	}
}

void tap_ktap(void)
{
	ktap = 1;
}

void tap_subtest_begin(const char *name, int n)
{
	tap_header();
	outer.planned = planned;
	outer.run = run;
	outer.failed = failed;
	outer.skipped = skipped;
	run = failed = skipped = 0;
	planned = n;
	indent = "    ";
	printf("%sKTAP version 1\n%s# Subtest: %s\n%s1..%d\n", indent, indent, name, indent, n);
	fflush(stdout);
}

void tap_subtest_end(const char *name)
{
	int r = run, f = failed, sk = skipped;

	if (planned != run) {
		printf("%s# planned %d tests but ran %d\n", indent, planned, run);
		f++;
	}
	leaf_run += r;
	leaf_failed += f;
	leaf_skipped += sk;
	indent = "";
	planned = outer.planned;
	run = outer.run;
	failed = outer.failed;
	skipped = outer.skipped;
	run++;
	if (f) {
		failed++;
		printf("not ok %d %s\n", run, name);
	} else if (r && sk == r) {
		skipped++;
		printf("ok %d %s # SKIP every test skipped\n", run, name);
	} else {
		printf("ok %d %s\n", run, name);
	}
	fflush(stdout);
}

void tap_skip_all(const char *reason)
{
	tap_header();
	printf("1..0 # SKIP %s\n", reason);
	fflush(stdout);
}

void tap_plan(int n)
{
	tap_header();
	planned = n < 0 ? -1 : n;
	if (n >= 0)
		printf("1..%d\n", n);
	fflush(stdout);
}

int tap_vok(int cond, const char *fmt, va_list ap)
{
	tap_header();
	run++;
	if (!cond)
		failed++;
	printf("%s%sok %d - ", indent, cond ? "" : "not ", run);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	return !!cond;
}

int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tap_vok(cond, fmt, ap);
	va_end(ap);
	return r;
}

void tap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	tap_header();
	run++;
	skipped++;
	printf("%sok %d - ", indent, run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", reason);
	fflush(stdout);
}

void tap_timeout(const char *fmt, ...)
{
	va_list ap;

	tap_header();
	run++;
	failed++;
	printf("%snot ok %d - ", indent, run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # TIMEOUT\n");
	fflush(stdout);
}

void tap_vdiag(const char *fmt, va_list ap)
{
	tap_header();
	printf("%s# ", indent);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vdiag(fmt, ap);
	va_end(ap);
}

void tap_bail(const char *fmt, ...)
{
	va_list ap;

	tap_header();
	printf("Bail out! ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(TAP_EXIT_FAIL);
}

int tap_done(void)
{
	tap_header();
	if (planned == -1)
		printf("1..%d\n", run);
	else if (planned != run) {
		printf("# planned %d tests but ran %d\n", planned, run);
		failed++;
	}
	if (ktap) {
		/* the leaf tests, as kunit.py counts them; a top-level failure
		 * without a failed leaf (a short plan) still fails */
		if (failed && !leaf_failed)
			leaf_failed++;
		printf("# %d passed, %d failed, %d skipped\n",
		       leaf_run - leaf_failed - leaf_skipped, leaf_failed, leaf_skipped);
		fflush(stdout);
		if (leaf_failed)
			return TAP_EXIT_FAIL;
		return leaf_run > 0 && leaf_skipped == leaf_run ? TAP_EXIT_SKIP : TAP_EXIT_PASS;
	}
	printf("# %d passed, %d failed, %d skipped\n", run - failed - skipped, failed, skipped);
	fflush(stdout);
	if (failed)
		return TAP_EXIT_FAIL;
	if (run > 0 && skipped == run)
		return TAP_EXIT_SKIP;
	return TAP_EXIT_PASS;
}

int tap_count_run(void) { return run; }
int tap_count_failed(void) { return failed; }
int tap_count_skipped(void) { return skipped; }
