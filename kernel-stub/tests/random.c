/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * random.c - seeded random programs over the whole t2sim API, in `spec`
 * and under random switch compositions (PERS-8): nothing may crash, leak
 * (ASan) or return anything but 0/-errno (ERR-8); in `spec` the INTRO-7
 * relations and DOM-1/DOM-2 hold after every call.  Seeds are fixed, so a
 * failure names its seed and step.
 */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include "ktest.h"

#define PROGRAMS 1000 /* T2_RANDOM_PROGRAMS overrides (soak runs) */
#define STEPS 250
#define MAXFD 24

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return r->s;
}

static uint64_t pick(struct rng *r, const uint64_t *v, size_t n)
{
	return v[rnd(r) % n];
}

#define PICK(r, arr) pick((r), (arr), sizeof(arr) / sizeof((arr)[0]))

static const uint64_t sizes[] = {
	0, 1, 0x800, 0x1000, 0x2000, 0x10000, 0x100000, 0x200000, 0x400000, 0x1000000,
	0x2000000, 0x4000000, 0x4000000, 0x8000000, 0x10000000, 0x20000000, 0x40000000, 0x80000000ull,
	0x100000000ull, 1ull << 36, 1ull << 63, ~0ull, ~0ull - 0xfff,
};
static const uint64_t addrs[] = {
	0, 0x1000, 0x800, 0x200000, 0x400000, 0x1000000, 0x4000000, 0x8000000,
	0xC000000, 0x10000000, 0x20000000,
	0x40000000, 0x80000000ull, 0xC0000000ull, 0x100000000ull, 1ull << 63,
	~0ull - 0xfff, ~0ull,
};
static const uint64_t counts[] = { 0, 1, 2, 3, 4, 8, 16, 64, 128, 256, 512, 65536 };

struct prog {
	struct rng r;
	struct t2sim *sim;
	int fds[MAXFD];
	int nfds;
	uint64_t bufs[8];
	int nbufs;
	bool spec;
	long bad;
	long maps;
};

static long total_maps;

/* Half the time the first fd (the set-up container), else any. */
static int any_fd(struct prog *p)
{
	if (!p->nfds)
		return 0;
	if (rnd(&p->r) % 2)
		return p->fds[0];
	return p->fds[rnd(&p->r) % (uint64_t)p->nfds];
}

static void add_fd(struct prog *p, int fd)
{
	if (fd >= 0 && p->nfds < MAXFD)
		p->fds[p->nfds++] = fd;
}

static uint64_t any_vaddr(struct prog *p)
{
	uint64_t v = p->nbufs ? p->bufs[rnd(&p->r) % (uint64_t)p->nbufs] : 0x10000000;

	switch (rnd(&p->r) % 4) {
	case 0: return v;
	case 1: return v + PICK(&p->r, sizes) % 0x40000000;
	case 2: return PICK(&p->r, addrs);
	default: return v + 0x200000;
	}
}

static long check_ret(struct prog *p, long r)
{
	/* ERR-8: 0, a value, or -errno within the kernel's range */
	if (r < -133)
		p->bad++;
	return r;
}

/* In spec: INTRO-7 relations, DOM-1, DOM-2 on every open container fd. */
static void check_spec(struct prog *p)
{
	int i;

	for (i = 0; i < p->nfds; i++) {
		struct t2sim_counters c = { .argsz = sizeof(c) };

		if (t2sim_counters(p->sim, p->fds[i], &c))
			continue;
		if (c.dma_claimed != (uint64_t)c.dma_windows * c.window_size ||
		    c.msi_records != c.msi_windows ||
		    c.pins != (uint64_t)c.dma_windows * c.window_size / 4096 ||
		    c.crash_points || c.enabled != (c.dma_windows > 0) ||
		    c.liodns_valid != (c.enabled ? c.liodns_linked : 0) || c.locked < 0 ||
		    (!c.backend && (c.dma_windows || c.liodns_linked)))
			p->bad++;
	}
}

static void step(struct prog *p)
{
	struct rng *r = &p->r;
	int fd = any_fd(p);
	char path[32];
	long ret = 0;

	uint64_t op = rnd(r) % 20;

	/* opens and closes are rarer, and seldom close the first container */
	if (op <= 2 && rnd(r) % 4)
		op = 9 + rnd(r) % 10;
	switch (op) {
	case 0:
		add_fd(p, t2sim_open(p->sim, "/dev/vfio/vfio"));
		break;
	case 1:
		snprintf(path, sizeof(path), "/dev/vfio/%d", (int)(rnd(r) % 7));
		add_fd(p, t2sim_open(p->sim, path));
		break;
	case 2:
		if (p->nfds) {
			int i = (int)(rnd(r) % (uint64_t)p->nfds);

			if (!i && rnd(r) % 8)
				break;

			t2sim_close(p->sim, p->fds[i]);
			p->fds[i] = p->fds[--p->nfds];
		}
		break;
	case 3: {
		int32_t c = any_fd(p);

		ret = t2sim_ioctl(p->sim, fd, VFIO_GROUP_SET_CONTAINER, (unsigned long)&c);
		break;
	}
	case 4:
		ret = t2sim_ioctl(p->sim, fd, VFIO_GROUP_UNSET_CONTAINER, 0);
		break;
	case 5:
		ret = t2sim_ioctl(p->sim, fd, VFIO_SET_IOMMU, rnd(r) % 8 ? T2_TYPE2_VALUE : 3);
		break;
	case 6: {
		struct vfio_pamu_attr a = { .argsz = 32, .attribute = (uint32_t)(rnd(r) % 4) };

		a.attr_info.attr.aperture_start = rnd(r) % 3 ? 0 : PICK(r, addrs);
		a.attr_info.attr.aperture_end = rnd(r) % 2 ? GIB - 1 : PICK(r, sizes) - 1;
		ret = t2sim_ioctl(p->sim, fd, VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
		break;
	}
	case 7: {
		struct vfio_pamu_attr a = { .argsz = 32, .attribute = VFIO_ATTR_WINDOWS };

		a.attr_info.windows = rnd(r) % 2 ? 16 : (uint32_t)PICK(r, counts);
		ret = t2sim_ioctl(p->sim, fd, VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
		break;
	}
	case 8: {
		struct vfio_pamu_attr a = { .argsz = 32, .attribute = VFIO_ATTR_PAMU_STASH };

		a.attr_info.stash.cpu = (uint32_t)(rnd(r) % 10);
		a.attr_info.stash.cache = (uint32_t)(rnd(r) % 5);
		ret = t2sim_ioctl(p->sim, fd, VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
		break;
	}
	case 9: case 10: case 11: {
		struct vfio_iommu_type1_dma_map m = {
			.argsz = 32, .flags = (uint32_t)(rnd(r) % 5), .vaddr = any_vaddr(p),
			.iova = PICK(r, addrs), .size = PICK(r, sizes),
		};
		if (rnd(r) % 2) {
			/* well formed: whole 64 MiB windows of the first buffer */
			m.flags = RW;
			m.vaddr = p->nbufs ? p->bufs[0] + (rnd(r) % 2) * 64 * MIB : m.vaddr;
			m.iova = (rnd(r) % 17) * 64 * MIB;
			m.size = (1 + rnd(r) % 2) * 64 * MIB;
		}
		ret = t2sim_ioctl(p->sim, fd, VFIO_IOMMU_MAP_DMA, (unsigned long)&m);
		if (!ret)
			p->maps++;
		break;
	}
	case 12: case 13: {
		struct vfio_iommu_type1_dma_unmap u = {
			.argsz = 24, .iova = PICK(r, addrs), .size = PICK(r, sizes),
		};

		if (rnd(r) % 2) {
			u.iova = (rnd(r) % 17) * 64 * MIB;
			u.size = (1 + rnd(r) % 3) * 64 * MIB;
		}
		ret = t2sim_ioctl(p->sim, fd, VFIO_IOMMU_UNMAP_DMA, (unsigned long)&u);
		break;
	}
	case 14: {
		struct vfio_pamu_msi_bank_map m = {
			.argsz = 24, .flags = (uint32_t)(rnd(r) % 5),
			.msi_bank_index = (uint32_t)(rnd(r) % 5), .iova = PICK(r, addrs),
		};

		if (rnd(r) % 2)
			m.iova = (rnd(r) % 17) * 64 * MIB + (rnd(r) % 4 ? 0 : 0x1000);
		ret = t2sim_ioctl(p->sim, fd, VFIO_IOMMU_PAMU_MAP_MSI_BANK, (unsigned long)&m);
		break;
	}
	case 15: {
		struct vfio_pamu_msi_bank_unmap u = { .argsz = 16, .iova = PICK(r, addrs) };

		if (rnd(r) % 2)
			u.iova = (rnd(r) % 17) * 64 * MIB;

		ret = t2sim_ioctl(p->sim, fd, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, (unsigned long)&u);
		break;
	}
	case 16:
		snprintf(path, sizeof(path), "t2dev%d", (int)(rnd(r) % 7));
		ret = t2sim_ioctl(p->sim, fd, VFIO_GROUP_GET_DEVICE_FD, (unsigned long)path);
		add_fd(p, (int)ret);
		break;
	case 17: {
		struct t2sim_fail_nth f = { .argsz = 24, .flags = T2SIM_FAIL_ARM,
					    .nth = (uint32_t)(rnd(r) % 6) };
		ret = t2sim_fail_nth(p->sim, fd, &f);
		break;
	}
	case 18: {
		struct t2sim_translate t = { .argsz = 48, .flags = (uint32_t)(rnd(r) % 2),
					     .liodn_index = (uint32_t)(rnd(r) % 3),
					     .iova = PICK(r, addrs) + rnd(r) % 0x2000 };
		ret = t2sim_translate(p->sim, fd, &t);
		break;
	}
	default:
		if (rnd(r) % 2 && p->nbufs < 8) {
			uint64_t kinds[] = { 4096, 2 * MIB, GIB };
			uint64_t k = PICK(r, kinds), v;

			if (!t2sim_mem_alloc(p->sim, k * (1 + rnd(r) % 4), k, &v))
				p->bufs[p->nbufs++] = v;
		} else if (p->nbufs) {
			int i = (int)(rnd(r) % (uint64_t)p->nbufs);

			t2sim_mem_free(p->sim, p->bufs[i]);
			p->bufs[i] = p->bufs[--p->nbufs];
		}
		break;
	}
	check_ret(p, ret);
	if (p->spec)
		check_spec(p);
}

static uint64_t kt_alloc_sim(struct t2sim *sim, uint64_t size, uint64_t page)
{
	uint64_t v = 0;

	if (t2sim_mem_alloc(sim, size, page, &v))
		tap_bail("mem_alloc");
	return v;
}

static long run(uint64_t seed, uint64_t sw, const char *plat)
{
	struct prog p;
	char err[256];
	int i;

	memset(&p, 0, sizeof(p));
	p.r.s = seed * 0x9E3779B97F4A7C15ull + 1;
	p.spec = !sw;
	if (t2sim_create(&p.sim, plat, sw, err, sizeof(err)))
		tap_bail("create: %s", err);
	/* a usual start: container, groups 0 to 2, backend, 16 windows of 64 MiB */
	add_fd(&p, t2sim_open(p.sim, "/dev/vfio/vfio"));
	for (i = 0; i < 3; i++) {
		char path[32];
		int32_t c = p.fds[0];

		snprintf(path, sizeof(path), "/dev/vfio/%d", i);
		add_fd(&p, t2sim_open(p.sim, path));
		t2sim_ioctl(p.sim, p.fds[p.nfds - 1], VFIO_GROUP_SET_CONTAINER, (unsigned long)&c);
	}
	t2sim_ioctl(p.sim, p.fds[0], VFIO_SET_IOMMU, T2_TYPE2_VALUE);
	{
		struct vfio_pamu_attr a = { .argsz = 32, .attribute = VFIO_ATTR_GEOMETRY };

		a.attr_info.attr.aperture_end = GIB - 1;
		t2sim_ioctl(p.sim, p.fds[0], VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
		a.attribute = VFIO_ATTR_WINDOWS;
		a.attr_info.windows = 16;
		t2sim_ioctl(p.sim, p.fds[0], VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
	}
	p.bufs[p.nbufs++] = kt_alloc_sim(p.sim, 256 * MIB, 2 * MIB);
	for (i = 0; i < STEPS; i++)
		step(&p);
	t2sim_destroy(p.sim);
	total_maps += p.maps;
	return p.bad;
}

int main(void)
{
	static const char *plats[] = {
		"p4080", "t4240,spaace_pool=50", "p4080,max_windows=16,memlock=256M",
		"p4080,msi_policy=shared,ccsr_base=0xf00000000",
	};
	long bad_spec = 0, bad_sw = 0;
	uint64_t seed, programs = PROGRAMS;
	const char *env = getenv("T2_RANDOM_PROGRAMS");

	if (env && strtoull(env, NULL, 0))
		programs = strtoull(env, NULL, 0);
	tap_plan(-1);
	for (seed = 1; seed <= programs; seed++) {
		long b = run(seed, 0, plats[seed % 4]);

		if (b && !bad_spec)
			tap_diag("spec: first failure at seed %llu", (unsigned long long)seed);
		bad_spec += b;
	}
	CHECK_EQ(bad_spec, 0, "spec: %llu random programs keep INTRO-7, DOM-1, DOM-2, ERR-8",
		 (unsigned long long)programs);
	for (seed = 1; seed <= programs; seed++) {
		uint64_t sw = (seed * 0x2545F4914F6CDD1Dull) & T2_SW_ALL;

		if (seed % 3 == 0)
			sw = T2_SW_ALL;
		bad_sw += run(seed, sw, plats[seed % 4]);
	}
	tap_diag("%ld successful MAP_DMA calls in all", total_maps);
	CHECK_EQ(bad_sw, 0, "PERS-8: %llu programs under switch compositions: no crash, -errno only",
		 (unsigned long long)programs);
	return tap_done();
}
