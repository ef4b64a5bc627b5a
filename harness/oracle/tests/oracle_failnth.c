/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_failnth.c - the oracle's model of fault injection (FAIL-1..4,
 * INTRO-8): for each operation with fault sites, fail the 1st, 2nd, ... site
 * until the call succeeds, and check the number of sites FAIL-1 gives, that
 * every injected failure returns ENOMEM and changes nothing (ATOM-1), and
 * the remaining/fired report.
 */
#include <stdio.h>
#include "oracle/tests/oracle_test.h"

struct fx {
	struct t2_oracle *o;
	int cfd, g[6];			/* group fds by group number (-1: none) */
	uint64_t buf;
};

typedef void setup_fn(struct fx *f);
typedef long op_fn(struct fx *f);

static void snapshot(struct fx *f, struct t2sim_counters *c, struct vfio_pamu_attr *a)
{
	*c = ot_counters(f->o, f->cfd);
	if (c->backend)
		ot_get_attr(f->o, f->cfd, VFIO_ATTR_WINDOWS, a);
	else
		memset(a, 0, sizeof(*a));
}

/* Runs op after arming the n-th site, for n = 1, 2, ... until it succeeds. */
static void fail_loop(const char *name, setup_fn *setup, op_fn *op, long ok, int sites)
{
	struct fx f;
	struct t2sim_counters c0, c1;
	struct vfio_pamu_attr a0, a1;
	uint32_t rem, fired;
	int n, bad = 0;
	long r;

	f.o = ot_new("p4080");
	for (n = 1; n < 1000; n++) {
		t2_oracle_reset(f.o);
		setup(&f);
		snapshot(&f, &c0, &a0);
		t2_oracle_fault_arm(f.o, (uint32_t)n);
		r = op(&f);
		t2_oracle_fault_state(f.o, &rem, &fired);
		if (!fired) {
			tap_ok(r == ok && n - 1 == sites && rem == 1,
			       "FAIL-1: %s has %d sites (expected %d), then returns %ld", name,
			       n - 1, sites, r);
			break;
		}
		snapshot(&f, &c1, &a1);
		if (r != -ENOMEM || rem != 0 || memcmp(&c0, &c1, sizeof(c0)) ||
		    memcmp(&a0, &a1, sizeof(a0)))
			bad++;
	}
	tap_ok(!bad, "FAIL-3/ATOM-1: %s: every injected fault gives ENOMEM and no change",
	       name);
	t2_oracle_free(f.o);
}

static void open_groups(struct fx *f, unsigned int mask)
{
	unsigned int i;

	f->cfd = t2_oracle_open_container(f->o);
	for (i = 0; i < 6; i++) {
		f->g[i] = -1;
		if (mask & (1u << i)) {
			f->g[i] = t2_oracle_open_group(f->o, i);
			ot_set_container(f->o, f->g[i], f->cfd);
		}
	}
}

static void setup_g02(struct fx *f)
{
	open_groups(f, 0x5);
}

static void setup_g34(struct fx *f)
{
	open_groups(f, 0x18);
}

static void setup_geom(struct fx *f)
{
	open_groups(f, 0x5);
	ot_set_iommu(f->o, f->cfd);
	ot_set_geom(f->o, f->cfd, 0, 0xFFFFFFF);
}

static void setup_windows(struct fx *f)
{
	setup_geom(f);
	ot_set_windows(f->o, f->cfd, 16);
	t2_oracle_buf_alloc(f->o, 64 * MiB, 2 * MiB, &f->buf);
}

static void setup_attach(struct fx *f)
{
	open_groups(f, 0x1);
	ot_set_iommu(f->o, f->cfd);
	ot_set_geom(f->o, f->cfd, 0, 0xFFFFFFF);
	ot_set_windows(f->o, f->cfd, 16);
	f->g[2] = t2_oracle_open_group(f->o, 2);
}

static void setup_device(struct fx *f)
{
	open_groups(f, 0x1);
	ot_set_iommu(f->o, f->cfd);
}

static long op_set_iommu(struct fx *f)
{
	return ot_set_iommu(f->o, f->cfd);
}

static long op_set_windows(struct fx *f)
{
	return ot_set_windows(f->o, f->cfd, 8);
}

static long op_stash(struct fx *f)
{
	return ot_set_stash(f->o, f->cfd, 1, 2);
}

static long op_map4(struct fx *f)
{
	return ot_map(f->o, f->cfd, f->buf, 0, 4 * 0x1000000ull, RW);
}

static long op_map_msi(struct fx *f)
{
	return ot_map_msi(f->o, f->cfd, 1, 0x3000000, RW);
}

static long op_attach(struct fx *f)
{
	return ot_set_container(f->o, f->g[2], f->cfd);
}

static long op_device(struct fx *f)
{
	long r = ot_ioctl(f->o, f->g[0], VFIO_GROUP_GET_DEVICE_FD, "t2dev0");

	return r >= 0 ? 0 : r;
}

static long op_geom(struct fx *f)
{
	return ot_set_geom(f->o, f->cfd, 0, 0x1FFFFFFF);
}

static void report(void)
{
	struct t2_oracle *o = ot_new("p4080");
	int cfd = t2_oracle_open_container(o), gfd;
	uint32_t rem, fired;

	OT_RULE(ot_fail_nth(o, cfd, T2SIM_FAIL_ARM, 3, &rem, &fired), 0, "INTRO-8");
	tap_ok(rem == 3 && !fired, "INTRO-8: armed, remaining 3");
	ot_fail_nth(o, cfd, 0, 77, &rem, &fired);
	tap_ok(rem == 3 && !fired, "INTRO-8: report only, nth ignored");
	gfd = t2_oracle_open_group(o, 0);	/* site 1 */
	ot_fail_nth(o, gfd, 0, 0, &rem, &fired);
	tap_ok(gfd >= 0 && rem == 2, "FAIL-1: group open is a site (remaining %u)", rem);
	OT_RULE(ot_map(o, cfd, 0, 0, 0, RW), -EINVAL, "ERR-1.0");
	OT_RULE(t2_oracle_open_group(o, 0), -EBUSY, "CORE-6");
	ot_fail_nth(o, cfd, 0, 0, &rem, &fired);
	tap_ok(rem == 2, "FAIL-4: failed checks reach no site");
	t2_oracle_open_container(o);
	OT_RULE(t2_oracle_open_container(o), -ENOMEM, "FAIL-3");
	ot_fail_nth(o, gfd, 0, 0, &rem, &fired);
	tap_ok(rem == 0 && fired, "INTRO-8: fired, disarmed");
	tap_ok(t2_oracle_open_container(o) > 0, "disarmed after firing");
	ot_fail_nth(o, gfd, T2SIM_FAIL_ARM, 0, &rem, &fired);
	tap_ok(rem == 0 && !fired, "INTRO-8: ARM with nth 0 disarms and clears fired");
	{
		struct t2sim_fail_nth fx = { .argsz = 24, .flags = 2 };

		OT_RULE(ot_ioctl(o, cfd, T2SIM_FAIL_NTH, &fx), -EINVAL, "INTRO-2");
		fx.argsz = 23;
		fx.flags = 0;
		OT_RULE(ot_ioctl(o, cfd, T2SIM_FAIL_NTH, &fx), -EINVAL, "INTRO-2");
	}
	t2_oracle_free(o);
}

int main(void)
{
	tap_plan(-1);
	report();
	/* backend + group 0 (record, 0x010) + group 2 (record, 0x020, 0x021) */
	fail_loop("SET_IOMMU groups 0+2", setup_g02, op_set_iommu, 0, 6);
	/* backend + group 3 (record, 0x030) + group 4 (record; 0x030 already attached) */
	fail_loop("SET_IOMMU groups 3+4", setup_g34, op_set_iommu, 0, 4);
	/* three LIODNs, then the window table */
	fail_loop("SET_ATTR(WINDOWS)", setup_geom, op_set_windows, 0, 4);
	fail_loop("SET_ATTR(PAMU_STASH)", setup_windows, op_stash, 0, 3);
	/* 4 windows of 16 MiB: 2 sites each, then the record */
	fail_loop("MAP_DMA of 4 windows", setup_windows, op_map4, 0, 9);
	fail_loop("MAP_MSI_BANK", setup_windows, op_map_msi, 0, 2);
	/* record, then two new LIODNs */
	fail_loop("GROUP_SET_CONTAINER with a backend", setup_attach, op_attach, 0, 3);
	fail_loop("GROUP_GET_DEVICE_FD", setup_device, op_device, 0, 1);
	fail_loop("SET_ATTR(GEOMETRY)", setup_windows, op_geom, 0, 0);
	return tap_done();
}
