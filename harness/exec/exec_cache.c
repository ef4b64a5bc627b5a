/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * exec_cache.c - what an executor context keeps across runs: oracles made
 * from a backend's platform answer (one per platform, reset exactly for
 * each run) and backends that reset after their run (one per platform
 * string).
 */
#include <string.h>
#include "exec/exec_int.h"

/* ------------------------------------------------------------ setup */

/* Same platform: every byte from page_size on (argsz and flags are the caller's). */
static int same_platform(const struct t2sim_platform *a, const struct t2sim_platform *b)
{
	return t2x_same_bytes(&a->page_size, &b->page_size,
			  sizeof(*a) - offsetof(struct t2sim_platform, page_size));
}

int t2x_oracle_cached(struct run *r, char *err, size_t errlen)
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
	t2_oracle_set_core(victim->o, x->cfg.be.core);
	victim->key = r->plat;
	victim->last_use = x->tick;
	x->last = (unsigned int)(victim - x->oc);
	r->o = victim->o;
	return 0;
}

/* Takes the kept backend for this platform, if there is one. */
struct t2_backend *t2x_take_backend(struct t2x_ctx *x, const char *platform)
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
void t2x_keep_backend(struct t2x_ctx *x, struct t2_backend *be, const char *platform)
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

void t2x_cache_free(struct t2x_ctx *x)
{
	unsigned int i;

	for (i = 0; i < ORACLE_CACHE; i++)
		if (x->oc[i].o)
			t2_oracle_free(x->oc[i].o);
	for (i = 0; i < KEPT_BACKENDS; i++)
		if (x->kept[i].be)
			t2_backend_close(x->kept[i].be);
}
