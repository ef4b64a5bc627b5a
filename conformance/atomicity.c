/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * atomicity.c - spec section 13: the fail-nth sweep.  Each multi-step
 * scenario runs again and again on a fresh instance with the 1st, 2nd, ...
 * fault site armed, until a run reaches no armed site.  A failed step must
 * return ENOMEM in the step FAIL-1 puts that site in, change nothing
 * observable (ATOM-1), and succeed when retried; every run must leak nothing
 * (teardown checks); site counts per step must match FAIL-1 exactly.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "variant.h"
#include "t2test.h"

enum fn_op {
	OP_OPEN_C,      /* a: slot */
	OP_OPEN_G,      /* a: group */
	OP_JOIN,        /* a: group, b: slot */
	OP_UNSET,       /* a: group */
	OP_IOMMU,       /* a: slot */
	OP_GEOM,        /* a: slot, b: aperture size in KiB */
	OP_WINDOWS,     /* a: slot, b: n */
	OP_STASH,       /* a: slot */
	OP_MAP,         /* a: slot, b: first window, c: windows (from the 2M buffer) */
	OP_UNMAP,       /* a: slot, b: first window, c: windows */
	OP_MSI,         /* a: slot, b: bank, c: window */
	OP_UNMAP_MSI,   /* a: slot, c: window */
	OP_DEVICE,      /* a: group */
};

struct fn_step {
	enum fn_op op;
	int a, b, c;
	unsigned int sites;     /* fault sites FAIL-1 puts in this step */
};

struct fn_scenario {
	unsigned int banks;     /* MSI banks the scenario needs */
	const struct fn_step *steps;
	size_t nsteps;
};

struct fn_state {
	int ctl;                /* arms fail-nth, reads instance-wide counters */
	int c[2];
	int g[T2SIM_MAX_GROUPS];
	uint64_t ws[2];
	uint64_t size[2];
	uint64_t hp;
};

static const char *const op_names[] = {
	"open container", "open group", "GROUP_SET_CONTAINER", "GROUP_UNSET_CONTAINER",
	"SET_IOMMU", "SET_ATTR(GEOMETRY)", "SET_ATTR(WINDOWS)", "SET_ATTR(PAMU_STASH)",
	"MAP_DMA", "UNMAP_DMA", "MAP_MSI_BANK", "UNMAP_MSI_BANK", "GET_DEVICE_FD",
};

static long fn_step(struct t2_tctx *t, struct fn_state *s, const struct fn_step *st)
{
	struct t2_backend *be = t->be;
	long rc;

	switch (st->op) {
	case OP_OPEN_C:
		rc = t2t_try_container(t);
		if (rc >= 0)
			s->c[st->a] = (int)rc;
		return rc;
	case OP_OPEN_G:
		rc = t2t_try_group(t, st->a);
		if (rc >= 0)
			s->g[st->a] = (int)rc;
		return rc;
	case OP_JOIN:
		return __t2_group_set_container(be, s->g[st->a], s->c[st->b]);
	case OP_UNSET:
		return __t2_group_unset_container(be, s->g[st->a]);
	case OP_IOMMU:
		return __t2_set_iommu(be, s->c[st->a], T2_TYPE2_VALUE);
	case OP_GEOM:
		rc = __t2_set_geometry(be, s->c[st->a], 0, T2T_KIB(st->b) - 1);
		if (rc >= 0)
			s->size[st->a] = T2T_KIB(st->b);
		return rc;
	case OP_WINDOWS:
		rc = __t2_set_windows(be, s->c[st->a], st->b);
		if (rc >= 0)
			s->ws[st->a] = s->size[st->a] / st->b;
		return rc;
	case OP_STASH:
		return __t2_set_stash(be, s->c[st->a], 1, PAMU_ATTR_CACHE_L2);
	case OP_MAP:
		return __t2_map_dma(be, s->c[st->a], T2_RW, s->hp + st->b * s->ws[st->a],
				    st->b * s->ws[st->a], st->c * s->ws[st->a]);
	case OP_UNMAP:
		return __t2_unmap_dma(be, s->c[st->a], st->b * s->ws[st->a],
				      st->c * s->ws[st->a], NULL);
	case OP_MSI:
		return __t2_map_msi_bank(be, s->c[st->a], T2_RW, st->b, st->c * s->ws[st->a]);
	case OP_UNMAP_MSI:
		return __t2_unmap_msi_bank(be, s->c[st->a], st->c * s->ws[st->a]);
	case OP_DEVICE:
		rc = __t2_group_get_device_fd(be, s->g[st->a], t2t_devname(t, st->a));
		if (rc >= 0)
			t2t_adopt(t, (int)rc, T2T_FD_DEVICE, st->a);
		return rc;
	}
	return -EINVAL;
}

static void fn_init(struct t2_tctx *t, struct fn_state *s)
{
	memset(s, 0xff, sizeof(*s));
	s->ctl = t2t_container(t);
	s->hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	s->ws[0] = s->ws[1] = 0;
	s->size[0] = s->size[1] = 0;
}

/* FAIL-1's sites in a step; behind a VFIO core (core variant linux61) the
 * node opens and GROUP_GET_DEVICE_FD are the core's and have none. */
static unsigned int step_sites(struct t2_tctx *t, const struct fn_step *st)
{
	if (st->op == OP_OPEN_C || st->op == OP_OPEN_G || st->op == OP_DEVICE)
		return st->sites ? t2t_core_file_sites(t) : 0;
	return st->sites;
}

static void fn_sweep(struct t2_tctx *t, const void *arg)
{
	const struct fn_scenario *sc = arg;
	unsigned int nth, total = 0;
	size_t i;

	if (t2t_plat(t)->msi_banks < sc->banks)
		t2t_skip(t, "needs %u MSI banks", sc->banks);
	for (i = 0; i < sc->nsteps; i++)
		total += step_sites(t, &sc->steps[i]);
	for (nth = 1; nth <= total + 1; nth++) {
		struct fn_state s;
		unsigned int consumed = 0;
		int fired_at = -1;

		if (nth > 1)
			t2t_reopen(t, NULL);   /* and the teardown checks the last run */
		fn_init(t, &s);
		t2t_fail_arm(t, s.ctl, nth);
		for (i = 0; i < sc->nsteps; i++) {
			const struct fn_step *st = &sc->steps[i];
			struct t2t_snap *before = t2t_snap_new(t);
			struct t2sim_fail_nth f;
			long rc = fn_step(t, &s, st);

			f = t2t_fail_status(t, s.ctl);
			if (fired_at < 0 && f.fired) {
				char what[96];

				fired_at = (int)i;
				if (nth <= consumed || nth > consumed + step_sites(t, st))
					T2T_FAIL(t, "fault site %u fired in step %zu (%s); FAIL-1 puts "
						 "sites %u..%u there", nth, i, op_names[st->op],
						 consumed + 1, consumed + step_sites(t, st));
				if (rc != -ENOMEM)
					T2T_FAIL(t, "site %u: step %zu (%s) returned %ld, want -ENOMEM "
						 "(FAIL-3)", nth, i, op_names[st->op], rc);
				snprintf(what, sizeof(what), "site %u failing in step %zu (%s)", nth,
					 i, op_names[st->op]);
				T2T_EXPECT_UNCHANGED(t, before, what);
				/* unchanged means the same step now succeeds */
				rc = fn_step(t, &s, st);
				if (rc < 0)
					T2T_FAIL(t, "site %u: step %zu (%s) retried: %ld", nth, i,
						 op_names[st->op], rc);
			} else if (rc < 0) {
				T2T_FAIL(t, "site %u armed: step %zu (%s) failed with %ld, and no "
					 "fault fired", nth, i, op_names[st->op], rc);
			} else if (fired_at < 0) {
				consumed += step_sites(t, st);
				if (f.remaining != nth - consumed)
					T2T_FAIL(t, "site %u armed: after step %zu (%s) %u sites are "
						 "left, want %u (FAIL-1)", nth, i, op_names[st->op],
						 f.remaining, nth - consumed);
			}
			t2t_snap_free(before);
			if (t2t_failed(t))
				T2T_ASSERT(t, !"stopping this scenario at its first failure");
		}
		t2t_fail_arm(t, s.ctl, 0);
		if (fired_at < 0) {
			T2T_EXPECT_EQ(t, nth, total + 1);
			break;
		}
	}
	t2t_info(t, "%u fault sites swept", total);
}

#define SCENARIO(name, nbanks) \
	static const struct fn_scenario name = { (nbanks), name##_steps, \
						 T2T_ARRAY_SIZE(name##_steps) }

/* The spec's typical sequence (section 20), scaled down: one group. */
static const struct fn_step sc_qemu_steps[] = {
	{ OP_OPEN_C, 0, 0, 0, 1 },
	{ OP_OPEN_G, 0, 0, 0, 1 },
	{ OP_JOIN, 0, 0, 0, 0 },
	{ OP_IOMMU, 0, 0, 0, 3 },          /* backend, group record, LIODN 0x10 */
	{ OP_GEOM, 0, 64, 0, 0 },
	{ OP_WINDOWS, 0, 16, 0, 2 },       /* LIODN 0x10, window table */
	{ OP_MSI, 0, 0, 8, 2 },
	{ OP_MSI, 0, 1, 9, 2 },
	{ OP_MAP, 0, 0, 4, 9 },            /* 4 x (pin array, programming) + record */
	{ OP_DEVICE, 0, 0, 0, 1 },
	{ OP_UNMAP, 0, 1, 2, 0 },
	{ OP_UNMAP_MSI, 0, 0, 8, 0 },
};
SCENARIO(sc_qemu, 2);

/* Four groups, a shared LIODN, windows, stash and a map of big windows. */
static const struct fn_step sc_groups_steps[] = {
	{ OP_OPEN_C, 0, 0, 0, 1 },
	{ OP_OPEN_G, 0, 0, 0, 1 },
	{ OP_OPEN_G, 2, 0, 0, 1 },
	{ OP_OPEN_G, 3, 0, 0, 1 },
	{ OP_OPEN_G, 4, 0, 0, 1 },
	{ OP_JOIN, 4, 0, 0, 0 },
	{ OP_JOIN, 2, 0, 0, 0 },
	{ OP_JOIN, 0, 0, 0, 0 },
	{ OP_JOIN, 3, 0, 0, 0 },
	/* backend; g0: 1+1; g2: 1+2; g3: 1+1; g4: 1+0 (0x30 already there) */
	{ OP_IOMMU, 0, 0, 0, 9 },
	{ OP_GEOM, 0, 64, 0, 0 },
	{ OP_WINDOWS, 0, 4, 0, 5 },        /* 4 distinct LIODNs + table */
	{ OP_STASH, 0, 0, 0, 4 },
	{ OP_MAP, 0, 1, 3, 7 },
	{ OP_UNSET, 3, 0, 0, 0 },
	{ OP_UNSET, 2, 0, 0, 0 },
};
SCENARIO(sc_groups, 0);

/* Attach to an enabled domain, with and without a backend. */
static const struct fn_step sc_attach_steps[] = {
	{ OP_OPEN_C, 0, 0, 0, 1 },
	{ OP_OPEN_G, 0, 0, 0, 1 },
	{ OP_JOIN, 0, 0, 0, 0 },
	{ OP_IOMMU, 0, 0, 0, 3 },
	{ OP_GEOM, 0, 256, 0, 0 },
	{ OP_WINDOWS, 0, 16, 0, 2 },
	{ OP_MAP, 0, 0, 2, 5 },
	{ OP_OPEN_G, 2, 0, 0, 1 },
	{ OP_JOIN, 2, 0, 0, 3 },           /* group record, LIODNs 0x20, 0x21 */
	{ OP_MSI, 0, 0, 5, 2 },
	{ OP_OPEN_G, 1, 0, 0, 1 },
	{ OP_JOIN, 1, 0, 0, 2 },
	{ OP_UNSET, 0, 0, 0, 0 },
	{ OP_DEVICE, 2, 0, 0, 1 },
	{ OP_OPEN_C, 1, 0, 0, 1 },
	{ OP_OPEN_G, 5, 0, 0, 1 },
	{ OP_JOIN, 5, 1, 0, 0 },           /* no backend yet: no attach */
	{ OP_IOMMU, 1, 0, 0, 3 },
	{ OP_UNSET, 5, 0, 0, 0 },          /* release */
	{ OP_JOIN, 5, 0, 0, 2 },
};
SCENARIO(sc_attach, 1);

/* Reconfiguration: windows, geometry, windows again, big windows. */
static const struct fn_step sc_reconfig_steps[] = {
	{ OP_OPEN_C, 0, 0, 0, 1 },
	{ OP_OPEN_G, 0, 0, 0, 1 },
	{ OP_OPEN_G, 2, 0, 0, 1 },
	{ OP_JOIN, 0, 0, 0, 0 },
	{ OP_JOIN, 2, 0, 0, 0 },
	{ OP_IOMMU, 0, 0, 0, 6 },
	{ OP_GEOM, 0, 1024, 0, 0 },
	{ OP_WINDOWS, 0, 4, 0, 4 },
	{ OP_WINDOWS, 0, 16, 0, 4 },
	{ OP_GEOM, 0, 1024, 0, 0 },
	{ OP_WINDOWS, 0, 8, 0, 4 },
	{ OP_STASH, 0, 0, 0, 3 },
	{ OP_MAP, 0, 2, 2, 5 },
	{ OP_UNMAP, 0, 2, 1, 0 },
	{ OP_MAP, 0, 4, 4, 9 },
};
SCENARIO(sc_reconfig, 0);

/* FAIL-2: nothing else has a fault site. */
static void test_no_fault_sites(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2sim_fail_nth f;
	struct t2sim_platform p;
	struct t2t_dom d;
	uint64_t buf;
	uint32_t fl;
	int dev, g1;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(1), 0, T2T_KIB(64), 16);
	g1 = t2t_dom_group(t, &d, 1);
	buf = t2t_buf(t, 2 * T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, 0, 2 * T2T_PAGE);
	dev = t2t_device(t, d.g[0], 0);
	if (t2t_plat(t)->msi_banks)
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 5));
	t2t_fail_arm(t, d.c, 1);
	t2_get_api_version(t, d.c);
	t2_check_extension(t, d.c, T2_TYPE2_VALUE);
	t2_group_get_status(t, d.g[0], &fl);
	t2_get_geometry(t, d.c, NULL, NULL);
	t2_get_windows(t, d.c, NULL);
	t2_get_stash(t, d.c, NULL, NULL);
	t2_get_msi_bank_count(t, d.c);
	t2_unmap_dma(t, d.c, 0, T2T_PAGE, NULL);          /* UNMAP-6 */
	if (t2t_plat(t)->msi_banks)
		t2_unmap_msi_bank(t, d.c, t2t_win(&d, 5));
	t2t_counters(t, d.c, &k);
	t2t_xlate(t, d.g[0], 0, T2T_PAGE, 1);
	T2T_ASSERT_RC(t, __t2_platform(t->be, d.c, &p), 0);
	t2t_phys(t, buf);
	t2t_close(t, dev);
	t2_group_unset_container(t, g1);                  /* detach */
	t2_unmap_dma(t, d.c, 0, T2T_KIB(64), NULL);
	t2_set_geometry(t, d.c, 0, T2T_KIB(128) - 1);
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, buf, 0, 0);
	t2t_close(t, g1);
	t2t_close(t, d.g[0]);                             /* release (REL-4) */
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.fired, 0);
	T2T_EXPECT_EQ(t, f.remaining, 1);
	t2t_fail_arm(t, d.c, 0);
}

/* INTRO-8: arming, reporting, disarming. */
static void test_fail_nth_semantics(struct t2_tctx *t, const void *arg)
{
	struct t2sim_fail_nth f;
	struct t2t_dom d;
	long rc;

	(void)arg;
	if (!t2t_plat(t)->msi_banks)
		t2t_skip(t, "the platform has no MSI bank");
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.remaining, 0);
	T2T_EXPECT_EQ(t, f.fired, 0);
	rc = __t2_fail_nth(t->be, d.g[0], T2SIM_FAIL_ARM, 3, &f);   /* a group fd works too */
	T2T_EXPECT_RC(t, rc, 0);
	T2T_EXPECT_EQ(t, f.remaining, 3);
	T2T_EXPECT_EQ(t, f.fired, 0);
	rc = __t2_fail_nth(t->be, d.c, 0, 77, &f);                  /* nth ignored */
	T2T_EXPECT_RC(t, rc, 0);
	T2T_EXPECT_EQ(t, f.remaining, 3);
	t2_map_msi_bank(t, d.c, T2_RW, 0, 0);                       /* 2 sites */
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.remaining, 1);
	test_err_t2_set_stash(t, ENOMEM, d.c, 0, PAMU_ATTR_CACHE_L1);
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.remaining, 0);
	T2T_EXPECT_EQ(t, f.fired, 1);
	/* fired disarms: the next call succeeds */
	t2_set_stash(t, d.c, 0, PAMU_ATTR_CACHE_L1);
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.fired, 1);
	/* either form of ARM clears fired; nth = 0 disarms */
	t2t_fail_arm(t, d.c, 0);
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.fired, 0);
	T2T_EXPECT_EQ(t, f.remaining, 0);
	t2_set_stash(t, d.c, 0, PAMU_ATTR_CACHE_L3);
	t2t_fail_arm(t, d.c, 1);
	t2t_fail_arm(t, d.c, 5);
	f = t2t_fail_status(t, d.c);
	T2T_EXPECT_EQ(t, f.remaining, 5);
	t2t_fail_arm(t, d.c, 0);
	/* the open paths have sites too: container, then group file (core
	 * variant linux61: the VFIO core opens them, with no site) */
	if (t2t_core_file_sites(t)) {
		t2t_fail_arm(t, d.c, 1);
		T2T_EXPECT_RC(t, t2t_try_container(t), ENOMEM);
		t2t_fail_arm(t, d.c, 1);
		T2T_EXPECT_RC(t, t2t_try_group(t, 1), ENOMEM);
	} else {
		t2t_fail_arm(t, d.c, 1);
		T2T_EXPECT(t, t2t_try_container(t) >= 0);
		T2T_EXPECT(t, t2t_try_group(t, 1) >= 0);
		f = t2t_fail_status(t, d.c);
		T2T_EXPECT_EQ(t, f.remaining, 1);
		T2T_EXPECT_EQ(t, f.fired, 0);
	}
	t2t_fail_arm(t, d.c, 0);
}

/* ATOM-2: a fault writing UNMAP_DMA's size back after the unmap took effect.
 * Only a kernel can fault on a readable but unwritable argument. */
static void test_write_back_fault(struct t2_tctx *t, const void *arg)
{
	struct vfio_iommu_type1_dma_unmap *u;
	struct t2t_dom d;
	uint64_t buf;
	long rc;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_PAGE);
	u = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	T2T_ASSERT(t, u != MAP_FAILED);
	*u = (struct vfio_iommu_type1_dma_unmap){ .argsz = sizeof(*u), .iova = 0,
		.size = T2T_PAGE };
	T2T_ASSERT(t, mprotect(u, 4096, PROT_READ) == 0);
	rc = __t2_ioctl(t->be, d.c, VFIO_IOMMU_UNMAP_DMA, (unsigned long)u);
	T2T_EXPECT_RC(t, rc, EFAULT);
	/* the unmap stays done */
	t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_PAGE);
	munmap(u, 4096);
}

#define FN_RULES "FAIL-1 FAIL-3 FAIL-4 ATOM-1 INV-14 INTRO-8 PERS-6"
static const struct t2t_case cases[] = {
	T2T_CASE_A("atom.fail_nth.typical_sequence", FN_RULES " CORE-4 MAP-4 MAP-5 MSI-10 ACCT-9",
		   fn_sweep, &sc_qemu, T2T_NEED_INTRO, T2T_DESIGN("D")),
	T2T_CASE_A("atom.fail_nth.four_groups", FN_RULES " CORE-14 DOM-5 DOM-6 DOM-7 DOM-9 "
		   "WIN-7 STASH-3", fn_sweep, &sc_groups, T2T_NEED_INTRO, T2T_DESIGN("D")),
	T2T_CASE_A("atom.fail_nth.attach_enabled", FN_RULES " DOM-3 DOM-4 DOM-5 DOM-7 CORE-6 "
		   "CORE-10", fn_sweep, &sc_attach, T2T_NEED_INTRO, T2T_DESIGN("D")),
	T2T_CASE_A("atom.fail_nth.reconfigure", FN_RULES " WIN-6 WIN-7 GEOM-4 MAP-5 ACCT-9",
		   fn_sweep, &sc_reconfig, T2T_NEED_INTRO, T2T_DESIGN("D")),
	T2T_CASE_I("atom.no_other_fault_sites", "FAIL-2 UNMAP-6 REL-4 INTRO-2",
		   test_no_fault_sites, T2T_DESIGN("D")),
	T2T_CASE_I("atom.fail_nth_semantics", "INTRO-8 FAIL-1 FAIL-3 FAIL-4", test_fail_nth_semantics, T2T_DESIGN("D")),
	{ .name = "atom.write_back_fault", .rules = "ATOM-2 UNMAP-4", .fn = test_write_back_fault,
	  .needs = T2T_NEED_KERNEL },
};

T2T_SUITE(atomicity, cases);
