/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * msi_a.c - spec section 9b, MSI design A (implicit mappings): the reserved
 * last N windows, the bank windows the enabling MAP_DMA creates and the
 * disabling UNMAP_DMA or release removes, GET_ATTR unchanged, the bank
 * ioctls unknown, one container at a time under `exclusive`.  Every case
 * runs only where the target's platform selects design A (msi_design=A).
 */
#include <errno.h>
#include "t2test.h"

#define START T2T_MIB(1)
#define APERTURE T2T_KIB(64)
#define NWIN 16u

#define CASE_A(n, r, f) T2T_CASE(n, r " DESIGN-4", f, T2T_DESIGN("A"))
#define CASE_AI(n, r, f) T2T_CASE_I(n, r " DESIGN-4", f, T2T_DESIGN("A"))

/* N: the platform's bank count (MSIA-1); the cases need one at least. */
static uint32_t nbanks(struct t2_tctx *t)
{
	t2t_need_banks(t, 1);
	return t2t_plat(t)->msi_banks;
}

/* MSIA-1: bank b's window in d. */
static uint64_t bank_win(struct t2_tctx *t, const struct t2t_dom *d, uint32_t b)
{
	return d->n - nbanks(t) + b;
}

/* A container of group g: [START, +64 KiB) in 16 windows of 4 KiB. */
static void dom16(struct t2_tctx *t, struct t2t_dom *d, unsigned int g)
{
	t2t_dom(t, d, T2T_G(g), START, APERTURE, NWIN);
}

/* A MAP_DMA of pages at window w that must fail with err and change nothing. */
static void map_fails(struct t2_tctx *t, const struct t2t_dom *d, uint64_t w, uint64_t pages,
		      int err, const char *what)
{
	uint64_t buf = t2t_buf(t, pages * T2T_PAGE, T2T_PAGE);
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m), .flags = T2_RW, .vaddr = buf,
		.iova = t2t_win(d, w), .size = pages * T2T_PAGE,
	};

	T2T_FAIL_UNCHANGED(t, d->c, VFIO_IOMMU_MAP_DMA, &m, err, "MAP_DMA window %llu x%llu: %s",
			   (unsigned long long)w, (unsigned long long)pages, what);
	t2t_buf_free(t, buf);
}

/* Every bank reachable through its window of d by group fd g (and only by a
 * write), or (reach 0) no bank window left there. */
static void expect_banks(struct t2_tctx *t, const struct t2t_dom *d, int gfd, int reach)
{
	const struct t2sim_platform *p = t2t_plat(t);
	uint32_t b;

	for (b = 0; b < nbanks(t); b++) {
		uint64_t iova = t2t_win(d, bank_win(t, d, b)) + t2t_msiir_off(t, b);
		struct t2sim_translate x = t2t_xlate(t, gfd, 0, iova, 1);

		if (!reach) {
			T2T_EXPECT(t, x.result != T2SIM_XLATE_OK);
			continue;
		}
		T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
		T2T_EXPECT_EQ(t, x.phys, p->msiir[b]);
		T2T_EXPECT_EQ(t, x.msi_bank, b);
		T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
		/* MSIA-3: write only */
		T2T_XLATE(t, gfd, iova, 0, T2SIM_XLATE_PERMISSION, 0);
	}
}

/* MSIA-8: the explicit bank ioctls are unknown ioctls; the count stays. */
static void test_bank_ioctls(struct t2_tctx *t, const void *arg)
{
	struct vfio_pamu_msi_bank_map m = { .argsz = sizeof(m), .flags = T2_RW };
	struct vfio_pamu_msi_bank_unmap u = { .argsz = sizeof(u) };
	struct t2t_dom d, n;

	(void)arg;
	t2t_dom_nobackend(t, &n, T2T_G(1));
	/* ERR-6 without a backend: EINVAL, the argument never read */
	T2T_EXPECT_RC(t, __t2_ioctl(t->be, n.c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, 0x10), EINVAL);
	T2T_EXPECT_RC(t, __t2_ioctl(t->be, n.c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, 0x10), EINVAL);
	dom16(t, &d, 0);
	T2T_EXPECT_EQ(t, t2_get_msi_bank_count(t, d.c), nbanks(t));
	/* ERR-6 with a backend: ENOTTY, even for an argument that cannot be read */
	T2T_EXPECT_RC(t, __t2_ioctl(t->be, d.c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, 0x10), ENOTTY);
	T2T_EXPECT_RC(t, __t2_ioctl(t->be, d.c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, 0), ENOTTY);
	m.iova = t2t_win(&d, 0);
	T2T_FAIL_UNCHANGED(t, d.c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, &m, ENOTTY,
			   "MAP_MSI_BANK bank 0 at window 0");
	t2t_map_pages(t, &d, 0, 1);
	u.iova = t2t_win(&d, bank_win(t, &d, 0));
	T2T_FAIL_UNCHANGED(t, d.c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &u, ENOTTY,
			   "UNMAP_MSI_BANK of bank 0's implicit window");
}

/* MSIA-1, MSIA-2: the last N windows are refused to MAP_DMA (EINVAL, level 4). */
static void test_reserved(struct t2_tctx *t, const void *arg)
{
	uint32_t nb, small;
	struct t2t_dom d, s;
	uint64_t w;

	(void)arg;
	nb = nbanks(t);
	dom16(t, &d, 0);
	for (w = NWIN - nb; w < NWIN; w++)
		map_fails(t, &d, w, 1, EINVAL, "a reserved window (MSIA-2)");
	map_fails(t, &d, NWIN - nb - 1, 2, EINVAL, "a range that reaches the first reserved window");
	map_fails(t, &d, 0, NWIN, EINVAL, "the whole aperture");
	/* row 9 (outside the aperture) still comes first */
	map_fails(t, &d, NWIN, 1, EINVAL, "beyond the aperture (MAP-1 row 9)");
	t2t_map_pages(t, &d, NWIN - nb - 1, 1);     /* the last DMA window is fine */
	t2t_map_pages(t, &d, 0, 1);
	/* after enabling, a reserved window is still refused with EINVAL, not EBUSY */
	map_fails(t, &d, NWIN - 1, 1, EINVAL, "a reserved window, enabled");
	/* n <= N: every window reserved, every MAP_DMA refused */
	for (small = 1; small * 2 <= nb; small *= 2)
		;
	t2t_dom(t, &s, T2T_G(1), START, APERTURE, small);
	for (w = 0; w < small; w++)
		map_fails(t, &s, w, APERTURE / small / T2T_PAGE, EINVAL, "n <= N: all reserved");
}

/* MSIA-3, MSI-4: the enabling MAP_DMA creates one write-only window per bank
 * at window n - N + b; later maps create nothing more. */
static void test_created(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom d;
	int g0;
	uint32_t b;

	(void)arg;
	dom16(t, &d, 0);
	g0 = t2t_dom_group(t, &d, 0);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.msi_windows, 0);
	T2T_EXPECT_EQ(t, k.msi_records, 0);
	expect_banks(t, &d, g0, 0);
	t2t_map_pages(t, &d, 0, 1);      /* window 0: the first window is the user's */
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.enabled, 1);
	T2T_EXPECT_EQ(t, k.dma_windows, 1);
	T2T_EXPECT_EQ(t, k.msi_windows, nbanks(t));
	T2T_EXPECT_EQ(t, k.msi_records, nbanks(t));
	T2T_EXPECT_EQ(t, k.pins, 1);
	expect_banks(t, &d, g0, 1);
	for (b = 0; b < nbanks(t); b++) {
		/* the window maps the doorbell page only: MSIIR's page, from its base */
		T2T_XLATE(t, g0, t2t_win(&d, bank_win(t, &d, b)), 1, T2SIM_XLATE_OK,
			  t2t_plat(t)->msiir[b] & ~0xfffull);
	}
	for (b = 1; b < NWIN - nbanks(t); b++)
		T2T_XLATE(t, g0, t2t_win(&d, b), 1, T2SIM_XLATE_WINDOW_FREE, 0);
	t2t_map_pages(t, &d, 1, 2);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.msi_windows, nbanks(t));
	T2T_EXPECT_EQ(t, k.msi_records, nbanks(t));
	T2T_EXPECT_EQ(t, k.dma_windows, 3);
}

/* MSIA-5, MSIA-6: the UNMAP_DMA that disables removes the banks; then the
 * geometry and window count may change, and the next enabling map places the
 * banks in the last windows of the new configuration. */
static void test_removed(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom d;
	uint64_t got = 0;
	uint32_t n = 0;
	int g0;

	(void)arg;
	dom16(t, &d, 0);
	g0 = t2t_dom_group(t, &d, 0);
	t2t_map_pages(t, &d, 0, 1);
	t2t_map_pages(t, &d, 1, 1);
	t2_unmap_dma(t, d.c, t2t_win(&d, 0), T2T_PAGE, &got);
	T2T_EXPECT_EQ(t, got, T2T_PAGE);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.msi_windows, nbanks(t)); /* still enabled */
	/* the whole aperture: the reserved windows are skipped, not counted */
	t2_unmap_dma(t, d.c, START, APERTURE, &got);
	T2T_EXPECT_EQ(t, got, T2T_PAGE);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.enabled, 0);
	T2T_EXPECT_EQ(t, k.msi_windows, 0);
	T2T_EXPECT_EQ(t, k.msi_records, 0);
	expect_banks(t, &d, g0, 0);
	/* MSIA-6: nothing valid is left, so the configuration may change */
	t2_set_windows(t, d.c, 8);
	t2_set_geometry(t, d.c, START, START + 2 * APERTURE - 1);
	t2_set_windows(t, d.c, 2 * NWIN);
	t2_get_windows(t, d.c, &n);
	T2T_EXPECT_EQ(t, n, 2 * NWIN);
	d.size = 2 * APERTURE;
	d.n = 2 * NWIN;
	t2t_map_pages(t, &d, 0, 1);
	expect_banks(t, &d, g0, 1);
	/* the old places (windows 16 - N ..) are ordinary windows now */
	T2T_XLATE(t, g0, t2t_win(&d, NWIN - nbanks(t)) + t2t_msiir_off(t, 0), 1,
		  T2SIM_XLATE_WINDOW_FREE, 0);
	t2t_map_pages(t, &d, NWIN - 1, 1);
}

/* MSIA-7: GET_ATTR reports the set geometry and n, reserved windows included,
 * before and after the banks are mapped; SET takes any n of WIN-2. */
static void test_get_attr(struct t2_tctx *t, const void *arg)
{
	uint64_t s = 0, e = 0;
	struct t2t_dom d;
	uint32_t n = 0;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), START, APERTURE / 2, 8);     /* windows of 4 KiB */
	t2_get_windows(t, d.c, &n);
	T2T_EXPECT_EQ(t, n, 8);
	t2t_map_pages(t, &d, 0, 1);
	t2_get_windows(t, d.c, &n);
	T2T_EXPECT_EQ(t, n, 8);
	t2_get_geometry(t, d.c, &s, &e);
	T2T_EXPECT_EQ(t, s, START);
	T2T_EXPECT_EQ(t, e, START + APERTURE / 2 - 1);
	/* the reservation counts from the n GET_ATTR reports */
	if (nbanks(t) < 8) {
		map_fails(t, &d, 8 - nbanks(t), 1, EINVAL, "first reserved window of 8");
		t2t_map_pages(t, &d, 8 - nbanks(t) - 1, 1);
	}
}

/* MSIA-4: under exclusive, one container at a time holds the banks. */
static void test_exclusive(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;
	uint64_t got = 0;

	(void)arg;
	if (t2t_plat(t)->msi_policy != T2SIM_POLICY_EXCLUSIVE)
		t2t_skip(t, "the platform's MSI policy is shared");
	nbanks(t);
	dom16(t, &a, 0);
	dom16(t, &b, 1);
	t2t_map_pages(t, &a, 0, 1);
	map_fails(t, &b, 0, 1, EBUSY, "the banks are another container's (MSIA-4)");
	/* level 4 before level 5: a reserved window is EINVAL first */
	map_fails(t, &b, NWIN - 1, 1, EINVAL, "reserved, banks elsewhere");
	t2_unmap_dma(t, a.c, t2t_win(&a, 0), T2T_PAGE, &got);
	t2t_map_pages(t, &b, 0, 1);     /* a disabled gave them back */
	map_fails(t, &a, 0, 1, EBUSY, "now b holds them");
}

/* MSIA-5, REL-2: release gives the banks back. */
static void test_release(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;

	(void)arg;
	nbanks(t);
	dom16(t, &a, 0);
	t2t_map_pages(t, &a, 0, 1);
	t2_group_unset_container(t, a.g[0]);        /* the last group: release */
	dom16(t, &b, 1);
	t2t_map_pages(t, &b, 0, 1);
	t2_group_unset_container(t, b.g[0]);
	/* the same group in a fresh backend again */
	t2t_join(t, a.g[0], a.c);
	t2_set_iommu(t, a.c, T2_TYPE2_VALUE);
	t2_set_geometry(t, a.c, START, START + APERTURE - 1);
	t2_set_windows(t, a.c, NWIN);
	t2t_map_pages(t, &a, 0, 1);
}

/* MSIA-4 under shared: every enabled container maps every bank, each in its
 * own windows, and reaches only those (ISO-6). */
static void test_shared(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;
	struct t2sim_counters k;

	(void)arg;
	nbanks(t);
	dom16(t, &a, 0);
	t2t_dom(t, &b, T2T_G(1), 0, APERTURE, NWIN);
	t2t_map_pages(t, &a, 0, 1);
	t2t_map_pages(t, &b, 0, 1);
	t2t_counters(t, b.c, &k);
	T2T_EXPECT_EQ(t, k.msi_windows, nbanks(t));
	expect_banks(t, &a, t2t_dom_group(t, &a, 0), 1);
	expect_banks(t, &b, t2t_dom_group(t, &b, 1), 1);
	/* a's device does not reach b's bank windows (b's aperture is not a's) */
	T2T_XLATE(t, t2t_dom_group(t, &a, 0), t2t_win(&b, bank_win(t, &b, 0)) + t2t_msiir_off(t, 0),
		  1, T2SIM_XLATE_OUTSIDE_APERTURE, 0);
}

/* MSIA-3, FAIL-1: the enabling MAP_DMA's sites are its windows' (2 each), the
 * record, then per bank programming and record; each fault changes nothing. */
static void test_fault_sites(struct t2_tctx *t, const void *arg)
{
	uint32_t nth, sites;
	struct t2sim_fail_nth st;
	struct t2t_dom d;
	uint64_t buf;

	(void)arg;
	sites = 2 * 2 + 1 + 2 * nbanks(t);
	dom16(t, &d, 0);
	buf = t2t_buf(t, 2 * T2T_PAGE, T2T_PAGE);
	for (nth = 1; nth <= sites; nth++) {
		struct t2t_snap *before = t2t_snap_new(t);

		t2t_fail_arm(t, d.c, nth);
		T2T_EXPECT_RC(t, __t2_map_dma(t->be, d.c, T2_RW, buf, t2t_win(&d, 0),
					      2 * T2T_PAGE), ENOMEM);
		st = t2t_fail_status(t, d.c);
		T2T_EXPECT_EQ(t, st.fired, 1);
		T2T_EXPECT_UNCHANGED(t, before, "a MAP_DMA whose fault fired");
		t2t_snap_free(before);
	}
	t2t_fail_arm(t, d.c, sites + 1);
	T2T_EXPECT_RC(t, __t2_map_dma(t->be, d.c, T2_RW, buf, t2t_win(&d, 0), 2 * T2T_PAGE), 0);
	st = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, st.fired, 0);
	T2T_EXPECT_EQ(t, st.remaining, 1);
	t2t_fail_arm(t, d.c, 0);
	/* a map that does not enable has only its own sites */
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2t_fail_arm(t, d.c, 3);
	T2T_EXPECT_RC(t, __t2_map_dma(t->be, d.c, T2_RW, buf, t2t_win(&d, 2), T2T_PAGE), ENOMEM);
	t2t_fail_arm(t, d.c, 4);
	T2T_EXPECT_RC(t, __t2_map_dma(t->be, d.c, T2_RW, buf, t2t_win(&d, 2), T2T_PAGE), 0);
	st = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, st.remaining, 1);
	t2t_fail_arm(t, d.c, 0);
}

/* MSIA-9: a group attached to an enabled container reaches the banks at once;
 * its detach leaves them. */
static void test_attach(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom d;
	int g1;

	(void)arg;
	nbanks(t);
	dom16(t, &d, 0);
	t2t_map_pages(t, &d, 0, 1);
	g1 = t2t_group(t, 1);
	t2t_join(t, g1, d.c);
	expect_banks(t, &d, g1, 1);
	t2_group_unset_container(t, g1);
	expect_banks(t, &d, g1, 0);
	expect_banks(t, &d, t2t_dom_group(t, &d, 0), 1);
	t2t_counters(t, d.c, &k);
	T2T_EXPECT_EQ(t, k.msi_windows, nbanks(t));
}

static const struct t2t_case cases[] = {
	CASE_A("msia.bank_ioctls_unknown", "MSIA-8 ERR-6 MSI-1 INV-22", test_bank_ioctls),
	CASE_A("msia.reserved_windows", "MSIA-1 MSIA-2 ERR-1 ATOM-1", test_reserved),
	CASE_AI("msia.created_by_enabling_map", "MSIA-3 MSIA-10 MSI-4 ISO-3 ISO-6 INV-8 INV-27 "
		"INTRO-7", test_created),
	CASE_AI("msia.removed_when_disabled", "MSIA-5 MSIA-6 MSIA-10 UNMAP-4 UNMAP-5 INV-26",
		test_removed),
	CASE_A("msia.get_attr_reports_what_was_set", "MSIA-7 WIN-1 GEOM-5 INV-2", test_get_attr),
	CASE_A("msia.exclusive_one_container", "MSIA-4 MSI-5 INV-13 ERR-1", test_exclusive),
	CASE_A("msia.release_gives_banks_back", "MSIA-5 MSIA-4 REL-2 INV-19", test_release),
	T2T_CASE_PI("msia.shared_policy", "MSIA-4 MSIA-10 MSI-5 ISO-6 INV-27 DESIGN-4", test_shared,
		    "p4080,msi_design=A,msi_policy=shared", T2T_DESIGN("A")),
	CASE_AI("msia.fault_sites", "MSIA-3 FAIL-1 FAIL-3 MAP-5 ATOM-1", test_fault_sites),
	CASE_AI("msia.attach_while_enabled", "MSIA-9 DOM-3 DOM-8 ISO-6", test_attach),
};

T2T_SUITE(msi_a, cases);
