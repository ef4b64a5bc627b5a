/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_msi.c - MAP_MSI_BANK and UNMAP_MSI_BANK in the oracle (spec section
 * 9): MSI-2 and MSI-7 in row order, bank ownership under both policies
 * (MSI-5), and the MSI-10 fault sites.  A record is its window: in spec the
 * record's iova is the window base, so the window table is the record list.
 */
#include <errno.h>
#include <string.h>
#include "oracle/oracle_int.h"

#define MAP_MINSZ T2_MINSZ(VFIO_IOMMU_PAMU_MAP_MSI_BANK)
#define UNMAP_MINSZ T2_MINSZ(VFIO_IOMMU_PAMU_UNMAP_MSI_BANK)
#define PROT_MASK (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

long ora_map_msi(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg)
{
	uint8_t buf[MAP_MINSZ];
	uint32_t flags, bank, w;
	uint64_t iova;

	if (ora_bad_ptr(arg))
		return ora_ret(o, "MSI-2.1", -EFAULT);
	memcpy(buf, (const void *)arg, MAP_MINSZ);
	flags = ora_get32(buf, 4);
	bank = ora_get32(buf, 8);
	iova = ora_get64(buf, 16);
	if (ora_get32(buf, 0) < MAP_MINSZ)
		return ora_ret(o, "MSI-2.2", -EINVAL);
	if (flags & ~PROT_MASK)
		return ora_ret(o, "MSI-2.3", -EINVAL);
	if (!(flags & PROT_MASK))
		return ora_ret(o, "MSI-2.4", -EINVAL);
	if (bank >= o->p.msi_banks)
		return ora_ret(o, "MSI-2.5", -EINVAL);
	if (!c->n)
		return ora_ret(o, "MSI-2.6", -EINVAL);
	if (iova < c->start || iova > c->end)
		return ora_ret(o, "MSI-2.7", -EINVAL);
	if ((iova - c->start) % c->ws)
		return ora_ret(o, "MSI-2.8", -EINVAL);
	w = (uint32_t)((iova - c->start) / c->ws);
	if (c->win[w].kind != ORA_WIN_FREE)
		return ora_ret(o, "MSI-2.9", -EBUSY);
	if (c->banks & (1u << bank))
		return ora_ret(o, "MSI-2.10", -EBUSY);
	if (o->p.policy == T2SIM_POLICY_EXCLUSIVE && o->bank_users[bank])
		return ora_ret(o, "MSI-2.11", -EBUSY);
	if (ora_site(o) || ora_site(o))	/* window programming, then the record */
		return ora_ret(o, "MSI-2.12", -ENOMEM);
	/* MSI-3 */
	c->win[w].kind = ORA_WIN_MSI;
	c->win[w].prot = (uint8_t)flags;
	c->win[w].bank = (uint8_t)bank;
	c->win[w].mapped = 0;
	c->win[w].phys = ora_doorbell(&o->p, bank);
	c->msi_windows++;
	c->banks |= 1u << bank;
	o->bank_users[bank]++;
	return ora_ret(o, "MSI-3", 0);
}

long ora_unmap_msi(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg)
{
	uint8_t buf[UNMAP_MINSZ];
	uint64_t iova;
	uint32_t w;

	if (ora_bad_ptr(arg))
		return ora_ret(o, "MSI-7.1", -EFAULT);
	memcpy(buf, (const void *)arg, UNMAP_MINSZ);
	iova = ora_get64(buf, 8);
	if (ora_get32(buf, 0) < UNMAP_MINSZ)
		return ora_ret(o, "MSI-7.2", -EINVAL);
	if (ora_get32(buf, 4))
		return ora_ret(o, "MSI-7.3", -EINVAL);
	if (!c->n || iova < c->start || iova > c->end || (iova - c->start) % c->ws)
		return ora_ret(o, "MSI-7.4", -EINVAL);
	w = (uint32_t)((iova - c->start) / c->ws);
	if (c->win[w].kind != ORA_WIN_MSI)
		return ora_ret(o, "MSI-7.4", -EINVAL);
	if (c->win[w].mapped)
		return ora_ret(o, "MSIB-9", -EINVAL);	/* MAP_DMA made it (design B) */
	/* MSI-8 */
	c->win[w].kind = ORA_WIN_FREE;
	c->msi_windows--;
	c->banks &= ~(1u << c->win[w].bank);
	o->bank_users[c->win[w].bank]--;
	return ora_ret(o, "MSI-8", 0);
}
