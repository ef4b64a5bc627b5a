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
 *
 * Also race_msi's two sides (t2_race_msi), their calls from the op table.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "exec/race.h"
#include "prog/op.h"
#include "t2/sim.h"

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

/* ------------------------------------------------------------ race_msi */

/* MAP_MSI has no buffer operand */
static uint64_t no_vaddr(void *ctx, const struct t2p_arg *a)
{
	(void)ctx;
	return a->val;
}

long t2_msi_call(struct t2_backend *be, struct t2_oracle *o, int fd, int map, uint32_t bank,
		 uint64_t iova)
{
	struct t2p_call c;
	struct t2p_op op;

	t2p_op_init(&op, map ? T2P_OP_MAP_MSI : T2P_OP_UNMAP_MSI);
	if (map) {
		op.a[1].val = bank;     /* map_msi cN BANK IOVA */
		op.a[2].val = iova;
	} else {
		op.a[1].val = iova;     /* unmap_msi cN IOVA */
	}
	t2p_op_call(&op, no_vaddr, NULL, &c);
	return be ? t2_be_ioctl(be, fd, c.cmd, t2p_call_arg(&c, c.arg)) :
		    t2_oracle_ioctl(o, fd, c.cmd, t2p_call_arg(&c, c.arg));
}

/*
 * Each side makes at least RACE_ITERS map+unmap pairs and, unless the
 * caller says quick, goes on while the other side has not finished, up to
 * RACE_MAX_ITERS: on a loaded machine one side may lose its CPU for a time
 * slice, and the other would otherwise finish alone.
 */
#define RACE_ITERS 32
#define RACE_MAX_ITERS 4096

struct racer {
	struct t2_backend *be;
	int fd;
	uint32_t bank;
	uint64_t iova;
	struct racer *other;
	unsigned int max_iters;
	atomic_int done;
	unsigned int calls;
	unsigned int nbad;
	long first_bad;         /* first result that was not 0 */
	int first_bad_unmap;    /* ... and whether it was the unmap */
};

static void race_thread(void *arg)
{
	struct racer *x = arg;
	unsigned int i;
	long v;

	for (i = 0; i < RACE_ITERS ||
		    (i < x->max_iters && !atomic_load_explicit(&x->other->done,
								memory_order_acquire)); i++) {
		v = t2_msi_call(x->be, NULL, x->fd, 1, x->bank, x->iova);
		if (v && !x->nbad++) {
			x->first_bad = v;
			x->first_bad_unmap = 0;
		}
		v = t2_msi_call(x->be, NULL, x->fd, 0, 0, x->iova);
		if (v && !x->nbad++) {
			x->first_bad = v;
			x->first_bad_unmap = 1;
		}
	}
	x->calls = 2 * i;
	atomic_store_explicit(&x->done, 1, memory_order_release);
}

/*
 * On a backend with a deterministic scheduler (the stub): the two sides
 * alternate at every scheduling point for their first RACE_ALTERNATE
 * decisions (replayed picks, docs/concurrency.md), then PCT with seed 0.
 * The finest interleaving there is, the same on any load; each side makes
 * RACE_ITERS pairs (waiting for the other is pointless when only one runs).
 */
#define RACE_ALTERNATE 1024

static void race_scheduled(struct t2_backend *be, struct racer *x)
{
	uint8_t alternate[RACE_ALTERNATE];
	void (*const body[2])(void *) = { race_thread, race_thread };
	void *arg[2] = { &x[0], &x[1] };
	struct t2sim_sched sc;
	unsigned int i;

	for (i = 0; i < RACE_ALTERNATE; i++)
		alternate[i] = (uint8_t)(i & 1);
	memset(&sc, 0, sizeof(sc));
	sc.replay = alternate;
	sc.nreplay = RACE_ALTERNATE;
	for (i = 0; i < 2; i++)
		x[i].max_iters = RACE_ITERS;
	t2_be_run_threads(be, &sc, 2, body, arg);
}

int t2_race_msi(struct t2_race **rp, struct t2_backend *be, int fd, const uint32_t bank[2],
		const uint64_t iova[2], int quick, struct t2_race_msi_out *out)
{
	struct racer x[2];
	int k;

	if (!*rp && t2_race_new(rp))
		return -EAGAIN;
	memset(x, 0, sizeof(x));
	for (k = 0; k < 2; k++) {
		atomic_init(&x[k].done, 0);
		x[k].be = be;
		x[k].fd = fd;
		x[k].bank = bank[k];
		x[k].iova = iova[k];
		x[k].other = &x[!k];
		x[k].max_iters = quick ? RACE_ITERS : RACE_MAX_ITERS;
	}
	if (t2_be_schedules(be))
		race_scheduled(be, x);
	else
		t2_race_run(*rp, race_thread, &x[1], &x[0]);
	for (k = 0; k < 2; k++) {
		out->calls[k] = x[k].calls;
		out->nbad[k] = x[k].nbad;
		out->first_bad[k] = x[k].first_bad;
		out->first_bad_unmap[k] = x[k].first_bad_unmap;
	}
	return 0;
}
