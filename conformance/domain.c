/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * domain.c - spec section 10: enable/disable, attach and detach, attach
 * while enabled, LIODNs shared between groups, the attach check rows and
 * what a failed attach leaves (nothing).
 */
#include <errno.h>
#include "t2test.h"

static void expect_enabled(struct t2_tctx *t, int cfd, uint32_t enabled, uint32_t valid,
			   uint32_t linked)
{
	struct t2sim_counters k;

	t2t_counters(t, cfd, &k);
	T2T_EXPECT_EQ(t, k.enabled, enabled);
	T2T_EXPECT_EQ(t, k.enabled, k.dma_windows > 0);
	T2T_EXPECT_EQ(t, k.liodns_valid, valid);
	T2T_EXPECT_EQ(t, k.liodns_linked, linked);
}

/* DOM-1/DOM-2: enabled exactly while a DMA window is valid. */
static void test_enable_rule(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(2), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, 4 * T2T_PAGE, T2T_PAGE);
	expect_enabled(t, d.c, 0, 0, 3);
	t2_map_dma(t, d.c, T2_RW, buf, 0, 2 * T2T_PAGE);
	expect_enabled(t, d.c, 1, 3, 3);
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 8), T2T_PAGE);
	t2_unmap_dma(t, d.c, 0, T2T_PAGE, NULL);
	expect_enabled(t, d.c, 1, 3, 3);
	t2_unmap_dma(t, d.c, 0, T2T_KIB(64), NULL);
	expect_enabled(t, d.c, 0, 0, 3);
	/* a failed MAP does not enable */
	test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, buf + 4 * T2T_PAGE, 0, T2T_PAGE);
	expect_enabled(t, d.c, 0, 0, 3);
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 15), T2T_PAGE);
	expect_enabled(t, d.c, 1, 3, 3);
	T2T_XLATE(t, d.g[1], t2t_win(&d, 15), 0, T2SIM_XLATE_OK, t2t_phys(t, buf));
	t2t_expect_xlate(t, d.g[1], 1, t2t_win(&d, 15), 1, T2SIM_XLATE_OK, t2t_phys(t, buf),
			 __FILE__, __LINE__);
}

/* DOM-3/DOM-4: a group attached while enabled is programmed with every valid
 * window, DMA and MSI, and valid at once. */
static void test_attach_while_enabled(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2sim_translate x;
	struct t2t_dom d;
	uint64_t buf, p;
	int g1, g2, has_msi = t2t_plat(t)->msi_banks > 0;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	p = t2t_phys(t, buf);
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 1), T2T_PAGE);
	if (has_msi)
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 3));
	g1 = t2t_group(t, 1);
	t2t_join(t, g1, d.c);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.liodns_linked, 2);
	T2T_EXPECT_EQ(t, k.liodns_valid, 2);
	T2T_EXPECT_EQ(t, k.spaaces, 2 * 15);
	T2T_XLATE(t, g1, t2t_win(&d, 1) + 0x20, 1, T2SIM_XLATE_OK, p + 0x20);
	if (has_msi) {
		x = t2t_xlate(t, g1, 0, t2t_win(&d, 3) + t2t_msiir_off(t, 0), 1);
		T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
		T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
	}
	T2T_XLATE(t, g1, t2t_win(&d, 2), 0, T2SIM_XLATE_WINDOW_FREE, 0);
	/* a group with two LIODNs: both valid at once */
	g2 = t2t_group(t, 2);
	t2t_join(t, g2, d.c);
	t2t_expect_xlate(t, g2, 1, t2t_win(&d, 1), 0, T2SIM_XLATE_OK, p, __FILE__, __LINE__);
	t2t_expect_xlate(t, g2, 0, t2t_win(&d, 1), 0, T2SIM_XLATE_OK, p, __FILE__, __LINE__);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.liodns_valid, 4);
	T2T_EXPECT_EQ(t, k.spaaces, 4 * 15);
	/* attached while disabled: linked and programmed, but invalid */
	t2_unmap_dma(t, d.c, t2t_win(&d, 1), T2T_PAGE, NULL);
	t2_group_unset_container(t, g1);
	t2t_join(t, g1, d.c);
	expect_enabled(t, d.c, 0, 0, 4);
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 6), T2T_PAGE);
	T2T_XLATE(t, g1, t2t_win(&d, 6), 0, T2SIM_XLATE_OK, p);
}

/* DOM-5 row 2 and DOM-7: a LIODN in one container only; a failed attach
 * changes nothing. */
static void test_attach_busy(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;
	struct t2t_snap *s;
	uint32_t f;
	int g4, c;

	(void)arg;
	t2t_dom(t, &a, T2T_G(3), 0, T2T_KIB(64), 16);   /* LIODN 0x30 */
	t2t_dom(t, &b, T2T_G(1), 0, T2T_KIB(64), 16);
	g4 = t2t_group(t, 4);                              /* also LIODN 0x30 */
	s = t2t_snap_new(t);
	test_err_t2_group_set_container(t, EBUSY, g4, b.c);
	T2T_EXPECT_UNCHANGED(t, s, "failed attach");
	t2t_snap_free(s);
	t2_group_get_status(t, g4, &f);
	T2T_EXPECT_EQ(t, f, VFIO_GROUP_FLAGS_VIABLE);
	/* without a backend it joins; SET_IOMMU then fails (DOM-9) */
	c = t2t_container(t);
	t2t_join(t, g4, c);
	test_err_t2_set_iommu(t, EBUSY, c, T2_TYPE2_VALUE);
	test_err_t2_get_windows(t, EINVAL, c, NULL);
	/* once group 3 leaves, group 4 may go anywhere */
	t2_group_unset_container(t, a.g[0]);
	t2_set_iommu(t, c, T2_TYPE2_VALUE);
}

/* DOM-5 row 3 (platform spaace_pool=32): not enough SPAACEs for the new
 * LIODNs gives ENOSPC, and nothing stays linked (DOM-7). */
static void test_attach_enospc(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom a, b;
	struct t2t_snap *s;
	uint64_t buf;
	uint32_t f;
	int g2;

	(void)arg;
	t2t_dom(t, &a, T2T_G(0), 0, T2T_KIB(64), 16);   /* 15 */
	t2t_dom(t, &b, T2T_G(1), 0, T2T_KIB(64), 16);   /* 15: 2 left */
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, a.c, T2_RW, buf, 0, T2T_PAGE);
	g2 = t2t_group(t, 2);                              /* 2 LIODNs: 30 */
	s = t2t_snap_new(t);
	test_err_t2_group_set_container(t, ENOSPC, g2, a.c);
	T2T_EXPECT_UNCHANGED(t, s, "attach without SPAACEs");
	t2t_snap_free(s);
	t2_group_get_status(t, g2, &f);
	T2T_EXPECT_EQ(t, f, VFIO_GROUP_FLAGS_VIABLE);
	t2t_counters(t, a.c, &k);
	T2T_EXPECT_EQ(t, k.liodns_linked, 1);
	T2T_EXPECT_EQ(t, k.sim_spaaces, 30);
	/* the LIODNs of the failed group reach nothing */
	t2t_expect_xlate(t, g2, 0, 0, 0, T2SIM_XLATE_LIODN_INVALID, 0, __FILE__, __LINE__);
	t2t_expect_xlate(t, g2, 1, 0, 0, T2SIM_XLATE_LIODN_INVALID, 0, __FILE__, __LINE__);
	/* while windows are not configured, attach takes none */
	t2_set_geometry(t, b.c, 0, T2T_KIB(64) - 1);
	t2t_join(t, g2, b.c);
	t2_set_windows(t, b.c, 1);
	/* windows of n = 16 for three LIODNs need 45 > 32 - 15 + 0 */
	test_err_t2_set_windows(t, ENOSPC, b.c, 16);
}

/* DOM-6 / ISO-7: a LIODN carried by two groups of one container is attached
 * once and stays while either group is there. */
static void test_shared_liodn(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom d;
	uint64_t buf, p;
	int g3, g4;

	(void)arg;
	t2t_dom(t, &d, T2T_G(3) | T2T_G(4), 0, T2T_KIB(64), 16);
	g3 = t2t_dom_group(t, &d, 3);
	g4 = t2t_dom_group(t, &d, 4);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	p = t2t_phys(t, buf);
	t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_PAGE);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.liodns_linked, 1);
	T2T_EXPECT_EQ(t, k.spaaces, 15);
	T2T_EXPECT_EQ(t, k.groups, 2);
	/* group 3 leaves: the LIODN stays, through group 4 */
	t2_group_unset_container(t, g3);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.liodns_linked, 1);
	T2T_EXPECT_EQ(t, k.liodns_valid, 1);
	T2T_EXPECT_EQ(t, k.spaaces, 15);
	T2T_XLATE(t, g4, 8, 1, T2SIM_XLATE_OK, p + 8);
	/* the sibling outside the container translates through it (ISO-7) */
	T2T_XLATE(t, g3, 8, 1, T2SIM_XLATE_OK, p + 8);
	/* it rejoins without taking more */
	t2t_join(t, g3, d.c);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.spaaces, 15);
	T2T_EXPECT_EQ(t, k.sim_spaaces, 15);
	t2_group_unset_container(t, g4);
	t2_group_unset_container(t, g3);   /* release */
	T2T_XLATE(t, g4, 8, 1, T2SIM_XLATE_LIODN_INVALID, 0);
}

/* DOM-8: detach unlinks only that group's unshared LIODNs. */
static void test_detach(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom d, e;
	uint64_t buf, p;
	int g0, g1;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(1), 0, T2T_KIB(64), 16);
	g0 = t2t_dom_group(t, &d, 0);
	g1 = t2t_dom_group(t, &d, 1);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	p = t2t_phys(t, buf);
	t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_PAGE);
	if (t2t_plat(t)->msi_banks)
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 3));
	t2_group_unset_container(t, g1);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.liodns_linked, 1);
	T2T_EXPECT_EQ(t, k.liodns_valid, 1);
	T2T_EXPECT_EQ(t, k.spaaces, 15);
	T2T_EXPECT_EQ(t, k.sim_spaaces, 15);
	T2T_EXPECT_EQ(t, k.dma_windows, 1);
	T2T_EXPECT_EQ(t, k.msi_windows, t2t_plat(t)->msi_banks ? 1 : 0);
	T2T_EXPECT_EQ(t, k.enabled, 1);
	T2T_XLATE(t, g1, 0, 0, T2SIM_XLATE_LIODN_INVALID, 0);
	T2T_XLATE(t, g0, 0, 0, T2SIM_XLATE_OK, p);
	/* unlinked: it may join another container */
	t2t_dom_nobackend(t, &e, 0);
	t2t_join(t, g1, e.c);
	t2_set_iommu(t, e.c, T2_TYPE2_VALUE);
}

static const struct t2t_case cases[] = {
	T2T_CASE_I("dom.enable_rule", "DOM-1 DOM-2 INV-6 MAP-3 UNMAP-5", test_enable_rule, T2T_DESIGN("D")),
	T2T_CASE_I("dom.attach_while_enabled", "DOM-3 DOM-4 DOM-2 INV-6 INV-25 INV-27",
		   test_attach_while_enabled, T2T_DESIGN("D")),
	T2T_CASE("dom.attach_liodn_busy", "DOM-5 DOM-7 DOM-9 CORE-8 INV-12 ISO-7",
		 test_attach_busy),
	T2T_CASE_PI("dom.attach_enospc", "DOM-5 DOM-7 DOM-3 WIN-6 INV-12 INV-18",
		    test_attach_enospc, "p4080,spaace_pool=32"),
	T2T_CASE_I("dom.shared_liodn", "DOM-6 DOM-8 ISO-7 INV-12", test_shared_liodn),
	T2T_CASE_I("dom.detach", "DOM-8 INV-11 INV-12 REL-1", test_detach, T2T_DESIGN("D")),
};

T2T_SUITE(domain, cases);
