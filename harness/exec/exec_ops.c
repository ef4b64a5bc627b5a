/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * exec_ops.c - the op interpreters of the executor (exec.h): program handles
 * mapped to each side's descriptors, one interpreter per run kind of the op
 * table (ops.def), every ioctl op through one call description (op.h)
 * issued on the backend and on the oracle; which containers an op can
 * change and which iovas the sweep probes, from the op's traits.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "backend/ioctl.h"
#include "exec/exec_int.h"
#include "exec/race.h"
#include "t2/abi.h"
#include "t2/sim.h"

/* ------------------------------------------------------------ handles */

void t2x_fd_pair(struct run *r, const struct t2p_arg *a, int *bfd, int *ofd)
{
	const struct fdslot *s;

	if (a->kind >= T2P_K_C && a->kind <= T2P_K_D && a->idx < T2P_MAX_HANDLES) {
		s = &r->slot[a->kind][a->idx];
		if (s->state == SLOT_LIVE) {
			*bfd = s->bfd;
			*ofd = s->ofd;
			return;
		}
	}
	*bfd = *ofd = T2P_DEAD_FD + a->idx;
}

static struct fdslot *new_slot(struct run *r, unsigned int kind)
{
	unsigned int i = r->nslot[kind];

	if (r->nslot[kind] < 255)
		r->nslot[kind]++;
	if (i >= T2P_MAX_HANDLES)
		return NULL;
	memset(&r->slot[kind][i], 0, sizeof(r->slot[kind][i]));
	r->slot[kind][i].state = SLOT_DEAD;
	return &r->slot[kind][i];
}

static void add_probe(struct run *r, uint64_t iova)
{
	unsigned int i;

	for (i = 0; i < r->nprobe; i++)
		if (r->probe[i] == iova)
			return;
	r->probe[r->probe_next] = iova;
	r->probe_next = (r->probe_next + 1) % NPROBE;
	if (r->nprobe < NPROBE)
		r->nprobe++;
}

/* ------------------------------------------------------------ ops */

/* The op's traits (ops.def, prog.h). */
unsigned int t2x_op_traits(const struct t2p_op *op)
{
	return op->code < T2P_NOPCODES ? t2p_opinfo[op->code].traits : 0;
}

/*
 * Which containers an op can change by the rules, from its touch class
 * (prog.h): its own (1 + index); the ones t2x_touch_mask() names (0); none,
 * platform-wide counters only (-1); no counter at all, fail-nth state only
 * (-2).
 */
int t2x_touched(const struct t2p_op *op)
{
	switch (t2x_op_traits(op) & T2P_T_TOUCH_MASK) {
	case T2P_T_TOUCH_OWN:
		return op->a[0].kind == T2P_K_C ? 1 + op->a[0].idx : -1;
	case T2P_T_TOUCH_NOTHING:
		return -2;
	case T2P_T_TOUCH_PLATFORM:
		return -1;
	case T2P_T_TOUCH_CLOSE:         /* a group or device close may release its container */
		return op->a[0].kind == T2P_K_C ? -1 : 0;
	default:
		return 0;
	}
}

/* The executor slot of the container a group or device handle's group is
 * in by the model, before the op; -1 if none. */
static int group_container_slot(struct run *r, const struct t2p_arg *a)
{
	int bfd, ofd, cfd;
	unsigned int i;

	if (a->kind != T2P_K_G && a->kind != T2P_K_D)
		return -1;
	t2x_fd_pair(r, a, &bfd, &ofd);
	cfd = t2_oracle_group_container_fd(r->o, ofd);
	if (cfd < 0)
		return -1;
	for (i = 0; i < r->nslot[T2P_K_C] && i < T2P_MAX_HANDLES; i++)
		if (r->slot[T2P_K_C][i].state == SLOT_LIVE && r->slot[T2P_K_C][i].ofd == cfd)
			return (int)i;
	return -1;
}

/*
 * For t2x_touched() == 0: the containers the op's operands name, and the one
 * each group operand is in (CORE-8, 9, 12: membership moves only between
 * those).  A raw ioctl number or a raw container fd can name any
 * container: all.
 */
uint64_t t2x_touch_mask(struct run *r, const struct t2p_op *op)
{
	const uint8_t *field = t2p_opinfo[op->code].field;
	uint64_t m = 0;
	unsigned int k;
	int ci;

	for (k = 0; k < 4; k++)
		if (field[k] == T2P_F_CMD)
			return ~0ull;
	for (k = 0; k < 4; k++) {
		const struct t2p_arg *a = &op->a[k];

		if (a->kind == T2P_K_C && a->idx < T2P_MAX_HANDLES)
			m |= 1ull << a->idx;
		else if (a->kind == T2P_K_NUM && field[k] == T2P_F_CFD)
			return ~0ull;
		ci = group_container_slot(r, a);
		if (ci >= 0)
			m |= 1ull << ci;
	}
	return m;
}

/*
 * The iovas the final sweep probes after op, from its PROBE_* traits
 * (prog.h): after a success, or for a call of a concurrent block (in_block)
 * before it runs.
 */
void t2x_op_probes(struct run *r, const struct t2p_op *op, int in_block)
{
	const uint8_t *field = t2p_opinfo[op->code].field;
	unsigned int t = t2x_op_traits(op), k;
	int iova = -1, size = -1, bank = -1;
	uint64_t v;
	uint32_t b;

	for (k = 0; k < 4; k++) {
		if (field[k] == T2P_F_IOVA && iova < 0)
			iova = (int)k;
		else if (field[k] == T2P_F_SIZE)
			size = (int)k;
		else if (field[k] == T2P_F_BANK)
			bank = (int)k;
	}
	if (iova < 0)
		return;
	v = op->a[iova].val;
	if (t & (in_block ? T2P_T_PROBE_IOVA | T2P_T_PROBE_MSI : T2P_T_PROBE_IOVA))
		add_probe(r, v);
	if ((t & T2P_T_PROBE_END) && size >= 0)
		add_probe(r, v + op->a[size].val - 1);
	if ((t & T2P_T_PROBE_MSI) && !in_block) {
		b = bank >= 0 ? (uint32_t)op->a[bank].val : 0;
		if (b < T2SIM_MAX_BANKS)
			add_probe(r, v + (r->plat.msiir[b] & 0xfff));
	}
}

static uint64_t vaddr_of(struct run *r, const struct t2p_arg *a)
{
	if (a->kind == T2P_K_B && a->idx < T2P_MAX_HANDLES &&
	    r->buf[a->idx].state != SLOT_NONE)
		return r->buf[a->idx].vaddr + a->val;
	/* a raw address, or a buffer that never existed: the offset from 0 */
	return a->val;
}

/* t2p_vaddr_fn for t2p_op_call() */
static uint64_t run_vaddr(void *ctx, const struct t2p_arg *a)
{
	return vaddr_of(ctx, a);
}

/*
 * The call an ioctl op makes (op.h), on both sides: the descriptors each
 * side has for operand 0, the argument bytes in c->arg (the backend's) and
 * o (the oracle's), which differ only where a descriptor is the argument.
 */
int t2x_build_call(struct run *r, const struct t2p_op *op, struct t2p_call *c,
		      uint8_t o[T2P_CALL_BUF], int *bfd, int *ofd)
{
	int tb, to;

	if (t2p_op_call(op, run_vaddr, r, c))
		return -EINVAL;
	t2x_fd_pair(r, &op->a[0], bfd, ofd);
	memcpy(o, c->arg, T2P_CALL_BUF);
	if (c->fd_in >= 0) {
		t2x_fd_pair(r, &op->a[c->fd_in], &tb, &to);
		t2p_call_put_fd(c->arg, tb);
		t2p_call_put_fd(o, to);
	}
	return 0;
}

/* A handle op made (or failed to make) on both sides: tracked, or closed. */
static int new_handle(struct run *r, const struct t2p_op *op, struct fdslot *s, long b, long o)
{
	unsigned int kind = t2p_opinfo[op->code].creates;

	if (s && b >= 0 && o >= 0) {
		s->bfd = (int)b;
		s->ofd = (int)o;
		/* a node's group number (0 for a container); a device's, its group's */
		s->gnum = t2p_opinfo[op->code].run == T2P_RUN_OPEN ? (uint32_t)op->a[0].val :
			  op->a[0].idx < T2P_MAX_HANDLES ? r->slot[T2P_K_G][op->a[0].idx].gnum : 0;
		s->state = SLOT_LIVE;
	} else {
		/* not tracked: close what opened so that it cannot leak into later ops */
		if (b >= 0 && !s)
			r->be->ops->close(r->be, (int)b);
		if (o >= 0 && !s)
			t2_oracle_close(r->o, (int)o);
	}
	if (!s)
		return t2x_limit(r, "more than %d %c handles", T2P_MAX_HANDLES,
			     t2p_kind_letter(kind));
	return 0;
}

/* An op that is one ioctl (run IOCTL), issued on both sides and compared. */
static int op_ioctl(struct run *r, const struct t2p_op *op)
{
	unsigned int kind = t2p_opinfo[op->code].creates;
	struct fdslot *s = kind != T2P_K_NUM ? new_slot(r, kind) : NULL;
	struct t2p_call c;
	uint8_t o[T2P_CALL_BUF];
	int bfd, ofd;
	long bret, oret;

	if (t2x_build_call(r, op, &c, o, &bfd, &ofd)) {
		r->res->ops_skipped++;
		return 0;
	}
	bret = t2_be_ioctl(r->be, bfd, c.cmd, t2p_call_arg(&c, c.arg));
	oret = t2_oracle_ioctl(r->o, ofd, c.cmd, t2p_call_arg(&c, o));
	r->rule = t2_oracle_last_rule(r->o);
	t2x_report_op(r, bret, oret);
	if (kind != T2P_K_NUM && new_handle(r, op, s, bret, oret))
		return 1;
	if (t2x_check_ret(r, bret, oret, kind != T2P_K_NUM))
		return 1;
	if (c.cmp && t2x_check_bytes(r, c.arg, o, c.minsz, oret))
		return 1;
	if (t2x_op_traits(op) & T2P_T_QUERY)
		return 0;
	if (oret == 0)
		t2x_op_probes(r, op, 0);
	return t2x_check_state(r, oret < 0);
}

static int op_open(struct run *r, const struct t2p_op *op)
{
	unsigned int kind = t2p_opinfo[op->code].creates;
	struct fdslot *s = new_slot(r, kind);
	uint32_t gnum = (uint32_t)op->a[0].val;
	int b, o;

	if (kind == T2P_K_C) {
		b = r->be->ops->open_container(r->be);
		o = t2_oracle_open_container(r->o);
	} else {
		b = r->be->ops->open_group(r->be, gnum);
		o = t2_oracle_open_group(r->o, gnum);
	}
	r->rule = t2_oracle_last_rule(r->o);
	t2x_report_op(r, b, o);
	if (new_handle(r, op, s, b, o))
		return 1;
	if (t2x_check_ret(r, b, o, 1))
		return 1;
	return t2x_check_state(r, o < 0);
}

/* The handle op closed is dead from now on. */
void t2x_op_closed(struct run *r, const struct t2p_op *op)
{
	struct fdslot *s;

	if (op->a[0].kind < T2P_K_C || op->a[0].kind > T2P_K_D || op->a[0].idx >= T2P_MAX_HANDLES)
		return;
	s = &r->slot[op->a[0].kind][op->a[0].idx];
	if (s->state == SLOT_LIVE) {
		s->state = SLOT_DEAD;
		if (op->a[0].kind == T2P_K_C)
			r->containers_closed = 1;
	}
}

static int op_close(struct run *r, const struct t2p_op *op)
{
	int bfd, ofd, b, o;

	t2x_fd_pair(r, &op->a[0], &bfd, &ofd);
	b = r->be->ops->close(r->be, bfd);
	o = t2_oracle_close(r->o, ofd);
	r->rule = t2_oracle_last_rule(r->o);
	t2x_report_op(r, b, o);
	t2x_op_closed(r, op);
	if (t2x_check_ret(r, b, o, 0))
		return 1;
	return t2x_check_state(r, o < 0);
}

static int op_alloc(struct run *r, const struct t2p_op *op)
{
	unsigned int i = r->nslot[T2P_K_B];
	uint64_t va = 0, page = op->a[0].val, size = op->a[1].val;
	int e;

	if (r->nslot[T2P_K_B] < 255)
		r->nslot[T2P_K_B]++;
	r->rule = "MEM-1";
	if (i >= T2P_MAX_HANDLES)
		return t2x_limit(r, "more than %d b handles", T2P_MAX_HANDLES);
	/* real memory: the cap keeps a program within the fuzzers' RSS limit */
	if (r->be->ops->device && (size > r->x->cfg.buf_cap ||
				   r->buf_bytes > r->x->cfg.buf_cap - size))
		return t2x_limit(r, "alloc of %" PRIu64 " bytes: over the per-program buffer cap "
			     "of %" PRIu64 " bytes (T2_BUF_CAP; %" PRIu64 " live)", size,
			     r->x->cfg.buf_cap, r->buf_bytes);
	e = r->be->ops->buf_alloc(r->be, size, page, &va);
	t2x_report_op(r, e, e);
	if (e)
		return 0;
	e = t2_oracle_buf_register(r->o, va, size, page);
	if (e) {
		r->be->ops->buf_free(r->be, va, size);
		return t2x_finding(r, "MEM-1", "alloc",
			       "backend allocated %" PRIu64 " bytes of %" PRIu64
			       "-byte pages at 0x%" PRIx64 ", which the model refuses (%s)",
			       size, page, va, t2x_errname(e));
	}
	r->buf[i].vaddr = va;
	r->buf[i].size = size;
	r->buf[i].page = page;
	r->buf[i].state = SLOT_LIVE;
	r->buf_bytes += size;
	return 0;
}

static int op_free(struct run *r, const struct t2p_op *op)
{
	struct bufslot *b;
	int e;

	if (op->a[0].idx >= T2P_MAX_HANDLES)
		return 0;
	b = &r->buf[op->a[0].idx];
	if (b->state != SLOT_LIVE) {
		r->res->ops_skipped++;
		return 0;
	}
	r->rule = "MEM-5";
	e = r->be->ops->buf_free(r->be, b->vaddr, b->size);
	t2_oracle_buf_unregister(r->o, b->vaddr);
	b->state = SLOT_DEAD;
	r->buf_bytes -= b->size;
	if (e)
		return t2x_finding(r, "MEM-5", "free", "freeing a live buffer failed: %s",
			       t2x_errname(e));
	return t2x_check_state(r, 0);
}

/*
 * MMAP_MSI (design C, MSIC-5): one page of an MSI fd on both sides; the
 * oracle registers its mapping at the backend's address.  A success on
 * both is a new buffer handle (free unmaps it, map_dma names it).
 */
static int op_mmap(struct run *r, const struct t2p_op *op)
{
	unsigned int i = r->nslot[T2P_K_B];
	uint64_t va = 0, ova, off = op->a[1].val * 4096;
	int prot = (int)op->a[2].val, flags = (int)op->flags, bfd, ofd, b, o;

	if (r->nslot[T2P_K_B] < 255)
		r->nslot[T2P_K_B]++;
	r->rule = "MSIC-5";
	if (i >= T2P_MAX_HANDLES)
		return t2x_limit(r, "more than %d b handles", T2P_MAX_HANDLES);
	t2x_fd_pair(r, &op->a[0], &bfd, &ofd);
	b = r->be->ops->mmap ? r->be->ops->mmap(r->be, bfd, 4096, prot, flags, off, &va) :
			       -ENODEV;
	ova = b ? 0 : va;
	o = t2_oracle_mmap(r->o, ofd, 4096, prot, flags, off, &ova);
	t2x_report_op(r, b, o);
	if (!b && o)
		r->be->ops->buf_free(r->be, va, 4096);
	if (b && !o)
		t2_oracle_buf_unregister(r->o, ova);
	if (t2x_check_ret(r, b, o, 0))
		return 1;
	if (b)
		return 0;
	r->buf[i].vaddr = va;
	r->buf[i].size = 4096;
	r->buf[i].page = 4096;
	r->buf[i].state = SLOT_LIVE;
	return 0;
}

static int op_access(struct run *r, const struct t2p_op *op)
{
	const struct fdslot *g;

	if (!r->intro || op->a[0].idx >= T2P_MAX_HANDLES ||
	    r->slot[T2P_K_G][op->a[0].idx].state != SLOT_LIVE) {
		r->res->ops_skipped++;
		return 0;
	}
	g = &r->slot[T2P_K_G][op->a[0].idx];
	r->rule = "ISO-2";
	add_probe(r, op->a[1].val);
	return t2x_compare_xlate(r, g, (uint32_t)op->a[3].val, op->a[1].val, (int)op->a[2].val);
}

static int op_fail_nth(struct run *r, const struct t2p_op *op)
{
	struct t2sim_fail_nth f;
	uint32_t rem, fired;
	int e;

	if (!r->intro) {
		r->res->ops_skipped++;
		return 0;
	}
	memset(&f, 0, sizeof(f));
	f.argsz = sizeof(f);
	f.flags = T2SIM_FAIL_ARM;
	f.nth = (uint32_t)op->a[0].val;
	r->rule = "INTRO-8";
	e = r->be->ops->fail_nth(r->be, r->bctl, &f);
	t2_oracle_fault_arm(r->o, f.nth);
	t2_oracle_fault_state(r->o, &rem, &fired);
	t2x_report_op(r, e, 0);
	if (e)
		return t2x_finding(r, "INTRO-8", "arm", "FAIL_NTH arm failed: %s", t2x_errname(e));
	if (f.remaining != rem || f.fired != fired)
		return t2x_finding(r, "INTRO-8", "arm",
			       "FAIL_NTH reports remaining %u fired %u, expected %u %u",
			       f.remaining, f.fired, rem, fired);
	r->armed = f.nth != 0;
	return 0;
}

/* ------------------------------------------------------------ race_msi */

/*
 * Two threads map and unmap two different banks at two different windows
 * of one container, at least 32 times each (race.c).  Every serial order of
 * these calls gives 0 for each and leaves the state as it was (CONC-2), so
 * the executor runs it only where the oracle predicts exactly that, with no
 * fault armed; the verdict is then deterministic on a correct backend.
 */
static int op_race_msi(struct run *r, const struct t2p_op *op)
{
	struct t2_race_msi_out out;
	struct vfio_pamu_attr g, w;
	uint64_t S, ws, i1 = op->a[2].val, i2 = op->a[3].val;
	uint32_t b1 = (uint32_t)op->a[1].val;
	const uint32_t bank[2] = { b1, b1 + 1 };
	const uint64_t iova[2] = { i1, i2 };
	int bfd, ofd, k;

	t2x_fd_pair(r, &op->a[0], &bfd, &ofd);
	r->rule = "CONC-2";
	memset(&g, 0, sizeof(g));
	memset(&w, 0, sizeof(w));
	if (r->armed || bfd >= T2P_DEAD_FD ||
	    t2_oracle_get_attr(r->o, ofd, VFIO_ATTR_GEOMETRY, &g) ||
	    t2_oracle_get_attr(r->o, ofd, VFIO_ATTR_WINDOWS, &w) || !w.attr_info.windows)
		goto skip;
	S = g.attr_info.attr.aperture_end - g.attr_info.attr.aperture_start + 1;
	ws = S / w.attr_info.windows;
	if (!ws || (i1 - g.attr_info.attr.aperture_start) / ws ==
			   (i2 - g.attr_info.attr.aperture_start) / ws)
		goto skip;
	/* the oracle's serial prediction, stopping where the state would not come back */
	for (k = 0; k < 2; k++) {
		if (t2_msi_call(NULL, r->o, ofd, 1, bank[k], iova[k]))
			goto skip;
		if (t2_msi_call(NULL, r->o, ofd, 0, 0, iova[k]))
			return t2x_finding(r, "MSI-8", "oracle", "the model cannot unmap what it mapped");
	}
	if (t2_race_msi(&r->x->race, r->be, bfd, bank, iova, r->x->cfg.race_quick, &out))
		goto skip;
	t2x_report_op(r, out.nbad[0] + out.nbad[1], 0);
	for (k = 0; k < 2; k++)
		if (out.nbad[k])
			return t2x_finding(r, "CONC-2", out.first_bad_unmap[k] ? "unmap" : "map",
				       "thread %d: %u of %u MSI %s calls failed (first %s) where every "
				       "serial order succeeds", k, out.nbad[k], out.calls[k],
				       out.first_bad_unmap[k] ? "unmap" : "map",
				       t2x_errname(out.first_bad[k]));
	r->attr_check = 1;
	return t2x_check_state(r, 0);
skip:
	r->res->ops_skipped++;
	return 0;
}

/* Runs one op by its row's run kind (ops.def). */
int t2x_run_op(struct run *r, const struct t2p_op *op)
{
	switch (op->code < T2P_NOPCODES ? t2p_opinfo[op->code].run : T2P_RUN_MARK) {
	case T2P_RUN_IOCTL:
		return op_ioctl(r, op);
	case T2P_RUN_OPEN:
		return op_open(r, op);
	case T2P_RUN_CLOSE:
		return op_close(r, op);
	case T2P_RUN_ALLOC:
		return op_alloc(r, op);
	case T2P_RUN_FREE:
		return op_free(r, op);
	case T2P_RUN_ACCESS:
		return op_access(r, op);
	case T2P_RUN_FAIL_NTH:
		return op_fail_nth(r, op);
	case T2P_RUN_RACE:
		return op_race_msi(r, op);
	case T2P_RUN_MMAP:
		return op_mmap(r, op);
	default:
		return t2x_op_block(r);     /* a marker of no well-formed block: no op */
	}
}
