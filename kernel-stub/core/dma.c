/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * dma.c - MAP_DMA and UNMAP_DMA (MAP-*, UNMAP-*, ACCT-*, PERS-7), with
 * SDK-B4, B5, B6, B7, B9, L2, L3; SDK-B3's unmap walk is in dma_b3.c.
 *
 * Pins belong to the VFIO layer: each DMA window's pins are one t2_pins
 * (allocated at MAP-4's pin-array fault site) hung on its DMA record, and
 * counted, never stored per page, so a 1 GiB window costs what a 4 KiB one
 * does.  Records claim byte ranges and are trimmed or split by UNMAP_DMA;
 * spare record nodes are reserved at MAP_DMA's record site so that a split
 * never allocates (UNMAP-6: no fault site).  Runs with s->big held.
 */
#include "internal.h"

#define PAGE_MASK_4K (OS_PAGE_SIZE - 1)
#define RW (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

/* ------------------------------------------------------------ pins */
void t2_pins_release(struct t2_sim *s, struct t2_pins *p)
{
	if (p->held) {
		os_unpin_user(s->env, &p->pin, p + 1, p->first, p->held);
		s->pins_total -= p->held;
		p->held = 0;
	}
	os_free(p);
}

/* SDK-B3, B7: pins that nobody will release (kept until the instance dies). */
void t2_pins_orphan(struct t2_sim *s, struct t2_pins *p)
{
	if (!p->held) {
		os_free(p);
		return;
	}
	p->next = s->orphans;
	s->orphans = p;
}

/* ------------------------------------------------------------ records */
static struct t2_dmarec *rec_pop(struct t2_backend *be)
{
	struct t2_dmarec *r = be->free_recs;

	if (r) {
		be->free_recs = r->next;
		be->nfree_recs--;
		os_memset(r, 0, sizeof(*r));
	}
	return r;
}

void t2_rec_free(struct t2_backend *be, struct t2_dmarec *r)
{
	r->next = be->free_recs;
	be->free_recs = r;
	be->nfree_recs++;
}

/* One more chunk of spare record nodes; false when out of memory. */
static bool rec_grow(struct t2_backend *be)
{
	struct t2_recchunk *ch = os_zalloc(sizeof(*ch));
	u32 i;

	if (!ch)
		return false;
	ch->next = be->chunks;
	be->chunks = ch;
	for (i = 0; i < 32; i++)
		t2_rec_free(be, &ch->rec[i]);
	return true;
}

/* MAP-4's record fault site.  Also reserves spare nodes: a split in
 * UNMAP_DMA removes at least one pinned window, so nfree >= npins suffices. */
static struct t2_dmarec *rec_get(struct t2_sim *s, struct t2_backend *be,
				 u32 nwin, int *err)
{
	*err = t2_fault_site(s);
	if (*err)
		return NULL;
	while (be->nfree_recs < be->npins + nwin + 1) {
		if (!rec_grow(be)) {
			*err = -ENOMEM;
			return NULL;
		}
	}
	return rec_pop(be);
}

/* A spare node for SDK-B3's splits, which need not remove a window. */
struct t2_dmarec *t2_rec_spare(struct t2_backend *be)
{
	if (!be->free_recs && !rec_grow(be))
		return NULL;
	return rec_pop(be);
}

void t2_rec_insert(struct t2_backend *be, struct t2_dmarec *r)
{
	struct t2_dmarec **pp = &be->recs;

	while (*pp && (*pp)->iova < r->iova)
		pp = &(*pp)->next;
	r->next = *pp;
	*pp = r;
	be->nrecs++;
}

void t2_rec_unlink(struct t2_backend *be, struct t2_dmarec *r)
{
	struct t2_dmarec **pp;

	for (pp = &be->recs; *pp; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			be->nrecs--;
			return;
		}
	}
}

u64 t2_dma_claimed(const struct t2_backend *be)
{
	const struct t2_dmarec *r;
	u64 n = 0;

	for (r = be->recs; r; r = r->next)
		n += r->claimed;
	return n;
}

u64 t2_dma_pins(const struct t2_backend *be)
{
	const struct t2_dmarec *r;
	const struct t2_pins *p;
	u64 n = 0;

	for (r = be->recs; r; r = r->next)
		for (p = r->pins; p; p = p->next)
			n += p->held;
	return n;
}

void t2_locked_sub_window(struct t2_sim *s, const struct t2_pins *p)
{
	/* ACCT-3, ACCT-5: the pages of the window (SDK-B5 also subtracts pages) */
	os_locked_add(s->env, -(s64)(p->len / OS_PAGE_SIZE));
}

/* Remove from r every window whose base lies in [lo, hi]; trim or split
 * r's claim by [lo, hi] (PERS-7). */
static void rec_trim(struct t2_sim *s, struct t2_backend *be, struct t2_dmarec *r,
		     u64 lo, u64 hi)
{
	u64 rlo = r->iova, rhi = r->iova + r->claimed - 1;
	struct t2_pins **pp = &r->pins, *upper = NULL, **up = &upper;
	struct t2_dmarec *nr;

	while (*pp) {
		struct t2_pins *p = *pp;

		if (p->iova >= lo && p->iova <= hi) {
			*pp = p->next;
			t2_locked_sub_window(s, p);
			t2_pins_release(s, p);
			be->npins--;
		} else if (p->iova > hi) {
			/* belongs to the upper piece if r splits */
			*pp = p->next;
			p->next = NULL;
			*up = p;
			up = &p->next;
		} else {
			pp = &p->next;
		}
	}
	if (lo <= rlo && hi >= rhi) {
		/* whole record; windows beyond its claim exist only after a
		 * split fallback, and go with it */
		*pp = upper;
		while ((upper = r->pins)) {
			r->pins = upper->next;
			t2_locked_sub_window(s, upper);
			t2_pins_release(s, upper);
			be->npins--;
		}
		t2_rec_unlink(be, r);
		t2_rec_free(be, r);
		return;
	}
	if (lo <= rlo) {
		r->iova = hi + 1;
		r->claimed = rhi - hi;
		*pp = upper;
		return;
	}
	if (hi >= rhi) {
		r->claimed = lo - rlo;
		*pp = upper;
		return;
	}
	nr = rec_pop(be);
	if (!nr) {
		/* only reachable in switch compositions: keep the lower piece,
		 * hang the upper windows on it, drop the upper claim */
		r->claimed = lo - rlo;
		*pp = upper;
		return;
	}
	r->claimed = lo - rlo;
	nr->iova = hi + 1;
	nr->claimed = rhi - hi;
	nr->pins = upper;
	t2_rec_insert(be, nr);
}

/* Free the DMA windows of [lo, hi] (working copy arithmetic) and remove the
 * records' windows and claims there.  Returns the bytes unmapped (UNMAP-4). */
static u64 unmap_range(struct t2_sim *s, struct t2_backend *be, u64 lo, u64 hi)
{
	struct t2_domain *d = &be->dom;
	u64 ws = be->ws_w, first, count, i, freed = 0;
	struct t2_dmarec *r, *next;

	first = (lo - be->start_w) / ws;
	count = (hi - lo) / ws + 1;
	t2_lock_dom(s);
	for (i = 0; i < count && first + i < d->n; i++) {
		if (d->win[first + i].kind == T2_WIN_DMA) {
			t2_dom_win_free(s, d, (s64)(first + i));
			freed++;
		}
	}
	t2_unlock_dom(s);
	if (s->design->unmap)
		freed += s->design->unmap(s, be, lo, hi); /* 9a; MSIB-8, MSIC-10 */
	for (r = be->recs; r; r = next) {
		next = r->next;
		if (r->iova + r->claimed - 1 < lo || r->iova > hi)
			continue;
		rec_trim(s, be, r, lo, hi);
	}
	return freed * ws;
}

/* PERS-7 / UNMAP-5: disabled when no DMA record remains. */
void t2_dma_disable_if_empty(struct t2_sim *s, struct t2_backend *be)
{
	bool was;

	if (be->recs)
		return;
	t2_lock_dom(s);
	was = be->dom.enabled;
	t2_dom_set_enabled(s, &be->dom, false);
	t2_unlock_dom(s);
	if (was && s->design->disabled)
		s->design->disabled(s, be); /* 9a */
}

/* PERS-5: window arithmetic with 0 < ws_w < 4096 is a crash point of the
 * switch that made ws_w so. */
static long odd_ws_crash(struct t2_sim *s, struct t2_backend *be, const char *op)
{
	return t2_crash(s, be->taint ? be->taint : T2_SW_B2, op);
}

/* ------------------------------------------------------------ MAP_DMA */
/* MAP-1 rows 8 to 10 (working copy). */
static long map_rows_8_10(struct t2_call *call, u64 iova, u64 size)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	u64 ws = be->ws_w;

	if (!ws) {
		if (t2_sw(s, T2_SW_B9))
			return t2_crash(s, T2_SW_B9,
					"MAP_DMA divides by a zero window size");
		return -EINVAL;
	}
	if (iova < be->start_w || iova + (size - 1) > be->end_w)
		return -EINVAL;
	if (ws < OS_PAGE_SIZE)
		return odd_ws_crash(s, be, "MAP_DMA window arithmetic with a window below 4 KiB");
	if ((iova - be->start_w) % ws)
		return -EINVAL;
	if (!t2_sw(s, T2_SW_B4) && size % ws)
		return -EINVAL;
	if (s->design->map_args)
		return s->design->map_args(call, iova, size); /* 9a: the design's rows */
	return 0;
}

/* MAP-1 row 11: byte overlap with DMA records, and MSI windows in range
 * (the second half skipped under SDK-B6). */
static bool map_busy(struct t2_call *call, u64 iova, u64 size)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	struct t2_domain *d = &be->dom;
	u64 last = iova + (size - 1), lo, hi, i, ws = be->ws_w;
	struct t2_dmarec *r;
	bool busy = false;

	for (r = be->recs; r; r = r->next)
		if (r->iova <= last && iova <= r->iova + (r->claimed - 1))
			return true;
	if (t2_sw(s, T2_SW_B6) || !ws)
		return false;
	lo = iova > be->start_w ? iova : be->start_w;
	hi = last < be->end_w ? last : be->end_w;
	if (lo > hi)
		return false;
	t2_lock_dom(s);
	for (i = (lo - be->start_w) / ws; i <= (hi - be->start_w) / ws && i < d->n; i++) {
		if (d->win[i].kind == T2_WIN_MSI) {
			busy = true;
			break;
		}
	}
	t2_unlock_dom(s);
	return busy;
}

/* MAP-1 row 12, ACCT-4: locked + pages <= limit / 4096, unless CAP_IPC_LOCK. */
static bool over_memlock(struct t2_sim *s, u64 pages)
{
	u64 limit = os_memlock_limit(s->env) / OS_PAGE_SIZE;
	s64 locked = os_locked_get(s->env);

	if (os_cap_ipc_lock(s->env) || os_memlock_limit(s->env) == T2SIM_MEMLOCK_UNLIMITED)
		return false;
	if (locked < 0)
		return pages > limit + ((u64)-(locked + 1) + 1);
	return (u64)locked > limit || pages > limit - (u64)locked;
}

/* Undo the windows this call programmed and release their pins (MAP-5);
 * SDK-B6 then frees every window of the range, MSI included. */
static void map_undo(struct t2_sim *s, struct t2_backend *be, struct t2_pins *done,
		     u64 first, u64 nall)
{
	struct t2_pins *p;
	u64 i;

	while ((p = done)) {
		done = p->next;
		t2_lock_dom(s);
		t2_dom_win_free(s, &be->dom, (s64)p->index);
		t2_unlock_dom(s);
		t2_pins_release(s, p);
	}
	if (t2_sw(s, T2_SW_B6)) {
		t2_lock_dom(s);
		for (i = 0; i < nall && first + i < be->dom.n; i++)
			t2_dom_win_free(s, &be->dom, (s64)(first + i));
		t2_unlock_dom(s);
	}
}

/* MAP-3, MAP-4: window by window, then the record, then the commit. */
static long map_windows(struct t2_call *call, u64 vbase, u64 iova, u64 size, u32 prot)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	struct t2_domain *d = &be->dom;
	bool b7 = t2_sw(s, T2_SW_B7);
	u64 ws = be->ws_w, first = (iova - be->start_w) / ws, nwin = size / ws;
	u64 nall = size / ws + (size % ws ? 1 : 0), k, npages = ws / OS_PAGE_SIZE;
	struct t2_pins *done = NULL, **tail = &done, *p;
	struct t2_dmarec *rec;
	bool any;
	int r;
	long ret;

	for (k = 0; k < nwin; k++) {
		struct t2_window w;

		p = t2_fault_alloc(s, sizeof(*p) + os_pin_array_bytes(npages), &r);
		if (!p) {
			ret = r; /* pin-array site */
			goto fail;
		}
		p->iova = iova + k * ws;
		p->len = ws;
		p->index = first + k;
		r = os_pin_user(s->env, vbase + k * ws, ws, p + 1, &p->pin);
		if (r < 0) {
			p->pin.npages = 0;
			p->pin.status = OS_PIN_UNBACKED;
		}
		p->first = 0;
		p->held = p->pin.npages;
		s->pins_total += p->held;
		if (p->pin.status == OS_PIN_UNBACKED) {
			/* row 13 */
			if (b7) {
				t2_pins_orphan(s, p); /* B7(a) */
				ret = t2_crash(s, T2_SW_B7,
					       "MAP_DMA drops pages of a partly unbacked range it does not own");
			} else {
				t2_pins_release(s, p);
				ret = -EFAULT;
			}
			goto fail;
		}
		if (p->pin.status != OS_PIN_OK || p->pin.phys % ws) {
			t2_pins_release(s, p); /* row 14 */
			ret = -EFAULT;
			goto fail;
		}
		os_memset(&w, 0, sizeof(w));
		w.kind = T2_WIN_DMA;
		w.prot = prot;
		w.phys = p->pin.phys;
		w.size = ws;
		t2_lock_dom(s);
		r = t2_dom_win_program(s, d, (s64)p->index, &w);
		t2_unlock_dom(s);
		if (r) {
			if (b7 && p->held) {
				/* B7(b): only the first page is released */
				os_unpin_user(s->env, &p->pin, p + 1, 0, 1);
				s->pins_total--;
				p->first = 1;
				p->held--;
				t2_pins_orphan(s, p);
			} else {
				t2_pins_release(s, p);
			}
			ret = r;
			goto fail;
		}
		p->next = NULL;
		*tail = p;
		tail = &p->next;
	}
	if (b7) {
		/* B7(c): the reference enables before allocating the record */
		t2_lock_dom(s);
		if (t2_dom_any_valid(d))
			t2_dom_set_enabled(s, d, true);
		t2_unlock_dom(s);
	}
	T2_COMMIT(call, MAP_DMA_RECORD);
	rec = rec_get(s, be, (u32)nwin, &r);
	if (!rec) {
		ret = r;
		goto fail;
	}
	if (s->design->enable && !d->enabled) {
		/* 9a: what the design does when a MAP_DMA enables the domain */
		ret = s->design->enable(call);
		if (ret) {
			t2_rec_free(be, rec);
			goto fail;
		}
	}
	/* commit */
	rec->iova = iova;
	rec->claimed = t2_sw(s, T2_SW_B4) ? (size & ~PAGE_MASK_4K) : size;
	rec->pins = done;
	t2_rec_insert(be, rec);
	be->npins += (u32)nwin;
	if (t2_sw(s, T2_SW_B5))
		os_locked_add(s->env, (s64)nwin); /* B5: one per window */
	else
		os_locked_add(s->env, (s64)(nwin * npages)); /* ACCT-2 */
	t2_lock_dom(s);
	any = t2_dom_any_valid(d);
	if (any)
		t2_dom_set_enabled(s, d, true); /* MAP-3, PERS-7 */
	t2_unlock_dom(s);
	return 0;
fail:
	map_undo(s, be, done, first, nall);
	return ret;
}

long t2h_VFIO_IOMMU_MAP_DMA(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct vfio_iommu_type1_dma_map *m = &call->a.map;
	u64 vaddr = m->vaddr, iova = m->iova, size = m->size;
	u32 prot = m->flags & RW;
	bool l3 = t2_sw(s, T2_SW_L3);
	long r;

	if ((m->flags & ~RW) && s->design->map_flagged)
		return s->design->map_flagged(call); /* a design's flag (MSIB-1) */
	if (!prot)
		return -EINVAL; /* row 4 */
	if (!size)
		return -EINVAL; /* row 5 */
	if ((!t2_sw(s, T2_SW_L2) && (vaddr & PAGE_MASK_4K)) || (iova & PAGE_MASK_4K))
		return -EINVAL; /* row 6; L2: any vaddr */
	if (t2_sw(s, T2_SW_B4) ? size < OS_PAGE_SIZE : (size & PAGE_MASK_4K) != 0)
		return -EINVAL; /* row 6; B4: only a size below 4096 */
	if (size - 1 > ~0ull - iova || size - 1 > ~0ull - vaddr)
		return -EINVAL; /* row 7: reaching 2^64 exactly is fine */
	if (!l3) {
		r = map_rows_8_10(call, iova, size);
		if (r)
			return r;
	}
	if (s->design->map_vaddr) {
		/* 9a: the design may map this vaddr itself (MSIC-7: an MSI fd's
		 * mapping; with SDK-L3 after rows 8 to 10 too, PERS-8) */
		if (l3) {
			r = map_rows_8_10(call, iova, size);
			if (r)
				return r;
		}
		r = s->design->map_vaddr(call, vaddr, iova, size, prot);
		if (r <= 0)
			return r;
	}
	if (map_busy(call, iova, size))
		return -EBUSY; /* row 11 */
	if (s->design->map_state) {
		r = s->design->map_state(call, iova, size); /* 9a: the design's rows */
		if (r)
			return r;
	}
	if (over_memlock(s, size / OS_PAGE_SIZE))
		return -ENOMEM; /* row 12 */
	if (l3) {
		r = map_rows_8_10(call, iova, size); /* SDK-L3: after rows 11, 12 */
		if (r)
			return r;
	}
	T2_COMMIT(call, MAP_DMA_COMMIT);
	return map_windows(call, vaddr & ~PAGE_MASK_4K, iova, size, prot);
}

/* ------------------------------------------------------------ UNMAP_DMA */
/* SDK-B3 crash points: drop the pins of every valid DMA window; windows stay. */
void t2_dma_drop_all_pins(struct t2_sim *s, struct t2_backend *be)
{
	struct t2_dmarec *r;
	struct t2_pins *p;

	t2_lock_dom(s);
	for (r = be->recs; r; r = r->next) {
		for (p = r->pins; p; p = p->next) {
			if (p->held && p->index < be->dom.n &&
			    be->dom.win[p->index].kind == T2_WIN_DMA) {
				os_unpin_user(s->env, &p->pin, p + 1, p->first, p->held);
				s->pins_total -= p->held;
				p->held = 0;
			}
		}
	}
	t2_unlock_dom(s);
}

static long unmap_b3(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	struct vfio_iommu_type1_dma_unmap *u = &call->a.unmap;
	u64 iova = u->iova, size = u->size, freed = 0;
	long r = 0;

	r = t2_dma_unmap_b3(s, be, iova, size, &freed);
	if (r)
		return r;
	t2_dma_disable_if_empty(s, be);
	if (!t2_sw(s, T2_SW_L1)) {
		u->size = freed;
		t2_out(call, 0, 16, 8);
	}
	return 0;
}

long t2h_VFIO_IOMMU_UNMAP_DMA(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	struct vfio_iommu_type1_dma_unmap *u = &call->a.unmap;
	u64 iova = u->iova, size = u->size, ws = be->ws_w, freed;

	if (t2_sw(s, T2_SW_B3))
		return unmap_b3(call);
	if (!size)
		return -EINVAL; /* row 4 */
	if ((iova | size) & PAGE_MASK_4K)
		return -EINVAL; /* row 5 */
	if (size - 1 > ~0ull - iova)
		return -EINVAL; /* row 6 */
	if (!ws)
		return -EINVAL; /* row 7 */
	if (iova < be->start_w || iova + (size - 1) > be->end_w)
		return -EINVAL; /* row 8 */
	if (ws < OS_PAGE_SIZE)
		return odd_ws_crash(s, be, "UNMAP_DMA window arithmetic with a window below 4 KiB");
	if ((iova - be->start_w) % ws || size % ws)
		return -EINVAL; /* row 9 */
	T2_COMMIT(call, UNMAP_DMA_COMMIT);
	freed = unmap_range(s, be, iova, iova + (size - 1)); /* UNMAP-2, UNMAP-3 */
	os_sched_point(s->env, T2_PT_UNMAP_DMA_DISABLE);
	t2_dma_disable_if_empty(s, be); /* UNMAP-5 */
	if (!t2_sw(s, T2_SW_L1)) {
		u->size = freed; /* UNMAP-4 */
		t2_out(call, 0, 16, 8);
	}
	return 0;
}

/* Release: every remaining window's pins and pages, every record. */
void t2_recs_free_all(struct t2_sim *s, struct t2_backend *be)
{
	struct t2_dmarec *r;
	struct t2_pins *p;

	while ((r = be->recs)) {
		be->recs = r->next;
		while ((p = r->pins)) {
			r->pins = p->next;
			t2_locked_sub_window(s, p);
			t2_pins_release(s, p);
		}
	}
	be->nrecs = 0;
	be->npins = 0;
	while (be->chunks) {
		struct t2_recchunk *ch = be->chunks;

		be->chunks = ch->next;
		os_free(ch);
	}
	be->free_recs = NULL;
	be->nfree_recs = 0;
}
