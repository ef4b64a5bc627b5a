/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * seq.c - the spec's section 20 typical call sequence, with its exact
 * numbers, on p4080 in the spec personality; then the other RAM sizes of
 * that section (1 GiB on 1 GiB pages).
 */
#include "ktest.h"

static void typical_sequence(void)
{
	struct t2sim_counters c;
	struct t2sim_translate t;
	struct vfio_group_status st = { .argsz = 8 };
	struct vfio_pamu_attr a;
	struct kt k;
	uint64_t v, unmapped;
	int32_t cfd;
	int i;

	kt_init(&k, "p4080", 0);
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_GET_API_VERSION, NULL), 0, "2: GET_API_VERSION is 0");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_CHECK_EXTENSION, 2), 1, "3: CHECK_EXTENSION(2) is 1");
	k.g[0] = t2sim_open(k.sim, "/dev/vfio/0");
	tap_ok(k.g[0] >= 0, "4: open /dev/vfio/0");
	CHECK_EQ(kt_ioctl(&k, k.g[0], VFIO_GROUP_GET_STATUS, &st), 0, "5: GROUP_GET_STATUS");
	CHECK_EQ(st.flags, VFIO_GROUP_FLAGS_VIABLE, "5: flags 0x1 (VIABLE)");
	cfd = k.c;
	CHECK_EQ(kt_ioctl(&k, k.g[0], VFIO_GROUP_SET_CONTAINER, &cfd), 0, "6: GROUP_SET_CONTAINER");
	kt_ioctl(&k, k.g[0], VFIO_GROUP_GET_STATUS, &st);
	CHECK_EQ(st.flags, 0x3, "6: status flags now 0x3");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_SET_IOMMU, 2), 0, "7: SET_IOMMU(2)");
	c = kt_counters(&k);
	tap_ok(c.backend == 1 && c.liodns_linked == 1 && c.liodns_valid == 0 && !c.enabled,
	       "7: LIODN 0x010 attached, invalid");
	t = kt_xlate(&k, 0, 0, 0, 0);
	CHECK_EQ(t.liodn, 0x010, "7: group 0 uses LIODN 0x010");
	CHECK_EQ(t2sim_ioctl(k.sim, k.c, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT, 0), 3,
		 "8: GET_MSI_BANK_COUNT(NULL) is 3");
	CHECK_EQ(kt_windows(&k), 256, "9: GET_ATTR(WINDOWS) is max_windows 256");
	CHECK_EQ(kt_set_geometry(&k, 0, 0x1FFFFFFF), 0, "10: SET_ATTR(GEOMETRY 0..0x1FFF_FFFF)");
	kt_get_attr(&k, VFIO_ATTR_GEOMETRY, &a);
	tap_ok(a.attr_info.attr.aperture_start == 0 && a.attr_info.attr.aperture_end == 0x1FFFFFFF,
	       "10: GET_ATTR(GEOMETRY) returns the set values");
	CHECK_EQ(kt_set_windows(&k, 256), 0, "11: SET_ATTR(WINDOWS 256)");
	c = kt_counters(&k);
	CHECK_EQ(c.window_size, 0x200000, "11: ws 0x20_0000");
	CHECK_EQ(c.spaaces, 255, "11: SPAACEs in use 255");
	CHECK_EQ(c.sim_spaaces, 255, "11: sim_spaaces 255");
	for (i = 0; i < 3; i++)
		CHECK_EQ(kt_msi_map(&k, (uint32_t)i, 0x10000000 + (uint64_t)i * 0x200000, RW), 0,
			 "12: MAP_MSI_BANK bank %d", i);
	c = kt_counters(&k);
	tap_ok(c.msi_windows == 3 && c.msi_records == 3 && !c.enabled && c.pins == 0,
	       "12: windows 128..130 MSI, still not enabled");
	t = kt_xlate(&k, 0, 0, 0x10000140, 1);
	CHECK_EQ(t.result, T2SIM_XLATE_LIODN_INVALID, "12: doorbell unreachable before enable");

	v = kt_alloc(&k, 256 * MIB, 2 * MIB);
	CHECK_EQ(kt_map(&k, v, 0, 0x10000000, RW), 0, "14: MAP_DMA 256 MiB at iova 0");
	c = kt_counters(&k);
	CHECK_EQ(c.dma_windows, 128, "14: windows 0..127 DMA");
	CHECK_EQ(c.pins, 65536, "14: 65536 pins");
	CHECK_EQ(c.sim_pins, 65536, "14: sim_pins 65536");
	CHECK_EQ(c.locked, 65536, "14: locked +65536");
	tap_ok(c.enabled && c.liodns_valid == 1, "14: enabled, LIODN 0x010 valid");
	CHECK_EQ(c.dma_claimed, 0x10000000, "14: dma_claimed = dma_windows x ws");

	t = kt_xlate(&k, 0, 0, 0x00123456, 0);
	CHECK_EQ(t.result, T2SIM_XLATE_OK, "15: read iova 0x0012_3456 OK");
	CHECK_EQ(t.phys, kt_phys(&k, v) + 0x123456, "15: phys P(V) + 0x12_3456");
	CHECK_EQ(t.msi_bank, T2SIM_NO_BANK, "15: no bank");
	for (i = 0; i < 3; i++) {
		t = kt_xlate(&k, 0, 0, 0x10000140 + (uint64_t)i * 0x200000, 1);
		tap_ok(t.result == T2SIM_XLATE_OK && t.phys == 0xffe044140ull + (uint64_t)i * 0x1000 &&
		       t.msi_bank == (uint32_t)i &&
		       t.msi_flags == (T2SIM_MSI_HIT | T2SIM_MSI_MSIIR),
		       "16: write doorbell 0x%llx rings bank %d",
		       0x10000140ull + (unsigned long long)i * 0x200000, i);
	}
	t = kt_xlate(&k, 0, 0, 0x10000140, 0);
	CHECK_EQ(t.msi_flags, T2SIM_MSI_HIT, "16: a read of MSIIR only hits");
	t = kt_xlate(&k, 0, 0, 0x10001000, 1);
	CHECK_EQ(t.result, T2SIM_XLATE_BEYOND_MAPPING, "16: MSI window maps only 4 KiB");
	t = kt_xlate(&k, 0, 0, 0x10600000, 0);
	CHECK_EQ(t.result, T2SIM_XLATE_WINDOW_FREE, "17: iova 0x1060_0000 WINDOW_FREE (window 131)");
	t = kt_xlate(&k, 0, 0, 0x20000000, 0);
	CHECK_EQ(t.result, T2SIM_XLATE_OUTSIDE_APERTURE, "iova 0x2000_0000 outside the aperture");

	/* QEMU's EBUSY path: remap of a mapped section */
	CHECK_EQ(kt_map(&k, v, 0, 0x200000, RW), -EBUSY, "MAP over a DMA window: EBUSY");
	CHECK_EQ(kt_map(&k, v, 0x10000000, 0x200000, RW), -EBUSY, "MAP over an MSI window: EBUSY");
	CHECK_EQ(kt_unmap(&k, 0, 0x200000, &unmapped), 0, "UNMAP_DMA one window");
	CHECK_EQ(unmapped, 0x200000, "UNMAP_DMA writes back 2 MiB");
	CHECK_EQ(kt_map(&k, v, 0, 0x200000, RW), 0, "and maps it again");

	CHECK_EQ(kt_ioctl(&k, k.g[0], VFIO_GROUP_UNSET_CONTAINER, NULL), 0, "18: GROUP_UNSET_CONTAINER");
	c = kt_counters(&k);
	tap_ok(!c.backend && !c.dma_windows && !c.msi_windows && !c.pins && !c.sim_pins &&
	       !c.locked && !c.sim_spaaces && !c.groups,
	       "18: release: windows freed, pins 0, locked at baseline, SPAACEs 0");
	t = kt_xlate(&k, 0, 0, 0x00123456, 0);
	CHECK_EQ(t.result, T2SIM_XLATE_LIODN_INVALID, "18: LIODN invalid");
	CHECK_EQ(kt_ioctl(&k, k.c, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT, NULL), -EINVAL,
		 "18: backend ioctls give EINVAL after release");
	CHECK_EQ(t2sim_close(k.sim, k.g[0]), 0, "19: close G");
	CHECK_EQ(t2sim_close(k.sim, k.c), 0, "19: close C");
	kt_fini(&k);
}

static void one_gib(void)
{
	const int g0[] = { 0 };
	struct t2sim_counters c;
	struct t2sim_translate t;
	struct kt k;
	uint64_t v;
	int i;

	kt_setup(&k, "p4080", 0, g0, 1, 4 * GIB, 4);
	c = kt_counters(&k);
	CHECK_EQ(c.window_size, GIB, "1 GiB RAM: n 4, ws 1 GiB");
	CHECK_EQ(c.spaaces, 3, "1 GiB RAM: 3 SPAACEs");
	for (i = 0; i < 3; i++)
		CHECK_EQ(kt_msi_map(&k, (uint32_t)i, (uint64_t)(i + 1) * 0x40000000, RW), 0,
			 "1 GiB RAM: MSI bank %d at 0x%llx", i, (unsigned long long)(i + 1) * 0x40000000);
	v = kt_alloc(&k, GIB, GIB);
	CHECK_EQ(kt_map(&k, v, 0, GIB, RW), 0, "1 GiB RAM: MAP_DMA 1 GiB");
	c = kt_counters(&k);
	CHECK_EQ(c.pins, 262144, "1 GiB RAM: 262144 pins after MAP");
	t = kt_xlate(&k, 0, 0, 0xC0000140, 1);
	tap_ok(t.result == T2SIM_XLATE_OK && t.msi_bank == 2, "1 GiB RAM: bank 2 doorbell at 0xC000_0140");
	t = kt_xlate(&k, 0, 0, 0x3FFFFFFF, 1);
	CHECK_EQ(t.phys, kt_phys(&k, v) + 0x3FFFFFFF, "1 GiB RAM: last byte of window 0");
	CHECK_EQ(kt_phys(&k, v) % GIB, 0, "1 GiB hugepage buffer physically 1 GiB aligned");
	CHECK_EQ(t2sim_mem_free(k.sim, v), 0, "free the buffer while mapped");
	c = kt_counters(&k);
	CHECK_EQ(c.pins, 262144, "MEM-5: pins stay after the buffer is freed");
	t = kt_xlate(&k, 0, 0, 0x1000, 0);
	CHECK_EQ(t.result, T2SIM_XLATE_OK, "MEM-5: still reachable by the device");
	CHECK_EQ(kt_unmap(&k, 0, GIB, NULL), 0, "UNMAP_DMA");
	c = kt_counters(&k);
	tap_ok(!c.pins && !c.sim_pins && !c.locked && !c.enabled, "unmapped: pins 0, locked 0, disabled");
	kt_fini(&k);
}

int main(void)
{
	tap_plan(-1);
	typical_sequence();
	one_gib();
	return tap_done();
}
