/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * unmap.c - spec section 8: UNMAP_DMA.  Its rows in order, whole-window
 * unmapping across and inside MAP_DMA calls, MSI windows skipped, the
 * written-back size, locked-count accounting, disabling.
 */
#include <errno.h>
#include "t2test.h"

#define START T2T_MIB(1)
#define TOP (~0ull)

static void unmap_fail(struct t2_tctx *t, int cfd, uint32_t argsz, uint32_t flags,
		       uint64_t iova, uint64_t size, int err, const char *what)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = argsz, .flags = flags, .iova = iova, .size = size,
	};

	T2T_FAIL_UNCHANGED(t, cfd, VFIO_IOMMU_UNMAP_DMA, &u, err, "UNMAP_DMA %s", what);
	/* ERR-5: size is written only on success */
	T2T_EXPECT_EQ(t, u.size, size);
}

static void test_rows(struct t2_tctx *t, const void *arg)
{
	const uint32_t sz = sizeof(struct vfio_iommu_type1_dma_unmap);
	struct t2t_dom d, u, w;
	uint32_t bit;
	long rc;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), START, T2T_KIB(64), 16);
	t2t_map_pages(t, &d, 2, 2);
	rc = __t2_ioctl(t->be, d.c, VFIO_IOMMU_UNMAP_DMA, 0);
	T2T_EXPECT_RC(t, rc, EFAULT);
	unmap_fail(t, d.c, sz - 1, 0, t2t_win(&d, 2), T2T_PAGE, EINVAL, "row 2");
	unmap_fail(t, d.c, 0, 0, t2t_win(&d, 2), T2T_PAGE, EINVAL, "row 2, argsz 0");
	for (bit = 0; bit < 32; bit++)
		unmap_fail(t, d.c, sz, 1u << bit, t2t_win(&d, 2), T2T_PAGE, EINVAL, "row 3");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 2), 0, EINVAL, "row 4: size 0");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 2) + 0x800, T2T_PAGE, EINVAL, "row 5: iova");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 2), 0x1800, EINVAL, "row 5: size");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 2), 1, EINVAL, "row 5: size 1");
	unmap_fail(t, d.c, sz, 0, TOP - T2T_PAGE + 1, 2 * T2T_PAGE, EINVAL, "row 6: wrap");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 2), TOP - T2T_PAGE + 1, EINVAL, "row 6: size");
	unmap_fail(t, d.c, sz, 0, START - T2T_PAGE, 2 * T2T_PAGE, EINVAL, "row 8: below");
	unmap_fail(t, d.c, sz, 0, 0, T2T_PAGE, EINVAL, "row 8: iova 0");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 15), 2 * T2T_PAGE, EINVAL, "row 8: past the end");
	unmap_fail(t, d.c, sz, 0, START, T2T_KIB(128), EINVAL, "row 8: larger than aperture");
	/* row 7: windows not configured */
	t2t_dom(t, &u, T2T_G(1), START, T2T_KIB(64), 0);
	unmap_fail(t, u.c, sz, 0, START, T2T_PAGE, EINVAL, "row 7");
	/* row 9: windows of 8 KiB */
	t2t_dom(t, &w, T2T_G(2), 0, T2T_KIB(128), 16);
	unmap_fail(t, w.c, sz, 0, T2T_PAGE, T2T_KIB(8), EINVAL, "row 9: iova");
	unmap_fail(t, w.c, sz, 0, 0, T2T_PAGE, EINVAL, "row 9: size");
	unmap_fail(t, w.c, sz, 0, 0, T2T_KIB(12), EINVAL, "row 9: size 12K");
	/* the good call still works */
	t2_unmap_dma(t, d.c, t2t_win(&d, 2), 2 * T2T_PAGE, NULL);
}

static void expect_dma(struct t2_tctx *t, int cfd, uint32_t windows, int64_t locked)
{
	struct t2sim_counters k;

	if (!T2T(t)->has_intro)
		return;
	t2t_counters(t, cfd, &k);
	T2T_EXPECT_EQ(t, k.dma_windows, windows);
	T2T_EXPECT_EQ(t, k.pins, windows);
	T2T_EXPECT_EQ(t, k.dma_claimed, windows * T2T_PAGE);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base + locked);
}

static void test_effects(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t a, done;
	int has_msi = t2t_plat(t)->msi_banks > 0, w;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), START, T2T_KIB(64), 16);
	a = t2t_map_pages(t, &d, 0, 4);         /* call A: windows 0..3 */
	t2t_map_pages(t, &d, 6, 2);             /* call B: windows 6..7 */
	if (has_msi)
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 5));
	expect_dma(t, d.c, 6, 6);
	/* part of one call's windows */
	done = 0;
	t2_unmap_dma(t, d.c, t2t_win(&d, 1), 2 * T2T_PAGE, &done);
	T2T_EXPECT_EQ(t, done, 2 * T2T_PAGE);
	expect_dma(t, d.c, 4, 4);
	if (T2T(t)->has_intro) {
		T2T_XLATE(t, d.g[0], t2t_win(&d, 0), 0, T2SIM_XLATE_OK, t2t_phys(t, a));
		T2T_XLATE(t, d.g[0], t2t_win(&d, 1), 0, T2SIM_XLATE_WINDOW_FREE, 0);
		T2T_XLATE(t, d.g[0], t2t_win(&d, 2), 0, T2SIM_XLATE_WINDOW_FREE, 0);
		T2T_XLATE(t, d.g[0], t2t_win(&d, 3), 0, T2SIM_XLATE_OK,
			  t2t_phys(t, a + 3 * T2T_PAGE));
	}
	/* a range over both calls, free windows and the MSI window */
	done = 0;
	t2_unmap_dma(t, d.c, t2t_win(&d, 0), 8 * T2T_PAGE, &done);
	T2T_EXPECT_EQ(t, done, 4 * T2T_PAGE);
	expect_dma(t, d.c, 0, 0);
	if (T2T(t)->has_intro && has_msi) {
		struct t2sim_counters k;

		t2t_counters(t, d.c, &k);
		T2T_EXPECT_EQ(t, k.msi_windows, 1);
		T2T_EXPECT_EQ(t, k.msi_records, 1);
	}
	/* nothing to unmap: success, size 0 */
	done = 77;
	t2_unmap_dma(t, d.c, t2t_win(&d, 0), T2T_KIB(64), &done);
	T2T_EXPECT_EQ(t, done, 0);
	/* the MSI window is still there: the same bank cannot be mapped again */
	if (has_msi) {
		test_err_t2_map_msi_bank(t, EBUSY, d.c, T2_RW, 0, t2t_win(&d, 9));
		t2_unmap_msi_bank(t, d.c, t2t_win(&d, 5));
	}
	/* every window can be mapped again */
	for (w = 0; w < 4; w++)
		t2_map_dma(t, d.c, T2_RW, a + w * T2T_PAGE, t2t_win(&d, w), T2T_PAGE);
	done = 0;
	t2_unmap_dma(t, d.c, t2t_win(&d, 0), 4 * T2T_PAGE, &done);
	T2T_EXPECT_EQ(t, done, 4 * T2T_PAGE);
}

/* UNMAP-5: no DMA window left disables the domain, MSI windows or not. */
static void test_disables(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2sim_translate x;
	struct t2t_dom d;
	uint64_t db;

	(void)arg;
	t2t_need_banks(t, 1);
	t2t_dom(t, &d, T2T_G(0) | T2T_G(1), START, T2T_KIB(64), 16);
	t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 8));
	db = t2t_win(&d, 8) + t2t_msiir_off(t, 0);
	t2t_map_pages(t, &d, 0, 2);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.enabled, 1);
	T2T_EXPECT_EQ(t, k.liodns_valid, 2);
	x = t2t_xlate(t, d.g[1], 0, db, 1);
	T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
	T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
	/* one of two windows: still enabled */
	t2_unmap_dma(t, d.c, t2t_win(&d, 0), T2T_PAGE, NULL);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.enabled, 1);
	t2_unmap_dma(t, d.c, t2t_win(&d, 1), T2T_PAGE, NULL);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.enabled, 0);
	T2T_EXPECT_EQ(t, k.liodns_valid, 0);
	T2T_EXPECT_EQ(t, k.msi_windows, 1);
	T2T_XLATE(t, d.g[1], db, 1, T2SIM_XLATE_LIODN_INVALID, 0);
	T2T_XLATE(t, d.g[0], db, 1, T2SIM_XLATE_LIODN_INVALID, 0);
}

static const struct t2t_case cases[] = {
	T2T_CASE("unmap.rows", "UNMAP-1 ERR-1 ERR-5 INV-14 INV-24 ATOM-1", test_rows),
	T2T_CASE("unmap.whole_windows_and_size", "UNMAP-2 UNMAP-3 UNMAP-4 ACCT-3 ACCT-5 INV-9 INV-15 "
		 "INV-16 INV-17 PERS-7", test_effects, T2T_DESIGN("D")),
	T2T_CASE_I("unmap.disables_domain", "UNMAP-5 DOM-1 DOM-2 MSI-6 INV-6", test_disables, T2T_DESIGN("D")),
};

T2T_SUITE(unmap, cases);
