/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * intro.c - the introspection ioctls other than translation: counters,
 * fail-nth, platform, resolve (INTRO-6, INTRO-8, INTRO-9, INTRO-10).
 * They change no state (except arming), have no fault site, and run under
 * the container lock like every ioctl (INTRO-2).
 */
#include "internal.h"

long t2h_T2SIM_COUNTERS(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_container *c = call->c;
	struct t2sim_counters *k = &call->a.counters;
	struct t2_backend *be = c->be;
	u32 i;

	k->backend = be != NULL;
	k->enabled = 0;
	k->windows = 0;
	k->dma_windows = 0;
	k->msi_windows = 0;
	k->msi_records = 0;
	k->window_size = 0;
	k->dma_claimed = 0;
	k->pins = 0;
	k->spaaces = 0;
	k->liodns_linked = 0;
	k->liodns_valid = 0;
	k->groups = os_popcount64(c->groups);
	t2_lock_dom(s);
	if (be) {
		struct t2_domain *d = &be->dom;

		k->enabled = d->enabled;
		k->windows = d->n;
		k->dma_windows = t2_dom_count(d, T2_WIN_DMA);
		k->msi_windows = t2_dom_count(d, T2_WIN_MSI);
		k->msi_records = t2_msi_records(be);
		k->window_size = be->ws_w;
		k->dma_claimed = t2_dma_claimed(be);
		k->pins = t2_dma_pins(be);
		k->spaaces = t2_dom_spaaces(d);
		k->liodns_linked = os_popcount64(d->linked);
		for (i = 0; i < s->nliodn; i++)
			if ((d->linked & (1ull << i)) && s->liodn[i].valid)
				k->liodns_valid++;
	}
	k->sim_pins = s->pins_total;
	k->sim_spaaces = s->spaace_used;
	t2_unlock_dom(s);
	k->locked = os_locked_get(s->env);
	k->crash_points = os_atomic_load(&s->crash_points);
	t2_out(call, 0, 8, 68);   /* backend .. liodns_valid */
	t2_out(call, 1, 80, 32);  /* sim_pins .. crash_points (pad0 never written) */
	return 0;
}

long t2h_T2SIM_FAIL_NTH(struct t2_call *call)
{
	struct t2sim_fail_nth *f = &call->a.fail;

	if (f->flags & T2SIM_FAIL_ARM)
		t2_fail_arm(call->s, f->nth);
	t2_fail_read(call->s, &f->remaining, &f->fired);
	t2_out(call, 0, 12, 8);
	return 0;
}

long t2h_T2SIM_PLATFORM(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2sim_platform *p = &call->a.platform;
	u32 argsz = p->argsz, flags = p->flags;

	*p = s->plat;
	p->argsz = argsz;
	p->flags = flags;
	p->memlock = os_memlock_limit(s->env);
	p->cap_ipc_lock = os_cap_ipc_lock(s->env);
	p->switches = s->sw;
	p->type2_value = T2_TYPE2_VALUE;
	t2_out(call, 0, 8, 1064);  /* page_size .. groups[] (msi_design at 172) */
	return 0;
}

long t2h_T2SIM_RESOLVE(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2sim_resolve *r = &call->a.resolve;
	u64 phys;
	u32 psz;

	if (os_resolve_user(s->env, r->vaddr, &phys, &psz)) {
		r->phys = T2SIM_NOT_BACKED;
		r->page_size = 0;
	} else {
		r->phys = phys;
		r->page_size = psz;
	}
	t2_out(call, 0, 16, 12);
	return 0;
}
