/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * iso.c - spec section 14: isolation, checked through the translation
 * introspection.  A device reaches exactly what its container mapped, with
 * the protection given; nothing of another container; no MSI bank its
 * container did not map; nothing after unmap or release.  Isolation tests
 * use groups with unshared LIODNs (ISO-7).
 */
#include <errno.h>
#include <string.h>
#include "t2test.h"

#define START T2T_MIB(1)
#define WS T2T_KIB(8)

struct frames {
	uint64_t lo[8], hi[8];
	int n;
};

static void frames_add(struct t2_tctx *t, struct frames *f, uint64_t vaddr, uint64_t size)
{
	f->lo[f->n] = t2t_phys(t, vaddr);
	f->hi[f->n] = f->lo[f->n] + size;
	f->n++;
}

static int frames_hit(const struct frames *f, uint64_t phys)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (phys >= f->lo[i] && phys < f->hi[i])
			return 1;
	return 0;
}

/* ISO-2 / ISO-4: every window, every few offsets, both directions. */
static void test_reach_exact(struct t2_tctx *t, const void *arg)
{
	static const uint64_t offs[] = { 0, 8, WS / 2, WS - 1 };
	struct t2sim_translate x;
	struct t2t_dom d;
	uint64_t hp, p;
	int g2, w;
	size_t o;
	long rc;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(2), START, 16 * WS, 16);
	g2 = t2t_dom_group(t, &d, 2);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	p = t2t_phys(t, hp);
	t2_map_dma(t, d.c, T2_RW, hp, t2t_win(&d, 1), 2 * WS);
	t2_map_dma(t, d.c, VFIO_DMA_MAP_FLAG_READ, hp + 8 * WS, t2t_win(&d, 6), WS);
	t2_map_dma(t, d.c, VFIO_DMA_MAP_FLAG_WRITE, hp + 3 * WS, t2t_win(&d, 15), WS);
	for (w = 0; w < 16; w++) {
		uint64_t vbase = w == 1 || w == 2 ? hp + (w - 1) * WS : w == 6 ? hp + 8 * WS :
				 w == 15 ? hp + 3 * WS : 0;
		int r = w == 1 || w == 2 || w == 6, wr = w == 1 || w == 2 || w == 15;

		for (o = 0; o < T2T_ARRAY_SIZE(offs); o++) {
			uint64_t iova = t2t_win(&d, w) + offs[o];
			uint64_t want = vbase ? p + (vbase - hp) + offs[o] : 0;

			T2T_XLATE(t, d.g[0], iova, 0, !vbase ? T2SIM_XLATE_WINDOW_FREE :
				  r ? T2SIM_XLATE_OK : T2SIM_XLATE_PERMISSION, want);
			T2T_XLATE(t, d.g[0], iova, 1, !vbase ? T2SIM_XLATE_WINDOW_FREE :
				  wr ? T2SIM_XLATE_OK : T2SIM_XLATE_PERMISSION, want);
			t2t_expect_xlate(t, g2, 1, iova, 0, !vbase ? T2SIM_XLATE_WINDOW_FREE :
					 r ? T2SIM_XLATE_OK : T2SIM_XLATE_PERMISSION, want,
					 __FILE__, __LINE__);
		}
	}
	/* outside the aperture, on both sides and at the extremes */
	T2T_XLATE(t, d.g[0], START - 1, 0, T2SIM_XLATE_OUTSIDE_APERTURE, 0);
	T2T_XLATE(t, d.g[0], START + 16 * WS, 0, T2SIM_XLATE_OUTSIDE_APERTURE, 0);
	T2T_XLATE(t, d.g[0], 0, 1, T2SIM_XLATE_OUTSIDE_APERTURE, 0);
	T2T_XLATE(t, d.g[0], ~0ull, 1, T2SIM_XLATE_OUTSIDE_APERTURE, 0);
	/* the LIODN used is reported, even on a fault (INTRO-5) */
	x = t2t_xlate(t, g2, 1, 0, 0);
	T2T_EXPECT_EQ(t, x.liodn, t2t_liodn(t, 2, 1));
	x = t2t_xlate(t, d.g[0], 0, t2t_win(&d, 1), 0);
	T2T_EXPECT_EQ(t, x.liodn, t2t_liodn(t, 0, 0));
	T2T_EXPECT_EQ(t, x.msi_bank, T2SIM_NO_BANK);
	T2T_EXPECT_EQ(t, x.msi_flags, 0);
	/* a LIODN index beyond the group's count */
	rc = __t2_translate(t->be, d.g[0], 1, t2t_win(&d, 1), 0, &x);
	T2T_EXPECT_RC(t, rc, EINVAL);
	rc = __t2_translate(t->be, g2, 2, t2t_win(&d, 1), 0, &x);
	T2T_EXPECT_RC(t, rc, EINVAL);
}

/* ISO-5 / INV-11 / INV-26: two containers, same iovas, different memory. */
static void test_no_foreign_reach(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters ka, kb;
	struct frames fa = { .n = 0 }, fb = { .n = 0 };
	struct t2t_dom a, b;
	uint64_t xa, xb;
	int w, rw;

	(void)arg;
	t2t_dom(t, &a, T2T_G(0), START, 16 * WS, 16);
	t2t_dom(t, &b, T2T_G(1), START, 16 * WS, 16);
	xa = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	xb = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	frames_add(t, &fa, xa, 4 * WS);
	frames_add(t, &fb, xb, 4 * WS);
	t2_map_dma(t, a.c, T2_RW, xa, t2t_win(&a, 0), 4 * WS);
	t2t_counters(t, a.c, &ka);
	t2_map_dma(t, b.c, T2_RW, xb, t2t_win(&b, 2), 4 * WS);
	/* nothing done in b changed a (INV-11), except the shared counters */
	t2t_counters(t, a.c, &kb);
	kb.sim_pins = ka.sim_pins;
	kb.locked = ka.locked;
	kb.sim_spaaces = ka.sim_spaaces;
	T2T_EXPECT(t, !memcmp(&ka, &kb, sizeof(ka)));
	for (w = 0; w < 16; w++) {
		for (rw = 0; rw < 2; rw++) {
			struct t2sim_translate x0 = t2t_xlate(t, a.g[0], 0, t2t_win(&a, w) + 0x10, rw);
			struct t2sim_translate x1 = t2t_xlate(t, b.g[0], 0, t2t_win(&b, w) + 0x10, rw);

			if (x0.result == T2SIM_XLATE_OK && !frames_hit(&fa, x0.phys))
				T2T_FAIL(t, "group 0 reaches %#llx, not its container's memory",
					 (unsigned long long)x0.phys);
			if (x1.result == T2SIM_XLATE_OK && !frames_hit(&fb, x1.phys))
				T2T_FAIL(t, "group 1 reaches %#llx, not its container's memory",
					 (unsigned long long)x1.phys);
			T2T_EXPECT_EQ(t, x0.result, w < 4 ? T2SIM_XLATE_OK : T2SIM_XLATE_WINDOW_FREE);
			T2T_EXPECT_EQ(t, x1.result, w >= 2 && w < 6 ? T2SIM_XLATE_OK :
				      T2SIM_XLATE_WINDOW_FREE);
		}
	}
	/* b unmaps: a is untouched */
	t2_unmap_dma(t, b.c, START, 16 * WS, NULL);
	T2T_XLATE(t, a.g[0], t2t_win(&a, 3), 0, T2SIM_XLATE_OK, fa.lo[0] + 3 * WS);
	T2T_XLATE(t, b.g[0], t2t_win(&b, 3), 0, T2SIM_XLATE_LIODN_INVALID, 0);
}

/* ISO-6 / INV-27: a device hits a bank only through its own MSI window. */
static void test_msi_only_own(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;
	uint64_t buf;
	unsigned int bank;
	int w, o;

	(void)arg;
	if (t2t_plat(t)->msi_banks < 2)
		t2t_skip(t, "needs 2 MSI banks");
	t2t_dom(t, &a, T2T_G(0), START, 16 * WS, 16);
	t2t_dom(t, &b, T2T_G(1), START, 16 * WS, 16);
	buf = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, a.c, T2_RW, buf, t2t_win(&a, 0), WS);
	t2_map_dma(t, b.c, T2_RW, buf, t2t_win(&b, 0), WS);
	t2_map_msi_bank(t, a.c, T2_RW, 0, t2t_win(&a, 4));
	t2_map_msi_bank(t, b.c, T2_RW, 1, t2t_win(&b, 5));
	for (w = 0; w < 16; w++) {
		for (o = 0; o < 3; o++) {
			uint64_t off = o == 0 ? 0 : t2t_msiir_off(t, o - 1);
			struct t2sim_translate x = t2t_xlate(t, a.g[0], 0, t2t_win(&a, w) + off, 1);

			bank = x.msi_bank;
			if (x.msi_flags && !(w == 4 && bank == 0))
				T2T_FAIL(t, "group 0 hits bank %u through window %d", bank, w);
			x = t2t_xlate(t, b.g[0], 0, t2t_win(&b, w) + off, 1);
			if (x.msi_flags && !(w == 5 && x.msi_bank == 1))
				T2T_FAIL(t, "group 1 hits bank %u through window %d", x.msi_bank, w);
		}
	}
	/* unmapped: gone; disabled: nothing either */
	t2_unmap_msi_bank(t, a.c, t2t_win(&a, 4));
	T2T_XLATE(t, a.g[0], t2t_win(&a, 4) + t2t_msiir_off(t, 0), 1, T2SIM_XLATE_WINDOW_FREE, 0);
	t2_unmap_dma(t, b.c, t2t_win(&b, 0), WS, NULL);
	T2T_XLATE(t, b.g[0], t2t_win(&b, 5) + t2t_msiir_off(t, 1), 1,
		  T2SIM_XLATE_LIODN_INVALID, 0);
}

/* ISO-5: nothing after unmap, release, or outside any container. */
static void test_nothing_after(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf, p;
	int g1;

	(void)arg;
	g1 = t2t_group(t, 1);
	T2T_XLATE(t, g1, 0, 0, T2SIM_XLATE_LIODN_INVALID, 0);
	t2t_dom(t, &d, T2T_G(0), 0, 16 * WS, 16);
	T2T_XLATE(t, d.g[0], 0, 0, T2SIM_XLATE_LIODN_INVALID, 0);
	buf = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	p = t2t_phys(t, buf);
	t2_map_dma(t, d.c, T2_RW, buf, 0, 2 * WS);
	T2T_XLATE(t, d.g[0], WS + 4, 1, T2SIM_XLATE_OK, p + WS + 4);
	t2_unmap_dma(t, d.c, WS, WS, NULL);
	T2T_XLATE(t, d.g[0], WS + 4, 1, T2SIM_XLATE_WINDOW_FREE, 0);
	T2T_XLATE(t, d.g[0], 4, 1, T2SIM_XLATE_OK, p + 4);
	t2_group_unset_container(t, d.g[0]);
	T2T_XLATE(t, d.g[0], 4, 1, T2SIM_XLATE_LIODN_INVALID, 0);
	/* joining another container does not bring the old mapping back */
	t2t_join(t, d.g[0], d.c);
	t2_set_iommu(t, d.c, T2_TYPE2_VALUE);
	t2_set_geometry(t, d.c, 0, 16 * WS - 1);
	t2_set_windows(t, d.c, 16);
	t2_map_dma(t, d.c, T2_RW, buf, 2 * WS, WS);
	T2T_XLATE(t, d.g[0], 4, 1, T2SIM_XLATE_WINDOW_FREE, 0);
}

/* ISO-2: the first rule that applies decides. */
static void test_precedence(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;
	uint64_t buf;

	(void)arg;
	t2t_dom(t, &a, T2T_G(0), START, 16 * WS, 16);
	t2t_dom(t, &b, T2T_G(1), 0, 16 * WS, 16);
	buf = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	/* not enabled: LIODN_INVALID even outside the aperture */
	T2T_XLATE(t, a.g[0], 0, 0, T2SIM_XLATE_LIODN_INVALID, 0);
	t2_map_dma(t, a.c, VFIO_DMA_MAP_FLAG_READ, buf, START, WS);
	t2_map_dma(t, b.c, T2_RW, buf, 0, WS);
	/* b maps iova 0, but a's device sees a's aperture only */
	T2T_XLATE(t, a.g[0], 0, 0, T2SIM_XLATE_OUTSIDE_APERTURE, 0);
	T2T_XLATE(t, a.g[0], START + WS, 1, T2SIM_XLATE_WINDOW_FREE, 0);
	T2T_XLATE(t, a.g[0], START, 1, T2SIM_XLATE_PERMISSION, 0);
	T2T_XLATE(t, b.g[0], START, 0, T2SIM_XLATE_OUTSIDE_APERTURE, 0);
}

/* ISO-8: translation has no side effects, faults included. */
static void test_no_side_effects(struct t2_tctx *t, const void *arg)
{
	struct t2t_snap *s;
	struct t2t_dom d;
	uint64_t buf;
	int i;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, 16 * WS, 16);
	buf = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, d.c, VFIO_DMA_MAP_FLAG_READ, buf, 0, WS);
	s = t2t_snap_new(t);
	for (i = 0; i < 20; i++) {
		t2t_xlate(t, d.g[0], 0, 0, 1);                  /* permission */
		t2t_xlate(t, d.g[0], 0, 16 * WS + i, 0);        /* outside */
		t2t_xlate(t, d.g[0], 0, 3 * WS, 1);             /* free */
	}
	T2T_EXPECT_UNCHANGED(t, s, "faulting translations");
	t2t_snap_free(s);
	T2T_XLATE(t, d.g[0], 16, 0, T2SIM_XLATE_OK, t2t_phys(t, buf) + 16);
}

static const struct t2t_case cases[] = {
	T2T_CASE_I("iso.reach_exactly_the_mapping", "ISO-1 ISO-2 ISO-4 INV-4 INV-25 INTRO-5",
		   test_reach_exact, T2T_DESIGN("D")),
	T2T_CASE_I("iso.no_foreign_reach", "ISO-4 ISO-5 INV-11 INV-25 INV-26",
		   test_no_foreign_reach, T2T_DESIGN("D")),
	T2T_CASE_I("iso.msi_only_own_banks", "ISO-3 ISO-6 INV-27 MSI-8 DESIGN-4", test_msi_only_own, T2T_DESIGN("D")),
	T2T_CASE_I("iso.nothing_after_unmap_or_release", "ISO-5 ISO-8 INV-26 REL-2",
		   test_nothing_after),
	T2T_CASE_I("iso.first_rule_decides", "ISO-2 MAP-2", test_precedence, T2T_DESIGN("D")),
	T2T_CASE_I("iso.no_side_effects", "ISO-8 ATOM-3", test_no_side_effects),
};

T2T_SUITE(iso, cases);
