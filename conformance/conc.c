/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * conc.c - spec section 15: several threads issuing ioctls at once, on one
 * container and across containers.  Each thread works on resources no other
 * thread touches, so every call has one right answer whatever the
 * interleaving (CONC-2); the shared resources must add up afterwards
 * (CONC-3).  Threads use only the raw helpers and count their own errors:
 * the test context is not shared between threads.  On the stub the threads
 * follow deterministic schedules (docs/concurrency.md); elsewhere the OS
 * interleaves them.  `make check-tsan` runs these under ThreadSanitizer
 * (CONC-5).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "t2test.h"

/* Rounds per case: each round is one concurrent run of the workers' bodies
 * under schedule seed = round (t2_be_run_threads: on the stub a
 * deterministic PCT schedule, so the verdict is the same on any load). */
#define ROUNDS 200
/* Real threads (a device, where every round costs syscalls and four thread
 * starts, in a guest under TCG for every kill-matrix section). */
#define ROUNDS_FREE 50

struct worker {
	struct t2_backend *be;
	int cfd;
	int kind;               /* what the thread does */
	unsigned int bank;
	uint64_t iova, vaddr, size;
	unsigned int cpus;
	int round;
	int errors;
	long first_rc;
	int first_round;
	int successes;
};

enum { W_MSI, W_DMA, W_ATTR, W_BANK_RACE, W_SPAACE };

static void worker_err(struct worker *w, long rc)
{
	if (!w->errors++) {
		w->first_rc = rc;
		w->first_round = w->round;
	}
}

/* One round of one thread.  W_MSI only maps: the unmap comes after the
 * round (worker_after), so that a record lost between two concurrent maps
 * shows as that unmap's failure. */
static void worker_body(void *arg)
{
	struct worker *w = arg;
	int i = w->round;
	long rc, rc2;
	uint32_t n = 0, cpu = 0, cache = 0;
	uint64_t done = 0;

	switch (w->kind) {
	case W_MSI:
		rc = __t2_map_msi_bank(w->be, w->cfd, T2_RW, w->bank, w->iova);
		if (rc < 0)
			worker_err(w, rc);
		break;
	case W_DMA:
		rc = __t2_map_dma(w->be, w->cfd, T2_RW, w->vaddr, w->iova, w->size);
		rc2 = __t2_unmap_dma(w->be, w->cfd, w->iova, w->size, &done);
		if (rc < 0)
			worker_err(w, rc);
		else if (rc2 < 0 || done != w->size)
			worker_err(w, rc2 < 0 ? rc2 : -1000);
		break;
	case W_ATTR:
		rc = __t2_set_stash(w->be, w->cfd, (uint32_t)i % w->cpus,
				    PAMU_ATTR_CACHE_L1 + i % 3);
		rc2 = __t2_get_stash(w->be, w->cfd, &cpu, &cache);
		if (rc < 0 || rc2 < 0 || cache < 1 || cache > 3 || cpu >= w->cpus)
			worker_err(w, rc < 0 ? rc : rc2 < 0 ? rc2 : -1001);
		rc = __t2_get_windows(w->be, w->cfd, &n);
		if (rc < 0 || n != 16)
			worker_err(w, rc < 0 ? rc : -1002);
		break;
	case W_BANK_RACE:
		/* exclusive: EBUSY while another container holds it */
		rc = __t2_map_msi_bank(w->be, w->cfd, T2_RW, w->bank, w->iova);
		if (rc == -EBUSY)
			break;
		if (rc < 0) {
			worker_err(w, rc);
			break;
		}
		w->successes++;
		rc = __t2_unmap_msi_bank(w->be, w->cfd, w->iova);
		if (rc < 0)
			worker_err(w, rc);
		break;
	case W_SPAACE:
		/* the pool cannot hold both containers at n = 16 */
		rc = __t2_set_windows(w->be, w->cfd, 16);
		if (rc == 0)
			w->successes++;
		else if (rc != -ENOSPC)
			worker_err(w, rc);
		rc = __t2_set_windows(w->be, w->cfd, 1);
		if (rc < 0)
			worker_err(w, rc);
		break;
	}
}

/* After a round, serially: what the round must have left. */
static void worker_after(struct worker *w)
{
	long rc;

	if (w->kind == W_MSI && (w->errors == 0 || w->first_round != w->round)) {
		rc = __t2_unmap_msi_bank(w->be, w->cfd, w->iova);
		if (rc < 0)
			worker_err(w, rc); /* MSI-7: the record of a successful map */
	}
}

/* Up to four workers a round, under seed = round; the first failing round
 * ends the case (its seed reproduces it). */
static void run_workers(struct t2_tctx *t, struct worker *w, int n)
{
	void (*body[T2SIM_SCHED_MAX_THREADS])(void *);
	void *arg[T2SIM_SCHED_MAX_THREADS];
	struct t2sim_sched sc;
	int i, round, rounds, bad = 0;

	T2T_ASSERT(t, n >= 1 && n <= T2SIM_SCHED_MAX_THREADS);
	for (i = 0; i < n; i++) {
		body[i] = worker_body;
		arg[i] = &w[i];
	}
	rounds = t2_be_schedules(t->be) ? ROUNDS : ROUNDS_FREE;
	for (round = 0; round < rounds && !bad; round++) {
		memset(&sc, 0, sizeof(sc));
		sc.seed = (uint64_t)round;
		for (i = 0; i < n; i++)
			w[i].round = round;
		T2T_ASSERT_EQ(t, t2_be_run_threads(t->be, &sc, (unsigned int)n, body, arg), 0);
		T2T_EXPECT_EQ(t, sc.deadlock, 0);
		for (i = 0; i < n; i++) {
			worker_after(&w[i]);
			bad |= w[i].errors;
		}
	}
	for (i = 0; i < n; i++)
		if (w[i].errors)
			T2T_FAIL(t, "thread %d (kind %d): round %d went wrong (%ld)%s", i, w[i].kind,
				 w[i].first_round, w[i].first_rc,
				 t2_be_schedules(t->be) ? ", schedule seed = round" : "");
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
	struct worker w[4] = { { 0 } };
	unsigned int banks = t2t_plat(t)->msi_banks < 2 ? t2t_plat(t)->msi_banks : 2;
	struct t2t_dom d;
	uint64_t hp;
	int i, n = 0;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(2), 0, T2T_KIB(256), 16);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	for (i = 0; i < (int)banks; i++, n++) {
		w[n].kind = W_MSI;
		w[n].bank = i;
		w[n].iova = t2t_win(&d, 8 + i);
	}
	for (i = 0; n < 3; i++, n++) {
		w[n].kind = W_DMA;
		w[n].vaddr = hp + i * 2 * d.ws;
		w[n].iova = t2t_win(&d, 2 * i);
		w[n].size = 2 * d.ws;
	}
	w[n++].kind = W_ATTR;
	for (i = 0; i < n; i++) {
		w[i].be = t->be;
		w[i].cfd = d.c;
		w[i].cpus = t2t_plat(t)->cpus;
	}
	run_workers(t, w, n);
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
	struct worker *racers[4] = { &w[0], &w[1], &w[3], &w[4] };
	struct worker four[4];
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
	/* two containers race for the bank, two for the pool; the third bank
	 * racer (group 5) only checks the bank is free afterwards */
	for (i = 0; i < 4; i++)
		four[i] = *racers[i];
	run_workers(t, four, 4);
	for (i = 0; i < 4; i++)
		*racers[i] = four[i];
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
		   test_one_container, T2T_DESIGN("D")),
	T2T_CASE_P("conc.threads_many_containers", "CONC-1 CONC-2 CONC-3 MSI-5 WIN-6 INV-13 "
		    "INV-18", test_containers, "p4080,spaace_pool=40"),
};

T2T_SUITE(conc, cases);
