/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/* tap.c - the TAP 13 / KTAP core behind every test program (see tap.h). */
#include <stdio.h>
#include <stdlib.h>
#include "tap.h"

static int planned = -2; /* -2: no plan yet, -1: lazy */
static int run, failed, skipped;

static void tap_header(void)
{
	if (planned == -2) {
		printf("TAP version 13\n");
		planned = -1;
	}
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
	printf("%sok %d - ", cond ? "" : "not ", run);
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
	printf("ok %d - ", run);
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
	printf("not ok %d - ", run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # TIMEOUT\n");
	fflush(stdout);
}

void tap_vdiag(const char *fmt, va_list ap)
{
	tap_header();
	printf("# ");
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
