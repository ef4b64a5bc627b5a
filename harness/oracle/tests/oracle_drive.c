/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_drive.c - the seeded op driver of oracle_drive.h.  Arguments are
 * plausible most of the time (on the grid of the geometry each container
 * slot last asked for) and garbage otherwise, so both the deep paths and the
 * error rows get exercised.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oracle/tests/oracle_drive.h"

#define MiB (1ull << 20)

static uint64_t rnd(struct od *d)
{
	uint64_t z = (d->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t pick(struct od *d, uint64_t n)
{
	return n ? rnd(d) % n : 0;
}

static int chance(struct od *d, unsigned int percent)
{
	return pick(d, 100) < percent;
}

static int od_resolve(void *ctx, uint64_t vaddr, uint64_t *phys, uint32_t *page_size)
{
	struct od *d = ctx;
	struct t2_backend *be = d->side[0].be;
	struct t2sim_resolve r = { .argsz = sizeof(r), .vaddr = vaddr };
	int e = be->ops->resolve(be, d->svc_fd, &r);

	if (e)
		return e;
	*phys = r.phys;
	*page_size = r.page_size;
	return 0;
}

int od_init(struct od *d, struct t2_backend *be0, int shadow, uint64_t seed)
{
	struct t2_oracle *o;
	int i, r;

	memset(d, 0, sizeof(*d));
	d->rng = seed;
	d->nsides = 1;
	d->side[0].be = be0;
	d->side[0].oracle = t2_oracle_of_backend(be0);
	for (i = 0; i < OD_SLOTS; i++)
		d->side[0].fd[i] = d->side[1].fd[i] = -1;
	d->svc_fd = be0->ops->open_container(be0);
	if (d->svc_fd < 0) {
		snprintf(d->diff, sizeof(d->diff), "side 0: open container: %d", d->svc_fd);
		return d->svc_fd;
	}
	d->plat.argsz = sizeof(d->plat);
	r = be0->ops->platform(be0, d->svc_fd, &d->plat);
	if (r) {
		snprintf(d->diff, sizeof(d->diff), "side 0: PLATFORM: %d", r);
		return r;
	}
	if (!shadow)
		return 0;
	r = t2_oracle_new_from_platform(&d->plat, &o, d->diff, sizeof(d->diff));
	if (r)
		return r;
	r = t2_oracle_backend_wrap(o, &d->side[1].be);
	if (r) {
		t2_oracle_free(o);
		return r;
	}
	d->side[1].oracle = o;
	t2_oracle_set_resolver(o, od_resolve, d);
	d->nsides = 2;
	return 0;
}

void od_fini(struct od *d)
{
	if (d->nsides == 2)
		d->side[1].be->ops->destroy(d->side[1].be);
	d->nsides = 0;
}

static int differ(struct od *d, const char *what, long a, long b)
{
	snprintf(d->diff, sizeof(d->diff), "%s: %s: side 0 (%s) %ld, oracle %ld (rule %s)",
		 d->what, what, d->side[0].be->ops->name, a, b,
		 t2_oracle_last_rule(d->side[1].oracle));
	return 1;
}

static int empty_slot(struct od *d)
{
	int i, s = (int)pick(d, OD_SLOTS);

	for (i = 0; i < OD_SLOTS; i++, s = (s + 1) % OD_SLOTS)
		if (d->kind[s] == T2_ORACLE_FD_NONE)
			return s;
	return -1;
}

static int used_slot(struct od *d)
{
	int i, s = (int)pick(d, OD_SLOTS);

	for (i = 0; i < OD_SLOTS; i++, s = (s + 1) % OD_SLOTS)
		if (d->kind[s] != T2_ORACLE_FD_NONE)
			return s;
	return -1;
}

static int slot_of_kind(struct od *d, enum t2_oracle_fd_kind kind)
{
	int i, s = (int)pick(d, OD_SLOTS);

	for (i = 0; i < OD_SLOTS; i++, s = (s + 1) % OD_SLOTS)
		if (d->kind[s] == kind)
			return s;
	return -1;
}

/* Stores per-side results of an fd-returning op in slot s. */
static int take_fds(struct od *d, int s, enum t2_oracle_fd_kind kind, const long *r)
{
	int i;

	if (d->nsides == 2 && (r[0] >= 0) != (r[1] >= 0))
		return differ(d, "fd result", r[0], r[1]);
	if (d->nsides == 2 && r[0] < 0 && r[0] != r[1])
		return differ(d, "errno", r[0], r[1]);
	if (r[0] < 0)
		return 0;
	if (s < 0) {		/* no slot left: close at once */
		for (i = 0; i < d->nsides; i++)
			d->side[i].be->ops->close(d->side[i].be, (int)r[i]);
		return 0;
	}
	for (i = 0; i < d->nsides; i++)
		d->side[i].fd[s] = (int)r[i];
	d->kind[s] = (uint8_t)kind;
	return 0;
}

static int op_open(struct od *d)
{
	int s = empty_slot(d), i, grp = chance(d, 50);
	unsigned int g = 0;
	long r[2] = { 0, 0 };

	if (grp) {
		g = d->plat.ngroups && !chance(d, 5) ?
			d->plat.groups[pick(d, d->plat.ngroups)].group : 77;
		snprintf(d->what, sizeof(d->what), "open group %u -> slot %d", g, s);
	} else {
		snprintf(d->what, sizeof(d->what), "open container -> slot %d", s);
	}
	if (s < 0)
		return 0;
	for (i = 0; i < d->nsides; i++) {
		struct t2_backend *be = d->side[i].be;

		r[i] = grp ? be->ops->open_group(be, g) : be->ops->open_container(be);
	}
	if (grp && r[0] == -ENOENT && d->nsides == 2 && r[1] < 0 && g == 77)
		return 0;	/* no such node: the errno is the backend's business */
	return take_fds(d, s, grp ? T2_ORACLE_FD_GROUP : T2_ORACLE_FD_CONTAINER, r);
}

static int op_close(struct od *d)
{
	int s = used_slot(d), i;
	long r[2] = { 0, 0 };

	if (s < 0)
		return 0;
	snprintf(d->what, sizeof(d->what), "close slot %d", s);
	for (i = 0; i < d->nsides; i++) {
		r[i] = d->side[i].be->ops->close(d->side[i].be, d->side[i].fd[s]);
		d->side[i].fd[s] = -1;
	}
	d->kind[s] = T2_ORACLE_FD_NONE;
	if (d->nsides == 2 && r[0] != r[1])
		return differ(d, "close", r[0], r[1]);
	return 0;
}

static int op_buf(struct od *d)
{
	static const uint64_t psz[] = { 4096, 2 * MiB, 2 * MiB, 1ull << 30 };
	struct t2_backend *be = d->side[0].be;
	uint64_t va, size, p;
	int k, r;

	if (d->nbufs && (d->nbufs == OD_BUFS || chance(d, 30))) {
		k = (int)pick(d, (uint64_t)d->nbufs);
		snprintf(d->what, sizeof(d->what), "free buffer 0x%llx",
			 (unsigned long long)d->buf_va[k]);
		be->ops->buf_free(be, d->buf_va[k], d->buf_size[k]);
		if (d->nsides == 2)
			t2_oracle_buf_unregister(d->side[1].oracle, d->buf_va[k]);
		d->buf_va[k] = d->buf_va[d->nbufs - 1];
		d->buf_size[k] = d->buf_size[d->nbufs - 1];
		d->nbufs--;
		return 0;
	}
	p = psz[pick(d, 4)];
	size = p * (p == 4096 ? 1 + pick(d, 64) : 1 + pick(d, p > 2 * MiB ? 2 : 64));
	snprintf(d->what, sizeof(d->what), "alloc 0x%llx bytes of 0x%llx pages",
		 (unsigned long long)size, (unsigned long long)p);
	r = be->ops->buf_alloc(be, size, p, &va);
	if (r)
		return 0;
	if (d->nsides == 2 && t2_oracle_buf_register(d->side[1].oracle, va, size, p)) {
		snprintf(d->diff, sizeof(d->diff), "%s: oracle refused to register 0x%llx",
			 d->what, (unsigned long long)va);
		return 1;
	}
	d->buf_va[d->nbufs] = va;
	d->buf_size[d->nbufs] = size;
	d->nbufs++;
	return 0;
}

/* ---------------------------------------------------------------- arguments */
static const uint64_t sizes[] = {
	4096, 65536, 16 * MiB, 256 * MiB, 512 * MiB, 1ull << 32, 1ull << 36, 1ull << 63,
};

static struct od_geom *slot_geom(struct od *d, int s)
{
	struct od_geom *g = &d->geom[s];

	if (!g->size) {
		g->size = 256 * MiB;
		g->ws = 16 * MiB;
	}
	return g;
}

/* A random container slot's geometry (for group-side iovas). */
static struct od_geom *any_geom(struct od *d)
{
	return slot_geom(d, (int)pick(d, OD_SLOTS));
}

static uint64_t grid_iova(struct od *d, const struct od_geom *g)
{
	uint64_t n = g->ws ? g->size / g->ws : 1;
	uint64_t iova = g->start + g->ws * pick(d, n + 1);

	if (chance(d, 10))
		iova += pick(d, 4) * 0x1000 + (chance(d, 30) ? 0x140 : 0);
	return iova;
}

static uint64_t some_vaddr(struct od *d, const struct od_geom *g)
{
	uint64_t va;

	if (!d->nbufs || chance(d, 5))
		return chance(d, 50) ? 0x7000000000ull : rnd(d) & ~0xfffull;
	va = d->buf_va[pick(d, (uint64_t)d->nbufs)];
	if (chance(d, 70))
		va += g->ws * pick(d, 3);
	if (chance(d, 5))
		va += 4096;
	return va;
}

static uint32_t some_argsz(struct od *d, uint32_t minsz)
{
	if (chance(d, 92))
		return minsz;
	switch (pick(d, 4)) {
	case 0: return 0;
	case 1: return minsz - 1;
	case 2: return minsz + 8;
	default: return (uint32_t)rnd(d);
	}
}

static void put32(uint8_t *b, size_t off, uint32_t v)
{
	memcpy(b + off, &v, 4);
}

static void put64(uint8_t *b, size_t off, uint64_t v)
{
	memcpy(b + off, &v, 8);
}

static uint32_t prot(struct od *d)
{
	static const uint32_t p[] = { 3, 3, 3, 1, 2, 0, 7 };

	return p[pick(d, 7)];
}

static void fill_attr(struct od *d, int s, uint8_t *b, int set)
{
	static const uint32_t wins[] = { 1, 2, 4, 8, 16, 16, 64, 256, 0, 3, 512 };
	struct od_geom *g = slot_geom(d, s);
	uint32_t attr = chance(d, 95) ? (uint32_t)pick(d, 3) : 3 + (uint32_t)pick(d, 5);
	uint64_t sz, start;
	uint32_t n;

	put32(b, 0, some_argsz(d, 32));
	put32(b, 4, chance(d, 95) ? 0 : 1);
	put32(b, 8, attr);
	if (!set)
		return;
	switch (attr) {
	case VFIO_ATTR_GEOMETRY:
		sz = sizes[pick(d, sizeof(sizes) / sizeof(sizes[0]))];
		start = sz * pick(d, 3);
		if (chance(d, 10))
			start += 4096;
		put64(b, 16, start);
		put64(b, 24, chance(d, 5) ? start - 1 : start + sz - 1);
		g->start = start;
		g->size = sz;
		g->ws = sz;
		break;
	case VFIO_ATTR_WINDOWS:
		n = wins[pick(d, sizeof(wins) / sizeof(wins[0]))];
		put32(b, 16, n);
		if (n && g->size / n >= 4096)
			g->ws = g->size / n;
		break;
	default:
		put32(b, 16, (uint32_t)pick(d, 30));
		put32(b, 20, (uint32_t)pick(d, 5));
		break;
	}
}

/* Fills arg for cmd on slot s; returns the value to pass (a pointer or a value). */
static unsigned long fill_arg(struct od *d, int s, unsigned long cmd, uint8_t *b, int side)
{
	struct od_geom *g = slot_geom(d, s);
	uint64_t size;

	switch (cmd) {
	case VFIO_GET_API_VERSION:
	case VFIO_GROUP_UNSET_CONTAINER:
	case VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT:
		return 0;
	case VFIO_CHECK_EXTENSION:
	case VFIO_SET_IOMMU:
		return chance(d, 85) ? T2_TYPE2_VALUE : pick(d, 1001);
	case VFIO_GROUP_SET_CONTAINER: {
		int t = chance(d, 85) ? slot_of_kind(d, T2_ORACLE_FD_CONTAINER) : -1;
		int32_t fd;

		if (t < 0)
			t = (int)pick(d, OD_SLOTS);
		fd = chance(d, 90) ? d->side[side].fd[t] : chance(d, 50) ? -5 : 100000;

		memcpy(b, &fd, 4);
		return (unsigned long)b;
	}
	case VFIO_GROUP_GET_DEVICE_FD:
		if (chance(d, 85) && d->plat.ngroups)
			strcpy((char *)b, d->plat.groups[pick(d, d->plat.ngroups)].device);
		else
			strcpy((char *)b, "nosuchdev");
		return (unsigned long)b;
	case VFIO_GROUP_GET_STATUS:
		put32(b, 0, some_argsz(d, 8));
		return (unsigned long)b;
	case VFIO_IOMMU_PAMU_GET_ATTR:
	case VFIO_IOMMU_PAMU_SET_ATTR:
		fill_attr(d, s, b, cmd == VFIO_IOMMU_PAMU_SET_ATTR);
		return (unsigned long)b;
	case VFIO_IOMMU_MAP_DMA:
		size = g->ws * (1 + pick(d, 3));
		if (chance(d, 5))
			size = chance(d, 50) ? 4096 : 0;
		put32(b, 0, some_argsz(d, 32));
		put32(b, 4, prot(d));
		put64(b, 8, some_vaddr(d, g));
		put64(b, 16, grid_iova(d, g));
		put64(b, 24, size);
		return (unsigned long)b;
	case VFIO_IOMMU_UNMAP_DMA:
		put32(b, 0, some_argsz(d, 24));
		put32(b, 4, chance(d, 95) ? 0 : 2);
		put64(b, 8, grid_iova(d, g));
		put64(b, 16, chance(d, 20) ? g->size : g->ws * (1 + pick(d, 4)));
		return (unsigned long)b;
	case VFIO_IOMMU_PAMU_MAP_MSI_BANK:
		put32(b, 0, some_argsz(d, 24));
		put32(b, 4, prot(d));
		put32(b, 8, (uint32_t)pick(d, d->plat.msi_banks + 1));
		put64(b, 16, grid_iova(d, g));
		return (unsigned long)b;
	case VFIO_IOMMU_PAMU_UNMAP_MSI_BANK:
		put32(b, 0, some_argsz(d, 16));
		put32(b, 4, chance(d, 95) ? 0 : 1);
		put64(b, 8, grid_iova(d, g));
		return (unsigned long)b;
	case T2SIM_TRANSLATE:
		g = any_geom(d);
		put32(b, 0, some_argsz(d, 48));
		put32(b, 4, (uint32_t)pick(d, 3));
		put32(b, 8, chance(d, 85) ? 0 : (uint32_t)pick(d, 5));
		put64(b, 16, grid_iova(d, g) + (chance(d, 30) ? 0x140 + pick(d, 2) * 8 : 0));
		return (unsigned long)b;
	case T2SIM_COUNTERS:
		put32(b, 0, some_argsz(d, 112));
		return (unsigned long)b;
	case T2SIM_PLATFORM:
		put32(b, 0, some_argsz(d, 1072));
		return (unsigned long)b;
	case T2SIM_RESOLVE:
		put32(b, 0, some_argsz(d, 32));
		put64(b, 8, some_vaddr(d, g) + pick(d, 3) * 0x800);
		return (unsigned long)b;
	case T2SIM_FAIL_NTH:
		put32(b, 0, some_argsz(d, 24));
		put32(b, 4, chance(d, 70) ? T2SIM_FAIL_ARM : (uint32_t)pick(d, 3));
		put32(b, 8, (uint32_t)pick(d, 12));
		return (unsigned long)b;
	default:
		return (unsigned long)b;
	}
}

static const unsigned long cmds[] = {
	VFIO_GET_API_VERSION, VFIO_CHECK_EXTENSION, VFIO_SET_IOMMU, VFIO_SET_IOMMU,
	VFIO_GROUP_GET_STATUS, VFIO_GROUP_SET_CONTAINER, VFIO_GROUP_SET_CONTAINER,
	VFIO_GROUP_UNSET_CONTAINER, VFIO_GROUP_GET_DEVICE_FD, VFIO_IOMMU_MAP_DMA,
	VFIO_IOMMU_MAP_DMA, VFIO_IOMMU_MAP_DMA, VFIO_IOMMU_UNMAP_DMA, VFIO_IOMMU_UNMAP_DMA,
	VFIO_IOMMU_PAMU_GET_ATTR, VFIO_IOMMU_PAMU_SET_ATTR, VFIO_IOMMU_PAMU_SET_ATTR,
	VFIO_IOMMU_PAMU_SET_ATTR, VFIO_IOMMU_PAMU_SET_ATTR, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT,
	VFIO_IOMMU_PAMU_MAP_MSI_BANK, VFIO_IOMMU_PAMU_MAP_MSI_BANK,
	VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, T2SIM_TRANSLATE, T2SIM_TRANSLATE, T2SIM_COUNTERS,
	T2SIM_PLATFORM, T2SIM_RESOLVE, T2SIM_FAIL_NTH, 0x3b99, 0x3b70,
};

static int is_group_cmd(unsigned long c)
{
	return c == VFIO_GROUP_GET_STATUS || c == VFIO_GROUP_SET_CONTAINER ||
	       c == VFIO_GROUP_UNSET_CONTAINER || c == VFIO_GROUP_GET_DEVICE_FD ||
	       c == T2SIM_TRANSLATE;
}

static unsigned long pick_cmd(struct od *d)
{
	unsigned long c = cmds[pick(d, sizeof(cmds) / sizeof(cmds[0]))];

	if (c == T2SIM_FAIL_NTH && !chance(d, 25))
		c = cmds[pick(d, sizeof(cmds) / sizeof(cmds[0]))];
	return c;
}

/* Issues cmd on slot s of every side (arg[i] for side i) and compares. */
static int run_ioctl(struct od *d, int s, unsigned long cmd, const unsigned long *arg)
{
	long r[2] = { 0, 0 };
	int i, dev_slot;

	snprintf(d->what, sizeof(d->what), "ioctl(slot %d kind %u, 0x%lx, 0x%lx)", s, d->kind[s],
		 cmd, arg[0] == (unsigned long)d->buf[0] ? 0xb0fUL : arg[0]);
	for (i = 0; i < d->nsides; i++)
		r[i] = d->side[i].be->ops->ioctl(d->side[i].be, d->side[i].fd[s], cmd, arg[i]);
	d->stat_all[od_stat_index(cmd)]++;
	d->stat_ok[od_stat_index(cmd)] += r[0] >= 0;
	if (cmd == VFIO_GROUP_GET_DEVICE_FD && d->kind[s] == T2_ORACLE_FD_GROUP) {
		dev_slot = r[0] >= 0 ? empty_slot(d) : -1;
		return take_fds(d, dev_slot, T2_ORACLE_FD_DEVICE, r);
	}
	if (d->nsides < 2)
		return 0;
	if (r[0] != r[1])
		return differ(d, "return", r[0], r[1]);
	if (cmd != VFIO_GROUP_SET_CONTAINER && arg[0] == (unsigned long)d->buf[0] &&
	    memcmp(d->buf[0], d->buf[1], OD_ARGBUF)) {
		for (i = 0; i < OD_ARGBUF && d->buf[0][i] == d->buf[1][i]; i++)
			;
		return differ(d, "output byte offset", i, d->buf[1][i]);
	}
	return 0;
}

static int op_ioctl(struct od *d)
{
	unsigned long cmd = pick_cmd(d), arg[2];
	int s, i, bad_ptr;
	uint64_t save;
	struct od_geom gsave;

	/* mostly on the fd kind the ioctl belongs to */
	s = chance(d, 90) ? slot_of_kind(d, is_group_cmd(cmd) ? T2_ORACLE_FD_GROUP :
								T2_ORACLE_FD_CONTAINER) : -1;
	if (s < 0)
		s = used_slot(d);
	if (s < 0)
		return op_open(d);
	bad_ptr = chance(d, 3);
	/* the same random choices for every side: replay the generator */
	save = d->rng;
	gsave = d->geom[s];
	for (i = 0; i < d->nsides; i++) {
		if (i) {
			d->rng = save;
			d->geom[s] = gsave;
		}
		memset(d->buf[i], 0, OD_ARGBUF);
		arg[i] = fill_arg(d, s, cmd, d->buf[i], i);
		if (bad_ptr && arg[i] == (unsigned long)d->buf[i])
			arg[i] = d->rng & 1 ? 0 : 4095;
	}
	return run_ioctl(d, s, cmd, arg);
}

/* ---------------------------------------------------------------- guided ops */
/* Same struct bytes for every side (no fds inside). */
static int run_struct(struct od *d, int s, unsigned long cmd, const uint8_t *b, size_t len)
{
	unsigned long arg[2];
	int i;

	for (i = 0; i < d->nsides; i++) {
		memset(d->buf[i], 0, OD_ARGBUF);
		memcpy(d->buf[i], b, len);
		arg[i] = (unsigned long)d->buf[i];
	}
	return run_ioctl(d, s, cmd, arg);
}

static int guided_attach(struct od *d, int s)
{
	unsigned long arg[2];
	int g = slot_of_kind(d, T2_ORACLE_FD_GROUP), i;

	if (g < 0 || chance(d, 20))
		return op_open(d);
	for (i = 0; i < d->nsides; i++) {
		int32_t fd = d->side[i].fd[s];

		memcpy(d->buf[i], &fd, 4);
		arg[i] = (unsigned long)d->buf[i];
	}
	return run_ioctl(d, g, VFIO_GROUP_SET_CONTAINER, arg);
}

static int guided_config(struct od *d, int s)
{
	static const uint64_t gs[] = { 16 * MiB, 256 * MiB, 512 * MiB, 1ull << 32 };
	static const uint32_t ns[] = { 1, 2, 4, 16, 16, 256 };
	struct od_geom *g = slot_geom(d, s);
	uint8_t b[32] = { 0 };

	put32(b, 0, 32);
	if (!d->geom[s].start && chance(d, 50)) {
		uint64_t sz = gs[pick(d, 4)], start = sz * pick(d, 2);

		put32(b, 8, VFIO_ATTR_GEOMETRY);
		put64(b, 16, start);
		put64(b, 24, start + sz - 1);
		g->start = start;
		g->size = sz;
		g->ws = sz;
	} else {
		uint32_t n = ns[pick(d, 6)];

		put32(b, 8, VFIO_ATTR_WINDOWS);
		put32(b, 16, n);
		g->ws = g->size / n;
	}
	return run_struct(d, s, VFIO_IOMMU_PAMU_SET_ATTR, b, sizeof(b));
}

static int guided_map(struct od *d, int s, uint64_t nwin)
{
	struct od_geom *g = slot_geom(d, s);
	uint8_t b[32] = { 0 };
	uint64_t m = 1 + pick(d, 2), k, w;
	int i;

	for (i = 0; i < d->nbufs; i++)
		if (d->buf_size[i] >= m * g->ws && d->buf_size[i] % g->ws == 0)
			break;
	if (i == d->nbufs || !nwin)
		return op_buf(d);
	k = pick(d, d->buf_size[i] / g->ws - m + 1);
	w = pick(d, nwin);
	put32(b, 0, 32);
	put32(b, 4, chance(d, 80) ? 3 : 1);
	put64(b, 8, d->buf_va[i] + k * g->ws);
	put64(b, 16, g->start + w * g->ws);
	put64(b, 24, m * g->ws);
	if (chance(d, 15)) {
		/* design B's MSI map (MSIB-2): no vaddr; elsewhere bit 2 is unknown */
		put32(b, 4, VFIO_DMA_MAP_FLAG_MSI | (chance(d, 80) ? 3 : 2));
		put64(b, 8, 0);
	}
	return run_struct(d, s, VFIO_IOMMU_MAP_DMA, b, sizeof(b));
}

/*
 * One step toward a working container (groups, backend, geometry, windows,
 * mappings), read from side 0's counters, so deep paths get exercised.
 */
static int op_guided(struct od *d)
{
	struct t2sim_counters c = { .argsz = sizeof(c) };
	int s = slot_of_kind(d, T2_ORACLE_FD_CONTAINER);
	struct t2_backend *be = d->side[0].be;
	struct od_geom *g;
	uint8_t b[24] = { 0 };
	unsigned long arg[2];
	uint64_t nwin;

	if (s < 0 || be->ops->counters(be, d->side[0].fd[s], &c))
		return op_open(d);
	if (chance(d, 15)) {	/* arm a fault for whatever comes next (FAIL-1) */
		uint8_t f[24] = { 0 };

		put32(f, 0, 24);
		put32(f, 4, T2SIM_FAIL_ARM);
		put32(f, 8, 1 + (uint32_t)pick(d, 8));
		if (run_struct(d, s, T2SIM_FAIL_NTH, f, sizeof(f)))
			return 1;
	}
	if (!c.groups)
		return guided_attach(d, s);
	if (!c.backend) {
		arg[0] = arg[1] = T2_TYPE2_VALUE;
		return run_ioctl(d, s, VFIO_SET_IOMMU, arg);
	}
	if (!c.windows)
		return guided_config(d, s);
	g = slot_geom(d, s);
	g->ws = c.window_size;
	nwin = c.windows;
	switch (pick(d, 8)) {
	case 0:
	case 1:
	case 2:
		return guided_map(d, s, nwin);
	case 3:
		put32(b, 0, 24);
		put32(b, 4, 3);
		put32(b, 8, (uint32_t)pick(d, d->plat.msi_banks + 1));
		put64(b, 16, g->start + pick(d, nwin) * g->ws);
		return run_struct(d, s, VFIO_IOMMU_PAMU_MAP_MSI_BANK, b, 24);
	case 4:
		put32(b, 0, 24);
		put64(b, 8, g->start + pick(d, nwin) * g->ws);
		put64(b, 16, g->ws * (1 + pick(d, 3)));
		return run_struct(d, s, VFIO_IOMMU_UNMAP_DMA, b, 24);
	case 5:
		put32(b, 0, 16);
		put64(b, 8, g->start + pick(d, nwin) * g->ws);
		return run_struct(d, s, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, b, 16);
	case 6:
		return guided_attach(d, s);
	default:
		return op_buf(d);
	}
}

int od_stat_index(unsigned long cmd)
{
	unsigned long nr = cmd & 0xff, type = (cmd >> 8) & 0xff;

	if (type == VFIO_TYPE && nr >= VFIO_BASE && nr < VFIO_BASE + 20)
		return (int)(nr - VFIO_BASE);
	if (type == T2SIM_TYPE && nr >= T2SIM_BASE && nr < T2SIM_BASE + 5)
		return (int)(20 + nr - T2SIM_BASE);
	return 25;
}

int od_step(struct od *d)
{
	uint64_t k = pick(d, 100);

	d->what[0] = '\0';
	if (k < 6)
		return op_open(d);
	if (k < 9)
		return op_close(d);
	if (k < 13)
		return op_buf(d);
	if (k < 45)
		return op_guided(d);
	return op_ioctl(d);
}

static const char *const counter_names[] = {
	"argsz", "flags", "backend", "enabled", "windows", "dma_windows", "msi_windows",
	"msi_records",
};

int od_compare_state(struct od *d)
{
	int s, i, k;

	if (d->nsides < 2)
		return 0;
	for (s = 0; s < OD_SLOTS; s++) {
		if (d->kind[s] == T2_ORACLE_FD_CONTAINER) {
			struct t2sim_counters c[2];
			int r[2];

			for (i = 0; i < 2; i++) {
				memset(&c[i], 0, sizeof(c[i]));
				c[i].argsz = sizeof(c[i]);
				r[i] = d->side[i].be->ops->counters(d->side[i].be, d->side[i].fd[s],
								    &c[i]);
			}
			if (r[0] || r[1])
				return differ(d, "COUNTERS failed", r[0], r[1]);
			if (memcmp(&c[0], &c[1], sizeof(c[0]))) {
				uint32_t *a = (uint32_t *)&c[0], *b = (uint32_t *)&c[1];

				for (k = 0; k < 28 && a[k] == b[k]; k++)
					;
				snprintf(d->what + strlen(d->what),
					 sizeof(d->what) - strlen(d->what),
					 " [counters slot %d, u32 word %d%s%s]", s, k,
					 k < 8 ? " " : "", k < 8 ? counter_names[k] : "");
				return differ(d, "counters word", (long)a[k], (long)b[k]);
			}
		} else if (d->kind[s] == T2_ORACLE_FD_GROUP) {
			for (k = 0; k < 3; k++) {
				struct t2sim_translate t[2];
				struct od_geom *g = any_geom(d);
				uint64_t iova = grid_iova(d, g) + pick(d, 2) * 0x140;
				uint32_t flags = (uint32_t)pick(d, 2);

				int r[2];

				for (i = 0; i < 2; i++) {
					memset(&t[i], 0, sizeof(t[i]));
					t[i].argsz = sizeof(t[i]);
					t[i].flags = flags;
					t[i].iova = iova;
					r[i] = d->side[i].be->ops->translate(d->side[i].be,
									     d->side[i].fd[s], &t[i]);
				}
				if (r[0] || r[1])
					return differ(d, "TRANSLATE failed", r[0], r[1]);
				if (memcmp(&t[0], &t[1], sizeof(t[0]))) {
					snprintf(d->what + strlen(d->what),
						 sizeof(d->what) - strlen(d->what),
						 " [translate slot %d iova 0x%llx %s]", s,
						 (unsigned long long)iova, flags ? "w" : "r");
					if (t[0].result != t[1].result)
						return differ(d, "translate result", t[0].result,
							      t[1].result);
					return differ(d, "translate phys", (long)t[0].phys,
						      (long)t[1].phys);
				}
			}
		}
	}
	return 0;
}

uint64_t od_seed(void)
{
	const char *env = getenv("T2_SEED");

	return env ? strtoull(env, NULL, 0) : 1;
}
