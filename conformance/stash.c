/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/* stash.c - spec section 6.4: the stash attribute (cpu, cache). */
#include <errno.h>
#include "t2test.h"

static void expect_stash(struct t2_tctx *t, int cfd, uint32_t cpu, uint32_t cache)
{
	uint32_t c = ~0u, k = ~0u;

	t2_get_stash(t, cfd, &c, &k);
	T2T_EXPECT_EQ(t, c, cpu);
	T2T_EXPECT_EQ(t, k, cache);
}

static void test_arg_rows(struct t2_tctx *t, const void *arg)
{
	static const uint32_t bad_cache[] = { 0, 4, 5, 0x80000000u, 0xffffffffu };
	uint32_t cpus = t2t_plat(t)->cpus;
	struct t2t_dom d;
	size_t i;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	for (i = 0; i < T2T_ARRAY_SIZE(bad_cache); i++)
		test_err_t2_set_stash(t, EINVAL, d.c, 0, bad_cache[i]);
	test_err_t2_set_stash(t, EINVAL, d.c, cpus, PAMU_ATTR_CACHE_L1);
	test_err_t2_set_stash(t, EINVAL, d.c, cpus, PAMU_ATTR_CACHE_L2);
	test_err_t2_set_stash(t, EINVAL, d.c, 0xffffffffu, PAMU_ATTR_CACHE_L1);
	expect_stash(t, d.c, 0, 0);
	t2_set_stash(t, d.c, cpus - 1, PAMU_ATTR_CACHE_L1);
	expect_stash(t, d.c, cpus - 1, PAMU_ATTR_CACHE_L1);
	t2_set_stash(t, d.c, cpus - 1, PAMU_ATTR_CACHE_L2);
	expect_stash(t, d.c, cpus - 1, PAMU_ATTR_CACHE_L2);
	/* L3: cpu is not checked and is stored as given */
	t2_set_stash(t, d.c, 0xfffffffeu, PAMU_ATTR_CACHE_L3);
	expect_stash(t, d.c, 0xfffffffeu, PAMU_ATTR_CACHE_L3);
	test_err_t2_set_stash(t, EINVAL, d.c, cpus, PAMU_ATTR_CACHE_L2);
	expect_stash(t, d.c, 0xfffffffeu, PAMU_ATTR_CACHE_L3);
}

static void test_needs_windows(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
	test_err_t2_set_stash(t, ENODEV, d.c, 0, PAMU_ATTR_CACHE_L1);
	/* STASH-1 comes first */
	test_err_t2_set_stash(t, EINVAL, d.c, 0, 0);
	test_err_t2_set_stash(t, EINVAL, d.c, t2t_plat(t)->cpus, PAMU_ATTR_CACHE_L1);
	t2_set_geometry(t, d.c, 0, T2T_KIB(64) - 1);
	test_err_t2_set_stash(t, ENODEV, d.c, 0, PAMU_ATTR_CACHE_L3);
	expect_stash(t, d.c, 0, 0);
	t2_set_windows(t, d.c, 1);
	t2_set_stash(t, d.c, 0, PAMU_ATTR_CACHE_L3);
}

static void test_set_get(struct t2_tctx *t, const void *arg)
{
	struct t2t_snap *s;
	struct t2t_dom d;
	uint64_t buf;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(2), 0, T2T_KIB(64), 16);
	expect_stash(t, d.c, 0, 0);
	buf = t2t_buf(t, T2T_KIB(8), T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_KIB(8));
	if (t2t_plat(t)->msi_banks)
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 9));
	/* allowed while enabled; no effect on translation (STASH-3) */
	s = t2t_snap_new(t);
	t2_set_stash(t, d.c, 1, PAMU_ATTR_CACHE_L2);
	expect_stash(t, d.c, 1, PAMU_ATTR_CACHE_L2);
	t2_set_stash(t, d.c, 1, PAMU_ATTR_CACHE_L1);
	if (T2T(t)->has_intro) {
		struct t2t_snap *after = t2t_snap_new(t);
		int c;

		/* only the stash itself may differ */
		for (c = 0; c < s->ncont; c++) {
			after->cont[c].cpu = s->cont[c].cpu;
			after->cont[c].cache = s->cont[c].cache;
		}
		t2t_snap_same(t, s, after, "SET_ATTR(PAMU_STASH)", __FILE__, __LINE__);
		t2t_snap_free(after);
	}
	t2t_snap_free(s);
	/* one value per domain: the later windows see it too */
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 4), T2T_KIB(8));
	expect_stash(t, d.c, 1, PAMU_ATTR_CACHE_L1);
}

static void test_survives(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	t2_set_stash(t, d.c, 5, PAMU_ATTR_CACHE_L3);
	t2_set_windows(t, d.c, 4);
	expect_stash(t, d.c, 5, PAMU_ATTR_CACHE_L3);
	t2_set_geometry(t, d.c, 0, T2T_KIB(128) - 1);
	expect_stash(t, d.c, 5, PAMU_ATTR_CACHE_L3);
	/* release clears it */
	t2_group_unset_container(t, d.g[0]);
	t2t_join(t, d.g[0], d.c);
	t2_set_iommu(t, d.c, T2_TYPE2_VALUE);
	expect_stash(t, d.c, 0, 0);
}

/* STASH-3, STASH-4: every GET returns the SET just before it, whatever the
 * window count and whichever (cpu, cache) was set. */
static void test_get_returns_last_set(struct t2_tctx *t, const void *arg)
{
	static const uint32_t counts[] = { 1, 2, 16, 256 };
	uint32_t cpus = t2t_plat(t)->cpus, cpu, cache;
	struct t2t_dom d;
	size_t i;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_MIB(1), 0);
	for (i = 0; i < T2T_ARRAY_SIZE(counts); i++) {
		t2_set_windows(t, d.c, counts[i]);
		for (cpu = 0; cpu < cpus && cpu < 4; cpu++) {
			for (cache = PAMU_ATTR_CACHE_L1; cache <= PAMU_ATTR_CACHE_L3; cache++) {
				t2_set_stash(t, d.c, cpu, cache);
				expect_stash(t, d.c, cpu, cache);
			}
		}
	}
}

static const struct t2t_case cases[] = {
	T2T_CASE("stash.arg_rows", "STASH-1 STASH-4 ATOM-1", test_arg_rows),
	T2T_CASE("stash.needs_windows", "STASH-2 ERR-1", test_needs_windows),
	T2T_CASE("stash.set_get_any_state", "STASH-3 STASH-4 ATOM-3 ISO-2", test_set_get, T2T_DESIGN("D")),
	T2T_CASE("stash.survives_reconfiguration", "STASH-5 REL-2", test_survives),
	T2T_CASE("stash.get_returns_last_set", "STASH-3 STASH-4", test_get_returns_last_set),
};

T2T_SUITE(stash, cases);
