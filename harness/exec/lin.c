/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * lin.c - the linearizability oracle (block.h, docs/concurrency.md): a
 * block's outcome is accepted iff some interleaving of its calls at call
 * granularity, each thread's order kept, gives on the oracle the return
 * values and the bytes written back that the backend gave, and a state
 * afterwards that the executor's checks accept (the leaf callback:
 * counters, attributes, translations, invariants).
 *
 * Depth-first over the interleavings from the oracle's state before the
 * block.  A call whose answer differs from the backend's cuts its subtree.
 * States are saved per depth (oracle_snap.c) and a (state, positions) pair
 * that failed once is remembered, so orders that reach the same state (calls
 * on different containers, queries) are searched once: the memo is what
 * merges commuting calls.  Candidates are tried in the order the backend's
 * calls returned, which is most often an order that explains them, so a
 * correct backend costs about one oracle call per op.  The search stops at
 * T2X_LIN_BUDGET oracle calls with the verdict `limit`.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "exec/block.h"
#include "backend/ioctl.h"

struct lin {
	struct t2x_block *bk;
	struct t2x_work *w;
	unsigned int total;
	unsigned int pos[T2P_BLOCK_MAX_THREADS];
	unsigned long steps;
	int limit, nomem;
	int leaf_failed;                /* some order explained every call */
	char leaf_detail[64], leaf_what[240];
	/* the call that failed deepest (first found), for when every call fits
	 * some order but each order fails at one of them */
	struct t2x_call *deep;
	unsigned int deep_depth, deep_thread;
	long deep_oret;
	const char *deep_rule;
};

int t2x_lin_apply(struct t2_oracle *o, struct t2x_call *c, long *oret)
{
	uint8_t buf[T2X_CALL_BUF];

	memcpy(buf, c->o, sizeof(buf));
	if (c->close)
		*oret = t2_oracle_close(o, c->ofd);
	else
		*oret = t2_oracle_ioctl(o, c->ofd, c->cmd,
					c->by_ptr ? (unsigned long)buf : c->value);
	return *oret == c->bret && (!c->cmp || !memcmp(buf, c->bout, c->cmp));
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h *= 0xff51afd7ed558ccdull;
	return h ^ (h >> 29);
}

static uint64_t key_of(struct lin *L)
{
	uint64_t pos = 0;
	unsigned int t;

	for (t = 0; t < L->bk->nthreads; t++)
		pos = pos << 8 | L->pos[t];
	return mix(t2_oracle_state_hash(L->bk->o), pos) | 1;   /* 0 marks a free slot */
}

static int memo_has(struct lin *L, uint64_t key)
{
	struct t2x_work *w = L->w;
	unsigned int i = (unsigned int)key & (T2X_MEMO_SLOTS - 1), k;

	for (k = 0; k < T2X_MEMO_SLOTS; k++, i = (i + 1) & (T2X_MEMO_SLOTS - 1)) {
		if (w->memo_gen[i] != w->gen)
			return 0;
		if (w->memo[i] == key)
			return 1;
	}
	return 0;
}

static void memo_put(struct lin *L, uint64_t key)
{
	struct t2x_work *w = L->w;
	unsigned int i = (unsigned int)key & (T2X_MEMO_SLOTS - 1);

	/* at three quarters full stop remembering: still correct, less pruned */
	if (w->memo_used >= T2X_MEMO_SLOTS / 4 * 3)
		return;
	while (w->memo_gen[i] == w->gen)
		i = (i + 1) & (T2X_MEMO_SLOTS - 1);
	w->memo_gen[i] = w->gen;
	w->memo[i] = key;
	w->memo_used++;
}

/* The threads that can go next, by the stamp of their next call. */
static unsigned int candidates(struct lin *L, unsigned int *cand)
{
	struct t2x_block *bk = L->bk;
	unsigned int t, n = 0, i, j;

	for (t = 0; t < bk->nthreads; t++)
		if (L->pos[t] < bk->n[t])
			cand[n++] = t;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && bk->call[cand[j]][L->pos[cand[j]]].stamp <
				     bk->call[cand[j - 1]][L->pos[cand[j - 1]]].stamp; j--) {
			unsigned int x = cand[j];

			cand[j] = cand[j - 1];
			cand[j - 1] = x;
		}
	return n;
}

static int dfs(struct lin *L, unsigned int depth)
{
	struct t2x_block *bk = L->bk;
	unsigned int cand[T2P_BLOCK_MAX_THREADS], n, i;
	struct t2_oracle_snap *snap;
	uint64_t key;

	if (depth == L->total) {
		char detail[64], what[240];

		if (!bk->leaf(bk->ctx, detail, sizeof(detail), what, sizeof(what)))
			return 1;
		if (!L->leaf_failed) {
			L->leaf_failed = 1;
			memcpy(L->leaf_detail, detail, sizeof(detail));
			memcpy(L->leaf_what, what, sizeof(what));
		}
		return 0;
	}
	key = key_of(L);
	if (memo_has(L, key))
		return 0;
	if (!L->w->snap[depth] && t2_oracle_snap_new(&L->w->snap[depth])) {
		L->nomem = 1;
		return 0;
	}
	snap = L->w->snap[depth];
	if (t2_oracle_save(bk->o, snap)) {
		L->nomem = 1;
		return 0;
	}
	n = candidates(L, cand);
	for (i = 0; i < n; i++) {
		unsigned int t = cand[i];
		struct t2x_call *c = &bk->call[t][L->pos[t]];
		long oret;
		int ok;

		if (i)
			t2_oracle_restore(bk->o, snap);
		if (++L->steps > T2X_LIN_BUDGET) {
			L->limit = 1;
			return 0;
		}
		ok = t2x_lin_apply(bk->o, c, &oret);
		if (!c->tried) {
			c->tried = 1;
			c->oret = oret;
			c->orule = t2_oracle_last_rule(bk->o);
		}
		if (!ok) {
			if (!L->deep || depth > L->deep_depth) {
				L->deep = c;
				L->deep_depth = depth;
				L->deep_thread = t;
				L->deep_oret = oret;
				L->deep_rule = t2_oracle_last_rule(bk->o);
			}
			continue;
		}
		c->explained = 1;
		L->pos[t]++;
		if (dfs(L, depth + 1))
			return 1;
		L->pos[t]--;
		if (L->limit || L->nomem)
			return 0;
	}
	memo_put(L, key);
	return 0;
}

static void fmt_ret(char *buf, size_t len, long v)
{
	if (v < 0)
		snprintf(buf, len, "%s", t2_errno_name((int)-v));
	else
		snprintf(buf, len, "%ld", v);
}

/* The first call in program order that was tried and never fitted an order. */
static const struct t2x_call *unexplained(const struct t2x_block *bk, unsigned int *thread)
{
	const struct t2x_call *best = NULL;
	unsigned int t, k;

	for (t = 0; t < bk->nthreads; t++)
		for (k = 0; k < bk->n[t]; k++) {
			const struct t2x_call *c = &bk->call[t][k];

			if (c->tried && !c->explained && (!best || c->opi < best->opi)) {
				best = c;
				*thread = t;
			}
		}
	return best;
}

int t2x_lin_check(struct t2x_block *bk, struct t2x_block_out *out)
{
	struct lin L;
	unsigned int t, k, thread = 0;
	const struct t2x_call *c;
	char b[24], o[24];

	memset(&L, 0, sizeof(L));
	L.bk = bk;
	L.w = bk->work;
	for (t = 0; t < bk->nthreads; t++) {
		L.total += bk->n[t];
		for (k = 0; k < bk->n[t]; k++) {
			bk->call[t][k].tried = 0;
			bk->call[t][k].explained = 0;
		}
	}
	if (!++L.w->gen)
		L.w->gen = 1;   /* (a wrapped stamp would match cleared slots) */
	L.w->memo_used = 0;
	k = (unsigned int)dfs(&L, 0);
	out->steps = L.steps;
	if (k) {
		out->verdict = T2X_BLOCK_OK;
		return out->verdict;
	}
	if (L.nomem) {
		out->verdict = T2X_BLOCK_ERROR;
		snprintf(out->what, sizeof(out->what), "out of memory in the linearizability check");
		return out->verdict;
	}
	if (L.limit) {
		out->verdict = T2X_BLOCK_LIMIT;
		snprintf(out->what, sizeof(out->what),
			 "the linearizability check stopped after %d oracle calls", T2X_LIN_BUDGET);
		return out->verdict;
	}
	out->verdict = T2X_BLOCK_VIOLATION;
	c = unexplained(bk, &thread);
	if (!c && !L.leaf_failed && L.deep) {
		/* each call fits some order, but every order fails at a call: the
		 * one where the longest order stopped */
		L.deep->oret = L.deep_oret;
		L.deep->orule = L.deep_rule;
		c = L.deep;
		thread = L.deep_thread;
	}
	out->bad = c;
	if (c) {
		fmt_ret(b, sizeof(b), c->bret);
		fmt_ret(o, sizeof(o), c->oret);
		snprintf(out->detail, sizeof(out->detail), "%s",
			 c->bret != c->oret ? "ret" : "bytes");
		snprintf(out->what, sizeof(out->what),
			 "block (seed %" PRIu32 "): thread %u's op %u returned %s%s, which no serial "
			 "order of the block gives (oracle in an order tried: %s by %s)",
			 bk->seed, thread, c->opi, b, c->bret != c->oret ? "" : " with other bytes",
			 o, c->orule ? c->orule : "-");
	} else {
		snprintf(out->detail, sizeof(out->detail), "%s", L.leaf_detail);
		snprintf(out->what, sizeof(out->what),
			 "block (seed %" PRIu32 "): every call fits some serial order, but no order "
			 "leaves the state the backend has (first: %.110s)", bk->seed, L.leaf_what);
	}
	return out->verdict;
}
