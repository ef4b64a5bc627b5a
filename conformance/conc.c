/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * conc.c - spec section 15: several threads issuing ioctls at once, on one
 * container and across containers.  Each thread works on resources no other
 * thread touches, so every call has one right answer whatever the
 * interleaving (CONC-2); the shared resources must add up afterwards
 * (CONC-3).  Threads use only the raw helpers and count their own errors:
 * the test context is not shared between threads.  `make check-tsan` runs
 * these under ThreadSanitizer (CONC-5).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include "t2test.h"

#define ROUNDS 1000

struct worker {
	struct t2_backend *be;
	pthread_barrier_t *bar;         /* lines the MSI threads up, each round */
	int *stop;                      /* ends the noise threads */
	int *failed_any;                /* set by the first error: everyone stops */
	int *round_stop;                /* the MSI threads' common decision */
	int cfd;
	int kind;               /* what the thread does */
	unsigned int bank;
	uint64_t iova, vaddr, size;
	unsigned int cpus;
	int errors;
	long first_rc;
	int first_round;
	int successes;
};

enum { W_MSI, W_DMA, W_ATTR, W_BANK_RACE, W_SPAACE, W_NOISE };

static void worker_err(struct worker *w, int round, long rc)
{
	if (!w->errors++) {
		w->first_rc = rc;
		w->first_round = round;
	}
	__atomic_store_n(w->failed_any, 1, __ATOMIC_RELEASE);
}

/* One barrier round for the MSI threads; all of them learn together whether
 * to stop, so none is left waiting at the barrier. */
static int msi_sync(struct worker *w)
{
	if (pthread_barrier_wait(w->bar) == PTHREAD_BARRIER_SERIAL_THREAD)
		__atomic_store_n(w->round_stop, __atomic_load_n(w->failed_any, __ATOMIC_ACQUIRE),
				 __ATOMIC_RELEASE);
	pthread_barrier_wait(w->bar);
	return __atomic_load_n(w->round_stop, __ATOMIC_ACQUIRE);
}

/* Cheap calls that keep every CPU busy, so that a thread that yields in the
 * middle of an ioctl really lets others run. */
static void noise(struct worker *w)
{
	uint32_t n;
	long rc;
	int i = 0;

	while (!__atomic_load_n(w->stop, __ATOMIC_ACQUIRE)) {
		rc = __t2_get_windows(w->be, w->cfd, &n);
		if (rc < 0 || n != 16)
			worker_err(w, i, rc < 0 ? rc : -1003);
		rc = __t2_get_msi_bank_count(w->be, w->cfd);
		if (rc < 0)
			worker_err(w, i, rc);
		i++;
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int i;

	if (w->kind == W_NOISE) {
		noise(w);
		return NULL;
	}
	for (i = 0; i < ROUNDS; i++) {
		long rc, rc2;
		uint32_t n = 0, cpu = 0, cache = 0;
		uint64_t done = 0;

		if (w->kind != W_MSI && __atomic_load_n(w->failed_any, __ATOMIC_ACQUIRE))
			break;

		switch (w->kind) {
		case W_MSI:
			/* all MSI threads map at once: the record list is contended */
			if (msi_sync(w))
				return NULL;
			rc = __t2_map_msi_bank(w->be, w->cfd, T2_RW, w->bank, w->iova);
			rc2 = __t2_unmap_msi_bank(w->be, w->cfd, w->iova);
			if (rc < 0)
				worker_err(w, i, rc);
			else if (rc2 < 0)
				worker_err(w, i, rc2);
			break;
		case W_DMA:
			rc = __t2_map_dma(w->be, w->cfd, T2_RW, w->vaddr, w->iova, w->size);
			rc2 = __t2_unmap_dma(w->be, w->cfd, w->iova, w->size, &done);
			if (rc < 0)
				worker_err(w, i, rc);
			else if (rc2 < 0 || done != w->size)
				worker_err(w, i, rc2 < 0 ? rc2 : -1000);
			break;
		case W_ATTR:
			rc = __t2_set_stash(w->be, w->cfd, (uint32_t)i % w->cpus,
					    PAMU_ATTR_CACHE_L1 + i % 3);
			rc2 = __t2_get_stash(w->be, w->cfd, &cpu, &cache);
			if (rc < 0 || rc2 < 0 || cache < 1 || cache > 3 || cpu >= w->cpus)
				worker_err(w, i, rc < 0 ? rc : rc2 < 0 ? rc2 : -1001);
			rc = __t2_get_windows(w->be, w->cfd, &n);
			if (rc < 0 || n != 16)
				worker_err(w, i, rc < 0 ? rc : -1002);
			break;
		case W_BANK_RACE:
			/* exclusive: EBUSY while another container holds it */
			rc = __t2_map_msi_bank(w->be, w->cfd, T2_RW, w->bank, w->iova);
			if (rc == -EBUSY)
				break;
			if (rc < 0) {
				worker_err(w, i, rc);
				break;
			}
			w->successes++;
			rc = __t2_unmap_msi_bank(w->be, w->cfd, w->iova);
			if (rc < 0)
				worker_err(w, i, rc);
			break;
		case W_SPAACE:
			/* the pool cannot hold both containers at n = 16 */
			rc = __t2_set_windows(w->be, w->cfd, 16);
			if (rc == 0)
				w->successes++;
			else if (rc != -ENOSPC)
				worker_err(w, i, rc);
			rc = __t2_set_windows(w->be, w->cfd, 1);
			if (rc < 0)
				worker_err(w, i, rc);
			break;
		}
	}
	return NULL;
}

static void run_workers(struct t2_tctx *t, struct worker *w, int n)
{
	pthread_t th[8];
	int i, stop = 0, failed_any = 0, round_stop = 0;

	for (i = 0; i < n; i++) {
		w[i].stop = &stop;
		w[i].failed_any = &failed_any;
		w[i].round_stop = &round_stop;
		T2T_ASSERT(t, pthread_create(&th[i], NULL, worker_main, &w[i]) == 0);
	}
	for (i = 0; i < n; i++)
		if (w[i].kind != W_NOISE)
			pthread_join(th[i], NULL);
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < n; i++)
		if (w[i].kind == W_NOISE)
			pthread_join(th[i], NULL);
	for (i = 0; i < n; i++)
		if (w[i].errors)
			T2T_FAIL(t, "thread %d (kind %d): %d of %d rounds went wrong, the first "
				 "in round %d (%ld)", i, w[i].kind, w[i].errors, ROUNDS,
				 w[i].first_round, w[i].first_rc);
}

static void expect_quiet(struct t2_tctx *t, int cfd)
{
	struct t2sim_counters k;

	if (!T2T(t)->has_intro)
		return;
	t2t_counters(t, cfd, &k);
	T2T_EXPECT_EQ(t, k.msi_records, 0);
	T2T_EXPECT_EQ(t, k.msi_windows, 0);
	T2T_EXPECT_EQ(t, k.dma_windows, 0);
	T2T_EXPECT_EQ(t, k.pins, 0);
	T2T_EXPECT_EQ(t, k.dma_claimed, 0);
	T2T_EXPECT_EQ(t, k.enabled, 0);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base);
	T2T_EXPECT_EQ(t, k.crash_points, 0);
}

/* One container: MSI threads on their own banks and windows, DMA threads on
 * their own windows, an attribute thread. */
static void test_one_container(struct t2_tctx *t, const void *arg)
{
	struct worker w[8] = { { 0 } };
	unsigned int banks = t2t_plat(t)->msi_banks < 3 ? t2t_plat(t)->msi_banks : 3;
	pthread_barrier_t bar;
	struct t2t_dom d;
	uint64_t hp;
	int i, n = 0;

	(void)arg;
	if (banks)
		T2T_ASSERT(t, pthread_barrier_init(&bar, NULL, banks) == 0);
	t2t_dom(t, &d, T2T_G(0) | T2T_G(2), 0, T2T_KIB(256), 16);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	for (i = 0; i < (int)banks; i++, n++) {
		w[n].kind = W_MSI;
		w[n].bar = &bar;
		w[n].bank = i;
		w[n].iova = t2t_win(&d, 8 + i);
	}
	for (i = 0; i < 2; i++, n++) {
		w[n].kind = W_DMA;
		w[n].vaddr = hp + i * 2 * d.ws;
		w[n].iova = t2t_win(&d, 2 * i);
		w[n].size = 2 * d.ws;
	}
	w[n++].kind = W_ATTR;
	w[n++].kind = W_NOISE;
	w[n++].kind = W_NOISE;
	for (i = 0; i < n; i++) {
		w[i].be = t->be;
		w[i].cfd = d.c;
		w[i].cpus = t2t_plat(t)->cpus;
	}
	run_workers(t, w, n);
	if (banks)
		pthread_barrier_destroy(&bar);
	expect_quiet(t, d.c);
	T2T_EXPECT_EQ(t, t2_get_windows(t, d.c, NULL), 0);
}

/* Platform spaace_pool=40.  Three containers (one window each, no SPAACE)
 * race for one bank under the exclusive policy; two more race for SPAACEs:
 * group 2 (two LIODNs) needs 30 at n = 16, group 3 needs 15, and the pool
 * holds 40. */
static void test_containers(struct t2_tctx *t, const void *arg)
{
	static const unsigned int groups[5] = { 0, 1, 5, 2, 3 };
	struct worker w[5] = { { 0 } };
	struct t2sim_counters k;
	struct t2t_dom d[5];
	uint64_t spaaces = 0, total = 0;
	int i;

	(void)arg;
	if (!t2t_plat(t)->msi_banks)
		t2t_skip(t, "the platform has no MSI bank");
	for (i = 0; i < 5; i++) {
		t2t_dom(t, &d[i], T2T_G(groups[i]), 0, T2T_KIB(64), 1);
		w[i].be = t->be;
		w[i].cfd = d[i].c;
		w[i].kind = i < 3 ? W_BANK_RACE : W_SPAACE;
		w[i].bank = 0;
		w[i].iova = 0;
	}
	run_workers(t, w, 5);
	for (i = 0; i < 5; i++) {
		expect_quiet(t, d[i].c);
		if (i < 3)
			total += w[i].successes;
		if (!T2T(t)->has_intro)
			continue;
		t2t_counters(t, d[i].c, &k);
		spaaces += k.spaaces;
		T2T_EXPECT_EQ(t, k.spaaces, 0);
	}
	T2T_EXPECT(t, total > 0);
	T2T_EXPECT(t, w[3].successes + w[4].successes > 0);
	if (T2T(t)->has_intro) {
		t2t_counters(t, d[0].c, &k);
		T2T_EXPECT_EQ(t, k.sim_spaaces, spaaces);
	}
	/* the bank and the pool are free again */
	t2_map_msi_bank(t, d[2].c, T2_RW, 0, 0);
	t2_set_windows(t, d[3].c, 16);
	test_err_t2_set_windows(t, ENOSPC, d[4].c, 16);
	t2_set_windows(t, d[3].c, 1);
	t2_set_windows(t, d[4].c, 16);
}

static const struct t2t_case cases[] = {
	T2T_CASE("conc.threads_one_container", "CONC-1 CONC-2 CONC-5 INV-5 INV-10",
		   test_one_container),
	T2T_CASE_P("conc.threads_many_containers", "CONC-1 CONC-2 CONC-3 MSI-5 WIN-6 INV-13 "
		    "INV-18", test_containers, "p4080,spaace_pool=40"),
};

T2T_SUITE(conc, cases);
