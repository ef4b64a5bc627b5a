/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * race.h - calls started together, on kept helper threads and the caller's
 * (race.c): race_msi's two sides, a concurrent block's 2-4 threads.
 */
#ifndef T2_RACE_H
#define T2_RACE_H

#define T2_RACE_MAX 4           /* threads in one race, the caller's included */

struct t2_race;

/* 0, or -errno.  Helper threads are made when a race first needs them. */
int t2_race_new(struct t2_race **out);
void t2_race_free(struct t2_race *rp);
/* fn(helper_arg) on a helper and fn(own_arg) here, from one start
 * barrier; returns when both have returned.  One race at a time. */
void t2_race_run(struct t2_race *rp, void (*fn)(void *), void *helper_arg, void *own_arg);
/* fn(args[k]) for k < n (2..T2_RACE_MAX), args[0] on the caller's thread,
 * the others on helpers, all from one start barrier; returns when all
 * have returned.  0, or -EAGAIN if a helper thread cannot be made. */
int t2_race_run_n(struct t2_race *rp, void (*fn)(void *), void **args, unsigned int n);

#endif /* T2_RACE_H */
