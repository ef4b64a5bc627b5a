/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * exec_block.c - a concurrent block in the executor (docs/concurrency.md):
 * its ops as calls (the same call descriptions as serial ops), run by
 * block.c, judged by lin.c, the program going on after its END; and the
 * block statistics of a context.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend/ioctl.h"
#include "exec/exec_int.h"
#include "t2/abi.h"

/* ------------------------------------------------------------ blocks */

_Static_assert(TAIL == T2X_CALL_TAIL && T2P_CALL_BUF == T2X_CALL_BUF,
	       "a block's calls carry the arguments op_ioctl() builds");

/* One op of a block as a call (block.h): what t2x_run_op() would pass each side. */
static void block_call(struct run *r, const struct t2p_op *op, struct t2x_call *c)
{
	struct t2p_call pc;
	int bfd, ofd;

	memset(c, 0, offsetof(struct t2x_call, b));
	c->code = op->code;
	t2x_fd_pair(r, &op->a[0], &c->bfd, &c->ofd);
	if (t2p_opinfo[op->code].run == T2P_RUN_CLOSE) {
		c->close = 1;
		return;
	}
	if (t2x_build_call(r, op, &pc, c->o, &bfd, &ofd)) {
		c->cmd = 0;     /* t2p_block_op_ok() lets no other op in */
		return;
	}
	memcpy(c->b, pc.arg, sizeof(c->b));
	c->cmd = pc.cmd;
	c->value = pc.value;
	c->by_ptr = pc.by_ptr;
	c->cmp = pc.cmp;
	t2x_op_probes(r, op, 1);    /* the windows the call may change, for the sweep */
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
	bad = t2x_check_state(r, 0) || t2x_sweep(r);
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
int t2x_op_block(struct run *r)
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
					t2x_op_closed(r, &r->p->ops[bk->call[t][k].opi]);
		t2x_lin_check(bk, &out);
	}
	switch (out.verdict) {
	case T2X_BLOCK_OK:
		/* the calls in program order, with the backend's answers */
		for (t = 0; t < b.nthreads; t++)
			for (k = 0; k < b.n[t]; k++) {
				c = &bk->call[t][k];
				r->opi = c->opi;
				t2x_report_op(r, c->bret, c->bret);
			}
		r->opi = b.begin;
		return 0;
	case T2X_BLOCK_VIOLATION:
		c = out.bad;
		r->rule = "CONC-2";
		if (c) {
			r->opi = c->opi;
			r->op = &r->p->ops[c->opi];
			t2x_finding(r, "CONC-2", "block", "%s", out.what);
			r->res->f.kind = T2X_FK_RET;
			r->res->f.want = (uint64_t)c->oret;
			r->res->f.got = (uint64_t)c->bret;
		} else {
			t2x_finding(r, "CONC-2", out.detail, "%s", out.what);
		}
		return 1;
	case T2X_BLOCK_LIMIT:
		x->bstats.limits++;
		r->opi = b.begin;
		return t2x_limit(r, "%.200s", out.what);
	default:
		r->res->verdict = T2X_ERROR;
		snprintf(r->res->error, sizeof(r->res->error), "op %u: %.200s", b.begin, out.what);
		return 1;
	}
}

void t2x_block_free(struct t2x_ctx *x)
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
