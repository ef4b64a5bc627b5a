/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * dma_b3.c - SDK-B3: UNMAP_DMA and release under the reference's own unmap
 * arithmetic (spec 19.3 SDK-B3, re-derived from the reference driver in
 * issue #16).
 *
 * For each DMA record the range overlaps (byte overlap, ascending iova), the
 * reference picks a start and a page count by one of four cases (the record
 * is covered, overlapped low, overlapped high, or split), then:
 *   1. its release loop steps from the start by ws_w until the byte count
 *      reaches zero, putting the ws_w / 4096 pages that each step's iova
 *      translates to;
 *   2. it disables every window from the one holding the start to the one
 *      holding the last byte (window arithmetic on the working copy);
 *   3. it trims the record by the same byte arithmetic (records may end up
 *      at an iova that is not page aligned, or empty).
 * Where the loop never reaches zero, or puts pages that are not exactly one
 * window's own, the model stops at a crash point (PERS-4).  Runs with
 * s->big held.
 */
#include "internal.h"

#define PAGE_SHIFT_4K 12

/* More steps than this is the soft lockup: at no less than 5 ns a step the
 * loop runs longer than the 20 s watchdog threshold. */
#define B3_STEPS_ENDLESS (1ull << 32)

/* The reference's iova_to_win(): (int)((iova - start_w) / ws_w). */
static s64 b3_win(const struct t2_backend *be, u64 iova)
{
	return (s64)(s32)(u32)((iova - be->start_w) / be->ws_w);
}

/* How many i in [0, cnt) have base + i * step in [lo, hi], with no wrap of
 * base + i * step over that range. */
static u64 steps_in(u64 base, u64 step, u64 cnt, u64 lo, u64 hi)
{
	u64 first, last;

	if (!cnt || hi < base)
		return 0;
	first = lo <= base ? 0 : (lo - base) / step + ((lo - base) % step != 0);
	last = (hi - base) / step;
	if (last > cnt - 1)
		last = cnt - 1;
	return first > last ? 0 : last - first + 1;
}

/* The first such i (only meaningful when steps_in() is not 0). */
static u64 first_step_in(u64 base, u64 step, u64 lo)
{
	return lo <= base ? 0 : (lo - base) / step + ((lo - base) % step != 0);
}

/* The pin array of DMA window idx, and the link that points at it. */
static struct t2_pins **pins_of(struct t2_backend *be, u64 idx)
{
	struct t2_dmarec *r;
	struct t2_pins **pp;

	for (r = be->recs; r; r = r->next)
		for (pp = &r->pins; *pp; pp = &(*pp)->next)
			if ((*pp)->index == idx)
				return pp;
	return NULL;
}

/* What the release loop does to domain window idx: 0 nothing, 1 puts exactly
 * its own pages once, -1 puts pages it does not own (or its own twice). */
static int step_effect(struct t2_backend *be, u64 idx, u64 start, u64 bytes,
		       struct t2_pins ***pp)
{
	struct t2_domain *d = &be->dom;
	const struct t2_window *w = &d->win[idx];
	u64 ws_w = be->ws_w, cnt = bytes / ws_w, wb = d->start + idx * d->ws;
	u64 we = wb + (d->ws - 1), k, i, x, nwrap;
	bool exact;

	if (w->kind != T2_WIN_DMA || ws_w < OS_PAGE_SIZE)
		return 0; /* free: no translation; MSI: reserved pfns; ws_w/4096 = 0 pages */
	/* the steps run from start, and once past 2^64 on from 0 */
	nwrap = (~start) / ws_w + 1;
	if (nwrap >= cnt) {
		k = steps_in(start, ws_w, cnt, wb, we);
		i = first_step_in(start, ws_w, wb);
		x = start + i * ws_w;
	} else {
		u64 base2 = start + nwrap * ws_w;

		k = steps_in(start, ws_w, nwrap, wb, we);
		i = first_step_in(start, ws_w, wb);
		x = start + i * ws_w;
		if (!k) {
			k = steps_in(base2, ws_w, cnt - nwrap, wb, we);
			x = base2 + first_step_in(base2, ws_w, wb) * ws_w;
		} else {
			k += steps_in(base2, ws_w, cnt - nwrap, wb, we);
		}
	}
	if (!k)
		return 0;
	*pp = pins_of(be, idx);
	if (!*pp)
		return 0;
	exact = k == 1 && ((x - wb) & (w->size - 1)) >> PAGE_SHIFT_4K == 0 &&
		ws_w == (**pp)->len;
	if (!(**pp)->held)
		return exact; /* dropped by a crash point: counted down, nothing more dropped */
	return exact ? 1 : -1;
}

/* Steps 1 and 2 for one (start, pages); *freed counts DMA windows freed. */
static long b3_release(struct t2_sim *s, struct t2_backend *be, u64 start, u64 npages,
		       u64 *freed)
{
	struct t2_domain *d = &be->dom;
	u64 bytes = npages << PAGE_SHIFT_4K, idx;
	struct t2_pins **pp;
	s64 w0, w1, w;

	if (!be->ws_w)
		return t2_crash(s, T2_SW_B3, "UNMAP_DMA divides by a zero window size");
	if (bytes % be->ws_w || bytes / be->ws_w > B3_STEPS_ENDLESS) {
		t2_dma_drop_all_pins(s, be);
		return t2_crash(s, T2_SW_B3,
				"UNMAP_DMA's release loop never ends (soft lockup)");
	}
	t2_lock_dom(s);
	for (idx = 0; bytes && idx < d->n; idx++) {
		if (step_effect(be, idx, start, bytes, &pp) < 0) {
			t2_unlock_dom(s);
			t2_dma_drop_all_pins(s, be);
			return t2_crash(s, T2_SW_B3,
					"UNMAP_DMA releases pages of a window it does not own");
		}
	}
	for (idx = 0; bytes && idx < d->n; idx++) {
		if (step_effect(be, idx, start, bytes, &pp) > 0) {
			struct t2_pins *p = *pp;

			*pp = p->next;
			t2_locked_sub_window(s, p);
			t2_pins_release(s, p);
			be->npins--;
		}
	}
	/* step 2: whatever window lies there, pins released or not */
	w0 = b3_win(be, start);
	w1 = b3_win(be, start + bytes - 1);
	if (w0 < 0)
		w0 = 0;
	if (w1 > (s64)d->n - 1)
		w1 = (s64)d->n - 1;
	for (w = w0; w <= w1; w++) {
		if (d->win[w].kind == T2_WIN_DMA) {
			pp = pins_of(be, (u64)w);
			if (pp) {
				struct t2_pins *p = *pp;

				*pp = p->next;
				be->npins--;
				t2_pins_orphan(s, p); /* never released now */
			}
			(*freed)++;
		}
		t2_dom_win_free(s, d, w);
	}
	t2_unlock_dom(s);
	return 0;
}

/* The record is gone: pins still hung on it have lost their owner. */
static void rec_drop(struct t2_sim *s, struct t2_backend *be, struct t2_dmarec *r)
{
	struct t2_pins *p;

	while ((p = r->pins)) {
		r->pins = p->next;
		be->npins--;
		t2_pins_orphan(s, p);
	}
	t2_rec_unlink(be, r);
	t2_rec_free(be, r);
}

/* The reference's ranges_overlap(). */
static bool b3_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	if (a < b)
		return b - a < alen;
	if (b < a)
		return a - b < blen;
	return alen && blen;
}

/* One record's case; *pages gets the pages it counts as removed. */
static long b3_record(struct t2_sim *s, struct t2_backend *be, struct t2_dmarec *r,
		      u64 u, u64 sz, u64 *pages, u64 *freed)
{
	u64 a = r->iova, n = r->claimed, np_lo, np_hi, ov;
	struct t2_dmarec *nr;
	struct t2_pins **pp, *upper = NULL, **up = &upper;
	long ret;

	if (u <= a && u + sz >= a + n) {
		/* covered: the whole record */
		*pages = n >> PAGE_SHIFT_4K;
		ret = b3_release(s, be, a, *pages, freed);
		if (!ret)
			rec_drop(s, be, r);
		return ret;
	}
	if (u <= a) {
		/* its low part: the record moves up by the overlap in bytes */
		ov = u + sz - a;
		*pages = ov >> PAGE_SHIFT_4K;
		ret = b3_release(s, be, a, *pages, freed);
		if (!ret) {
			r->iova += ov;
			r->claimed -= *pages << PAGE_SHIFT_4K;
		}
		return ret;
	}
	if (u + sz >= a + n) {
		/* its high part */
		ov = a + n - u;
		*pages = ov >> PAGE_SHIFT_4K;
		ret = b3_release(s, be, u, *pages, freed);
		if (!ret)
			r->claimed -= *pages << PAGE_SHIFT_4K;
		return ret;
	}
	/* split: [a, a + lo pages) and [u + sz, u + sz + hi pages) */
	np_lo = (u - a) >> PAGE_SHIFT_4K;
	*pages = sz >> PAGE_SHIFT_4K;
	if (np_lo + *pages > (n >> PAGE_SHIFT_4K)) {
		/* only with u + sz past 2^64: a negative page count for the
		 * upper piece, whose every later walk never ends */
		t2_dma_drop_all_pins(s, be);
		return t2_crash(s, T2_SW_B3, "UNMAP_DMA's release loop never ends (soft lockup)");
	}
	np_hi = (n >> PAGE_SHIFT_4K) - *pages - np_lo;
	nr = t2_rec_spare(be);
	if (!nr)
		return -ENOMEM; /* the reference's kzalloc of the split */
	ret = b3_release(s, be, u, *pages, freed);
	if (ret) {
		t2_rec_free(be, nr);
		return ret;
	}
	r->claimed = np_lo << PAGE_SHIFT_4K;
	nr->iova = u + sz;
	nr->claimed = np_hi << PAGE_SHIFT_4K;
	/* pins are per window; hang the upper windows on the upper piece */
	pp = &r->pins;
	while (*pp) {
		struct t2_pins *p = *pp;

		if (p->iova >= nr->iova) {
			*pp = p->next;
			p->next = NULL;
			*up = p;
			up = &p->next;
		} else {
			pp = &p->next;
		}
	}
	nr->pins = upper;
	t2_rec_insert(be, nr);
	return 0;
}

long t2_dma_unmap_b3(struct t2_sim *s, struct t2_backend *be, u64 u, u64 sz, u64 *freed_bytes)
{
	s64 left = (s64)(sz >> PAGE_SHIFT_4K);
	struct t2_dmarec *r, *next;
	u64 freed = 0, pages;
	long ret;

	for (r = be->recs; r; r = next) {
		next = r->next;
		if (!b3_overlap(r->iova, r->claimed, u, sz))
			continue;
		pages = 0;
		ret = b3_record(s, be, r, u, sz, &pages, &freed);
		if (ret)
			return ret;
		left -= (s64)pages;
		if (!left)
			break;
	}
	*freed_bytes = freed * be->ws_w;
	return 0;
}

long t2_dma_release_walk(struct t2_sim *s, struct t2_backend *be)
{
	struct t2_dmarec *r, *next;
	u64 freed = 0;
	long ret;

	for (r = be->recs; r; r = next) {
		next = r->next;
		ret = b3_release(s, be, r->iova, r->claimed >> PAGE_SHIFT_4K, &freed);
		if (ret)
			return ret;
		rec_drop(s, be, r);
	}
	return 0;
}
