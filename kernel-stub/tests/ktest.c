/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/* ktest.c - helpers for the core's focused tests (see ktest.h). */
#include <stdarg.h>
#include <stdio.h>
#include "ktest.h"

static void kt_log(void *ctx, const char *line)
{
	struct kt *k = ctx;

	snprintf(k->log[k->nlog % 8], sizeof(k->log[0]), "%s", line);
	k->nlog++;
}

void kt_init(struct kt *k, const char *platform, uint64_t switches)
{
	char err[256];
	int i, r;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < 16; i++)
		k->g[i] = -1;
	r = t2sim_create(&k->sim, platform, switches, err, sizeof(err));
	if (r)
		tap_bail("t2sim_create(%s): %s", platform ? platform : "NULL", err);
	t2sim_set_log(k->sim, kt_log, k);
	k->c = t2sim_open(k->sim, "/dev/vfio/vfio");
	if (k->c < 0)
		tap_bail("open container: %d", k->c);
}

void kt_fini(struct kt *k)
{
	t2sim_destroy(k->sim);
	k->sim = NULL;
}

long kt_ioctl(struct kt *k, int fd, unsigned long cmd, void *arg)
{
	return t2sim_ioctl(k->sim, fd, cmd, (unsigned long)arg);
}

long kt_group_join(struct kt *k, int n)
{
	char path[32];
	int32_t c = k->c;

	snprintf(path, sizeof(path), "/dev/vfio/%d", n);
	if (k->g[n] < 0) {
		k->g[n] = t2sim_open(k->sim, path);
		if (k->g[n] < 0) {
			long r = k->g[n];

			k->g[n] = -1;
			return r;
		}
	}
	return kt_ioctl(k, k->g[n], VFIO_GROUP_SET_CONTAINER, &c);
}

void kt_setup(struct kt *k, const char *platform, uint64_t switches,
	      const int *groups, int ngroups, uint64_t S, uint32_t n)
{
	int i;
	long r;

	kt_init(k, platform, switches);
	for (i = 0; i < ngroups; i++) {
		r = kt_group_join(k, groups[i]);
		if (r)
			tap_bail("join group %d: %ld", groups[i], r);
	}
	r = t2sim_ioctl(k->sim, k->c, VFIO_SET_IOMMU, T2_TYPE2_VALUE);
	if (r)
		tap_bail("SET_IOMMU: %ld", r);
	if (S) {
		r = kt_set_geometry(k, 0, S - 1);
		if (r)
			tap_bail("SET_ATTR(GEOMETRY): %ld", r);
	}
	if (n) {
		r = kt_set_windows(k, n);
		if (r)
			tap_bail("SET_ATTR(WINDOWS %u): %ld", n, r);
	}
}

static long set_attr(struct kt *k, struct vfio_pamu_attr *a)
{
	a->argsz = sizeof(*a);
	return kt_ioctl(k, k->c, VFIO_IOMMU_PAMU_SET_ATTR, a);
}

long kt_set_geometry(struct kt *k, uint64_t start, uint64_t end)
{
	struct vfio_pamu_attr a = { .attribute = VFIO_ATTR_GEOMETRY };

	a.attr_info.attr.aperture_start = start;
	a.attr_info.attr.aperture_end = end;
	return set_attr(k, &a);
}

long kt_set_windows(struct kt *k, uint32_t n)
{
	struct vfio_pamu_attr a = { .attribute = VFIO_ATTR_WINDOWS };

	a.attr_info.windows = n;
	return set_attr(k, &a);
}

long kt_set_stash(struct kt *k, uint32_t cpu, uint32_t cache)
{
	struct vfio_pamu_attr a = { .attribute = VFIO_ATTR_PAMU_STASH };

	a.attr_info.stash.cpu = cpu;
	a.attr_info.stash.cache = cache;
	return set_attr(k, &a);
}

long kt_get_attr(struct kt *k, uint32_t attribute, struct vfio_pamu_attr *out)
{
	memset(out, 0, sizeof(*out));
	out->argsz = sizeof(*out);
	out->attribute = attribute;
	return kt_ioctl(k, k->c, VFIO_IOMMU_PAMU_GET_ATTR, out);
}

uint32_t kt_windows(struct kt *k)
{
	struct vfio_pamu_attr a;

	if (kt_get_attr(k, VFIO_ATTR_WINDOWS, &a))
		return 0;
	return a.attr_info.windows;
}

long kt_map(struct kt *k, uint64_t vaddr, uint64_t iova, uint64_t size, uint32_t flags)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m), .flags = flags, .vaddr = vaddr, .iova = iova, .size = size,
	};

	return kt_ioctl(k, k->c, VFIO_IOMMU_MAP_DMA, &m);
}

long kt_unmap(struct kt *k, uint64_t iova, uint64_t size, uint64_t *unmapped)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = sizeof(u), .iova = iova, .size = size,
	};
	long r = kt_ioctl(k, k->c, VFIO_IOMMU_UNMAP_DMA, &u);

	if (unmapped)
		*unmapped = u.size;
	return r;
}

long kt_msi_map(struct kt *k, uint32_t bank, uint64_t iova, uint32_t flags)
{
	struct vfio_pamu_msi_bank_map m = {
		.argsz = sizeof(m), .flags = flags, .msi_bank_index = bank, .iova = iova,
	};

	return kt_ioctl(k, k->c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, &m);
}

long kt_msi_unmap(struct kt *k, uint64_t iova)
{
	struct vfio_pamu_msi_bank_unmap u = { .argsz = sizeof(u), .iova = iova };

	return kt_ioctl(k, k->c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &u);
}

struct t2sim_counters kt_counters_of(struct kt *k, int cfd)
{
	struct t2sim_counters c = { .argsz = sizeof(c) };
	int r = t2sim_counters(k->sim, cfd, &c);

	if (r)
		tap_bail("T2SIM_COUNTERS: %d", r);
	return c;
}

struct t2sim_counters kt_counters(struct kt *k)
{
	return kt_counters_of(k, k->c);
}

struct t2sim_translate kt_xlate(struct kt *k, int group, uint32_t idx, uint64_t iova,
				int write)
{
	struct t2sim_translate t = {
		.argsz = sizeof(t), .flags = write ? T2SIM_XLATE_WRITE : 0,
		.liodn_index = idx, .iova = iova,
	};
	int r = t2sim_translate(k->sim, k->g[group], &t);

	if (r)
		tap_bail("T2SIM_TRANSLATE(group %d): %d", group, r);
	return t;
}

uint64_t kt_alloc(struct kt *k, uint64_t size, uint64_t page_size)
{
	uint64_t va;
	int r = t2sim_mem_alloc(k->sim, size, page_size, &va);

	if (r)
		tap_bail("t2sim_mem_alloc(%llu, %llu): %d", (unsigned long long)size,
			 (unsigned long long)page_size, r);
	return va;
}

uint64_t kt_phys(struct kt *k, uint64_t vaddr)
{
	struct t2sim_resolve r = { .argsz = sizeof(r), .vaddr = vaddr };

	if (t2sim_resolve(k->sim, k->c, &r))
		tap_bail("T2SIM_RESOLVE");
	return r.phys;
}

uint32_t kt_fail(struct kt *k, uint32_t nth, int arm, uint32_t *fired)
{
	struct t2sim_fail_nth f = {
		.argsz = sizeof(f), .flags = arm ? T2SIM_FAIL_ARM : 0, .nth = nth,
	};

	if (t2sim_fail_nth(k->sim, k->c, &f))
		tap_bail("T2SIM_FAIL_NTH");
	if (fired)
		*fired = f.fired;
	return f.remaining;
}

int kt_check_eq(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	int ok = got == want;

	va_start(ap, fmt);
	tap_vok(ok, fmt, ap);
	va_end(ap);
	if (!ok)
		tap_diag("  got %lld (0x%llx), want %lld (0x%llx)", got,
			 (unsigned long long)got, want, (unsigned long long)want);
	return ok;
}
