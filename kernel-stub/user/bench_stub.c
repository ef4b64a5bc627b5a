/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * bench_stub.c - throughput of the in-process simulator on one core:
 * GET_ATTR, a one-window MAP_DMA + UNMAP_DMA pair at ws = 4 KiB and at
 * ws = 1 GiB, and an MSI map + unmap pair.  Prints figures only; timing is
 * never a verdict.  Usage: bench_stub [seconds-per-row, default 0.5]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "t2sim.h"

#define RW (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

struct bench {
	struct t2sim *sim;
	int c, g;
	uint64_t buf;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, long r)
{
	fprintf(stderr, "bench_stub: %s: %ld\n", what, r);
	exit(1);
}

static void setup(struct bench *b, uint64_t aperture, uint32_t n, uint64_t bufsize,
		  uint64_t page)
{
	struct vfio_pamu_attr a = { .argsz = sizeof(a), .attribute = VFIO_ATTR_GEOMETRY };
	char err[256];
	int32_t c;
	long r;

	r = t2sim_create(&b->sim, "p4080", 0, err, sizeof(err));
	if (r)
		die(err, r);
	b->c = t2sim_open(b->sim, "/dev/vfio/vfio");
	b->g = t2sim_open(b->sim, "/dev/vfio/0");
	c = b->c;
	r = t2sim_ioctl(b->sim, b->g, VFIO_GROUP_SET_CONTAINER, (unsigned long)&c);
	if (!r)
		r = t2sim_ioctl(b->sim, b->c, VFIO_SET_IOMMU, T2_TYPE2_VALUE);
	a.attr_info.attr.aperture_end = aperture - 1;
	if (!r)
		r = t2sim_ioctl(b->sim, b->c, VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
	a.attribute = VFIO_ATTR_WINDOWS;
	a.attr_info.windows = n;
	if (!r)
		r = t2sim_ioctl(b->sim, b->c, VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
	if (!r && bufsize)
		r = t2sim_mem_alloc(b->sim, bufsize, page, &b->buf);
	if (r)
		die("setup", r);
}

typedef long (*op_fn)(struct bench *b, uint64_t ws);

static long op_get_attr(struct bench *b, uint64_t ws)
{
	struct vfio_pamu_attr a = { .argsz = sizeof(a), .attribute = VFIO_ATTR_WINDOWS };

	(void)ws;
	return t2sim_ioctl(b->sim, b->c, VFIO_IOMMU_PAMU_GET_ATTR, (unsigned long)&a);
}

static long op_map_unmap(struct bench *b, uint64_t ws)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m), .flags = RW, .vaddr = b->buf, .iova = 0, .size = ws,
	};
	struct vfio_iommu_type1_dma_unmap u = { .argsz = sizeof(u), .iova = 0, .size = ws };
	long r = t2sim_ioctl(b->sim, b->c, VFIO_IOMMU_MAP_DMA, (unsigned long)&m);

	if (!r)
		r = t2sim_ioctl(b->sim, b->c, VFIO_IOMMU_UNMAP_DMA, (unsigned long)&u);
	return r;
}

static long op_msi(struct bench *b, uint64_t ws)
{
	struct vfio_pamu_msi_bank_map m = { .argsz = sizeof(m), .flags = RW, .iova = 0 };
	struct vfio_pamu_msi_bank_unmap u = { .argsz = sizeof(u), .iova = 0 };
	long r = t2sim_ioctl(b->sim, b->c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, (unsigned long)&m);

	(void)ws;
	if (!r)
		r = t2sim_ioctl(b->sim, b->c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, (unsigned long)&u);
	return r;
}

/* ops per second of fn, over about `secs` seconds */
static double measure(struct bench *b, op_fn fn, uint64_t ws, double secs)
{
	double t0 = now(), t;
	long n = 0, batch = 1000, i, r;

	do {
		for (i = 0; i < batch; i++) {
			r = fn(b, ws);
			if (r)
				die("operation failed", r);
		}
		n += batch;
		t = now() - t0;
	} while (t < secs);
	return (double)n / t;
}

static void row(const char *name, double ops)
{
	printf("%-34s %12.0f %10.1f\n", name, ops, 1e9 / ops);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0.5;
	double get, small, big, msi;
	struct bench b;

	if (secs <= 0)
		secs = 0.5;
	setup(&b, 1ull << 20, 256, 4096, 4096); /* ws 4 KiB, one 4K page */
	get = measure(&b, op_get_attr, 0, secs);
	small = measure(&b, op_map_unmap, 4096, secs);
	msi = measure(&b, op_msi, 0, secs);
	t2sim_destroy(b.sim);
	setup(&b, 4ull << 30, 4, 1ull << 30, 1ull << 30); /* ws 1 GiB, one 1G page */
	big = measure(&b, op_map_unmap, 1ull << 30, secs);
	t2sim_destroy(b.sim);

	printf("%-34s %12s %10s\n", "operation", "ops/s", "ns/op");
	row("GET_ATTR(WINDOWS)", get);
	row("MAP_DMA+UNMAP_DMA pair, ws 4 KiB", small);
	row("MAP_DMA+UNMAP_DMA pair, ws 1 GiB", big);
	row("MAP_MSI_BANK+UNMAP_MSI_BANK pair", msi);
	printf("cost ratio 1 GiB / 4 KiB: %.2f\n", small / big);
	printf("goals: GET_ATTR >= 2M/s, MAP+UNMAP >= 500k pairs/s, ratio <= 2 (not a verdict)\n");
	return 0;
}
