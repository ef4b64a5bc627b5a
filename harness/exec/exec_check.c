/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * exec_check.c - what the executor checks after an op (exec.h): the return
 * value and the bytes written back against the oracle's, the fail-nth
 * state, the invariants of inv.c and a field-by-field comparison of the
 * counters and GET_ATTR answers, translations (ACCESS ops and the final
 * sweep); and how a violation becomes a finding (ID, signature, detail).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "backend/ioctl.h"
#include "exec/exec_int.h"
#include "t2/abi.h"
#include "t2/sim.h"

/*
 * memcmp(a, b, n) == 0 for the struct compares done after every op, as a
 * plain loop: under libFuzzer every libc memcmp call is intercepted and fed
 * to its comparison tables, which costs more than the compare.
 */
int t2x_same_bytes(const void *a, const void *b, size_t n)
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

int t2x_finding(struct run *r, const char *id, const char *detail, const char *fmt, ...)
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
int t2x_limit(struct run *r, const char *fmt, ...)
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

const char *t2x_errname(long e)
{
	return t2_errno_name((int)-e);
}

/* "0", "3", "EBUSY"; fd-returning ops print "fd" for any success. */
static void fmt_ret(char *buf, size_t len, long v, int is_fd)
{
	if (v < 0)
		snprintf(buf, len, "%s", t2x_errname(v));
	else if (is_fd)
		snprintf(buf, len, "fd");
	else
		snprintf(buf, len, "%ld", v);
}

/* ------------------------------------------------------------ comparing */

void t2x_report_op(struct run *r, long bret, long oret)
{
	if (r->x->cfg.trace)
		fprintf(r->x->cfg.trace, "  -> %ld (oracle %ld, %s)\n", bret, oret,
			r->rule ? r->rule : "-");
	if (r->x->cfg.on_op)
		r->x->cfg.on_op(r->x->cfg.on_op_ctx, r->opi, bret, oret, r->rule);
}

int t2x_check_ret(struct run *r, long bret, long oret, int is_fd)
{
	char e[32], o[32];

	/* past the model's own limits nothing more can be predicted: stop, no verdict */
	if (r->rule && r->rule[0] == 'o' && !strcmp(r->rule, "oracle-limit")) {
		r->beyond_model = 1;
		return t2x_limit(r, "beyond the model's tables (%d containers, %d fds: "
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
		t2x_finding(r, r->rule, detail, "returned %s, expected %s (%s)", o, e, r->rule);
		r->res->f.kind = T2X_FK_RET;
		r->res->f.want = (uint64_t)oret;
		r->res->f.got = (uint64_t)bret;
		return 1;
	}
}

int t2x_check_bytes(struct run *r, const uint8_t *b, const uint8_t *o, size_t minsz,
		       long oret)
{
	size_t i;

	if (t2x_same_bytes(b, o, minsz + TAIL))
		return 0;
	for (i = 0; i < minsz + TAIL; i++)
		if (b[i] != o[i])
			break;
	if (i >= minsz)
		t2x_finding(r, "ERR-3", "tail", "wrote byte %zu beyond minsz %zu (0x%02x, was 0x%02x)",
			i, minsz, b[i], o[i]);
	else if (oret < 0)
		t2x_finding(r, "ERR-5", "output",
			"changed argument byte %zu (0x%02x, expected 0x%02x) on failure", i, b[i],
			o[i]);
	else
		t2x_finding(r, r->rule, "output", "argument byte %zu is 0x%02x, expected 0x%02x (%s)",
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
			t2x_finding(r, failed ? "INV-14" : t2x_inv_of_counter(#fld), #fld, \
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

	if (t2x_same_bytes(b, o, sizeof(*b)))
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
		return t2x_finding(r, id ? id : "INV-1", "geometry",
			       "c%u GET_ATTR(GEOMETRY) 0x%" PRIx64 "..0x%" PRIx64
			       ", expected 0x%" PRIx64 "..0x%" PRIx64 " (%s)",
			       ci, b->start, b->end, o->start, o->end, r->rule);
	if (b->windows != o->windows)
		return t2x_finding(r, id ? id : "INV-2", "windows",
			       "c%u GET_ATTR(WINDOWS) %u, expected %u (%s)", ci, b->windows,
			       o->windows, r->rule);
	if (b->cpu != o->cpu || b->cache != o->cache)
		return t2x_finding(r, id ? id : "STASH-4", "stash",
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
		return t2x_finding(r, "FAIL-1", "sites",
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

int t2x_check_state(struct run *r, int failed)
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
				return t2x_finding(r, failed ? "INV-14" : "ATTR-4", "get_attr",
					       "c%u GET_ATTR failed with %s, expected success",
					       i, t2x_errname(e));
			if (t2x_inv_attrs(&ba, r->plat.max_windows, &io))
				return t2x_finding(r, io.id, io.field, "c%u %s", i, io.what);
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
			return t2x_finding(r, "INTRO-6", "counters",
				       "c%u T2SIM_COUNTERS failed with %s", i, t2x_errname(e));
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
				return t2x_finding(r, failed ? "INV-14" : "ATTR-4", "get_attr",
					       "c%u GET_ATTR failed with %s while the backend is set",
					       i, t2x_errname(e));
		}
		if (t2x_inv_container(bc, bc->backend && r->attr_check ? &ba : NULL,
				      r->plat.max_windows, &io) ||
		    t2x_inv_design(bc, &r->plat, &io))
			return t2x_finding(r, io.id, io.field, "c%u %s after %s", i, io.what,
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
			return t2x_finding(r, io.id, io.field, "%s after %s", io.what, opname(r->op));
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

int t2x_compare_xlate(struct run *r, const struct fdslot *g, uint32_t lidx, uint64_t iova,
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
		return t2x_finding(r, "INTRO-5", "errno",
			       "translate g%u liodn %u iova 0x%" PRIx64 " returned %s, expected %s",
			       g->gnum, lidx, iova, br ? t2x_errname(br) : "0",
			       orr ? t2x_errname(orr) : "0");
	if (r->op && r->op->code == T2P_OP_ACCESS)
		t2x_report_op(r, br ? br : (long)(bt.result | bt.msi_flags << 8),
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
		t2x_finding(r, id, detail,
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

int t2x_sweep(struct run *r)
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
					if (t2x_compare_xlate(r, g, l, r->probe[i], (int)k))
						return 1;
	}
	return 0;
}
