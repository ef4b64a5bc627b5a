/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_errors.c - the oracle's predictions on the main error paths: ERR-1
 * levels, ERR-2/3/5/6, the CORE, ATTR, GEOM, WIN, STASH, MAP-1 and UNMAP-1
 * tables row by row, device fds and closes.  Each check names the rule the
 * oracle must report.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "oracle/tests/oracle_test.h"

static int same_counters(const struct t2sim_counters *a, const struct t2sim_counters *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static void before_backend(void)
{
	struct t2_oracle *o = ot_new("p4080");
	int cfd = t2_oracle_open_container(o), gfd = t2_oracle_open_group(o, 0), g1;
	struct vfio_group_status st = { .argsz = 7, .flags = 0x77 };
	struct t2sim_translate t = { .argsz = 48 };
	struct t2sim_counters c = { .argsz = 112 };
	int32_t bad;

	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_IOMMU_MAP_DMA, 0), -EINVAL, "ERR-1.0");
	OT_RULE(t2_oracle_ioctl(o, cfd, 0x3b99, 0), -EINVAL, "ERR-6");
	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_GROUP_GET_STATUS, 0), -EINVAL, "ERR-6");
	OT_RULE(ot_ioctl(o, cfd, T2SIM_COUNTERS, &c), 0, "INTRO-6");
	tap_ok(!c.backend && !c.groups, "INTRO-2: counters before SET_IOMMU");
	OT_RULE(ot_ioctl(o, cfd, T2SIM_TRANSLATE, &t), -EINVAL, "ERR-6");
	OT_RULE(ot_ioctl(o, gfd, T2SIM_COUNTERS, &c), -ENOTTY, "ERR-6");
	OT_RULE(ot_set_iommu(o, cfd), -EINVAL, "CORE-4.1");
	OT_RULE(t2_oracle_ioctl(o, gfd, VFIO_GROUP_GET_STATUS, 0), -EFAULT, "CORE-7");
	OT_RULE(t2_oracle_ioctl(o, gfd, VFIO_GROUP_GET_STATUS, 4095), -EFAULT, "CORE-7");
	OT_RULE(ot_ioctl(o, gfd, VFIO_GROUP_GET_STATUS, &st), -EINVAL, "CORE-7");
	tap_ok(st.flags == 0x77, "ERR-5: status flags untouched on failure");
	OT_RULE(t2_oracle_ioctl(o, gfd, VFIO_GROUP_SET_CONTAINER, 0), -EFAULT, "CORE-8.1");
	bad = -1;
	OT_RULE(ot_ioctl(o, gfd, VFIO_GROUP_SET_CONTAINER, &bad), -EINVAL, "CORE-8.2");
	bad = 200;
	OT_RULE(ot_ioctl(o, gfd, VFIO_GROUP_SET_CONTAINER, &bad), -EBADF, "CORE-8.4");
	OT_RULE(ot_set_container(o, gfd, gfd), -EINVAL, "CORE-8.5");
	OT_RULE(ot_set_container(o, gfd, cfd), 0, "CORE-8");
	OT_RULE(ot_set_container(o, gfd, cfd), -EINVAL, "CORE-8.3");
	OT_RULE(ot_ioctl(o, gfd, VFIO_GROUP_GET_DEVICE_FD, "t2dev0"), -EINVAL, "CORE-10");
	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_SET_IOMMU, 3), -ENODEV, "CORE-4.3");
#if ULONG_MAX > 0xffffffffUL
	/* the type2 value in the low half only (on ILP32 the argument has none) */
	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_SET_IOMMU, 0x100000000ul | T2_TYPE2_VALUE),
		-ENODEV, "CORE-4.3");
#endif
	OT_RULE(ot_set_iommu(o, cfd), 0, "CORE-5");
	OT_RULE(ot_set_iommu(o, cfd), -EINVAL, "CORE-4.2");
	OT_RULE(t2_oracle_ioctl(o, cfd, 0x3b99, 0), -ENOTTY, "ERR-6");
	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_GROUP_GET_STATUS, 0), -ENOTTY, "ERR-6");
	OT_RULE(t2_oracle_ioctl(o, gfd, VFIO_IOMMU_MAP_DMA, 0), -ENOTTY, "ERR-6");
	OT_RULE(ot_ioctl(o, cfd, T2SIM_TRANSLATE, &t), -ENOTTY, "ERR-6");
	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_CHECK_EXTENSION, 0), 0, "CORE-3");
	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_CHECK_EXTENSION, T2_TYPE2_VALUE), 1, "CORE-3");
	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_GET_API_VERSION, 0), 0, "CORE-2");
	/* CORE-6 */
	OT_RULE(t2_oracle_open_group(o, 0), -EBUSY, "CORE-6");
	OT_RULE(t2_oracle_open_group(o, 9), -ENOENT, "PLAT-8");
	g1 = t2_oracle_open_group(o, 1);
	tap_ok(g1 > gfd, "CORE-6: group 1 opens (fd %d)", g1);
	OT_RULE(t2_oracle_close(o, 250), -EBADF, "EBADF");
	ot_self_check(o, "before_backend");
	t2_oracle_free(o);
}

static void attrs(void)
{
	struct t2_oracle *o = ot_new("p4080");
	int cfd = t2_oracle_open_container(o), gfd = t2_oracle_open_group(o, 0);
	struct vfio_pamu_attr a;
	uint8_t big[64];
	uint32_t i;

	ot_set_container(o, gfd, cfd);
	ot_set_iommu(o, cfd);
	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_IOMMU_PAMU_GET_ATTR, 0), -EFAULT, "ATTR-1.1");
	memset(&a, 0x5a, sizeof(a));
	a.argsz = 31;
	OT_RULE(ot_ioctl(o, cfd, VFIO_IOMMU_PAMU_GET_ATTR, &a), -EINVAL, "ATTR-1.2");
	a.argsz = 32;
	OT_RULE(ot_ioctl(o, cfd, VFIO_IOMMU_PAMU_GET_ATTR, &a), -EINVAL, "ATTR-1.3");
	a.flags = 0;
	a.attribute = 3;
	OT_RULE(ot_ioctl(o, cfd, VFIO_IOMMU_PAMU_GET_ATTR, &a), -EINVAL, "ATTR-1.4");
	tap_ok(a.attr_info.attr.aperture_start == 0x5a5a5a5a5a5a5a5aull,
	       "ERR-5: GET_ATTR writes nothing on failure");
	OT_RULE(ot_get_attr(o, cfd, VFIO_ATTR_GEOMETRY, &a), 0, "ATTR-2");
	tap_ok(a.attr_info.attr.aperture_start == 0 &&
	       a.attr_info.attr.aperture_end == 0xFFFFFFFFFull, "GEOM-1: default 64 GiB");
	ot_get_attr(o, cfd, VFIO_ATTR_WINDOWS, &a);
	tap_ok(a.attr_info.windows == 256 && a.attr_info.stash.cache == 0xa5a5a5a5 &&
	       a.pad0 == 0xa5a5a5a5, "ATTR-2: WINDOWS writes bytes 16..19 only");
	ot_get_attr(o, cfd, VFIO_ATTR_PAMU_STASH, &a);
	tap_ok(a.attr_info.stash.cpu == 0 && a.attr_info.stash.cache == 0 &&
	       a.attr_info.attr.aperture_end == 0xa5a5a5a5a5a5a5a5ull, "STASH-4: (0, 0)");
	/* ERR-3: argsz above minsz, bytes beyond untouched */
	memset(big, 0xee, sizeof(big));
	memset(big, 0, 16);
	/* argsz 64, attribute WINDOWS: the struct's words, in host byte order */
	memcpy(big, &(struct vfio_pamu_attr){ .argsz = 64, .attribute = VFIO_ATTR_WINDOWS }, 16);
	OT_RULE(ot_ioctl(o, cfd, VFIO_IOMMU_PAMU_GET_ATTR, big), 0, "ATTR-2");
	for (i = 32; i < 64 && big[i] == 0xee; i++)
		;
	tap_ok(i == 64, "ERR-3: bytes beyond minsz untouched");
	/* GEOM-2 */
	OT_RULE(ot_set_geom(o, cfd, 0x2000, 0x1fff), -EINVAL, "GEOM-2.1");
	OT_RULE(ot_set_geom(o, cfd, 0, UINT64_MAX), -EINVAL, "GEOM-2.2");
	OT_RULE(ot_set_geom(o, cfd, 0, 3 * 4096 - 1), -EINVAL, "GEOM-2.3");
	OT_RULE(ot_set_geom(o, cfd, 0, 2047), -EINVAL, "GEOM-2.3");
	OT_RULE(ot_set_geom(o, cfd, 4096, 4096 + 8191), -EINVAL, "GEOM-2.4");
	OT_RULE(ot_set_windows(o, cfd, 1), -EINVAL, "WIN-3");
	OT_RULE(ot_set_geom(o, cfd, 1ull << 63, UINT64_MAX), 0, "GEOM-4");
	ot_get_attr(o, cfd, VFIO_ATTR_GEOMETRY, &a);
	tap_ok(a.attr_info.attr.aperture_start == 1ull << 63, "GEOM-5: 2^63 aperture");
	OT_RULE(ot_set_geom(o, cfd, 0, 4095), 0, "GEOM-4");
	OT_RULE(ot_set_windows(o, cfd, 0), -EINVAL, "WIN-2");
	OT_RULE(ot_set_windows(o, cfd, 3), -EINVAL, "WIN-2");
	OT_RULE(ot_set_windows(o, cfd, 512), -EINVAL, "WIN-2");
	OT_RULE(ot_set_windows(o, cfd, 2), -EINVAL, "WIN-4");
	OT_RULE(ot_set_windows(o, cfd, 1), 0, "WIN-7");
	/* STASH-1 before STASH-2 */
	OT_RULE(ot_set_geom(o, cfd, 0, 0xFFFFFF), 0, "GEOM-4");
	OT_RULE(ot_set_stash(o, cfd, 0, 4), -EINVAL, "STASH-1");
	OT_RULE(ot_set_stash(o, cfd, 0, 0), -EINVAL, "STASH-1");
	OT_RULE(ot_set_stash(o, cfd, 8, 2), -EINVAL, "STASH-1");
	OT_RULE(ot_set_stash(o, cfd, 0, 1), -ENODEV, "STASH-2");
	OT_RULE(ot_set_windows(o, cfd, 16), 0, "WIN-7");
	OT_RULE(ot_set_stash(o, cfd, 9999, 3), 0, "STASH-3");
	OT_RULE(ot_set_stash(o, cfd, 7, 1), 0, "STASH-3");
	OT_RULE(ot_set_geom(o, cfd, 0, 0x1FFFFFF), 0, "GEOM-4");
	ot_get_attr(o, cfd, VFIO_ATTR_PAMU_STASH, &a);
	tap_ok(a.attr_info.stash.cpu == 7 && a.attr_info.stash.cache == 1,
	       "STASH-5: kept across SET_ATTR(GEOMETRY)");
	ot_get_attr(o, cfd, VFIO_ATTR_WINDOWS, &a);
	tap_ok(a.attr_info.windows == 256, "GEOM-4: windows back to not configured");
	/* GEOM-3 / WIN-5 with only an MSI window valid (MSI-9) */
	ot_set_windows(o, cfd, 2);
	OT_RULE(ot_map_msi(o, cfd, 0, 0x1000000, RW), 0, "MSI-3");
	OT_RULE(ot_set_geom(o, cfd, 0, 0xFFFFFFF), -EBUSY, "GEOM-3");
	OT_RULE(ot_set_geom(o, cfd, 0, 0xFFFFFFE), -EINVAL, "GEOM-2.3");
	OT_RULE(ot_set_windows(o, cfd, 4), -EBUSY, "WIN-5");
	OT_RULE(ot_set_windows(o, cfd, 5), -EINVAL, "WIN-2");
	ot_self_check(o, "attrs");
	t2_oracle_free(o);
}

static void map_rows(void)
{
	struct t2_oracle *o = ot_new("p4080,memlock=8M");
	int cfd = t2_oracle_open_container(o), gfd = t2_oracle_open_group(o, 0);
	struct vfio_iommu_type1_dma_map m = { .argsz = 31 };
	struct t2sim_counters c0, c1;
	uint64_t huge, small, got;

	ot_set_container(o, gfd, cfd);
	ot_set_iommu(o, cfd);
	t2_oracle_buf_alloc(o, 8 * MiB, 2 * MiB, &huge);
	t2_oracle_buf_alloc(o, 64 * 1024, 4096, &small);
	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_IOMMU_MAP_DMA, 16), -EFAULT, "MAP-1.1");
	OT_RULE(ot_ioctl(o, cfd, VFIO_IOMMU_MAP_DMA, &m), -EINVAL, "MAP-1.2");
	OT_RULE(ot_map(o, cfd, huge, 0, 2 * MiB, 4 | RW), -EINVAL, "MAP-1.3");
	OT_RULE(ot_map(o, cfd, huge, 0, 2 * MiB, 0), -EINVAL, "MAP-1.4");
	OT_RULE(ot_map(o, cfd, huge, 0, 0, RW), -EINVAL, "MAP-1.5");
	OT_RULE(ot_map(o, cfd, huge + 1, 0, 2 * MiB, RW), -EINVAL, "MAP-1.6");
	OT_RULE(ot_map(o, cfd, huge, 0x800, 2 * MiB, RW), -EINVAL, "MAP-1.6");
	OT_RULE(ot_map(o, cfd, huge, -8192ull, 0x3000, RW), -EINVAL, "MAP-1.7");
	OT_RULE(ot_map(o, cfd, -8192ull, 0, 0x3000, RW), -EINVAL, "MAP-1.7");
	OT_RULE(ot_map(o, cfd, huge, -8192ull, 0x2000, RW), -EINVAL, "MAP-1.8");
	ot_set_geom(o, cfd, 0, 16 * MiB - 1);
	OT_RULE(ot_map(o, cfd, huge, 0, 2 * MiB, RW), -EINVAL, "MAP-1.8");
	ot_set_windows(o, cfd, 8);	/* ws = 2 MiB */
	OT_RULE(ot_map(o, cfd, huge, -8192ull, 0x2000, RW), -EINVAL, "MAP-1.9");
	OT_RULE(ot_map(o, cfd, huge, 14 * MiB, 4 * MiB, RW), -EINVAL, "MAP-1.9");
	OT_RULE(ot_map(o, cfd, huge, 4096, 2 * MiB, RW), -EINVAL, "MAP-1.10");
	OT_RULE(ot_map(o, cfd, huge, 0, 3 * MiB, RW), -EINVAL, "MAP-1.10");
	ot_map_msi(o, cfd, 0, 6 * MiB, RW);
	c0 = ot_counters(o, cfd);
	OT_RULE(ot_map(o, cfd, huge, 4 * MiB, 4 * MiB, RW), -EBUSY, "MAP-1.11");
	OT_RULE(ot_map(o, cfd, 0x7000000000ull, 0, 2 * MiB, RW), -EFAULT, "MAP-1.13");
	OT_RULE(ot_map(o, cfd, huge + 6 * MiB, 0, 4 * MiB, RW), -EFAULT, "MAP-1.13");
	OT_RULE(ot_map(o, cfd, huge + 4096, 0, 2 * MiB, RW), -EFAULT, "MAP-1.14");
	OT_RULE(ot_map(o, cfd, small, 0, 2 * MiB, RW), -EFAULT, "MAP-1.13");
	c1 = ot_counters(o, cfd);
	tap_ok(same_counters(&c0, &c1), "ATOM-1: failed MAPs changed nothing");
	/* ACCT-4: memlock 8 MiB = 2048 pages; equal to the limit is allowed */
	OT_RULE(ot_map(o, cfd, huge, 0, 4 * MiB, RW), 0, "MAP-3");
	OT_RULE(ot_map(o, cfd, huge + 4 * MiB, 8 * MiB, 8 * MiB, RW), -ENOMEM, "MAP-1.12");
	OT_RULE(ot_map(o, cfd, huge + 4 * MiB, 8 * MiB, 4 * MiB, VFIO_DMA_MAP_FLAG_READ), 0,
		"MAP-3");
	OT_RULE(ot_map(o, cfd, huge, 12 * MiB, 2 * MiB, RW), -ENOMEM, "MAP-1.12");
	c1 = ot_counters(o, cfd);
	tap_ok(c1.locked == 2048 && c1.dma_windows == 4 && c1.enabled, "ACCT-2: locked 2048");
	tap_ok(ot_xlate(o, gfd, 0, 8 * MiB, 1).result == T2SIM_XLATE_PERMISSION,
	       "ISO-2.5: write to a READ window");
	tap_ok(ot_xlate(o, gfd, 0, 6 * MiB + 4096, 0).result == T2SIM_XLATE_BEYOND_MAPPING,
	       "ISO-2.4: beyond the MSI page");
	tap_ok(ot_xlate(o, gfd, 0, 16 * MiB, 0).result == T2SIM_XLATE_OUTSIDE_APERTURE,
	       "ISO-2.2: outside the aperture");
	/* UNMAP-1 */
	OT_RULE(t2_oracle_ioctl(o, cfd, VFIO_IOMMU_UNMAP_DMA, 0), -EFAULT, "UNMAP-1.1");
	m.argsz = 23;
	OT_RULE(ot_ioctl(o, cfd, VFIO_IOMMU_UNMAP_DMA, &m), -EINVAL, "UNMAP-1.2");
	{
		struct vfio_iommu_type1_dma_unmap u = { .argsz = 24, .flags = 1,
							.size = 2 * MiB };

		OT_RULE(ot_ioctl(o, cfd, VFIO_IOMMU_UNMAP_DMA, &u), -EINVAL, "UNMAP-1.3");
		tap_ok(u.size == 2 * MiB, "ERR-5: size untouched on failure");
	}
	OT_RULE(ot_unmap(o, cfd, 0, 0, NULL), -EINVAL, "UNMAP-1.4");
	OT_RULE(ot_unmap(o, cfd, 0x800, 2 * MiB, NULL), -EINVAL, "UNMAP-1.5");
	OT_RULE(ot_unmap(o, cfd, -4096ull, 8192, NULL), -EINVAL, "UNMAP-1.6");
	OT_RULE(ot_unmap(o, cfd, 16 * MiB, 2 * MiB, NULL), -EINVAL, "UNMAP-1.8");
	OT_RULE(ot_unmap(o, cfd, 0, 4096, NULL), -EINVAL, "UNMAP-1.9");
	OT_RULE(ot_unmap(o, cfd, 2 * MiB, 12 * MiB, &got), 0, "UNMAP-4");
	tap_ok(got == 6 * MiB, "UNMAP-4: 0x%llx bytes unmapped (windows 1, 4, 5; 3 is MSI)",
	       (unsigned long long)got);
	c1 = ot_counters(o, cfd);
	tap_ok(c1.dma_windows == 1 && c1.msi_windows == 1 && c1.locked == 512 && c1.enabled,
	       "UNMAP-2: MSI window skipped, window 0 remains");
	OT_RULE(ot_unmap(o, cfd, 0, 16 * MiB, &got), 0, "UNMAP-4");
	c1 = ot_counters(o, cfd);
	tap_ok(got == 2 * MiB && !c1.enabled && c1.locked == 0 && c1.liodns_valid == 0 &&
	       c1.msi_windows == 1, "UNMAP-5: disabled though the MSI window remains");
	OT_RULE(ot_unmap(o, cfd, 0, 16 * MiB, &got), 0, "UNMAP-4");
	tap_ok(got == 0, "UNMAP-4: 0 when nothing was mapped");
	ot_self_check(o, "map_rows");
	t2_oracle_free(o);
}

static void devices_and_close(void)
{
	struct t2_oracle *o = ot_new("p4080");
	int cfd = t2_oracle_open_container(o), gfd = t2_oracle_open_group(o, 2), dfd, d2;
	char noterm[4200];
	struct t2sim_counters c;
	uint64_t v;

	ot_set_container(o, gfd, cfd);
	ot_set_iommu(o, cfd);
	OT_RULE(t2_oracle_ioctl(o, gfd, VFIO_GROUP_GET_DEVICE_FD, 0), -EFAULT, "CORE-10");
	memset(noterm, 'a', sizeof(noterm));
	OT_RULE(ot_ioctl(o, gfd, VFIO_GROUP_GET_DEVICE_FD, noterm), -EINVAL, "CORE-10");
	OT_RULE(ot_ioctl(o, gfd, VFIO_GROUP_GET_DEVICE_FD, "t2dev0"), -ENODEV, "CORE-10");
	dfd = (int)ot_ioctl(o, gfd, VFIO_GROUP_GET_DEVICE_FD, "t2dev2");
	d2 = (int)ot_ioctl(o, gfd, VFIO_GROUP_GET_DEVICE_FD, "t2dev2");
	tap_ok(dfd > 0 && d2 > dfd, "CORE-10: two device fds (%d, %d)", dfd, d2);
	OT_RULE(t2_oracle_ioctl(o, dfd, VFIO_GET_API_VERSION, 0), -ENOTTY, "CORE-11");
	OT_RULE(t2_oracle_ioctl(o, dfd, T2SIM_PLATFORM, 0), -ENOTTY, "CORE-11");
	OT_RULE(ot_unset_container(o, gfd), -EBUSY, "CORE-9");
	ot_set_geom(o, cfd, 0, 0xFFFFFFF);
	ot_set_windows(o, cfd, 4);
	t2_oracle_buf_alloc(o, 64 * MiB, 2 * MiB, &v);
	OT_RULE(ot_map(o, cfd, v, 0, 64 * MiB, RW), 0, "MAP-3");
	c = ot_counters(o, cfd);
	tap_ok(c.liodns_valid == 2 && c.spaaces == 6, "DOM-2: both LIODNs of group 2 valid");
	/* CORE-12: the group stays until the last device fd closes; CORE-13 */
	OT_RULE(t2_oracle_close(o, gfd), 0, "CORE-12");
	OT_RULE(t2_oracle_close(o, cfd), 0, "CORE-13");
	OT_RULE(t2_oracle_open_group(o, 2), -EBUSY, "CORE-6");
	ot_self_check(o, "group waiting for its devices");
	OT_RULE(t2_oracle_close(o, dfd), 0, "CORE-12");
	OT_RULE(t2_oracle_open_group(o, 2), -EBUSY, "CORE-6");
	OT_RULE(t2_oracle_close(o, d2), 0, "CORE-12");
	ot_self_check(o, "after release by the last device close");
	gfd = t2_oracle_open_group(o, 2);
	tap_ok(gfd >= 0, "CORE-12: group free again after the last device close");
	cfd = t2_oracle_open_container(o);
	c = ot_counters(o, cfd);
	tap_ok(c.sim_pins == 0 && c.locked == 0 && c.sim_spaaces == 0,
	       "REL-2: pins, locked, SPAACEs returned");
	t2_oracle_free(o);
}

int main(void)
{
	tap_plan(-1);
	before_backend();
	attrs();
	map_rows();
	devices_and_close();
	return tap_done();
}
