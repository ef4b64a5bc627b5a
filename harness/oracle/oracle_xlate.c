/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_xlate.c - the device access model in the oracle (spec section 14):
 * ISO-2 in rule order, ISO-3 bank hits and rings, INTRO-5 outputs.  O(1) per
 * access apart from the bank scan (at most 8).  No side effects (ISO-8).
 */
#include "oracle/oracle_int.h"

static const char *const iso2_rule[] = {
	"ISO-2.6", "ISO-2.1", "ISO-2.2", "ISO-2.3", "ISO-2.4", "ISO-2.5",
};

static uint32_t dense_id(const struct ora_plat *p, uint32_t liodn)
{
	uint32_t d;

	for (d = 0; d < p->ndl; d++)
		if (p->dl_value[d] == liodn)
			break;
	return d;
}

static uint32_t xlate(const struct t2_oracle *o, uint32_t liodn, uint64_t iova, bool write,
		      uint64_t *phys)
{
	uint32_t d = dense_id(&o->p, liodn), w;
	const struct ora_ctr *c;
	const struct ora_win *win;
	uint64_t off, span;

	/* 1: valid exactly when linked to an enabled domain (DOM-2) */
	if (d >= o->p.ndl || o->owner[d] == ORA_NO_OWNER)
		return T2SIM_XLATE_LIODN_INVALID;
	c = o->ctr[o->owner[d]];
	if (!c->backend || !c->dma_windows)
		return T2SIM_XLATE_LIODN_INVALID;
	/* 2: enabled implies windows configured, so the geometry is set */
	if (iova < c->start || iova > c->end)
		return T2SIM_XLATE_OUTSIDE_APERTURE;
	w = (uint32_t)((iova - c->start) / c->ws);
	win = &c->win[w];
	if (win->kind == ORA_WIN_FREE)
		return T2SIM_XLATE_WINDOW_FREE;
	off = iova - (c->start + (uint64_t)w * c->ws);
	span = win->kind == ORA_WIN_DMA ? c->ws : ORA_PAGE;
	if (off >= span)
		return T2SIM_XLATE_BEYOND_MAPPING;
	if (!(win->prot & (write ? VFIO_DMA_MAP_FLAG_WRITE : VFIO_DMA_MAP_FLAG_READ)))
		return T2SIM_XLATE_PERMISSION;
	*phys = win->phys + off;
	return T2SIM_XLATE_OK;
}

void ora_translate(const struct t2_oracle *o, int gi, uint32_t k, uint64_t iova, bool write,
		   struct t2sim_translate *t, const char **rule)
{
	uint64_t phys = 0;
	uint32_t b, res;

	t->liodn = o->p.grp[gi].liodn[k];
	res = xlate(o, t->liodn, iova, write, &phys);
	t->result = res;
	t->phys = 0;
	t->msi_bank = T2SIM_NO_BANK;
	t->msi_flags = 0;
	*rule = iso2_rule[res];
	if (res != T2SIM_XLATE_OK)
		return;
	t->phys = phys;
	/* ISO-3: hits a bank's doorbell page; rings it on a write to exactly MSIIR */
	for (b = 0; b < o->p.msi_banks; b++) {
		if ((phys & ~0xfffull) != ora_doorbell(&o->p, b))
			continue;
		t->msi_bank = b;
		t->msi_flags = T2SIM_MSI_HIT;
		if (write && phys == ora_msiir(&o->p, b))
			t->msi_flags |= T2SIM_MSI_MSIIR;
		*rule = "ISO-3";
		break;
	}
}
