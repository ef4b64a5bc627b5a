/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * block.c - runs a concurrent block's calls on the backend (block.h): one
 * thread per block thread, started from one barrier (race.c), each making
 * its calls in order and keeping what the backend answered, for the
 * linearizability search (lin.c).
 *
 * On a backend with a deterministic scheduler (the stub) the threads run
 * under it with the block's seed (t2_be_run_threads, docs/concurrency.md),
 * so (program, seed) is one interleaving on any load; elsewhere (a device)
 * they run on kept helper threads from one spin barrier and the OS decides.
 *
 * A block marked serial (a fault armed, or a close of a descriptor another
 * thread uses: CONC-4 leaves that undefined in-process) runs its threads
 * one after the other; the search then checks that order like any other.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/block.h"
#include "exec/race.h"

_Static_assert(T2P_BLOCK_MAX_THREADS <= T2SIM_SCHED_MAX_THREADS,
	       "a block's threads fit the stub's scheduler");

int t2x_work_new(struct t2x_work **out)
{
	struct t2x_work *w = calloc(1, sizeof(*w));

	if (!w)
		return -ENOMEM;
	if (t2_race_new(&w->race)) {
		free(w);
		return -ENOMEM;
	}
	*out = w;
	return 0;
}

void t2x_work_free(struct t2x_work *w)
{
	unsigned int i;

	if (!w)
		return;
	t2_race_free(w->race);
	for (i = 0; i <= T2X_LIN_MAX_OPS; i++)
		t2_oracle_snap_free(w->snap[i]);
	free(w);
}

struct side {
	struct t2_backend *be;
	struct t2x_call *call;
	unsigned int n;
	atomic_uint *clock;             /* stamps the calls as they return */
};

static void run_call(struct t2_backend *be, struct t2x_call *c, atomic_uint *clock)
{
	memcpy(c->bout, c->b, sizeof(c->bout));
	if (c->close)
		c->bret = be->ops->close(be, c->bfd);
	else
		c->bret = t2_be_ioctl(be, c->bfd, c->cmd,
				      c->by_ptr ? (unsigned long)c->bout : c->value);
	c->stamp = atomic_fetch_add_explicit(clock, 1, memory_order_relaxed);
}

static void run_side(void *arg)
{
	struct side *s = arg;
	unsigned int k;

	for (k = 0; k < s->n; k++)
		run_call(s->be, &s->call[k], s->clock);
}

int t2x_block_run(struct t2x_block *bk, struct t2x_block_out *out)
{
	struct side side[T2P_BLOCK_MAX_THREADS];
	void *args[T2P_BLOCK_MAX_THREADS];
	atomic_uint clock;
	unsigned int t, total = 0;

	memset(out, 0, sizeof(*out));
	for (t = 0; t < bk->nthreads; t++)
		total += bk->n[t];
	if (total > T2X_LIN_MAX_OPS) {
		out->verdict = T2X_BLOCK_LIMIT;
		snprintf(out->what, sizeof(out->what),
			 "a block of %u ops: the linearizability check stops at %d", total,
			 T2X_LIN_MAX_OPS);
		return out->verdict;
	}
	atomic_init(&clock, 0);
	for (t = 0; t < bk->nthreads; t++) {
		side[t].be = bk->be;
		side[t].call = bk->call[t];
		side[t].n = bk->n[t];
		side[t].clock = &clock;
		args[t] = &side[t];
	}
	if (!bk->serial && bk->nthreads >= 2 && t2_be_schedules(bk->be)) {
		struct t2sim_sched sc;
		void (*body[T2P_BLOCK_MAX_THREADS])(void *);

		memset(&sc, 0, sizeof(sc));
		sc.seed = bk->seed;
		for (t = 0; t < bk->nthreads; t++)
			body[t] = run_side;
		/* every body runs, also when a thread could not be made (-EAGAIN) */
		t2_be_run_threads(bk->be, &sc, bk->nthreads, body, args);
		return out->verdict;
	}
	if (bk->serial || bk->nthreads < 2 ||
	    t2_race_run_n(bk->work->race, run_side, args, bk->nthreads))
		for (t = 0; t < bk->nthreads; t++)
			run_side(&side[t]);
	return out->verdict;
}
