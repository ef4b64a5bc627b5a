/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * inv_design.c - the invariants an MSI design adds to section 18 (spec 9a,
 * DESIGN-4), checked from one container's counters after every operation,
 * like inv.c's: one function per design that adds any, in a table by the
 * platform's msi_design.  Design D adds none.
 */
#include <inttypes.h>
#include <stdio.h>
#include "exec/exec.h"
#include "exec/inv_int.h"

/* MSIA-10: bank windows exactly while enabled, one per bank, each recorded. */
static int inv_a(const struct t2sim_counters *c, const struct t2sim_platform *p,
		 struct t2x_inv_out *out)
{
	uint32_t want = c->enabled ? p->msi_banks : 0;

	if (c->backend && c->windows && c->windows <= p->msi_banks && c->dma_windows)
		FAIL(out, "MSIA-2", "dma_windows",
		     "%u DMA windows while all %u windows are reserved for %u banks",
		     c->dma_windows, c->windows, p->msi_banks);
	if (c->backend && c->msi_windows != want)
		FAIL(out, "MSIA-10", "msi_windows", "%u MSI windows while %s (%u banks)",
		     c->msi_windows, c->enabled ? "enabled" : "disabled", p->msi_banks);
	return 0;
}

/*
 * MSIC-17 from the counters: one MSI window per bank at most (MSIC-7 d),
 * each recorded, and none in a container no group is in (MSIC-11).  Which
 * group's fd made a window the counters do not say: the oracle's model of
 * design C, compared after every op, checks that (MSIC-11, MSIC-12).
 */
static int inv_c(const struct t2sim_counters *c, const struct t2sim_platform *p,
		 struct t2x_inv_out *out)
{
	if (c->msi_windows > p->msi_banks)
		FAIL(out, "MSIC-17", "msi_windows", "%u MSI windows for %u banks",
		     c->msi_windows, p->msi_banks);
	if (c->msi_records != c->msi_windows)
		FAIL(out, "MSIC-17", "msi_records", "%u MSI records for %u MSI windows",
		     c->msi_records, c->msi_windows);
	if (!c->groups && c->msi_windows)
		FAIL(out, "MSIC-17", "msi_windows", "%u MSI windows in a container with no group",
		     c->msi_windows);
	return 0;
}

/* MSIB-5, MSIB-11: the kernel's choice maps each bank at most once in a
 * container, whichever path recorded it, so no more records than banks. */
static int inv_b(const struct t2sim_counters *c, const struct t2sim_platform *p,
		 struct t2x_inv_out *out)
{
	if (c->backend && c->msi_records > p->msi_banks)
		FAIL(out, "MSIB-5", "msi_records", "%u MSI records for %u banks",
		     c->msi_records, p->msi_banks);
	return 0;
}

static int (*const design_invs[T2_MSI_DESIGNS])(const struct t2sim_counters *,
						const struct t2sim_platform *,
						struct t2x_inv_out *) = {
	[T2_MSI_DESIGN_A] = inv_a,
	[T2_MSI_DESIGN_B] = inv_b,
	[T2_MSI_DESIGN_C] = inv_c,
};

int t2x_inv_design(const struct t2sim_counters *c, const struct t2sim_platform *p,
		   struct t2x_inv_out *out)
{
	if (p->msi_design >= T2_MSI_DESIGNS || !design_invs[p->msi_design])
		return 0;
	return design_invs[p->msi_design](c, p, out);
}
