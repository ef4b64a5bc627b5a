/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_msi.c - MSI banks in the oracle: MSI-2 and MSI-7 rows, bank
 * ownership between two containers under the exclusive and shared policies
 * (MSI-5), release of ownership (REL-2), doorbell reach (ISO-3, ISO-6) and
 * the t4240 MSIIR offsets (PLAT-5, MSI-4).
 */
#include <stdio.h>
#include "oracle/tests/oracle_test.h"

struct two {
	struct t2_oracle *o;
	int c1, c2, g0, g1;
};

/* Two containers, group 0 in c1 and group 1 in c2, 16 windows of 16 MiB each. */
static struct two two_containers(const char *platform)
{
	struct two t = { .o = ot_new(platform) };
	struct t2_oracle *o = t.o;

	t.c1 = t2_oracle_open_container(o);
	t.c2 = t2_oracle_open_container(o);
	t.g0 = t2_oracle_open_group(o, 0);
	t.g1 = t2_oracle_open_group(o, 1);
	ot_set_container(o, t.g0, t.c1);
	ot_set_container(o, t.g1, t.c2);
	ot_set_iommu(o, t.c1);
	ot_set_iommu(o, t.c2);
	ot_set_geom(o, t.c1, 0, 0xFFFFFFF);
	ot_set_geom(o, t.c2, 0, 0xFFFFFFF);
	return t;
}

static void rows(void)
{
	struct two t = two_containers("p4080");
	struct t2_oracle *o = t.o;
	struct vfio_pamu_msi_bank_map m = { .argsz = 23, .flags = RW };
	struct vfio_pamu_msi_bank_unmap u = { .argsz = 15 };
	uint64_t v;

	OT_RULE(t2_oracle_ioctl(o, t.c1, VFIO_IOMMU_PAMU_MAP_MSI_BANK, 0), -EFAULT, "MSI-2.1");
	OT_RULE(ot_ioctl(o, t.c1, VFIO_IOMMU_PAMU_MAP_MSI_BANK, &m), -EINVAL, "MSI-2.2");
	OT_RULE(ot_map_msi(o, t.c1, 0, 0, 8 | RW), -EINVAL, "MSI-2.3");
	OT_RULE(ot_map_msi(o, t.c1, 0, 0, 0), -EINVAL, "MSI-2.4");
	OT_RULE(ot_map_msi(o, t.c1, 3, 0, RW), -EINVAL, "MSI-2.5");
	OT_RULE(ot_map_msi(o, t.c1, 0, 0, RW), -EINVAL, "MSI-2.6");
	ot_set_windows(o, t.c1, 16);
	ot_set_windows(o, t.c2, 16);
	OT_RULE(ot_map_msi(o, t.c1, 0, 0x10000000, RW), -EINVAL, "MSI-2.7");
	OT_RULE(ot_map_msi(o, t.c1, 0, 0x1001000, RW), -EINVAL, "MSI-2.8");
	OT_RULE(ot_map_msi(o, t.c1, 0, 0x1000000, VFIO_DMA_MAP_FLAG_WRITE), 0, "MSI-3");
	OT_RULE(ot_map_msi(o, t.c1, 1, 0x1000000, RW), -EBUSY, "MSI-2.9");
	OT_RULE(ot_map_msi(o, t.c1, 0, 0x2000000, RW), -EBUSY, "MSI-2.10");
	OT_RULE(ot_map_msi(o, t.c2, 0, 0x2000000, RW), -EBUSY, "MSI-2.11");
	OT_RULE(ot_map_msi(o, t.c2, 1, 0x2000000, RW), 0, "MSI-3");
	/* ISO-6: not enabled yet, so the doorbell is unreachable */
	tap_ok(ot_xlate(o, t.g0, 0, 0x1000140, 1).result == T2SIM_XLATE_LIODN_INVALID,
	       "MSI-6: MSI windows alone do not enable");
	t2_oracle_buf_alloc(o, 16 * MiB, 2 * MiB, &v);
	OT_RULE(ot_map(o, t.c1, v, 0, 16 * MiB, RW), 0, "MAP-3");
	tap_ok(ot_xlate(o, t.g0, 0, 0x1000140, 1).msi_flags == (T2SIM_MSI_HIT | T2SIM_MSI_MSIIR),
	       "ISO-3: c1's device rings bank 0");
	tap_ok(ot_xlate(o, t.g0, 0, 0x1000140, 0).result == T2SIM_XLATE_PERMISSION,
	       "ISO-2.5: the bank was mapped write-only");
	tap_ok(ot_xlate(o, t.g1, 0, 0x2000140, 1).result == T2SIM_XLATE_LIODN_INVALID,
	       "ISO-6: c2 is not enabled");
	/* MSI-7 */
	OT_RULE(t2_oracle_ioctl(o, t.c1, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, 0), -EFAULT, "MSI-7.1");
	OT_RULE(ot_ioctl(o, t.c1, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &u), -EINVAL, "MSI-7.2");
	u.argsz = 16;
	u.flags = 1;
	u.iova = 0x1000000;
	OT_RULE(ot_ioctl(o, t.c1, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &u), -EINVAL, "MSI-7.3");
	OT_RULE(ot_unmap_msi(o, t.c1, 0x1000140), -EINVAL, "MSI-7.4");
	OT_RULE(ot_unmap_msi(o, t.c1, 0), -EINVAL, "MSI-7.4");
	OT_RULE(ot_unmap_msi(o, t.c1, 0x2000000), -EINVAL, "MSI-7.4");
	OT_RULE(ot_unmap_msi(o, t.c1, 0x1000000), 0, "MSI-8");
	OT_RULE(ot_unmap_msi(o, t.c1, 0x1000000), -EINVAL, "MSI-7.4");
	tap_ok(ot_xlate(o, t.g0, 0, 0x1000140, 1).result == T2SIM_XLATE_WINDOW_FREE,
	       "MSI-8: window freed");
	OT_RULE(ot_map_msi(o, t.c2, 0, 0x3000000, RW), 0, "MSI-3");
	/* REL-2 releases bank ownership */
	OT_RULE(ot_map_msi(o, t.c1, 2, 0x4000000, RW), 0, "MSI-3");
	OT_RULE(ot_map_msi(o, t.c2, 2, 0x4000000, RW), -EBUSY, "MSI-2.11");
	OT_RULE(ot_unset_container(o, t.g0), 0, "CORE-9");
	OT_RULE(ot_map_msi(o, t.c2, 2, 0x4000000, RW), 0, "MSI-3");
	tap_ok(ot_counters(o, t.c2).msi_records == 3, "c2 holds 3 records");
	ot_self_check(o, "exclusive");
	t2_oracle_free(o);
}

static void shared(void)
{
	struct two t = two_containers("p4080,msi_policy=shared");
	struct t2_oracle *o = t.o;
	uint64_t v1, v2;

	ot_set_windows(t.o, t.c1, 16);
	ot_set_windows(t.o, t.c2, 16);
	OT_RULE(ot_map_msi(o, t.c1, 0, 0x1000000, RW), 0, "MSI-3");
	OT_RULE(ot_map_msi(o, t.c2, 0, 0x1000000, RW), 0, "MSI-3");
	OT_RULE(ot_map_msi(o, t.c2, 0, 0x5000000, RW), -EBUSY, "MSI-2.10");
	OT_RULE(ot_map_msi(o, t.c1, 0, 0x5000000, RW), -EBUSY, "MSI-2.10");
	t2_oracle_buf_alloc(o, 16 * MiB, 2 * MiB, &v1);
	t2_oracle_buf_alloc(o, 16 * MiB, 2 * MiB, &v2);
	ot_map(o, t.c1, v1, 0, 16 * MiB, RW);
	ot_map(o, t.c2, v2, 0, 16 * MiB, RW);
	tap_ok(ot_xlate(o, t.g0, 0, 0x1000140, 1).msi_bank == 0 &&
	       ot_xlate(o, t.g1, 0, 0x1000140, 1).msi_bank == 0, "MSI-5: both reach bank 0");
	tap_ok(ot_xlate(o, t.g0, 0, 0x100, 0).phys != ot_xlate(o, t.g1, 0, 0x100, 0).phys,
	       "ISO-5: each device reaches its own container's memory");
	OT_RULE(ot_unset_container(o, t.g0), 0, "CORE-9");
	tap_ok(ot_counters(o, t.c2).msi_records == 1, "release of c1 leaves c2's record");
	ot_self_check(o, "shared");
	t2_oracle_free(o);
}

static void t4240(void)
{
	struct t2_oracle *o = ot_new("t4240,ccsr_base=0xf00000000");
	int c = t2_oracle_open_container(o), g = t2_oracle_open_group(o, 5);
	struct t2sim_translate x;
	uint64_t v;

	ot_set_container(o, g, c);
	ot_set_iommu(o, c);
	OT_RULE(t2_oracle_ioctl(o, c, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT, 0), 4, "MSI-1");
	ot_set_geom(o, c, 1ull << 32, (1ull << 33) - 1);
	ot_set_windows(o, c, 8);
	OT_RULE(ot_map_msi(o, c, 3, (1ull << 32) + 7 * (1ull << 29), RW), 0, "MSI-3");
	t2_oracle_buf_alloc(o, 512 * MiB, 2 * MiB, &v);
	OT_RULE(ot_map(o, c, v, 1ull << 32, 512 * MiB, RW), 0, "MAP-3");
	x = ot_xlate(o, g, 0, (1ull << 32) + 7 * (1ull << 29) + 0x148, 1);
	tap_ok(x.liodn == 0x4ff && x.phys == 0xf00047148ull && x.msi_bank == 3 &&
	       x.msi_flags == (T2SIM_MSI_HIT | T2SIM_MSI_MSIIR),
	       "MSI-4/PLAT-5: t4240 bank 3 MSIIR1 alias at offset 0x148, moved CCSR base");
	x = ot_xlate(o, g, 0, (1ull << 32) + 7 * (1ull << 29) + 0x140, 1);
	tap_ok(x.msi_flags == T2SIM_MSI_HIT, "ISO-3: 0x140 hits but does not ring on t4240");
	t2_oracle_free(o);
}

int main(void)
{
	tap_plan(-1);
	rows();
	shared();
	t4240();
	return tap_done();
}
