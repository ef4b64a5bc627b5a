/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * dev_smoke.c - a smoke test of the t2sim module through the device backend
 * (harness/backend/backend_dev.c): the typical call sequence of spec section 20 with
 * its exact numbers, on real pinned hugepages, plus the fd and memory checks
 * only a kernel can make (DEV-5, CORE-8 with real fds, CORE-11).
 *
 *   T2_ROOT=/dev/t2sim dev_smoke       (TAP on stdout; exit 0 pass, 1 fail)
 *
 * Runs on the module's spec personality with the default p4080 platform.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "backend/backend.h"
#include "tap/tap.h"

#define MIB (1ull << 20)

struct smoke {
	struct t2_backend *be;
	int c, g;               /* container and group 0 */
	int intro;              /* introspection answered */
};

static long xioctl(struct smoke *s, int fd, unsigned long cmd, void *arg)
{
	return s->be->ops->ioctl(s->be, fd, cmd, (unsigned long)arg);
}

static long vioctl(struct smoke *s, int fd, unsigned long cmd, unsigned long v)
{
	return s->be->ops->ioctl(s->be, fd, cmd, v);
}

static int counters(struct smoke *s, struct t2sim_counters *k)
{
	memset(k, 0, sizeof(*k));
	return s->be->ops->counters(s->be, s->c, k);
}

static long vmlck_kib(void)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmLck: %ld kB", &v) == 1)
			break;
	fclose(f);
	return v;
}

static int set_attr(struct smoke *s, uint32_t attribute, uint64_t a, uint64_t b)
{
	struct vfio_pamu_attr at = { .argsz = sizeof(at), .attribute = attribute };

	if (attribute == VFIO_ATTR_GEOMETRY) {
		at.attr_info.attr.aperture_start = a;
		at.attr_info.attr.aperture_end = b;
	} else {
		at.attr_info.windows = (uint32_t)a;
	}
	return (int)xioctl(s, s->c, VFIO_IOMMU_PAMU_SET_ATTR, &at);
}

static long map_dma(struct smoke *s, uint64_t vaddr, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = vaddr, .iova = iova, .size = size,
	};

	return xioctl(s, s->c, VFIO_IOMMU_MAP_DMA, &m);
}

static int xlate(struct smoke *s, uint64_t iova, int write, struct t2sim_translate *t)
{
	memset(t, 0, sizeof(*t));
	t->iova = iova;
	t->flags = write ? T2SIM_XLATE_WRITE : 0;
	return s->be->ops->translate(s->be, s->g, t);
}

/* Steps 1-12: container, group 0, defaults, geometry, 256 windows, 3 banks. */
static void setup(struct smoke *s)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	struct vfio_pamu_attr at = { .argsz = sizeof(at), .attribute = VFIO_ATTR_WINDOWS };
	struct t2sim_platform p;
	int i;

	s->c = s->be->ops->open_container(s->be);
	if (s->c < 0)
		tap_bail("open container: %s", strerror(-s->c));
	tap_ok(vioctl(s, s->c, VFIO_GET_API_VERSION, 0) == 0, "step 2 GET_API_VERSION is 0 [CORE-2]");
	tap_ok(vioctl(s, s->c, VFIO_CHECK_EXTENSION, T2_TYPE2_VALUE) == 1,
	       "step 3 CHECK_EXTENSION(type2) is 1 [CORE-3]");
	s->g = s->be->ops->open_group(s->be, 0);
	if (s->g < 0)
		tap_bail("open group 0: %s", strerror(-s->g));
	memset(&p, 0, sizeof(p));
	s->intro = s->be->ops->platform(s->be, s->g, &p) == 0;
	tap_ok(s->intro && p.msi_banks == 3 && p.switches == 0,
	       "introspection answers on the group fd, p4080, spec personality [INTRO-3]");
	tap_ok(xioctl(s, s->g, VFIO_GROUP_GET_STATUS, &st) == 0 && st.flags == 1,
	       "step 5 GROUP_GET_STATUS flags 0x1 [CORE-7]");
	tap_ok(xioctl(s, s->g, VFIO_GROUP_SET_CONTAINER, &s->c) == 0,
	       "step 6 GROUP_SET_CONTAINER with the real container fd [CORE-8]");
	st.flags = 0;
	tap_ok(xioctl(s, s->g, VFIO_GROUP_GET_STATUS, &st) == 0 && st.flags == 3,
	       "step 6 status flags now 0x3 [CORE-7]");
	tap_ok(vioctl(s, s->c, VFIO_SET_IOMMU, T2_TYPE2_VALUE) == 0, "step 7 SET_IOMMU [CORE-4]");
	tap_ok(vioctl(s, s->c, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT, 0) == 3,
	       "step 8 GET_MSI_BANK_COUNT is 3 [MSI-1]");
	tap_ok(xioctl(s, s->c, VFIO_IOMMU_PAMU_GET_ATTR, &at) == 0 && at.attr_info.windows == 256,
	       "step 9 GET_ATTR(WINDOWS) is max_windows 256 [WIN-1]");
	tap_ok(set_attr(s, VFIO_ATTR_GEOMETRY, 0, 0x1FFFFFFF) == 0, "step 10 SET_ATTR(GEOMETRY) [GEOM-2]");
	tap_ok(set_attr(s, VFIO_ATTR_WINDOWS, 256, 0) == 0, "step 11 SET_ATTR(WINDOWS) 256 [WIN-7]");
	for (i = 0; i < 3; i++) {
		struct vfio_pamu_msi_bank_map mb = {
			.argsz = sizeof(mb),
			.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
			.msi_bank_index = (uint32_t)i,
			.iova = 0x10000000ull + (uint64_t)i * 0x200000,
		};
		tap_ok(xioctl(s, s->c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, &mb) == 0,
		       "step 12 MAP_MSI_BANK bank %d [MSI-3]", i);
	}
}

/* CORE-8 rows 4-5 and CORE-11 with real descriptors. */
static void fd_checks(struct smoke *s)
{
	int devnull = open("/dev/null", O_RDWR), closed, dfd;
	int g1 = s->be->ops->open_group(s->be, 1);

	tap_ok(g1 >= 0 && devnull >= 0 &&
	       xioctl(s, g1, VFIO_GROUP_SET_CONTAINER, &devnull) == -EINVAL,
	       "SET_CONTAINER with an open fd that is no container: EINVAL [CORE-8]");
	closed = dup(devnull);
	close(closed);
	tap_ok(xioctl(s, g1, VFIO_GROUP_SET_CONTAINER, &closed) == -EBADF,
	       "SET_CONTAINER with a closed fd: EBADF [CORE-8]");
	tap_ok(xioctl(s, g1, VFIO_GROUP_SET_CONTAINER, &g1) == -EINVAL,
	       "SET_CONTAINER with a group fd: EINVAL [CORE-8]");
	dfd = (int)xioctl(s, s->g, VFIO_GROUP_GET_DEVICE_FD, "t2dev0");
	tap_ok(dfd >= 0, "GROUP_GET_DEVICE_FD gives a real fd [CORE-10]");
	if (dfd >= 0) {
		tap_ok(vioctl(s, dfd, VFIO_GET_API_VERSION, 0) == -ENOTTY,
		       "ioctl on a device fd: ENOTTY [CORE-11]");
		tap_ok(vioctl(s, s->g, VFIO_GROUP_UNSET_CONTAINER, 0) == -EBUSY,
		       "UNSET_CONTAINER with a device fd open: EBUSY [CORE-9]");
		close(dfd);
	}
	if (g1 >= 0)
		close(g1);
	if (devnull >= 0)
		close(devnull);
}

/* Steps 13-17, and DEV-5's real-memory refusals. */
static void map_and_translate(struct smoke *s, uint64_t *v_out)
{
	struct t2sim_counters k0, k;
	struct t2sim_resolve r;
	struct t2sim_translate t;
	uint64_t v = 0, small = 0;
	long lck0 = vmlck_kib();
	int ok;

	counters(s, &k0);
	ok = s->be->ops->buf_alloc(s->be, 256 * MIB, 2 * MIB, &v) == 0;
	*v_out = ok ? v : 0;
	if (!ok) {
		tap_skip("no 256 MiB of 2 MiB hugepages (boot with hugepages=128 or more)",
			 "steps 13-17 on hugepages");
		return;
	}
	tap_ok(map_dma(s, v + 1, 0, 2 * MIB) == -EINVAL, "MAP_DMA unaligned vaddr: EINVAL [MAP-1]");
	if (s->be->ops->buf_alloc(s->be, 2 * MIB, 4096, &small) == 0) {
		/* 4 KiB pages are not one contiguous, 2 MiB-aligned run */
		long e = map_dma(s, small, 0x8000000, 2 * MIB);

		tap_ok(e == -EFAULT, "MAP_DMA over 4 KiB pages for a 2 MiB window: EFAULT (%ld) [MAP-1 DEV-5]", e);
		s->be->ops->buf_free(s->be, small, 2 * MIB);
		tap_ok(map_dma(s, small, 0x8000000, 2 * MIB) == -EFAULT,
		       "MAP_DMA of unmapped memory: EFAULT [MAP-1 DEV-5]");
	}
	tap_ok(map_dma(s, v, 0, 0x10000000) == 0, "step 14 MAP_DMA 256 MiB at iova 0 [MAP-3]");
	counters(s, &k);
	tap_ok(k.dma_windows == 128 && k.msi_windows == 3 && k.enabled == 1 && k.pins == 65536 &&
	       k.liodns_valid == 1 && k.spaaces == 255,
	       "step 14 counters: 128 DMA + 3 MSI windows, 65536 pins, 255 SPAACEs, enabled [INTRO-6]");
	tap_ok(k.locked - k0.locked == 65536, "step 14 locked count +65536 (%lld) [ACCT-2]",
	       (long long)(k.locked - k0.locked));
	tap_ok(vmlck_kib() - lck0 == 65536 * 4, "step 14 VmLck +256 MiB (%ld kB) [ACCT-1 DEV-5]",
	       vmlck_kib() - lck0);
	memset(&r, 0, sizeof(r));
	r.vaddr = v;
	tap_ok(s->be->ops->resolve(s->be, s->c, &r) == 0 && r.phys != T2SIM_NOT_BACKED &&
	       r.page_size == 2 * MIB, "RESOLVE the buffer: a 2 MiB page [INTRO-10]");
	tap_ok(xlate(s, 0x00123456, 0, &t) == 0 && t.result == T2SIM_XLATE_OK &&
	       t.phys == r.phys + 0x123456 && t.liodn == 0x010,
	       "step 15 translate read 0x123456 reaches P(V)+0x123456 [ISO-2]");
	tap_ok(xlate(s, 0x10000140, 1, &t) == 0 && t.result == T2SIM_XLATE_OK &&
	       t.phys == 0xffe044140ull && t.msi_bank == 0 &&
	       t.msi_flags == (T2SIM_MSI_HIT | T2SIM_MSI_MSIIR),
	       "step 16 translate write 0x10000140 rings bank 0 [ISO-3 MSI-4]");
	tap_ok(xlate(s, 0x10600000, 0, &t) == 0 && t.result == T2SIM_XLATE_WINDOW_FREE,
	       "step 17 translate 0x10600000: WINDOW_FREE [ISO-2]");
}

/* Steps 18-19: release through the last group leaving. */
static void release(struct smoke *s, uint64_t v, long lck_before)
{
	struct t2sim_counters k;

	tap_ok(vioctl(s, s->g, VFIO_GROUP_UNSET_CONTAINER, 0) == 0, "step 18 GROUP_UNSET_CONTAINER [CORE-9]");
	counters(s, &k);
	tap_ok(k.backend == 0 && k.pins == 0 && k.sim_pins == 0 && k.sim_spaaces == 0 &&
	       k.dma_windows == 0 && k.msi_records == 0,
	       "step 18 release: no backend, pin or SPAACE left [REL-2]");
	tap_ok(vmlck_kib() == lck_before, "step 18 VmLck back to baseline [ACCT-5]");
	if (v)
		s->be->ops->buf_free(s->be, v, 256 * MIB);
	tap_ok(close(s->g) == 0 && close(s->c) == 0, "step 19 close G, close C");
}

int main(void)
{
	struct t2_config cfg;
	struct smoke s = { 0 };
	char err[256];
	uint64_t v = 0;
	long lck;

	/* the configuration as every tool reads it (T2_CORE, T2_INTRO_NODE: the
	 * introspection node behind a VFIO core), on the device backend */
	if (t2_config_from_env(&cfg, err, sizeof(err))) {
		fprintf(stderr, "dev_smoke: %s\n", err);
		return 2;
	}
	cfg.kind = "dev";
	if (!cfg.root)
		cfg.root = "/dev/t2sim";
	tap_plan(-1);
	if (t2_backend_open(&cfg, &s.be, err, sizeof(err)))
		tap_bail("%s", err);
	lck = vmlck_kib();
	setup(&s);
	fd_checks(&s);
	map_and_translate(&s, &v);
	release(&s, v, lck);
	t2_backend_close(s.be);
	return tap_done();
}
