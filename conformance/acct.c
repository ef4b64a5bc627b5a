/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * acct.c - spec section 11: the locked count (per page, not per window), the
 * memlock limit with equality allowed and CAP_IPC_LOCK lifting it, pins per
 * window, pins released exactly once.
 */
#include <errno.h>
#include "t2test.h"

static int64_t locked(struct t2_tctx *t, int cfd)
{
	struct t2sim_counters k;

	t2t_counters(t, cfd, &k);
	return k.locked - T2T(t)->locked_base;
}

static void test_counts(struct t2_tctx *t, const void *arg)
{
	const uint64_t ws = T2T_KIB(64);
	struct t2t_dom a, b;
	uint64_t hp, b4;

	(void)arg;
	/* ACCT-1: the in-process count starts at 0 for each instance */
	if (T2T(t)->mode->can_platform)
		T2T_EXPECT_EQ(t, T2T(t)->locked_base, 0);
	t2t_dom(t, &a, T2T_G(0), 0, 16 * ws, 16);
	t2t_dom(t, &b, T2T_G(1), 0, T2T_KIB(64), 16);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	b4 = t2t_buf(t, 4 * T2T_PAGE, T2T_PAGE);
	T2T_EXPECT_EQ(t, locked(t, a.c), 0);
	t2_map_dma(t, a.c, T2_RW, hp, 0, 3 * ws);          /* +48 pages, not +3 */
	T2T_EXPECT_EQ(t, locked(t, a.c), 48);
	t2_map_dma(t, b.c, T2_RW, b4, 0, 4 * T2T_PAGE);
	T2T_EXPECT_EQ(t, locked(t, b.c), 52);
	t2_unmap_dma(t, a.c, ws, ws, NULL);
	T2T_EXPECT_EQ(t, locked(t, a.c), 36);
	t2_unmap_dma(t, b.c, 0, T2T_KIB(64), NULL);
	T2T_EXPECT_EQ(t, locked(t, a.c), 32);
	t2_unmap_dma(t, a.c, 0, 16 * ws, NULL);
	T2T_EXPECT_EQ(t, locked(t, a.c), 0);
	/* ACCT-5: release brings it back too */
	t2_map_dma(t, a.c, T2_RW, hp, ws, 2 * ws);
	T2T_EXPECT_EQ(t, locked(t, b.c), 32);
	t2_group_unset_container(t, a.g[0]);
	T2T_EXPECT_EQ(t, locked(t, b.c), 0);
}

/* memlock = 64 KiB = 16 pages; windows of 16 KiB from a hugepage buffer. */
static void test_memlock_limit(struct t2_tctx *t, const void *arg)
{
	const uint64_t ws = T2T_KIB(16);
	struct t2t_dom d;
	struct t2t_snap *s;
	uint64_t hp;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, 16 * ws, 16);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	test_err_t2_map_dma(t, ENOMEM, d.c, T2_RW, hp, 0, 5 * ws);
	t2_map_dma(t, d.c, T2_RW, hp, 0, 3 * ws);
	/* equal to the limit is allowed (ACCT-4) */
	t2_map_dma(t, d.c, T2_RW, hp + 3 * ws, 3 * ws, ws);
	s = t2t_snap_new(t);
	test_err_t2_map_dma(t, ENOMEM, d.c, T2_RW, hp + 4 * ws, 4 * ws, ws);
	/* row 12 before row 13; row 11 before row 12 */
	test_err_t2_map_dma(t, ENOMEM, d.c, T2_RW, 0x1000, 4 * ws, ws);
	test_err_t2_map_dma(t, EBUSY, d.c, T2_RW, hp, 3 * ws, ws);
	T2T_EXPECT_UNCHANGED(t, s, "MAP_DMA over the memlock limit");
	t2t_snap_free(s);
	t2_unmap_dma(t, d.c, 0, ws, NULL);
	t2_map_dma(t, d.c, T2_RW, hp + 4 * ws, 4 * ws, ws);
	/* the limit counts this process, whichever container */
	t2t_reopen(t, "p4080,memlock=65536,cap_ipc_lock=1");
	t2t_dom(t, &d, T2T_G(0), 0, 16 * ws, 16);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, d.c, T2_RW, hp, 0, 8 * ws);          /* CAP_IPC_LOCK lifts it */
	if (T2T(t)->has_intro)
		T2T_EXPECT_EQ(t, locked(t, d.c), 32);
}

static void test_limit_shared(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;
	uint64_t buf;

	(void)arg;
	t2t_dom(t, &a, T2T_G(0), 0, T2T_KIB(64), 16);
	t2t_dom(t, &b, T2T_G(1), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, 16 * T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, a.c, T2_RW, buf, 0, 10 * T2T_PAGE);
	test_err_t2_map_dma(t, ENOMEM, b.c, T2_RW, buf, 0, 7 * T2T_PAGE);
	t2_map_dma(t, b.c, T2_RW, buf, 0, 6 * T2T_PAGE);
	test_err_t2_map_dma(t, ENOMEM, a.c, T2_RW, buf, t2t_win(&a, 10), T2T_PAGE);
}

/* ACCT-7 / ACCT-8: ws/4096 pins per window, released once, at unmap or
 * release; freeing the buffer releases nothing (MEM-5). */
static void test_pins(struct t2_tctx *t, const void *arg)
{
	const uint64_t ws = T2T_KIB(64);
	struct t2sim_counters k;
	struct t2t_dom d;
	uint64_t hp, p;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, 16 * ws, 16);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	p = t2t_phys(t, hp);
	t2_map_dma(t, d.c, T2_RW, hp, 0, 2 * ws);
	t2_map_dma(t, d.c, T2_RW, hp + 4 * ws, 5 * ws, ws);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.pins, 3 * ws / T2T_PAGE);
	T2T_EXPECT_EQ(t, k.sim_pins, 3 * ws / T2T_PAGE);
	t2t_buf_free(t, hp);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.pins, 3 * ws / T2T_PAGE);
	T2T_EXPECT_EQ(t, k.sim_pins, 3 * ws / T2T_PAGE);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base + 3 * ws / T2T_PAGE);
	/* the device still reaches the frames it pinned */
	T2T_XLATE(t, d.g[0], ws + 0x44, 1, T2SIM_XLATE_OK, p + ws + 0x44);
	t2_unmap_dma(t, d.c, 0, 2 * ws, NULL);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.pins, ws / T2T_PAGE);
	T2T_EXPECT_EQ(t, k.sim_pins, ws / T2T_PAGE);
	/* the frames stay reserved while pinned: a new buffer never gets them */
	{
		uint64_t n = t2t_buf(t, T2T_MIB(2), T2T_MIB(2)), q = t2t_phys(t, n);

		T2T_EXPECT(t, q + T2T_MIB(2) <= p + 4 * ws || q >= p + 5 * ws);
	}
	t2_group_unset_container(t, d.g[0]);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.sim_pins, 0);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base);
}

static const struct t2t_case cases[] = {
	T2T_CASE_I("acct.per_page_counts", "ACCT-1 ACCT-2 ACCT-3 ACCT-5 ACCT-6 INV-16",
		   test_counts, T2T_DESIGN("D")),
	T2T_CASE_P("acct.memlock_limit", "ACCT-4 ACCT-1 MAP-1 PLAT-3 PLAT-4 ERR-1 ATOM-1",
		   test_memlock_limit, "p4080,memlock=65536"),
	T2T_CASE_P("acct.limit_is_per_process", "ACCT-1 ACCT-4 MAP-6", test_limit_shared,
		   "p4080,memlock=65536"),
	T2T_CASE_I("acct.pins_per_window", "ACCT-7 ACCT-8 MEM-5 INV-17 INV-26", test_pins),
};

T2T_SUITE(acct, cases);
