/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * cmd_min.c - `t2h min [-n N] FILE [-o OUT]`: shrinks a program that finds
 * something while keeping the same finding signature.
 *   1. op level: remove chunks of ops (halving the chunk size down to one op,
 *      repeated until nothing more goes); removing an op that creates a
 *      handle renumbers the later handles of its kind and turns references to
 *      it into references to a handle that never exists;
 *   2. value level: for every number, try simpler values (0, 1, a page, the
 *      nearest power of two or page multiple below it, ...), and the ABI
 *      overrides back to their defaults;
 *   3. op level again.
 * Concurrent blocks (docs/concurrency.md): after every removal the block
 * shapes are mended (t2p_normalize: a block left with one thread of ops
 * stays a block, an emptied one goes); before the op level, each thread of
 * each block is tried away whole; a block's schedule seed is never changed,
 * so the result reproduces with the seed the finding had.
 * Races (SDK-B8, CONC-2) need not reproduce on every run.  The input is run
 * N times first (default 5; up to 40 N while nothing is found); the first
 * signature seen is the one kept.  If the verdict varies between those runs,
 * every candidate is run up to N times and kept when the signature comes back
 * at least once, and the output says so with the reproduction rate of the
 * result over 20 N runs.  A program whose verdict does not vary runs each
 * candidate once, as before.
 * The result is printed in text form (to OUT with -o), with the "#@
 * found-with" line of the configuration it was minimized under (an input's
 * own found-with line is that configuration unless one is given).  Exit 0, or 2 if the
 * file does not load or does not find anything.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/exec.h"
#include "exec/found_with.h"
#include "prog/prog.h"
#include "t2h.h"

#define MIN_DEFAULT_TRIES 5
#define MIN_MAX_TRIES 1000

struct minctx {
	struct t2x_ctx *x;
	char sig[96];
	char what[240];         /* the finding's detail, from a run that found it */
	unsigned int tries;     /* runs per candidate: 1, or N when the verdict varies */
	unsigned long runs;
	struct t2x_result res;
};

static int is_sig(const struct minctx *m)
{
	return m->res.verdict == T2X_FINDING && !strcmp(m->res.f.sig, m->sig);
}

/* Does p still find m->sig?  Up to m->tries runs; one that finds it is enough. */
static int same_finding(struct minctx *m, const struct t2p_prog *p)
{
	unsigned int k;

	for (k = 0; k < m->tries; k++) {
		m->runs++;
		t2x_run(m->x, p, &m->res);
		if (is_sig(m)) {
			snprintf(m->what, sizeof(m->what), "%s", m->res.f.what);
			return 1;
		}
	}
	return 0;
}

static void verdict_name(const struct t2x_result *res, char *buf, size_t len)
{
	if (res->verdict == T2X_FINDING)
		snprintf(buf, len, "%s", res->f.sig);
	else
		snprintf(buf, len, "%s", t2x_verdict_name(res->verdict));
}

/*
 * Runs the input n times, and on up to 40 n times while nothing is found, to
 * learn its signature (the first one seen) and whether its verdict varies.
 * Returns 0, or -1 with m->res holding the last result when nothing was
 * found (or the program cannot run).
 */
static int probe(struct minctx *m, const struct t2p_prog *p, unsigned int n, int *varies)
{
	char first[96], v[96];
	unsigned int k;

	*varies = 0;
	for (k = 0; k < 40 * n && (k < n || !m->sig[0]); k++) {
		m->runs++;
		t2x_run(m->x, p, &m->res);
		if (m->res.verdict == T2X_ERROR)
			return -1;
		verdict_name(&m->res, v, sizeof(v));
		if (!k)
			snprintf(first, sizeof(first), "%s", v);
		else if (strcmp(first, v))
			*varies = 1;
		if (m->res.verdict == T2X_FINDING && !m->sig[0]) {
			snprintf(m->sig, sizeof(m->sig), "%s", m->res.f.sig);
			snprintf(m->what, sizeof(m->what), "%s", m->res.f.what);
		}
	}
	return m->sig[0] ? 0 : -1;
}

/* How many of n runs of p find m->sig. */
static unsigned int count_hits(struct minctx *m, const struct t2p_prog *p, unsigned int n)
{
	unsigned int k, hits = 0;

	for (k = 0; k < n; k++) {
		m->runs++;
		t2x_run(m->x, p, &m->res);
		if (is_sig(m)) {
			snprintf(m->what, sizeof(m->what), "%s", m->res.f.what);
			hits++;
		}
	}
	return hits;
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
				t2p_normalize(t);
				/* (a marker put back by normalize is no progress) */
				if (t->nops < p->nops && same_finding(m, t)) {
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

/* Each thread of each block, marker and ops, tried away whole. */
static int minimize_threads(struct minctx *m, struct t2p_prog *p, struct t2p_prog *t)
{
	struct t2p_block b;
	unsigned int i, k;
	int progress = 0;

	for (i = 0; i < p->nops; i++) {
		if (t2p_block_at(p, i, &b))
			continue;
		for (k = 0; k < b.nthreads;) {
			*t = *p;
			remove_ops(t, b.first[k] - 1, b.n[k] + 1);
			t2p_normalize(t);
			if (t->nops < p->nops && same_finding(m, t)) {
				*p = *t;
				progress = 1;
				if (t2p_block_at(p, i, &b))
					break;
			} else {
				k++;
			}
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

			/* (a block's seed is what reproduces its schedule) */
			if (f == T2P_F_NONE || f == T2P_F_NAME || f == T2P_F_DIR || f == T2P_F_SEED)
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
	char line[400], *end;
	struct t2_found_with fw;
	unsigned int before, pass, tries = MIN_DEFAULT_TRIES, hits, final;
	unsigned long n;
	int varies;
	FILE *f;
	int i, r = T2H_EXIT_OK;

	for (i = 1; i < argc; i++) {
		if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "-n")) && i + 1 >= argc) {
			return t2h_usage_error("min", "option '%s' needs an argument", argv[i]);
		} else if (!strcmp(argv[i], "-o")) {
			out = argv[++i];
		} else if (!strcmp(argv[i], "-n")) {
			n = strtoul(argv[++i], &end, 0);
			if (*end || !*argv[i] || argv[i][0] == '-' || !n || n > MIN_MAX_TRIES)
				return t2h_usage_error("min", "-n: '%s' is not a count 1..%d", argv[i],
						       MIN_MAX_TRIES);
			tries = n;
		} else if (t2h_form_option(ctx, argv[i])) {
			/* ctx->form is set */
		} else if (argv[i][0] == '-') {
			return t2h_usage_error("min", "unknown option '%s'", argv[i]);
		} else if (!in) {
			in = argv[i];
		} else {
			return t2h_usage_error("min", "one FILE only ('%s')", argv[i]);
		}
	}
	if (!in)
		return t2h_usage_error("min", "no FILE given");
	r = t2h_check_output("min", in, out);
	if (r)
		return r;
	p = malloc(sizeof(*p));
	if (!p)
		return t2h_usage_error("min", "out of memory");
	/* a saved finding minimizes under the configuration it was found with */
	r = t2h_load(ctx, "min", in, p, &fw, NULL);
	if (!r)
		r = t2h_use_found_with(ctx, "min", in, &fw);
	if (r) {
		free(p);
		return r;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.be = ctx->cfg;
	cfg.checks = T2X_CHECK_ALL;
	cfg.observe = ctx->observe;
	memset(&m, 0, sizeof(m));
	t = malloc(sizeof(*t));
	if (!t || t2x_ctx_new(&cfg, &m.x)) {
		free(p);
		free(t);
		return t2h_usage_error("min", "out of memory");
	}
	if (probe(&m, p, tries, &varies)) {
		r = t2h_usage_error("min", "%s: finds nothing to keep (%s%s)", in,
				    m.res.verdict == T2X_PASS ? "pass" : m.res.error,
				    m.res.verdict == T2X_PASS && m.runs > 1 ? " on every run" : "");
		goto done;
	}
	m.tries = varies ? tries : 1;
	if (varies)
		fprintf(stderr,
			"t2h min: %s: the verdict varies between runs (a race): each candidate "
			"runs up to %u times and is kept if %s comes back at least once\n",
			in, tries, m.sig);
	before = p->nops;
	minimize_threads(&m, p, t);
	minimize_ops(&m, p, t);
	for (pass = 0; pass < 4 && minimize_values(&m, p, t); pass++)
		;
	minimize_ops(&m, p, t);
	/*
	 * The result found the signature when it was kept (or in the probe).  A
	 * deterministic program finds it again at once; if it does not, its
	 * verdict varies after all.  For a race, the rate over 20 N runs is reported.
	 */
	final = varies ? 20 * tries : 1;
	hits = count_hits(&m, p, final);
	if (!hits && !varies) {
		varies = 1;
		final = 20 * tries;
		hits = count_hits(&m, p, final);
	}
	fprintf(stderr, "t2h min: %s: %u ops -> %u ops, %lu runs, signature %s", in, before,
		p->nops, m.runs, m.sig);
	if (varies)
		fprintf(stderr, " (a race: reproduced %u of %u runs of the result)", hits, final);
	fprintf(stderr, "\n");
	f = t2h_open_out("min", in, out, "w", &r);
	if (!f)
		goto done;
	t2_found_with_format(&ctx->cfg, t2p_platform(p), ctx->observe, line, sizeof(line));
	fprintf(f, "# minimized from %s\n# finding: %s\n#   %s\n%s\n", in, m.sig, m.what, line);
	if (ctx->observe != T2X_OBSERVE_FULL)
		fprintf(f, "# observe: %s (replay with --observe=%s)\n",
			t2x_observe_name(ctx->observe), t2x_observe_name(ctx->observe));
	if (varies && m.tries > 1)
		fprintf(f,
			"# a race: its verdict varies between runs; each reduction was kept when\n"
			"# the signature came back in at least 1 of %u runs; this program\n"
			"# reproduced it in %u of %u runs\n",
			m.tries, hits, final);
	else if (varies)
		fprintf(f,
			"# its verdict varies between runs (each reduction ran once: try -n);\n"
			"# this program reproduced the signature in %u of %u runs\n",
			hits, final);
	t2p_fprint(p, f);
	r = t2h_close_out("min", f, out);
done:
	free(p);
	free(t);
	t2x_ctx_free(m.x);
	return r;
}
