/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_sequence.c - the spec's section 20 typical call sequence, with its
 * numbers, run on the oracle through the backend ops table (T2_BACKEND=oracle),
 * plus the 1 GiB-hugepage row of "other RAM sizes".
 */
#include <stdio.h>
#include "oracle/tests/oracle_test.h"

static void qemu_256m(void)
{
	struct t2_backend *be;
	struct t2_oracle *o;
	struct vfio_pamu_attr a;
	struct t2sim_counters c;
	struct t2sim_translate t;
	struct t2sim_resolve rs = { .argsz = sizeof(rs) };
	uint32_t flags, i;
	uint64_t v;
	char err[256];
	int cfd, gfd;

	if (t2_oracle_backend_open("p4080", &be, err, sizeof(err)))
		tap_bail("oracle backend: %s", err);
	o = t2_oracle_of_backend(be);
	tap_ok(o != NULL && !strcmp(be->ops->name, "oracle"), "backend kind oracle");

	cfd = be->ops->open_container(be);				/* 1 */
	tap_ok(cfd >= 0, "1: open container -> fd %d", cfd);
	OT_RULE(t2_be_ioctl(be, cfd, VFIO_GET_API_VERSION, 0), 0, "CORE-2");	/* 2 */
	OT_RULE(t2_be_ioctl(be, cfd, VFIO_CHECK_EXTENSION, 2), 1, "CORE-3");	/* 3 */
	gfd = be->ops->open_group(be, 0);				/* 4 */
	tap_ok(gfd >= 0, "4: open group 0 -> fd %d", gfd);
	OT_RULE(ot_status(o, gfd, &flags), 0, "CORE-7");		/* 5 */
	tap_ok(flags == VFIO_GROUP_FLAGS_VIABLE, "5: flags 0x%x (VIABLE)", flags);
	OT_RULE(ot_set_container(o, gfd, cfd), 0, "CORE-8");		/* 6 */
	ot_status(o, gfd, &flags);
	tap_ok(flags == 0x3, "6: flags now 0x%x", flags);
	OT_RULE(ot_set_iommu(o, cfd), 0, "CORE-5");			/* 7 */
	c = ot_counters(o, cfd);
	tap_ok(c.backend == 1 && c.liodns_linked == 1 && c.liodns_valid == 0 &&
	       c.windows == 0 && c.enabled == 0, "7: defaults, LIODN 0x010 attached, invalid");
	OT_RULE(t2_be_ioctl(be, cfd, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT, 0), 3, "MSI-1"); /* 8 */
	OT_RULE(ot_get_attr(o, cfd, VFIO_ATTR_WINDOWS, &a), 0, "ATTR-2");	/* 9 */
	tap_ok(a.attr_info.windows == 256, "9: windows = %u (max_windows)", a.attr_info.windows);
	OT_RULE(ot_set_geom(o, cfd, 0, 0x1FFFFFFF), 0, "GEOM-4");	/* 10 */
	OT_RULE(ot_set_windows(o, cfd, 256), 0, "WIN-7");		/* 11 */
	c = ot_counters(o, cfd);
	tap_ok(c.window_size == 0x200000 && c.spaaces == 255 && c.sim_spaaces == 255,
	       "11: ws 0x%llx, SPAACEs %llu", (unsigned long long)c.window_size,
	       (unsigned long long)c.spaaces);
	for (i = 0; i < 3; i++)						/* 12 */
		OT_RULE(ot_map_msi(o, cfd, i, 0x10000000 + i * 0x200000, RW), 0, "MSI-3");
	c = ot_counters(o, cfd);
	tap_ok(c.msi_windows == 3 && c.msi_records == 3 && !c.enabled,
	       "12: 3 MSI windows, still not enabled");
	tap_ok(!be->ops->buf_alloc(be, 256 * MiB, 2 * MiB, &v), "13: 256 MiB of 2 MiB pages");
	OT_RULE(ot_map(o, cfd, v, 0, 0x10000000, RW), 0, "MAP-3");	/* 14 */
	c = ot_counters(o, cfd);
	tap_ok(c.dma_windows == 128 && c.pins == 65536 && c.locked == 65536 && c.enabled &&
	       c.liodns_valid == 1, "14: 128 DMA windows, 65536 pins and locked, enabled");
	rs.vaddr = v;
	tap_ok(!be->ops->resolve(be, cfd, &rs) && rs.page_size == 2 * MiB, "resolve V");
	tap_ok(!be->ops->translate(be, gfd, &(struct t2sim_translate){ .argsz = 48 }),
	       "translate op takes the struct as the ioctl does");
	t = ot_xlate(o, gfd, 0, 0x00123456, 0);				/* 15 */
	tap_ok(t.result == T2SIM_XLATE_OK && t.phys == rs.phys + 0x123456 &&
	       t.liodn == 0x010 && t.msi_bank == T2SIM_NO_BANK, "15: read OK at P(V)+0x123456");
	t = ot_xlate(o, gfd, 0, 0x10000140, 1);				/* 16 */
	tap_ok(t.result == T2SIM_XLATE_OK && t.phys == 0xffe044140ull && t.msi_bank == 0 &&
	       t.msi_flags == (T2SIM_MSI_HIT | T2SIM_MSI_MSIIR), "16: doorbell rings bank 0");
	t = ot_xlate(o, gfd, 0, 0x10200140, 1);
	tap_ok(t.phys == 0xffe045140ull && t.msi_bank == 1, "16: bank 1 at 0x10200140");
	t = ot_xlate(o, gfd, 0, 0x10400140, 0);
	tap_ok(t.phys == 0xffe046140ull && t.msi_bank == 2 && t.msi_flags == T2SIM_MSI_HIT,
	       "16: a read of MSIIR only hits");
	t = ot_xlate(o, gfd, 0, 0x10600000, 0);				/* 17 */
	tap_ok(t.result == T2SIM_XLATE_WINDOW_FREE && t.phys == 0 &&
	       t.msi_bank == T2SIM_NO_BANK, "17: WINDOW_FREE (window 131)");
	ot_self_check(o, "before release");
	{
		char pic[2048];

		t2_oracle_describe(o, pic, sizeof(pic));
		tap_ok(strstr(pic, "0-127:Drw@") && strstr(pic, "128:Mrw(bank 0)"),
		       "describe: windows in runs");
	}
	OT_RULE(ot_unset_container(o, gfd), 0, "CORE-9");		/* 18 */
	c = ot_counters(o, cfd);
	tap_ok(!c.backend && !c.dma_windows && !c.msi_windows && !c.pins && !c.locked &&
	       !c.sim_spaaces && !c.groups && !c.sim_pins, "18: released, back to baseline");
	t = ot_xlate(o, gfd, 0, 0x00123456, 0);
	tap_ok(t.result == T2SIM_XLATE_LIODN_INVALID, "18: LIODN invalid");
	OT_RULE(t2_be_ioctl(be, cfd, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT, 0), -EINVAL,
		"ERR-1.0");
	tap_ok(!be->ops->close(be, gfd) && !be->ops->close(be, cfd), "19: close G, close C");
	tap_ok(be->ops->close(be, cfd) == -EBADF, "19: container destroyed");
	ot_self_check(o, "at the end");
	be->ops->destroy(be);
}

/* Section 20 "other RAM sizes": 1 GiB of 1 GiB pages. */
static void qemu_1g(void)
{
	struct t2_oracle *o = ot_new("p4080");
	struct t2sim_counters c;
	struct vfio_pamu_attr a;
	uint64_t v;
	int cfd = t2_oracle_open_container(o), gfd = t2_oracle_open_group(o, 0), i;

	ot_set_container(o, gfd, cfd);
	ot_set_iommu(o, cfd);
	OT_RULE(ot_set_geom(o, cfd, 0, 0xFFFFFFFF), 0, "GEOM-4");
	OT_RULE(ot_set_windows(o, cfd, 4), 0, "WIN-7");
	ot_get_attr(o, cfd, VFIO_ATTR_GEOMETRY, &a);
	tap_ok(a.attr_info.attr.aperture_end == 0xFFFFFFFF, "1G: aperture end");
	for (i = 0; i < 3; i++)
		OT_RULE(ot_map_msi(o, cfd, (uint32_t)i, 0x40000000ull * (uint64_t)(i + 1), RW),
			0, "MSI-3");
	tap_ok(!t2_oracle_buf_alloc(o, GiB, GiB, &v) && v % GiB == 0, "1G buffer aligned");
	OT_RULE(ot_map(o, cfd, v, 0, GiB, RW), 0, "MAP-3");
	c = ot_counters(o, cfd);
	tap_ok(c.pins == 262144 && c.window_size == GiB && c.spaaces == 3,
	       "1G: 262144 pins, ws 1 GiB, 3 SPAACEs");
	ot_self_check(o, "1G");
	/* the direct queries agree with the ioctls */
	{
		struct t2sim_counters q;
		struct t2sim_translate x;
		struct vfio_pamu_attr g = { .argsz = 32 };

		tap_ok(!t2_oracle_counters(o, cfd, &q) && q.pins == c.pins &&
		       q.sim_spaaces == c.sim_spaaces, "t2_oracle_counters");
		tap_ok(t2_oracle_counters(o, gfd, &q) == -EBADF, "t2_oracle_counters: not a container");
		tap_ok(!t2_oracle_translate(o, 0, 0, 0x80000148, 1, &x) && x.msi_bank == 1 &&
		       x.msi_flags == T2SIM_MSI_HIT && x.phys == 0xffe045148ull,
		       "t2_oracle_translate by group number");
		tap_ok(t2_oracle_translate(o, 0, 1, 0, 0, &x) == -EINVAL &&
		       t2_oracle_translate(o, 42, 0, 0, 0, &x) == -ENOENT, "translate errors");
		tap_ok(!t2_oracle_get_attr(o, cfd, VFIO_ATTR_WINDOWS, &g) &&
		       g.attr_info.windows == 4, "t2_oracle_get_attr");
		tap_ok(t2_oracle_fd_kind(o, gfd) == T2_ORACLE_FD_GROUP &&
		       t2_oracle_fd_kind(o, cfd) == T2_ORACLE_FD_CONTAINER &&
		       t2_oracle_fd_group(o, gfd) == 0 && t2_oracle_fd_group(o, cfd) == -EBADF,
		       "fd kinds");
	}
	t2_oracle_free(o);
}

int main(void)
{
	tap_plan(-1);
	qemu_256m();
	qemu_1g();
	return tap_done();
}
