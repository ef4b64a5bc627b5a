/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * attr.c - spec section 6.1 and 6.2: the common GET/SET_ATTR checks, the
 * bytes each attribute reads and writes, and the aperture (geometry) rules,
 * boundaries included: 4 KiB, 2^63, the top of the u64 range, wrap.
 */
#include <errno.h>
#include <string.h>
#include "t2test.h"

#define TOP (~0ull)
#define P63 (1ull << 63)

static long attr_call(struct t2_tctx *t, int fd, unsigned long cmd, struct vfio_pamu_attr *a)
{
	return __t2_ioctl(t->be, fd, cmd, (unsigned long)a);
}

/* A failing GET/SET_ATTR: exactly err, and the struct as the caller wrote it. */
static void attr_fail(struct t2_tctx *t, int fd, unsigned long cmd, struct vfio_pamu_attr *a,
		      int err, const char *what, unsigned int k)
{
	struct vfio_pamu_attr before = *a;
	const char *name = cmd == VFIO_IOMMU_PAMU_GET_ATTR ? "GET_ATTR" : "SET_ATTR";
	long rc = attr_call(t, fd, cmd, a);

	if (rc != -err)
		T2T_FAIL(t, "%s, %s %u: %ld, want -%s", name, what, k, rc, t2_errno_name(err));
	if (memcmp(a, &before, sizeof(*a)))
		T2T_FAIL(t, "%s, %s %u: the argument changed (ERR-5)", name, what, k);
}

static void test_common_rows(struct t2_tctx *t, const void *arg)
{
	static const unsigned long cmds[] = { VFIO_IOMMU_PAMU_GET_ATTR, VFIO_IOMMU_PAMU_SET_ATTR };
	static const uint32_t bad_attrs[] = { 3, 4, 0x100, 0xffffffff };
	struct vfio_pamu_attr a;
	struct t2t_snap *s;
	struct t2t_dom d;
	size_t i, k;
	long rc;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	s = t2t_snap_new(t);
	for (i = 0; i < 2; i++) {
		/* row 1 */
		rc = __t2_ioctl(t->be, d.c, cmds[i], 0);
		T2T_EXPECT_RC(t, rc, EFAULT);
		/* row 2, before rows 3 and 4 */
		memset(&a, 0, sizeof(a));
		a.argsz = 31;
		a.flags = 1;
		a.attribute = 9;
		attr_fail(t, d.c, cmds[i], &a, EINVAL, "argsz", 31);
		/* row 3: any flag */
		for (k = 0; k < 32; k++) {
			memset(&a, 0, sizeof(a));
			a.argsz = sizeof(a);
			a.flags = 1u << k;
			a.attribute = VFIO_ATTR_WINDOWS;
			a.attr_info.windows = 16;
			attr_fail(t, d.c, cmds[i], &a, EINVAL, "flag bit", (unsigned int)k);
		}
		/* row 4 */
		for (k = 0; k < T2T_ARRAY_SIZE(bad_attrs); k++) {
			memset(&a, 0x11, sizeof(a));
			a.argsz = sizeof(a);
			a.flags = 0;
			a.attribute = bad_attrs[k];
			attr_fail(t, d.c, cmds[i], &a, EINVAL, "attribute", bad_attrs[k]);
		}
	}
	T2T_EXPECT_UNCHANGED(t, s, "failed GET/SET_ATTR");
	t2t_snap_free(s);
}

/* ATTR-2: GET writes exactly the bytes of its attribute. */
static void test_get_writes_only_value(struct t2_tctx *t, const void *arg)
{
	static const struct { uint32_t attr; size_t lo, hi; } w[] = {
		{ VFIO_ATTR_GEOMETRY, 16, 32 },
		{ VFIO_ATTR_WINDOWS, 16, 20 },
		{ VFIO_ATTR_PAMU_STASH, 16, 24 },
	};
	unsigned char buf[32];
	struct vfio_pamu_attr a;
	struct t2t_dom d;
	size_t i, b;
	long rc;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), T2T_MIB(1), T2T_MIB(1), 16);
	t2_set_stash(t, d.c, 3, PAMU_ATTR_CACHE_L2);
	for (i = 0; i < T2T_ARRAY_SIZE(w); i++) {
		memset(&a, 0xc3, sizeof(a));
		a.argsz = sizeof(a);
		a.flags = 0;
		a.attribute = w[i].attr;
		rc = attr_call(t, d.c, VFIO_IOMMU_PAMU_GET_ATTR, &a);
		T2T_EXPECT_RC(t, rc, 0);
		memcpy(buf, &a, sizeof(buf));
		for (b = 12; b < 32; b++)
			if ((b < w[i].lo || b >= w[i].hi) && buf[b] != 0xc3)
				T2T_FAIL(t, "GET_ATTR(%u) wrote byte %zu", w[i].attr, b);
		if (w[i].attr == VFIO_ATTR_GEOMETRY) {
			T2T_EXPECT_EQ(t, a.attr_info.attr.aperture_start, T2T_MIB(1));
			T2T_EXPECT_EQ(t, a.attr_info.attr.aperture_end, T2T_MIB(2) - 1);
		} else if (w[i].attr == VFIO_ATTR_WINDOWS) {
			T2T_EXPECT_EQ(t, a.attr_info.windows, 16);
		} else {
			T2T_EXPECT_EQ(t, a.attr_info.stash.cpu, 3);
			T2T_EXPECT_EQ(t, a.attr_info.stash.cache, PAMU_ATTR_CACHE_L2);
		}
	}
}

/* ATTR-3: SET reads only the bytes of its value. */
static void test_set_reads_only_value(struct t2_tctx *t, const void *arg)
{
	struct vfio_pamu_attr a;
	struct t2t_dom d;
	uint32_t n, cpu, cache;
	long rc;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 0);
	memset(&a, 0xff, sizeof(a));
	a.argsz = sizeof(a);
	a.flags = 0;
	a.pad0 = 0;
	a.attribute = VFIO_ATTR_WINDOWS;
	a.attr_info.windows = 8;            /* bytes 20..31 stay 0xff */
	rc = attr_call(t, d.c, VFIO_IOMMU_PAMU_SET_ATTR, &a);
	T2T_EXPECT_RC(t, rc, 0);
	t2_get_windows(t, d.c, &n);
	T2T_EXPECT_EQ(t, n, 8);
	memset(&a, 0xff, sizeof(a));
	a.argsz = sizeof(a);
	a.flags = 0;
	a.attribute = VFIO_ATTR_PAMU_STASH;
	a.attr_info.stash.cpu = 1;
	a.attr_info.stash.cache = PAMU_ATTR_CACHE_L1;  /* bytes 24..31 stay 0xff */
	rc = attr_call(t, d.c, VFIO_IOMMU_PAMU_SET_ATTR, &a);
	T2T_EXPECT_RC(t, rc, 0);
	t2_get_stash(t, d.c, &cpu, &cache);
	T2T_EXPECT_EQ(t, cpu, 1);
	T2T_EXPECT_EQ(t, cache, PAMU_ATTR_CACHE_L1);
}

/* ATTR-4: GET never changes state; repeated, it gives the same answer. */
static void test_get_no_state_change(struct t2_tctx *t, const void *arg)
{
	struct t2t_snap *s;
	struct t2t_dom d;
	uint64_t buf, e;
	int i;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_PAGE);
	s = t2t_snap_new(t);
	for (i = 0; i < 50; i++) {
		t2_get_geometry(t, d.c, NULL, &e);
		t2_get_windows(t, d.c, NULL);
		t2_get_stash(t, d.c, NULL, NULL);
	}
	T2T_EXPECT_EQ(t, e, T2T_KIB(64) - 1);
	T2T_EXPECT_UNCHANGED(t, s, "GET_ATTR");
	t2t_snap_free(s);
}

static void test_geometry_default(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t s = 1, e = 0;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
	t2_get_geometry(t, d.c, &s, &e);
	T2T_EXPECT_EQ(t, s, 0);
	T2T_EXPECT_EQ(t, e, 0xFFFFFFFFFull);
	/* not set: windows cannot be configured (WIN-3), nor MAP (MAP-1 row 8) */
	test_err_t2_set_windows(t, EINVAL, d.c, 1);
	/* setting exactly the default makes it set */
	t2_set_geometry(t, d.c, 0, 0xFFFFFFFFFull);
	t2_set_windows(t, d.c, 1);
}

struct geo_case {
	uint64_t start, end;
	int err;                /* 0: accepted */
};

static const struct geo_case geo_cases[] = {
	{ T2T_KIB(8), T2T_KIB(4), EINVAL },            /* 1: end < start */
	{ 1, 0, EINVAL },
	{ 0, TOP, EINVAL },                            /* 2: 2^64 bytes */
	{ 0, T2T_KIB(12) - 1, EINVAL },                /* 3: not a power of two */
	{ 0, T2T_KIB(2) - 1, EINVAL },                 /* 3: below 4096 */
	{ 0, 0, EINVAL },
	{ 0, P63, EINVAL },                            /* 2^63 + 1 */
	{ 0, TOP - 1, EINVAL },
	{ T2T_KIB(4), T2T_KIB(12) - 1, EINVAL },       /* 4: start mod S */
	{ T2T_MIB(1), T2T_MIB(3) - 1, EINVAL },
	{ 1, T2T_KIB(4), EINVAL },
	{ P63 - T2T_KIB(4), P63 + T2T_KIB(4) - 1, EINVAL },
	{ 1ull << 62, (1ull << 62) + P63 - 1, EINVAL },
	{ 0, T2T_KIB(4) - 1, 0 },                      /* smallest */
	{ T2T_KIB(4), T2T_KIB(8) - 1, 0 },
	{ 0, P63 - 1, 0 },                             /* largest, both places */
	{ P63, TOP, 0 },
	{ TOP - T2T_KIB(4) + 1, TOP, 0 },              /* the very top */
	{ 1ull << 62, P63 - 1, 0 },
	{ 0, 0xFFFFFFFFFull, 0 },
	{ T2T_GIB(4), T2T_GIB(8) - 1, 0 },
};

static void test_geometry_rows(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t ps = 0, pe = 0xFFFFFFFFFull, s, e;
	size_t i;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
	for (i = 0; i < T2T_ARRAY_SIZE(geo_cases); i++) {
		const struct geo_case *g = &geo_cases[i];

		if (g->err) {
			test_err_t2_set_geometry(t, g->err, d.c, g->start, g->end);
		} else {
			t2_set_geometry(t, d.c, g->start, g->end);
			ps = g->start;
			pe = g->end;
		}
		/* GEOM-5 / INV-1: exactly the last successful SET */
		t2_get_geometry(t, d.c, &s, &e);
		if (s != ps || e != pe)
			T2T_FAIL(t, "after SET %#llx..%#llx: GET %#llx..%#llx, want %#llx..%#llx",
				 (unsigned long long)g->start, (unsigned long long)g->end,
				 (unsigned long long)s, (unsigned long long)e,
				 (unsigned long long)ps, (unsigned long long)pe);
	}
}

/* GEOM-3 / INV-7: any valid window (DMA or MSI) makes the SET EBUSY, but
 * argument checks come first (ERR-1). */
static void test_geometry_busy(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf, s, e;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_PAGE);
	test_err_t2_set_geometry(t, EBUSY, d.c, 0, T2T_KIB(128) - 1);
	test_err_t2_set_geometry(t, EBUSY, d.c, 0, T2T_KIB(64) - 1);
	test_err_t2_set_geometry(t, EINVAL, d.c, 0, T2T_KIB(96) - 1);
	t2_unmap_dma(t, d.c, 0, T2T_PAGE, NULL);
	if (t2t_plat(t)->msi_banks) {
		/* only an MSI window valid: still busy (MSI-9) */
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 4));
		test_err_t2_set_geometry(t, EBUSY, d.c, 0, T2T_KIB(128) - 1);
		test_err_t2_set_geometry(t, EINVAL, d.c, 0, 0);
		t2_get_geometry(t, d.c, &s, &e);
		T2T_EXPECT_EQ(t, e, T2T_KIB(64) - 1);
		/* the MSI window is where it was */
		t2_unmap_msi_bank(t, d.c, t2t_win(&d, 4));
	}
	t2_set_geometry(t, d.c, 0, T2T_KIB(128) - 1);
}

/* GEOM-4: a successful SET resets windows and SPAACEs, keeps the stash. */
static void test_geometry_set_effects(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2t_dom d;
	uint32_t n, cpu, cache;
	int i;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(2), 0, T2T_KIB(64), 4);
	t2_set_stash(t, d.c, 2, PAMU_ATTR_CACHE_L3);
	if (T2T(t)->has_intro) {
		t2t_counters(t, d.c, &k);
		T2T_EXPECT_EQ(t, k.spaaces, 3 * 3);
		T2T_EXPECT_EQ(t, k.sim_spaaces, 3 * 3);
	}
	for (i = 0; i < 2; i++) {       /* the same geometry again: same effects */
		t2_set_geometry(t, d.c, 0, T2T_KIB(64) - 1);
		t2_get_windows(t, d.c, &n);
		T2T_EXPECT_EQ(t, n, t2t_plat(t)->max_windows);
		t2_get_stash(t, d.c, &cpu, &cache);
		T2T_EXPECT_EQ(t, cpu, 2);
		T2T_EXPECT_EQ(t, cache, PAMU_ATTR_CACHE_L3);
		if (T2T(t)->has_intro) {
			t2t_counters(t, d.c, &k);
			T2T_EXPECT_EQ(t, k.windows, 0);
			T2T_EXPECT_EQ(t, k.window_size, 0);
			T2T_EXPECT_EQ(t, k.spaaces, 0);
			T2T_EXPECT_EQ(t, k.sim_spaaces, 0);
			T2T_EXPECT_EQ(t, k.liodns_linked, 3);
			T2T_EXPECT_EQ(t, k.liodns_valid, 0);
		}
		/* not configured: MAP fails at row 8 (WIN-9) */
		test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, 0x10000, 0, T2T_KIB(16));
		t2_set_windows(t, d.c, 4);
	}
}

/* GEOM-5 / PERS-5: a rejected SET leaves the arithmetic of MAP, UNMAP and
 * MSI on the old aperture. */
static void test_geometry_failed_no_change(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	struct t2t_snap *s;
	uint64_t buf;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), T2T_MIB(1), T2T_KIB(64), 16);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	s = t2t_snap_new(t);
	test_err_t2_set_geometry(t, EINVAL, d.c, 0, T2T_KIB(96) - 1);
	test_err_t2_set_geometry(t, EINVAL, d.c, T2T_KIB(4), T2T_KIB(12) - 1);
	test_err_t2_set_geometry(t, EINVAL, d.c, T2T_MIB(2), T2T_MIB(1));
	T2T_EXPECT_UNCHANGED(t, s, "failed SET_ATTR(GEOMETRY)");
	t2t_snap_free(s);
	/* window 3 of the old aperture, and nothing outside it */
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, buf, 0, T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, t2t_win(&d, 3), T2T_PAGE);
	if (T2T(t)->has_intro) {
		struct t2sim_counters k;

		t2t_counters(t, d.c, &k);
		T2T_EXPECT_EQ(t, k.window_size, T2T_PAGE);
		T2T_XLATE(t, d.g[0], t2t_win(&d, 3) + 4, 1, T2SIM_XLATE_OK, t2t_phys(t, buf) + 4);
	}
	t2_unmap_dma(t, d.c, t2t_win(&d, 3), T2T_PAGE, NULL);
	if (t2t_plat(t)->msi_banks) {
		test_err_t2_map_msi_bank(t, EINVAL, d.c, T2_RW, 0, 0);
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 15));
		test_err_t2_set_geometry(t, EINVAL, d.c, 0, T2T_KIB(96) - 1);
		test_err_t2_set_geometry(t, EBUSY, d.c, 0, T2T_KIB(64) - 1);
		t2_unmap_msi_bank(t, d.c, t2t_win(&d, 15));
	}
}

static const struct t2t_case cases[] = {
	T2T_CASE("attr.common_rows", "ATTR-1 ABI-10 ERR-1 ERR-5 INV-15 INV-24 ATOM-1", test_common_rows),
	T2T_CASE("attr.get_writes_only_its_value", "ATTR-2 ABI-8", test_get_writes_only_value),
	T2T_CASE("attr.set_reads_only_its_value", "ATTR-3", test_set_reads_only_value),
	T2T_CASE("attr.get_changes_nothing", "ATTR-4", test_get_no_state_change),
	T2T_CASE("geom.default", "GEOM-1 WIN-3 INV-1", test_geometry_default),
	T2T_CASE("geom.arg_rows_and_boundaries", "GEOM-2 GEOM-5 INV-1", test_geometry_rows),
	T2T_CASE("geom.busy_dma_or_msi", "GEOM-3 MSI-9 INV-7 ERR-1", test_geometry_busy, T2T_DESIGN("D")),
	T2T_CASE("geom.set_resets_windows", "GEOM-4 WIN-9 STASH-5 INV-2 INV-18",
		 test_geometry_set_effects),
	T2T_CASE("geom.failed_set_changes_nothing", "GEOM-5 ATOM-1 INV-3 INV-14 PERS-5",
		 test_geometry_failed_no_change, T2T_DESIGN("D")),
};

T2T_SUITE(attr, cases);
