/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * msi.c - GET_MSI_BANK_COUNT, MAP_MSI_BANK, UNMAP_MSI_BANK (MSI-1..MSI-10),
 * with SDK-B7(d), B8, B9, B10, B15, L1, L2, L3.
 *
 * MSI records are fixed slots in the backend.  Adding or deleting one is a
 * read (find the slot, under s->dom) and a write (fill or clear it); under
 * SDK-B8 the write is unprotected and a yield point sits in between, so two
 * racing calls can lose a record but never touch freed memory.  Scans stop at
 * msi_top, which the slot search raises under s->dom before any write, so
 * they see every slot that can be in use, whatever the interleaving.
 */
#include "internal.h"

#define RW (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

u32 t2_msi_records(const struct t2_backend *be)
{
	u32 i, n = 0;

	for (i = 0; i < be->msi_top; i++)
		if (be->msi[i].used)
			n++;
	return n;
}

/* The window index of an MSI iova: (iova - start_w) / ws_w in u64,
 * truncated to a signed 32-bit index (the reference arithmetic; in `spec`
 * the iova is checked first, so this is the plain index). */
static s64 msi_index(const struct t2_backend *be, u64 iova)
{
	u64 q = (iova - be->start_w) / be->ws_w;

	return (s64)(s32)(u32)q;
}

long t2h_VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT(struct t2_call *call)
{
	return call->s->plat.msi_banks; /* MSI-1 */
}

/* MSI-2 row 10: be has an MSI record of bank (either path, MSIB-9). */
bool t2_msi_bank_here(const struct t2_backend *be, u32 bank)
{
	u32 i;

	for (i = 0; i < be->msi_top; i++)
		if (be->msi[i].used && be->msi[i].bank == bank)
			return true;
	return false;
}

/* MSI-2 row 11: another container than c has an MSI record of bank. */
bool t2_msi_bank_elsewhere(struct t2_sim *s, const struct t2_container *c, u32 bank)
{
	struct t2_container *o;

	for (o = s->containers; o; o = o->next)
		if (o != c && o->be && t2_msi_bank_here(o->be, bank))
			return true;
	return false;
}

/* MSI-2 rows 10 and 11 (s->dom held). */
bool t2_msi_bank_taken(struct t2_sim *s, struct t2_container *c,
		       const struct t2_backend *be, u32 bank)
{
	return t2_msi_bank_here(be, bank) ||
	       (s->plat.msi_policy == T2SIM_POLICY_EXCLUSIVE &&
		t2_msi_bank_elsewhere(s, c, bank));
}

long t2h_VFIO_IOMMU_PAMU_MAP_MSI_BANK(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	struct t2_domain *d = &be->dom;
	struct vfio_pamu_msi_bank_map *m = &call->a.msimap;
	u32 prot = m->flags & RW, bank = m->msi_bank_index, slot;
	u64 iova = m->iova, ws = be->ws_w;
	bool l3 = t2_sw(s, T2_SW_L3);
	struct t2_window w;
	s64 idx;
	int r;

	if (!prot)
		return -EINVAL; /* row 4 */
	if (bank >= s->plat.msi_banks)
		return l3 ? -ENODEV : -EINVAL; /* row 5 */
	if (!ws) {
		/* row 6 */
		if (t2_sw(s, T2_SW_B9))
			return t2_crash(s, T2_SW_B9,
					"MAP_MSI_BANK divides by a zero window size");
		return l3 ? -ENODEV : -EINVAL;
	}
	if (!t2_sw(s, T2_SW_L2) && (iova < be->start_w || iova > be->end_w))
		return -EINVAL; /* row 7 */
	/* PERS-5; with SDK-L2 the index is the reference's own arithmetic,
	 * which any ws_w > 0 serves, and PERS-6 decides (issue #16) */
	if (ws < OS_PAGE_SIZE && !t2_sw(s, T2_SW_L2))
		return t2_crash(s, be->taint ? be->taint : T2_SW_B2,
				"MAP_MSI_BANK window arithmetic with a window below 4 KiB");
	if (!t2_sw(s, T2_SW_L2) && (iova - be->start_w) % ws)
		return -EINVAL; /* row 8 */
	idx = msi_index(be, iova);

	os_memset(&w, 0, sizeof(w));
	w.kind = T2_WIN_MSI;
	w.prot = prot;
	w.bank = bank;
	w.phys = t2_dom_doorbell(s, bank); /* MSI-3; B10: fixed CCSR base */
	w.size = OS_PAGE_SIZE;
	t2_lock_dom(s);
	if (idx >= 0 && (u64)idx < d->n && d->win[idx].kind != T2_WIN_FREE)
		r = -EBUSY; /* row 9 */
	else if (!t2_sw(s, T2_SW_B15) && t2_msi_bank_taken(s, call->c, be, bank))
		r = -EBUSY; /* rows 10, 11 */
	else
		r = t2_dom_win_program(s, d, idx, &w); /* PERS-6, programming site */
	t2_unlock_dom(s);
	if (r)
		return r;

	/* record site, then the record (read the free slot, yield, write) */
	T2_COMMIT(call, MSI_MAP_COMMIT);
	r = t2_fault_site(s);
	if (!r) {
		t2_lock_dom(s);
		for (slot = 0; slot < T2_MSI_SLOTS && be->msi[slot].used; slot++)
			;
		if (slot < T2_MSI_SLOTS && slot >= be->msi_top)
			be->msi_top = slot + 1;
		t2_unlock_dom(s);
		if (slot == T2_MSI_SLOTS)
			r = -ENOMEM;
	}
	if (r) {
		if (!t2_sw(s, T2_SW_B7)) {
			/* MSI-2 row 12; B7(d): the window stays, with no record */
			t2_lock_dom(s);
			t2_dom_win_free(s, d, idx);
			t2_unlock_dom(s);
		}
		return r;
	}
	T2_COMMIT(call, MSI_MAP_RECORD);
	T2_B8_STEP(call, B8_MSI_MAP);
	be->msi[slot].bank = bank;
	be->msi[slot].prot = prot;
	be->msi[slot].iova = iova;
	be->msi[slot].src = 0;
	be->msi[slot].mapped = 0;
	be->msi[slot].used = 1;
	return 0;
}

long t2h_VFIO_IOMMU_PAMU_UNMAP_MSI_BANK(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	u64 iova = call->a.msiunmap.iova;
	u32 slot, top;

	t2_lock_dom(s);
	top = be->msi_top;
	for (slot = 0; slot < top; slot++)
		if (be->msi[slot].used && !be->msi[slot].mapped &&
		    be->msi[slot].iova == iova)
			break; /* MSIB-9: not a window MAP_DMA made */
	t2_unlock_dom(s);
	if (slot == top)
		return -EINVAL; /* MSI-7 row 4 */
	T2_COMMIT(call, MSI_UNMAP_COMMIT);
	/* MSI-8: the window is computed again from the working copy */
	if (be->ws_w) {
		t2_lock_dom(s);
		t2_dom_win_free(s, &be->dom, msi_index(be, iova));
		t2_unlock_dom(s);
	}
	T2_B8_STEP(call, B8_MSI_UNMAP);
	be->msi[slot].used = 0;
	return 0;
}
