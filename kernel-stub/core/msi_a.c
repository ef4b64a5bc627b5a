/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * msi_a.c - MSI design A, implicit mappings (spec 9b, MSIA-1..MSIA-10): the
 * last N = msi_banks windows are reserved; the MAP_DMA that enables the
 * domain maps bank b at window n - N + b, write-only, with its record; the
 * domain's disable and release remove them.  MAP/UNMAP_MSI_BANK are unknown
 * ioctls here.  With the designs2013 switches A1..A5 (PERS-9).
 */
#include "internal.h"

/* MSIA-1: the first reserved window index (n when nothing is reserved). */
static u64 first_reserved(const struct t2_sim *s, const struct t2_domain *d)
{
	u32 nb = s->plat.msi_banks;

	return d->n > nb ? d->n - nb : 0;
}

/* The window bank b goes to: MSIA-1; A3 puts it in window b. */
static s64 bank_window(const struct t2_sim *s, const struct t2_domain *d, u32 b)
{
	if (t2_sw(s, T2_DSW(A3)))
		return (s64)b;
	return (s64)(first_reserved(s, d) + b);
}

/* MSIA-2: the range reaches a reserved window (level 4).  A2: not checked. */
static long a_map_args(struct t2_call *call, u64 iova, u64 size)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	u64 last;

	if (!s->plat.msi_banks || t2_sw(s, T2_DSW(A2)))
		return 0;
	last = (iova + (size - 1) - be->start_w) / be->ws_w;
	return last >= first_reserved(s, &be->dom) ? -EINVAL : 0;
}

/* Does a container other than c hold a record of bank b (A4: or did a released one)? */
static bool bank_held_elsewhere(struct t2_sim *s, struct t2_container *c, u32 b)
{
	return (s->a_stale_banks & (1u << b)) || t2_msi_bank_elsewhere(s, c, b);
}

/* MSIA-4: under exclusive, the enabling MAP_DMA needs every bank free of other
 * containers (level 5, after MAP-1 row 11).  A5: not checked. */
static long a_map_state(struct t2_call *call, u64 iova, u64 size)
{
	struct t2_sim *s = call->s;
	long r = 0;
	u32 b;

	(void)iova;
	(void)size;
	if (s->plat.msi_policy != T2SIM_POLICY_EXCLUSIVE || t2_sw(s, T2_DSW(A5)))
		return 0;
	t2_lock_dom(s);
	if (!call->be->dom.enabled)
		for (b = 0; b < s->plat.msi_banks && !r; b++)
			if (bank_held_elsewhere(s, call->c, b))
				r = -EBUSY;
	t2_unlock_dom(s);
	return r;
}

/* Remove every MSI window and record of be (MSIA-5). */
static void drop_banks(struct t2_sim *s, struct t2_backend *be)
{
	u32 i;

	t2_lock_dom(s);
	for (i = 0; i < be->msi_top; i++) {
		struct t2_msirec *m = &be->msi[i];
		u64 idx;

		if (!m->used)
			continue;
		idx = (m->iova - be->dom.start) / be->dom.ws;
		if (idx < be->dom.n && be->dom.win[idx].kind == T2_WIN_MSI)
			t2_dom_win_free(s, &be->dom, (s64)idx);
		m->used = 0;
	}
	t2_unlock_dom(s);
}

/* Is bank b already mapped in be (only after A1 kept it)? */
static bool bank_mapped(const struct t2_backend *be, u32 b)
{
	u32 i;

	for (i = 0; i < be->msi_top; i++)
		if (be->msi[i].used && be->msi[i].bank == b)
			return true;
	return false;
}

/* MSIA-3: the enabling MAP_DMA maps every bank, each with its programming
 * site then its record site; a failure undoes the banks of this call. */
static long a_enable(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	struct t2_domain *d = &be->dom;
	u32 b, slot, made = 0;
	long r = 0;

	for (b = 0; b < s->plat.msi_banks && !r; b++) {
		struct t2_window w;
		s64 idx = bank_window(s, d, b);

		if (bank_mapped(be, b))
			continue; /* A1: kept from an earlier enable */
		os_memset(&w, 0, sizeof(w));
		w.kind = T2_WIN_MSI;
		w.prot = VFIO_DMA_MAP_FLAG_WRITE;
		w.bank = b;
		w.phys = t2_dom_doorbell(s, b);
		w.size = OS_PAGE_SIZE;
		t2_lock_dom(s);
		/* A2: mapped over whatever the window holds, a live DMA window too */
		if (t2_sw(s, T2_DSW(A2)) && idx >= 0 && (u64)idx < d->n &&
		    d->win[idx].kind == T2_WIN_DMA)
			t2_dom_win_free(s, d, idx);
		r = t2_dom_win_program(s, d, idx, &w); /* programming site */
		t2_unlock_dom(s);
		if (r)
			break;
		r = t2_fault_site(s); /* record site */
		if (!r) {
			for (slot = 0; slot < T2_MSI_SLOTS && be->msi[slot].used; slot++)
				;
			if (slot == T2_MSI_SLOTS)
				r = -ENOMEM;
		}
		if (r) {
			t2_lock_dom(s);
			t2_dom_win_free(s, d, idx);
			t2_unlock_dom(s);
			break;
		}
		if (slot >= be->msi_top)
			be->msi_top = slot + 1;
		be->msi[slot].bank = b;
		be->msi[slot].prot = VFIO_DMA_MAP_FLAG_WRITE;
		be->msi[slot].iova = d->start + (u64)idx * d->ws;
		be->msi[slot].used = 1;
		made |= 1u << b;
	}
	if (r) {
		/* MAP-5: the banks this call made go again */
		for (b = 0; b < s->plat.msi_banks; b++) {
			u32 i;

			if (!(made & (1u << b)))
				continue;
			for (i = 0; i < be->msi_top; i++) {
				if (be->msi[i].used && be->msi[i].bank == b) {
					t2_lock_dom(s);
					t2_dom_win_free(s, d, bank_window(s, d, b));
					t2_unlock_dom(s);
					be->msi[i].used = 0;
				}
			}
		}
	}
	return r;
}

/* MSIA-5: disabled, so the banks go.  A1: kept until release. */
static void a_disabled(struct t2_sim *s, struct t2_backend *be)
{
	if (!t2_sw(s, T2_DSW(A1)))
		drop_banks(s, be);
}

/* REL-2 frees the banks with the backend.  A4: their ownership stays. */
static void a_release(struct t2_sim *s, struct t2_backend *be)
{
	u32 i;

	if (!t2_sw(s, T2_DSW(A4)))
		return;
	for (i = 0; i < be->msi_top; i++)
		if (be->msi[i].used)
			s->a_stale_banks |= 1u << be->msi[i].bank;
}

const struct t2_design_ops t2_design_a = {
	.letter = "A",
	.hidden = (1u << 18) | (1u << 19), /* MSIA-8: no MAP/UNMAP_MSI_BANK */
	.map_args = a_map_args,
	.map_state = a_map_state,
	.enable = a_enable,
	.disabled = a_disabled,
	.release = a_release,
};
