/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * prog_block.c - concurrent blocks in the program model (prog.h): which ops
 * may stand in one, reading a block's shape from its markers, and mending
 * the shape after an edit (the minimizer removes ops and markers one by one).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "prog/prog.h"

int t2p_block_op_ok(unsigned int code)
{
	return code < T2P_NOPCODES && (t2p_opinfo[code].traits & T2P_T_CONC);
}

int t2p_block_at(const struct t2p_prog *p, unsigned int i, struct t2p_block *b)
{
	unsigned int k, t = 0;

	if (i >= p->nops || p->ops[i].code != T2P_OP_BLOCK)
		return -EINVAL;
	memset(b, 0, sizeof(*b));
	b->begin = i;
	b->seed = (uint32_t)p->ops[i].a[0].val;
	for (k = i + 1; k < p->nops; k++) {
		unsigned int code = p->ops[k].code;

		if (code == T2P_OP_END) {
			if (!t || !b->n[t - 1])
				return -EINVAL;
			b->end = k;
			b->nthreads = t;
			return 0;
		}
		if (code == T2P_OP_THREAD) {
			if (t == T2P_BLOCK_MAX_THREADS || (t && !b->n[t - 1]))
				return -EINVAL;
			b->first[t++] = k + 1;
			continue;
		}
		if (!t || !t2p_block_op_ok(code) || b->n[t - 1] == T2P_BLOCK_MAX_THREAD_OPS)
			return -EINVAL;
		b->n[t - 1]++;
	}
	return -EINVAL;
}

/* Appends a copy of op (or a bare marker if op is NULL) to q. */
static void put(struct t2p_prog *q, const struct t2p_op *op, unsigned int marker)
{
	struct t2p_op m;

	if (!op) {
		t2p_op_init(&m, marker);
		op = &m;
	}
	t2p_append(q, op);
}

/* Closes the open block of q: drops a trailing empty thread, and the whole
 * block if no op is left in it. */
static void close_block(struct t2p_prog *q, unsigned int begin, unsigned int *nthr,
			unsigned int *nops)
{
	if (*nthr && !*nops) {
		q->nops--;      /* the empty thread's marker */
		(*nthr)--;
	}
	if (!*nthr)
		q->nops = begin;
	else
		put(q, NULL, T2P_OP_END);
	*nthr = 0;
	*nops = 0;
}

int t2p_normalize(struct t2p_prog *p)
{
	struct t2p_prog *qp = malloc(sizeof(*qp));
	unsigned int i, nthr = 0, nops = 0, begin = 0;
	int inb = 0, changed;

	if (!qp)
		return 0;
#define q (*qp)
	t2p_init(&q);
	memcpy(q.platform, p->platform, sizeof(q.platform));
	q.profile = p->profile;
	for (i = 0; i < p->nops; i++) {
		const struct t2p_op *op = &p->ops[i];

		switch (op->code) {
		case T2P_OP_BLOCK:
			if (inb)
				close_block(&q, begin, &nthr, &nops);
			/* a marker and a thread need room, plus an op and END */
			if (q.nops + 4 > T2P_MAX_OPS) {
				inb = 0;
				continue;
			}
			begin = q.nops;
			put(&q, op, 0);
			inb = 1;
			continue;
		case T2P_OP_THREAD:
			if (!inb)
				continue;
			if (nthr && !nops)
				continue;       /* an empty thread: merge */
			if (nthr == T2P_BLOCK_MAX_THREADS) {
				close_block(&q, begin, &nthr, &nops);
				inb = 0;
				continue;
			}
			put(&q, NULL, T2P_OP_THREAD);
			nthr++;
			nops = 0;
			continue;
		case T2P_OP_END:
			if (inb)
				close_block(&q, begin, &nthr, &nops);
			inb = 0;
			continue;
		default:
			break;
		}
		if (inb && t2p_block_op_ok(op->code)) {
			if (nthr && nops == T2P_BLOCK_MAX_THREAD_OPS) {
				if (nthr == T2P_BLOCK_MAX_THREADS) {
					close_block(&q, begin, &nthr, &nops);
					inb = 0;
				} else {
					put(&q, NULL, T2P_OP_THREAD);
					nthr++;
					nops = 0;
				}
			} else if (!nthr) {
				put(&q, NULL, T2P_OP_THREAD);
				nthr = 1;
			}
			if (inb && q.nops + 2 > T2P_MAX_OPS) {
				close_block(&q, begin, &nthr, &nops);
				inb = 0;
				continue;
			}
			put(&q, op, 0);
			if (inb)
				nops++;
			continue;
		}
		if (inb) {
			close_block(&q, begin, &nthr, &nops);
			inb = 0;
		}
		if (q.nops + (inb ? 1 : 0) < T2P_MAX_OPS)
			put(&q, op, 0);
	}
	if (inb)
		close_block(&q, begin, &nthr, &nops);
	changed = t2p_cmp(&q, p) != 0;
	if (changed)
		*p = q;
#undef q
	free(qp);
	return changed;
}

void t2p_block_flatten(struct t2p_prog *p, unsigned int i)
{
	struct t2p_block b;
	unsigned int k, w = i;

	if (t2p_block_at(p, i, &b))
		return;
	for (k = i; k <= b.end; k++) {
		unsigned int code = p->ops[k].code;

		if (code != T2P_OP_BLOCK && code != T2P_OP_THREAD && code != T2P_OP_END)
			p->ops[w++] = p->ops[k];
	}
	t2p_remove(p, w, b.end + 1 - w);
}
