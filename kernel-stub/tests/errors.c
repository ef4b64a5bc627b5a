/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * errors.c - the main error paths of every ioctl in the spec personality:
 * ERR-1 levels 0 to 5, ERR-2, ERR-3, ERR-5, ERR-6, and the check tables of
 * CORE-4/6/8/9/10, GEOM-2/3, WIN-2..6, STASH-1/2, MAP-1, UNMAP-1, MSI-2,
 * MSI-7, DOM-5, INTRO-5.
 */
#include <sys/mman.h>
#include "ktest.h"

#define ATTR_SZ sizeof(struct vfio_pamu_attr)

static void err_levels(void)
{
	const int g0[] = { 0 };
	struct vfio_pamu_attr a, before;
	struct vfio_iommu_type1_dma_map m;
	struct t2sim_counters cnt = { 0 };
	unsigned char *page;
	struct kt k;
	int dev;

	kt_init(&k, NULL, 0);
	/* level 0 and ERR-6 without a backend */
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_MAP_DMA, NULL), -EINVAL, "ERR-1 level 0: MAP_DMA without backend, NULL arg");
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT, NULL), -EINVAL, "ERR-1 level 0: GET_MSI_BANK_COUNT");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, 0x3B70, 0), -EINVAL, "ERR-6: unknown number, no backend: EINVAL");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_GROUP_GET_STATUS, 0), -EINVAL, "ERR-6: group ioctl on container, no backend");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_CHECK_EXTENSION, 1), 0, "CORE-3: CHECK_EXTENSION(1) is 0");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_SET_IOMMU, 2), -EINVAL, "CORE-4 row 1: no group");
	cnt.argsz = sizeof(cnt);
	CHECK_EQ(t2sim_counters(k.sim, k.c, &cnt), 0, "INTRO-2: counters before SET_IOMMU");
	CHECK_EQ(kt_group_join(&k, 0), 0, "join group 0");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_SET_IOMMU, 3), -ENODEV, "CORE-4 row 3: wrong value ENODEV");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_SET_IOMMU, 2), 0, "SET_IOMMU");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_SET_IOMMU, 2), -EINVAL, "CORE-4 row 2: already has a backend");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, 0x3B70, 0), -ENOTTY, "ERR-6: unknown number with backend: ENOTTY");
	CHECK_EQ(t2sim_ioctl(k.sim, k.g[0], 0x3B70, 0), -ENOTTY, "ERR-6: unknown on group fd: ENOTTY");
	CHECK_EQ(t2sim_ioctl(k.sim, k.g[0], VFIO_IOMMU_MAP_DMA, 0), -ENOTTY, "ERR-6: container ioctl on group fd");
	CHECK_EQ(t2sim_ioctl(k.sim, k.g[0], T2SIM_COUNTERS, 0), -ENOTTY, "INTRO-1: COUNTERS on a group fd");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, T2SIM_TRANSLATE, 0), -ENOTTY, "INTRO-1: TRANSLATE on a container fd");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_CHECK_EXTENSION, T2_TYPE2_VALUE + 1), 0, "CORE-3 after SET_IOMMU");
	/* level 1 */
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_ATTR, NULL), -EFAULT, "ERR-2: NULL arg EFAULT");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_IOMMU_MAP_DMA, 4095), -EFAULT, "ERR-2: arg below 4096 EFAULT");
	CHECK_EQ(t2sim_ioctl(k.sim, k.g[0], VFIO_GROUP_GET_STATUS, 16), -EFAULT, "CORE-7: EFAULT");
	/* level 2 */
	memset(&a, 0, sizeof(a));
	a.argsz = ATTR_SZ - 1;
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_ATTR, &a), -EINVAL, "ERR-1 level 2: argsz 31");
	/* level 3 */
	a.argsz = ATTR_SZ;
	a.flags = 1;
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_ATTR, &a), -EINVAL, "ATTR-1 row 3: flags");
	/* ERR-5: a failed GET leaves the argument alone */
	memset(&a, 0xa5, sizeof(a));
	a.argsz = ATTR_SZ;
	a.flags = 0;
	a.attribute = 7;
	before = a;
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_ATTR, &a), -EINVAL, "ATTR-1 row 4: attribute 7");
	tap_ok(!memcmp(&a, &before, sizeof(a)), "ERR-5: argument unchanged on failure");
	/* ATTR-2: only the value's bytes are written */
	a.attribute = VFIO_ATTR_WINDOWS;
	before = a;
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_ATTR, &a), 0, "GET_ATTR(WINDOWS)");
	tap_ok(a.attr_info.windows == 256 && !memcmp((char *)&a + 20, (char *)&before + 20, 12) &&
	       !memcmp(&a, &before, 16), "ATTR-2: bytes other than 16..19 untouched");
	/* ERR-3: argsz beyond minsz, the bytes after minsz unreadable */
	page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		tap_bail("mmap");
	mprotect(page + 4096, 4096, PROT_NONE);
	memset(page, 0, 4096);
	{
		struct vfio_pamu_attr *pa = (void *)(page + 4096 - ATTR_SZ);

		pa->argsz = 4096;
		pa->attribute = VFIO_ATTR_GEOMETRY;
		CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_ATTR, pa), 0,
			 "ERR-3: argsz 4096, bytes after minsz unreadable");
		CHECK_EQ(pa->attr_info.attr.aperture_end, 0xFFFFFFFFFull, "GEOM-1: default end 2^36-1");
	}
	munmap(page, 8192);
	/* MAP_DMA level 3 */
	memset(&m, 0, sizeof(m));
	m.argsz = sizeof(m);
	m.flags = 4 | RW;
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_MAP_DMA, &m), -EINVAL, "MAP-1 row 3: flag bit 2");
	/* device fd (CORE-10, CORE-11) */
	CHECK_EQ(kt_ioctl(&k, k.g[0], VFIO_GROUP_GET_DEVICE_FD, NULL), -EFAULT, "CORE-10: NULL name EFAULT");
	CHECK_EQ(kt_ioctl(&k, k.g[0], VFIO_GROUP_GET_DEVICE_FD, "t2dev1"), -ENODEV, "CORE-10: other group's device ENODEV");
	CHECK_EQ(kt_ioctl(&k, k.g[0], VFIO_GROUP_GET_DEVICE_FD, ""), -ENODEV, "CORE-10: empty name ENODEV");
	{
		static char longname[5000];

		memset(longname, 'a', sizeof(longname) - 1);
		CHECK_EQ(kt_ioctl(&k, k.g[0], VFIO_GROUP_GET_DEVICE_FD, longname), -EINVAL,
			 "CORE-10: no NUL within 4096 bytes EINVAL");
	}
	dev = (int)kt_ioctl(&k, k.g[0], VFIO_GROUP_GET_DEVICE_FD, "t2dev0");
	tap_ok(dev >= 0, "CORE-10: device fd");
	CHECK_EQ(t2sim_ioctl(k.sim, dev, VFIO_GROUP_GET_STATUS, 0), -ENOTTY, "CORE-11: ioctl on device ENOTTY");
	CHECK_EQ(t2sim_ioctl(k.sim, dev, T2SIM_PLATFORM, 0), -ENOTTY, "INTRO-1: introspection on device ENOTTY");
	CHECK_EQ(kt_ioctl(&k, k.g[0], VFIO_GROUP_UNSET_CONTAINER, NULL), -EBUSY, "CORE-9: device open EBUSY");
	CHECK_EQ(t2sim_close(k.sim, k.g[0]), 0, "close the group fd with a device open");
	CHECK_EQ(t2sim_open(k.sim, "/dev/vfio/0"), -EBUSY, "CORE-6: group still in its container EBUSY");
	CHECK_EQ(kt_counters(&k).groups, 1, "CORE-12: the group stays in the container");
	CHECK_EQ(t2sim_close(k.sim, dev), 0, "close the device fd");
	cnt = kt_counters(&k);
	tap_ok(!cnt.groups && !cnt.backend, "CORE-12: last device close performs the unset and release");
	k.g[0] = t2sim_open(k.sim, "/dev/vfio/0");
	tap_ok(k.g[0] >= 0, "CORE-6: group opens again");
	CHECK_EQ(t2sim_open(k.sim, "/dev/vfio/0"), -EBUSY, "CORE-6: second open EBUSY");
	CHECK_EQ(t2sim_open(k.sim, "/dev/vfio/9"), -ENOENT, "no group 9: ENOENT");
	CHECK_EQ(t2sim_open(k.sim, "/dev/vfio/01"), -ENOENT, "bad path: ENOENT");
	kt_fini(&k);
	(void)g0;
}

static void err_core(void)
{
	struct kt k;
	int32_t fd;
	int c2;

	kt_init(&k, NULL, 0);
	k.g[1] = t2sim_open(k.sim, "/dev/vfio/1");
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_SET_CONTAINER, NULL), -EFAULT, "CORE-8 row 1: EFAULT");
	fd = -1;
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_SET_CONTAINER, &fd), -EINVAL, "CORE-8 row 2: fd < 0");
	fd = 77;
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_SET_CONTAINER, &fd), -EBADF, "CORE-8 row 4: not open");
	fd = k.g[1];
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_SET_CONTAINER, &fd), -EINVAL, "CORE-8 row 5: not a container");
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_UNSET_CONTAINER, NULL), -EINVAL, "CORE-9: in no container");
	fd = k.c;
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_SET_CONTAINER, &fd), 0, "join");
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_SET_CONTAINER, &fd), -EINVAL, "CORE-8 row 3: already in a container");
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_GET_DEVICE_FD, "t2dev1"), -EINVAL, "CORE-10: no backend EINVAL");
	/* CORE-13: closing the container fd keeps it alive while it holds a group */
	c2 = t2sim_open(k.sim, "/dev/vfio/vfio");
	CHECK_EQ(t2sim_close(k.sim, k.c), 0, "close the container fd");
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_UNSET_CONTAINER, NULL), 0, "its group can still leave");
	fd = k.c;
	/* the handle number is free again, so it may name something else */
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_SET_CONTAINER, &fd), -EBADF, "CORE-13: closed container fd EBADF");
	fd = c2;
	CHECK_EQ(kt_ioctl(&k, k.g[1], VFIO_GROUP_SET_CONTAINER, &fd), 0, "join another container");
	kt_fini(&k);
}

static void err_attr(void)
{
	const int g0[] = { 0 };
	struct kt k;
	uint64_t v;

	kt_setup(&k, NULL, 0, g0, 1, 0, 0);
	CHECK_EQ(kt_set_windows(&k, 4), -EINVAL, "WIN-3: geometry not set");
	CHECK_EQ(kt_set_stash(&k, 0, 1), -ENODEV, "STASH-2: windows not configured ENODEV");
	CHECK_EQ(kt_set_stash(&k, 0, 4), -EINVAL, "STASH-1 before STASH-2");
	CHECK_EQ(kt_set_geometry(&k, 0x2000, 0x1000), -EINVAL, "GEOM-2.1: end < start");
	CHECK_EQ(kt_set_geometry(&k, 0, ~0ull), -EINVAL, "GEOM-2.2: size 2^64");
	CHECK_EQ(kt_set_geometry(&k, 0, 0x2fff), -EINVAL, "GEOM-2.3: not a power of two");
	CHECK_EQ(kt_set_geometry(&k, 0, 0x7ff), -EINVAL, "GEOM-2.3: below 4096");
	CHECK_EQ(kt_set_geometry(&k, 0x1000, 0x2fff), -EINVAL, "GEOM-2.4: start not aligned to S");
	CHECK_EQ(kt_set_geometry(&k, 1ull << 63, ~0ull), 0, "GEOM-2: 2^63 at 2^63 is fine");
	CHECK_EQ(kt_set_geometry(&k, 0, 0xfff), 0, "GEOM-2: 4096 is the smallest");
	CHECK_EQ(kt_set_windows(&k, 2), -EINVAL, "WIN-4: ws below 4096");
	CHECK_EQ(kt_set_windows(&k, 1), 0, "WIN-8: n = 1 over 4 KiB");
	CHECK_EQ(kt_counters(&k).spaaces, 0, "WIN-8: n = 1 uses no SPAACE");
	CHECK_EQ(kt_set_geometry(&k, 0, GIB - 1), 0, "SET_ATTR(GEOMETRY) 1 GiB");
	CHECK_EQ(kt_windows(&k), 256, "GEOM-4: windows not configured again");
	CHECK_EQ(kt_set_windows(&k, 0), -EINVAL, "WIN-2: n = 0");
	CHECK_EQ(kt_set_windows(&k, 3), -EINVAL, "WIN-2: n = 3");
	CHECK_EQ(kt_set_windows(&k, 512), -EINVAL, "WIN-2: n = 512");
	CHECK_EQ(kt_set_windows(&k, 8), 0, "SET_ATTR(WINDOWS 8)");
	CHECK_EQ(kt_set_stash(&k, 8, 1), -EINVAL, "STASH-1: L1 cpu 8 of 8");
	CHECK_EQ(kt_set_stash(&k, 9999, 3), 0, "STASH-1: L3 cpu unchecked");
	CHECK_EQ(kt_set_stash(&k, 7, 2), 0, "STASH-3: L2 cpu 7");
	CHECK_EQ(kt_msi_map(&k, 0, 0, RW), 0, "an MSI window");
	CHECK_EQ(kt_set_windows(&k, 4), -EBUSY, "WIN-5: MSI window valid EBUSY");
	CHECK_EQ(kt_set_windows(&k, 3), -EINVAL, "WIN-5 after WIN-2");
	CHECK_EQ(kt_set_geometry(&k, 0, 2 * GIB - 1), -EBUSY, "GEOM-3: MSI window valid EBUSY");
	CHECK_EQ(kt_set_geometry(&k, 0, 0x2fff), -EINVAL, "GEOM-2 before GEOM-3");
	CHECK_EQ(kt_msi_unmap(&k, 0), 0, "UNMAP_MSI_BANK");
	v = kt_alloc(&k, 128 * MIB, 2 * MIB);
	CHECK_EQ(kt_map(&k, v, 128 * MIB, 128 * MIB, RW), 0, "a DMA window");
	CHECK_EQ(kt_set_windows(&k, 4), -EBUSY, "WIN-5: DMA window valid EBUSY");
	{
		struct vfio_pamu_attr a;

		kt_get_attr(&k, VFIO_ATTR_PAMU_STASH, &a);
		tap_ok(a.attr_info.stash.cpu == 7 && a.attr_info.stash.cache == 2, "STASH-4: last set value");
	}
	CHECK_EQ(kt_set_stash(&k, 1, 1), 0, "STASH-3: allowed while enabled");
	kt_fini(&k);

	/* WIN-6 and DOM-5 row 3 with a small pool */
	{
		const int g012[] = { 0, 1, 2 };

		kt_setup(&k, "p4080,spaace_pool=8", 0, g012, 3, GIB, 0);
		CHECK_EQ(kt_set_windows(&k, 4), -ENOSPC, "WIN-6: 3 x 4 LIODNs > 8: ENOSPC");
		CHECK_EQ(kt_set_windows(&k, 2), 0, "WIN-6: 1 x 4 fits");
		CHECK_EQ(kt_counters(&k).sim_spaaces, 4, "4 SPAACEs in use");
		CHECK_EQ(kt_set_windows(&k, 2), 0, "WIN-7: same n again");
		CHECK_EQ(kt_counters(&k).sim_spaaces, 4, "INV-18: no growth on re-SET");
		CHECK_EQ(kt_set_windows(&k, 8), -ENOSPC, "WIN-6: 7 x 4 > 8");
		CHECK_EQ(kt_counters(&k).sim_spaaces, 4, "ATOM-1: SPAACEs unchanged");
		kt_fini(&k);
	}
	{
		const int g0only[] = { 0 };
		struct t2sim_counters c;

		kt_setup(&k, "p4080,spaace_pool=5", 0, g0only, 1, GIB, 4);
		CHECK_EQ(kt_group_join(&k, 2), -ENOSPC, "DOM-5 row 3: 3 x 2 > 2 free: ENOSPC");
		c = kt_counters(&k);
		tap_ok(c.groups == 1 && c.liodns_linked == 1 && c.sim_spaaces == 3, "DOM-7: nothing changed");
		CHECK_EQ(kt_group_join(&k, 5), -ENOSPC, "DOM-5 row 3: 3 > 2 free: ENOSPC");
		kt_fini(&k);
	}
}

static void err_dom(void)
{
	struct kt k;
	int c2, g4;
	int32_t fd;
	struct t2sim_counters c;

	kt_setup(&k, NULL, 0, (const int[]){ 3 }, 1, 0, 0);
	c2 = t2sim_open(k.sim, "/dev/vfio/vfio");
	g4 = t2sim_open(k.sim, "/dev/vfio/4");
	fd = c2;
	CHECK_EQ(t2sim_ioctl(k.sim, g4, VFIO_GROUP_SET_CONTAINER, (unsigned long)&fd), 0, "group 4 joins container 2");
	CHECK_EQ(t2sim_ioctl(k.sim, c2, VFIO_SET_IOMMU, 2), -EBUSY, "DOM-5 row 2: LIODN 0x030 in another container");
	c = kt_counters_of(&k, c2);
	tap_ok(!c.backend && c.groups == 1, "DOM-9: no backend, the group stays");
	/* DOM-6: groups 3 and 4 in one container share the LIODN once */
	CHECK_EQ(t2sim_ioctl(k.sim, g4, VFIO_GROUP_UNSET_CONTAINER, 0), 0, "group 4 leaves container 2");
	fd = k.c;
	CHECK_EQ(t2sim_ioctl(k.sim, g4, VFIO_GROUP_SET_CONTAINER, (unsigned long)&fd), 0, "group 4 joins container 1");
	CHECK_EQ(kt_set_geometry(&k, 0, GIB - 1), 0, "geometry");
	CHECK_EQ(kt_set_windows(&k, 16), 0, "16 windows");
	c = kt_counters(&k);
	tap_ok(c.liodns_linked == 1 && c.spaaces == 15, "DOM-6: shared LIODN counted once");
	CHECK_EQ(kt_ioctl(&k, k.g[3], VFIO_GROUP_UNSET_CONTAINER, NULL), 0, "group 3 leaves");
	c = kt_counters(&k);
	tap_ok(c.backend && c.liodns_linked == 1 && c.spaaces == 15, "DOM-8: LIODN stays while group 4 carries it");
	kt_fini(&k);
}

static void err_map(void)
{
	const int g0[] = { 0 };
	struct t2sim_counters c;
	struct kt k;
	uint64_t v4k, vh, u;

	kt_setup(&k, NULL, 0, g0, 1, 0, 0);
	CHECK_EQ(kt_map(&k, 0x10000000, 0, 4096, RW), -EINVAL, "MAP-1 row 8: windows not configured");
	CHECK_EQ(kt_unmap(&k, 0, 4096, NULL), -EINVAL, "UNMAP-1 row 7: windows not configured");
	CHECK_EQ(kt_msi_map(&k, 0, 0, RW), -EINVAL, "MSI-2 row 6: windows not configured");
	CHECK_EQ(kt_set_geometry(&k, 0x40000000, 0x7FFFFFFF), 0, "geometry 1 GiB at 1 GiB");
	CHECK_EQ(kt_set_windows(&k, 256), 0, "256 windows of 4 MiB");
	v4k = kt_alloc(&k, 16 * 4096, 4096);
	vh = kt_alloc(&k, 16 * MIB, 2 * MIB);
	CHECK_EQ(kt_map(&k, vh, 0x40000000, 4 * MIB, 0), -EINVAL, "MAP-1 row 4: no READ/WRITE");
	CHECK_EQ(kt_map(&k, vh, 0x40000000, 0, RW), -EINVAL, "MAP-1 row 5: size 0");
	CHECK_EQ(kt_map(&k, vh + 1, 0x40000000, 4 * MIB, RW), -EINVAL, "MAP-1 row 6: vaddr");
	CHECK_EQ(kt_map(&k, vh, 0x40000001, 4 * MIB, RW), -EINVAL, "MAP-1 row 6: iova");
	CHECK_EQ(kt_map(&k, vh, 0x40000000, 4 * MIB + 1, RW), -EINVAL, "MAP-1 row 6: size");
	CHECK_EQ(kt_map(&k, vh, ~0ull - 0xfff, 0x2000, RW), -EINVAL, "MAP-1 row 7: iova wraps");
	CHECK_EQ(kt_map(&k, ~0ull - 0xfff, 0x40000000, 0x2000, RW), -EINVAL, "MAP-1 row 7: vaddr wraps");
	CHECK_EQ(kt_map(&k, vh, 0x3FC00000, 4 * MIB, RW), -EINVAL, "MAP-1 row 9: below start");
	CHECK_EQ(kt_map(&k, vh, 0x7FC00000, 8 * MIB, RW), -EINVAL, "MAP-1 row 9: beyond end");
	CHECK_EQ(kt_map(&k, vh, 0x40001000, 4 * MIB, RW), -EINVAL, "MAP-1 row 10: not window-aligned");
	CHECK_EQ(kt_map(&k, vh, 0x40000000, 2 * MIB, RW), -EINVAL, "MAP-1 row 10: size not whole windows");
	CHECK_EQ(kt_map(&k, 0x20000, 0x40000000, 4 * MIB, RW), -EFAULT, "MAP-1 row 13: unbacked");
	CHECK_EQ(kt_map(&k, vh + 14 * MIB, 0x40000000, 4 * MIB, RW), -EFAULT, "MAP-1 row 13: runs past the buffer");
	CHECK_EQ(kt_map(&k, v4k, 0x40000000, 4 * MIB, RW), -EFAULT, "MAP-1 row 13 before 14: 4K buffer too small");
	CHECK_EQ(kt_map(&k, vh + 2 * MIB, 0x40000000, 4 * MIB, RW), -EFAULT, "MAP-1 row 14: not ws-aligned");
	CHECK_EQ(kt_map(&k, kt_alloc(&k, 4 * MIB, 4096), 0x40000000, 4 * MIB, RW), -EFAULT,
		 "MAP-1 row 14: 4K pages are never contiguous");
	c = kt_counters(&k);
	tap_ok(!c.sim_pins && !c.locked && !c.dma_windows && !c.enabled, "MAP-5: failures leave nothing");
	CHECK_EQ(kt_map(&k, vh, 0x40000000, 8 * MIB, VFIO_DMA_MAP_FLAG_READ), 0, "MAP two windows read-only");
	CHECK_EQ(kt_xlate(&k, 0, 0, 0x40000000, 1).result, T2SIM_XLATE_PERMISSION, "ISO-2.5: write PERMISSION");
	CHECK_EQ(kt_xlate(&k, 0, 0, 0x40000000, 0).result, T2SIM_XLATE_OK, "read OK");
	CHECK_EQ(kt_map(&k, vh + 8 * MIB, 0x40400000, 4 * MIB, RW), -EBUSY, "MAP-1 row 11: overlap EBUSY");
	/* UNMAP-1 */
	CHECK_EQ(kt_unmap(&k, 0x40000000, 0, NULL), -EINVAL, "UNMAP-1 row 4: size 0");
	CHECK_EQ(kt_unmap(&k, 0x40000800, 4 * MIB, NULL), -EINVAL, "UNMAP-1 row 5");
	CHECK_EQ(kt_unmap(&k, ~0ull - 0xfff, 0x2000, NULL), -EINVAL, "UNMAP-1 row 6: wraps");
	CHECK_EQ(kt_unmap(&k, 0x3FC00000, 4 * MIB, NULL), -EINVAL, "UNMAP-1 row 8: below start");
	CHECK_EQ(kt_unmap(&k, 0x40001000, 4 * MIB, NULL), -EINVAL, "UNMAP-1 row 9: alignment");
	CHECK_EQ(kt_unmap(&k, 0x40000000, 4096, NULL), -EINVAL, "UNMAP-1 row 9: part of a window");
	{
		struct vfio_iommu_type1_dma_unmap un = { .argsz = 24, .flags = 1, .iova = 0x40000000,
							 .size = 4 * MIB };
		CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_UNMAP_DMA, &un), -EINVAL, "UNMAP-1 row 3: flags");
		CHECK_EQ(un.size, 4 * MIB, "ERR-5: size untouched on failure");
	}
	CHECK_EQ(kt_unmap(&k, 0x41000000, 8 * MIB, &u), 0, "UNMAP of free windows succeeds");
	CHECK_EQ(u, 0, "UNMAP-4: 0 bytes unmapped");
	CHECK_EQ(kt_unmap(&k, 0x40400000, 4 * MIB, &u), 0, "UNMAP the second window of a call");
	CHECK_EQ(u, 4 * MIB, "UNMAP-4: 4 MiB");
	c = kt_counters(&k);
	tap_ok(c.dma_windows == 1 && c.pins == 1024 && c.locked == 1024 && c.enabled,
	       "UNMAP-2: part of a call's windows");
	CHECK_EQ(kt_map(&k, vh + 8 * MIB, 0x40400000, 4 * MIB, RW), 0, "remap the freed window");
	CHECK_EQ(kt_msi_map(&k, 0, 0x40800000, RW), 0, "MSI at window 2");
	CHECK_EQ(kt_unmap(&k, 0x40000000, 12 * MIB, &u), 0, "UNMAP over DMA and MSI windows");
	CHECK_EQ(u, 8 * MIB, "UNMAP-2: the MSI window is skipped");
	c = kt_counters(&k);
	tap_ok(!c.dma_windows && c.msi_windows == 1 && !c.enabled && !c.liodns_valid,
	       "UNMAP-5: disabled while an MSI window remains");
	CHECK_EQ(kt_xlate(&k, 0, 0, 0x40800140, 1).result, T2SIM_XLATE_LIODN_INVALID,
		 "MSI-6: MSI window unreachable while disabled");
	/* ACCT-4 with a 4 KiB window configuration */
	kt_fini(&k);

	kt_setup(&k, "p4080,memlock=8K", 0, g0, 1, 1 << 20, 256);
	v4k = kt_alloc(&k, 4 * 4096, 4096);
	CHECK_EQ(kt_map(&k, v4k, 0, 4096, RW), 0, "ws 4096: one page");
	CHECK_EQ(kt_map(&k, v4k + 4096, 4096, 4096, RW), 0, "ACCT-4: equal to the limit is allowed");
	CHECK_EQ(kt_map(&k, v4k + 8192, 8192, 4096, RW), -ENOMEM, "MAP-1 row 12: over memlock ENOMEM");
	CHECK_EQ(kt_map(&k, v4k, 8192, 4096, RW), -ENOMEM, "MAP-6: same pages count again");
	kt_fini(&k);
	kt_setup(&k, "p4080,memlock=8K,cap_ipc_lock=1", 0, g0, 1, 1 << 20, 256);
	v4k = kt_alloc(&k, 4 * 4096, 4096);
	CHECK_EQ(kt_map(&k, v4k, 0, 4096, RW) | kt_map(&k, v4k + 4096, 4096, 4096, RW) |
		 kt_map(&k, v4k + 8192, 8192, 4096, RW), 0, "ACCT-1: CAP_IPC_LOCK lifts the limit");
	kt_fini(&k);
}

static void err_msi(void)
{
	const int g0[] = { 0 };
	struct vfio_pamu_msi_bank_map m = { .argsz = 24, .flags = 4 | RW };
	struct kt k, k2;
	int32_t fd;

	kt_setup(&k, NULL, 0, g0, 1, GIB, 4);
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, &m), -EINVAL, "MSI-2 row 3: flag bit 2");
	m.argsz = 23;
	m.flags = RW;
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, &m), -EINVAL, "MSI-2 row 2: argsz 23");
	CHECK_EQ(kt_msi_map(&k, 0, 0, 0), -EINVAL, "MSI-2 row 4: no protection");
	CHECK_EQ(kt_msi_map(&k, 3, 0, RW), -EINVAL, "MSI-2 row 5: bank 3 of 3");
	CHECK_EQ(kt_msi_map(&k, 0, GIB, RW), -EINVAL, "MSI-2 row 7: beyond end");
	CHECK_EQ(kt_msi_map(&k, 0, 0x1000, RW), -EINVAL, "MSI-2 row 8: not window-aligned");
	CHECK_EQ(kt_msi_map(&k, 0, 0, VFIO_DMA_MAP_FLAG_WRITE), 0, "map bank 0 write-only");
	CHECK_EQ(kt_msi_map(&k, 1, 0, RW), -EBUSY, "MSI-2 row 9: window valid");
	CHECK_EQ(kt_msi_map(&k, 0, 256 * MIB, RW), -EBUSY, "MSI-2 row 10: bank already mapped here");
	CHECK_EQ(kt_msi_unmap(&k, 0x1000), -EINVAL, "MSI-7 row 4: no such record");
	{
		struct vfio_pamu_msi_bank_unmap u = { .argsz = 16, .flags = 2, .iova = 0 };

		CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &u), -EINVAL, "MSI-7 row 3: flags");
		u.flags = 0;
		u.argsz = 15;
		CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &u), -EINVAL, "MSI-7 row 2: argsz");
	}
	/* exclusive policy across containers: a second instance-less container */
	{
		int c2 = t2sim_open(k.sim, "/dev/vfio/vfio");
		int g1 = t2sim_open(k.sim, "/dev/vfio/1");
		struct vfio_pamu_msi_bank_map mm = { .argsz = 24, .flags = RW, .msi_bank_index = 0 };
		struct vfio_pamu_attr a = { .argsz = 32, .attribute = VFIO_ATTR_GEOMETRY };

		fd = c2;
		t2sim_ioctl(k.sim, g1, VFIO_GROUP_SET_CONTAINER, (unsigned long)&fd);
		t2sim_ioctl(k.sim, c2, VFIO_SET_IOMMU, 2);
		a.attr_info.attr.aperture_end = GIB - 1;
		t2sim_ioctl(k.sim, c2, VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
		a.attribute = VFIO_ATTR_WINDOWS;
		a.attr_info.windows = 4;
		t2sim_ioctl(k.sim, c2, VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
		CHECK_EQ(t2sim_ioctl(k.sim, c2, VFIO_IOMMU_PAMU_MAP_MSI_BANK, (unsigned long)&mm), -EBUSY,
			 "MSI-2 row 11: exclusive, bank 0 in another container");
		mm.msi_bank_index = 1;
		CHECK_EQ(t2sim_ioctl(k.sim, c2, VFIO_IOMMU_PAMU_MAP_MSI_BANK, (unsigned long)&mm), 0,
			 "bank 1 is free");
	}
	CHECK_EQ(kt_msi_unmap(&k, 0), 0, "UNMAP_MSI_BANK releases bank 0");
	CHECK_EQ(kt_counters(&k).msi_windows, 0, "MSI-8: window freed");
	kt_fini(&k);

	kt_setup(&k2, "p4080,msi_policy=shared", 0, g0, 1, GIB, 4);
	{
		int c2 = t2sim_open(k2.sim, "/dev/vfio/vfio");
		int g1 = t2sim_open(k2.sim, "/dev/vfio/1");
		struct vfio_pamu_msi_bank_map mm = { .argsz = 24, .flags = RW, .msi_bank_index = 0 };
		struct vfio_pamu_attr a = { .argsz = 32, .attribute = VFIO_ATTR_GEOMETRY };

		CHECK_EQ(kt_msi_map(&k2, 0, 0, RW), 0, "shared: bank 0 in container 1");
		fd = c2;
		t2sim_ioctl(k2.sim, g1, VFIO_GROUP_SET_CONTAINER, (unsigned long)&fd);
		t2sim_ioctl(k2.sim, c2, VFIO_SET_IOMMU, 2);
		a.attr_info.attr.aperture_end = GIB - 1;
		t2sim_ioctl(k2.sim, c2, VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
		a.attribute = VFIO_ATTR_WINDOWS;
		a.attr_info.windows = 4;
		t2sim_ioctl(k2.sim, c2, VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
		CHECK_EQ(t2sim_ioctl(k2.sim, c2, VFIO_IOMMU_PAMU_MAP_MSI_BANK, (unsigned long)&mm), 0,
			 "MSI-5 shared: bank 0 in container 2 too");
	}
	kt_fini(&k2);
}

static void err_intro(void)
{
	const int g2[] = { 2 };
	struct t2sim_translate t = { .argsz = 48, .liodn_index = 2 };
	struct t2sim_platform p;
	struct kt k;

	kt_setup(&k, NULL, 0, g2, 1, 0, 0);
	CHECK_EQ(t2sim_translate(k.sim, k.g[2], &t), -EINVAL, "INTRO-5: liodn_index 2 of 2");
	t.liodn_index = 1;
	t.flags = 2;
	CHECK_EQ(t2sim_translate(k.sim, k.g[2], &t), -EINVAL, "INTRO-5: flag bit 1");
	t.flags = 0;
	CHECK_EQ(t2sim_translate(k.sim, k.g[2], &t), 0, "INTRO-5: second LIODN");
	tap_ok(t.liodn == 0x021 && t.result == T2SIM_XLATE_LIODN_INVALID && t.phys == 0 &&
	       t.msi_bank == T2SIM_NO_BANK, "INTRO-5: LIODN 0x021 invalid, outputs on a fault");
	memset(&p, 0xee, sizeof(p));
	p.argsz = sizeof(p);
	p.flags = 0;
	CHECK_EQ(t2sim_platform(k.sim, k.g[2], &p), 0, "INTRO-3: PLATFORM on a group fd");
	tap_ok(p.page_size == 4096 && p.max_windows == 256 && p.spaace_pool == 2048 && p.cpus == 8 &&
	       p.msi_banks == 3 && p.ccsr_base == 0xffe000000ull && p.msiir[2] == 0xffe046140ull &&
	       p.msiir[3] == 0 && p.hugepage_sizes[0] == 2 * MIB && p.hugepage_sizes[1] == GIB &&
	       p.memlock == 4 * GIB && p.ram == 32 * GIB && p.ngroups == 6 &&
	       p.groups[5].liodn[0] == 0x4ff && !strcmp(p.groups[2].device, "t2dev2") &&
	       p.type2_value == T2_TYPE2_VALUE && p.msi_design == T2_MSI_DESIGN_D,
	       "INTRO-9: p4080 values, msi_design D (9a)");
	p.argsz = 1071;
	CHECK_EQ(t2sim_platform(k.sim, k.c, &p), -EINVAL, "INTRO-9: argsz 1071");
	kt_fini(&k);
}

int main(void)
{
	tap_plan(-1);
	err_levels();
	err_core();
	err_attr();
	err_dom();
	err_map();
	err_msi();
	err_intro();
	return tap_done();
}
