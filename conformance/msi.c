/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * msi.c - spec section 9: MSI banks.  Bank count, MAP/UNMAP_MSI_BANK rows in
 * order, what an MSI window maps (the doorbell page, MSIIR, protection, the
 * CCSR base), the exclusive/shared policy across containers, MSI and enable.
 */
#include <errno.h>
#include "t2test.h"

#define START T2T_MIB(1)

/*
 * The rows fixture (needs nbanks banks): containers d (group 0) and o (group
 * 1), each with the aperture [START, +64 KiB) in 16 windows of 4 KiB; in d,
 * window 2 is DMA (one page, returned) and bank 0 is at window 4.
 */
static uint64_t rows_fixture(struct t2_tctx *t, unsigned int nbanks, struct t2t_dom *d,
			     struct t2t_dom *o)
{
	uint64_t buf;

	t2t_need_banks(t, nbanks);
	t2t_dom(t, d, T2T_G(0), START, T2T_KIB(64), 16);
	t2t_dom(t, o, T2T_G(1), START, T2T_KIB(64), 16);
	buf = t2t_map_pages(t, d, 2, 1);
	t2_map_msi_bank(t, d->c, T2_RW, 0, t2t_win(d, 4));
	return buf;
}

static void test_bank_count(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;
	long rc;
	int i;

	(void)arg;
	t2t_dom(t, &a, T2T_G(0), 0, 0, 0);
	t2t_dom(t, &b, T2T_G(1), 0, T2T_KIB(64), 16);
	for (i = 0; i < 3; i++) {
		T2T_EXPECT_EQ(t, t2_get_msi_bank_count(t, a.c), t2t_plat(t)->msi_banks);
		T2T_EXPECT_EQ(t, t2_get_msi_bank_count(t, b.c), t2t_plat(t)->msi_banks);
	}
	rc = __t2_ioctl(t->be, a.c, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT, 0x10);
	T2T_EXPECT_EQ(t, rc, t2t_plat(t)->msi_banks);
	if (t2t_plat(t)->msi_banks)
		t2_map_msi_bank(t, b.c, T2_RW, 0, 0);
	T2T_EXPECT_EQ(t, t2_get_msi_bank_count(t, b.c), t2t_plat(t)->msi_banks);
}

struct msi_case {
	const char *what;
	uint32_t flags;
	uint32_t bank;          /* MSI_BANKS: the platform's msi_banks */
	uint64_t ioff;          /* from the aperture start */
	int iabs;
	int err;
};
#define MSI_BANKS 0xfffffff0u

/* Aperture [1 MiB, +64 KiB), 16 windows of 4 KiB; window 2 DMA; bank 0 at
 * window 4; another container holds bank 1. */
static const struct msi_case map_rows[] = {
	{ "row 3: flag 1<<2", T2_RW | 4, 2, 6 * T2T_PAGE, 0, EINVAL },
	{ "row 3: flag 1<<31", VFIO_DMA_MAP_FLAG_WRITE | 0x80000000u, 2, 6 * T2T_PAGE, 0, EINVAL },
	{ "row 4: no protection", 0, 2, 6 * T2T_PAGE, 0, EINVAL },
	{ "row 5: bank = msi_banks", T2_RW, MSI_BANKS, 6 * T2T_PAGE, 0, EINVAL },
	{ "row 5: bank 0xffffffff", T2_RW, 0xffffffffu, 6 * T2T_PAGE, 0, EINVAL },
	{ "row 7: below the aperture", T2_RW, 2, START - T2T_PAGE, 1, EINVAL },
	{ "row 7: iova 0", T2_RW, 2, 0, 1, EINVAL },
	{ "row 7: after the end", T2_RW, 2, T2T_KIB(64), 0, EINVAL },
	{ "row 8: not window-aligned", T2_RW, 2, 6 * T2T_PAGE + 0x140, 0, EINVAL },
	{ "row 8: half a window", T2_RW, 2, 6 * T2T_PAGE + 0x800, 0, EINVAL },
	{ "row 8 before row 9", T2_RW, 2, 2 * T2T_PAGE + 0x800, 0, EINVAL },
	{ "row 9: DMA window", T2_RW, 2, 2 * T2T_PAGE, 0, EBUSY },
	{ "row 9: MSI window", T2_RW, 2, 4 * T2T_PAGE, 0, EBUSY },
	{ "row 10: bank already recorded here", T2_RW, 0, 6 * T2T_PAGE, 0, EBUSY },
	{ "row 11: bank recorded by another container", T2_RW, 1, 6 * T2T_PAGE, 0, EBUSY },
	{ "row 5 before row 9", T2_RW, MSI_BANKS, 2 * T2T_PAGE, 0, EINVAL },
	{ "row 3 before row 10", T2_RW | 8, 0, 6 * T2T_PAGE, 0, EINVAL },
};

static void msi_fail(struct t2_tctx *t, int cfd, uint32_t argsz, uint32_t flags, uint32_t bank,
		     uint64_t iova, int err, const char *what)
{
	struct vfio_pamu_msi_bank_map m = {
		.argsz = argsz, .flags = flags, .msi_bank_index = bank, .iova = iova,
	};

	T2T_FAIL_UNCHANGED(t, cfd, VFIO_IOMMU_PAMU_MAP_MSI_BANK, &m, err,
			   "MAP_MSI_BANK %s (bank %u iova %#llx)", what, bank,
			   (unsigned long long)iova);
}

static void test_map_rows(struct t2_tctx *t, const void *arg)
{
	const uint32_t sz = sizeof(struct vfio_pamu_msi_bank_map);
	struct t2t_dom d, o, u;
	size_t i;
	long rc;

	(void)arg;
	rows_fixture(t, 3, &d, &o);
	t2_map_msi_bank(t, o.c, T2_RW, 1, t2t_win(&o, 0));
	rc = __t2_ioctl(t->be, d.c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, 0);
	T2T_EXPECT_RC(t, rc, EFAULT);
	msi_fail(t, d.c, sz - 1, T2_RW, 2, t2t_win(&d, 6), EINVAL, "row 2");
	for (i = 0; i < T2T_ARRAY_SIZE(map_rows); i++) {
		const struct msi_case *mc = &map_rows[i];
		uint32_t bank = mc->bank == MSI_BANKS ? t2t_plat(t)->msi_banks : mc->bank;
		uint64_t iova = mc->iabs ? mc->ioff : START + mc->ioff;

		msi_fail(t, d.c, sz, mc->flags, bank, iova, mc->err, mc->what);
	}
	/* row 6: windows not configured; row 5 comes first */
	t2t_dom(t, &u, T2T_G(2), START, T2T_KIB(64), 0);
	msi_fail(t, u.c, sz, T2_RW, 2, START, EINVAL, "row 6");
	msi_fail(t, u.c, sz, T2_RW, t2t_plat(t)->msi_banks, START, EINVAL, "row 5 before row 6");
	t2_set_geometry(t, u.c, 0, T2T_MIB(1) - 1);
	msi_fail(t, u.c, sz, T2_RW, 2, 0, EINVAL, "row 6, geometry set");
	/* and the good call */
	t2_map_msi_bank(t, d.c, VFIO_DMA_MAP_FLAG_WRITE, 2, t2t_win(&d, 6));
}

/* Windows of 8 KiB so that the end of the 4 KiB doorbell mapping shows. */
static void test_map_effects(struct t2_tctx *t, const void *arg)
{
	const uint64_t ws = T2T_KIB(8);
	static const uint32_t prot[3] = {
		T2_RW, VFIO_DMA_MAP_FLAG_WRITE, VFIO_DMA_MAP_FLAG_READ,
	};
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2sim_counters k;
	struct t2sim_translate x;
	struct t2t_dom d;
	unsigned int b, nb;
	uint64_t buf;

	(void)arg;
	t2t_need_banks(t, 1);
	nb = p->msi_banks < 3 ? p->msi_banks : 3;
	t2t_dom(t, &d, T2T_G(0), START, T2T_KIB(128), 16);
	buf = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 0), ws);
	for (b = 0; b < nb; b++)
		t2_map_msi_bank(t, d.c, prot[b], b, t2t_win(&d, 4 + b));
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.msi_windows, nb);
	T2T_EXPECT_EQ(t, k.msi_records, nb);
	T2T_EXPECT_EQ(t, k.pins, ws / T2T_PAGE);          /* MSI takes no pins */
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base + ws / T2T_PAGE);
	for (b = 0; b < nb; b++) {
		uint64_t base = t2t_win(&d, 4 + b), off = t2t_msiir_off(t, b);
		uint64_t page = p->msiir[b] & ~0xfffull;
		int r = !!(prot[b] & VFIO_DMA_MAP_FLAG_READ), w = !!(prot[b] & VFIO_DMA_MAP_FLAG_WRITE);

		/* a write to exactly MSIIR rings bank b (ISO-3, MSI-4) */
		x = t2t_xlate(t, d.g[0], 0, base + off, 1);
		if (w) {
			T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
			T2T_EXPECT_EQ(t, x.phys, p->msiir[b]);
			T2T_EXPECT_EQ(t, x.msi_bank, b);
			T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
		} else {
			T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_PERMISSION);
		}
		/* a read of MSIIR only hits */
		x = t2t_xlate(t, d.g[0], 0, base + off, 0);
		if (r) {
			T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
			T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT);
			T2T_EXPECT_EQ(t, x.msi_bank, b);
		} else {
			T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_PERMISSION);
		}
		/* elsewhere in the doorbell page: a hit, no ring */
		if (w) {
			x = t2t_xlate(t, d.g[0], 0, base + 0xffc, 1);
			T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
			T2T_EXPECT_EQ(t, x.phys, page + 0xffc);
			T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT);
			T2T_EXPECT_EQ(t, x.msi_bank, b);
		}
		/* the rest of the window maps nothing */
		T2T_XLATE(t, d.g[0], base + T2T_PAGE, 1, T2SIM_XLATE_BEYOND_MAPPING, 0);
		T2T_XLATE(t, d.g[0], base + ws - 1, 0, T2SIM_XLATE_BEYOND_MAPPING, 0);
	}
	/* a DMA access never hits a bank */
	x = t2t_xlate(t, d.g[0], 0, t2t_win(&d, 0) + t2t_msiir_off(t, 0), 1);
	T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
	T2T_EXPECT_EQ(t, x.msi_flags, 0);
	T2T_EXPECT_EQ(t, x.msi_bank, T2SIM_NO_BANK);
}

/* MSI-3 with a CCSR base other than the default. */
static void test_ccsr_base(struct t2_tctx *t, const void *arg)
{
	const struct t2sim_platform *p = t2t_plat(t);
	struct t2sim_translate x;
	struct t2t_dom d;
	unsigned int b;

	(void)arg;
	t2t_need_banks(t, 1);
	T2T_EXPECT_EQ(t, p->ccsr_base, 0xf00000000ull);
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	t2t_map_pages(t, &d, 0, 1);
	for (b = 0; b < p->msi_banks; b++) {
		T2T_EXPECT_EQ(t, p->msiir[b], 0xf00000000ull + 0x44140 + b * 0x1000);
		t2_map_msi_bank(t, d.c, T2_RW, b, t2t_win(&d, 8 + b));
		x = t2t_xlate(t, d.g[0], 0, t2t_win(&d, 8 + b) + 0x140, 1);
		T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
		T2T_EXPECT_EQ(t, x.phys, p->msiir[b]);
		T2T_EXPECT_EQ(t, x.msi_bank, b);
		T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
	}
}

/* MSI-4 on t4240: the MSIIR1 aliases, offset 0x148. */
static void test_t4240(struct t2_tctx *t, const void *arg)
{
	struct t2sim_translate x;
	struct t2t_dom d;
	unsigned int b;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	T2T_EXPECT_EQ(t, t2_get_msi_bank_count(t, d.c), 4);
	t2t_map_pages(t, &d, 0, 1);
	for (b = 0; b < 4; b++) {
		t2_map_msi_bank(t, d.c, T2_RW, b, t2t_win(&d, 1 + b));
		x = t2t_xlate(t, d.g[0], 0, t2t_win(&d, 1 + b) + 0x148, 1);
		T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
		T2T_EXPECT_EQ(t, x.phys, 0xffe044148ull + b * 0x1000);
		T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
		x = t2t_xlate(t, d.g[0], 0, t2t_win(&d, 1 + b) + 0x140, 1);
		T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT);
	}
}

static void test_policy_exclusive(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;

	(void)arg;
	t2t_need_banks(t, 2);
	T2T_EXPECT_EQ(t, t2t_plat(t)->msi_policy, T2SIM_POLICY_EXCLUSIVE);
	t2t_dom(t, &a, T2T_G(0), 0, T2T_KIB(64), 16);
	t2t_dom(t, &b, T2T_G(1), 0, T2T_KIB(64), 16);
	t2_map_msi_bank(t, a.c, T2_RW, 0, t2t_win(&a, 1));
	test_err_t2_map_msi_bank(t, EBUSY, b.c, T2_RW, 0, t2t_win(&b, 1));
	test_err_t2_map_msi_bank(t, EBUSY, a.c, T2_RW, 0, t2t_win(&a, 2));
	t2_map_msi_bank(t, b.c, T2_RW, 1, t2t_win(&b, 1));
	test_err_t2_map_msi_bank(t, EBUSY, a.c, T2_RW, 1, t2t_win(&a, 2));
	/* unmapping releases the bank (MSI-8) */
	t2_unmap_msi_bank(t, a.c, t2t_win(&a, 1));
	t2_map_msi_bank(t, b.c, T2_RW, 0, t2t_win(&b, 5));
	test_err_t2_map_msi_bank(t, EBUSY, a.c, T2_RW, 0, t2t_win(&a, 1));
	/* so does release (REL-2) */
	t2_group_unset_container(t, b.g[0]);
	t2_map_msi_bank(t, a.c, T2_RW, 0, t2t_win(&a, 1));
	t2_map_msi_bank(t, a.c, T2_RW, 1, t2t_win(&a, 2));
}

static void test_policy_shared(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;
	struct t2sim_translate x;
	uint64_t buf;

	(void)arg;
	t2t_need_banks(t, 1);
	T2T_EXPECT_EQ(t, t2t_plat(t)->msi_policy, T2SIM_POLICY_SHARED);
	t2t_dom(t, &a, T2T_G(0), 0, T2T_KIB(64), 16);
	t2t_dom(t, &b, T2T_G(1), 0, T2T_KIB(64), 16);
	t2_map_msi_bank(t, a.c, T2_RW, 0, t2t_win(&a, 1));
	t2_map_msi_bank(t, b.c, T2_RW, 0, t2t_win(&b, 3));
	/* one container still maps a bank at most once */
	test_err_t2_map_msi_bank(t, EBUSY, a.c, T2_RW, 0, t2t_win(&a, 2));
	test_err_t2_map_msi_bank(t, EBUSY, b.c, T2_RW, 0, t2t_win(&b, 4));
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, a.c, T2_RW, buf, 0, T2T_PAGE);
	t2_map_dma(t, b.c, T2_RW, buf, 0, T2T_PAGE);
	x = t2t_xlate(t, a.g[0], 0, t2t_win(&a, 1) + t2t_msiir_off(t, 0), 1);
	T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
	x = t2t_xlate(t, b.g[0], 0, t2t_win(&b, 3) + t2t_msiir_off(t, 0), 1);
	T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
	t2_unmap_msi_bank(t, a.c, t2t_win(&a, 1));
	x = t2t_xlate(t, b.g[0], 0, t2t_win(&b, 3) + t2t_msiir_off(t, 0), 1);
	T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
}

/* MSI-6: MSI maps never enable; a device needs a DMA window first. */
static void test_no_enable(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom d;
	uint64_t db;

	(void)arg;
	t2t_need_banks(t, 1);
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 3));
	db = t2t_win(&d, 3) + t2t_msiir_off(t, 0);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.enabled, 0);
	T2T_EXPECT_EQ(t, k.liodns_valid, 0);
	T2T_XLATE(t, d.g[0], db, 1, T2SIM_XLATE_LIODN_INVALID, 0);
	t2t_map_pages(t, &d, 0, 1);
	T2T_XLATE(t, d.g[0], db, 1, T2SIM_XLATE_OK, t2t_plat(t)->msiir[0]);
	/* unmapping the bank does not disable */
	t2_unmap_msi_bank(t, d.c, t2t_win(&d, 3));
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.enabled, 1);
	T2T_EXPECT_EQ(t, k.liodns_valid, 1);
	T2T_XLATE(t, d.g[0], db, 1, T2SIM_XLATE_WINDOW_FREE, 0);
}

static void unmap_fail(struct t2_tctx *t, int cfd, uint32_t argsz, uint32_t flags,
		       uint64_t iova, int err, const char *what)
{
	struct vfio_pamu_msi_bank_unmap u = { .argsz = argsz, .flags = flags, .iova = iova };

	T2T_FAIL_UNCHANGED(t, cfd, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &u, err,
			   "UNMAP_MSI_BANK %s (iova %#llx)", what, (unsigned long long)iova);
}

static void test_unmap_rows(struct t2_tctx *t, const void *arg)
{
	const uint32_t sz = sizeof(struct vfio_pamu_msi_bank_unmap);
	struct t2t_dom d, o;
	uint32_t bit;
	long rc;

	(void)arg;
	rows_fixture(t, 2, &d, &o);
	t2_map_msi_bank(t, o.c, T2_RW, 1, t2t_win(&o, 7));
	rc = __t2_ioctl(t->be, d.c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, 0);
	T2T_EXPECT_RC(t, rc, EFAULT);
	unmap_fail(t, d.c, sz - 1, 0, t2t_win(&d, 4), EINVAL, "row 2");
	for (bit = 0; bit < 32; bit++)
		unmap_fail(t, d.c, sz, 1u << bit, t2t_win(&d, 4), EINVAL, "row 3");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 4) + t2t_msiir_off(t, 0), EINVAL, "row 4: doorbell");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 4) + T2T_PAGE / 2, EINVAL, "row 4: inside");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 2), EINVAL, "row 4: a DMA window");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 5), EINVAL, "row 4: a free window");
	unmap_fail(t, d.c, sz, 0, t2t_win(&d, 7), EINVAL, "row 4: another container's record");
	unmap_fail(t, d.c, sz, 0, 0, EINVAL, "row 4: iova 0");
	t2_unmap_msi_bank(t, d.c, t2t_win(&d, 4));
}

static void test_unmap_effects(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom d, o;
	uint64_t buf, p;

	(void)arg;
	buf = rows_fixture(t, 2, &d, &o);
	t2_map_msi_bank(t, d.c, T2_RW, 1, t2t_win(&d, 5));
	T2T_EXPECT_EQ(t, t2_unmap_msi_bank(t, d.c, t2t_win(&d, 4)), 0);
	test_err_t2_unmap_msi_bank(t, EINVAL, d.c, t2t_win(&d, 4));
	/* the bank is free for the other container */
	t2_map_msi_bank(t, o.c, T2_RW, 0, t2t_win(&o, 4));
	if (!T2T(t)->has_intro)
		return;
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.msi_windows, 1);
	T2T_EXPECT_EQ(t, k.msi_records, 1);
	T2T_EXPECT_EQ(t, k.dma_windows, 1);
	p = t2t_phys(t, buf);
	T2T_XLATE(t, d.g[0], t2t_win(&d, 4) + t2t_msiir_off(t, 0), 1, T2SIM_XLATE_WINDOW_FREE, 0);
	T2T_XLATE(t, d.g[0], t2t_win(&d, 5) + t2t_msiir_off(t, 1), 1, T2SIM_XLATE_OK,
		  t2t_plat(t)->msiir[1]);
	T2T_XLATE(t, d.g[0], t2t_win(&d, 2), 1, T2SIM_XLATE_OK, p);
	/* the freed window takes DMA again */
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 4), T2T_PAGE);
}

static void test_fault_sites(struct t2_tctx *t, const void *arg)
{
	struct t2sim_fail_nth f;
	struct t2t_snap *s;
	struct t2t_dom d;

	(void)arg;
	t2t_need_banks(t, 1);
	t2t_dom(t, &d, T2T_G(0) | T2T_G(2), 0, T2T_KIB(64), 16);
	s = t2t_snap_new(t);
	t2t_fail_arm(t, d.c, 1);
	test_err_t2_map_msi_bank(t, ENOMEM, d.c, T2_RW, 0, t2t_win(&d, 1));
	T2T_EXPECT_EQ(t, t2t_fail_status(t, d.c).fired, 1);
	t2t_fail_arm(t, d.c, 2);
	test_err_t2_map_msi_bank(t, ENOMEM, d.c, T2_RW, 0, t2t_win(&d, 1));
	T2T_EXPECT_EQ(t, t2t_fail_status(t, d.c).fired, 1);
	T2T_EXPECT_UNCHANGED(t, s, "MAP_MSI_BANK failing at its fault sites");
	t2t_snap_free(s);
	t2t_fail_arm(t, d.c, 3);
	t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 1));
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.fired, 0);
	T2T_EXPECT_EQ(t, f.remaining, 1);
	t2t_fail_arm(t, d.c, 0);
}

static const struct t2t_case cases[] = {
	T2T_CASE("msi.bank_count", "MSI-1 ERR-4 INV-20", test_bank_count, T2T_DESIGN("D")),
	T2T_CASE("msi.map_rows", "MSI-2 MSI-5 MSI-9 ERR-1 INV-13 INV-14 INV-24 ATOM-1",
		 test_map_rows, T2T_DESIGN("D")),
	T2T_CASE_I("msi.map_effects", "MSI-3 MSI-4 ISO-2 ISO-3 INV-8 INV-27 INTRO-5",
		   test_map_effects, T2T_DESIGN("D")),
	T2T_CASE_PI("msi.ccsr_base", "MSI-3 PLAT-3 PLAT-5 INV-8 INV-27", test_ccsr_base,
		    "p4080,ccsr_base=0xf00000000"),
	T2T_CASE_PI("msi.t4240_doorbells", "MSI-4 PLAT-5 MSI-1", test_t4240, "t4240"),
	T2T_CASE("msi.policy_exclusive", "MSI-5 MSI-8 REL-2 INV-13", test_policy_exclusive, T2T_DESIGN("D")),
	T2T_CASE_PI("msi.policy_shared", "MSI-5 INV-13 ISO-6", test_policy_shared,
		    "p4080,msi_policy=shared"),
	T2T_CASE_I("msi.maps_never_enable", "MSI-6 DOM-1 DOM-2 INV-6", test_no_enable, T2T_DESIGN("D")),
	T2T_CASE("msi.unmap_rows", "MSI-7 INV-10 INV-24 ATOM-1", test_unmap_rows, T2T_DESIGN("D")),
	T2T_CASE("msi.unmap_effects", "MSI-8 INV-10 INV-5", test_unmap_effects, T2T_DESIGN("D")),
	T2T_CASE_I("msi.fault_sites", "MSI-10 FAIL-1 FAIL-3 ATOM-1", test_fault_sites, T2T_DESIGN("D")),
};

T2T_SUITE(msi, cases);
