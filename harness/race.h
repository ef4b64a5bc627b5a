/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * race.h - two calls started together, one on a kept helper thread (race.c).
 */
#ifndef T2_RACE_H
#define T2_RACE_H

struct t2_race;

/* 0, or -errno if the helper thread cannot be made. */
int t2_race_new(struct t2_race **out);
void t2_race_free(struct t2_race *rp);
/* fn(helper_arg) on the helper and fn(own_arg) here, from one start
 * barrier; returns when both have returned.  One race at a time. */
void t2_race_run(struct t2_race *rp, void (*fn)(void *), void *helper_arg, void *own_arg);

#endif /* T2_RACE_H */
