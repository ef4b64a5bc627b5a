/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * switches.c - one test per sdk2013 switch (spec 19.3, 19.4), each run with
 * only that switch on, showing the observable behaviour the spec describes
 * where `spec` behaves otherwise.  SDK-B8's race has its own test (conc.c).
 */
#include <stdio.h>
#include "ktest.h"

#define WS (256 * MIB) /* geometry 1 GiB, 4 windows */

static const int G0[] = { 0 };

static void setup4(struct kt *k, uint64_t sw, const char *plat)
{
	kt_setup(k, plat ? plat : "p4080", sw, G0, 1, GIB, 4);
}

static int logged(struct kt *k, const char *sw)
{
	char want[32];
	int i;

	snprintf(want, sizeof(want), "t2sim: %s: reference crash: ", sw);
	for (i = 0; i < 8 && i < k->nlog; i++)
		if (!strncmp(k->log[i], want, strlen(want)))
			return 1;
	return 0;
}

static void b1(void)
{
	struct vfio_pamu_attr a;
	struct t2sim_counters c;
	struct kt k;
	uint64_t v;

	setup4(&k, T2_SW_B1, NULL);
	v = kt_alloc(&k, WS, 2 * MIB);
	CHECK_EQ(kt_set_geometry(&k, 0, 0x2fff), -EINVAL, "B1(a): bad geometry still EINVAL");
	kt_get_attr(&k, VFIO_ATTR_GEOMETRY, &a);
	CHECK_EQ(a.attr_info.attr.aperture_end, GIB - 1, "B1(a): GET_ATTR unchanged");
	CHECK_EQ(kt_map(&k, v, 0, WS, RW), -EINVAL, "B1(a): MAP uses the rejected aperture: EINVAL");
	CHECK_EQ(kt_set_geometry(&k, 0, GIB - 1), 0, "restore the working copy");
	CHECK_EQ(kt_msi_map(&k, 0, WS, RW), 0, "an MSI window at window 1");
	CHECK_EQ(kt_set_geometry(&k, 0, 2 * GIB - 1), 0, "B1(b): SET succeeds with an MSI window valid");
	CHECK_EQ(kt_windows(&k), 4, "B1(c): GET_ATTR(WINDOWS) still reports n");
	c = kt_counters(&k);
	tap_ok(c.window_size == WS && c.msi_windows == 1 && c.spaaces == 3,
	       "B1(c): ws_w keeps 256 MiB, the MSI window and SPAACEs stay");
	kt_fini(&k);
}

static void b2(void)
{
	struct t2sim_counters c;
	struct kt k;
	uint64_t v;

	setup4(&k, T2_SW_B2, NULL);
	v = kt_alloc(&k, 2 * WS, 2 * MIB);
	CHECK_EQ(kt_map(&k, v, 0, WS, RW), 0, "a DMA window");
	CHECK_EQ(kt_set_windows(&k, 512), -EINVAL, "B2(a): n > 256 refused first");
	CHECK_EQ(kt_counters(&k).window_size, WS, "B2(a): nothing cached for n > 256");
	CHECK_EQ(kt_set_windows(&k, 8), -EBUSY, "SET_ATTR(WINDOWS 8) fails EBUSY");
	c = kt_counters(&k);
	tap_ok(c.window_size == WS / 2 && kt_windows(&k) == 4, "B2(a): ws_w is 128 MiB, GET_ATTR says 4");
	CHECK_EQ(kt_map(&k, v + WS, 3 * WS / 2, WS / 2, RW), 0,
		 "B2(a): a MAP GET_ATTR calls misaligned succeeds");
	CHECK_EQ(kt_set_windows(&k, 0), -EFAULT, "B2(b): n = 0 is a crash point");
	c = kt_counters(&k);
	tap_ok(c.crash_points == 1 && logged(&k, "B2"), "B2(b): counted and logged");
	CHECK_EQ(c.window_size, WS / 2, "B2(b): ws_w unchanged");
	kt_fini(&k);
}

/* SDK-B3 follows the reference's unmap arithmetic (kernel-stub/core/dma_b3.c). */
static void b3(void)
{
	struct t2sim_counters c;
	struct kt k;
	uint64_t v, u = 99;

	setup4(&k, T2_SW_B3, NULL);
	v = kt_alloc(&k, 2 * WS, 2 * MIB);
	CHECK_EQ(kt_map(&k, v, 0, 2 * WS, RW), 0, "two DMA windows");
	CHECK_EQ(kt_unmap(&k, 0, 0, &u), 0, "B3: size 0 returns 0");
	CHECK_EQ(kt_counters(&k).dma_windows, 2, "B3: size 0 at a record's start: nothing");
	CHECK_EQ(kt_unmap(&k, 0x1000, 0x800, &u), 0, "B3: an unaligned range inside a record returns 0");
	c = kt_counters(&k);
	tap_ok(c.dma_windows == 1 && c.pins == WS / 4096 && c.sim_pins == 2 * WS / 4096 &&
	       c.dma_claimed == 2 * WS && c.locked == 2 * WS / 4096,
	       "B3: split at 0x1000 | 0x1800, no page released; window 0 disabled, its pins ownerless");
	CHECK_EQ(kt_unmap(&k, WS, 4096, &u), -EFAULT,
		 "B3: one page of a 256 MiB window: the release loop never ends (crash point)");
	c = kt_counters(&k);
	tap_ok(c.pins == 0 && c.dma_windows == 1 && c.locked == 2 * WS / 4096 &&
	       c.crash_points == 1,
	       "B3: valid window 1's pins dropped, locked unchanged");
	CHECK_EQ(kt_xlate(&k, 0, 0, WS, 0).result, T2SIM_XLATE_OK, "B3: the window still translates");
	tap_ok(logged(&k, "B3"), "B3: logged");
	kt_fini(&k);

	/* the record left as one page: its release never ends either */
	setup4(&k, T2_SW_B3, NULL);
	v = kt_alloc(&k, WS, 2 * MIB);
	CHECK_EQ(kt_map(&k, v, 0, WS, RW), 0, "one DMA window");
	CHECK_EQ(kt_unmap(&k, 0x1000, 0x800, &u), 0, "B3: split inside the window");
	CHECK_EQ(kt_counters(&k).dma_claimed, WS, "B3: records [0, 4K) and [6K, 6K + WS - 4K)");
	CHECK_EQ(kt_ioctl(&k, k.g[0], VFIO_GROUP_UNSET_CONTAINER, NULL), -EFAULT,
		 "release: the crash point returns EFAULT (PERS-4)");
	CHECK_EQ(kt_counters(&k).crash_points, 1, "B3: releasing a record of one page is a crash point");
	kt_fini(&k);
}

static void b4(void)
{
	struct t2sim_counters c;
	struct kt k;
	uint64_t v;

	setup4(&k, T2_SW_B4, NULL);
	v = kt_alloc(&k, 2 * WS, 2 * MIB);
	CHECK_EQ(kt_map(&k, v, 0, WS + 4096, RW), 0, "B4: a size that is not whole windows returns 0");
	c = kt_counters(&k);
	tap_ok(c.dma_windows == 1 && c.dma_claimed == WS + 4096 && c.pins == WS / 4096,
	       "B4: one window mapped, WS + 4096 claimed");
	CHECK_EQ(kt_map(&k, v + WS, WS, WS, RW), -EBUSY, "B4: MAP over the unmapped tail gives EBUSY");
	CHECK_EQ(kt_map(&k, v, 2 * WS, 100, RW), -EINVAL, "B4: below 4096 still EINVAL");
	kt_fini(&k);
}

static void b5(void)
{
	struct kt k;
	uint64_t v;

	setup4(&k, T2_SW_B5, NULL);
	v = kt_alloc(&k, WS, 2 * MIB);
	kt_map(&k, v, 0, WS, RW);
	CHECK_EQ(kt_counters(&k).locked, 1, "B5: MAP adds 1 per window");
	kt_unmap(&k, 0, WS, NULL);
	CHECK_EQ(kt_counters(&k).locked, 1 - (long long)(WS / 4096), "B5: UNMAP subtracts pages");
	kt_fini(&k);
}

static void b6(void)
{
	struct t2sim_counters c;
	struct kt k;
	uint64_t v;

	setup4(&k, T2_SW_B6, NULL);
	v = kt_alloc(&k, 2 * WS, 2 * MIB);
	CHECK_EQ(kt_msi_map(&k, 0, WS, RW), 0, "an MSI window at window 1");
	CHECK_EQ(kt_map(&k, v, 0, 2 * WS, RW), -EBUSY, "B6: MAP over it fails EBUSY (PERS-6)");
	c = kt_counters(&k);
	tap_ok(c.msi_windows == 0 && c.msi_records == 1 && c.sim_pins == 0,
	       "B6: the MSI window is dead, its record stays, pins released");
	CHECK_EQ(kt_map(&k, v + WS, WS, WS, RW), 0, "B6: a MAP of just that window succeeds");
	kt_fini(&k);
}

static void b7(void)
{
	struct t2sim_counters c;
	struct kt k;
	uint64_t v;

	/* (a): window 0's range is half backed */
	setup4(&k, T2_SW_B7, NULL);
	v = kt_alloc(&k, WS / 2, 2 * MIB);
	CHECK_EQ(kt_map(&k, v, 0, WS, RW), -EFAULT, "B7(a): partly unbacked window is a crash point");
	c = kt_counters(&k);
	tap_ok(c.sim_pins == WS / 2 / 4096 && c.pins == 0 && c.crash_points == 1 && logged(&k, "B7"),
	       "B7(a): the pages pinned before the hole stay pinned, with no owner");
	kt_fini(&k);
	/* (b): fault at window 0's programming (site 2) */
	setup4(&k, T2_SW_B7, NULL);
	v = kt_alloc(&k, WS, 2 * MIB);
	kt_fail(&k, 2, 1, NULL);
	CHECK_EQ(kt_map(&k, v, 0, WS, RW), -ENOMEM, "B7(b): programming fault");
	CHECK_EQ(kt_counters(&k).sim_pins, WS / 4096 - 1, "B7(b): ws/4096 - 1 pins leak");
	/* (c): fault at the record (site 3) */
	kt_fail(&k, 3, 1, NULL);
	CHECK_EQ(kt_map(&k, v, WS, WS, RW), -ENOMEM, "B7(c): record fault");
	c = kt_counters(&k);
	tap_ok(c.enabled && c.liodns_valid == 1 && c.dma_windows == 0 && c.pins == 0,
	       "B7(c): enabled with no DMA window, LIODN valid");
	/* (d): MSI record fault (site 2) */
	kt_fail(&k, 2, 1, NULL);
	CHECK_EQ(kt_msi_map(&k, 0, 2 * WS, RW), -ENOMEM, "B7(d): MSI record fault");
	c = kt_counters(&k);
	tap_ok(c.msi_windows == 1 && c.msi_records == 0, "B7(d): MSI window valid with no record");
	kt_fini(&k);
}

static void b9(void)
{
	struct kt k;

	kt_setup(&k, "p4080", T2_SW_B9, G0, 1, GIB, 0);
	CHECK_EQ(kt_map(&k, 0x10000000, 0, WS, RW), -EFAULT, "B9: MAP_DMA without windows: crash point");
	CHECK_EQ(kt_msi_map(&k, 0, 0, RW), -EFAULT, "B9: MAP_MSI_BANK without windows: crash point");
	CHECK_EQ(kt_counters(&k).crash_points, 2, "B9: two crash points");
	tap_ok(logged(&k, "B9"), "B9: logged");
	kt_fini(&k);
}

static void b10(void)
{
	struct t2sim_translate t;
	struct kt k;
	uint64_t v;

	setup4(&k, T2_SW_B10, "p4080,ccsr_base=0xf00000000");
	v = kt_alloc(&k, WS, 2 * MIB);
	kt_msi_map(&k, 0, WS, RW);
	kt_map(&k, v, 0, WS, RW);
	t = kt_xlate(&k, 0, 0, WS + 0x140, 1);
	tap_ok(t.result == T2SIM_XLATE_OK && t.phys == 0xffe044140ull && t.msi_bank == T2SIM_NO_BANK,
	       "B10: the doorbell iova reaches 0xffe044140, no bank");
	kt_fini(&k);
	setup4(&k, 0, "p4080,ccsr_base=0xf00000000");
	v = kt_alloc(&k, WS, 2 * MIB);
	kt_msi_map(&k, 0, WS, RW);
	kt_map(&k, v, 0, WS, RW);
	t = kt_xlate(&k, 0, 0, WS + 0x140, 1);
	tap_ok(t.phys == 0xf00044140ull && t.msi_bank == 0, "spec: rings bank 0 at 0xf00044140");
	kt_fini(&k);
}

static void b11(void)
{
	struct t2sim_counters c;
	struct kt k;

	kt_setup(&k, "p4080,spaace_pool=8", T2_SW_B11, G0, 1, GIB, 4);
	CHECK_EQ(kt_msi_map(&k, 0, 0, RW), 0, "an MSI window");
	CHECK_EQ(kt_set_windows(&k, 4), 0, "B11(a): SET succeeds with only MSI windows valid");
	c = kt_counters(&k);
	tap_ok(c.msi_windows == 0 && c.msi_records == 1, "B11(a): window freed, record stays");
	tap_ok(c.spaaces == 6, "B11(b): old SPAACEs not returned (3 + 3)");
	CHECK_EQ(kt_set_windows(&k, 4), -ENOSPC, "B11(b): repeated SETs end in ENOSPC");
	kt_fini(&k);
}

static void b12(void)
{
	const int g02[] = { 0, 2 };
	struct t2sim_counters c;
	struct kt k;

	kt_setup(&k, "p4080,spaace_pool=5", T2_SW_B12, g02, 2, GIB, 0);
	CHECK_EQ(kt_set_windows(&k, 4), -EINVAL, "B12(a): running out part way gives EINVAL");
	c = kt_counters(&k);
	tap_ok(c.sim_spaaces == 3 && kt_windows(&k) == 256, "B12(a): 0x010 keeps 3 SPAACEs, n unchanged");
	kt_fini(&k);
	kt_setup(&k, "p4080,spaace_pool=5", T2_SW_B12, G0, 1, GIB, 4);
	CHECK_EQ(kt_group_join(&k, 2), -EINVAL, "B12(b): attach short of SPAACEs gives EINVAL");
	c = kt_counters(&k);
	tap_ok(c.groups == 1 && c.liodns_linked == 2 && c.sim_spaaces == 3,
	       "B12(b): LIODN 0x020 stays linked with no SPAACE, group not in");
	kt_fini(&k);
}

static void b13(void)
{
	const int g34[] = { 3, 4 };
	struct t2sim_counters c;
	struct kt k;
	uint64_t v;
	int c2, g4;
	int32_t fd;

	kt_setup(&k, "p4080", T2_SW_B13, g34, 2, GIB, 4);
	v = kt_alloc(&k, WS, 2 * MIB);
	kt_map(&k, v, 0, WS, RW);
	CHECK_EQ(kt_ioctl(&k, k.g[3], VFIO_GROUP_UNSET_CONTAINER, NULL), 0, "group 3 leaves");
	c = kt_counters(&k);
	tap_ok(c.groups == 1 && c.liodns_linked == 0 && c.spaaces == 0,
	       "B13(a): shared LIODN 0x030 unlinked though group 4 stays");
	CHECK_EQ(kt_xlate(&k, 4, 0, 0, 0).result, T2SIM_XLATE_LIODN_INVALID, "B13(a): group 4 cannot DMA");
	kt_fini(&k);
	kt_setup(&k, "p4080", T2_SW_B13, (const int[]){ 3 }, 1, 0, 0);
	c2 = t2sim_open(k.sim, "/dev/vfio/vfio");
	g4 = t2sim_open(k.sim, "/dev/vfio/4");
	fd = c2;
	t2sim_ioctl(k.sim, g4, VFIO_GROUP_SET_CONTAINER, (unsigned long)&fd);
	CHECK_EQ(t2sim_ioctl(k.sim, c2, VFIO_SET_IOMMU, 2), 0, "B13(b): the LIODN is taken by another container");
	kt_fini(&k);
}

static void b14(void)
{
	struct kt k;
	uint64_t v;

	setup4(&k, T2_SW_B14, NULL);
	v = kt_alloc(&k, 2 * WS, 2 * MIB);
	kt_map(&k, v, 0, WS, RW);
	CHECK_EQ(kt_group_join(&k, 1), 0, "group 1 attaches while enabled");
	CHECK_EQ(kt_xlate(&k, 1, 0, 0, 0).result, T2SIM_XLATE_LIODN_INVALID, "B14: its LIODN stays invalid");
	kt_map(&k, v + WS, WS, WS, RW);
	CHECK_EQ(kt_xlate(&k, 1, 0, 0, 0).result, T2SIM_XLATE_OK, "B14: valid after the next MAP_DMA");
	kt_fini(&k);
}

static void b15(void)
{
	struct kt k;

	setup4(&k, T2_SW_B15, NULL);
	CHECK_EQ(kt_msi_map(&k, 0, 0, RW), 0, "bank 0 at window 0");
	CHECK_EQ(kt_msi_map(&k, 0, WS, RW), 0, "B15: bank 0 again at window 1");
	CHECK_EQ(kt_counters(&k).msi_records, 2, "B15: two records for one bank");
	kt_fini(&k);
}

/* SDK-B16: SET writes window (cpu + cache) mod n, GET reads window n - 1. */
static void b16(void)
{
	struct vfio_pamu_attr a;
	struct kt k;

	kt_setup(&k, "p4080", T2_SW_B16, G0, 1, GIB, 0);
	CHECK_EQ(kt_get_attr(&k, VFIO_ATTR_PAMU_STASH, &a), -EFAULT,
		 "B16: GET_ATTR(PAMU_STASH) with no window table is a crash point");
	CHECK_EQ(kt_counters(&k).crash_points, 1, "B16: counted");
	tap_ok(logged(&k, "B16"), "B16: logged");
	CHECK_EQ(kt_set_stash(&k, 5, PAMU_ATTR_CACHE_L3), -ENODEV,
		 "B16: SET before windows is still ENODEV (the domain checks the table first)");
	CHECK_EQ(kt_set_windows(&k, 16), 0, "16 windows");
	CHECK_EQ(kt_set_stash(&k, 5, PAMU_ATTR_CACHE_L3), 0, "B16: SET(5, L3) writes window 8");
	CHECK_EQ(kt_get_attr(&k, VFIO_ATTR_PAMU_STASH, &a), 0, "GET reads window 15");
	tap_ok(a.attr_info.stash.cpu == 0 && a.attr_info.stash.cache == 0,
	       "B16: GET does not return what SET stored (0/0)");
	CHECK_EQ(kt_set_stash(&k, 12, PAMU_ATTR_CACHE_L3), 0, "B16: SET(12, L3) writes window 15");
	kt_get_attr(&k, VFIO_ATTR_PAMU_STASH, &a);
	tap_ok(a.attr_info.stash.cpu == 12 && a.attr_info.stash.cache == PAMU_ATTR_CACHE_L3,
	       "B16: ... unless SET chose window n - 1 too");
	CHECK_EQ(kt_set_windows(&k, 8), 0, "8 windows: a new table");
	kt_get_attr(&k, VFIO_ATTR_PAMU_STASH, &a);
	tap_ok(a.attr_info.stash.cpu == 0 && a.attr_info.stash.cache == 0,
	       "B16: a new window table forgets every window's stash");
	kt_fini(&k);
}

static void l1(void)
{
	struct vfio_pamu_attr a, before;
	struct kt k;
	uint64_t v, u = 12345;

	setup4(&k, T2_SW_L1, NULL);
	memset(&a, 0x5a, sizeof(a));
	a.argsz = 32;
	a.flags = 0;
	a.attribute = 9;
	before = a;
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_ATTR, &a), 0, "L1: GET_ATTR(9) returns 0");
	tap_ok(!memcmp(&a, &before, sizeof(a)), "L1: and leaves the struct as written");
	a.argsz = 31;
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_ATTR, &a), -EINVAL, "L1: argsz check still fails");
	CHECK_EQ(kt_set_windows(&k, 3), 0, "L1: SET_ATTR(WINDOWS 3) returns 0");
	CHECK_EQ(kt_msi_map(&k, 7, 0, RW), 0, "L1: MAP_MSI_BANK(bank 7) returns 0");
	CHECK_EQ(kt_msi_unmap(&k, 0x1000), 0, "L1: UNMAP_MSI_BANK of nothing returns 0");
	CHECK_EQ(kt_counters(&k).msi_windows, 0, "L1: nothing was done");
	v = kt_alloc(&k, WS, 2 * MIB);
	kt_map(&k, v, 0, WS, RW);
	{
		struct vfio_iommu_type1_dma_unmap un = { .argsz = 24, .iova = 0, .size = WS };

		CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_UNMAP_DMA, &un), 0, "UNMAP_DMA");
		u = un.size;
	}
	CHECK_EQ(u, WS, "L1: size not written back (still the input)");
	CHECK_EQ(kt_counters(&k).dma_windows, 0, "but the window was unmapped");
	kt_fini(&k);
}

static void l2(void)
{
	struct vfio_pamu_attr a = { .argsz = 32, .flags = 0xff, .attribute = VFIO_ATTR_WINDOWS };
	struct vfio_pamu_msi_bank_unmap mu = { .argsz = 16, .flags = 3, .iova = 0x1000 };
	struct t2sim_translate t;
	struct kt k;
	uint64_t v;

	setup4(&k, T2_SW_L2, NULL);
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_ATTR, &a), 0, "L2: GET_ATTR flags ignored");
	CHECK_EQ(kt_msi_map(&k, 0, 0x1000, 0x10 | RW), 0, "L2: MSI iova inside a window, extra flag bits");
	CHECK_EQ(kt_msi_unmap(&k, 0), -EINVAL, "L2: UNMAP_MSI_BANK must quote the iova exactly");
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &mu), 0, "L2: UNMAP_MSI_BANK flags ignored");
	CHECK_EQ(kt_msi_map(&k, 0, 8 * GIB, RW), -EINVAL, "L2: index outside 0..n-1 refused by PERS-6");
	v = kt_alloc(&k, WS, 2 * MIB);
	CHECK_EQ(kt_map(&k, v + 0x800, 0, WS + 0x800, RW), -EINVAL, "L2: row 6 still checks size");
	CHECK_EQ(kt_map(&k, v + 0x800, 0, WS, RW), 0, "L2: MAP_DMA accepts an unaligned vaddr");
	t = kt_xlate(&k, 0, 0, 0, 0);
	CHECK_EQ(t.phys, kt_phys(&k, v), "L2: the window maps the page containing vaddr");
	kt_fini(&k);
}

static void l3(void)
{
	struct kt k;
	uint64_t v;

	kt_setup(&k, "p4080", T2_SW_L3, G0, 1, GIB, 0);
	CHECK_EQ(kt_set_stash(&k, 0, 9), -ENODEV, "L3: STASH ENODEV before STASH-1");
	CHECK_EQ(kt_msi_map(&k, 0, 0, RW), -ENODEV, "L3: MSI row 6 gives ENODEV");
	CHECK_EQ(kt_set_windows(&k, 4), 0, "4 windows");
	CHECK_EQ(kt_msi_map(&k, 5, 0, RW), -ENODEV, "L3: MSI row 5 gives ENODEV");
	CHECK_EQ(kt_msi_map(&k, 0, 0, RW), 0, "an MSI window");
	CHECK_EQ(kt_set_windows(&k, 3), -EBUSY, "L3: WIN-5 before WIN-2");
	v = kt_alloc(&k, WS, 2 * MIB);
	CHECK_EQ(kt_map(&k, v, 0x1000, WS, RW), -EBUSY, "L3: MAP rows 8-10 after row 11");
	kt_fini(&k);
}

int main(void)
{
	tap_plan(-1);
	b1();
	b2();
	b3();
	b4();
	b5();
	b6();
	b7();
	b9();
	b10();
	b11();
	b12();
	b13();
	b14();
	b15();
	b16();
	l1();
	l2();
	l3();
	return tap_done();
}
