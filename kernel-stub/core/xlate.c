/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * xlate.c - T2SIM_TRANSLATE: one device access through the PAMU model
 * (ISO-1..ISO-3, INTRO-5).  No side effects (ISO-8).
 */
#include "internal.h"

/* ISO-3: the bank whose doorbell page holds phys (real CCSR base). */
static void msi_hit(const struct t2_sim *s, struct t2sim_translate *t, bool write)
{
	u32 b;

	for (b = 0; b < s->plat.msi_banks; b++) {
		u64 msiir = s->plat.msiir[b];

		if ((t->phys & ~0xfffull) != (msiir & ~0xfffull))
			continue;
		t->msi_bank = b;
		t->msi_flags = T2SIM_MSI_HIT;
		if (write && t->phys == msiir)
			t->msi_flags |= T2SIM_MSI_MSIIR;
		return;
	}
}

/* ISO-2 */
static u32 translate(const struct t2_sim *s, const struct t2_liodn *l, u64 iova,
		     bool write, u64 *phys)
{
	const struct t2_domain *d = l->prog;
	const struct t2_window *w;
	u64 idx, off, bytes;
	u32 need = write ? VFIO_DMA_MAP_FLAG_WRITE : VFIO_DMA_MAP_FLAG_READ;

	(void)s;
	if (!l->valid || !d)
		return T2SIM_XLATE_LIODN_INVALID;
	if (iova < d->start || iova > d->end)
		return T2SIM_XLATE_OUTSIDE_APERTURE;
	if (!d->n || !d->ws)
		return T2SIM_XLATE_WINDOW_FREE;
	idx = (iova - d->start) / d->ws;
	if (idx >= d->n || d->win[idx].kind == T2_WIN_FREE)
		return T2SIM_XLATE_WINDOW_FREE;
	w = &d->win[idx];
	off = iova - (d->start + idx * d->ws);
	bytes = w->size; /* ws for DMA, 4096 for MSI (MSI-3), less under PERS-6 */
	if (off >= bytes)
		return T2SIM_XLATE_BEYOND_MAPPING;
	if (!(w->prot & need))
		return T2SIM_XLATE_PERMISSION;
	*phys = w->phys + off;
	return T2SIM_XLATE_OK;
}

long t2h_T2SIM_TRANSLATE(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_group *g = call->g;
	struct t2sim_translate *t = &call->a.xlate;
	bool write = (t->flags & T2SIM_XLATE_WRITE) != 0;
	const struct t2_liodn *l;
	u64 phys = 0;

	if (t->liodn_index >= g->nliodn)
		return -EINVAL; /* INTRO-5, level 4 */
	l = &s->liodn[g->lidx[t->liodn_index]];
	t2_lock_dom(s);
	t->liodn = l->value;
	t->result = translate(s, l, t->iova, write, &phys);
	t2_unlock_dom(s);
	t->phys = t->result == T2SIM_XLATE_OK ? phys : 0;
	t->msi_bank = T2SIM_NO_BANK;
	t->msi_flags = 0;
	if (t->result == T2SIM_XLATE_OK)
		msi_hit(s, t, write);
	t2_out(call, 0, 24, 24);
	return 0;
}
