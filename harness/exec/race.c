/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * race.c - run calls at the same moment: on helper threads kept for the
 * whole context and on the caller's thread.
 *
 * A thread made per race costs more than the race (clone, a stack, a
 * wake-up) and starts late: the caller's calls were often over before the
 * new thread's first one, so no call overlapped.  Here every side meets at
 * a spin barrier and they start together.  The helpers sleep on a
 * condition variable between races, so an idle context costs no CPU.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include "exec/race.h"

#define NHELPERS (T2_RACE_MAX - 1)

struct helper {
	struct t2_race *rp;
	unsigned int k;                 /* runs args[k + 1] */
	pthread_t thread;
};

struct t2_race {
	struct helper h[NHELPERS];
	unsigned int nmade;             /* helpers made */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned long posted;           /* races posted, under mu */
	int quit;                       /* under mu */
	void (*fn)(void *);             /* the posted race, under mu */
	void *args[T2_RACE_MAX];
	unsigned int n;                 /* sides in the posted race */
	atomic_int arrived;             /* at the start barrier */
	atomic_int done;                /* helpers' sides finished */
};

/* Short spins, then yield: on a busy 2-core machine the others may not be
 * running. */
static void wait_for(atomic_int *v, int want)
{
	unsigned int n = 0;

	while (atomic_load_explicit(v, memory_order_acquire) < want)
		if (++n > 64)
			sched_yield();
}

static void meet(struct t2_race *rp, int n)
{
	atomic_fetch_add_explicit(&rp->arrived, 1, memory_order_acq_rel);
	wait_for(&rp->arrived, n);
}

static void *helper(void *p)
{
	struct helper *h = p;
	struct t2_race *rp = h->rp;
	unsigned long seen = 0;
	void (*fn)(void *);
	void *arg;
	unsigned int n;

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
		n = rp->n;
		arg = rp->args[h->k + 1];
		pthread_mutex_unlock(&rp->mu);
		if (h->k + 1 >= n)
			continue;       /* not in this race */
		meet(rp, (int)n);
		fn(arg);
		atomic_fetch_add_explicit(&rp->done, 1, memory_order_acq_rel);
	}
}

int t2_race_new(struct t2_race **out)
{
	struct t2_race *rp = calloc(1, sizeof(*rp));

	if (!rp)
		return -ENOMEM;
	pthread_mutex_init(&rp->mu, NULL);
	pthread_cond_init(&rp->cv, NULL);
	*out = rp;
	return 0;
}

void t2_race_free(struct t2_race *rp)
{
	unsigned int i;

	if (!rp)
		return;
	pthread_mutex_lock(&rp->mu);
	rp->quit = 1;
	pthread_cond_broadcast(&rp->cv);
	pthread_mutex_unlock(&rp->mu);
	for (i = 0; i < rp->nmade; i++)
		pthread_join(rp->h[i].thread, NULL);
	pthread_cond_destroy(&rp->cv);
	pthread_mutex_destroy(&rp->mu);
	free(rp);
}

int t2_race_run_n(struct t2_race *rp, void (*fn)(void *), void **args, unsigned int n)
{
	unsigned int i;

	if (n < 1 || n > T2_RACE_MAX)
		return -EINVAL;
	while (rp->nmade < n - 1) {
		struct helper *h = &rp->h[rp->nmade];

		h->rp = rp;
		h->k = rp->nmade;
		if (pthread_create(&h->thread, NULL, helper, h))
			return -EAGAIN;
		rp->nmade++;
	}
	atomic_store_explicit(&rp->arrived, 0, memory_order_relaxed);
	atomic_store_explicit(&rp->done, 0, memory_order_relaxed);
	pthread_mutex_lock(&rp->mu);
	rp->fn = fn;
	for (i = 0; i < n; i++)
		rp->args[i] = args[i];
	rp->n = n;
	rp->posted++;
	pthread_cond_broadcast(&rp->cv);
	pthread_mutex_unlock(&rp->mu);
	meet(rp, (int)n);
	fn(args[0]);
	wait_for(&rp->done, (int)n - 1);
	return 0;
}

void t2_race_run(struct t2_race *rp, void (*fn)(void *), void *helper_arg, void *own_arg)
{
	void *args[2] = { own_arg, helper_arg };

	if (t2_race_run_n(rp, fn, args, 2)) {
		/* no helper thread: one side after the other */
		fn(own_arg);
		fn(helper_arg);
	}
}
