/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * exec.c - runs a program on the backend under test and on the oracle side by
 * side (see exec.h): the run's set-up, the op loop, isolation afterwards,
 * contexts.  The op interpreters are exec_ops.c, the checks exec_check.c,
 * concurrent blocks exec_block.c, the caches exec_cache.c, race_msi's
 * threads race.c; their shared state exec_int.h.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend/core_variant.h"
#include "backend/platform_match.h"
#include "exec/exec_int.h"
#include "exec/race.h"
#include "t2/sim.h"

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
		return t2x_oracle_cached(r, err, errlen);
	if (x->o)
		t2_oracle_free(x->o);
	x->o = NULL;
	/* no introspection: the stated platform (docs/devices.md), else the program's */
	e = t2_oracle_new(r->be->ops->device ? stated_platform(x) : t2p_platform(r->p), &x->o,
			  err, errlen);
	if (e)
		return e;
	t2_oracle_set_core(x->o, x->cfg.be.core);
	t2_oracle_get_platform(x->o, &r->plat);
	r->o = x->o;
	return 0;
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
	if (strcmp(x->cmp_platform, want) || !t2x_same_bytes(&x->cmp_target, &r->plat,
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
	struct t2_config bc = r->x->cfg.be;
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
	r->be = t2x_take_backend(r->x, bc.platform);
	e = r->be ? 0 : t2_backend_open(&bc, &r->be, err, sizeof(err));
	if (e) {
		snprintf(r->res->error, sizeof(r->res->error), "backend: %s", err);
		return e;
	}
	r->bctl = r->be->ops->open_container(r->be);
	if (r->bctl < 0) {
		snprintf(r->res->error, sizeof(r->res->error), "backend: open container: %s",
			 t2x_errname(r->bctl));
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
			 t2x_errname(r->octl));
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
		r->attr_check = (t2x_op_traits(r->op) & T2P_T_ATTRS) != 0;
		r->only_c = t2x_touched(r->op);
		r->cmask = r->only_c == 0 ? t2x_touch_mask(r, r->op) : 0;
		if (t2x_run_op(r, r->op)) {
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
	if (p->nops && t2x_check_state(r, 0))
		goto out;
	trace_counters(r);
	r->opi = p->nops;
	t2x_sweep(r);
out:
	if (r->o)
		t2_oracle_set_resolver(r->o, NULL, NULL);
	if (r->be && r->be->ops->device)
		isolate(r);
	if (r->be)
		t2x_keep_backend(x, r->be, r->platform);
	r->be = NULL;
	return res->verdict;
}

int t2x_ctx_new(const struct t2x_config *cfg, struct t2x_ctx **out)
{
	struct t2x_ctx *x = calloc(1, sizeof(*x));

	if (!x)
		return -ENOMEM;
	x->cfg = *cfg;
	if (!x->cfg.buf_cap)
		x->cfg.buf_cap = x->cfg.be.buf_cap ? x->cfg.be.buf_cap : T2X_BUF_CAP_DEFAULT;
	*out = x;
	return 0;
}

void t2x_ctx_free(struct t2x_ctx *x)
{
	if (!x)
		return;
	t2x_cache_free(x);
	if (x->o)
		t2_oracle_free(x->o);
	t2_race_free(x->race);
	t2x_block_free(x);
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
	r = t2_config_from_env(&cfg->be, err, errlen);
	if (r)
		return r;
	if (cfg->be.observe && t2x_observe_parse(cfg->be.observe, &cfg->observe)) {
		snprintf(err, errlen, "T2_OBSERVE: unknown level '%s' (full, program, none)",
			 cfg->be.observe);
		return -EINVAL;
	}
	/* A core variant describes the VFIO core in front of a device; the stub
	 * has none, and its oracle would expect answers the stub never gives. */
	return t2_config_check_core(&cfg->be, err, errlen);
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
