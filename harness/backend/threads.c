/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * threads.c - t2_be_run_threads (backend.h): concurrent bodies on one
 * backend.  A backend with a deterministic scheduler (the stub) runs them
 * itself; for the others (dev, oracle) real threads start from one spin
 * barrier and the OS interleaves them.  T2_SCHED=free gives real threads on
 * the stub too: ThreadSanitizer then sees the calls race (check-lock-mutants
 * uses it for mutants that no schedule exposes).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend/backend.h"

struct free_thread {
	void (*body)(void *);
	void *arg;
	atomic_uint *arrived;
	unsigned int n;
};

static void *free_main(void *p)
{
	struct free_thread *t = p;
	unsigned int spins = 0;

	atomic_fetch_add_explicit(t->arrived, 1, memory_order_acq_rel);
	while (atomic_load_explicit(t->arrived, memory_order_acquire) < t->n)
		if (++spins > 64)
			sched_yield(); /* a loaded machine: the others may not be running */
	t->body(t->arg);
	return NULL;
}

static int run_free(unsigned int n, void (*const body[])(void *), void *const arg[])
{
	struct free_thread t[T2SIM_SCHED_MAX_THREADS];
	pthread_t th[T2SIM_SCHED_MAX_THREADS];
	atomic_uint arrived;
	unsigned int i, made;

	atomic_init(&arrived, 0);
	for (i = 0; i < n; i++)
		t[i] = (struct free_thread){ body[i], arg ? arg[i] : NULL, &arrived, n };
	for (made = 0; made < n; made++)
		if (pthread_create(&th[made], NULL, free_main, &t[made]))
			break;
	/* threads that could not be made run here, so every body runs once and
	 * the barrier opens */
	for (i = made; i < n; i++)
		atomic_fetch_add_explicit(&arrived, 1, memory_order_acq_rel);
	for (i = made; i < n; i++)
		body[i](arg ? arg[i] : NULL);
	for (i = 0; i < made; i++)
		pthread_join(th[i], NULL);
	return made == n ? 0 : -EAGAIN;
}

int t2_be_run_threads(struct t2_backend *be, struct t2sim_sched *sc, unsigned int n,
		      void (*const body[])(void *), void *const arg[])
{
	unsigned int i;

	if (n < 1 || n > T2SIM_SCHED_MAX_THREADS || !body || !sc)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!body[i])
			return -EINVAL;
	if (t2_be_schedules(be))
		return be->ops->run_threads(be, sc, n, body, arg);
	sc->nsteps = 0;
	sc->switches = 0;
	sc->deadlock = 0;
	return run_free(n, body, arg);
}

int t2_be_schedules(const struct t2_backend *be)
{
	return be->ops->run_threads && !be->free_threads;
}
