/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_msib.c - MSI design B in the oracle (spec section 9c): MAP_DMA with
 * VFIO_DMA_MAP_FLAG_MSI in MSIB-2's row order, the bank choice of MSIB-5,
 * the fault sites of MSIB-6, and UNMAP_DMA's part of MSIB-8.  Written from
 * the spec text; a mapped MSI window is an MSI window marked `mapped`, so the
 * counters, translation and release of the other files apply unchanged.
 */
#include <errno.h>
#include <string.h>
#include "oracle_int.h"

#define PROT_MASK (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

/* MAP_DMA's flag bits beyond READ and WRITE that the platform's design adds
 * (include/t2/dmaflags.def; MSIB-1). */
uint32_t ora_design_flags(const struct t2_oracle *o)
{
	const char *letter = ora_design_letter[o->p.design];
	uint32_t m = 0;

#define T2_DMA_FLAG(name, short, bit, design) \
	if (!strcmp(#design, letter)) \
		m |= 1u << (bit);
#include "t2/dmaflags.def"
#undef T2_DMA_FLAG
	return m;
}

/* MSIB-5: bank b is available to c: c has no record of it and, under
 * exclusive, nobody else has. */
static bool available(const struct t2_oracle *o, const struct ora_ctr *c, uint32_t b)
{
	if (c->banks & (1u << b))
		return false;
	return o->p.policy != T2SIM_POLICY_EXCLUSIVE || o->bank_users[b] == 0;
}

long ora_map_msib(struct t2_oracle *o, struct ora_ctr *c, uint32_t flags, uint64_t vaddr,
		  uint64_t iova, uint64_t size)
{
	uint32_t bank[T2SIM_MAX_BANKS], w0, k, got = 0, b, i;

	if (!(flags & PROT_MASK))
		return ora_ret(o, "MSIB-2.4", -EINVAL);
	if (vaddr)
		return ora_ret(o, "MSIB-2.5", -EINVAL);
	if (!size)
		return ora_ret(o, "MSIB-2.6", -EINVAL);
	if ((iova | size) & (ORA_PAGE - 1))
		return ora_ret(o, "MSIB-2.7", -EINVAL);
	if (ora_add_exceeds(iova, size))
		return ora_ret(o, "MSIB-2.8", -EINVAL);
	if (!c->n)
		return ora_ret(o, "MSIB-2.9", -EINVAL);
	if (iova < c->start || iova + (size - 1) > c->end)
		return ora_ret(o, "MSIB-2.10", -EINVAL);
	if ((iova - c->start) % c->ws || size % c->ws)
		return ora_ret(o, "MSIB-2.11", -EINVAL);
	if (size / c->ws > o->p.msi_banks)
		return ora_ret(o, "MSIB-2.12", -EINVAL);
	k = (uint32_t)(size / c->ws);
	w0 = (uint32_t)((iova - c->start) / c->ws);
	for (i = 0; i < k; i++)
		if (c->win[w0 + i].kind != ORA_WIN_FREE)
			return ora_ret(o, "MSIB-2.13", -EBUSY);
	for (b = 0; b < o->p.msi_banks && got < k; b++)
		if (available(o, c, b))
			bank[got++] = b;
	if (got < k)
		return ora_ret(o, "MSIB-2.14", -ENOSPC);
	/* MSIB-6: one programming site per window, then the record site */
	for (i = 0; i <= k; i++)
		if (ora_site(o))
			return ora_ret(o, "MSIB-2.15", -ENOMEM);
	for (i = 0; i < k; i++) {
		struct ora_win *w = &c->win[w0 + i];

		w->kind = ORA_WIN_MSI;
		w->prot = (uint8_t)flags & PROT_MASK;
		w->bank = (uint8_t)bank[i];
		w->mapped = 1;
		w->phys = ora_doorbell(&o->p, bank[i]);
		c->banks |= 1u << bank[i];
		o->bank_users[bank[i]]++;
	}
	c->msi_windows += k;
	return ora_ret(o, "MSIB-6", 0);
}

uint32_t ora_unmap_msib(struct t2_oracle *o, struct ora_ctr *c, uint32_t w0, uint32_t cnt)
{
	uint32_t i, n = 0;

	for (i = 0; i < cnt; i++) {
		struct ora_win *w = &c->win[w0 + i];

		if (w->kind != ORA_WIN_MSI || !w->mapped)
			continue;
		c->banks &= ~(1u << w->bank);
		o->bank_users[w->bank]--;
		w->kind = ORA_WIN_FREE;
		w->mapped = 0;
		n++;
	}
	c->msi_windows -= n;
	return n;
}
