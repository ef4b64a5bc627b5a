/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * domain.c - the PAMU layer: LIODN links and programming, the SPAACE pool,
 * the window table, enable/disable (DOM-1..DOM-9, PERS-6).
 *
 * A LIODN's programming is modelled as a pointer to the domain that
 * programmed it last (`prog`) plus its valid bit: translation follows that
 * domain's current state.  In `spec` a linked LIODN is always programmed by
 * its own domain, so this equals copying the state into the LIODN; under
 * SDK-B13 two domains may link one LIODN and the last programmer wins.
 * Every function here is called with s->dom held.
 */
#include "internal.h"

#define for_each_bit(i, mask) \
	for ((i) = 0; (i) < 64; (i)++) \
		if ((mask) & (1ull << (i)))

void t2_dom_init(struct t2_domain *d, struct t2_container *c)
{
	os_memset(d, 0, sizeof(*d));
	d->c = c;
	d->end = T2_DEFAULT_END;
}

u64 t2_dom_doorbell(const struct t2_sim *s, u32 bank)
{
	u64 base = t2_sw(s, T2_SW_B10) ? T2_REF_CCSR : s->plat.ccsr_base;

	return (base + s->msiir_off[bank]) & ~0xfffull;
}

/* A window change or configuration: every linked LIODN now follows d. */
void t2_dom_program(struct t2_sim *s, struct t2_domain *d)
{
	u32 i;

	for_each_bit(i, d->linked)
		s->liodn[i].prog = d;
}

/* DOM-1, DOM-2: enable or disable, which programs every linked LIODN. */
void t2_dom_set_enabled(struct t2_sim *s, struct t2_domain *d, bool on)
{
	u32 i;

	d->enabled = on;
	for_each_bit(i, d->linked) {
		s->liodn[i].prog = d;
		s->liodn[i].valid = on;
	}
}

bool t2_dom_any_valid(const struct t2_domain *d)
{
	u32 i;

	for (i = 0; i < d->n; i++)
		if (d->win[i].kind != T2_WIN_FREE)
			return true;
	return false;
}

u32 t2_dom_count(const struct t2_domain *d, u32 kind)
{
	u32 i, n = 0;

	for (i = 0; i < d->n; i++)
		if (d->win[i].kind == kind)
			n++;
	return n;
}

u64 t2_dom_spaaces(const struct t2_domain *d)
{
	u64 n = 0;
	u32 i;

	for_each_bit(i, d->linked)
		n += d->link_spaaces[i];
	return n;
}

/* Replace a window's mapping (NULL: free it); its SDK-B16 stash stays. */
static void win_set_mapping(struct t2_window *slot, const struct t2_window *w)
{
	u32 cpu = slot->stash_cpu, cache = slot->stash_cache;

	if (w)
		*slot = *w;
	else
		os_memset(slot, 0, sizeof(*slot));
	slot->stash_cpu = cpu;
	slot->stash_cache = cache;
}

/* PERS-6: the checks of programming one window, then its fault site. */
int t2_dom_win_program(struct t2_sim *s, struct t2_domain *d, s64 idx,
		       const struct t2_window *w)
{
	int r;

	if (!d->n)
		return -ENODEV;
	if (idx < 0 || (u64)idx >= d->n)
		return -EINVAL;
	if (w->size > d->ws)
		return -EINVAL;
	if (d->win[idx].kind != T2_WIN_FREE)
		return -EBUSY;
	if (!t2_pow2(w->size) || w->size < OS_PAGE_SIZE)
		return -EINVAL;
	r = t2_fault_site(s);
	if (r)
		return r;
	win_set_mapping(&d->win[idx], w);
	t2_dom_program(s, d);
	return 0;
}

/* Unprogram one window from every linked LIODN (indices out of range: no-op). */
void t2_dom_win_free(struct t2_sim *s, struct t2_domain *d, s64 idx)
{
	if (idx < 0 || (u64)idx >= d->n)
		return;
	win_set_mapping(&d->win[idx], NULL);
	t2_dom_program(s, d);
}

/* ------------------------------------------------------------ links */
static void link_liodn(struct t2_sim *s, struct t2_domain *d, u32 li)
{
	struct t2_liodn *l = &s->liodn[li];

	d->linked |= 1ull << li;
	d->link_spaaces[li] = 0;
	l->nlinks++;
	l->prog = d;
	/* DOM-3: valid at once; SDK-B14: not until the next MAP_DMA */
	l->valid = d->enabled && !t2_sw(s, T2_SW_B14);
}

static u32 spaaces_per_liodn(const struct t2_domain *d)
{
	return d->n > 1 ? d->n - 1 : 0;
}

static u64 spaaces_free(const struct t2_sim *s)
{
	return s->plat.spaace_pool - s->spaace_used;
}

void t2_dom_unlink(struct t2_sim *s, struct t2_domain *d, u32 li)
{
	struct t2_liodn *l = &s->liodn[li];

	if (!(d->linked & (1ull << li)))
		return;
	d->linked &= ~(1ull << li);
	s->spaace_used -= d->link_spaaces[li];
	d->link_spaaces[li] = 0;
	l->nlinks--;
	if (l->prog == d) {
		l->prog = NULL;
		l->valid = false;
	}
}

/* SDK-B12(b): LIODN by LIODN; the LIODNs reached stay linked on failure. */
static int attach_b12(struct t2_sim *s, struct t2_domain *d, u64 newm)
{
	u32 i, per = spaaces_per_liodn(d);
	int r;

	for_each_bit(i, newm) {
		link_liodn(s, d, i);
		if (per) {
			if (spaaces_free(s) < per)
				return -EINVAL;
			d->link_spaaces[i] = per;
			s->spaace_used += per;
		}
		r = t2_fault_site(s);
		if (r) {
			/* the failing LIODN holds none */
			s->spaace_used -= d->link_spaaces[i];
			d->link_spaaces[i] = 0;
			return r;
		}
	}
	return 0;
}

/* DOM-3, DOM-5: attach group g's LIODNs to d (FAIL-1: record, then one
 * programming site per new LIODN).  Nothing changes on failure (DOM-7). */
int t2_dom_attach(struct t2_sim *s, struct t2_domain *d, struct t2_group *g)
{
	u64 newm = g->lmask & ~d->linked;
	u32 i, per = spaaces_per_liodn(d), nnew = 0;
	int r;

	r = t2_fault_site(s); /* group record */
	if (r)
		return r;
	if (!t2_sw(s, T2_SW_B13)) {
		for_each_bit(i, g->lmask) {
			u32 mine = (d->linked >> i) & 1;

			if (s->liodn[i].nlinks > mine)
				return -EBUSY;
		}
	}
	if (t2_sw(s, T2_SW_B12))
		return attach_b12(s, d, newm);
	for_each_bit(i, newm)
		nnew++;
	if ((u64)per * nnew > spaaces_free(s))
		return -ENOSPC;
	for_each_bit(i, newm) {
		r = t2_fault_site(s);
		if (r)
			return r;
	}
	for_each_bit(i, newm) {
		link_liodn(s, d, i);
		d->link_spaaces[i] = per;
		s->spaace_used += per;
	}
	return 0;
}

/* DOM-8: unlink the LIODNs of g that no other group of the container
 * carries (SDK-B13(a): every one of them). */
void t2_dom_detach(struct t2_sim *s, struct t2_domain *d, struct t2_group *g,
		   u32 other_groups)
{
	u64 others = 0;
	u32 i;

	for (i = 0; i < s->ngroups; i++)
		if (other_groups & (1u << i))
			others |= s->group[i].lmask;
	if (t2_sw(s, T2_SW_B13))
		others = 0;
	for_each_bit(i, g->lmask & ~others)
		t2_dom_unlink(s, d, i);
}

/* Release or SET_IOMMU failure: unlink everything, free the window table. */
void t2_dom_teardown(struct t2_sim *s, struct t2_domain *d)
{
	u32 i;

	for_each_bit(i, d->linked)
		t2_dom_unlink(s, d, i);
	os_free(d->win);
	d->win = NULL;
	d->n = 0;
	d->ws = 0;
	d->enabled = false;
}
