/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * cmd_min.c - `t2h min FILE [-o OUT]`: shrinks a program that finds something
 * while keeping the same finding signature.
 *   1. op level: remove chunks of ops (halving the chunk size down to one op,
 *      repeated until nothing more goes); removing an op that creates a
 *      handle renumbers the later handles of its kind and turns references to
 *      it into references to a handle that never exists;
 *   2. value level: for every number, try simpler values (0, 1, a page, the
 *      nearest power of two or page multiple below it, ...), and the ABI
 *      overrides back to their defaults;
 *   3. op level again.
 * The result is printed in text form (to OUT with -o).  Exit 0, or 2 if the
 * file does not load or does not find anything.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec.h"
#include "prog.h"
#include "t2h.h"

struct minctx {
	struct t2x_ctx *x;
	char sig[96];
	unsigned long runs;
	struct t2x_result res;
};

static int same_finding(struct minctx *m, const struct t2p_prog *p)
{
	m->runs++;
	t2x_run(m->x, p, &m->res);
	return m->res.verdict == T2X_FINDING && !strcmp(m->res.f.sig, m->sig);
}

/* Creation index of op i (how many handles of its kind were created before it). */
static unsigned int creation_index(const struct t2p_prog *p, unsigned int i, unsigned int kind)
{
	unsigned int k, n = 0;

	for (k = 0; k < i; k++)
		if (t2p_opinfo[p->ops[k].code].creates == kind)
			n++;
	return n;
}

/* Removes ops [at, at+n) and renumbers the handles that later ops name. */
static void remove_ops(struct t2p_prog *p, unsigned int at, unsigned int n)
{
	unsigned int i, k, a;

	for (i = at + n; i-- > at;) {
		unsigned int kind = t2p_opinfo[p->ops[i].code].creates;
		unsigned int j;

		if (kind != T2P_K_NUM) {
			j = creation_index(p, i, kind);
			for (k = i + 1; k < p->nops; k++) {
				for (a = 0; a < 4; a++) {
					struct t2p_arg *r = &p->ops[k].a[a];

					if (r->kind != kind)
						continue;
					if (r->idx == j)
						r->idx = T2P_MAX_HANDLES - 1;
					else if (r->idx > j && r->idx != T2P_MAX_HANDLES - 1)
						r->idx--;
				}
			}
		}
		t2p_remove(p, i, 1);
	}
}

static int minimize_ops(struct minctx *m, struct t2p_prog *p, struct t2p_prog *t)
{
	unsigned int chunk, start;
	int progress = 0, again = 1;

	while (again) {
		again = 0;
		for (chunk = p->nops / 2 ? p->nops / 2 : 1; chunk >= 1; chunk /= 2) {
			start = 0;
			while (start < p->nops) {
				*t = *p;
				remove_ops(t, start, chunk);
				if (same_finding(m, t)) {
					*p = *t;
					again = progress = 1;
				} else {
					start += chunk;
				}
			}
			if (chunk == 1)
				break;
		}
	}
	return progress;
}

static uint64_t floor_pow2(uint64_t v)
{
	uint64_t b = 1;

	while (b <= v / 2)
		b <<= 1;
	return b;
}

/* Simpler values than v, simplest first; returns how many. */
static unsigned int candidates(uint64_t v, uint64_t *c)
{
	unsigned int n = 0;
	uint64_t pg = v & ~0xfffull;

	if (v == 0)
		return 0;
	c[n++] = 0;
	if (v > 1)
		c[n++] = 1;
	if (v > 0x1000)
		c[n++] = 0x1000;
	if (v > 2 && floor_pow2(v) != v)
		c[n++] = floor_pow2(v);
	if (pg && pg != v)
		c[n++] = pg;
	if (v > 0x2000 && (v / 2 & ~0xfffull))
		c[n++] = (v / 2) & ~0xfffull;
	return n;
}

static int minimize_values(struct minctx *m, struct t2p_prog *p, struct t2p_prog *t)
{
	unsigned int i, a, k, n;
	uint64_t c[8];
	int progress = 0;

	for (i = 0; i < p->nops; i++) {
		struct t2p_op *op = &p->ops[i];
		const struct t2p_opinfo *oi = &t2p_opinfo[op->code];

		/* ABI overrides back to their defaults */
		if (op->argsz != t2p_default_argsz(op->code)) {
			*t = *p;
			t->ops[i].argsz = t2p_default_argsz(op->code);
			if (same_finding(m, t)) {
				*p = *t;
				progress = 1;
			}
		}
		if (op->flags != t2p_default_flags(op->code)) {
			*t = *p;
			t->ops[i].flags = t2p_default_flags(op->code);
			if (same_finding(m, t)) {
				*p = *t;
				progress = 1;
			}
		}
		if (op->null_arg) {
			*t = *p;
			t->ops[i].null_arg = 0;
			if (same_finding(m, t)) {
				*p = *t;
				progress = 1;
			}
		}
		for (a = 0; a < 4; a++) {
			unsigned int f = oi->field[a];

			if (f == T2P_F_NONE || f == T2P_F_NAME || f == T2P_F_DIR)
				continue;
			/* numbers, and the offset of a buffer-relative vaddr */
			if (op->a[a].kind != T2P_K_NUM &&
			    !(f == T2P_F_VADDR && op->a[a].kind == T2P_K_B))
				continue;
			n = candidates(op->a[a].val, c);
			for (k = 0; k < n; k++) {
				*t = *p;
				t->ops[i].a[a].val = c[k];
				if (same_finding(m, t)) {
					*p = *t;
					progress = 1;
					break;
				}
			}
		}
	}
	return progress;
}

int t2h_cmd_min(struct t2h_ctx *ctx, int argc, char **argv)
{
	struct t2x_config cfg;
	struct minctx m;
	struct t2p_prog *p, *t;
	const char *in = NULL, *out = NULL;
	char err[300];
	unsigned int before, pass;
	FILE *f;
	int i, r = T2H_EXIT_OK;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] == '-')
			return t2h_usage_error("min", "unknown option '%s'", argv[i]);
		else if (!in)
			in = argv[i];
		else
			return t2h_usage_error("min", "one FILE only ('%s')", argv[i]);
	}
	if (!in)
		return t2h_usage_error("min", "no FILE given");
	memset(&cfg, 0, sizeof(cfg));
	cfg.be = ctx->cfg;
	cfg.checks = T2X_CHECK_ALL;
	memset(&m, 0, sizeof(m));
	p = malloc(sizeof(*p));
	t = malloc(sizeof(*t));
	if (!p || !t || t2x_ctx_new(&cfg, &m.x)) {
		free(p);
		free(t);
		return t2h_usage_error("min", "out of memory");
	}
	if (t2p_load(in, p, err, sizeof(err))) {
		r = t2h_usage_error("min", "%s", err);
		goto done;
	}
	t2x_run(m.x, p, &m.res);
	if (m.res.verdict != T2X_FINDING) {
		r = t2h_usage_error("min", "%s: finds nothing to keep (%s)", in,
				    m.res.verdict == T2X_PASS ? "pass" : m.res.error);
		goto done;
	}
	snprintf(m.sig, sizeof(m.sig), "%s", m.res.f.sig);
	before = p->nops;
	minimize_ops(&m, p, t);
	for (pass = 0; pass < 4 && minimize_values(&m, p, t); pass++)
		;
	minimize_ops(&m, p, t);
	if (!same_finding(&m, p)) {
		r = t2h_usage_error("min", "internal: the minimized program lost the finding");
		goto done;
	}
	fprintf(stderr, "t2h min: %s: %u ops -> %u ops, %lu runs, signature %s\n", in, before,
		p->nops, m.runs, m.sig);
	f = out ? fopen(out, "w") : stdout;
	if (!f) {
		r = t2h_usage_error("min", "%s: %s", out, strerror(errno));
		goto done;
	}
	fprintf(f, "# minimized from %s\n# finding: %s\n#   %s\n", in, m.sig, m.res.f.what);
	t2p_fprint(p, f);
	if (f != stdout)
		fclose(f);
done:
	free(p);
	free(t);
	t2x_ctx_free(m.x);
	return r;
}
