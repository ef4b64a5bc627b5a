/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * attr.c - PAMU_GET_ATTR and PAMU_SET_ATTR: geometry, windows, stash
 * (ATTR-*, GEOM-*, WIN-*, STASH-*), with SDK-B1, B2, B11, B12, B16, L3.
 *
 * Domain checks and commits run under s->dom.  The working copy (PERS-5) is
 * written by the VFIO layer around them; under SDK-B8 those writes are the
 * unprotected read-modify-write steps, with a yield point in between.
 */
#include "internal.h"

#define for_each_bit(i, mask) \
	for ((i) = 0; (i) < 64; (i)++) \
		if ((mask) & (1ull << (i)))

/*
 * SDK-B16: the reference's VFIO layer passes the domain a stash struct whose
 * `window` it never set, and the domain indexes its window table with it.
 * The model's stand-in for that stack garbage (spec 19.3): SET writes window
 * (cpu + cache) mod n, GET reads window n - 1.
 */
static u32 b16_set_window(const struct t2_domain *d, u32 cpu, u32 cache)
{
	return (u32)(((u64)cpu + cache) % d->n);
}

static u32 b16_get_window(const struct t2_domain *d)
{
	return d->n - 1;
}

/* ------------------------------------------------------------ GET_ATTR */
long t2h_VFIO_IOMMU_PAMU_GET_ATTR(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct vfio_pamu_attr *a = &call->a.attr;
	struct t2_domain *d = &call->be->dom;
	long r = 0;

	t2_lock_dom(s);
	switch (a->attribute) {
	case VFIO_ATTR_GEOMETRY:
		a->attr_info.attr.aperture_start = d->start;
		a->attr_info.attr.aperture_end = d->end;
		t2_out(call, 0, 16, 16);
		break;
	case VFIO_ATTR_WINDOWS:
		a->attr_info.windows = d->n ? d->n : s->plat.max_windows; /* WIN-1 */
		t2_out(call, 0, 16, 4);
		break;
	case VFIO_ATTR_PAMU_STASH:
		if (t2_sw(s, T2_SW_B16)) {
			const struct t2_window *w;

			if (!d->win) {
				t2_unlock_dom(s);
				return t2_crash(s, T2_SW_B16,
						"GET_ATTR(PAMU_STASH) indexes a window table that does not exist");
			}
			w = &d->win[b16_get_window(d)];
			a->attr_info.stash.cpu = w->stash_cpu;
			a->attr_info.stash.cache = w->stash_cache;
		} else {
			a->attr_info.stash.cpu = d->stash_cpu; /* STASH-4 */
			a->attr_info.stash.cache = d->stash_cache;
		}
		t2_out(call, 0, 16, 8);
		break;
	default:
		r = -EINVAL; /* ATTR-1 row 4 */
		break;
	}
	t2_unlock_dom(s);
	return r;
}

/* ------------------------------------------------------------ geometry */
/* GEOM-2 */
static int geom_check(u64 start, u64 end)
{
	u64 size;

	if (end < start)
		return -EINVAL;
	if (start == 0 && end == ~0ull)
		return -EINVAL;
	size = end - start + 1;
	if (!t2_pow2(size) || size < OS_PAGE_SIZE)
		return -EINVAL;
	if (start % size)
		return -EINVAL;
	return 0;
}

static void wc_store_geometry(struct t2_call *call, u64 start, u64 end)
{
	struct t2_backend *be = call->be;

	be->start_w = start;
	T2_B8_STEP(call, B8_GEOMETRY);
	be->end_w = end;
}

static long set_geometry(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	struct t2_domain *d = &be->dom;
	u64 start = call->a.attr.attr_info.attr.aperture_start;
	u64 end = call->a.attr.attr_info.attr.aperture_end;
	bool b1 = t2_sw(s, T2_SW_B1);
	u32 i;
	int r;

	if (b1)
		wc_store_geometry(call, start, end); /* B1(a): before any check */
	t2_lock_dom(s);
	r = geom_check(start, end);
	if (!r && (b1 ? d->enabled : t2_dom_any_valid(d)))
		r = -EBUSY; /* GEOM-3; B1(b): only while enabled */
	if (!r)
		T2_COMMIT(call, GEOMETRY_COMMIT);
	if (!r) {
		d->geom_set = true;
		d->start = start;
		d->end = end;
		if (b1) {
			/* B1(c): n, windows and SPAACEs stay; the domain ws follows S */
			if (d->n)
				d->ws = (end - start + 1) / d->n;
		} else {
			/* GEOM-4 */
			os_free(d->win);
			d->win = NULL;
			d->n = 0;
			d->ws = 0;
			for_each_bit(i, d->linked) {
				s->spaace_used -= d->link_spaaces[i];
				d->link_spaaces[i] = 0;
			}
			t2_dom_program(s, d);
		}
	}
	t2_unlock_dom(s);
	if (!r && !b1) {
		wc_store_geometry(call, start, end);
		be->ws_w = 0;
		be->taint = 0;
	}
	return r;
}

/* ------------------------------------------------------------ windows */
/* SDK-B12(a): SPAACEs LIODN by LIODN; no WIN-6. */
static int windows_b12(struct t2_sim *s, struct t2_domain *d, u32 per)
{
	bool b11 = t2_sw(s, T2_SW_B11);
	u32 i;
	int r;

	for_each_bit(i, d->linked) {
		if (!b11) {
			s->spaace_used -= d->link_spaaces[i];
			d->link_spaaces[i] = 0;
		}
		if (per) {
			if (s->plat.spaace_pool - s->spaace_used < per)
				return -EINVAL;
			d->link_spaaces[i] += per;
			s->spaace_used += per;
		}
		r = t2_fault_site(s); /* programming */
		if (r) {
			d->link_spaaces[i] -= per;
			s->spaace_used -= per;
			return r;
		}
	}
	return 0;
}

/* WIN-2..WIN-7 on the domain (s->dom held). */
static int dom_set_windows(struct t2_sim *s, struct t2_domain *d, u32 n)
{
	bool l3 = t2_sw(s, T2_SW_L3), b11 = t2_sw(s, T2_SW_B11);
	bool busy = b11 ? d->enabled : t2_dom_any_valid(d);
	u32 maxn = s->plat.max_windows < T2_WIN_CAP ? s->plat.max_windows : T2_WIN_CAP;
	u32 per = n > 1 ? n - 1 : 0;
	struct t2_window *win;
	u64 ws;
	u32 i;
	int r;

	if (l3 && busy)
		return -EBUSY; /* SDK-L3: WIN-5 first */
	if (!t2_pow2(n) || n > maxn)
		return -EINVAL; /* WIN-2 */
	if (!d->geom_set)
		return -EINVAL; /* WIN-3 */
	ws = (d->end - d->start + 1) / n;
	if (ws < OS_PAGE_SIZE)
		return -EINVAL; /* WIN-4 */
	if (busy)
		return -EBUSY; /* WIN-5 */
	if (t2_sw(s, T2_SW_B12)) {
		r = windows_b12(s, d, per);
		if (r)
			return r;
	} else {
		u64 avail = s->plat.spaace_pool - s->spaace_used;

		if (!b11)
			avail += t2_dom_spaaces(d);
		if ((u64)per * os_popcount64(d->linked) > avail)
			return -ENOSPC; /* WIN-6 */
		for_each_bit(i, d->linked) {
			r = t2_fault_site(s); /* programming */
			if (r)
				return r;
		}
	}
	win = t2_fault_alloc(s, sizeof(*win) * n, &r); /* window table */
	if (!win)
		return r;
	/* WIN-7 */
	os_free(d->win);
	d->win = win;
	d->n = n;
	d->ws = ws;
	if (!t2_sw(s, T2_SW_B12)) {
		for_each_bit(i, d->linked) {
			if (!b11) {
				s->spaace_used -= d->link_spaaces[i];
				d->link_spaaces[i] = 0;
			}
			d->link_spaaces[i] += per;
			s->spaace_used += per;
		}
	}
	t2_dom_program(s, d);
	return 0;
}

/* ws_w = (end_w - start_w + 1) / n: read, (B8: yield), write. */
static void wc_store_ws(struct t2_call *call, u32 n)
{
	struct t2_backend *be = call->be;
	u64 ws = (be->end_w - be->start_w + 1) / n;

	T2_B8_STEP(call, B8_WINDOWS);
	be->ws_w = ws;
}

static long set_windows(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	u32 n = call->a.attr.attr_info.windows;
	bool b2 = t2_sw(s, T2_SW_B2);
	int r;

	if (b2) {
		if (n > T2_WIN_CAP)
			return -EINVAL; /* B2(a): refused first, nothing changed */
		if (!n)
			return t2_crash(s, T2_SW_B2,
					"SET_ATTR(WINDOWS) divides the aperture by zero windows");
		wc_store_ws(call, n); /* B2(a): cached before validation */
		be->taint = T2_SW_B2;
	}
	t2_lock_dom(s);
	r = dom_set_windows(s, &be->dom, n);
	t2_unlock_dom(s);
	if (!r)
		T2_COMMIT(call, WINDOWS_COMMIT);
	if (!r && !b2) {
		wc_store_ws(call, n);
		/* equal in spec; differs only after SDK-B1 stored a rejected aperture */
		be->taint = be->ws_w != be->dom.ws ? T2_SW_B1 : 0;
	}
	return r;
}

/* ------------------------------------------------------------ stash */
static long set_stash(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_domain *d = &call->be->dom;
	u32 cpu = call->a.attr.attr_info.stash.cpu;
	u32 cache = call->a.attr.attr_info.stash.cache;
	u32 i;
	int r = 0;

	t2_lock_dom(s);
	if (t2_sw(s, T2_SW_L3) && !d->n)
		r = -ENODEV; /* SDK-L3: before STASH-1 */
	else if (cache < PAMU_ATTR_CACHE_L1 || cache > PAMU_ATTR_CACHE_L3)
		r = -EINVAL; /* STASH-1 */
	else if (cache != PAMU_ATTR_CACHE_L3 && cpu >= s->plat.cpus)
		r = -EINVAL; /* STASH-1 */
	else if (!d->n)
		r = -ENODEV; /* STASH-2 */
	for_each_bit(i, d->linked) {
		if (r)
			break;
		r = t2_fault_site(s); /* programming */
	}
	if (!r)
		os_sched_point(s->env, T2_PT_STASH_COMMIT);
	if (!r && t2_sw(s, T2_SW_B16)) {
		struct t2_window *w = &d->win[b16_set_window(d, cpu, cache)];

		w->stash_cpu = cpu; /* B16: one window, not the domain */
		w->stash_cache = cache;
	} else if (!r) {
		d->stash_cpu = cpu; /* STASH-3 */
		d->stash_cache = cache;
	}
	t2_unlock_dom(s);
	return r;
}

long t2h_VFIO_IOMMU_PAMU_SET_ATTR(struct t2_call *call)
{
	switch (call->a.attr.attribute) {
	case VFIO_ATTR_GEOMETRY:
		return set_geometry(call);
	case VFIO_ATTR_WINDOWS:
		return set_windows(call);
	case VFIO_ATTR_PAMU_STASH:
		return set_stash(call);
	default:
		return -EINVAL; /* ATTR-1 row 4 */
	}
}
