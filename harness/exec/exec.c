/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * exec.c - runs a program on the backend under test and on the oracle side by
 * side (see exec.h).
 *
 * Both sides get byte-identical arguments, except where a descriptor is an
 * input (GROUP_SET_CONTAINER's __s32), which each side gets in its own fd
 * space.  Program handles map to a (backend fd, oracle fd) pair; a handle
 * that is dead, closed or not yet created maps to T2P_DEAD_FD + index on both
 * sides, a number neither side has open.  A "control" container, opened on
 * both sides before the first op and never given a group, answers the
 * platform-wide counters, arms fail-nth and backs the oracle's resolver.
 *
 * Order of checks after an op: the return value, the bytes written back, the
 * fail-nth state while armed, then (with introspection) the platform-wide and
 * per-container invariants of inv.c followed by a field-by-field comparison
 * of the counters with the oracle's, then the GET_ATTR answers.  ACCESS ops
 * translate on both sides; the final sweep translates every interesting iova
 * the program touched, for every open group.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/block.h"
#include "backend/core_variant.h"
#include "exec/exec.h"
#include "exec/exec_iso.h"
#include "backend/ioctl.h"
#include "oracle/oracle.h"
#include "backend/platform_match.h"
#include "exec/race.h"
#include "prog/op.h"
#include "t2/abi.h"
#include "t2/sim.h"

#define TAIL 32                 /* poisoned bytes after minsz (ERR-3) */
#define POISON T2P_ARG_POISON
#define NPROBE 12               /* interesting iovas kept for the sweep */

enum slot_state { SLOT_NONE = 0, SLOT_LIVE, SLOT_DEAD };

struct fdslot {
	int bfd, ofd;
	uint8_t state;
	uint32_t gnum;          /* groups and devices: the group number */
};

struct bufslot {
	uint64_t vaddr, size, page;
	uint8_t state;
};

/*
 * Oracles made from a backend's platform answer are kept across runs, one
 * per platform (a fuzzer's inputs pick among a few hundred), and reset
 * exactly for each run; the least recently used one makes room.
 */
#define ORACLE_CACHE 16

struct oracle_slot {
	struct t2_oracle *o;
	struct t2sim_platform key;      /* what it was made from */
	unsigned long last_use;
};

/*
 * Backends that reset after their run (the stub) are kept for the next run
 * on the same platform string: a reset costs a fraction of a close and an
 * open.  A fuzzer's inputs use a few platforms most of the time.
 */
#define KEPT_BACKENDS 4

struct kept_backend {
	struct t2_backend *be;
	char platform[T2P_PLATFORM_MAX + 1];
	unsigned long last_use;
};

struct run;

struct t2x_ctx {
	struct t2x_config cfg;
	struct run *run;                /* kept across runs: see run_begin() */
	struct oracle_slot oc[ORACLE_CACHE];
	unsigned int last;              /* the slot used last: tried first */
	unsigned long tick;
	struct t2_oracle *o;            /* from the program's platform (no introspection) */
	struct t2_race *race;           /* made at the first race op */
	struct kept_backend kept[KEPT_BACKENDS];
	/* the last program platform compared with a device's (platform_skip) */
	char cmp_platform[T2P_PLATFORM_MAX + 1];
	struct t2sim_platform cmp_target;
	int cmp_result;
	char cmp_why[160];
	struct t2x_block *blk;          /* made at the first block (block.h) */
	struct t2x_block_stats bstats;
};

struct run {
	struct t2x_ctx *x;
	const struct t2p_prog *p;
	struct t2x_result *res;
	struct t2_backend *be;
	struct t2_oracle *o;
	struct t2sim_platform plat;
	int intro;                      /* the backend answers T2SIM_* */
	int bctl, octl;                 /* control containers */
	int64_t baseline;
	int containers_closed;          /* a container fd was closed: sums incomplete */
	int armed;                      /* fail-nth armed since the last check */
	unsigned int nslot[T2P_NKINDS];
	struct fdslot slot[T2P_NKINDS][T2P_MAX_HANDLES];
	struct bufslot buf[T2P_MAX_HANDLES];
	uint64_t probe[NPROBE];
	unsigned int nprobe, probe_next;
	unsigned int opi;               /* current op index */
	const struct t2p_op *op;
	const char *rule;               /* oracle's rule for the current op */
	int attr_check;                 /* compare GET_ATTR answers after this op */
	int beyond_model;               /* the oracle hit a limit of its own */
	int only_c;                     /* containers to check: see touched() */
	uint64_t cmask;                 /* with only_c == 0: the container slots to check */
	uint64_t buf_bytes;             /* live buffer bytes (the cap: cfg.buf_cap) */
	const char *platform;           /* what the backend was made with */
	struct t2x_iso_start iso;       /* the target at the program's start */
	unsigned int resume;            /* a block ran: go on at this op */
};

/*
 * memcmp(a, b, n) == 0 for the struct compares done after every op, as a
 * plain loop: under libFuzzer every libc memcmp call is intercepted and fed
 * to its comparison tables, which costs more than the compare.
 */
static int same_bytes(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	uint64_t u, v;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&u, x + i, 8);
		memcpy(&v, y + i, 8);
		if (u != v)
			return 0;
	}
	for (; i < n; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

/* ------------------------------------------------------------ findings */

static const char *opname(const struct t2p_op *op)
{
	if (!op)
		return "sweep";
	if (op->code == T2P_OP_ACCESS)
		return op->a[2].val ? "write" : "read";
	return op->code < T2P_NOPCODES ? t2p_opinfo[op->code].name : "?";
}

static int finding(struct run *r, const char *id, const char *detail, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int finding(struct run *r, const char *id, const char *detail, const char *fmt, ...)
{
	struct t2x_finding *f = &r->res->f;
	va_list ap;

	r->res->verdict = T2X_FINDING;
	f->kind = T2X_FK_OTHER;
	f->cidx = -1;
	snprintf(f->id, sizeof(f->id), "%s", id);
	snprintf(f->rule, sizeof(f->rule), "%s", r->rule ? r->rule : "-");
	f->op = r->opi;
	f->opcode = r->op ? r->op->code : T2P_NOPCODES;
	va_start(ap, fmt);
	vsnprintf(f->what, sizeof(f->what), fmt, ap);
	va_end(ap);
	snprintf(f->sig, sizeof(f->sig), "%s:%s:%s", id, opname(r->op), detail);
	return 1;
}

/* The executor or the oracle cannot follow the program: T2X_LIMIT. */
static int limit(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int limit(struct run *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	r->res->verdict = T2X_LIMIT;
	n = snprintf(r->res->error, sizeof(r->res->error), "op %u: ", r->opi);
	va_start(ap, fmt);
	vsnprintf(r->res->error + n, sizeof(r->res->error) - (size_t)n, fmt, ap);
	va_end(ap);
	return 1;
}

static const char *errname(long e)
{
	return t2_errno_name((int)-e);
}

/* "0", "3", "EBUSY"; fd-returning ops print "fd" for any success. */
static void fmt_ret(char *buf, size_t len, long v, int is_fd)
{
	if (v < 0)
		snprintf(buf, len, "%s", errname(v));
	else if (is_fd)
		snprintf(buf, len, "fd");
	else
		snprintf(buf, len, "%ld", v);
}

/* ------------------------------------------------------------ handles */

static void fd_pair(struct run *r, const struct t2p_arg *a, int *bfd, int *ofd)
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

/* ------------------------------------------------------------ comparing */

static void report_op(struct run *r, long bret, long oret)
{
	if (r->x->cfg.trace)
		fprintf(r->x->cfg.trace, "  -> %ld (oracle %ld, %s)\n", bret, oret,
			r->rule ? r->rule : "-");
	if (r->x->cfg.on_op)
		r->x->cfg.on_op(r->x->cfg.on_op_ctx, r->opi, bret, oret, r->rule);
}

static int check_ret(struct run *r, long bret, long oret, int is_fd)
{
	char e[32], o[32];

	/* past the model's own limits nothing more can be predicted: stop, no verdict */
	if (r->rule && r->rule[0] == 'o' && !strcmp(r->rule, "oracle-limit")) {
		r->beyond_model = 1;
		return limit(r, "beyond the model's tables (%d containers, %d fds: "
			     "oracle-limit): nothing after it can be predicted",
			     T2_ORACLE_MAX_CONTAINERS, T2_ORACLE_MAX_FDS);
	}
	if (is_fd ? ((bret < 0) == (oret < 0) && (bret >= 0 || bret == oret)) : bret == oret)
		return 0;
	fmt_ret(e, sizeof(e), oret, is_fd);
	fmt_ret(o, sizeof(o), bret, is_fd);
	{
		char detail[72];

		snprintf(detail, sizeof(detail), "%s->%s", e, o);
		finding(r, r->rule, detail, "returned %s, expected %s (%s)", o, e, r->rule);
		r->res->f.kind = T2X_FK_RET;
		r->res->f.want = (uint64_t)oret;
		r->res->f.got = (uint64_t)bret;
		return 1;
	}
}

static int check_bytes(struct run *r, const uint8_t *b, const uint8_t *o, size_t minsz,
		       long oret)
{
	size_t i;

	if (same_bytes(b, o, minsz + TAIL))
		return 0;
	for (i = 0; i < minsz + TAIL; i++)
		if (b[i] != o[i])
			break;
	if (i >= minsz)
		finding(r, "ERR-3", "tail", "wrote byte %zu beyond minsz %zu (0x%02x, was 0x%02x)",
			i, minsz, b[i], o[i]);
	else if (oret < 0)
		finding(r, "ERR-5", "output",
			"changed argument byte %zu (0x%02x, expected 0x%02x) on failure", i, b[i],
			o[i]);
	else
		finding(r, r->rule, "output", "argument byte %zu is 0x%02x, expected 0x%02x (%s)",
			i, b[i], o[i], r->rule);
	r->res->f.kind = T2X_FK_BYTES;
	r->res->f.want = o[i];
	r->res->f.got = b[i];
	r->res->f.iova = i;     /* the byte offset */
	return 1;
}

/* ------------------------------------------------------------ state checks */

/* Copies one GET_ATTR answer (attribute i) into the summary a. */
static void attr_unpack(const struct vfio_pamu_attr *at, int i, struct t2x_attrs *a)
{
	if (i == VFIO_ATTR_GEOMETRY) {
		a->start = at->attr_info.attr.aperture_start;
		a->end = at->attr_info.attr.aperture_end;
	} else if (i == VFIO_ATTR_WINDOWS) {
		a->windows = at->attr_info.windows;
	} else {
		a->cpu = at->attr_info.stash.cpu;
		a->cache = at->attr_info.stash.cache;
	}
}

static int get_attrs_be(struct run *r, int fd, struct t2x_attrs *a)
{
	struct vfio_pamu_attr at;
	long v;
	int i;

	for (i = 0; i < 3; i++) {
		memset(&at, 0, sizeof(at));
		at.argsz = sizeof(at);
		at.attribute = (uint32_t)i;
		v = t2_be_ioctl(r->be, fd, VFIO_IOMMU_PAMU_GET_ATTR, (unsigned long)&at);
		if (v)
			return (int)v;
		attr_unpack(&at, i, a);
	}
	return 0;
}

static int get_attrs_or(struct run *r, int fd, struct t2x_attrs *a)
{
	struct vfio_pamu_attr at;
	int i, v;

	for (i = 0; i < 3; i++) {
		memset(&at, 0, sizeof(at));
		v = t2_oracle_get_attr(r->o, fd, (uint32_t)i, &at);
		if (v)
			return v;
		attr_unpack(&at, i, a);
	}
	return 0;
}

#define CMPF(fld, fmt)                                                                 \
	do {                                                                           \
		if (b->fld != o->fld) {                                                \
			snprintf(what, sizeof(what),                                   \
				 "%s%s " fmt ", expected " fmt " after %s (%s)", prefix,       \
				 #fld, (uint64_t)b->fld, (uint64_t)o->fld, opname(r->op),      \
				 r->rule ? r->rule : "-");                                     \
			finding(r, failed ? "INV-14" : t2x_inv_of_counter(#fld), #fld, \
				"%s", what);                                           \
			r->res->f.kind = T2X_FK_COUNTER;                               \
			r->res->f.cidx = ci;                                           \
			snprintf(r->res->f.field, sizeof(r->res->f.field), "%s", #fld); \
			r->res->f.want = (uint64_t)o->fld;                             \
			r->res->f.got = (uint64_t)b->fld;                              \
			return 1;                                                      \
		}                                                                      \
	} while (0)

static int compare_counters(struct run *r, const struct t2sim_counters *b,
			    const struct t2sim_counters *o, int whole, int failed, int ci)
{
	char what[200], prefix[16] = "";

	if (same_bytes(b, o, sizeof(*b)))
		return 0;
	if (ci >= 0)
		snprintf(prefix, sizeof(prefix), "c%d ", ci);

	if (whole) {
		CMPF(crash_points, "%" PRIu64);
		CMPF(sim_pins, "%" PRIu64);
		CMPF(sim_spaaces, "%" PRIu64);
		CMPF(locked, "%" PRId64);
		return 0;
	}
	CMPF(backend, "%" PRIu64);
	CMPF(groups, "%" PRIu64);
	CMPF(windows, "%" PRIu64);
	CMPF(window_size, "0x%" PRIx64);
	CMPF(dma_windows, "%" PRIu64);
	CMPF(msi_windows, "%" PRIu64);
	CMPF(msi_records, "%" PRIu64);
	CMPF(dma_claimed, "0x%" PRIx64);
	CMPF(pins, "%" PRIu64);
	CMPF(enabled, "%" PRIu64);
	CMPF(liodns_linked, "%" PRIu64);
	CMPF(liodns_valid, "%" PRIu64);
	CMPF(spaaces, "%" PRIu64);
	return 0;
}

static int compare_attrs(struct run *r, const struct t2x_attrs *b, const struct t2x_attrs *o,
			 int failed, unsigned int ci)
{
	const char *id = failed ? "INV-14" : NULL;

	if (b->start != o->start || b->end != o->end)
		return finding(r, id ? id : "INV-1", "geometry",
			       "c%u GET_ATTR(GEOMETRY) 0x%" PRIx64 "..0x%" PRIx64
			       ", expected 0x%" PRIx64 "..0x%" PRIx64 " (%s)",
			       ci, b->start, b->end, o->start, o->end, r->rule);
	if (b->windows != o->windows)
		return finding(r, id ? id : "INV-2", "windows",
			       "c%u GET_ATTR(WINDOWS) %u, expected %u (%s)", ci, b->windows,
			       o->windows, r->rule);
	if (b->cpu != o->cpu || b->cache != o->cache)
		return finding(r, id ? id : "STASH-4", "stash",
			       "c%u GET_ATTR(STASH) %u/%u, expected %u/%u (%s)", ci, b->cpu,
			       b->cache, o->cpu, o->cache, r->rule);
	return 0;
}

static int check_failnth(struct run *r)
{
	struct t2sim_fail_nth f;
	uint32_t rem, fired;

	if (!r->armed || !r->intro)
		return 0;
	memset(&f, 0, sizeof(f));
	f.argsz = sizeof(f);
	if (r->be->ops->fail_nth(r->be, r->bctl, &f))
		return 0;
	t2_oracle_fault_state(r->o, &rem, &fired);
	if (f.remaining != rem || f.fired != fired)
		return finding(r, "FAIL-1", "sites",
			       "fail-nth remaining %u fired %u, expected %u %u (fault sites differ)",
			       f.remaining, f.fired, rem, fired);
	if (!rem)
		r->armed = 0;
	return 0;
}

/* A failure at ERR-1 levels 0-3 or ERR-6 comes before anything could change. */
static int early_failure(const struct run *r, int failed)
{
	const char *w = r->rule;

	return failed && w && w[0] == 'E' && w[1] == 'R' && w[2] == 'R' && w[3] == '-';
}

static int check_state(struct run *r, int failed)
{
	/* two pairs of buffers: the pair read last stays valid as pb/po (for the
	 * platform-wide fields) while the next container is read into the other */
	struct t2sim_counters bcs[2], ocs[2], *bc, *oc, *pb = NULL, *po = NULL;
	struct t2x_attrs ba, oa;
	struct t2x_inv_out io;
	struct t2x_inv_sums sums = { 0, 0, 0, !r->containers_closed && r->only_c == 0 &&
					     r->cmask == ~0ull };
	unsigned int i, cur = 0;

	if (r->x->cfg.observe == T2X_OBSERVE_NONE)
		return 0;
	if (r->x->cfg.observe != T2X_OBSERVE_FULL)
		r->attr_check = 0;      /* GET_ATTR is the driver's, not introspection */
	if (check_failnth(r))
		return 1;
	if (!(r->x->cfg.checks & T2X_CHECK_STATE) || early_failure(r, failed) ||
	    r->only_c == -2)
		return 0;
	for (i = 0; i < r->nslot[T2P_K_C] && i < T2P_MAX_HANDLES; i++) {
		const struct fdslot *s = &r->slot[T2P_K_C][i];
		int e;

		if (s->state != SLOT_LIVE || r->only_c < 0 ||
		    (r->only_c > 0 && i != (unsigned int)r->only_c - 1) ||
		    (r->only_c == 0 && !(r->cmask >> i & 1)))
			continue;
		if (!r->intro) {
			/* observable only: GET_ATTR where the model says there is a backend */
			if (!r->attr_check || get_attrs_or(r, s->ofd, &oa))
				continue;
			e = get_attrs_be(r, s->bfd, &ba);
			if (e)
				return finding(r, failed ? "INV-14" : "ATTR-4", "get_attr",
					       "c%u GET_ATTR failed with %s, expected success",
					       i, errname(e));
			if (t2x_inv_attrs(&ba, r->plat.max_windows, &io))
				return finding(r, io.id, io.field, "c%u %s", i, io.what);
			if (compare_attrs(r, &ba, &oa, failed, i))
				return 1;
			continue;
		}
		bc = &bcs[cur];
		oc = &ocs[cur];
		memset(bc, 0, sizeof(*bc));
		bc->argsz = sizeof(*bc);
		memset(oc, 0, sizeof(*oc));
		oc->argsz = sizeof(*oc);
		e = r->be->ops->counters(r->be, s->bfd, bc);
		if (e)
			return finding(r, "INTRO-6", "counters",
				       "c%u T2SIM_COUNTERS failed with %s", i, errname(e));
		if (t2_oracle_counters(r->o, s->ofd, oc))
			continue;
		sums.pins += bc->pins;
		sums.spaaces += bc->spaaces;
		sums.dma_windows += bc->dma_windows;
		pb = bc;
		po = oc;
		cur ^= 1;
		if (bc->backend && r->attr_check) {
			e = get_attrs_be(r, s->bfd, &ba);
			if (e)
				return finding(r, failed ? "INV-14" : "ATTR-4", "get_attr",
					       "c%u GET_ATTR failed with %s while the backend is set",
					       i, errname(e));
		}
		if (t2x_inv_container(bc, bc->backend && r->attr_check ? &ba : NULL,
				      r->plat.max_windows, &io) ||
		    t2x_inv_design(bc, &r->plat, &io))
			return finding(r, io.id, io.field, "c%u %s after %s", i, io.what,
				       opname(r->op));
		if (compare_counters(r, bc, oc, 0, failed, (int)i))
			return 1;
		if (bc->backend && r->attr_check && !get_attrs_or(r, s->ofd, &oa) &&
		    compare_attrs(r, &ba, &oa, failed, i))
			return 1;
	}
	if (r->intro) {
		/* platform-wide fields: from a container read above, else the control one */
		if (!pb) {
			pb = &bcs[0];
			po = &ocs[0];
			memset(pb, 0, sizeof(*pb));
			pb->argsz = sizeof(*pb);
			memset(po, 0, sizeof(*po));
			po->argsz = sizeof(*po);
			if (r->be->ops->counters(r->be, r->bctl, pb) ||
			    t2_oracle_counters(r->o, r->octl, po))
				return 0;
		}
		if (t2x_inv_platform(pb, &sums, r->baseline, &io))
			return finding(r, io.id, io.field, "%s after %s", io.what, opname(r->op));
		if (compare_counters(r, pb, po, 1, failed, -1))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------ translation */

static const char *xlate_name(uint32_t v)
{
	static const char *const n[] = { "OK", "LIODN_INVALID", "OUTSIDE_APERTURE",
					 "WINDOW_FREE", "BEYOND_MAPPING", "PERMISSION" };

	return v < 6 ? n[v] : "?";
}

static int xlate_detail(struct run *r, const struct fdslot *g, uint32_t lidx, uint64_t iova,
			int write, const struct t2sim_translate *bt,
			const struct t2sim_translate *ot)
{
	struct t2x_finding *f = &r->res->f;

	f->kind = T2X_FK_XLATE;
	f->gnum = g->gnum;
	f->lidx = lidx;
	f->iova = iova;
	f->write = (uint32_t)write;
	f->want = ot->result | ot->msi_flags << 8;
	f->got = bt->result | bt->msi_flags << 8;
	return 1;
}

static int compare_xlate(struct run *r, const struct fdslot *g, uint32_t lidx, uint64_t iova,
			 int write)
{
	struct t2sim_translate bt, ot;
	int br, orr;
	const char *id;

	memset(&bt, 0, sizeof(bt));
	bt.argsz = sizeof(bt);
	bt.flags = write ? T2SIM_XLATE_WRITE : 0;
	bt.liodn_index = lidx;
	bt.iova = iova;
	memset(&ot, 0, sizeof(ot));
	br = r->be->ops->translate(r->be, g->bfd, &bt);
	orr = t2_oracle_translate(r->o, g->gnum, lidx, iova, write, &ot);
	if (orr == -ENOENT)
		orr = -EBADF;
	if (br != orr)
		return finding(r, "INTRO-5", "errno",
			       "translate g%u liodn %u iova 0x%" PRIx64 " returned %s, expected %s",
			       g->gnum, lidx, iova, br ? errname(br) : "0",
			       orr ? errname(orr) : "0");
	if (r->op && r->op->code == T2P_OP_ACCESS)
		report_op(r, br ? br : (long)(bt.result | bt.msi_flags << 8),
			  orr ? orr : (long)(ot.result | ot.msi_flags << 8));
	if (br)
		return 0;
	if (bt.result == ot.result && bt.liodn == ot.liodn && bt.phys == ot.phys &&
	    bt.msi_bank == ot.msi_bank && bt.msi_flags == ot.msi_flags)
		return 0;
	if (ot.result == T2SIM_XLATE_OK && bt.result == T2SIM_XLATE_LIODN_INVALID)
		id = "INV-6";
	else if (bt.msi_flags != ot.msi_flags || bt.msi_bank != ot.msi_bank)
		id = "INV-27";
	else if (bt.result == T2SIM_XLATE_OK && ot.result != T2SIM_XLATE_OK)
		id = "INV-26";
	else if (bt.result == T2SIM_XLATE_OK)
		id = "INV-25";
	else
		id = "ISO-2";
	{
		char detail[48];

		snprintf(detail, sizeof(detail), "%s->%s", xlate_name(ot.result),
			 xlate_name(bt.result));
		finding(r, id, detail,
			"%s group %u liodn 0x%x iova 0x%" PRIx64
			": %s phys 0x%" PRIx64 " bank %d flags %u, expected %s phys 0x%" PRIx64
			" bank %d flags %u",
			write ? "write" : "read", g->gnum, bt.liodn, iova, xlate_name(bt.result),
			(uint64_t)bt.phys, (int)bt.msi_bank, bt.msi_flags, xlate_name(ot.result),
			(uint64_t)ot.phys, (int)ot.msi_bank, ot.msi_flags);
		return xlate_detail(r, g, lidx, iova, write, &bt, &ot);
	}
}

static uint32_t group_liodns(struct run *r, uint32_t gnum)
{
	uint32_t i;

	for (i = 0; i < r->plat.ngroups && i < T2SIM_MAX_GROUPS; i++)
		if (r->plat.groups[i].group == gnum)
			return r->plat.groups[i].nliodns;
	return 0;
}

static int sweep(struct run *r)
{
	unsigned int i, k, gi;
	uint32_t l, nl;

	if (!r->intro || !(r->x->cfg.checks & T2X_CHECK_SWEEP))
		return 0;
	r->op = NULL;
	r->rule = "sweep";
	for (gi = 0; gi < r->nslot[T2P_K_G] && gi < T2P_MAX_HANDLES; gi++) {
		const struct fdslot *g = &r->slot[T2P_K_G][gi];

		if (g->state != SLOT_LIVE)
			continue;
		nl = group_liodns(r, g->gnum);
		for (l = 0; l < nl; l++)
			for (i = 0; i < r->nprobe; i++)
				for (k = 0; k < 2; k++)
					if (compare_xlate(r, g, l, r->probe[i], (int)k))
						return 1;
	}
	return 0;
}

/* ------------------------------------------------------------ ops */

/* The op's traits (ops.def, prog.h). */
static unsigned int traits(const struct t2p_op *op)
{
	return op->code < T2P_NOPCODES ? t2p_opinfo[op->code].traits : 0;
}

/*
 * Which containers an op can change by the rules, from its touch class
 * (prog.h): its own (1 + index); the ones touch_mask() names (0); none,
 * platform-wide counters only (-1); no counter at all, fail-nth state only
 * (-2).
 */
static int touched(const struct t2p_op *op)
{
	switch (traits(op) & T2P_T_TOUCH_MASK) {
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
	fd_pair(r, a, &bfd, &ofd);
	cfd = t2_oracle_group_container_fd(r->o, ofd);
	if (cfd < 0)
		return -1;
	for (i = 0; i < r->nslot[T2P_K_C] && i < T2P_MAX_HANDLES; i++)
		if (r->slot[T2P_K_C][i].state == SLOT_LIVE && r->slot[T2P_K_C][i].ofd == cfd)
			return (int)i;
	return -1;
}

/*
 * For touched() == 0: the containers the op's operands name, and the one
 * each group operand is in (CORE-8, 9, 12: membership moves only between
 * those).  A raw ioctl number or a raw container fd can name any
 * container: all.
 */
static uint64_t touch_mask(struct run *r, const struct t2p_op *op)
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
static void op_probes(struct run *r, const struct t2p_op *op, int in_block)
{
	const uint8_t *field = t2p_opinfo[op->code].field;
	unsigned int t = traits(op), k;
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
static int build_call(struct run *r, const struct t2p_op *op, struct t2p_call *c,
		      uint8_t o[T2P_CALL_BUF], int *bfd, int *ofd)
{
	int tb, to;

	if (t2p_op_call(op, run_vaddr, r, c))
		return -EINVAL;
	fd_pair(r, &op->a[0], bfd, ofd);
	memcpy(o, c->arg, T2P_CALL_BUF);
	if (c->fd_in >= 0) {
		fd_pair(r, &op->a[c->fd_in], &tb, &to);
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
		return limit(r, "more than %d %c handles", T2P_MAX_HANDLES,
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

	if (build_call(r, op, &c, o, &bfd, &ofd)) {
		r->res->ops_skipped++;
		return 0;
	}
	bret = t2_be_ioctl(r->be, bfd, c.cmd, t2p_call_arg(&c, c.arg));
	oret = t2_oracle_ioctl(r->o, ofd, c.cmd, t2p_call_arg(&c, o));
	r->rule = t2_oracle_last_rule(r->o);
	report_op(r, bret, oret);
	if (kind != T2P_K_NUM && new_handle(r, op, s, bret, oret))
		return 1;
	if (check_ret(r, bret, oret, kind != T2P_K_NUM))
		return 1;
	if (c.cmp && check_bytes(r, c.arg, o, c.minsz, oret))
		return 1;
	if (traits(op) & T2P_T_QUERY)
		return 0;
	if (oret == 0)
		op_probes(r, op, 0);
	return check_state(r, oret < 0);
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
	report_op(r, b, o);
	if (new_handle(r, op, s, b, o))
		return 1;
	if (check_ret(r, b, o, 1))
		return 1;
	return check_state(r, o < 0);
}

/* The handle op closed is dead from now on. */
static void op_closed(struct run *r, const struct t2p_op *op)
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

	fd_pair(r, &op->a[0], &bfd, &ofd);
	b = r->be->ops->close(r->be, bfd);
	o = t2_oracle_close(r->o, ofd);
	r->rule = t2_oracle_last_rule(r->o);
	report_op(r, b, o);
	op_closed(r, op);
	if (check_ret(r, b, o, 0))
		return 1;
	return check_state(r, o < 0);
}

static int resolve_cb(void *ctx, uint64_t vaddr, uint64_t *phys, uint32_t *page_size)
{
	struct run *r = ctx;
	struct t2sim_resolve rs;
	int e;

	memset(&rs, 0, sizeof(rs));
	rs.argsz = sizeof(rs);
	rs.vaddr = vaddr;
	e = r->be->ops->resolve(r->be, r->bctl, &rs);
	if (e)
		return e;
	*phys = rs.phys;
	*page_size = rs.page_size;
	return 0;
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
		return limit(r, "more than %d b handles", T2P_MAX_HANDLES);
	/* real memory: the cap keeps a program within the fuzzers' RSS limit */
	if (r->be->ops->device && (size > r->x->cfg.buf_cap ||
				   r->buf_bytes > r->x->cfg.buf_cap - size))
		return limit(r, "alloc of %" PRIu64 " bytes: over the per-program buffer cap "
			     "of %" PRIu64 " bytes (T2_BUF_CAP; %" PRIu64 " live)", size,
			     r->x->cfg.buf_cap, r->buf_bytes);
	e = r->be->ops->buf_alloc(r->be, size, page, &va);
	report_op(r, e, e);
	if (e)
		return 0;
	e = t2_oracle_buf_register(r->o, va, size, page);
	if (e) {
		r->be->ops->buf_free(r->be, va, size);
		return finding(r, "MEM-1", "alloc",
			       "backend allocated %" PRIu64 " bytes of %" PRIu64
			       "-byte pages at 0x%" PRIx64 ", which the model refuses (%s)",
			       size, page, va, errname(e));
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
		return finding(r, "MEM-5", "free", "freeing a live buffer failed: %s",
			       errname(e));
	return check_state(r, 0);
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
	return compare_xlate(r, g, (uint32_t)op->a[3].val, op->a[1].val, (int)op->a[2].val);
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
	report_op(r, e, 0);
	if (e)
		return finding(r, "INTRO-8", "arm", "FAIL_NTH arm failed: %s", errname(e));
	if (f.remaining != rem || f.fired != fired)
		return finding(r, "INTRO-8", "arm",
			       "FAIL_NTH reports remaining %u fired %u, expected %u %u",
			       f.remaining, f.fired, rem, fired);
	r->armed = f.nth != 0;
	return 0;
}

/* ------------------------------------------------------------ race_msi */

/*
 * Each side makes at least RACE_ITERS map+unmap pairs and, unless the
 * config says race_quick, goes on while the other side has not finished,
 * up to RACE_MAX_ITERS: on a loaded machine one side may lose its CPU for
 * a time slice, and the other would otherwise finish alone.
 */
#define RACE_ITERS 32
#define RACE_MAX_ITERS 4096

struct racer {
	struct t2_backend *be;
	int fd;
	uint32_t bank;
	uint64_t iova;
	struct racer *other;
	unsigned int max_iters;
	atomic_int done;
	unsigned int calls;
	unsigned int nbad;
	long first_bad;         /* first result that was not 0 */
	int first_bad_unmap;    /* ... and whether it was the unmap */
};

static long msi_map(struct t2_backend *be, struct t2_oracle *o, int fd, uint32_t bank,
		    uint64_t iova)
{
	struct vfio_pamu_msi_bank_map m;

	memset(&m, 0, sizeof(m));
	m.argsz = sizeof(m);
	m.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	m.msi_bank_index = bank;
	m.iova = iova;
	return be ? t2_be_ioctl(be, fd, VFIO_IOMMU_PAMU_MAP_MSI_BANK, (unsigned long)&m) :
		    t2_oracle_ioctl(o, fd, VFIO_IOMMU_PAMU_MAP_MSI_BANK, (unsigned long)&m);
}

static long msi_unmap(struct t2_backend *be, struct t2_oracle *o, int fd, uint64_t iova)
{
	struct vfio_pamu_msi_bank_unmap u;

	memset(&u, 0, sizeof(u));
	u.argsz = sizeof(u);
	u.iova = iova;
	return be ? t2_be_ioctl(be, fd, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, (unsigned long)&u) :
		    t2_oracle_ioctl(o, fd, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, (unsigned long)&u);
}

static void race_thread(void *arg)
{
	struct racer *x = arg;
	unsigned int i;
	long v;

	for (i = 0; i < RACE_ITERS ||
		    (i < x->max_iters && !atomic_load_explicit(&x->other->done,
								memory_order_acquire)); i++) {
		v = msi_map(x->be, NULL, x->fd, x->bank, x->iova);
		if (v && !x->nbad++) {
			x->first_bad = v;
			x->first_bad_unmap = 0;
		}
		v = msi_unmap(x->be, NULL, x->fd, x->iova);
		if (v && !x->nbad++) {
			x->first_bad = v;
			x->first_bad_unmap = 1;
		}
	}
	x->calls = 2 * i;
	atomic_store_explicit(&x->done, 1, memory_order_release);
}

/*
 * On a backend with a deterministic scheduler (the stub): the two sides
 * alternate at every scheduling point for their first RACE_ALTERNATE
 * decisions (replayed picks, docs/concurrency.md), then PCT with seed 0.
 * The finest interleaving there is, the same on any load; each side makes
 * RACE_ITERS pairs (waiting for the other is pointless when only one runs).
 */
#define RACE_ALTERNATE 1024

static void race_scheduled(struct t2_backend *be, struct racer *x)
{
	uint8_t alternate[RACE_ALTERNATE];
	void (*const body[2])(void *) = { race_thread, race_thread };
	void *arg[2] = { &x[0], &x[1] };
	struct t2sim_sched sc;
	unsigned int i;

	for (i = 0; i < RACE_ALTERNATE; i++)
		alternate[i] = (uint8_t)(i & 1);
	memset(&sc, 0, sizeof(sc));
	sc.replay = alternate;
	sc.nreplay = RACE_ALTERNATE;
	for (i = 0; i < 2; i++)
		x[i].max_iters = RACE_ITERS;
	t2_be_run_threads(be, &sc, 2, body, arg);
}

/*
 * Two threads map and unmap two different banks at two different windows
 * of one container, at least RACE_ITERS times each.  Every serial order of these
 * calls gives 0 for each and leaves the state as it was (CONC-2), so the
 * executor runs it only where the oracle predicts exactly that, with no
 * fault armed; the verdict is then deterministic on a correct backend.
 */
static int op_race_msi(struct run *r, const struct t2p_op *op)
{
	struct racer x[2];
	struct vfio_pamu_attr g, w;
	uint64_t S, ws, i1 = op->a[2].val, i2 = op->a[3].val;
	uint32_t b1 = (uint32_t)op->a[1].val;
	int bfd, ofd, k;

	fd_pair(r, &op->a[0], &bfd, &ofd);
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
	if (msi_map(NULL, r->o, ofd, b1, i1))
		goto skip;
	if (msi_unmap(NULL, r->o, ofd, i1))
		return finding(r, "MSI-8", "oracle", "the model cannot unmap what it mapped");
	if (msi_map(NULL, r->o, ofd, b1 + 1, i2))
		goto skip;
	if (msi_unmap(NULL, r->o, ofd, i2))
		return finding(r, "MSI-8", "oracle", "the model cannot unmap what it mapped");
	if (!r->x->race && t2_race_new(&r->x->race))
		goto skip;
	memset(x, 0, sizeof(x));
	for (k = 0; k < 2; k++) {
		atomic_init(&x[k].done, 0);
		x[k].be = r->be;
		x[k].fd = bfd;
		x[k].bank = b1 + (uint32_t)k;
		x[k].iova = k ? i2 : i1;
		x[k].other = &x[!k];
		x[k].max_iters = r->x->cfg.race_quick ? RACE_ITERS : RACE_MAX_ITERS;
	}
	if (t2_be_schedules(r->be))
		race_scheduled(r->be, x);
	else
		t2_race_run(r->x->race, race_thread, &x[1], &x[0]);
	report_op(r, x[0].nbad + x[1].nbad, 0);
	for (k = 0; k < 2; k++)
		if (x[k].nbad)
			return finding(r, "CONC-2", x[k].first_bad_unmap ? "unmap" : "map",
				       "thread %d: %u of %u MSI %s calls failed (first %s) where every "
				       "serial order succeeds", k, x[k].nbad, x[k].calls,
				       x[k].first_bad_unmap ? "unmap" : "map",
				       errname(x[k].first_bad));
	r->attr_check = 1;
	return check_state(r, 0);
skip:
	r->res->ops_skipped++;
	return 0;
}

/* ------------------------------------------------------------ blocks */

_Static_assert(TAIL == T2X_CALL_TAIL && T2P_CALL_BUF == T2X_CALL_BUF,
	       "a block's calls carry the arguments op_ioctl() builds");

/* One op of a block as a call (block.h): what run_op() would pass each side. */
static void block_call(struct run *r, const struct t2p_op *op, struct t2x_call *c)
{
	struct t2p_call pc;
	int bfd, ofd;

	memset(c, 0, offsetof(struct t2x_call, b));
	c->code = op->code;
	fd_pair(r, &op->a[0], &c->bfd, &c->ofd);
	if (t2p_opinfo[op->code].run == T2P_RUN_CLOSE) {
		c->close = 1;
		return;
	}
	if (build_call(r, op, &pc, c->o, &bfd, &ofd)) {
		c->cmd = 0;     /* t2p_block_op_ok() lets no other op in */
		return;
	}
	memcpy(c->b, pc.arg, sizeof(c->b));
	c->cmd = pc.cmd;
	c->value = pc.value;
	c->by_ptr = pc.by_ptr;
	c->cmp = pc.cmp;
	op_probes(r, op, 1);    /* the windows the call may change, for the sweep */
}

/* CONC-4: closing a descriptor that another thread of the block uses is
 * undefined in-process, so such a block runs its threads in turn. */
static int block_close_conflict(const struct t2x_block *bk)
{
	unsigned int t, k, u, j;
	int32_t v;

	for (t = 0; t < bk->nthreads; t++)
		for (k = 0; k < bk->n[t]; k++) {
			const struct t2x_call *c = &bk->call[t][k];

			if (!c->close)
				continue;
			for (u = 0; u < bk->nthreads; u++)
				for (j = 0; j < bk->n[u]; j++) {
					const struct t2x_call *d = &bk->call[u][j];

					memcpy(&v, d->b, sizeof(v));
					if (u != t && (d->bfd == c->bfd ||
						       (d->cmd == VFIO_GROUP_SET_CONTAINER &&
							v == c->bfd)))
						return 1;
				}
		}
	return 0;
}

/* The state after a serial order (lin.c's leaf): the checks that follow
 * every op and the translation sweep, against the oracle in that order's
 * state; the result they would report is kept aside. */
static int block_leaf(void *ctx, char *detail, size_t dlen, char *what, size_t wlen)
{
	struct run *r = ctx;
	struct t2x_result save = *r->res;
	const struct t2p_op *op = r->op;
	const char *rule = r->rule;
	int bad;

	r->attr_check = 1;
	r->only_c = 0;
	r->cmask = ~0ull;
	bad = check_state(r, 0) || sweep(r);
	if (bad) {
		const char *d = strchr(r->res->f.sig, ':');

		snprintf(detail, dlen, "%s", d && strchr(d + 1, ':') ? strchr(d + 1, ':') + 1 :
					     r->res->f.sig);
		snprintf(what, wlen, "%s", r->res->f.what);
	}
	*r->res = save;
	r->op = op;
	r->rule = rule;
	return bad;
}

/* Bit i: t2_ioctls[i]; bit 32 + i: t2_simioctls[i]. */
static const struct t2_ioctl_info *stats_ioctl(unsigned int bit)
{
	if (bit < 32)
		return bit < t2_nioctls ? &t2_ioctls[bit] : NULL;
	return bit - 32 < t2_nsimioctls ? &t2_simioctls[bit - 32] : NULL;
}

static void block_stats_add(struct t2x_block_stats *st, const struct t2x_call *c)
{
	unsigned int bit;

	if (c->close) {
		st->closes++;
		return;
	}
	for (bit = 0; bit < 64; bit++)
		if (stats_ioctl(bit) && stats_ioctl(bit)->cmd == c->cmd) {
			st->ioctls |= 1ull << bit;
			return;
		}
	st->raw++;
}

/* The block whose BLOCK marker is the current op: run, checked, and the
 * program goes on after its END. */
static int op_block(struct run *r)
{
	struct t2x_ctx *x = r->x;
	struct t2x_block *bk;
	struct t2x_block_out out;
	struct t2p_block b;
	const struct t2x_call *c;
	unsigned int t, k;

	if (t2p_block_at(r->p, r->opi, &b)) {
		r->res->ops_skipped++;  /* markers of no well-formed block: no op */
		return 0;
	}
	r->resume = b.end + 1;
	r->res->ops_run += b.end - b.begin;
	if (!x->blk) {
		x->blk = calloc(1, sizeof(*x->blk));
		if (!x->blk || t2x_work_new(&x->blk->work)) {
			free(x->blk);
			x->blk = NULL;
			r->res->verdict = T2X_ERROR;
			snprintf(r->res->error, sizeof(r->res->error), "block: out of memory");
			return 1;
		}
	}
	bk = x->blk;
	bk->be = r->be;
	bk->o = r->o;
	bk->seed = b.seed;
	bk->nthreads = b.nthreads;
	for (t = 0; t < b.nthreads; t++) {
		bk->n[t] = b.n[t];
		for (k = 0; k < b.n[t]; k++) {
			block_call(r, &r->p->ops[b.first[t] + k], &bk->call[t][k]);
			bk->call[t][k].opi = b.first[t] + k;
			block_stats_add(&x->bstats, &bk->call[t][k]);
		}
	}
	bk->serial = r->armed || block_close_conflict(bk);
	bk->leaf = block_leaf;
	bk->ctx = r;
	r->rule = "CONC-2";
	x->bstats.blocks++;
	if (t2x_block_run(bk, &out) == T2X_BLOCK_OK) {
		/* what the backend closed is closed, whatever the order */
		for (t = 0; t < b.nthreads; t++)
			for (k = 0; k < b.n[t]; k++)
				if (bk->call[t][k].close && bk->call[t][k].bret == 0)
					op_closed(r, &r->p->ops[bk->call[t][k].opi]);
		t2x_lin_check(bk, &out);
	}
	switch (out.verdict) {
	case T2X_BLOCK_OK:
		/* the calls in program order, with the backend's answers */
		for (t = 0; t < b.nthreads; t++)
			for (k = 0; k < b.n[t]; k++) {
				c = &bk->call[t][k];
				r->opi = c->opi;
				report_op(r, c->bret, c->bret);
			}
		r->opi = b.begin;
		return 0;
	case T2X_BLOCK_VIOLATION:
		c = out.bad;
		r->rule = "CONC-2";
		if (c) {
			r->opi = c->opi;
			r->op = &r->p->ops[c->opi];
			finding(r, "CONC-2", "block", "%s", out.what);
			r->res->f.kind = T2X_FK_RET;
			r->res->f.want = (uint64_t)c->oret;
			r->res->f.got = (uint64_t)c->bret;
		} else {
			finding(r, "CONC-2", out.detail, "%s", out.what);
		}
		return 1;
	case T2X_BLOCK_LIMIT:
		x->bstats.limits++;
		r->opi = b.begin;
		return limit(r, "%.200s", out.what);
	default:
		r->res->verdict = T2X_ERROR;
		snprintf(r->res->error, sizeof(r->res->error), "op %u: %.200s", b.begin, out.what);
		return 1;
	}
}

static void block_free(struct t2x_ctx *x)
{
	if (x->blk)
		t2x_work_free(x->blk->work);
	free(x->blk);
}

const struct t2x_block_stats *t2x_block_stats(const struct t2x_ctx *x)
{
	return &x->bstats;
}

void t2x_print_block_stats(FILE *f, const struct t2x_ctx *x)
{
	const struct t2x_block_stats *st = &x->bstats;
	unsigned int i;

	fprintf(f, "blocks: %lu run, %lu limit; %u distinct ioctls in blocks:", st->blocks,
		st->limits, (unsigned int)__builtin_popcountll(st->ioctls));
	for (i = 0; i < 64; i++)
		if (st->ioctls >> i & 1)
			fprintf(f, " %s", stats_ioctl(i)->name);
	fprintf(f, "; %lu closes, %lu calls of other numbers\n", st->closes, st->raw);
}

/* Runs one op by its row's run kind (ops.def). */
static int run_op(struct run *r, const struct t2p_op *op)
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
	default:
		return op_block(r);     /* a marker of no well-formed block: no op */
	}
}

/* ------------------------------------------------------------ setup */

/* Same platform: every byte from page_size on (argsz and flags are the caller's). */
static int same_platform(const struct t2sim_platform *a, const struct t2sim_platform *b)
{
	return same_bytes(&a->page_size, &b->page_size,
			  sizeof(*a) - offsetof(struct t2sim_platform, page_size));
}

static int setup_oracle_cached(struct run *r, char *err, size_t errlen)
{
	struct t2x_ctx *x = r->x;
	struct oracle_slot *s, *victim = &x->oc[0];
	unsigned int i;
	int e;

	x->tick++;
	for (i = 0; i < ORACLE_CACHE; i++) {
		s = &x->oc[(x->last + i) % ORACLE_CACHE];
		if (s->o && same_platform(&s->key, &r->plat)) {
			t2_oracle_reset(s->o);
			s->last_use = x->tick;
			x->last = (unsigned int)(s - x->oc);
			r->o = s->o;
			return 0;
		}
		if (!s->o || (victim->o && s->last_use < victim->last_use))
			victim = s;
	}
	/* the victim is made over for this platform: its containers stay allocated */
	if (victim->o)
		e = t2_oracle_renew_from_platform(victim->o, &r->plat, err, errlen);
	else
		e = t2_oracle_new_from_platform(&r->plat, &victim->o, err, errlen);
	if (e)
		return e;
	victim->key = r->plat;
	victim->last_use = x->tick;
	x->last = (unsigned int)(victim - x->oc);
	r->o = victim->o;
	return 0;
}

/* What --platform / T2_PLATFORM states about a device target, default p4080. */
static const char *stated_platform(const struct t2x_ctx *x)
{
	return x->cfg.be.platform ? x->cfg.be.platform : T2P_DEFAULT_PLATFORM;
}

static int setup_oracle(struct run *r, char *err, size_t errlen)
{
	struct t2x_ctx *x = r->x;
	int e;

	if (r->intro)
		return setup_oracle_cached(r, err, errlen);
	if (x->o)
		t2_oracle_free(x->o);
	x->o = NULL;
	/* no introspection: the stated platform (docs/devices.md), else the program's */
	e = t2_oracle_new(r->be->ops->device ? stated_platform(x) : t2p_platform(r->p), &x->o,
			  err, errlen);
	if (e)
		return e;
	t2_oracle_get_platform(x->o, &r->plat);
	r->o = x->o;
	return 0;
}

/* Takes the kept backend for this platform, if there is one. */
static struct t2_backend *take_backend(struct t2x_ctx *x, const char *platform)
{
	struct t2_backend *be;
	unsigned int i;

	for (i = 0; i < KEPT_BACKENDS; i++)
		if (x->kept[i].be && !strcmp(x->kept[i].platform, platform)) {
			be = x->kept[i].be;
			x->kept[i].be = NULL;
			return be;
		}
	return NULL;
}

/* Keeps be for a later run if it resets, in place of the least recently
 * used one; else closes it. */
static void keep_backend(struct t2x_ctx *x, struct t2_backend *be, const char *platform)
{
	struct kept_backend *k = &x->kept[0];
	size_t n = strlen(platform);
	unsigned int i;

	if (n >= sizeof(k->platform) || !be->ops->reset || be->ops->reset(be)) {
		t2_backend_close(be);
		return;
	}
	for (i = 0; i < KEPT_BACKENDS; i++) {
		if (!x->kept[i].be) {
			k = &x->kept[i];
			break;
		}
		if (x->kept[i].last_use < k->last_use)
			k = &x->kept[i];
	}
	if (k->be)
		t2_backend_close(k->be);
	k->be = be;
	memcpy(k->platform, platform, n + 1);
	k->last_use = ++x->tick;
}

/*
 * A device's platform is its own (docs/devices.md): a program whose platform
 * line names another is not judged.  1 with the reason in res->error.
 */
static int platform_skip(struct run *r)
{
	struct t2x_ctx *x = r->x;
	const char *want = t2p_platform(r->p);

	if (x->cfg.target_platform)
		return 0;
	/* the same program platform on the same target: the answer is known */
	if (strcmp(x->cmp_platform, want) || !same_bytes(&x->cmp_target, &r->plat,
							 sizeof(r->plat))) {
		snprintf(x->cmp_platform, sizeof(x->cmp_platform), "%s", want);
		x->cmp_target = r->plat;
		x->cmp_result = t2_platform_differs(&r->plat, want, x->cmp_why,
						    sizeof(x->cmp_why));
	}
	if (!x->cmp_result)
		return 0;
	r->res->verdict = T2X_SKIP;
	snprintf(r->res->error, sizeof(r->res->error), "the target%s is not platform '%s': %s",
		 r->intro ? "" : " (stated, no introspection)", want, x->cmp_why);
	return 1;
}

static int setup(struct run *r)
{
	struct t2_backend_config bc = r->x->cfg.be;
	const char *prog = t2p_platform(r->p);
	struct t2sim_counters c;
	char err[200];
	int e;

	/* a stated platform makes the stub; it overrides the program's line */
	if (!bc.platform || r->x->cfg.target_platform)
		bc.platform = bc.platform ? bc.platform : prog;
	else if (strcmp(bc.platform, prog))
		snprintf(r->res->note, sizeof(r->res->note),
			 "the program's platform '%s' is overridden by the stated '%s'", prog,
			 bc.platform);
	r->platform = bc.platform;
	r->be = take_backend(r->x, bc.platform);
	e = r->be ? 0 : t2_backend_open(&bc, &r->be, err, sizeof(err));
	if (e) {
		snprintf(r->res->error, sizeof(r->res->error), "backend: %s", err);
		return e;
	}
	r->bctl = r->be->ops->open_container(r->be);
	if (r->bctl < 0) {
		snprintf(r->res->error, sizeof(r->res->error), "backend: open container: %s",
			 errname(r->bctl));
		return r->bctl;
	}
	memset(&r->plat, 0, sizeof(r->plat));
	r->plat.argsz = sizeof(r->plat);
	r->intro = r->x->cfg.observe != T2X_OBSERVE_NONE &&
		   r->be->ops->platform(r->be, r->bctl, &r->plat) == 0;
	e = setup_oracle(r, err, sizeof(err));
	if (e) {
		snprintf(r->res->error, sizeof(r->res->error), "oracle: %s", err);
		return e;
	}
	t2_oracle_set_introspection(r->o, r->intro);
	if (r->be->ops->device) {
		r->res->note[0] = '\0';        /* a device is not made from the string */
		t2x_iso_mark(r->be, r->bctl, r->intro, &r->iso);
		if (platform_skip(r))
			return 1;
	}
	if (r->intro)
		t2_oracle_set_resolver(r->o, resolve_cb, r);
	else
		t2_oracle_set_resolver(r->o, NULL, NULL);
	r->octl = t2_oracle_open_container(r->o);
	if (r->octl < 0) {
		snprintf(r->res->error, sizeof(r->res->error), "oracle: open container: %s",
			 errname(r->octl));
		return r->octl;
	}
	if (r->intro) {
		memset(&c, 0, sizeof(c));
		c.argsz = sizeof(c);
		if (r->be->ops->counters(r->be, r->bctl, &c) == 0)
			r->baseline = c.locked;
	}
	return 0;
}

/*
 * The run state, zeroed as calloc would: the handle tables are written only
 * below their counts (new_slot, op_alloc), so clearing that part of them and
 * the fields before them restores all zeroes without touching the rest.
 */
static struct run *run_begin(struct t2x_ctx *x)
{
	struct run *r = x->run;
	unsigned int k, n;

	if (!r)
		return x->run = calloc(1, sizeof(*r));
	for (k = 0; k < T2P_NKINDS; k++) {
		n = r->nslot[k] < T2P_MAX_HANDLES ? r->nslot[k] : T2P_MAX_HANDLES;
		memset(r->slot[k], 0, n * sizeof(r->slot[k][0]));
	}
	n = r->nslot[T2P_K_B] < T2P_MAX_HANDLES ? r->nslot[T2P_K_B] : T2P_MAX_HANDLES;
	memset(r->buf, 0, n * sizeof(r->buf[0]));
	memset(r, 0, offsetof(struct run, slot));
	memset(&r->probe, 0, sizeof(*r) - offsetof(struct run, probe));
	return r;
}

/*
 * Per-program isolation on a target that outlives the program (a device):
 * fail-nth disarmed, every descriptor closed (devices, groups, containers:
 * a group's close then performs the implied unset), every buffer freed, then
 * the check that the target is back where the program found it.  A leftover
 * is the harness's error line, never a finding.  (The stub resets exactly.)
 */
static void isolate(struct run *r)
{
	static const unsigned int order[3] = { T2P_K_D, T2P_K_G, T2P_K_C };
	unsigned int k, i, n;

	if (r->bctl < 0)
		return;
	t2x_iso_disarm(r->be, r->bctl, r->intro);
	for (k = 0; k < 3; k++) {
		n = r->nslot[order[k]] < T2P_MAX_HANDLES ? r->nslot[order[k]] : T2P_MAX_HANDLES;
		for (i = n; i-- > 0;) {
			struct fdslot *s = &r->slot[order[k]][i];

			if (s->state == SLOT_LIVE)
				r->be->ops->close(r->be, s->bfd);
			s->state = SLOT_DEAD;
		}
	}
	r->be->ops->close(r->be, r->bctl);
	r->bctl = -1;
	n = r->nslot[T2P_K_B] < T2P_MAX_HANDLES ? r->nslot[T2P_K_B] : T2P_MAX_HANDLES;
	for (i = 0; i < n; i++) {
		if (r->buf[i].state == SLOT_LIVE)
			r->be->ops->buf_free(r->be, r->buf[i].vaddr, r->buf[i].size);
		r->buf[i].state = SLOT_DEAD;
	}
	r->buf_bytes = 0;
	t2x_iso_verify(r->be, &r->iso, &r->plat, r->res->leftover, sizeof(r->res->leftover));
}

/* replay -v: the backend's own counters (INTRO-6) of every live container
 * after the last op, for reports that measure state (ci/msi-report). */
static void trace_counters(struct run *r)
{
	unsigned int i;

	if (!r->x->cfg.trace || !r->intro)
		return;
	for (i = 0; i < r->nslot[T2P_K_C] && i < T2P_MAX_HANDLES; i++) {
		const struct fdslot *s = &r->slot[T2P_K_C][i];
		struct t2sim_counters c;

		memset(&c, 0, sizeof(c));
		c.argsz = sizeof(c);
		if (s->state != SLOT_LIVE || r->be->ops->counters(r->be, s->bfd, &c))
			continue;
		fprintf(r->x->cfg.trace, "  counters c%u: backend=%u enabled=%u windows=%u "
			"dma_windows=%u msi_windows=%u msi_records=%u window_size=%llu "
			"spaaces=%llu groups=%u liodns_linked=%u sim_spaaces=%llu\n", i,
			c.backend, c.enabled, c.windows, c.dma_windows, c.msi_windows,
			c.msi_records, (unsigned long long)c.window_size,
			(unsigned long long)c.spaaces, c.groups, c.liodns_linked,
			(unsigned long long)c.sim_spaaces);
	}
}

int t2x_run(struct t2x_ctx *x, const struct t2p_prog *p, struct t2x_result *res)
{
	struct run *r = run_begin(x);
	unsigned int i;

	memset(res, 0, sizeof(*res));
	res->observe = x->cfg.observe;
	if (!r) {
		res->verdict = T2X_ERROR;
		snprintf(res->error, sizeof(res->error), "out of memory");
		return res->verdict;
	}
	r->x = x;
	r->p = p;
	r->res = res;
	r->bctl = -1;
	if (setup(r)) {
		if (res->verdict != T2X_SKIP)
			res->verdict = T2X_ERROR;
		goto out;
	}
	for (i = 0; i < p->nops; i++) {
		r->opi = i;
		r->op = &p->ops[i];
		r->rule = NULL;
		if (x->cfg.trace) {
			char line[256];

			t2p_print_op_in(p, i, line, sizeof(line));
			fprintf(x->cfg.trace, "%3u %s\n", i, line);
		}
		res->ops_run++;
		r->attr_check = (traits(r->op) & T2P_T_ATTRS) != 0;
		r->only_c = touched(r->op);
		r->cmask = r->only_c == 0 ? touch_mask(r, r->op) : 0;
		if (run_op(r, r->op)) {
			if (res->verdict == T2X_LIMIT)
				res->ops_skipped += p->nops - i;
			goto out;
		}
		if (r->resume) {
			i = r->resume - 1;      /* after a block's END */
			r->resume = 0;
		}
	}
	/* a last full check (attributes included), then the translation sweep */
	r->attr_check = 1;
	r->only_c = 0;
	r->cmask = ~0ull;
	if (p->nops && check_state(r, 0))
		goto out;
	trace_counters(r);
	r->opi = p->nops;
	sweep(r);
out:
	if (r->o)
		t2_oracle_set_resolver(r->o, NULL, NULL);
	if (r->be && r->be->ops->device)
		isolate(r);
	if (r->be)
		keep_backend(x, r->be, r->platform);
	r->be = NULL;
	return res->verdict;
}

/* T2_BUF_CAP: bytes, with an optional K, M or G suffix; bad or unset: the default. */
static uint64_t t2x_buf_cap_env(void)
{
	const char *v = getenv("T2_BUF_CAP");
	char *end;
	uint64_t n;

	if (!v || !*v)
		return T2X_BUF_CAP_DEFAULT;
	n = strtoull(v, &end, 0);
	if (*end == 'K' || *end == 'k')
		n <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		n <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		n <<= 30, end++;
	return *end || !n ? T2X_BUF_CAP_DEFAULT : n;
}

int t2x_ctx_new(const struct t2x_config *cfg, struct t2x_ctx **out)
{
	struct t2x_ctx *x = calloc(1, sizeof(*x));

	if (!x)
		return -ENOMEM;
	x->cfg = *cfg;
	if (!x->cfg.buf_cap)
		x->cfg.buf_cap = t2x_buf_cap_env();
	*out = x;
	return 0;
}

void t2x_ctx_free(struct t2x_ctx *x)
{
	unsigned int i;

	if (!x)
		return;
	for (i = 0; i < ORACLE_CACHE; i++)
		if (x->oc[i].o)
			t2_oracle_free(x->oc[i].o);
	if (x->o)
		t2_oracle_free(x->o);
	t2_race_free(x->race);
	block_free(x);
	for (i = 0; i < KEPT_BACKENDS; i++)
		if (x->kept[i].be)
			t2_backend_close(x->kept[i].be);
	free(x->run);
	free(x);
}

int t2x_run_once(const struct t2x_config *cfg, const struct t2p_prog *p,
		 struct t2x_result *res)
{
	struct t2x_ctx *x;

	if (t2x_ctx_new(cfg, &x)) {
		memset(res, 0, sizeof(*res));
		res->verdict = T2X_ERROR;
		snprintf(res->error, sizeof(res->error), "out of memory");
		return res->verdict;
	}
	t2x_run(x, p, res);
	t2x_ctx_free(x);
	return res->verdict;
}

int t2x_config_from_env(struct t2x_config *cfg, char *err, size_t errlen)
{
	int r;

	memset(cfg, 0, sizeof(*cfg));
	cfg->checks = T2X_CHECK_ALL;
	if (getenv("T2_OBSERVE") && t2x_observe_parse(getenv("T2_OBSERVE"), &cfg->observe)) {
		snprintf(err, errlen, "T2_OBSERVE: unknown level '%s' (full, program, none)",
			 getenv("T2_OBSERVE"));
		return -EINVAL;
	}
	r = t2_config_from_env(&cfg->be, err, errlen);
	/* A core variant describes the VFIO core in front of a device; the stub
	 * has none, and its oracle would expect answers the stub never gives. */
	return r ? r : t2_core_variant_parse_env(cfg->be.kind, err, errlen);
}

const char *t2x_verdict_name(int verdict)
{
	static const char *const names[] = { "pass", "finding", "error", "limit", "skip" };

	return verdict >= 0 && verdict <= T2X_SKIP ? names[verdict] : "?";
}

void t2x_print_result(FILE *f, const struct t2p_prog *p, const struct t2x_result *res)
{
	char line[256];

	switch (res->verdict) {
	case T2X_PASS:
		fprintf(f, "pass (%u ops)\n", res->ops_run);
		break;
	case T2X_LIMIT:
	case T2X_SKIP:
		fprintf(f, "%s: %s\n", t2x_verdict_name(res->verdict), res->error);
		break;
	case T2X_FINDING:
		fprintf(f, "FINDING %s\n  %s at op %u", res->f.sig, res->f.id, res->f.op);
		if (res->f.op < p->nops) {
			t2p_print_op_in(p, res->f.op, line, sizeof(line));
			fprintf(f, ": %s", line);
		} else {
			fprintf(f, " (final translation sweep)");
		}
		fprintf(f, "\n  %s\n", res->f.what);
		if (res->observe != T2X_OBSERVE_FULL)
			fprintf(f, "  observe: %s\n", t2x_observe_name(res->observe));
		break;
	default:
		fprintf(f, "error: %s\n", res->error);
		break;
	}
	if (res->leftover[0])
		fprintf(f, "  harness error: the target kept state after the program: %s\n",
			res->leftover);
}
