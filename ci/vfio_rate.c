/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * vfio_rate.c - how many ioctls per second a backend answers through real
 * file descriptors: the figure docs/vfio-core.md reports for t2vfio.ko
 * behind the kernel's VFIO core (T2_ROOT, default /dev/vfio).
 *
 *   T2_ROOT=/dev/vfio vfio_rate [iterations]     (TAP on stdout)
 *
 * It times three loops after the section 20 set-up (group 0, SET_IOMMU,
 * geometry and 256 windows of 4 KiB): CHECK_EXTENSION (answered by the
 * backend once it is set), GET_ATTR(WINDOWS), and MAP_DMA + UNMAP_DMA of one
 * window (pins one page each time).  The clock only feeds the printed
 * figures, never a verdict: the one test is that every call succeeded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "t2/abi.h"

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int open_node(const char *root, const char *leaf)
{
	char path[300];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, leaf);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		printf("# open %s: %s\n", path, strerror(errno));
	return fd;
}

static void report(const char *what, long calls, double t0)
{
	double dt = seconds() - t0;

	printf("# %-28s %8ld ioctls in %6.3f s: %9.0f ioctl/s\n", what, calls, dt,
	       dt > 0 ? (double)calls / dt : 0.0);
}

int main(int argc, char **argv)
{
	const char *root = getenv("T2_ROOT") ? getenv("T2_ROOT") : "/dev/vfio";
	long iters = argc > 1 ? strtol(argv[1], NULL, 0) : 100000, i, bad = 0;
	struct vfio_iommu_type1_dma_unmap um;
	struct vfio_iommu_type1_dma_map m;
	struct vfio_pamu_attr a;
	int c, g;
	double t0;
	void *buf;

	printf("1..1\n");
	if (iters <= 0) {
		printf("not ok 1 - bad iteration count '%s'\n", argv[1]);
		return 1;
	}
	c = open_node(root, "vfio");
	g = open_node(root, "0");
	if (c < 0 || g < 0 || ioctl(g, VFIO_GROUP_SET_CONTAINER, &c) ||
	    ioctl(c, VFIO_SET_IOMMU, T2_TYPE2_VALUE)) {
		printf("not ok 1 - set-up through %s: %s\n", root, strerror(errno));
		return 1;
	}
	memset(&a, 0, sizeof(a));
	a.argsz = sizeof(a);
	a.attribute = VFIO_ATTR_GEOMETRY;
	a.attr_info.attr.aperture_start = 0;
	a.attr_info.attr.aperture_end = 256 * 4096 - 1;
	bad += ioctl(c, VFIO_IOMMU_PAMU_SET_ATTR, &a) != 0;
	a.attribute = VFIO_ATTR_WINDOWS;
	a.attr_info.windows = 256;
	bad += ioctl(c, VFIO_IOMMU_PAMU_SET_ATTR, &a) != 0;
	buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		   -1, 0);
	if (bad || buf == MAP_FAILED) {
		printf("not ok 1 - geometry, windows or buffer: %s\n", strerror(errno));
		return 1;
	}

	t0 = seconds();
	for (i = 0; i < iters; i++)
		bad += ioctl(c, VFIO_CHECK_EXTENSION, T2_TYPE2_VALUE) != 1;
	report("CHECK_EXTENSION", iters, t0);

	t0 = seconds();
	for (i = 0; i < iters; i++)
		bad += ioctl(c, VFIO_IOMMU_PAMU_GET_ATTR, &a) != 0;
	report("GET_ATTR(WINDOWS)", iters, t0);

	memset(&m, 0, sizeof(m));
	m.argsz = sizeof(m);
	m.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	m.vaddr = (uint64_t)(uintptr_t)buf;
	m.iova = 0;
	m.size = 4096;
	memset(&um, 0, sizeof(um));
	t0 = seconds();
	for (i = 0; i < iters / 4; i++) {
		um.argsz = sizeof(um);
		um.iova = 0;
		um.size = 4096;
		bad += ioctl(c, VFIO_IOMMU_MAP_DMA, &m) != 0;
		bad += ioctl(c, VFIO_IOMMU_UNMAP_DMA, &um) != 0;
	}
	report("MAP_DMA + UNMAP_DMA (4 KiB)", 2 * (iters / 4), t0);

	close(g);
	close(c);
	munmap(buf, 4096);
	printf("%s 1 - every timed ioctl succeeded (%ld failed)\n", bad ? "not ok" : "ok", bad);
	return bad ? 1 : 0;
}
