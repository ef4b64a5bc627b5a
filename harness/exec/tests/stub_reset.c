/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * stub_reset.c - proof that a reset stub backend (t2sim_reset) is a fresh
 * one.  Every corpus program (corpus/DIR/NAME.t2p and corpus/regress, or the
 * files named as arguments; parser seeds the text parser refuses are
 * skipped) runs, under `spec` and `sdk2013`, on a fresh instance and on
 * instances reset after a dirtying run: the program itself, or the next
 * program, each followed by a tail that leaves containers, groups, a device
 * fd, DMA and MSI windows, SPAACEs, a freed but pinned buffer, a crash point,
 * fds past the shim's first 64 and an armed fail-nth behind.
 * Each run records every return value, every byte written back, after every
 * op the counters of every live container, one translation per live group
 * and the fail-nth state, and at the end a probe of what a leftover would
 * change: the platform, new handle numbers, the next buffers' vaddrs and
 * frames, the SPAACE pool, MSI bank ownership, translations.  The records
 * must be equal byte for byte.  Race ops run their map/unmap pairs in one
 * thread, so that every run is deterministic.
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend/backend_kinds.h"
#include "backend/ioctl.h"
#include "prog/op.h"
#include "prog/prog.h"
#include "t2/abi.h"
#include "t2/sim.h"
#include "tap/tap.h"

/* ------------------------------------------------------------ the record */
struct mark {
	size_t off;
	int op;                 /* program op index; -1 epilogue, -2 start */
};

struct rec {
	unsigned char *b;
	size_t n, cap;
	struct mark *m;
	size_t nm, capm;
};

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 256;

	if (need <= *cap)
		return p;
	while (c < need)
		c *= 2;
	p = realloc(p, c * elem);
	if (!p)
		tap_bail("out of memory");
	*cap = c;
	return p;
}

static void put(struct rec *r, const void *p, size_t n)
{
	r->b = grow(r->b, &r->cap, r->n + n, 1);
	memcpy(r->b + r->n, p, n);
	r->n += n;
}

static void put_long(struct rec *r, long v)
{
	put(r, &v, sizeof(v));
}

static void mark(struct rec *r, int op)
{
	r->m = grow(r->m, &r->capm, r->nm + 1, sizeof(*r->m));
	r->m[r->nm].off = r->n;
	r->m[r->nm].op = op;
	r->nm++;
}

static void rec_clear(struct rec *r)
{
	r->n = 0;
	r->nm = 0;
}

/* ------------------------------------------------------------ the driver */
struct drv {
	struct t2_backend *be;
	struct t2sim_platform plat;
	struct rec *r;          /* NULL: run without recording */
	int ctl;                /* control container: fail-nth, platform counters */
	int fd[T2P_NKINDS][T2P_MAX_HANDLES];
	unsigned int nh[T2P_NKINDS];
	uint64_t va[T2P_MAX_HANDLES], size[T2P_MAX_HANDLES];
	int live[T2P_MAX_HANDLES];
};

static void rec_long(struct drv *d, long v)
{
	if (d->r)
		put_long(d->r, v);
}

static void rec_bytes(struct drv *d, const void *p, size_t n)
{
	if (d->r)
		put(d->r, p, n);
}

static int open_be(const char *platform, uint64_t sw, struct t2_backend **be)
{
	struct t2_config cfg = { .kind = "stub", .platform = platform, .switches = sw };
	char err[256];

	return t2_stub_backend_open(&cfg, be, err, sizeof(err));
}

/* A fresh or reset backend: the control container first, like the executor. */
static void drv_start(struct drv *d, struct rec *r)
{
	unsigned int k, i;

	d->r = r;
	for (k = 0; k < T2P_NKINDS; k++) {
		d->nh[k] = 0;
		for (i = 0; i < T2P_MAX_HANDLES; i++)
			d->fd[k][i] = -1;
	}
	memset(d->live, 0, sizeof(d->live));
	memset(d->va, 0, sizeof(d->va));
	memset(d->size, 0, sizeof(d->size));
	memset(&d->plat, 0, sizeof(d->plat));
	d->ctl = d->be->ops->open_container(d->be);
	rec_long(d, d->ctl);
	d->plat.argsz = sizeof(d->plat);
	rec_long(d, d->be->ops->platform(d->be, d->ctl, &d->plat));
	rec_bytes(d, &d->plat, sizeof(d->plat));
}

/* The descriptor of a handle operand: a live fd, or one nobody has open. */
static int fd_of(const struct drv *d, const struct t2p_arg *a)
{
	if (a->kind == T2P_K_NUM)
		return (int)(uint32_t)a->val;
	if (a->kind < T2P_NKINDS && a->idx < T2P_MAX_HANDLES && d->fd[a->kind][a->idx] >= 0)
		return d->fd[a->kind][a->idx];
	return T2P_DEAD_FD + a->idx;
}

static void new_handle(struct drv *d, unsigned int kind, long fd)
{
	unsigned int i = d->nh[kind];

	if (d->nh[kind] < 255)
		d->nh[kind]++;
	if (i < T2P_MAX_HANDLES && fd >= 0)
		d->fd[kind][i] = (int)fd;
}

static uint64_t vaddr_of(const struct drv *d, const struct t2p_arg *a)
{
	if (a->kind == T2P_K_B && a->idx < T2P_MAX_HANDLES && d->size[a->idx])
		return d->va[a->idx] + a->val;
	return a->val;
}

/* t2p_vaddr_fn: a buffer operand's address in this run */
static uint64_t drv_vaddr(void *ctx, const struct t2p_arg *a)
{
	return vaddr_of(ctx, a);
}

/* The call of an ioctl op (op.h) on fd; records the result and, where the
 * call's bytes are compared, every byte of the argument afterwards. */
static long op_call(struct drv *d, const struct t2p_op *op, int fd)
{
	struct t2p_call c;
	long ret;

	if (t2p_op_call(op, drv_vaddr, d, &c))
		return -EINVAL;
	if (c.fd_in >= 0)
		t2p_call_put_fd(c.arg, fd_of(d, &op->a[c.fd_in]));
	ret = d->be->ops->ioctl(d->be, fd, c.cmd, t2p_call_arg(&c, c.arg));
	rec_long(d, ret);
	if (c.cmp)
		rec_bytes(d, c.arg, c.cmp);
	return ret;
}

/* An op of this code with numeric operands 1..3 (operand 0 is the fd). */
static long call_with(struct drv *d, unsigned int code, int fd, uint64_t a1, uint64_t a2,
		      uint64_t a3)
{
	struct t2p_op op;

	t2p_op_init(&op, code);
	op.a[1].val = a1;
	op.a[2].val = a2;
	op.a[3].val = a3;
	return op_call(d, &op, fd);
}

static long msi_call(struct drv *d, int fd, int map, uint32_t bank, uint64_t iova)
{
	return map ? call_with(d, T2P_OP_MAP_MSI, fd, bank, iova, 0) :
		     call_with(d, T2P_OP_UNMAP_MSI, fd, iova, 0, 0);
}

static long translate(struct drv *d, int gfd, uint32_t lidx, uint64_t iova, int write)
{
	struct t2sim_translate t;
	long ret;

	memset(&t, 0, sizeof(t));
	t.flags = write ? T2SIM_XLATE_WRITE : 0;
	t.liodn_index = lidx;
	t.iova = iova;
	ret = d->be->ops->translate(d->be, gfd, &t);
	rec_long(d, ret);
	rec_bytes(d, &t, sizeof(t));
	return ret;
}

static long fail_nth(struct drv *d, int arm, uint32_t nth)
{
	struct t2sim_fail_nth f;
	long ret;

	memset(&f, 0, sizeof(f));
	f.flags = arm ? T2SIM_FAIL_ARM : 0;
	f.nth = nth;
	ret = d->be->ops->fail_nth(d->be, d->ctl, &f);
	rec_long(d, ret);
	rec_bytes(d, &f, sizeof(f));
	return ret;
}

static void counters(struct drv *d, int cfd)
{
	struct t2sim_counters c;

	memset(&c, 0, sizeof(c));
	rec_long(d, d->be->ops->counters(d->be, cfd, &c));
	rec_bytes(d, &c, sizeof(c));
}

static long buf_alloc(struct drv *d, uint64_t page, uint64_t size, uint64_t *va)
{
	struct t2sim_resolve rs;
	long ret;

	*va = 0;
	ret = d->be->ops->buf_alloc(d->be, size, page, va);
	rec_long(d, ret);
	rec_long(d, (long)*va);
	if (!ret) {
		memset(&rs, 0, sizeof(rs));
		rs.vaddr = *va + size - 4096;
		rec_long(d, d->be->ops->resolve(d->be, d->ctl, &rs));
		rec_bytes(d, &rs, sizeof(rs));
	}
	return ret;
}

/* One op, by its row's run kind (ops.def). */
static void run_op(struct drv *d, const struct t2p_op *op)
{
	const struct t2p_opinfo *oi = &t2p_opinfo[op->code];
	const struct t2p_arg *a = op->a;
	struct t2_backend *be = d->be;
	int fd = fd_of(d, &a[0]);
	long ret;

	switch (oi->run) {
	case T2P_RUN_IOCTL:
		ret = op_call(d, op, fd);
		if (oi->creates != T2P_K_NUM)
			new_handle(d, oi->creates, ret);
		break;
	case T2P_RUN_OPEN:
		ret = oi->creates == T2P_K_C ? be->ops->open_container(be) :
					       be->ops->open_group(be, (unsigned int)a[0].val);
		rec_long(d, ret);
		new_handle(d, oi->creates, ret);
		break;
	case T2P_RUN_CLOSE:
		rec_long(d, be->ops->close(be, fd));
		if (a[0].kind >= T2P_K_C && a[0].kind <= T2P_K_D && a[0].idx < T2P_MAX_HANDLES)
			d->fd[a[0].kind][a[0].idx] = -1;
		break;
	case T2P_RUN_ALLOC: {
		unsigned int i = d->nh[T2P_K_B];
		uint64_t va;

		ret = buf_alloc(d, a[0].val, a[1].val, &va);
		if (d->nh[T2P_K_B] < 255)
			d->nh[T2P_K_B]++;
		if (!ret && i < T2P_MAX_HANDLES) {
			d->va[i] = va;
			d->size[i] = a[1].val;
			d->live[i] = 1;
		}
		break;
	}
	case T2P_RUN_MMAP: {
		unsigned int i = d->nh[T2P_K_B];
		uint64_t va = 0;

		ret = be->ops->mmap(be, fd, 4096, (int)a[2].val, (int)op->flags, a[1].val * 4096,
				    &va);
		rec_long(d, ret);
		if (d->nh[T2P_K_B] < 255)
			d->nh[T2P_K_B]++;
		if (!ret && i < T2P_MAX_HANDLES) {
			d->va[i] = va;
			d->size[i] = 4096;
			d->live[i] = 1;
		}
		break;
	}
	case T2P_RUN_FREE:
		if (a[0].idx < T2P_MAX_HANDLES && d->live[a[0].idx]) {
			rec_long(d, be->ops->buf_free(be, d->va[a[0].idx], d->size[a[0].idx]));
			d->live[a[0].idx] = 0;
		}
		break;
	case T2P_RUN_ACCESS:
		translate(d, fd, (uint32_t)a[3].val, a[1].val, (int)a[2].val);
		break;
	case T2P_RUN_FAIL_NTH:
		fail_nth(d, 1, (uint32_t)a[0].val);
		break;
	case T2P_RUN_RACE:
		/* one thread: map both, unmap both (deterministic) */
		msi_call(d, fd, 1, (uint32_t)a[1].val, a[2].val);
		msi_call(d, fd, 1, (uint32_t)a[1].val, a[3].val);
		msi_call(d, fd, 0, 0, a[2].val);
		msi_call(d, fd, 0, 0, a[3].val);
		break;
	default:
		break;          /* markers: a block's ops run in program order */
	}
}

/* After every op: the control container's and every live container's
 * counters, the fail-nth state, and one translation per live group. */
static void snapshot(struct drv *d)
{
	unsigned int i;

	if (!d->r)
		return;
	counters(d, d->ctl);
	for (i = 0; i < T2P_MAX_HANDLES; i++)
		if (d->fd[T2P_K_C][i] >= 0)
			counters(d, d->fd[T2P_K_C][i]);
	for (i = 0; i < T2P_MAX_HANDLES; i++)
		if (d->fd[T2P_K_G][i] >= 0)
			translate(d, d->fd[T2P_K_G][i], 0, 0, 0);
	fail_nth(d, 0, 0);
}

static void run_prog(struct drv *d, const struct t2p_prog *p)
{
	unsigned int i;

	for (i = 0; i < p->nops; i++) {
		if (d->r)
			mark(d->r, (int)i);
		run_op(d, &p->ops[i]);
		snapshot(d);
	}
}

static long set_attr(struct drv *d, int cfd, uint32_t attr, uint64_t v0, uint64_t v1)
{
	return call_with(d, T2P_OP_SET_ATTR, cfd, attr, v0, v1);
}

static long map_dma(struct drv *d, int cfd, uint64_t va, uint64_t iova, uint64_t size)
{
	struct t2p_op op;

	t2p_op_init(&op, T2P_OP_MAP_DMA);
	op.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	op.a[1].val = va;
	op.a[2].val = iova;
	op.a[3].val = size;
	return op_call(d, &op, cfd);
}

/*
 * A new container with every platform group, 16 windows of 4 KiB over
 * [0, 64 KiB), a 4 KiB DMA window, bank 0 at 0x8000, a device fd; returns
 * the container.  Used both to dirty an instance and, recorded, to probe it
 * (what is left behind shows as EBUSY, ENOSPC, other fds or vaddrs).
 */
static int build_up(struct drv *d, uint64_t *buf)
{
	struct t2_backend *be = d->be;
	int c = be->ops->open_container(be), g0 = -1;
	unsigned int i;

	rec_long(d, c);
	for (i = 0; i < d->plat.ngroups; i++) {
		int g = be->ops->open_group(be, d->plat.groups[i].group);
		int32_t v = c;

		rec_long(d, g);
		rec_long(d, be->ops->ioctl(be, g, VFIO_GROUP_SET_CONTAINER, (unsigned long)&v));
		if (g0 < 0 && g >= 0)
			g0 = g;
	}
	rec_long(d, be->ops->ioctl(be, c, VFIO_SET_IOMMU, T2_TYPE2_VALUE));
	msi_call(d, c, 1, 0, 0); /* no windows yet: EINVAL, or SDK-B9's crash point */
	set_attr(d, c, VFIO_ATTR_GEOMETRY, 0, 0xffff);
	set_attr(d, c, VFIO_ATTR_WINDOWS, 16, 0);
	buf_alloc(d, 4096, 4096, buf);
	map_dma(d, c, *buf, 0, 4096);
	msi_call(d, c, 1, 0, 0x8000);
	if (g0 >= 0) {
		rec_long(d, be->ops->ioctl(be, g0, VFIO_GROUP_GET_DEVICE_FD,
					   (unsigned long)d->plat.groups[0].device));
		for (i = 0; i < 16; i++)
			translate(d, g0, 0, (uint64_t)i << 12, (int)(i & 1));
	}
	counters(d, c);
	return c;
}

/* Leave everything behind: build_up's state, the buffer freed while pinned,
 * a hugepage buffer, 70 more containers, an armed fail-nth. */
static void dirty_tail(struct drv *d)
{
	uint64_t buf, va;
	unsigned int i;

	build_up(d, &buf);
	d->be->ops->buf_free(d->be, buf, 4096);
	for (i = 0; i < T2SIM_MAX_HUGE && d->plat.hugepage_sizes[i]; i++)
		buf_alloc(d, d->plat.hugepage_sizes[i], d->plat.hugepage_sizes[i], &va);
	/* past the shim's first 64 fds, so that its table grows */
	for (i = 0; i < 70; i++)
		d->be->ops->open_container(d->be);
	fail_nth(d, 1, 1000);
}

/* What a leftover would change, recorded. */
static void epilogue(struct drv *d)
{
	struct t2sim_platform pl;
	uint64_t va;
	unsigned int i;

	mark(d->r, -1);
	memset(&pl, 0, sizeof(pl));
	rec_long(d, d->be->ops->platform(d->be, d->ctl, &pl));
	rec_bytes(d, &pl, sizeof(pl));
	fail_nth(d, 0, 0);
	counters(d, d->ctl);
	buf_alloc(d, 4096, 4096, &va);
	buf_alloc(d, 4096, 16 * 4096, &va);
	for (i = 0; i < T2SIM_MAX_HUGE && d->plat.hugepage_sizes[i]; i++)
		buf_alloc(d, d->plat.hugepage_sizes[i], d->plat.hugepage_sizes[i], &va);
	build_up(d, &va);
	counters(d, d->ctl);
	/* the SPAACE pool: as many windows as the platform allows */
	set_attr(d, d->be->ops->open_container(d->be), VFIO_ATTR_WINDOWS,
		 d->plat.max_windows, 0);
	fail_nth(d, 1, 1);
	rec_long(d, d->be->ops->open_container(d->be));
	fail_nth(d, 0, 0);
}

/* ------------------------------------------------------------ the checks */
static int record_fresh(const struct t2p_prog *p, uint64_t sw, struct rec *r)
{
	struct drv d;

	if (open_be(t2p_platform(p), sw, &d.be))
		return -EINVAL;
	drv_start(&d, r);
	mark(r, -2);
	run_prog(&d, p);
	epilogue(&d);
	d.be->ops->destroy(d.be);
	return 0;
}

static int record_reset(const struct t2p_prog *p, const struct t2p_prog *dirt, uint64_t sw,
			struct rec *r)
{
	struct drv d;
	int e;

	if (open_be(t2p_platform(p), sw, &d.be))
		return -EINVAL;
	drv_start(&d, NULL);
	run_prog(&d, dirt);
	dirty_tail(&d);
	e = d.be->ops->reset(d.be);
	if (!e) {
		drv_start(&d, r);
		mark(r, -2);
		run_prog(&d, p);
		epilogue(&d);
	}
	d.be->ops->destroy(d.be);
	return e;
}

static int mark_at(const struct rec *r, size_t off)
{
	size_t i;
	int op = -2;

	for (i = 0; i < r->nm && r->m[i].off <= off; i++)
		op = r->m[i].op;
	return op;
}

static void check(const char *name, const char *personality, const char *how,
		  const struct rec *fresh, const struct rec *reset, int e)
{
	size_t i, n = fresh->n < reset->n ? fresh->n : reset->n;
	int op;

	if (e) {
		tap_ok(0, "%s %s reset after %s", name, personality, how);
		tap_diag("reset failed: %d", e);
		return;
	}
	for (i = 0; i < n && fresh->b[i] == reset->b[i]; i++)
		;
	if (tap_ok(i == fresh->n && i == reset->n, "%s %s reset after %s", name,
		   personality, how))
		return;
	op = mark_at(fresh, i);
	if (op >= 0)
		tap_diag("first difference at byte %zu of %zu/%zu, in op %d", i, fresh->n,
			 reset->n, op + 1);
	else
		tap_diag("first difference at byte %zu of %zu/%zu, in the %s", i, fresh->n,
			 reset->n, op == -1 ? "final probe" : "control container's opening");
}

static int load_all(int argc, char **argv, char ***names, struct t2p_prog **progs)
{
	glob_t gl;
	char err[256];
	size_t i, n;
	int k;

	memset(&gl, 0, sizeof(gl));
	if (argc > 1) {
		for (k = 1; k < argc; k++)
			glob(argv[k], k > 1 ? GLOB_APPEND | GLOB_NOCHECK : GLOB_NOCHECK, NULL, &gl);
	} else {
		glob("corpus/*/*.t2p", 0, NULL, &gl);
		glob("corpus/regress/*", GLOB_APPEND, NULL, &gl);
	}
	*names = calloc(gl.gl_pathc + 1, sizeof(**names));
	*progs = calloc(gl.gl_pathc + 1, sizeof(**progs));
	if (!*names || !*progs)
		tap_bail("out of memory");
	for (i = n = 0; i < gl.gl_pathc; i++) {
		size_t j;

		for (j = 0; j < n && strcmp((*names)[j], gl.gl_pathv[i]); j++)
			;
		if (j < n)
			continue; /* corpus/regress is in both patterns */
		if (t2p_load(gl.gl_pathv[i], &(*progs)[n], err, sizeof(err))) {
			tap_diag("skipped: %s", err);
			continue;
		}
		(*names)[n++] = strdup(gl.gl_pathv[i]);
	}
	globfree(&gl);
	return (int)n;
}

int main(int argc, char **argv)
{
	static const struct { const char *name; uint64_t sw; } pers[] = {
		{ "spec", 0 }, { "sdk2013", T2_SW_ALL },
	};
	struct rec fresh = { 0 }, reset = { 0 };
	struct t2p_prog *progs;
	char **names;
	int n, i, k;

	n = load_all(argc, argv, &names, &progs);
	if (!n)
		tap_bail("no programs (run from the top of the tree, or name them)");
	tap_plan(n * 4);
	for (i = 0; i < n; i++) {
		const struct t2p_prog *p = &progs[i], *next = &progs[(i + 1) % n];

		for (k = 0; k < 2; k++) {
			rec_clear(&fresh);
			if (record_fresh(p, pers[k].sw, &fresh)) {
				tap_skip("platform refused", "%s %s reset after itself", names[i],
					 pers[k].name);
				tap_skip("platform refused", "%s %s reset after %s", names[i],
					 pers[k].name, names[(i + 1) % n]);
				continue;
			}
			rec_clear(&reset);
			check(names[i], pers[k].name, "itself", &fresh, &reset,
			      record_reset(p, p, pers[k].sw, &reset));
			rec_clear(&reset);
			check(names[i], pers[k].name, names[(i + 1) % n], &fresh, &reset,
			      record_reset(p, next, pers[k].sw, &reset));
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(progs);
	free(fresh.b);
	free(fresh.m);
	free(reset.b);
	free(reset.m);
	return tap_done();
}
