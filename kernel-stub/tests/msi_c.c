/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * msi_c.c - focused tests of MSI design C in the core (spec section MSIC):
 * GET_MSI_FD, the mmap of an MSI fd in the in-process shim, MAP_DMA and
 * UNMAP_DMA of its doorbell, revocation when the group leaves, and what each
 * designs2013 switch C1..C5 changes, through the t2sim API.
 */
#include <stdio.h>
#include <sys/mman.h>
#include "ktest.h"

#define WS (256 * MIB) /* geometry 1 GiB, 4 windows */
#define PLAT "p4080,msi_design=C"

static const int G01[] = { 0, 1 };

static long get_msi_fd(struct kt *k, int group, uint32_t *banks)
{
	struct vfio_group_msi_fd m = { .argsz = sizeof(m) };
	long r = kt_ioctl(k, k->g[group], VFIO_GROUP_GET_MSI_FD, &m);

	if (banks)
		*banks = m.banks;
	return r;
}

/* mmap of bank b with prot; the vaddr, or 0 with *err set. */
static uint64_t msi_mmap(struct kt *k, int fd, uint32_t bank, int prot, long *err)
{
	uint64_t va = 0;

	*err = t2sim_mmap(k->sim, fd, 4096, prot, MAP_SHARED, (uint64_t)bank * 4096, &va);
	return *err ? 0 : va;
}

static void basics(void)
{
	struct t2sim_translate t;
	struct t2sim_counters c;
	uint64_t va, ram, unmapped = 0;
	uint32_t banks = 0;
	struct kt k;
	long fd, e;

	kt_setup(&k, PLAT, 0, G01, 2, GIB, 4);
	fd = get_msi_fd(&k, 0, &banks);
	tap_ok(fd >= 0 && banks == 3, "MSIC-3: GET_MSI_FD gives an fd and banks = 3 (%ld, %u)",
	       fd, banks);
	CHECK_EQ(kt_msi_map(&k, 0, WS, RW), -ENOTTY, "MSIC-15: MAP_MSI_BANK is unknown under C");
	CHECK_EQ(t2sim_mmap(k.sim, (int)fd, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0, &va),
		 -EINVAL, "MSIC-5: MAP_PRIVATE refused");
	CHECK_EQ(t2sim_mmap(k.sim, (int)fd, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, 0, &va),
		 -EINVAL, "MSIC-5: two pages refused");
	CHECK_EQ(t2sim_mmap(k.sim, (int)fd, 4096, PROT_WRITE, MAP_SHARED, 3 * 4096, &va),
		 -EINVAL, "MSIC-5: bank 3 of 3 refused");
	CHECK_EQ(t2sim_mmap(k.sim, (int)fd, 4096, PROT_WRITE | PROT_EXEC, MAP_SHARED, 0, &va),
		 -EINVAL, "MSIC-5: PROT_EXEC refused");
	va = msi_mmap(&k, (int)fd, 1, PROT_READ | PROT_WRITE, &e);
	CHECK_EQ(e, 0, "MSIC-5: bank 1 mapped");
	CHECK_EQ(kt_phys(&k, va), ~0ull, "MSIC-6: the mapping has no frame");
	CHECK_EQ(kt_map(&k, va, WS, 2 * WS, RW), -EINVAL, "MSIC-7 a: size of two windows");
	CHECK_EQ(kt_map(&k, va, WS, WS, RW), 0, "MSIC-8: the doorbell maps window 1");
	c = kt_counters(&k);
	tap_ok(c.msi_windows == 1 && c.msi_records == 1 && c.pins == 0 && c.locked == 0 &&
	       !c.enabled, "MSIC-8: an MSI window, a record, no pin, not enabled");
	CHECK_EQ(kt_map(&k, va, 2 * WS, WS, RW), -EBUSY, "MSIC-7 d: bank 1 already here");
	ram = kt_alloc(&k, WS, 2 * MIB);
	CHECK_EQ(kt_map(&k, ram, 0, WS, RW), 0, "RAM at window 0");
	t = kt_xlate(&k, 0, 0, WS + 0x140, 1);
	tap_ok(t.result == T2SIM_XLATE_OK && t.msi_bank == 1 && (t.msi_flags & T2SIM_MSI_MSIIR),
	       "MSI-4: the doorbell iova rings bank 1");
	t = kt_xlate(&k, 0, 0, WS + 0x1000, 0);
	CHECK_EQ(t.result, T2SIM_XLATE_BEYOND_MAPPING, "MSIC-8: only the doorbell page");
	CHECK_EQ(kt_unmap(&k, WS, WS, &unmapped), 0, "MSIC-10: UNMAP_DMA of the MSI window");
	CHECK_EQ(unmapped, WS, "MSIC-10: size counts the MSI window");
	c = kt_counters(&k);
	tap_ok(c.msi_windows == 0 && c.msi_records == 0 && c.locked == (int64_t)(WS / 4096),
	       "MSIC-10: record gone, RAM pages still locked");
	CHECK_EQ(t2sim_close(k.sim, (int)fd), 0, "close the MSI fd while mapped");
	CHECK_EQ(kt_map(&k, va, WS, WS, RW), 0, "MSIC-13: the mapping outlives the fd");
	CHECK_EQ(t2sim_mem_free(k.sim, va), 0, "munmap");
	CHECK_EQ(kt_counters(&k).msi_windows, 1, "MSIC-13: munmap changes no window");
	kt_fini(&k);
}

static void prot_and_revoke(void)
{
	struct t2sim_counters c;
	uint64_t ro, va;
	struct kt k;
	long fd, fd1, e;

	kt_setup(&k, PLAT, 0, G01, 2, GIB, 4);
	fd = get_msi_fd(&k, 0, NULL);
	fd1 = get_msi_fd(&k, 1, NULL);
	ro = msi_mmap(&k, (int)fd, 0, PROT_READ, &e);
	CHECK_EQ(kt_map(&k, ro, 0, WS, RW), -EFAULT, "MSIC-7 e: WRITE on a read-only mapping");
	CHECK_EQ(kt_map(&k, ro, 0, WS, VFIO_DMA_MAP_FLAG_READ), 0, "READ on it is fine");
	va = msi_mmap(&k, (int)fd1, 2, PROT_WRITE, &e);
	CHECK_EQ(kt_map(&k, va, WS, WS, VFIO_DMA_MAP_FLAG_WRITE), 0, "group 1's bank 2");
	CHECK_EQ(t2sim_ioctl(k.sim, k.g[0], VFIO_GROUP_UNSET_CONTAINER, 0), 0, "group 0 leaves");
	c = kt_counters(&k);
	tap_ok(c.msi_windows == 1 && c.msi_records == 1,
	       "MSIC-11: group 0's window went, group 1's stays");
	CHECK_EQ(kt_map(&k, ro, 2 * WS, WS, VFIO_DMA_MAP_FLAG_READ), -EINVAL,
		 "MSIC-12: a revoked fd's mapping maps nothing");
	CHECK_EQ(t2sim_mmap(k.sim, (int)fd, 4096, PROT_READ, MAP_SHARED, 0, &va), -ENODEV,
		 "MSIC-12: mmap of a revoked fd");
	kt_fini(&k);
}

/* Each switch alone; what it changes against the rule it breaks. */
static void switches(void)
{
	struct t2sim_translate t;
	uint64_t va, unmapped = 1;
	struct kt k, k2;
	long fd, e;
	int c2;

	kt_setup(&k, PLAT, T2_DSW(C1), G01, 2, GIB, 4);
	fd = get_msi_fd(&k, 0, NULL);
	va = msi_mmap(&k, (int)fd, 0, PROT_WRITE, &e);
	kt_map(&k, va, 0, WS, VFIO_DMA_MAP_FLAG_WRITE);
	t2sim_ioctl(k.sim, k.g[0], VFIO_GROUP_UNSET_CONTAINER, 0);
	CHECK_EQ(kt_counters(&k).msi_windows, 1, "C1: the left group's doorbell stays mapped");
	CHECK_EQ(kt_map(&k, va, WS, WS, VFIO_DMA_MAP_FLAG_WRITE), -EBUSY,
		 "C1: its fd still maps (EBUSY only from bank uniqueness)");
	kt_fini(&k);

	kt_setup(&k, PLAT, T2_DSW(C2), G01, 1, GIB, 4);
	fd = get_msi_fd(&k, 0, NULL);
	va = msi_mmap(&k, (int)fd, 3, PROT_WRITE, &e);
	CHECK_EQ(e, 0, "C2: bank 3 of 3 mapped");
	kt_fini(&k);

	kt_setup(&k, PLAT, T2_DSW(C3), G01, 1, GIB, 4);
	fd = get_msi_fd(&k, 0, NULL);
	va = msi_mmap(&k, (int)fd, 0, PROT_WRITE, &e);
	CHECK_EQ(kt_map(&k, va, 0, 2 * WS, VFIO_DMA_MAP_FLAG_WRITE), 0, "C3: two windows accepted");
	kt_map(&k, kt_alloc(&k, WS, 2 * MIB), 3 * WS, WS, RW);
	t = kt_xlate(&k, 0, 0, 0x1140, 1);
	tap_ok(t.result == T2SIM_XLATE_OK && t.msi_bank == 1,
	       "C3: window 0 reaches bank 1's doorbell (%u, %u)", t.result, t.msi_bank);
	kt_fini(&k);

	kt_setup(&k, PLAT, T2_DSW(C4), G01, 1, GIB, 4);
	fd = get_msi_fd(&k, 0, NULL);
	va = msi_mmap(&k, (int)fd, 0, PROT_WRITE, &e);
	c2 = t2sim_open(k.sim, "/dev/vfio/vfio");
	k2 = k;
	k2.c = c2;
	kt_group_join(&k2, 1);
	k.g[1] = k2.g[1];
	t2sim_ioctl(k.sim, c2, VFIO_SET_IOMMU, T2_TYPE2_VALUE);
	kt_set_geometry(&k2, 0, GIB - 1);
	kt_set_windows(&k2, 4);
	CHECK_EQ(kt_map(&k2, va, 0, WS, VFIO_DMA_MAP_FLAG_WRITE), 0,
		 "C4: another container maps group 0's fd");
	kt_fini(&k);

	kt_setup(&k, PLAT, T2_DSW(C5), G01, 1, GIB, 4);
	fd = get_msi_fd(&k, 0, NULL);
	va = msi_mmap(&k, (int)fd, 0, PROT_WRITE, &e);
	kt_map(&k, va, 0, WS, VFIO_DMA_MAP_FLAG_WRITE);
	CHECK_EQ(kt_unmap(&k, 0, WS, &unmapped), 0, "C5: UNMAP_DMA");
	tap_ok(unmapped == 0 && kt_counters(&k).msi_windows == 1,
	       "C5: the doorbell stays mapped, size 0");
	kt_fini(&k);
}

static void design_d(void)
{
	struct kt k;

	kt_setup(&k, "p4080", 0, G01, 1, GIB, 4);
	CHECK_EQ(get_msi_fd(&k, 0, NULL), -ENOTTY, "MSIC-1: GET_MSI_FD is unknown under D");
	kt_fini(&k);
}

int main(void)
{
	basics();
	prot_and_revoke();
	switches();
	design_d();
	tap_done();
	return 0;
}
