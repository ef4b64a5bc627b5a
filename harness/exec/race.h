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

/* ------------------------------------------------------------ race_msi */
#include <stdint.h>
#include "backend/backend.h"
#include "oracle/oracle.h"

/* One map_msi (map: bank at iova) or unmap_msi (iova) call, its argument
 * from the op table, on be, or on o when be is NULL. */
long t2_msi_call(struct t2_backend *be, struct t2_oracle *o, int fd, int map, uint32_t bank,
		 uint64_t iova);

struct t2_race_msi_out {
	unsigned int calls[2];          /* per side */
	unsigned int nbad[2];           /* calls that did not return 0 */
	long first_bad[2];              /* the first such result */
	int first_bad_unmap[2];         /* ... and whether it was the unmap */
};

/*
 * race_msi (CONC-2): two threads map and unmap bank[k] at iova[k] on fd,
 * each at least 32 pairs (quick: exactly 32; else on until the other side
 * is done, at most 4096); under the backend's own schedule where it has
 * one (the stub).  0, or -EAGAIN if no helper thread could be made (then
 * nothing ran).
 */
int t2_race_msi(struct t2_race **rp, struct t2_backend *be, int fd, const uint32_t bank[2],
		const uint64_t iova[2], int quick, struct t2_race_msi_out *out);

#endif /* T2_RACE_H */
