/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * msi_c.c - MSI design C, "explicit, through an fd" (spec section MSIC):
 * VFIO_GROUP_GET_MSI_FD, the mmap of an MSI fd, a MAP_DMA whose vaddr lies
 * in such a mapping (the doorbell page becomes an MSI window), UNMAP_DMA of
 * those windows, and revocation when the fd's group leaves its container.
 * With the designs2013 switches C1..C5 (spec MSIC-18).
 *
 * An MSI fd is bound to its group and to the backend instance (by serial
 * number, never by pointer: a released backend's memory may come back) of
 * the container the group was in when the fd was made.  The group counts
 * its departures; a fd made before the last one is revoked for good.  The
 * shims own the mappings (user/umem.c, module/main.c) and answer
 * os_msi_lookup(); the core never sees a mapping disappear, because nothing
 * depends on it (MSIC-13).  Runs with s->big held.
 */
#include "internal.h"

#define RW (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

#define msifd_of_file(f) ((struct t2_msifd *)(f))

_Static_assert(__builtin_offsetof(struct t2_msifd, file) == 0, "file first");

/* MSIC-11: bound to be and not revoked (C1: departures ignored; C4: any
 * backend will do). */
static bool msifd_bound(const struct t2_sim *s, const struct t2_msifd *m,
			const struct t2_backend *be)
{
	if (!t2_sw(s, T2_DSW(C1)) && m->leaves != m->g->leaves)
		return false;
	return t2_sw(s, T2_DSW(C4)) || m->be_serial == be->serial;
}

/* MSIC-11 for mmap: the fd's group is still where the fd was made. */
static bool msifd_revoked(const struct t2_sim *s, const struct t2_msifd *m)
{
	const struct t2_container *c = m->g->container;

	if (t2_sw(s, T2_DSW(C1)))
		return false;
	return m->leaves != m->g->leaves || !c || !c->be || c->be->serial != m->be_serial;
}

/* The doorbell page of bank b (MSI-3, PLAT-5).  C2 lets b reach beyond the
 * banks; the implementer's arithmetic then steps from bank 0's page. */
static u64 msic_doorbell(const struct t2_sim *s, u32 bank)
{
	if (bank < s->plat.msi_banks)
		return t2_dom_doorbell(s, bank);
	return t2_dom_doorbell(s, 0) + (u64)bank * OS_PAGE_SIZE;
}

/* MSIC-3 */
long t2h_VFIO_GROUP_GET_MSI_FD(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_group *g = call->g;
	struct t2_msifd *m;
	int r, fd;

	if (!g->container || !g->container->be)
		return -EINVAL;
	if (!s->plat.msi_banks)
		return -ENODEV;
	m = t2_fault_alloc(s, sizeof(*m), &r); /* FAIL-1: MSI file */
	if (!m)
		return r;
	m->file.kind = T2_FILE_MSI;
	m->g = g;
	m->leaves = g->leaves;
	m->be_serial = g->container->be->serial;
	fd = os_fd_install(s->env, &m->file);
	if (fd < 0) {
		os_free(m);
		return fd;
	}
	call->a.msifd.banks = s->plat.msi_banks;
	t2_out(call, 0, 8, 4);
	return fd;
}

void t2_msic_close(struct t2_sim *s, struct t2_file *f)
{
	(void)s;
	os_free(msifd_of_file(f)); /* MSIC-13: no window depends on it */
}

/* MSIC-5 */
int t2_msi_mmap(struct t2_sim *s, struct t2_file *f, u64 offset, u64 len,
		u32 prot, u32 flags, u32 *bank)
{
	struct t2_msifd *m = msifd_of_file(f);
	int r = 0;

	if (f->kind != T2_FILE_MSI)
		return -ENODEV;
	t2_big_lock(s->env, s->big, T2_LS_IOCTL);
	if (!(flags & T2_MMAP_SHARED))
		r = -EINVAL;
	else if (!len || (len + OS_PAGE_SIZE - 1) / OS_PAGE_SIZE != 1)
		r = -EINVAL;
	else if (offset % OS_PAGE_SIZE ||
		 (!t2_sw(s, T2_DSW(C2)) && offset / OS_PAGE_SIZE >= s->plat.msi_banks) ||
		 offset / OS_PAGE_SIZE > 0xffffffffull)
		r = -EINVAL;
	else if (prot & ~(u32)(T2_PROT_READ | T2_PROT_WRITE))
		r = -EINVAL;
	else if (msifd_revoked(s, m))
		r = -ENODEV;
	else
		*bank = (u32)(offset / OS_PAGE_SIZE);
	t2_big_unlock(s->env, s->big, T2_LS_IOCTL);
	return r;
}

/* Drop every MSI window of be made through an MSI fd of group gi + 1 (0:
 * every such window) whose record lies in [lo, hi]; returns the windows freed.
 * s->dom held. */
static u64 drop_msi(struct t2_sim *s, struct t2_backend *be, u32 src, u64 lo, u64 hi)
{
	struct t2_domain *d = &be->dom;
	u64 n = 0;
	u32 i;

	for (i = 0; i < be->msi_top; i++) {
		struct t2_msirec *r = &be->msi[i];
		u64 idx;

		if (!r->used || !r->src || (src && r->src != src) || r->iova < lo || r->iova > hi)
			continue;
		if (be->ws_w) {
			idx = (r->iova - be->start_w) / be->ws_w;
			if (idx < d->n && d->win[idx].kind == T2_WIN_MSI) {
				t2_dom_win_free(s, d, (s64)idx);
				n++;
			}
		}
		r->used = 0;
	}
	return n;
}

/* MSIC-10: UNMAP_DMA frees the MSI windows of its range too (not under C5,
 * which keeps design D's UNMAP-2).  Returns the windows freed. */
static u64 msic_unmap(struct t2_sim *s, struct t2_backend *be, u64 lo, u64 hi)
{
	u64 n;

	if (t2_sw(s, T2_DSW(C5)))
		return 0;
	t2_lock_dom(s);
	n = drop_msi(s, be, 0, lo, hi);
	t2_unlock_dom(s);
	return n;
}

/* MSIC-11: g leaves c; its MSI windows there go (not under C1), and every
 * fd of it made before now is revoked (g->leaves, read by msifd_bound). */
static void msic_group_leaves(struct t2_sim *s, struct t2_container *c, struct t2_group *g)
{
	g->leaves++;
	if (!c->be || t2_sw(s, T2_DSW(C1)))
		return;
	t2_lock_dom(s);
	drop_msi(s, c->be, g->index + 1, 0, ~0ull);
	t2_unlock_dom(s);
}

/* MSIC-7 row d: a window of [first, first + nwin) is valid. */
static bool range_busy(const struct t2_domain *d, u64 first, u64 nwin)
{
	u64 i;

	for (i = 0; i < nwin && first + i < d->n; i++)
		if (d->win[first + i].kind != T2_WIN_FREE)
			return true;
	return false;
}

/* A free record slot, or T2_MSI_SLOTS (s->dom held). */
static u32 msi_slot(struct t2_backend *be)
{
	u32 slot;

	for (slot = 0; slot < T2_MSI_SLOTS && be->msi[slot].used; slot++)
		;
	if (slot < T2_MSI_SLOTS && slot >= be->msi_top)
		be->msi_top = slot + 1;
	return slot;
}

/*
 * MSIC-7, MSIC-8: MAP_DMA of [vaddr, vaddr + size) where vaddr lies in a
 * mapping of MSI fd f (bank, mapped with mprot).  MAP-1 rows 1 to 10 passed.
 * C3 maps every window of the call like RAM, ws bytes of CCSR from the
 * doorbell page on.
 */
static long map_msi(struct t2_call *call, struct t2_file *f, u32 bank, u32 mprot,
		    u64 iova, u64 size, u32 prot)
{
	struct t2_sim *s = call->s;
	struct t2_backend *be = call->be;
	struct t2_domain *d = &be->dom;
	struct t2_msifd *m = msifd_of_file(f);
	bool c3 = t2_sw(s, T2_DSW(C3));
	u64 ws = be->ws_w, first = (iova - be->start_w) / ws, nwin = size / ws, k;
	u32 slots[T2_WIN_CAP];
	int r = 0;

	if (!c3 && size != ws)
		return -EINVAL; /* row a */
	if (f->kind != T2_FILE_MSI || !msifd_bound(s, m, be))
		return -EINVAL; /* row b */
	if (nwin > T2_WIN_CAP)
		return -EINVAL; /* only C3 gets here: more windows than any n */
	t2_lock_dom(s);
	if (range_busy(d, first, nwin))
		r = -EBUSY; /* row c: MAP-1 row 11 */
	else if (bank < s->plat.msi_banks && t2_msi_bank_taken(s, call->c, be, bank))
		r = -EBUSY; /* row d: MSI-2 rows 10, 11 */
	t2_unlock_dom(s);
	if (r)
		return r;
	if (((prot & VFIO_DMA_MAP_FLAG_READ) && !(mprot & T2_PROT_READ)) ||
	    ((prot & VFIO_DMA_MAP_FLAG_WRITE) && !(mprot & T2_PROT_WRITE)))
		return -EFAULT; /* row e */
	for (k = 0; k < nwin; k++) {
		struct t2_window w;

		os_memset(&w, 0, sizeof(w));
		w.kind = T2_WIN_MSI;
		w.prot = prot;
		w.bank = bank;
		w.phys = msic_doorbell(s, bank) + (c3 ? k * ws : 0);
		w.size = c3 ? ws : OS_PAGE_SIZE;
		t2_lock_dom(s);
		r = t2_dom_win_program(s, d, (s64)(first + k), &w); /* programming site */
		t2_unlock_dom(s);
		if (!r) {
			r = t2_fault_site(s); /* record site */
			t2_lock_dom(s);
			slots[k] = r ? T2_MSI_SLOTS : msi_slot(be);
			if (slots[k] < T2_MSI_SLOTS)
				be->msi[slots[k]].used = 2; /* reserved until the commit */
			else
				t2_dom_win_free(s, d, (s64)(first + k));
			t2_unlock_dom(s);
			if (!r && slots[k] == T2_MSI_SLOTS)
				r = -ENOMEM;
		}
		if (r) {
			/* MAP-5: undo the earlier windows of the call */
			t2_lock_dom(s);
			while (k-- > 0) {
				t2_dom_win_free(s, d, (s64)(first + k));
				be->msi[slots[k]].used = 0;
			}
			t2_unlock_dom(s);
			return r;
		}
	}
	for (k = 0; k < nwin; k++) {
		struct t2_msirec *rec = &be->msi[slots[k]];

		rec->bank = bank;
		rec->prot = prot;
		rec->iova = iova + k * ws;
		rec->src = m->g->index + 1;
		rec->used = 1;
	}
	return 0; /* MSIC-8: no pins, no locked pages, enabled state unchanged */
}

/*
 * MAP_DMA's hook: 1 when vaddr lies in no MSI mapping (a RAM map goes on),
 * else the MSI map's result.
 */
static long msic_map_vaddr(struct t2_call *call, u64 vaddr, u64 iova, u64 size, u32 prot)
{
	struct t2_file *f;
	u32 bank, mprot;

	if (os_msi_lookup(call->s->env, vaddr, &f, &bank, &mprot))
		return 1;
	return map_msi(call, f, bank, mprot, iova, size, prot & RW);
}

/* The design table's row (design.c): D's bank ioctls are not offered
 * (MSIC-15), GET_MSI_FD is (MSIC-1). */
const struct t2_design_ops t2_design_c = {
	.letter = "C",
	.hidden = (1u << 18) | (1u << 19),
	.offers = 1u << 20,
	.map_vaddr = msic_map_vaddr,
	.unmap = msic_unmap,
	.group_leaves = msic_group_leaves,
};
