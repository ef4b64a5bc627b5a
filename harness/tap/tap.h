/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * tap.h - a tiny TAP version 13 core (also valid KTAP): plan, ok, skip, diag,
 * bail.  Exit codes follow kselftest: 0 pass, 1 fail, 4 everything skipped.
 */
#ifndef T2_TAP_H
#define T2_TAP_H

#include <stdarg.h>

#define TAP_EXIT_PASS 0
#define TAP_EXIT_FAIL 1
#define TAP_EXIT_SKIP 4

#define TAP_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Prints "TAP version 13" and "1..n".  n < 0: the plan is printed by tap_done(). */
void tap_plan(int n);
/* KTAP version 1 output (before anything is printed): subtests nest. */
void tap_ktap(void);
/* A subtest of n tests (KTAP): its lines are indented until
 * tap_subtest_end(), which prints its result at the level above. */
void tap_subtest_begin(const char *name, int n);
void tap_subtest_end(const char *name);
/* The kselftest skip of a whole program: "1..0 # SKIP reason" (then exit
 * with TAP_EXIT_SKIP). */
void tap_skip_all(const char *reason);
/* One test point.  Returns cond (as 0/1). */
int tap_ok(int cond, const char *fmt, ...) TAP_PRINTF(2, 3);
int tap_vok(int cond, const char *fmt, va_list ap);
/* "ok N - name # SKIP reason" */
void tap_skip(const char *reason, const char *fmt, ...) TAP_PRINTF(2, 3);
/* "ok N - name # TIMEOUT" is a failure: "not ok N - name # TIMEOUT" */
void tap_timeout(const char *fmt, ...) TAP_PRINTF(1, 2);
/* "# ..." diagnostic line(s) on stdout. */
void tap_diag(const char *fmt, ...) TAP_PRINTF(1, 2);
void tap_vdiag(const char *fmt, va_list ap);
/* "Bail out! ..." and exit(TAP_EXIT_FAIL): broken infrastructure only. */
void tap_bail(const char *fmt, ...) TAP_PRINTF(1, 2) __attribute__((noreturn));
/* Prints a lazy plan and a summary line; returns the exit code. */
int tap_done(void);

/* Counters, for summaries. */
int tap_count_run(void);
int tap_count_failed(void);
int tap_count_skipped(void);

#endif /* T2_TAP_H */
