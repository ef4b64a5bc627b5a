/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * map.c - spec section 7: MAP_DMA.  Every row of MAP-1 in its order (table
 * driven, each failure leaving the state untouched), the processing order of
 * MAP-4 seen through fault sites, the effects of a successful map, the
 * boundaries (window size 4 KiB, the top of the u64 range).
 */
#include <errno.h>
#include "t2test.h"

#define START T2T_MIB(1)
#define TOP (~0ull)

enum { V_BUF, V_ABS };

struct map_case {
	const char *what;
	uint32_t flags;
	int vbase;
	uint64_t voff;
	uint64_t ioff;          /* from the aperture start, unless iabs */
	int iabs;
	uint64_t size;
	int err;
};

/* Aperture [1 MiB, +64 KiB), 16 windows of 4 KiB; an 8-page buffer; window 5
 * holds DMA, window 6 MSI. */
static const struct map_case rows_4k[] = {
	{ "row 3: flag 1<<2", T2_RW | 4, V_BUF, 0, 0, 0, T2T_PAGE, EINVAL },
	{ "row 3: flag 1<<31", VFIO_DMA_MAP_FLAG_READ | 0x80000000u, V_BUF, 0, 0, 0, T2T_PAGE,
	  EINVAL },
	{ "row 4: no protection", 0, V_BUF, 0, 0, 0, T2T_PAGE, EINVAL },
	{ "row 5: size 0", T2_RW, V_BUF, 0, 0, 0, 0, EINVAL },
	{ "row 6: vaddr", T2_RW, V_BUF, 1, 0, 0, T2T_PAGE, EINVAL },
	{ "row 6: vaddr 0x800", T2_RW, V_BUF, 0x800, 0, 0, T2T_PAGE, EINVAL },
	{ "row 6: iova", T2_RW, V_BUF, 0, 0x800, 0, T2T_PAGE, EINVAL },
	{ "row 6: size", T2_RW, V_BUF, 0, 0, 0, 0x1800, EINVAL },
	{ "row 6: size 1", T2_RW, V_BUF, 0, 0, 0, 1, EINVAL },
	{ "row 7: iova wraps", T2_RW, V_BUF, 0, TOP - T2T_PAGE + 1, 1, 2 * T2T_PAGE, EINVAL },
	{ "row 7: vaddr wraps", T2_RW, V_ABS, TOP - T2T_PAGE + 1, 0, 0, 2 * T2T_PAGE, EINVAL },
	{ "row 7: size wraps", T2_RW, V_BUF, 0, 0, 0, TOP - T2T_PAGE + 1, EINVAL },
	{ "row 7: vaddr + size = 2^64 is no wrap (row 13)", T2_RW, V_ABS,
	  TOP - T2T_PAGE + 1, 0, 0, T2T_PAGE, EFAULT },
	{ "row 9: below the aperture", T2_RW, V_BUF, 0, START - T2T_PAGE, 1, T2T_PAGE, EINVAL },
	{ "row 9: iova 0", T2_RW, V_BUF, 0, 0, 1, T2T_PAGE, EINVAL },
	{ "row 9: straddles the start", T2_RW, V_BUF, 0, START - T2T_PAGE, 1, 2 * T2T_PAGE,
	  EINVAL },
	{ "row 9: past the end", T2_RW, V_BUF, 0, T2T_KIB(60), 0, 2 * T2T_PAGE, EINVAL },
	{ "row 9: just after", T2_RW, V_BUF, 0, T2T_KIB(64), 0, T2T_PAGE, EINVAL },
	{ "row 11: DMA window", T2_RW, V_BUF, 0, 5 * T2T_PAGE, 0, T2T_PAGE, EBUSY },
	{ "row 11: range ending on DMA", T2_RW, V_BUF, 0, 4 * T2T_PAGE, 0, 2 * T2T_PAGE, EBUSY },
	{ "row 11: MSI window", T2_RW, V_BUF, 0, 6 * T2T_PAGE, 0, T2T_PAGE, EBUSY },
	{ "row 11: range over MSI", T2_RW, V_BUF, 0, 6 * T2T_PAGE, 0, 2 * T2T_PAGE, EBUSY },
	{ "row 11 before row 13", T2_RW, V_ABS, 0x2000, 6 * T2T_PAGE, 0, T2T_PAGE, EBUSY },
	{ "row 13: guard page", T2_RW, V_BUF, 8 * T2T_PAGE, 0, 0, T2T_PAGE, EFAULT },
	{ "row 13: runs off the buffer", T2_RW, V_BUF, 7 * T2T_PAGE, 0, 0, 2 * T2T_PAGE, EFAULT },
	{ "row 13: never backed", T2_RW, V_ABS, 0x1000, 0, 0, T2T_PAGE, EFAULT },
	{ "row 13: page zero", T2_RW, V_ABS, 0, 0, 0, T2T_PAGE, EFAULT },
};

static void map_env_4k(struct t2_tctx *t, struct t2t_dom *d, uint64_t *buf)
{
	t2t_dom(t, d, T2T_G(0), START, T2T_KIB(64), 16);
	*buf = t2t_buf(t, 8 * T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, d->c, T2_RW, *buf, t2t_win(d, 5), T2T_PAGE);
	if (t2t_plat(t)->msi_banks)
		t2_map_msi_bank(t, d->c, T2_RW, 0, t2t_win(d, 6));
}

static void run_case(struct t2_tctx *t, const struct t2t_dom *d, uint64_t buf,
		     const struct map_case *mc)
{
	uint64_t vaddr = mc->vbase == V_BUF ? buf + mc->voff : mc->voff;
	uint64_t iova = mc->iabs ? mc->ioff : d->start + mc->ioff;
	struct t2t_snap *s = t2t_snap_new(t);
	long rc;

	rc = __t2_map_dma(t->be, d->c, mc->flags, vaddr, iova, mc->size);
	if (rc != -mc->err)
		T2T_FAIL(t, "MAP_DMA %s (vaddr %#llx iova %#llx size %#llx): %s%s, want -%s",
			 mc->what, (unsigned long long)vaddr, (unsigned long long)iova,
			 (unsigned long long)mc->size, rc < 0 ? "-" : "",
			 rc < 0 ? t2_errno_name((int)-rc) : "success", t2_errno_name(mc->err));
	T2T_EXPECT_UNCHANGED(t, s, mc->what);
	t2t_snap_free(s);
	if (rc >= 0)
		t2_unmap_dma(t, d->c, iova, mc->size, NULL);
}

static void test_rows(struct t2_tctx *t, const void *arg)
{
	struct vfio_iommu_type1_dma_map m;
	struct t2t_dom d, u;
	uint64_t buf;
	size_t i;
	long rc;

	(void)arg;
	map_env_4k(t, &d, &buf);
	/* rows 1 and 2 */
	rc = __t2_ioctl(t->be, d.c, VFIO_IOMMU_MAP_DMA, 0);
	T2T_EXPECT_RC(t, rc, EFAULT);
	m = (struct vfio_iommu_type1_dma_map){ .argsz = 31, .flags = T2_RW, .vaddr = buf,
		.iova = START, .size = T2T_PAGE };
	rc = __t2_ioctl(t->be, d.c, VFIO_IOMMU_MAP_DMA, (unsigned long)&m);
	T2T_EXPECT_RC(t, rc, EINVAL);
	for (i = 0; i < T2T_ARRAY_SIZE(rows_4k); i++) {
		if (!t2t_plat(t)->msi_banks && rows_4k[i].ioff == 6 * T2T_PAGE)
			continue;
		run_case(t, &d, buf, &rows_4k[i]);
	}
	/* freed memory is unbacked (MEM-5) */
	{
		uint64_t gone = t2t_buf(t, T2T_PAGE, T2T_PAGE);

		t2t_buf_free(t, gone);
		test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, gone, START, T2T_PAGE);
	}
	/* row 8: windows not configured (geometry set or not), before row 13 */
	t2t_dom(t, &u, T2T_G(1), START, T2T_KIB(64), 0);
	test_err_t2_map_dma(t, EINVAL, u.c, T2_RW, buf, START, T2T_PAGE);
	test_err_t2_map_dma(t, EINVAL, u.c, T2_RW, 0x1000, START, T2T_PAGE);
	t2_set_geometry(t, u.c, 0, T2T_GIB(1) - 1);
	test_err_t2_map_dma(t, EINVAL, u.c, T2_RW, buf, 0, T2T_PAGE);
}

/*
 * Two 4K pages of the buffer at b4 (at least 3 pages) that cannot back one
 * 8 KiB window (row 14, MAP-5's failing call): not physically contiguous,
 * or not 8 KiB-aligned.  On simulated memory the first two (MEM-2).  On
 * real memory the physical addresses decide; of the first three pages one
 * pair always qualifies (if pages 0-1 are one aligned run, page 1 is not
 * aligned).  0 when real memory cannot be resolved (no introspection): that
 * check is left out.
 */
static uint64_t two_pages_not_one_window(struct t2_tctx *t, uint64_t b4)
{
	uint64_t p0, p1;
	int i;

	if (T2T(t)->mode->sim_memory)
		return b4;
	if (!T2T(t)->has_intro)
		return 0;
	for (i = 0; i < 2; i++) {
		p0 = t2t_phys(t, b4 + (uint64_t)i * T2T_PAGE);
		p1 = t2t_phys(t, b4 + (uint64_t)(i + 1) * T2T_PAGE);
		if (p1 != p0 + T2T_PAGE || p0 % T2T_KIB(8))
			return b4 + (uint64_t)i * T2T_PAGE;
	}
	return 0;
}

/* Rows 10 and 14 need windows larger than a page: 16 windows of 8 KiB. */
static void test_rows_8k(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t b4, hp, pair;
	struct t2t_snap *s;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(128), 16);
	b4 = t2t_buf(t, 8 * T2T_PAGE, T2T_PAGE);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, d.c, T2_RW, hp, t2t_win(&d, 2), T2T_KIB(8));
	s = t2t_snap_new(t);
	/* row 10 */
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, hp, T2T_PAGE, T2T_KIB(8));
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, hp, 0, T2T_PAGE);
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, hp, 0, T2T_KIB(12));
	/* row 10 before row 11 */
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, hp, t2t_win(&d, 2) + T2T_PAGE, T2T_KIB(8));
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, hp, t2t_win(&d, 2), T2T_PAGE);
	/* row 14: 4K pages are never contiguous in simulated memory (MEM-2);
	 * real memory (MEM-7) may place two of them side by side */
	pair = two_pages_not_one_window(t, b4);
	if (pair)
		test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, pair, 0, T2T_KIB(8));
	/* row 14: contiguous but the physical start is not a multiple of ws */
	test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, hp + T2T_PAGE, 0, T2T_KIB(8));
	test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, hp + T2T_KIB(12), 0, T2T_KIB(16));
	T2T_EXPECT_UNCHANGED(t, s, "failed MAP_DMA (rows 10, 14)");
	t2t_snap_free(s);
	t2_map_dma(t, d.c, T2_RW, hp + T2T_KIB(8), 0, T2T_KIB(16));
}

/* MAP-4: per window, the pin-array site, then rows 13/14, then the
 * programming site; the record site after every window (FAIL-1, FAIL-4). */
static void test_processing_order(struct t2_tctx *t, const void *arg)
{
	const uint64_t ws = T2T_KIB(8);
	struct t2sim_fail_nth f;
	struct t2t_snap *s;
	struct t2t_dom d;
	uint64_t hp, last;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(128), 16);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	last = hp + T2T_MIB(2) - ws;    /* the next window's range is the guard */
	s = t2t_snap_new(t);

	t2t_fail_arm(t, d.c, 1);        /* window 0's pin array, before row 13 */
	test_err_t2_map_dma(t, ENOMEM, d.c, T2_RW, hp + T2T_MIB(2), 0, 2 * ws);
	T2T_EXPECT_EQ(t, t2t_fail_status(t, d.c).fired, 1);
	t2t_fail_arm(t, d.c, 2);        /* row 13 of window 0 comes first */
	test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, hp + T2T_MIB(2), 0, 2 * ws);
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.fired, 0);
	T2T_EXPECT_EQ(t, f.remaining, 1);
	t2t_fail_arm(t, d.c, 3);        /* window 1's pin array */
	test_err_t2_map_dma(t, ENOMEM, d.c, T2_RW, last, 0, 2 * ws);
	T2T_EXPECT_EQ(t, t2t_fail_status(t, d.c).fired, 1);
	t2t_fail_arm(t, d.c, 4);        /* window 1's row 13 */
	test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, last, 0, 2 * ws);
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.fired, 0);
	T2T_EXPECT_EQ(t, f.remaining, 1);
	t2t_fail_arm(t, d.c, 5);        /* the record */
	test_err_t2_map_dma(t, ENOMEM, d.c, T2_RW, hp, 0, 2 * ws);
	T2T_EXPECT_EQ(t, t2t_fail_status(t, d.c).fired, 1);
	/* a check that fails before any site consumes none (FAIL-4) */
	t2t_fail_arm(t, d.c, 1);
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, hp, T2T_PAGE, ws);
	test_err_t2_map_dma(t, EINVAL, d.c, 0, hp, 0, ws);
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.remaining, 1);
	T2T_EXPECT_EQ(t, f.fired, 0);
	t2t_fail_arm(t, d.c, 0);
	T2T_EXPECT_UNCHANGED(t, s, "MAP_DMA failing at each step");
	t2t_snap_free(s);
	t2t_fail_arm(t, d.c, 6);
	t2_map_dma(t, d.c, T2_RW, hp, 0, 2 * ws);
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.remaining, 1);
	t2t_fail_arm(t, d.c, 0);
}

static void test_success_effects(struct t2_tctx *t, const void *arg)
{
	const uint64_t R = VFIO_DMA_MAP_FLAG_READ, W = VFIO_DMA_MAP_FLAG_WRITE;
	struct t2sim_counters k;
	struct t2t_dom d;
	uint64_t buf, p0, p1, p3, p4;
	int g0, g2;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(2), START, T2T_KIB(64), 16);
	g0 = t2t_dom_group(t, &d, 0);
	g2 = t2t_dom_group(t, &d, 2);
	buf = t2t_buf(t, 4 * T2T_PAGE, T2T_PAGE);
	T2T_EXPECT_EQ(t, t2_map_dma(t, d.c, R, buf, t2t_win(&d, 0), 2 * T2T_PAGE), 0);
	T2T_EXPECT_EQ(t, t2_map_dma(t, d.c, W, buf + 2 * T2T_PAGE, t2t_win(&d, 3), T2T_PAGE), 0);
	T2T_EXPECT_EQ(t, t2_map_dma(t, d.c, T2_RW, buf + 3 * T2T_PAGE, t2t_win(&d, 4),
				    T2T_PAGE), 0);
	if (!T2T(t)->has_intro)
		return;
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.dma_windows, 4);
	T2T_EXPECT_EQ(t, k.pins, 4);
	T2T_EXPECT_EQ(t, k.sim_pins, 4);
	T2T_EXPECT_EQ(t, k.dma_claimed, 4 * T2T_PAGE);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base + 4);
	T2T_EXPECT_EQ(t, k.enabled, 1);
	T2T_EXPECT_EQ(t, k.liodns_valid, 3);
	p0 = t2t_phys(t, buf);
	p1 = t2t_phys(t, buf + T2T_PAGE);
	p3 = t2t_phys(t, buf + 2 * T2T_PAGE);
	p4 = t2t_phys(t, buf + 3 * T2T_PAGE);
	/* MAP-2: READ lets the device read, WRITE write */
	T2T_XLATE(t, g0, t2t_win(&d, 0) + 0x10, 0, T2SIM_XLATE_OK, p0 + 0x10);
	T2T_XLATE(t, g0, t2t_win(&d, 0) + 0x10, 1, T2SIM_XLATE_PERMISSION, 0);
	T2T_XLATE(t, g0, t2t_win(&d, 1) + 0xfff, 0, T2SIM_XLATE_OK, p1 + 0xfff);
	T2T_XLATE(t, g0, t2t_win(&d, 3), 0, T2SIM_XLATE_PERMISSION, 0);
	T2T_XLATE(t, g0, t2t_win(&d, 3) + 8, 1, T2SIM_XLATE_OK, p3 + 8);
	T2T_XLATE(t, g0, t2t_win(&d, 4), 0, T2SIM_XLATE_OK, p4);
	T2T_XLATE(t, g0, t2t_win(&d, 4), 1, T2SIM_XLATE_OK, p4);
	T2T_XLATE(t, g0, t2t_win(&d, 2), 0, T2SIM_XLATE_WINDOW_FREE, 0);
	/* every LIODN of every group (group 2 has two) */
	t2t_expect_xlate(t, g2, 0, t2t_win(&d, 1), 0, T2SIM_XLATE_OK, p1, __FILE__, __LINE__);
	t2t_expect_xlate(t, g2, 1, t2t_win(&d, 1), 0, T2SIM_XLATE_OK, p1, __FILE__, __LINE__);
}

/* A whole hugepage run per window: window k maps buf + k*ws, contiguous. */
static void test_hugepage_windows(struct t2_tctx *t, const void *arg)
{
	const uint64_t ws = T2T_KIB(64);
	struct t2sim_counters k;
	struct t2t_dom d;
	uint64_t hp, p;
	int w;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_MIB(1), 16);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, d.c, T2_RW, hp + 2 * ws, t2t_win(&d, 2), 4 * ws);
	if (!T2T(t)->has_intro)
		return;
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.pins, 4 * ws / T2T_PAGE);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base + 4 * ws / T2T_PAGE);
	p = t2t_phys(t, hp);
	for (w = 2; w < 6; w++) {
		T2T_XLATE(t, d.g[0], t2t_win(&d, w), 0, T2SIM_XLATE_OK, p + w * ws);
		T2T_XLATE(t, d.g[0], t2t_win(&d, w) + ws - 1, 1, T2SIM_XLATE_OK, p + w * ws + ws - 1);
	}
	T2T_XLATE(t, d.g[0], t2t_win(&d, 6), 0, T2SIM_XLATE_WINDOW_FREE, 0);
}

/* MAP-6: the same pages may back several windows, here and elsewhere; each
 * mapping pins and counts them again. */
static void test_same_pages_twice(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom a, b;
	uint64_t buf, p;

	(void)arg;
	t2t_dom(t, &a, T2T_G(0), 0, T2T_KIB(64), 16);
	t2t_dom(t, &b, T2T_G(1), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, a.c, T2_RW, buf, 0, T2T_PAGE);
	t2_map_dma(t, a.c, T2_RW, buf, t2t_win(&a, 9), T2T_PAGE);
	t2_map_dma(t, b.c, T2_RW, buf, t2t_win(&b, 3), T2T_PAGE);
	if (!T2T(t)->has_intro)
		return;
	t2t_counters(t, a.c, &k);
	T2T_EXPECT_EQ(t, k.pins, 2);
	T2T_EXPECT_EQ(t, k.sim_pins, 3);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base + 3);
	p = t2t_phys(t, buf);
	T2T_XLATE(t, a.g[0], t2t_win(&a, 9) + 4, 0, T2SIM_XLATE_OK, p + 4);
	T2T_XLATE(t, b.g[0], t2t_win(&b, 3) + 4, 0, T2SIM_XLATE_OK, p + 4);
	t2_unmap_dma(t, a.c, 0, T2T_PAGE, NULL);
	T2T_XLATE(t, a.g[0], t2t_win(&a, 9) + 4, 0, T2SIM_XLATE_OK, p + 4);
	T2T_XLATE(t, b.g[0], t2t_win(&b, 3) + 4, 0, T2SIM_XLATE_OK, p + 4);
}

/* MAP-7: nothing outside the range, nor any window valid before, changes. */
static void test_only_its_range(struct t2_tctx *t, const void *arg)
{
	struct t2sim_translate before[16], x;
	struct t2t_dom d;
	uint64_t buf;
	int w, has_msi = t2t_plat(t)->msi_banks > 0;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, 8 * T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, d.c, VFIO_DMA_MAP_FLAG_READ, buf, t2t_win(&d, 3), T2T_PAGE);
	if (has_msi)
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 7));
	if (!T2T(t)->has_intro) {
		t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 8), 2 * T2T_PAGE);
		return;
	}
	for (w = 0; w < 16; w++)
		before[w] = t2t_xlate(t, d.g[0], 0, t2t_win(&d, w) + t2t_msiir_off(t, 0), 1);
	/* failures over valid windows leave them alone ... */
	test_err_t2_map_dma(t, EBUSY, d.c, T2_RW, buf, t2t_win(&d, 2), 3 * T2T_PAGE);
	if (has_msi)
		test_err_t2_map_dma(t, EBUSY, d.c, T2_RW, buf, t2t_win(&d, 6), 2 * T2T_PAGE);
	test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, buf + 6 * T2T_PAGE, t2t_win(&d, 10),
			    3 * T2T_PAGE);
	for (w = 0; w < 16; w++) {
		x = t2t_xlate(t, d.g[0], 0, t2t_win(&d, w) + t2t_msiir_off(t, 0), 1);
		if (x.result != before[w].result || x.phys != before[w].phys)
			T2T_FAIL(t, "a failed MAP_DMA changed window %d (MAP-7)", w);
	}
	/* ... and a success changes only its own range */
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 8), 2 * T2T_PAGE);
	for (w = 0; w < 16; w++) {
		if (w == 8 || w == 9)
			continue;
		x = t2t_xlate(t, d.g[0], 0, t2t_win(&d, w) + t2t_msiir_off(t, 0), 1);
		if (x.result != before[w].result || x.phys != before[w].phys)
			T2T_FAIL(t, "MAP_DMA of windows 8-9 changed window %d (MAP-7)", w);
	}
}

/* MAP-5: a failing call changes nothing, whichever window fails. */
static void test_failure_atomic(struct t2_tctx *t, const void *arg)
{
	const uint64_t ws = T2T_KIB(8);
	struct t2t_snap *s;
	struct t2t_dom d;
	uint64_t hp, b4, pair;
	int w;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(128), 16);
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	b4 = t2t_buf(t, 4 * T2T_PAGE, T2T_PAGE);
	/* not enabled yet: a failure must not enable */
	s = t2t_snap_new(t);
	test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, hp + T2T_MIB(2) - 2 * ws, 0, 3 * ws);
	T2T_EXPECT_UNCHANGED(t, s, "MAP_DMA failing at window 2 (disabled)");
	t2t_snap_free(s);
	/* enabled, with a window elsewhere */
	t2_map_dma(t, d.c, T2_RW, hp, t2t_win(&d, 15), ws);
	s = t2t_snap_new(t);
	test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, hp + T2T_MIB(2) - 2 * ws, 0, 3 * ws);
	/* two 4K pages that cannot back one window: any two in simulated memory
	 * (MEM-2), chosen by their physical addresses in real memory (MEM-7) */
	pair = two_pages_not_one_window(t, b4);
	if (pair)
		test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, pair, t2t_win(&d, 4), ws);
	T2T_EXPECT_UNCHANGED(t, s, "MAP_DMA failing (enabled)");
	t2t_snap_free(s);
	if (T2T(t)->has_intro)
		for (w = 0; w < 5; w++)
			T2T_XLATE(t, d.g[0], t2t_win(&d, w), 0, T2SIM_XLATE_WINDOW_FREE, 0);
	/* the same range maps once the memory is right */
	t2_map_dma(t, d.c, T2_RW, hp, 0, 3 * ws);
}

/* An aperture at the very top: iova + size reaches exactly 2^64. */
static void test_top_of_u64(struct t2_tctx *t, const void *arg)
{
	const uint64_t start = TOP - T2T_KIB(64) + 1;
	struct t2t_dom d;
	uint64_t buf, done = 0;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), start, T2T_KIB(64), 16);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, TOP - T2T_PAGE + 1, T2T_PAGE);
	if (T2T(t)->has_intro)
		T2T_XLATE(t, d.g[0], TOP, 1, T2SIM_XLATE_OK, t2t_phys(t, buf) + 0xfff);
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, buf, TOP - T2T_PAGE + 1, 2 * T2T_PAGE);
	t2_unmap_dma(t, d.c, TOP - T2T_PAGE + 1, T2T_PAGE, &done);
	T2T_EXPECT_EQ(t, done, T2T_PAGE);
	/* the whole aperture in one call */
	buf = t2t_buf(t, T2T_KIB(64), T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, start, T2T_KIB(64));
	t2_unmap_dma(t, d.c, start, T2T_KIB(64), &done);
	T2T_EXPECT_EQ(t, done, T2T_KIB(64));
}

static const struct t2t_case cases[] = {
	T2T_CASE("map.rows", "MAP-1 ERR-1 MEM-4 MEM-5 MSI-9 INV-9 INV-14 INV-24 ATOM-1",
		 test_rows, T2T_DESIGN("D")),
	T2T_CASE("map.rows_10_14", "MAP-1 MEM-2 MEM-3 INV-3 INV-14 INV-15", test_rows_8k),
	T2T_CASE_I("map.processing_order", "MAP-4 MAP-1 FAIL-1 FAIL-3 FAIL-4 INTRO-8",
		   test_processing_order, T2T_DESIGN("D")),
	T2T_CASE("map.success_effects", "MAP-2 MAP-3 ACCT-2 ACCT-7 DOM-1 DOM-2 INV-5 INV-6 "
		 "INV-16 INV-17 INV-25 ISO-2", test_success_effects),
	T2T_CASE("map.hugepage_windows", "MAP-3 MEM-3 MEM-7 INV-4 ACCT-7", test_hugepage_windows),
	T2T_CASE("map.same_pages_twice", "MAP-6 ACCT-2 INV-17", test_same_pages_twice, T2T_DESIGN("D")),
	T2T_CASE("map.only_its_range", "MAP-7 ATOM-3 INV-9 MSI-9", test_only_its_range, T2T_DESIGN("D")),
	T2T_CASE("map.failure_changes_nothing", "MAP-5 ACCT-9 ATOM-1 INV-14", test_failure_atomic, T2T_DESIGN("D")),
	T2T_CASE("map.top_of_u64", "MAP-1 GEOM-2 UNMAP-1", test_top_of_u64, T2T_DESIGN("D")),
};

T2T_SUITE(map, cases);
