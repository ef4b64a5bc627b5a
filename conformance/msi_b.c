/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * msi_b.c - spec section 9c: MSI design B, banks mapped through MAP_DMA with
 * VFIO_DMA_MAP_FLAG_MSI.  The flag and its rows in order, what a mapped MSI
 * window maps, the kernel's bank choice across containers under both
 * policies, UNMAP_DMA of such windows, the bank ioctls beside them, geometry
 * and release, fault sites, and the isolation properties of MSIB-11.  Runs
 * only on a target whose platform selects msi_design=B.
 */
#include <errno.h>
#include "t2test.h"

#define START T2T_MIB(1)
#define MSIB (T2_RW | VFIO_DMA_MAP_FLAG_MSI)

_Static_assert(VFIO_DMA_MAP_FLAG_MSI == 1u << 2, "MSIB-1");

/* MAP_DMA with the MSI flag; asserts success. */
static void msib_map(struct t2_tctx *t, int cfd, uint64_t iova, uint64_t size)
{
	t2_map_dma(t, cfd, MSIB, 0, iova, size);
}

/* The bank a device write to window base `base` + MSIIR offset rings, or
 * T2SIM_NO_BANK; tries every bank's offset (they share no doorbell page). */
static uint32_t rung_bank(struct t2_tctx *t, int gfd, uint64_t base)
{
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2sim_translate x;
	unsigned int b;

	for (b = 0; b < p->msi_banks; b++) {
		x = t2t_xlate(t, gfd, 0, base + t2t_msiir_off(t, b), 1);
		if (x.result == T2SIM_XLATE_OK && (x.msi_flags & T2SIM_MSI_MSIIR))
			return x.msi_bank;
	}
	return T2SIM_NO_BANK;
}

/* Containers a (group 0) and b (group 1), each with [0, 64 KiB) in 16
 * windows of 4 KiB and a DMA window at 0, so that devices reach their MSI
 * windows (MSI-6). */
static void two_enabled(struct t2_tctx *t, struct t2t_dom *a, struct t2t_dom *b)
{
	t2t_dom(t, a, T2T_G(0), 0, T2T_KIB(64), 16);
	t2t_dom(t, b, T2T_G(1), 0, T2T_KIB(64), 16);
	t2t_map_pages(t, a, 0, 1);
	t2t_map_pages(t, b, 0, 1);
}

static void map_fail(struct t2_tctx *t, int cfd, uint32_t argsz, uint32_t flags, uint64_t vaddr,
		     uint64_t iova, uint64_t size, int err, const char *what)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = argsz, .flags = flags, .vaddr = vaddr, .iova = iova, .size = size,
	};

	T2T_FAIL_UNCHANGED(t, cfd, VFIO_IOMMU_MAP_DMA, &m, err,
			   "MAP_DMA(MSI) %s (vaddr %#llx iova %#llx size %#llx)", what,
			   (unsigned long long)vaddr, (unsigned long long)iova,
			   (unsigned long long)size);
}

/* MSIB-1: the flag is part of MAP_DMA's mask under B; bit 3 still is not. */
static void test_flag(struct t2_tctx *t, const void *arg)
{
	const uint32_t sz = sizeof(struct vfio_iommu_type1_dma_map);
	struct t2t_dom d;

	(void)arg;
	t2t_need_banks(t, 1);
	t2t_dom(t, &d, T2T_G(0), START, T2T_KIB(64), 16);
	map_fail(t, d.c, sz, MSIB | 8, 0, t2t_win(&d, 4), T2T_PAGE, EINVAL, "flag 1<<3");
	map_fail(t, d.c, sz, MSIB | 0x80000000u, 0, t2t_win(&d, 4), T2T_PAGE, EINVAL,
		 "flag 1<<31");
	msib_map(t, d.c, t2t_win(&d, 4), T2T_PAGE);
	t2_map_dma(t, d.c, VFIO_DMA_MAP_FLAG_WRITE | VFIO_DMA_MAP_FLAG_MSI, 0, t2t_win(&d, 5),
		   T2T_PAGE);
}

struct row {
	const char *what;
	uint32_t flags;
	int vbuf;               /* vaddr: a real buffer */
	uint64_t ioff;          /* from START */
	uint64_t size;          /* 0xffff...: msi_banks + 1 windows */
	int err;
};
#define TOO_MANY 0xffffffffffffffffull

/* Aperture [1 MiB, +64 KiB) in 16 windows of 4 KiB; window 2 DMA; window 4
 * a mapped MSI window (bank 0); another container holds every other bank. */
static const struct row map_rows[] = {
	{ "row 4: no protection", VFIO_DMA_MAP_FLAG_MSI, 0, 6 * T2T_PAGE, T2T_PAGE, EINVAL },
	{ "row 5: vaddr of a buffer", MSIB, 1, 6 * T2T_PAGE, T2T_PAGE, EINVAL },
	{ "row 5 before row 6", MSIB, 1, 6 * T2T_PAGE, 0, EINVAL },
	{ "row 6: size 0", MSIB, 0, 6 * T2T_PAGE, 0, EINVAL },
	{ "row 7: iova not page aligned", MSIB, 0, 6 * T2T_PAGE + 0x140, T2T_PAGE, EINVAL },
	{ "row 7: size not page aligned", MSIB, 0, 6 * T2T_PAGE, 0x800, EINVAL },
	{ "row 10: beyond the end", MSIB, 0, T2T_KIB(64), T2T_PAGE, EINVAL },
	{ "row 10: across the end", MSIB, 0, T2T_KIB(60), 2 * T2T_PAGE, EINVAL },
	{ "row 12: more windows than banks", MSIB, 0, 6 * T2T_PAGE, TOO_MANY, EINVAL },
	{ "row 13: a DMA window", MSIB, 0, 2 * T2T_PAGE, T2T_PAGE, EBUSY },
	{ "row 13: a mapped MSI window", MSIB, 0, 4 * T2T_PAGE, T2T_PAGE, EBUSY },
	{ "row 13: range ending on a DMA window", MSIB, 0, 1 * T2T_PAGE, 2 * T2T_PAGE, EBUSY },
	{ "row 14: no bank left", MSIB, 0, 6 * T2T_PAGE, T2T_PAGE, ENOSPC },
	{ "row 12 before row 13", MSIB, 0, 2 * T2T_PAGE, TOO_MANY, EINVAL },
};

static void test_map_rows(struct t2_tctx *t, const void *arg)
{
	const uint32_t sz = sizeof(struct vfio_iommu_type1_dma_map);
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2t_dom d, o, u;
	uint64_t buf;
	size_t i;
	long rc;

	(void)arg;
	t2t_need_banks(t, 2);
	t2t_dom(t, &d, T2T_G(0), START, T2T_KIB(64), 16);
	t2t_dom(t, &o, T2T_G(1), START, T2T_KIB(64), 16);
	buf = t2t_map_pages(t, &d, 2, 1);
	msib_map(t, d.c, t2t_win(&d, 4), T2T_PAGE);
	T2T_EXPECT_EQ(t, p->msi_policy, T2SIM_POLICY_EXCLUSIVE);
	msib_map(t, o.c, t2t_win(&o, 0), (p->msi_banks - 1) * T2T_PAGE);
	rc = __t2_ioctl(t->be, d.c, VFIO_IOMMU_MAP_DMA, 0);
	T2T_EXPECT_RC(t, rc, EFAULT);
	map_fail(t, d.c, sz - 1, MSIB, 0, t2t_win(&d, 6), T2T_PAGE, EINVAL, "row 2");
	for (i = 0; i < T2T_ARRAY_SIZE(map_rows); i++) {
		const struct row *r = &map_rows[i];
		uint64_t size = r->size == TOO_MANY ? (p->msi_banks + 1) * T2T_PAGE : r->size;

		map_fail(t, d.c, sz, r->flags, r->vbuf ? buf : 0, START + r->ioff, size, r->err,
			 r->what);
	}
	/* row 8: the range wraps; row 9: windows not configured */
	t2t_dom(t, &u, T2T_G(2), 0, 0, 0);
	map_fail(t, u.c, sz, MSIB, 0, 0xfffffffffffff000ull, 2 * T2T_PAGE, EINVAL, "row 8");
	map_fail(t, u.c, sz, MSIB, 0, 0, T2T_PAGE, EINVAL, "row 9");
	t2_set_geometry(t, u.c, 0, T2T_MIB(1) - 1);
	map_fail(t, u.c, sz, MSIB, 0, 0, T2T_PAGE, EINVAL, "row 9, geometry set");
	/* row 11: windows of 64 KiB take whole windows only */
	t2_set_windows(t, u.c, 16);
	map_fail(t, u.c, sz, MSIB, 0, T2T_PAGE, T2T_KIB(64), EINVAL, "row 11: not window-aligned");
	map_fail(t, u.c, sz, MSIB, 0, 0, T2T_PAGE, EINVAL, "row 11: a page of a window");
	/* row 14 also when the caller holds the banks itself: d holds bank 0,
	 * o the rest; once o lets them go, d gets exactly the others */
	t2_group_unset_container(t, o.g[0]);
	msib_map(t, d.c, t2t_win(&d, 8), (p->msi_banks - 1) * T2T_PAGE);
	map_fail(t, d.c, sz, MSIB, 0, t2t_win(&d, 14), T2T_PAGE, ENOSPC, "row 14: all banks here");
}

/*
 * MSIB-4/5/6: windows of 64 KiB; the range of every bank gets banks 0.. in
 * ascending order, each window maps only its doorbell page, with the call's
 * protection; no pins, no locked pages, no enable.
 */
static void test_map_effects(struct t2_tctx *t, const void *arg)
{
	const uint64_t ws = T2T_KIB(64);
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2sim_counters k;
	struct t2sim_translate x;
	struct t2t_dom d;
	unsigned int b, nb = p->msi_banks;
	uint64_t buf;

	(void)arg;
	t2t_need_banks(t, 1);
	t2t_dom(t, &d, T2T_G(0), 0, T2T_MIB(1), 16);
	msib_map(t, d.c, t2t_win(&d, 4), nb * ws);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.msi_windows, nb);
	T2T_EXPECT_EQ(t, k.msi_records, nb);
	T2T_EXPECT_EQ(t, k.pins, 0);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base);
	T2T_EXPECT_EQ(t, k.enabled, 0);
	T2T_XLATE(t, d.g[0], t2t_win(&d, 4) + t2t_msiir_off(t, 0), 1, T2SIM_XLATE_LIODN_INVALID, 0);
	buf = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 0), ws);
	for (b = 0; b < nb; b++) {
		uint64_t base = t2t_win(&d, 4 + b);

		x = t2t_xlate(t, d.g[0], 0, base + t2t_msiir_off(t, b), 1);
		T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
		T2T_EXPECT_EQ(t, x.phys, p->msiir[b]);
		T2T_EXPECT_EQ(t, x.msi_bank, b);
		T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
		/* only the doorbell page: the next page would be the next bank's */
		T2T_XLATE(t, d.g[0], base + T2T_PAGE, 1, T2SIM_XLATE_BEYOND_MAPPING, 0);
		T2T_XLATE(t, d.g[0], base + T2T_PAGE + t2t_msiir_off(t, b), 1,
			  T2SIM_XLATE_BEYOND_MAPPING, 0);
		T2T_XLATE(t, d.g[0], base + ws - 1, 0, T2SIM_XLATE_BEYOND_MAPPING, 0);
	}
	/* protection comes from the call */
	t2_unmap_dma(t, d.c, t2t_win(&d, 4), nb * ws, NULL);
	t2_map_dma(t, d.c, VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_MSI, 0, t2t_win(&d, 9), ws);
	T2T_XLATE(t, d.g[0], t2t_win(&d, 9) + t2t_msiir_off(t, 0), 1, T2SIM_XLATE_PERMISSION, 0);
	x = t2t_xlate(t, d.g[0], 0, t2t_win(&d, 9) + t2t_msiir_off(t, 0), 0);
	T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
	T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT);
}

/* MSIB-5 under exclusive: lowest available banks, own and others' skipped. */
static void test_choice_exclusive(struct t2_tctx *t, const void *arg)
{
	const uint32_t sz = sizeof(struct vfio_iommu_type1_dma_map);
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2t_dom a, b;
	unsigned int i, nb = p->msi_banks;

	(void)arg;
	t2t_need_banks(t, 2);
	T2T_EXPECT_EQ(t, p->msi_policy, T2SIM_POLICY_EXCLUSIVE);
	two_enabled(t, &a, &b);
	/* one window at a time: banks 0, 1, ... in a; then nothing is left */
	for (i = 0; i < nb; i++) {
		msib_map(t, a.c, t2t_win(&a, 4 + i), T2T_PAGE);
		T2T_EXPECT_EQ(t, rung_bank(t, a.g[0], t2t_win(&a, 4 + i)), i);
	}
	map_fail(t, a.c, sz, MSIB, 0, t2t_win(&a, 12), T2T_PAGE, ENOSPC, "a: every bank mapped here");
	map_fail(t, b.c, sz, MSIB, 0, t2t_win(&b, 4), T2T_PAGE, ENOSPC, "b: every bank is a's");
	test_err_t2_map_msi_bank(t, EBUSY, b.c, T2_RW, 1, t2t_win(&b, 5));
	/* a lets bank 1 go: b gets bank 1, and only that */
	t2_unmap_dma(t, a.c, t2t_win(&a, 5), T2T_PAGE, NULL);
	msib_map(t, b.c, t2t_win(&b, 4), T2T_PAGE);
	T2T_EXPECT_EQ(t, rung_bank(t, b.g[0], t2t_win(&b, 4)), 1);
	map_fail(t, b.c, sz, MSIB, 0, t2t_win(&b, 5), T2T_PAGE, ENOSPC, "b: bank 1 was the only one");
	map_fail(t, a.c, sz, MSIB, 0, t2t_win(&a, 5), T2T_PAGE, ENOSPC, "a: bank 1 is b's now");
	/* a bank recorded through MAP_MSI_BANK is skipped too (MSIB-9) */
	t2_unmap_dma(t, a.c, t2t_win(&a, 4), T2T_PAGE, NULL);
	t2_map_msi_bank(t, a.c, T2_RW, 0, t2t_win(&a, 4));
	map_fail(t, b.c, sz, MSIB, 0, t2t_win(&b, 5), T2T_PAGE, ENOSPC, "b: bank 0 is a's again");
	/* release gives every bank back (REL-2) */
	t2_group_unset_container(t, a.g[0]);
	msib_map(t, b.c, t2t_win(&b, 8), (nb - 1) * T2T_PAGE);
	T2T_EXPECT_EQ(t, rung_bank(t, b.g[0], t2t_win(&b, 8)), 0);
	if (nb > 2)
		T2T_EXPECT_EQ(t, rung_bank(t, b.g[0], t2t_win(&b, 9)), 2);
}

/* MSIB-5 under shared: every container gets every bank once. */
static void test_choice_shared(struct t2_tctx *t, const void *arg)
{
	const uint32_t sz = sizeof(struct vfio_iommu_type1_dma_map);
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2t_dom a, b;
	unsigned int i, nb = p->msi_banks;

	(void)arg;
	t2t_need_banks(t, 1);
	T2T_EXPECT_EQ(t, p->msi_policy, T2SIM_POLICY_SHARED);
	two_enabled(t, &a, &b);
	msib_map(t, a.c, t2t_win(&a, 4), nb * T2T_PAGE);
	msib_map(t, b.c, t2t_win(&b, 8), nb * T2T_PAGE);
	for (i = 0; i < nb; i++) {
		T2T_EXPECT_EQ(t, rung_bank(t, a.g[0], t2t_win(&a, 4 + i)), i);
		T2T_EXPECT_EQ(t, rung_bank(t, b.g[0], t2t_win(&b, 8 + i)), i);
	}
	map_fail(t, a.c, sz, MSIB, 0, t2t_win(&a, 12), T2T_PAGE, ENOSPC, "a maps a bank once");
	map_fail(t, b.c, sz, MSIB, 0, t2t_win(&b, 1), T2T_PAGE, ENOSPC, "b maps a bank once");
}

/* MSIB-8: UNMAP_DMA frees mapped MSI windows; the size counts them, the
 * locked count does not; windows of MAP_MSI_BANK stay. */
static void test_unmap(struct t2_tctx *t, const void *arg)
{
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2sim_counters k;
	struct t2t_dom d, o;
	uint64_t got = 0;
	unsigned int nb = p->msi_banks;

	(void)arg;
	t2t_need_banks(t, 2);
	two_enabled(t, &d, &o);
	t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 3));
	msib_map(t, d.c, t2t_win(&d, 4), (nb - 1) * T2T_PAGE);
	t2t_map_pages(t, &d, 4 + nb - 1, 1);
	/* windows 0 (DMA) .. 3 (bank ioctl) 4.. (mapped) then DMA: unmap 1.. */
	t2_unmap_dma(t, d.c, t2t_win(&d, 1), (nb + 3) * T2T_PAGE, &got);
	T2T_EXPECT_EQ(t, got, nb * T2T_PAGE);           /* nb - 1 MSI + 1 DMA */
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.msi_windows, 1);
	T2T_EXPECT_EQ(t, k.msi_records, 1);
	T2T_EXPECT_EQ(t, k.dma_windows, 1);
	T2T_EXPECT_EQ(t, k.enabled, 1);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base + 2);   /* d's and o's windows */
	T2T_EXPECT_EQ(t, k.sim_pins, 2);
	/* no doorbell stays reachable; the banks are free for o */
	T2T_XLATE(t, d.g[0], t2t_win(&d, 4) + t2t_msiir_off(t, 1), 1, T2SIM_XLATE_WINDOW_FREE, 0);
	T2T_EXPECT_EQ(t, rung_bank(t, d.g[0], t2t_win(&d, 3)), 0);
	msib_map(t, o.c, t2t_win(&o, 4), (nb - 1) * T2T_PAGE);
	T2T_EXPECT_EQ(t, rung_bank(t, o.g[0], t2t_win(&o, 4)), 1);
	/* UNMAP_DMA of MSI windows only: size counts them, nothing is disabled */
	t2_unmap_dma(t, o.c, t2t_win(&o, 4), (nb - 1) * T2T_PAGE, &got);
	T2T_EXPECT_EQ(t, got, (nb - 1) * T2T_PAGE);
	T2T_XLATE(t, o.g[0], t2t_win(&o, 4) + t2t_msiir_off(t, 1), 1, T2SIM_XLATE_WINDOW_FREE, 0);
	t2t_counters(t, o.c, &k);
	T2T_EXPECT_EQ(t, k.msi_windows, 0);
	T2T_EXPECT_EQ(t, k.enabled, 1);
	/* UNMAP-5: the last DMA window goes, MSI windows remain, disabled */
	msib_map(t, o.c, t2t_win(&o, 4), T2T_PAGE);
	t2_unmap_dma(t, o.c, t2t_win(&o, 0), T2T_PAGE, &got);
	T2T_EXPECT_EQ(t, got, T2T_PAGE);
	t2t_counters(t, o.c, &k);
	T2T_EXPECT_EQ(t, k.enabled, 0);
	T2T_EXPECT_EQ(t, k.msi_windows, 1);
	T2T_XLATE(t, o.g[0], t2t_win(&o, 4) + t2t_msiir_off(t, 1), 1, T2SIM_XLATE_LIODN_INVALID, 0);
}

/* MSIB-9: the bank ioctls beside the flag. */
static void test_bank_ioctls(struct t2_tctx *t, const void *arg)
{
	const uint32_t usz = sizeof(struct vfio_pamu_msi_bank_unmap);
	const struct t2sim_platform *p = t2t_plat(t);
	struct vfio_pamu_msi_bank_unmap u = { .argsz = usz };
	struct t2t_dom d;

	(void)arg;
	t2t_need_banks(t, 2);
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	T2T_EXPECT_EQ(t, t2_get_msi_bank_count(t, d.c), p->msi_banks);
	msib_map(t, d.c, t2t_win(&d, 4), T2T_PAGE);
	/* bank 0 is recorded here: MAP_MSI_BANK row 10 */
	test_err_t2_map_msi_bank(t, EBUSY, d.c, T2_RW, 0, t2t_win(&d, 6));
	/* UNMAP_MSI_BANK leaves a window MAP_DMA made */
	u.iova = t2t_win(&d, 4);
	T2T_FAIL_UNCHANGED(t, d.c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &u, EINVAL,
			   "UNMAP_MSI_BANK of a mapped MSI window");
	/* and UNMAP_DMA leaves a window MAP_MSI_BANK made */
	t2_map_msi_bank(t, d.c, T2_RW, 1, t2t_win(&d, 5));
	t2_unmap_dma(t, d.c, t2t_win(&d, 5), T2T_PAGE, NULL);
	test_err_t2_map_msi_bank(t, EBUSY, d.c, T2_RW, 1, t2t_win(&d, 7));
	t2_unmap_msi_bank(t, d.c, t2t_win(&d, 5));
	t2_unmap_dma(t, d.c, t2t_win(&d, 4), T2T_PAGE, NULL);
	T2T_EXPECT_EQ(t, t2_get_msi_bank_count(t, d.c), p->msi_banks);
}

/* MSIB-10: geometry and window count wait for the unmap; release frees. */
static void test_geometry_release(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom d, o;
	uint64_t s = 0, e = 0;
	uint32_t n = 0;

	(void)arg;
	t2t_need_banks(t, 1);
	t2t_dom(t, &d, T2T_G(0), START, T2T_KIB(64), 16);
	t2t_dom(t, &o, T2T_G(1), 0, T2T_KIB(64), 16);
	msib_map(t, d.c, t2t_win(&d, 15), T2T_PAGE);
	test_err_t2_set_geometry(t, EBUSY, d.c, 0, T2T_KIB(64) - 1);
	test_err_t2_set_windows(t, EBUSY, d.c, 8);
	t2_get_geometry(t, d.c, &s, &e);
	T2T_EXPECT_EQ(t, s, START);
	T2T_EXPECT_EQ(t, e, START + T2T_KIB(64) - 1);
	t2_get_windows(t, d.c, &n);
	T2T_EXPECT_EQ(t, n, 16);
	/* unmapped first, the layout changes, then the banks map again */
	t2_unmap_dma(t, d.c, t2t_win(&d, 15), T2T_PAGE, NULL);
	t2_set_windows(t, d.c, 8);
	t2_map_dma(t, d.c, MSIB, 0, START + 7 * T2T_KIB(8), T2T_KIB(8));
	/* release frees the windows and the bank */
	t2_group_unset_container(t, d.g[0]);
	msib_map(t, o.c, t2t_win(&o, 0), T2T_PAGE);
	t2t_counters(t, o.c, &k);
	T2T_EXPECT_EQ(t, k.msi_records, 1);
}

/* MSIB-6, FAIL-1: one programming site per window, then the record site. */
static void test_fault_sites(struct t2_tctx *t, const void *arg)
{
	const uint32_t sz = sizeof(struct vfio_iommu_type1_dma_map);
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2sim_fail_nth f;
	struct t2t_dom d;
	unsigned int nth, nb = p->msi_banks;

	(void)arg;
	t2t_need_banks(t, 1);
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	for (nth = 1; nth <= nb + 1; nth++) {
		t2t_fail_arm(t, d.c, nth);
		map_fail(t, d.c, sz, MSIB, 0, t2t_win(&d, 2), nb * T2T_PAGE, ENOMEM, "injected fault");
		f = t2t_fail_status(t, d.c);
		T2T_EXPECT_EQ(t, f.fired, 1);
	}
	t2t_fail_arm(t, d.c, nb + 2);
	msib_map(t, d.c, t2t_win(&d, 2), nb * T2T_PAGE);
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.fired, 0);
	T2T_EXPECT_EQ(t, f.remaining, 1);
	t2t_fail_arm(t, d.c, 0);
}

/*
 * MSIB-11: across containers, each device rings only banks its own
 * container recorded, no bank rings in two containers (exclusive), and a
 * released container's windows reach nothing.
 */
static void test_isolation(struct t2_tctx *t, const void *arg)
{
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2t_dom a, b;
	unsigned int i, nb = p->msi_banks, seen[T2SIM_MAX_BANKS] = { 0 };
	uint32_t bank;

	(void)arg;
	t2t_need_banks(t, 2);
	two_enabled(t, &a, &b);
	msib_map(t, a.c, t2t_win(&a, 4), T2T_PAGE);
	msib_map(t, b.c, t2t_win(&b, 4), (nb - 1) * T2T_PAGE);
	for (i = 0; i < 16; i++) {
		bank = rung_bank(t, a.g[0], t2t_win(&a, i));
		if (bank != T2SIM_NO_BANK && bank < T2SIM_MAX_BANKS)
			seen[bank] |= 1;
		bank = rung_bank(t, b.g[0], t2t_win(&b, i));
		if (bank != T2SIM_NO_BANK && bank < T2SIM_MAX_BANKS)
			seen[bank] |= 2;
	}
	for (i = 0; i < nb; i++)
		if (seen[i] != (i ? 2u : 1u))
			T2T_FAIL(t, "bank %u rung from containers %#x, want %s", i, seen[i],
				 i ? "b (2) only" : "a (1) only");
	t2_group_unset_container(t, a.g[0]);
	T2T_XLATE(t, a.g[0], t2t_win(&a, 4) + t2t_msiir_off(t, 0), 1, T2SIM_XLATE_LIODN_INVALID, 0);
}

static const struct t2t_case cases[] = {
	T2T_CASE("msib.flag", "MSIB-1 MSIB-2 INV-24", test_flag, T2T_DESIGN("B")),
	T2T_CASE("msib.map_rows", "MSIB-2 MSIB-3 MSIB-5 MSIB-7 ERR-1 INV-14 ATOM-1", test_map_rows,
		 T2T_DESIGN("B")),
	T2T_CASE_I("msib.map_effects", "MSIB-4 MSIB-5 MSIB-6 MSI-4 ISO-2 ISO-3 INV-4 INV-8 INV-27",
		   test_map_effects, T2T_DESIGN("B")),
	T2T_CASE_I("msib.choice_exclusive", "MSIB-5 MSIB-9 MSI-5 REL-2 INV-13",
		   test_choice_exclusive, T2T_DESIGN("B")),
	{ .name = "msib.choice_shared", .rules = "MSIB-5 MSI-5 INV-13", .fn = test_choice_shared,
	  .needs = T2T_NEED_CONFIG | T2T_NEED_INTRO, .platform = "p4080,msi_policy=shared,msi_design=B",
	  T2T_DESIGN("B") },
	T2T_CASE_I("msib.unmap", "MSIB-8 UNMAP-4 UNMAP-5 ACCT-3 ISO-5 ISO-6 INV-16 INV-26 INV-27",
		   test_unmap, T2T_DESIGN("B")),
	T2T_CASE("msib.bank_ioctls", "MSIB-9 MSI-1 MSI-2 MSI-7 INV-10", test_bank_ioctls,
		 T2T_DESIGN("B")),
	T2T_CASE_I("msib.geometry_release", "MSIB-10 GEOM-3 WIN-5 REL-2 INV-7 INV-19",
		   test_geometry_release, T2T_DESIGN("B")),
	T2T_CASE_I("msib.fault_sites", "MSIB-6 FAIL-1 FAIL-3 ATOM-1", test_fault_sites,
		   T2T_DESIGN("B")),
	T2T_CASE_I("msib.isolation", "MSIB-11 ISO-4 ISO-5 ISO-6 INV-13 INV-25 INV-27",
		   test_isolation, T2T_DESIGN("B")),
};

T2T_SUITE(msi_b, cases);
