/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * race.c - run two calls at the same moment: one on a helper thread kept
 * for the whole context, one on the caller's thread.
 *
 * A thread made per race costs more than the race (clone, a stack, a
 * wake-up) and starts late: the caller's calls were often over before the
 * new thread's first one, so no call overlapped.  Here both sides meet at a
 * spin barrier and start together.  The helper sleeps on a condition
 * variable between races, so an idle context costs no CPU.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "race.h"

struct t2_race {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned long posted;           /* races posted, under mu */
	int quit;                       /* under mu */
	void (*fn)(void *);             /* the posted race, under mu */
	void *arg;
	atomic_int arrived;             /* at the start barrier */
	atomic_int done;                /* the helper's side finished */
};

/* Short spins, then yield: on a busy 2-core machine the other side may
 * not be running. */
static void wait_for(atomic_int *v, int want)
{
	unsigned int n = 0;

	while (atomic_load_explicit(v, memory_order_acquire) < want)
		if (++n > 64)
			sched_yield();
}

static void meet(struct t2_race *rp)
{
	atomic_fetch_add_explicit(&rp->arrived, 1, memory_order_acq_rel);
	wait_for(&rp->arrived, 2);
}

static void *helper(void *p)
{
	struct t2_race *rp = p;
	unsigned long seen = 0;
	void (*fn)(void *);
	void *arg;

	for (;;) {
		pthread_mutex_lock(&rp->mu);
		while (!rp->quit && rp->posted == seen)
			pthread_cond_wait(&rp->cv, &rp->mu);
		if (rp->quit) {
			pthread_mutex_unlock(&rp->mu);
			return NULL;
		}
		seen = rp->posted;
		fn = rp->fn;
		arg = rp->arg;
		pthread_mutex_unlock(&rp->mu);
		meet(rp);
		fn(arg);
		atomic_store_explicit(&rp->done, 1, memory_order_release);
	}
}

int t2_race_new(struct t2_race **out)
{
	struct t2_race *rp = calloc(1, sizeof(*rp));

	if (!rp)
		return -ENOMEM;
	pthread_mutex_init(&rp->mu, NULL);
	pthread_cond_init(&rp->cv, NULL);
	if (pthread_create(&rp->thread, NULL, helper, rp)) {
		pthread_cond_destroy(&rp->cv);
		pthread_mutex_destroy(&rp->mu);
		free(rp);
		return -EAGAIN;
	}
	*out = rp;
	return 0;
}

void t2_race_free(struct t2_race *rp)
{
	if (!rp)
		return;
	pthread_mutex_lock(&rp->mu);
	rp->quit = 1;
	pthread_cond_signal(&rp->cv);
	pthread_mutex_unlock(&rp->mu);
	pthread_join(rp->thread, NULL);
	pthread_cond_destroy(&rp->cv);
	pthread_mutex_destroy(&rp->mu);
	free(rp);
}

void t2_race_run(struct t2_race *rp, void (*fn)(void *), void *helper_arg, void *own_arg)
{
	atomic_store_explicit(&rp->arrived, 0, memory_order_relaxed);
	atomic_store_explicit(&rp->done, 0, memory_order_relaxed);
	pthread_mutex_lock(&rp->mu);
	rp->fn = fn;
	rp->arg = helper_arg;
	rp->posted++;
	pthread_cond_signal(&rp->cv);
	pthread_mutex_unlock(&rp->mu);
	meet(rp);
	fn(own_arg);
	wait_for(&rp->done, 1);
}
