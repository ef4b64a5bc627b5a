/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * intro.c - spec section 17 and the personality rules the suite can see:
 * the introspection probe, its rules (any state, no state change), the
 * counter relations of INTRO-7, the platform's switch mask (PERS-2) and
 * crash points (PERS-4).
 */
#include <errno.h>
#include <string.h>
#include "t2test.h"

/* INTRO-3: PLATFORM on a group fd decides; without it every check that needs
 * introspection is skipped with that reason (DEV-6). */
static void test_probe(struct t2_tctx *t, const void *arg)
{
	struct t2sim_platform p;
	int g = t2t_group(t, 0);
	long rc = __t2_platform(t->be, g, &p);

	(void)arg;
	if (!T2T(t)->has_intro)
		t2t_skip(t, "no introspection (INTRO-3)");
	if (rc == -ENOTTY)
		t2t_skip(t, "no introspection: PLATFORM on a group fd gives ENOTTY (INTRO-3)");
	T2T_ASSERT_RC(t, rc, 0);
	T2T_EXPECT(t, T2T(t)->has_intro);
	T2T_EXPECT(t, !memcmp(&p, t2t_plat(t), sizeof(p)));
}

/* INTRO-2: every state, before SET_IOMMU included; no state change. */
static void test_any_state(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2sim_fail_nth f;
	struct t2sim_platform p;
	struct t2t_snap *s;
	uint64_t phys, buf;
	uint32_t ps;
	int c, g;

	(void)arg;
	c = t2t_container(t);
	g = t2t_group(t, 1);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	s = t2t_snap_new(t);
	T2T_ASSERT_RC(t, __t2_counters(t->be, c, &k), 0);
	T2T_EXPECT_EQ(t, k.backend, 0);
	T2T_EXPECT_EQ(t, k.groups, 0);
	T2T_EXPECT_EQ(t, k.window_size, 0);
	T2T_ASSERT_RC(t, __t2_fail_nth(t->be, c, 0, 0, &f), 0);
	T2T_ASSERT_RC(t, __t2_platform(t->be, c, &p), 0);
	T2T_ASSERT_RC(t, __t2_resolve(t->be, g, buf, &phys, &ps), 0);
	T2T_EXPECT_EQ(t, ps, T2T_PAGE);
	T2T_XLATE(t, g, 0, 0, T2SIM_XLATE_LIODN_INVALID, 0);
	t2t_join(t, g, c);
	T2T_ASSERT_RC(t, __t2_counters(t->be, c, &k), 0);
	T2T_EXPECT_EQ(t, k.groups, 1);
	T2T_EXPECT_EQ(t, k.backend, 0);
	T2T_EXPECT_EQ(t, k.liodns_linked, 0);
	t2_group_unset_container(t, g);
	T2T_EXPECT_UNCHANGED(t, s, "introspection calls");
	t2t_snap_free(s);
	/* the resolve of an unbacked address (INTRO-10) */
	T2T_ASSERT_RC(t, __t2_resolve(t->be, c, 0x2000, &phys, &ps), 0);
	T2T_EXPECT_EQ(t, phys, T2SIM_NOT_BACKED);
	T2T_EXPECT_EQ(t, ps, 0);
}

static void check_relations(struct t2_tctx *t, int cfd, uint64_t *pins, uint64_t *spaaces)
{
	struct t2sim_counters k;

	t2t_counters(t, cfd, &k);
	T2T_EXPECT_EQ(t, k.dma_claimed, k.dma_windows * k.window_size);
	T2T_EXPECT_EQ(t, k.msi_records, k.msi_windows);
	T2T_EXPECT_EQ(t, k.pins, k.dma_windows * k.window_size / T2T_PAGE);
	T2T_EXPECT_EQ(t, k.crash_points, 0);
	T2T_EXPECT_EQ(t, k.enabled, k.dma_windows > 0);
	T2T_EXPECT_EQ(t, k.liodns_valid, k.enabled ? k.liodns_linked : 0);
	T2T_EXPECT(t, k.dma_windows + k.msi_windows <= k.windows);
	*pins += k.pins;
	*spaaces += k.spaaces;
}

/* INTRO-6 / INTRO-7 and the sums of INV-17 / INV-18 over two containers. */
static void test_counters(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom a, b;
	uint64_t hp, pins = 0, spaaces = 0;

	(void)arg;
	t2t_dom(t, &a, T2T_G(0) | T2T_G(2), 0, T2T_KIB(256), 16);
	t2t_dom(t, &b, T2T_G(1), T2T_MIB(1), T2T_KIB(64), 8);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, a.c, T2_RW, hp, 0, T2T_KIB(48));
	if (t2t_plat(t)->msi_banks >= 2) {
		t2_map_msi_bank(t, a.c, T2_RW, 0, t2t_win(&a, 9));
		t2_map_msi_bank(t, b.c, T2_RW, 1, t2t_win(&b, 7));
	}
	t2_map_dma(t, b.c, T2_RW, hp, t2t_win(&b, 1), T2T_KIB(16));
	check_relations(t, a.c, &pins, &spaaces);
	check_relations(t, b.c, &pins, &spaaces);
	t2t_counters(t, a.c, &k);
	T2T_EXPECT_EQ(t, k.backend, 1);
	T2T_EXPECT_EQ(t, k.windows, 16);
	T2T_EXPECT_EQ(t, k.window_size, T2T_KIB(16));
	T2T_EXPECT_EQ(t, k.dma_windows, 3);
	T2T_EXPECT_EQ(t, k.groups, 2);
	T2T_EXPECT_EQ(t, k.liodns_linked, 3);
	T2T_EXPECT_EQ(t, k.spaaces, 3 * 15);
	T2T_EXPECT_EQ(t, k.sim_pins, pins);
	T2T_EXPECT_EQ(t, k.sim_spaaces, spaaces);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base + (int64_t)pins);
	t2_unmap_dma(t, a.c, T2T_KIB(16), T2T_KIB(16), NULL);
	pins = spaaces = 0;
	check_relations(t, a.c, &pins, &spaaces);
	check_relations(t, b.c, &pins, &spaaces);
	t2t_counters(t, b.c, &k);
	T2T_EXPECT_EQ(t, k.sim_pins, pins);
	T2T_EXPECT_EQ(t, k.dma_claimed, T2T_KIB(16));
}

/* PERS-1/PERS-2/PERS-9: the active switch set is what was asked for; bits
 * 19..31 and 56..63 are always 0, 32..55 only designs2013's (INTRO-9).
 * PERS-4: crash points stay 0 in spec. */
static void test_switches(struct t2_tctx *t, const void *arg)
{
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2sim_counters k;

	(void)arg;
	T2T_EXPECT_EQ(t, p->switches, T2T(t)->cfg.switches);
	T2T_EXPECT_EQ(t, p->switches & ~((uint64_t)T2_SW_ALL | T2_SW_DESIGNS), 0);
	T2T_EXPECT_EQ(t, (p->switches >> 19) & 0x1fff, 0);
	T2T_EXPECT_EQ(t, p->switches >> 56, 0);
	t2t_counters(t, t2t_container(t), &k);
	T2T_EXPECT_EQ(t, k.crash_points, 0);
}

static const struct t2t_case cases[] = {
	T2T_CASE("intro.probe", "INTRO-3 DEV-6 INTRO-9", test_probe),
	T2T_CASE_I("intro.any_state_no_change", "INTRO-2 INTRO-10 INTRO-6 ISO-8",
		   test_any_state),
	T2T_CASE_I("intro.counter_relations", "INTRO-6 INTRO-7 INV-5 INV-6 INV-17 INV-18 "
		   "INV-16 INV-3", test_counters, T2T_DESIGN("D")),
	T2T_CASE_I("intro.switches_and_crash_points", "PERS-1 PERS-2 PERS-4 PERS-9 INTRO-9 INV-28",
		   test_switches),
};

T2T_SUITE(intro, cases);
