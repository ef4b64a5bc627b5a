/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * msi_b.c - MSI design B (spec section 9c, MSIB-*): MAP_DMA with
 * VFIO_DMA_MAP_FLAG_MSI maps banks the kernel picks into windows user space
 * picks; UNMAP_DMA removes them again.  With the designs2013 switches MB1..MB5
 * (MSIB-12).
 *
 * A mapped MSI window is an ordinary MSI window with an MSI record (the same
 * slots MAP_MSI_BANK fills, msi.c) marked `mapped`, so bank ownership,
 * counters, translation and release need nothing new.  Runs with s->big held
 * (MAP_DMA and UNMAP_DMA always take it), the window table under s->dom.
 */
#include "internal.h"

#define RW (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

/* MSIB-5: may container c take bank b?  (s->dom held) */
static bool bank_available(struct t2_sim *s, struct t2_container *c, u32 b)
{
	/* MB1: the caller's own banks are not looked at */
	if (!t2_sw(s, T2_DSW(MB1)) && t2_msi_bank_here(c->be, b))
		return false;
	/* MB2: the exclusive policy is not applied */
	if (s->plat.msi_policy != T2SIM_POLICY_EXCLUSIVE || t2_sw(s, T2_DSW(MB2)))
		return true;
	return !t2_msi_bank_elsewhere(s, c, b);
}

/* MSIB-5: the k lowest available banks, ascending; false if fewer. */
static bool choose_banks(struct t2_sim *s, struct t2_container *c, u32 k,
			 u32 bank[T2SIM_MAX_BANKS])
{
	u32 b, got = 0;

	for (b = 0; b < s->plat.msi_banks && got < k; b++)
		if (bank_available(s, c, b))
			bank[got++] = b;
	return got == k;
}

/* k free record slots, msi_top raised over them; false if fewer (s->dom held). */
static bool find_slots(struct t2_backend *be, u32 k, u32 slot[T2SIM_MAX_BANKS])
{
	u32 i, got = 0;

	for (i = 0; i < T2_MSI_SLOTS && got < k; i++)
		if (!be->msi[i].used)
			slot[got++] = i;
	if (got < k)
		return false;
	if (slot[k - 1] >= be->msi_top)
		be->msi_top = slot[k - 1] + 1;
	return true;
}

/* MB5: the page at vaddr is pinned and charged, and nobody releases it. */
static void mb5_pin(struct t2_sim *s, u64 vaddr)
{
	struct t2_pins *p = os_zalloc(sizeof(*p) + os_pin_array_bytes(1));

	if (!p)
		return;
	if (os_pin_user(s->env, vaddr & ~(u64)(OS_PAGE_SIZE - 1), OS_PAGE_SIZE, p + 1,
			&p->pin) < 0)
		p->pin.npages = 0;
	p->held = p->pin.npages;
	p->len = OS_PAGE_SIZE;
	s->pins_total += p->held;
	os_locked_add(s->env, (s64)p->held);
	t2_pins_orphan(s, p);
}

/* MSIB-2 rows 9 to 12 (the working copy, PERS-5); 0 or -errno. */
static long msib_range_rows(struct t2_call *call, u64 iova, u64 size)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	u64 ws = be->ws_w;

	if (!ws)
		return -EINVAL; /* row 9 */
	if (iova < be->start_w || iova + (size - 1) > be->end_w)
		return -EINVAL; /* row 10 */
	if (ws < OS_PAGE_SIZE)
		return t2_crash(s, be->taint ? be->taint : T2_SW_B2,
				"MAP_DMA(MSI) window arithmetic with a window below 4 KiB");
	if ((iova - be->start_w) % ws || size % ws)
		return -EINVAL; /* row 11 */
	if (size / ws > s->plat.msi_banks)
		return -EINVAL; /* row 12 */
	return 0;
}

/* Program the k windows from `first` with banks[] (MSIB-4, MSIB-6); on a
 * failure free those programmed and return the error.  (s->dom held) */
static int program_windows(struct t2_sim *s, struct t2_domain *d, u64 first, u32 k,
			   const u32 *bank, u32 prot)
{
	struct t2_window w;
	u32 j;
	int r;

	for (j = 0; j < k; j++) {
		os_memset(&w, 0, sizeof(w));
		w.kind = T2_WIN_MSI;
		w.prot = prot;
		w.bank = bank[j];
		w.phys = t2_dom_doorbell(s, bank[j]);
		/* MB4: the whole window, not the doorbell page */
		w.size = t2_sw(s, T2_DSW(MB4)) ? d->ws : OS_PAGE_SIZE;
		r = t2_dom_win_program(s, d, (s64)(first + j), &w);
		if (r) {
			while (j--)
				t2_dom_win_free(s, d, (s64)(first + j));
			return r;
		}
	}
	return 0;
}

/* MAP_DMA with VFIO_DMA_MAP_FLAG_MSI: MSIB-2 from row 4 (rows 1-3 are the
 * dispatch prologue's, with the design's flag mask). */
static long msib_map(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	struct t2_domain *d = &be->dom;
	struct vfio_iommu_type1_dma_map *m = &call->a.map;
	u64 vaddr = m->vaddr, iova = m->iova, size = m->size, first, i;
	u32 prot = m->flags & RW, k, j, bank[T2SIM_MAX_BANKS], slot[T2SIM_MAX_BANKS];
	long r;

	if (!prot)
		return -EINVAL; /* row 4 */
	if (vaddr && !t2_sw(s, T2_DSW(MB5)))
		return -EINVAL; /* row 5 */
	if (!size)
		return -EINVAL; /* row 6 */
	if ((iova | size) & (OS_PAGE_SIZE - 1))
		return -EINVAL; /* row 7 */
	if (size - 1 > ~0ull - iova)
		return -EINVAL; /* row 8: reaching 2^64 exactly is fine */
	r = msib_range_rows(call, iova, size);
	if (r)
		return r;
	k = (u32)(size / be->ws_w);
	first = (iova - be->start_w) / be->ws_w;

	t2_lock_dom(s);
	r = 0;
	for (i = 0; i < k && !r; i++)
		if (first + i >= d->n || d->win[first + i].kind != T2_WIN_FREE)
			r = -EBUSY; /* row 13 */
	if (!r && !choose_banks(s, call->c, k, bank))
		r = -ENOSPC; /* row 14 */
	if (!r)
		r = program_windows(s, d, first, k, bank, prot); /* row 15 */
	t2_unlock_dom(s);
	if (r)
		return r;

	r = t2_fault_site(s); /* the record site */
	t2_lock_dom(s);
	if (!r && !find_slots(be, k, slot))
		r = -ENOMEM;
	if (r) {
		for (j = 0; j < k; j++)
			t2_dom_win_free(s, d, (s64)(first + j));
		t2_unlock_dom(s);
		return r;
	}
	for (j = 0; j < k; j++) {
		be->msi[slot[j]].bank = bank[j];
		be->msi[slot[j]].prot = prot;
		be->msi[slot[j]].iova = iova + j * be->ws_w;
		be->msi[slot[j]].mapped = 1;
		be->msi[slot[j]].used = 1;
	}
	t2_unlock_dom(s);
	if (vaddr)
		mb5_pin(s, vaddr);
	return 0;
}

/* UNMAP_DMA under B (MSIB-8): free the mapped MSI windows whose base lies in
 * [lo, hi] and delete their records.  Returns how many. */
static u64 msib_unmap(struct t2_sim *s, struct t2_backend *be, u64 lo, u64 hi)
{
	u64 n = 0;
	u32 i;

	t2_lock_dom(s);
	for (i = 0; i < be->msi_top; i++) {
		struct t2_msirec *rec = &be->msi[i];

		if (!rec->used || !rec->mapped || rec->iova < lo || rec->iova > hi)
			continue;
		/* MB3: the record goes, the window stays programmed */
		if (!t2_sw(s, T2_DSW(MB3)) && be->ws_w)
			t2_dom_win_free(s, &be->dom, (s64)((rec->iova - be->start_w) / be->ws_w));
		rec->used = 0;
		rec->mapped = 0;
		n++;
	}
	t2_unlock_dom(s);
	return n;
}

/* Design B's row of the design table (design.c): the bank ioctls stay
 * (MSIB-9), MAP_DMA takes the MSI flag, UNMAP_DMA frees mapped windows. */
const struct t2_design_ops t2_design_b = {
	.letter = "B",
	.map_flagged = msib_map,
	.unmap = msib_unmap,
};
