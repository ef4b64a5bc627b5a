/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * sched.c - the deterministic scheduler of the in-process simulator
 * (t2sim_sched_run in t2sim.h; docs/concurrency.md).
 *
 * Up to T2SIM_SCHED_MAX_THREADS bodies run on real threads, but only one at
 * a time: a thread runs until it reaches a scheduling point of the core
 * (os_sched_point), blocks on a core lock, or ends; then the scheduler picks
 * the next one.  The pick is PCT (Burckhardt et al., ASPLOS 2010): every
 * thread gets a distinct random priority, the highest-priority runnable
 * thread runs, and at d - 1 random steps the running thread drops below
 * every other.  Priorities and change steps come from the seed alone, and
 * nothing else decides, so one (bodies, seed) gives one interleaving on any
 * load.  A recorded trace, given back as `replay`, forces the same picks.
 *
 * The hand-off is a mutex and a condition variable, so ThreadSanitizer sees
 * every switch as a happens-before edge: races that the schedule exposes
 * show up as wrong results, not as reports.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "shim.h"
#include "t2sim.h"
#include "core/points.h"

#define DEFAULT_DEPTH 3
#define DEFAULT_STEPS 64

struct sched;

struct sched_thread {
	struct sched *sc;
	int idx;
	pthread_t th;
	void (*body)(void *);
	void *arg;
	unsigned int prio;      /* higher runs first */
	bool done;
	int *wait;              /* the lock word it waits for, or NULL */
};

struct sched {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int n;
	int cur;                /* the thread allowed to run, -1 before start */
	bool free_run;          /* after a deadlock: no more scheduling */
	struct sched_thread t[T2SIM_SCHED_MAX_THREADS];
	uint32_t change[T2SIM_SCHED_MAX_DEPTH]; /* steps where the runner drops */
	uint32_t nchange;
	uint32_t depth;
	struct t2sim_sched *io;
};

static __thread struct sched_thread *self;

/* splitmix64: the only source of randomness, seeded by the caller. */
static uint64_t next_rand(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static bool runnable(const struct sched_thread *t)
{
	return !t->done && (!t->wait || !__atomic_load_n(t->wait, __ATOMIC_ACQUIRE));
}

/* One decision (sc->mu held): apply a change point, pick, record. */
static int pick(struct sched *sc, uint16_t point)
{
	struct t2sim_sched *io = sc->io;
	uint32_t step = io->nsteps++;
	int i, best = -1;

	if (sc->cur >= 0)
		for (i = 0; i < (int)sc->nchange; i++)
			if (sc->change[i] == step)
				sc->t[sc->cur].prio = (unsigned int)i + 1; /* below all of d.. */
	if (io->replay && step < io->nreplay && io->replay[step] < sc->n &&
	    runnable(&sc->t[io->replay[step]]))
		best = io->replay[step];
	if (best < 0)
		for (i = 0; i < sc->n; i++)
			if (runnable(&sc->t[i]) && (best < 0 || sc->t[i].prio > sc->t[best].prio))
				best = i;
	if (best >= 0 && sc->cur >= 0 && best != sc->cur)
		io->switches++;
	if (step < io->trace_cap && io->trace) {
		io->trace[step].point = point;
		io->trace[step].thread = (uint8_t)(best < 0 ? 0xff : best);
		io->trace[step].pad = 0;
	}
	return best;
}

/* Hand over to the next pick and wait for our turn (sc->mu held). */
static void switch_to_next(struct sched *sc, struct sched_thread *me, uint16_t point)
{
	int next = pick(sc, point);

	if (next < 0) {
		bool all_done = true;
		int i;

		for (i = 0; i < sc->n; i++)
			all_done &= sc->t[i].done;
		if (!all_done) {
			/* the threads wait on each other: let the OS run them */
			sc->io->deadlock = 1;
			sc->free_run = true;
		}
		pthread_cond_broadcast(&sc->cv);
		return;
	}
	sc->cur = next;
	if (next != me->idx)
		pthread_cond_broadcast(&sc->cv);
	while (!me->done && sc->cur != me->idx && !sc->free_run)
		pthread_cond_wait(&sc->cv, &sc->mu);
}

bool shim_sched_point(uint32_t point)
{
	struct sched_thread *me = self;
	struct sched *sc;

	if (!me)
		return false;
	sc = me->sc;
	pthread_mutex_lock(&sc->mu);
	if (!sc->free_run)
		switch_to_next(sc, me, (uint16_t)point);
	pthread_mutex_unlock(&sc->mu);
	return true;
}

bool shim_sched_lock(int *word)
{
	struct sched_thread *me = self;
	struct sched *sc;

	if (!me)
		return false;
	sc = me->sc;
	while (__atomic_exchange_n(word, 1, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&sc->mu);
		if (sc->free_run) {
			pthread_mutex_unlock(&sc->mu);
			sched_yield();
			continue;
		}
		me->wait = word;
		switch_to_next(sc, me, T2SIM_PT_BLOCK);
		me->wait = NULL;
		pthread_mutex_unlock(&sc->mu);
	}
	return true;
}

static void *thread_main(void *p)
{
	struct sched_thread *me = p;
	struct sched *sc = me->sc;

	self = me;
	pthread_mutex_lock(&sc->mu);
	while (sc->cur != me->idx && !sc->free_run)
		pthread_cond_wait(&sc->cv, &sc->mu);
	pthread_mutex_unlock(&sc->mu);
	me->body(me->arg);
	pthread_mutex_lock(&sc->mu);
	me->done = true;
	if (!sc->free_run)
		switch_to_next(sc, me, T2SIM_PT_EXIT);
	pthread_cond_broadcast(&sc->cv);
	pthread_mutex_unlock(&sc->mu);
	self = NULL;
	return NULL;
}

/* PCT's set-up: priorities d .. d + n - 1 in a seeded order, d - 1
 * change steps in 0 .. k - 1. */
static void pct_init(struct sched *sc, const struct t2sim_sched *io)
{
	uint64_t x = io->seed;
	uint32_t steps = io->steps ? io->steps : DEFAULT_STEPS;
	unsigned int order[T2SIM_SCHED_MAX_THREADS];
	int i;

	sc->depth = io->depth ? io->depth : DEFAULT_DEPTH;
	for (i = 0; i < sc->n; i++)
		order[i] = (unsigned int)i;
	for (i = sc->n - 1; i > 0; i--) {
		int j = (int)(next_rand(&x) % (uint64_t)(i + 1));
		unsigned int tmp = order[i];

		order[i] = order[j];
		order[j] = tmp;
	}
	for (i = 0; i < sc->n; i++)
		sc->t[i].prio = sc->depth + order[i];
	sc->nchange = sc->depth - 1;
	for (i = 0; i < (int)sc->nchange; i++)
		sc->change[i] = (uint32_t)(next_rand(&x) % steps);
}

int t2sim_sched_run(struct t2sim_sched *io, unsigned int n, void (*const body[])(void *),
		    void *const arg[])
{
	struct sched sc;
	unsigned int i, made = 0;
	int r = 0;

	if (!io || n < 1 || n > T2SIM_SCHED_MAX_THREADS || !body ||
	    io->depth > T2SIM_SCHED_MAX_DEPTH || self)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!body[i])
			return -EINVAL;
	io->nsteps = 0;
	io->switches = 0;
	io->deadlock = 0;
	memset(&sc, 0, sizeof(sc));
	sc.n = (int)n;
	sc.cur = -1;
	sc.io = io;
	pthread_mutex_init(&sc.mu, NULL);
	pthread_cond_init(&sc.cv, NULL);
	pct_init(&sc, io);
	for (i = 0; i < n; i++) {
		sc.t[i].sc = &sc;
		sc.t[i].idx = (int)i;
		sc.t[i].body = body[i];
		sc.t[i].arg = arg ? arg[i] : NULL;
	}
	for (i = 0; i < n; i++, made++)
		if (pthread_create(&sc.t[i].th, NULL, thread_main, &sc.t[i])) {
			r = -EAGAIN;
			break;
		}
	pthread_mutex_lock(&sc.mu);
	if (r) {
		/* the made ones run their bodies in order: nothing is left hanging */
		for (i = made; i < n; i++)
			sc.t[i].done = true;
	}
	sc.cur = pick(&sc, T2SIM_PT_START);
	pthread_cond_broadcast(&sc.cv);
	for (;;) {
		bool all_done = true;

		for (i = 0; i < made; i++)
			all_done &= sc.t[i].done;
		if (all_done)
			break;
		pthread_cond_wait(&sc.cv, &sc.mu);
	}
	pthread_mutex_unlock(&sc.mu);
	for (i = 0; i < made; i++)
		pthread_join(sc.t[i].th, NULL);
	pthread_cond_destroy(&sc.cv);
	pthread_mutex_destroy(&sc.mu);
	return r;
}

const char *t2sim_point_name(unsigned int point)
{
	switch (point) {
	case T2SIM_PT_START:
		return "START";
	case T2SIM_PT_BLOCK:
		return "BLOCK";
	case T2SIM_PT_EXIT:
		return "EXIT";
	default:
		return t2_point_name(point);
	}
}
