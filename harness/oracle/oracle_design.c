/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_design.c - the oracle's MSI designs (spec 9a): one row of hooks per
 * design it models, called by the generic MAP_DMA, UNMAP_DMA and dispatch
 * where the designs differ.  Design D (section 9) has none; design A
 * (section 9b, implicit mappings) is modelled here from the MSIA rules,
 * independently of the simulator's kernel-stub/core/msi_a.c.
 */
#include <errno.h>
#include "oracle/oracle_int.h"

/* MSIA-1: windows n - N .. n - 1 are the banks'. */
static uint32_t a_first_reserved(const struct t2_oracle *o, const struct ora_ctr *c)
{
	return c->n > o->p.msi_banks ? c->n - o->p.msi_banks : 0;
}

/* MSIA-2 (after MAP-1 row 10): a range reaching a reserved window. */
static long a_map_args(struct t2_oracle *o, struct ora_ctr *c, uint32_t w0, uint64_t cnt)
{
	if (o->p.msi_banks && w0 + cnt > a_first_reserved(o, c))
		return ora_ret(o, "MSIA-2", -EINVAL);
	return 0;
}

/* MSIA-4 (after MAP-1 row 11): under exclusive, the enabling map needs every
 * bank free; a disabled container holds none of its own (MSIA-5). */
static long a_map_state(struct t2_oracle *o, struct ora_ctr *c)
{
	uint32_t b;

	if (c->dma_windows || o->p.policy != T2SIM_POLICY_EXCLUSIVE)
		return 0;
	for (b = 0; b < o->p.msi_banks; b++)
		if (o->bank_users[b])
			return ora_ret(o, "MSIA-4", -EBUSY);
	return 0;
}

/* MSIA-3: per bank, its window programming site, then its record site. */
static long a_enable_sites(struct t2_oracle *o, struct ora_ctr *c)
{
	uint32_t b;

	(void)c;
	for (b = 0; b < 2 * o->p.msi_banks; b++)
		if (ora_site(o))
			return ora_ret(o, "MSIA-3", -ENOMEM);
	return 0;
}

/* MSIA-3: bank b at window n - N + b, write only, its doorbell page. */
static void a_enable(struct t2_oracle *o, struct ora_ctr *c)
{
	uint32_t b, first = a_first_reserved(o, c);

	for (b = 0; b < o->p.msi_banks; b++) {
		struct ora_win *w = &c->win[first + b];

		w->kind = ORA_WIN_MSI;
		w->prot = VFIO_DMA_MAP_FLAG_WRITE;
		w->bank = (uint8_t)b;
		w->phys = ora_doorbell(&o->p, b);
		c->banks |= 1u << b;
		o->bank_users[b]++;
	}
	c->msi_windows += o->p.msi_banks;
}

/* MSIA-5: the UNMAP_DMA that disables removes every bank window. */
static void a_disabled(struct t2_oracle *o, struct ora_ctr *c)
{
	uint32_t i;

	for (i = 0; i < c->n; i++) {
		struct ora_win *w = &c->win[i];

		if (w->kind != ORA_WIN_MSI)
			continue;
		o->bank_users[w->bank]--;
		w->kind = ORA_WIN_FREE;
	}
	c->msi_windows = 0;
	c->banks = 0;
}

static const struct ora_design_ops design_d = { .hidden = 0 };

static const struct ora_design_ops design_a = {
	.hidden = (1u << 18) | (1u << 19),	/* MSIA-8: MAP/UNMAP_MSI_BANK */
	.map_args = a_map_args,
	.map_state = a_map_state,
	.enable_sites = a_enable_sites,
	.enable = a_enable,
	.disabled = a_disabled,
};

/* design B (section 9c): oracle_msib.c */
static const struct ora_design_ops design_b = {
	.map_flagged = ora_map_msib,
	.unmap = ora_unmap_msib,
};

static const struct ora_design_ops *const designs[ORA_NDESIGNS] = {
	[T2_MSI_DESIGN_D] = &design_d,
	[T2_MSI_DESIGN_A] = &design_a,
	[T2_MSI_DESIGN_B] = &design_b,
	[T2_MSI_DESIGN_C] = &ora_design_row_c,
};

const struct ora_design_ops *ora_design_ops(uint32_t design)
{
	return design < ORA_NDESIGNS ? designs[design] : NULL;
}

bool ora_design_hides(const struct t2_oracle *o, unsigned long cmd)
{
	uint32_t n;

	for (n = 0; n < 32; n++)
		if (((o->design->hidden | (ORA_DESIGN_ONLY & ~o->design->offers)) >> n & 1) &&
		    cmd == (unsigned long)_IO(VFIO_TYPE, VFIO_BASE + n))
			return true;
	return false;
}
