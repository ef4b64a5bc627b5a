/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * failnth.c - fault injection: the number and order of FAIL-1's sites per
 * operation, FAIL-2 (no site elsewhere), FAIL-3 with ATOM-1 (an injected
 * fault changes nothing observable), FAIL-4 (checks before a site do not
 * consume it) and INTRO-8's remaining/fired.
 */
#include "ktest.h"

struct snap {
	struct t2sim_counters c;
	struct vfio_pamu_attr geom, win, stash;
	struct t2sim_translate x[3];
	uint32_t status[6];
};

static void snapshot(struct kt *k, struct snap *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->c = kt_counters(k);
	if (s->c.backend) {
		kt_get_attr(k, VFIO_ATTR_GEOMETRY, &s->geom);
		kt_get_attr(k, VFIO_ATTR_WINDOWS, &s->win);
		kt_get_attr(k, VFIO_ATTR_PAMU_STASH, &s->stash);
	}
	for (i = 0; i < 6; i++) {
		struct vfio_group_status st = { .argsz = 8 };

		if (k->g[i] >= 0 && !kt_ioctl(k, k->g[i], VFIO_GROUP_GET_STATUS, &st))
			s->status[i] = st.flags;
	}
	if (k->g[0] >= 0) {
		s->x[0] = kt_xlate(k, 0, 0, 0, 0);
		s->x[1] = kt_xlate(k, 0, 0, 64 * MIB, 1);
		s->x[2] = kt_xlate(k, 0, 0, 128 * MIB + 0x140, 1);
	}
}

/* One FAIL-1 case: a fresh instance from setup(), then op() under test. */
struct fcase {
	const char *name;
	uint32_t sites;               /* FAIL-1 count */
	void (*setup)(struct kt *k);
	long (*op)(struct kt *k);
};

static uint64_t g_buf;

static void setup_none(struct kt *k)
{
	kt_init(k, NULL, 0);
	k->g[0] = t2sim_open(k->sim, "/dev/vfio/0");
	k->g[2] = t2sim_open(k->sim, "/dev/vfio/2");
	kt_group_join(k, 0);
	kt_group_join(k, 2);
}

static void setup_windows(struct kt *k)
{
	const int g[] = { 0, 2 };

	kt_setup(k, NULL, 0, g, 2, GIB, 0);
	g_buf = kt_alloc(k, 3 * 64 * MIB, 2 * MIB);
}

static void setup_ready(struct kt *k)
{
	const int g[] = { 0, 2 };

	kt_setup(k, NULL, 0, g, 2, GIB, 16); /* ws 64 MiB */
	g_buf = kt_alloc(k, 3 * 64 * MIB, 2 * MIB);
}

static void setup_enabled(struct kt *k)
{
	setup_ready(k);
	kt_map(k, g_buf, 0, 64 * MIB, RW);
	kt_msi_map(k, 0, 128 * MIB, RW);
	k->g[1] = t2sim_open(k->sim, "/dev/vfio/1");
}

static long op_set_iommu(struct kt *k)
{
	return t2sim_ioctl(k->sim, k->c, VFIO_SET_IOMMU, 2);
}

static long op_windows(struct kt *k)
{
	return kt_set_windows(k, 16);
}

static long op_stash(struct kt *k)
{
	return kt_set_stash(k, 1, 1);
}

static long op_map3(struct kt *k)
{
	return kt_map(k, g_buf, 0, 3 * 64 * MIB, RW);
}

static long op_msi(struct kt *k)
{
	return kt_msi_map(k, 1, 192 * MIB, RW);
}

static long op_join(struct kt *k)
{
	return kt_group_join(k, 1);
}

static long op_devfd(struct kt *k)
{
	return kt_ioctl(k, k->g[0], VFIO_GROUP_GET_DEVICE_FD, "t2dev0");
}

static long op_open_container(struct kt *k)
{
	return t2sim_open(k->sim, "/dev/vfio/vfio");
}

static long op_open_group(struct kt *k)
{
	return t2sim_open(k->sim, "/dev/vfio/3");
}

static const struct fcase cases[] = {
	/* backend; g0: record, 0x010; g2: record, 0x020, 0x021 */
	{ "SET_IOMMU", 6, setup_none, op_set_iommu },
	/* programming 0x010, 0x020, 0x021; window table */
	{ "SET_ATTR(WINDOWS)", 4, setup_windows, op_windows },
	{ "SET_ATTR(PAMU_STASH)", 3, setup_ready, op_stash },
	/* per window: pin array, programming; record */
	{ "MAP_DMA of 3 windows", 7, setup_ready, op_map3 },
	{ "MAP_MSI_BANK", 2, setup_ready, op_msi },
	/* attach while enabled: group record, programming 0x011 */
	{ "GROUP_SET_CONTAINER with a backend", 2, setup_enabled, op_join },
	{ "GROUP_GET_DEVICE_FD", 1, setup_ready, op_devfd },
	{ "open container node", 1, setup_ready, op_open_container },
	{ "open group node", 1, setup_ready, op_open_group },
};

static void run_case(const struct fcase *fc)
{
	struct snap before, after;
	uint32_t nth, fired, rem, consumed;
	struct kt k;
	long r;
	int atom_ok = 1, enomem_ok = 1;

	fc->setup(&k);
	kt_fail(&k, 1000, 1, NULL);
	r = fc->op(&k);
	rem = kt_fail(&k, 0, 0, &fired);
	consumed = 1000 - rem;
	tap_ok(r >= 0 && !fired, "%s succeeds with injection armed far away", fc->name);
	CHECK_EQ(consumed, fc->sites, "FAIL-1: %s reaches %u sites", fc->name, fc->sites);
	kt_fini(&k);
	for (nth = 1; nth <= fc->sites; nth++) {
		fc->setup(&k);
		snapshot(&k, &before);
		CHECK_EQ(kt_fail(&k, nth, 1, NULL), nth, "INTRO-8: remaining is %u right after arming", nth);
		r = fc->op(&k);
		rem = kt_fail(&k, 0, 0, &fired);
		if (r != -ENOMEM || !fired || rem) {
			enomem_ok = 0;
			tap_diag("%s nth %u: r %ld fired %u remaining %u", fc->name, nth, r, fired, rem);
		}
		snapshot(&k, &after);
		if (memcmp(&before, &after, sizeof(before))) {
			atom_ok = 0;
			tap_diag("%s nth %u: state changed", fc->name, nth);
		}
		kt_fini(&k);
	}
	tap_ok(enomem_ok, "FAIL-3: %s: each site fails with ENOMEM and fires", fc->name);
	tap_ok(atom_ok, "ATOM-1: %s: no observable change after each injected fault", fc->name);
}

/* FAIL-1 order inside MAP_DMA: fault 3 is window 1's pin array, so window 0
 * was already programmed and must be undone; fault 2 is window 0's
 * programming after its pins. */
static void map_order(void)
{
	struct t2sim_counters c;
	struct kt k;

	setup_ready(&k);
	kt_fail(&k, 2, 1, NULL);
	CHECK_EQ(op_map3(&k), -ENOMEM, "MAP_DMA fault 2 (window 0 programming)");
	c = kt_counters(&k);
	tap_ok(!c.sim_pins && !c.dma_windows && !c.locked, "MAP-5: window 0's pins released");
	kt_fail(&k, 7, 1, NULL);
	CHECK_EQ(op_map3(&k), -ENOMEM, "MAP_DMA fault 7 (record)");
	c = kt_counters(&k);
	tap_ok(!c.sim_pins && !c.dma_windows && !c.locked && !c.enabled && !c.liodns_valid,
	       "MAP-5: three windows undone, not enabled");
	CHECK_EQ(op_map3(&k), 0, "then the call succeeds");
	kt_fini(&k);
}

/* FAIL-2 and FAIL-4: operations without sites, checks before sites. */
static void no_sites(void)
{
	struct vfio_pamu_attr a;
	struct t2sim_counters c;
	uint32_t fired;
	struct kt k;
	int dev;

	setup_ready(&k);
	dev = (int)op_devfd(&k);
	kt_map(&k, g_buf, 0, 64 * MIB, RW);
	kt_msi_map(&k, 0, 128 * MIB, RW);
	kt_fail(&k, 1, 1, NULL);
	kt_get_attr(&k, VFIO_ATTR_GEOMETRY, &a);
	kt_unmap(&k, 0, 64 * MIB, NULL);
	kt_msi_unmap(&k, 128 * MIB);
	kt_set_geometry(&k, 0, 2 * GIB - 1);
	c = kt_counters(&k);
	kt_xlate(&k, 0, 0, 0, 0);
	kt_phys(&k, g_buf);
	kt_map(&k, g_buf, 0, 64 * MIB, 4 | RW);        /* FAIL-4: fails at row 3 */
	kt_set_windows(&k, 3);                         /* fails at WIN-2 */
	kt_msi_map(&k, 7, 0, RW);                      /* fails at row 5 */
	t2sim_close(k.sim, dev);
	t2sim_close(k.sim, k.g[2]);                    /* detach */
	k.g[2] = -1;
	kt_ioctl(&k, k.g[0], VFIO_GROUP_UNSET_CONTAINER, NULL); /* release */
	CHECK_EQ(kt_fail(&k, 0, 0, &fired), 1, "FAIL-2, FAIL-4: no site reached");
	CHECK_EQ(fired, 0, "nothing fired");
	CHECK_EQ(kt_fail(&k, 0, 1, &fired), 0, "INTRO-8: nth 0 disarms");
	(void)c;
	kt_fini(&k);
}

int main(void)
{
	size_t i;

	tap_plan(-1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	map_order();
	no_sites();
	return tap_done();
}
