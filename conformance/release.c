/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * release.c - spec section 12: what triggers release, what it frees (all of
 * it, atomically, for this container only), and what comes after.
 */
#include <errno.h>
#include "t2test.h"

/* A busy container: two groups (three LIODNs), DMA, MSI banks, stash. */
static void busy_container(struct t2_tctx *t, struct t2t_dom *d, uint64_t *buf)
{
	unsigned int b;

	t2t_dom(t, d, T2T_G(0) | T2T_G(2), 0, T2T_KIB(64), 16);
	*buf = t2t_buf(t, 4 * T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, d->c, T2_RW, *buf, 0, 2 * T2T_PAGE);
	t2_map_dma(t, d->c, VFIO_DMA_MAP_FLAG_READ, *buf, t2t_win(d, 5), 4 * T2T_PAGE);
	for (b = 0; b < t2t_plat(t)->msi_banks && b < 3; b++)
		t2_map_msi_bank(t, d->c, T2_RW, b, t2t_win(d, 10 + b));
	t2_set_stash(t, d->c, 1, PAMU_ATTR_CACHE_L1);
}

static void expect_released(struct t2_tctx *t, const struct t2t_dom *d, uint64_t other_pins,
			    uint64_t other_spaaces)
{
	struct t2sim_counters k;
	int i;

	test_err_t2_get_windows(t, EINVAL, d->c, NULL);
	if (!T2T(t)->has_intro)
		return;
	t2t_counters(t, d->c, &k);
	T2T_EXPECT_EQ(t, k.backend, 0);
	T2T_EXPECT_EQ(t, k.enabled, 0);
	T2T_EXPECT_EQ(t, k.windows, 0);
	T2T_EXPECT_EQ(t, k.dma_windows, 0);
	T2T_EXPECT_EQ(t, k.msi_windows, 0);
	T2T_EXPECT_EQ(t, k.msi_records, 0);
	T2T_EXPECT_EQ(t, k.pins, 0);
	T2T_EXPECT_EQ(t, k.spaaces, 0);
	T2T_EXPECT_EQ(t, k.liodns_linked, 0);
	T2T_EXPECT_EQ(t, k.liodns_valid, 0);
	T2T_EXPECT_EQ(t, k.sim_pins, other_pins);
	T2T_EXPECT_EQ(t, k.sim_spaaces, other_spaaces);
	T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base + (int64_t)other_pins);
	for (i = 0; i < d->ng; i++)
		T2T_XLATE(t, d->g[i], 0, 0, T2SIM_XLATE_LIODN_INVALID, 0);
}

static void test_triggers(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf;
	int dev;

	(void)arg;
	/* GROUP_UNSET_CONTAINER of the last group */
	busy_container(t, &d, &buf);
	t2_group_unset_container(t, d.g[1]);
	T2T_EXPECT_EQ(t, t2_get_windows(t, d.c, NULL), 0);
	t2_group_unset_container(t, d.g[0]);
	expect_released(t, &d, 0, 0);
	/* closing the last group fd */
	t2t_reopen(t, NULL);
	busy_container(t, &d, &buf);
	t2t_close(t, d.g[1]);
	t2t_close(t, d.g[0]);
	d.ng = 0;
	expect_released(t, &d, 0, 0);
	/* closing the last device fd of a group waiting to leave */
	t2t_reopen(t, NULL);
	busy_container(t, &d, &buf);
	t2_group_unset_container(t, d.g[1]);
	dev = t2t_device(t, d.g[0], 0);
	t2t_close(t, d.g[0]);
	T2T_EXPECT_EQ(t, t2_get_windows(t, d.c, NULL), 0);
	t2t_close(t, dev);
	d.g[0] = d.g[1];
	d.ng = 1;
	expect_released(t, &d, 0, 0);
}

/* REL-2: release frees this container's everything, and nothing else. */
static void test_effects(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a, b;
	uint64_t buf, bb;

	(void)arg;
	busy_container(t, &a, &buf);
	t2t_dom(t, &b, T2T_G(1), 0, T2T_KIB(64), 4);       /* 3 SPAACEs */
	bb = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, b.c, T2_RW, bb, 0, T2T_KIB(16));      /* 4 pins */
	t2_group_unset_container(t, a.g[0]);
	t2_group_unset_container(t, a.g[1]);
	expect_released(t, &a, 4, 3);
	/* banks are free again (exclusive policy) */
	if (t2t_plat(t)->msi_banks)
		t2_map_msi_bank(t, b.c, T2_RW, 0, t2t_win(&b, 2));
	if (T2T(t)->has_intro)
		T2T_XLATE(t, b.g[0], 8, 1, T2SIM_XLATE_OK, t2t_phys(t, bb) + 8);
}

/* REL-3: afterwards, no backend; groups may join again; defaults again. */
static void test_after(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf;
	size_t i;

	(void)arg;
	busy_container(t, &d, &buf);
	t2_group_unset_container(t, d.g[0]);
	t2_group_unset_container(t, d.g[1]);
	for (i = 0; i < t2_nioctls; i++) {
		unsigned char arg0[64] = { 0 };
		long rc;

		if (t2_ioctls[i].fd != T2_FD_CONTAINER || t2_ioctls[i].n <= 2)
			continue;
		arg0[0] = (unsigned char)t2_ioctls[i].minsz;
		rc = __t2_ioctl(t->be, d.c, t2_ioctls[i].cmd, (unsigned long)arg0);
		if (rc != -EINVAL)
			T2T_FAIL(t, "%s after release: %ld, want -EINVAL", t2_ioctls[i].name, rc);
	}
	t2t_join(t, d.g[1], d.c);
	t2_set_iommu(t, d.c, T2_TYPE2_VALUE);
	t2t_expect_attr_defaults(t, d.c);
	if (t2t_plat(t)->msi_banks) {
		t2_set_geometry(t, d.c, 0, T2T_KIB(64) - 1);
		t2_set_windows(t, d.c, 16);
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 10));
	}
}

/* REL-4: a container whose fd is closed is destroyed after its release. */
static void test_closed_container(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf;

	(void)arg;
	busy_container(t, &d, &buf);
	t2t_close(t, d.c);
	t2_group_unset_container(t, d.g[0]);
	t2_group_unset_container(t, d.g[1]);
	if (T2T(t)->has_intro) {
		struct t2sim_counters k;

		t2t_counters(t, t2t_container(t), &k);
		T2T_EXPECT_EQ(t, k.sim_pins, 0);
		T2T_EXPECT_EQ(t, k.sim_spaaces, 0);
		T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base);
	}
	/* the groups are free to join elsewhere */
	t2t_join(t, d.g[0], t2t_container(t));
}

static const struct t2t_case cases[] = {
	T2T_CASE("rel.triggers", "REL-1 CORE-9 CORE-12 INV-19", test_triggers, T2T_DESIGN("D")),
	T2T_CASE("rel.frees_everything_of_its_own", "REL-2 ACCT-5 MSI-5 INV-11 INV-19 INV-26",
		 test_effects, T2T_DESIGN("D")),
	T2T_CASE("rel.after_release", "REL-3 CORE-5 ERR-1 INV-19", test_after, T2T_DESIGN("D")),
	T2T_CASE("rel.closed_container", "REL-4 CORE-13", test_closed_container, T2T_DESIGN("D")),
};

T2T_SUITE(release, cases);
