/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_dma.c - MAP_DMA and UNMAP_DMA in the oracle (spec sections 7, 8 and
 * 11): the MAP-1 and UNMAP-1 tables in row order, MAP-4's processing order of
 * fault sites and backing checks, and the accounting of ACCT-2..7.  Work is
 * per window (at most 256), never per page.
 */
#include <errno.h>
#include <string.h>
#include "oracle/oracle_int.h"

#define MAP_MINSZ T2_MINSZ(VFIO_IOMMU_MAP_DMA)
#define UNMAP_MINSZ T2_MINSZ(VFIO_IOMMU_UNMAP_DMA)
#define PROT_MASK (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

long ora_map_dma(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg)
{
	uint8_t buf[MAP_MINSZ];
	uint64_t vaddr, iova, size, cnt, pages, limit, k, phys[ORA_MAX_WIN];
	uint32_t flags, w0, i;
	const char *rule;
	bool enabling;
	long r;

	if (ora_bad_ptr(arg))
		return ora_ret(o, "MAP-1.1", -EFAULT);
	memcpy(buf, (const void *)arg, MAP_MINSZ);
	flags = ora_get32(buf, 4);
	vaddr = ora_get64(buf, 8);
	iova = ora_get64(buf, 16);
	size = ora_get64(buf, 24);
	if (ora_get32(buf, 0) < MAP_MINSZ)
		return ora_ret(o, "MAP-1.2", -EINVAL);
	if (flags & ~(PROT_MASK | ora_design_flags(o)))
		return ora_ret(o, "MAP-1.3", -EINVAL);	/* MSIB-2 row 3 under B */
	if ((flags & ~PROT_MASK) && o->design->map_flagged)
		return o->design->map_flagged(o, c, flags, vaddr, iova, size);	/* MSIB-1 */
	if (!(flags & PROT_MASK))
		return ora_ret(o, "MAP-1.4", -EINVAL);
	if (!size)
		return ora_ret(o, "MAP-1.5", -EINVAL);
	if ((vaddr | iova | size) & (ORA_PAGE - 1))
		return ora_ret(o, "MAP-1.6", -EINVAL);
	if (ora_add_exceeds(iova, size) || ora_add_exceeds(vaddr, size))
		return ora_ret(o, "MAP-1.7", -EINVAL);
	if (!c->n)
		return ora_ret(o, "MAP-1.8", -EINVAL);
	if (iova < c->start || iova + (size - 1) > c->end)
		return ora_ret(o, "MAP-1.9", -EINVAL);
	if ((iova - c->start) % c->ws || size % c->ws)
		return ora_ret(o, "MAP-1.10", -EINVAL);
	r = ora_msic_map(o, c, vaddr, iova, size, flags);	/* design C: MSIC-7 */
	if (r <= 0)
		return r;
	w0 = (uint32_t)((iova - c->start) / c->ws);
	cnt = size / c->ws;
	if (o->design->map_args && o->design->map_args(o, c, w0, cnt))
		return -EINVAL;	/* 9a: the design's argument rows */
	for (i = 0; i < cnt; i++)
		if (c->win[w0 + i].kind != ORA_WIN_FREE)
			return ora_ret(o, "MAP-1.11", -EBUSY);
	enabling = !c->dma_windows;
	if (o->design->map_state) {
		r = o->design->map_state(o, c);	/* 9a: the design's state rows */
		if (r)
			return r;
	}
	/* ACCT-4: locked + pages > limit / 4096; locked never exceeds the limit here */
	pages = size / ORA_PAGE;
	if (!o->p.cap_ipc_lock && o->p.memlock != T2SIM_MEMLOCK_UNLIMITED) {
		limit = o->p.memlock / ORA_PAGE;
		if (pages > limit || o->locked > limit - pages)
			return ora_ret(o, "MAP-1.12", -ENOMEM);
	}
	/* MAP-4 step 1: per window, pin array, rows 13/14, window programming */
	for (k = 0; k < cnt; k++) {
		if (ora_site(o))
			return ora_ret(o, "MAP-1.15", -ENOMEM);
		if (ora_backing(o, vaddr + k * c->ws, c->ws, &phys[k], &rule))
			return ora_ret(o, rule, -EFAULT);
		if (ora_site(o))
			return ora_ret(o, "MAP-1.15", -ENOMEM);
	}
	if (ora_site(o))	/* step 2: the record */
		return ora_ret(o, "MAP-1.15", -ENOMEM);
	if (enabling && o->design->enable_sites && o->design->enable_sites(o, c))
		return -ENOMEM;	/* 9a: what enabling maps */
	/* step 3: commit (MAP-3, ACCT-2, DOM-1) */
	for (k = 0; k < cnt; k++) {
		struct ora_win *w = &c->win[w0 + k];

		w->kind = ORA_WIN_DMA;
		w->mapped = 0;
		w->prot = (uint8_t)flags;
		w->phys = phys[k];
	}
	c->dma_windows += (uint32_t)cnt;
	o->sim_pins += pages;
	o->locked += pages;
	if (enabling && o->design->enable)
		o->design->enable(o, c);
	return ora_ret(o, "MAP-3", 0);
}

long ora_unmap_dma(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg)
{
	uint8_t buf[UNMAP_MINSZ];
	uint64_t iova, size, cnt, freed = 0, pages;
	uint32_t w0, i;

	if (ora_bad_ptr(arg))
		return ora_ret(o, "UNMAP-1.1", -EFAULT);
	memcpy(buf, (const void *)arg, UNMAP_MINSZ);
	iova = ora_get64(buf, 8);
	size = ora_get64(buf, 16);
	if (ora_get32(buf, 0) < UNMAP_MINSZ)
		return ora_ret(o, "UNMAP-1.2", -EINVAL);
	if (ora_get32(buf, 4))
		return ora_ret(o, "UNMAP-1.3", -EINVAL);
	if (!size)
		return ora_ret(o, "UNMAP-1.4", -EINVAL);
	if ((iova | size) & (ORA_PAGE - 1))
		return ora_ret(o, "UNMAP-1.5", -EINVAL);
	if (ora_add_exceeds(iova, size))
		return ora_ret(o, "UNMAP-1.6", -EINVAL);
	if (!c->n)
		return ora_ret(o, "UNMAP-1.7", -EINVAL);
	if (iova < c->start || iova + (size - 1) > c->end)
		return ora_ret(o, "UNMAP-1.8", -EINVAL);
	if ((iova - c->start) % c->ws || size % c->ws)
		return ora_ret(o, "UNMAP-1.9", -EINVAL);
	/* UNMAP-2: DMA windows freed, free and MSI windows skipped */
	w0 = (uint32_t)((iova - c->start) / c->ws);
	cnt = size / c->ws;
	for (i = 0; i < cnt; i++) {
		struct ora_win *w = &c->win[w0 + i];

		if (w->kind == ORA_WIN_DMA) {
			w->kind = ORA_WIN_FREE;
			freed++;
		}
	}
	c->dma_windows -= (uint32_t)freed;
	if (freed && !c->dma_windows && o->design->disabled)
		o->design->disabled(o, c);	/* 9a: UNMAP-5 disabled the domain */
	pages = freed * (c->ws / ORA_PAGE);
	o->sim_pins -= pages;
	o->locked -= pages;		/* UNMAP-3, ACCT-3 */
	freed += ora_msic_unmap(o, c, w0, cnt);	/* design C: MSIC-10 */
	if (o->design->unmap)	/* MSIB-8: they count in size, not in pages */
		freed += o->design->unmap(o, c, w0, (uint32_t)cnt);
	ora_put64(arg, 16, freed * c->ws);	/* UNMAP-4; UNMAP-5 follows from the count */
	return ora_ret(o, "UNMAP-4", 0);
}
