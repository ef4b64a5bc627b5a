/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * windows.c - spec section 6.3: window counts (powers of two up to
 * min(256, max_windows)), window size >= 4 KiB, busy windows, SPAACE need and
 * reuse, the effects and lifetime of a configuration.
 */
#include <errno.h>
#include "t2test.h"

static void expect_windows(struct t2_tctx *t, int cfd, uint32_t want)
{
	uint32_t n = 0;

	t2_get_windows(t, cfd, &n);
	T2T_EXPECT_EQ(t, n, want);
}

static void test_count_rows(struct t2_tctx *t, const void *arg)
{
	static const uint32_t bad[] = { 0, 3, 5, 6, 100, 255, 257, 384, 512, 65536,
					0x80000000u, 0xffffffffu };
	struct t2t_dom d;
	uint32_t n, last;
	size_t i;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_GIB(1), 0);
	expect_windows(t, d.c, t2t_plat(t)->max_windows);
	last = t2t_plat(t)->max_windows;
	for (n = 1; n <= 256 && n <= t2t_plat(t)->max_windows; n <<= 1) {
		t2_set_windows(t, d.c, n);
		expect_windows(t, d.c, n);
		last = n;
		for (i = 0; i < T2T_ARRAY_SIZE(bad); i++) {
			test_err_t2_set_windows(t, EINVAL, d.c, bad[i]);
			expect_windows(t, d.c, last);
		}
	}
}

static void test_max_windows_cap(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_GIB(1), 0);
	expect_windows(t, d.c, 16);
	test_err_t2_set_windows(t, EINVAL, d.c, 32);
	test_err_t2_set_windows(t, EINVAL, d.c, 256);
	t2_set_windows(t, d.c, 16);
	expect_windows(t, d.c, 16);
	t2t_reopen(t, "p4080,max_windows=1");
	t2t_dom(t, &d, T2T_G(0), 0, T2T_GIB(1), 0);
	expect_windows(t, d.c, 1);
	test_err_t2_set_windows(t, EINVAL, d.c, 2);
	t2_set_windows(t, d.c, 1);
}

static void test_ws_too_small(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_PAGE, 0);
	test_err_t2_set_windows(t, EINVAL, d.c, 2);
	expect_windows(t, d.c, t2t_plat(t)->max_windows);
	t2_set_windows(t, d.c, 1);
	t2_set_geometry(t, d.c, 0, T2T_KIB(64) - 1);
	t2_set_windows(t, d.c, 16);
	test_err_t2_set_windows(t, EINVAL, d.c, 32);
	expect_windows(t, d.c, 16);
	t2_set_geometry(t, d.c, 1ull << 63, ~0ull);
	t2_set_windows(t, d.c, 256);
	expect_windows(t, d.c, 256);
	/* WIN-3 without geometry, whatever n */
	t2t_reopen(t, NULL);
	t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
	test_err_t2_set_windows(t, EINVAL, d.c, 3);
	test_err_t2_set_windows(t, EINVAL, d.c, 4);
}

static void test_busy(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 2), T2T_PAGE);
	test_err_t2_set_windows(t, EBUSY, d.c, 8);
	test_err_t2_set_windows(t, EBUSY, d.c, 16);
	test_err_t2_set_windows(t, EINVAL, d.c, 3);     /* WIN-2 before WIN-5 */
	test_err_t2_set_windows(t, EINVAL, d.c, 32);    /* WIN-4 before WIN-5 */
	expect_windows(t, d.c, 16);
	t2_unmap_dma(t, d.c, t2t_win(&d, 2), T2T_PAGE, NULL);
	if (t2t_plat(t)->msi_banks) {
		/* only an MSI window: still busy, and it survives (MSI-9) */
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 5));
		test_err_t2_set_windows(t, EBUSY, d.c, 8);
		expect_windows(t, d.c, 16);
		if (T2T(t)->has_intro) {
			struct t2sim_counters k;

			t2t_counters(t, d.c, &k);
			T2T_EXPECT_EQ(t, k.msi_windows, 1);
			T2T_EXPECT_EQ(t, k.windows, 16);
		}
		t2_unmap_msi_bank(t, d.c, t2t_win(&d, 5));
	}
	t2_set_windows(t, d.c, 8);
	expect_windows(t, d.c, 8);
}

static void expect_spaaces(struct t2_tctx *t, int cfd, uint64_t mine, uint64_t all)
{
	struct t2sim_counters k;

	if (!T2T(t)->has_intro)
		return;
	t2t_counters(t, cfd, &k);
	T2T_EXPECT_EQ(t, k.spaaces, mine);
	T2T_EXPECT_EQ(t, k.sim_spaaces, all);
}

/* Platform: spaace_pool=8.  Groups 0 and 2 carry L = 3 LIODNs. */
static void test_spaaces(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;
	uint64_t buf;
	int i;

	(void)arg;
	t2t_dom(t, &a, T2T_G(0) | T2T_G(2), 0, T2T_KIB(64), 0);
	test_err_t2_set_windows(t, ENOSPC, a.c, 4);     /* 3 x 3 = 9 > 8 */
	expect_windows(t, a.c, t2t_plat(t)->max_windows);
	expect_spaaces(t, a.c, 0, 0);
	t2_set_windows(t, a.c, 2);                      /* 3 x 1 = 3 */
	expect_spaaces(t, a.c, 3, 3);
	/* the container's own 3 count as available: 5 free + 3 = 8 < 9 */
	test_err_t2_set_windows(t, ENOSPC, a.c, 4);
	expect_windows(t, a.c, 2);
	expect_spaaces(t, a.c, 3, 3);
	/* a re-SET returns the old SPAACEs: use never grows (INV-18) */
	for (i = 0; i < 4; i++) {
		t2_set_windows(t, a.c, 2);
		expect_spaaces(t, a.c, 3, 3);
	}
	/* WIN-5 comes before WIN-6 */
	buf = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, a.c, T2_RW, buf, 0, T2T_KIB(32));
	test_err_t2_set_windows(t, EBUSY, a.c, 4);
	t2_unmap_dma(t, a.c, 0, T2T_KIB(32), NULL);
	t2_set_windows(t, a.c, 1);                      /* WIN-8: no SPAACE */
	expect_spaaces(t, a.c, 0, 0);
	/* the pool is shared by every container */
	t2t_dom(t, &b, T2T_G(1), 0, T2T_KIB(64), 8);
	expect_spaaces(t, b.c, 7, 7);
	test_err_t2_set_windows(t, ENOSPC, a.c, 2);     /* 3 > 1 free */
	expect_windows(t, a.c, 1);
	t2_set_windows(t, b.c, 1);
	t2_set_windows(t, a.c, 2);
	expect_spaaces(t, a.c, 3, 3);
}

/* WIN-7: n windows of S/n, all free; every attached LIODN programmed and
 * still invalid; the arithmetic MAP uses is S/n (INV-3). */
static void test_set_effects(struct t2_tctx *t, const void *arg)
{
	const uint64_t start = T2T_MIB(1), ws = T2T_KIB(8);
	struct t2t_dom d;
	uint64_t buf, p;
	int w;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(1), start, T2T_KIB(64), 8);
	expect_windows(t, d.c, 8);
	if (T2T(t)->has_intro) {
		struct t2sim_counters k;

		t2t_counters(t, d.c, &k);
		T2T_EXPECT_EQ(t, k.windows, 8);
		T2T_EXPECT_EQ(t, k.window_size, ws);
		T2T_EXPECT_EQ(t, k.dma_windows, 0);
		T2T_EXPECT_EQ(t, k.msi_windows, 0);
		T2T_EXPECT_EQ(t, k.spaaces, 2 * 7);
		T2T_EXPECT_EQ(t, k.liodns_linked, 2);
		T2T_EXPECT_EQ(t, k.liodns_valid, 0);
		T2T_EXPECT_EQ(t, k.enabled, 0);
		for (w = 0; w < 8; w++)
			T2T_XLATE(t, d.g[0], start + w * ws, 0, T2SIM_XLATE_LIODN_INVALID, 0);
	}
	buf = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, buf, start + T2T_PAGE, ws);
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, buf, start, T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, start + 2 * ws, 2 * ws);
	if (T2T(t)->has_intro) {
		p = t2t_phys(t, buf);
		for (w = 0; w < 8; w++) {
			uint32_t want = w == 2 || w == 3 ? T2SIM_XLATE_OK : T2SIM_XLATE_WINDOW_FREE;

			T2T_XLATE(t, d.g[1], start + w * ws + ws - 1, 0, want,
				  p + (w - 2) * ws + ws - 1);
		}
		T2T_XLATE(t, d.g[0], start + T2T_KIB(64), 0, T2SIM_XLATE_OUTSIDE_APERTURE, 0);
	}
}

/* WIN-8: one window covering the whole aperture, no SPAACE. */
static void test_one_window(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(2), T2T_KIB(64), T2T_KIB(64), 1);
	buf = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, buf, T2T_KIB(64), T2T_KIB(32));
	t2_map_dma(t, d.c, T2_RW, buf, T2T_KIB(64), T2T_KIB(64));
	if (T2T(t)->has_intro) {
		struct t2sim_counters k;

		t2t_counters(t, d.c, &k);
		T2T_EXPECT_EQ(t, k.spaaces, 0);
		T2T_EXPECT_EQ(t, k.window_size, T2T_KIB(64));
		T2T_XLATE(t, d.g[1], T2T_KIB(128) - 1, 1, T2SIM_XLATE_OK,
			  t2t_phys(t, buf) + T2T_KIB(64) - 1);
	}
}

/* WIN-9: a configuration lasts until the next SET, a geometry SET, or release. */
static void test_lifetime(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 4);
	buf = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_KIB(16));
	t2_set_stash(t, d.c, 0, PAMU_ATTR_CACHE_L1);
	t2_unmap_dma(t, d.c, 0, T2T_KIB(16), NULL);
	expect_windows(t, d.c, 4);
	t2_group_unset_container(t, d.g[0]);
	t2t_join(t, d.g[0], d.c);
	t2_set_iommu(t, d.c, T2_TYPE2_VALUE);
	expect_windows(t, d.c, t2t_plat(t)->max_windows);
}

static const struct t2t_case cases[] = {
	T2T_CASE("win.count_rows", "WIN-1 WIN-2 INV-2", test_count_rows),
	T2T_CASE_P("win.max_windows_cap", "WIN-1 WIN-2 PLAT-6 INV-2", test_max_windows_cap,
		   "p4080,max_windows=16"),
	T2T_CASE("win.size_below_4k", "WIN-3 WIN-4 WIN-8", test_ws_too_small),
	T2T_CASE("win.busy_dma_or_msi", "WIN-5 MSI-9 INV-7 INV-15 ERR-1", test_busy, T2T_DESIGN("D")),
	T2T_CASE_P("win.spaace_need_and_reuse", "WIN-6 WIN-7 WIN-8 INV-18",
		   test_spaaces, "p4080,spaace_pool=8"),
	T2T_CASE("win.set_effects", "WIN-7 INV-3 INV-4 DOM-2 MAP-1 ISO-2", test_set_effects, T2T_DESIGN("D")),
	T2T_CASE("win.one_window", "WIN-8", test_one_window, T2T_DESIGN("D")),
	T2T_CASE("win.lifetime", "WIN-9 REL-2 CORE-5", test_lifetime, T2T_DESIGN("D")),
};

T2T_SUITE(windows, cases);
