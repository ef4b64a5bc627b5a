/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_mem.c - user memory in the oracle: its own deterministic MEM-1..6
 * allocator, buffers registered by a shadowed backend, the resolver hook, and
 * the MAP-1 row 13/14 backing check.  Physical layout of the oracle's own
 * buffers: a hugepage buffer is one run aligned like its virtual base (MEM-3);
 * page i of a 4K buffer sits at pa + 2*i*4096, so neighbours are never
 * adjacent (MEM-2).  Freed buffers keep their frames while a DMA window
 * still maps them (MEM-5).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "oracle/oracle_int.h"

#define VA_START 0x10000ull		/* MEM-4: [0, 0x10000) is never backed */
#define VA_LIMIT (1ull << 47)
#define PA_START (1ull << 20)
#define PA_LIMIT_NO_RAM (1ull << 62)

void ora_mem_reset(struct t2_oracle *o)
{
	o->nbufs = 0;
	o->next_va = VA_START;
}

void ora_mem_free_all(struct t2_oracle *o)
{
	free(o->bufs);
	o->bufs = NULL;
	o->nbufs = o->capbufs = 0;
}

void t2_oracle_set_resolver(struct t2_oracle *o, t2_oracle_resolve_fn *fn, void *ctx)
{
	o->resolve = fn;
	o->resolve_ctx = ctx;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t roundup_pow2(uint64_t v)
{
	uint64_t p = 1;

	while (p < v)
		p <<= 1;
	return p;
}

static struct ora_buf *find_live(struct t2_oracle *o, uint64_t va)
{
	size_t i;

	for (i = 0; i < o->nbufs; i++) {
		struct ora_buf *b = &o->bufs[i];

		if (b->live && va >= b->va && va - b->va < b->size)
			return b;
	}
	return NULL;
}

static uint64_t buf_phys(const struct ora_buf *b, uint64_t va)
{
	uint64_t off = va - b->va;

	if (b->psz == ORA_PAGE)
		return b->pa + 2 * (off & ~(ORA_PAGE - 1)) + (off & (ORA_PAGE - 1));
	return b->pa + off;
}

static bool pa_pinned(const struct t2_oracle *o, uint64_t pa, uint64_t span)
{
	size_t s;
	uint32_t i;

	for (s = 0; s < T2_ORACLE_MAX_CONTAINERS; s++) {
		const struct ora_ctr *c = o->ctr[s];

		if (!c || !c->used || !c->backend || !c->dma_windows)
			continue;
		for (i = 0; i < c->n; i++)
			if (c->win[i].kind == ORA_WIN_DMA && c->win[i].phys < pa + span &&
			    pa < c->win[i].phys + c->ws)
				return true;
	}
	return false;
}

/* Drop freed buffers whose frames no window pins any more (MEM-5, ACCT-8). */
static void purge(struct t2_oracle *o)
{
	size_t i = 0;

	while (i < o->nbufs) {
		struct ora_buf *b = &o->bufs[i];

		if (!b->live && (!b->has_pa || !pa_pinned(o, b->pa, b->pspan))) {
			memmove(b, b + 1, (o->nbufs - i - 1) * sizeof(*b));
			o->nbufs--;
		} else {
			i++;
		}
	}
}

/* First fit, in address order, among frames of live and still-pinned buffers. */
static int pa_alloc(struct t2_oracle *o, uint64_t span, uint64_t align, uint64_t limit,
		    uint64_t *pa)
{
	uint64_t cand = align_up(PA_START, align);
	size_t i;
	bool moved = true;

	while (moved) {
		moved = false;
		if (cand > limit || span > limit - cand)
			return -ENOMEM;
		for (i = 0; i < o->nbufs; i++) {
			const struct ora_buf *b = &o->bufs[i];

			if (b->has_pa && b->pa < cand + span && cand < b->pa + b->pspan) {
				cand = align_up(b->pa + b->pspan, align);
				if (cand < b->pa)
					return -ENOMEM;
				moved = true;
			}
		}
	}
	*pa = cand;
	return 0;
}

static bool kind_ok(const struct t2_oracle *o, uint64_t psz, bool any_huge)
{
	uint32_t i;

	if (psz == ORA_PAGE)
		return true;
	if (any_huge)
		return ora_is_pow2(psz) && psz > ORA_PAGE && psz <= (1ull << 30);
	for (i = 0; i < T2SIM_MAX_HUGE; i++)
		if (o->p.huge[i] && o->p.huge[i] == psz)
			return true;
	return false;
}

static struct ora_buf *push(struct t2_oracle *o)
{
	if (o->nbufs == o->capbufs) {
		size_t cap = o->capbufs ? o->capbufs * 2 : 16;
		struct ora_buf *nb = realloc(o->bufs, cap * sizeof(*nb));

		if (!nb)
			return NULL;
		o->bufs = nb;
		o->capbufs = cap;
	}
	return &o->bufs[o->nbufs++];
}

/* MEM-3: both bases aligned to the size rounded up to a power of two. */
static uint64_t buf_align(uint64_t size, uint64_t psz)
{
	uint64_t a = roundup_pow2(size);

	if (psz == ORA_PAGE)
		return ORA_PAGE;
	return a > psz ? a : psz;
}

static int place(struct t2_oracle *o, uint64_t va, uint64_t size, uint64_t psz,
		 uint64_t limit)
{
	struct ora_buf nb = { .va = va, .size = size, .psz = psz, .live = true };
	struct ora_buf *b;

	purge(o);
	nb.pspan = psz == ORA_PAGE ? 2 * size : size;
	if (!pa_alloc(o, nb.pspan, buf_align(size, psz), limit, &nb.pa))
		nb.has_pa = true;
	else if (limit != PA_LIMIT_NO_RAM)
		return -ENOMEM;		/* MEM-6: RAM exhausted */
	b = push(o);
	if (!b)
		return -ENOMEM;
	*b = nb;
	return 0;
}

int t2_oracle_buf_alloc(struct t2_oracle *o, uint64_t size, uint64_t page_size,
			uint64_t *vaddr)
{
	uint64_t a, va;
	int r;

	if (!size || !kind_ok(o, page_size, false) || size % page_size || size > (1ull << 46))
		return -EINVAL;
	a = buf_align(size, page_size);
	va = align_up(o->next_va, a);
	if (va > VA_LIMIT || size + ORA_PAGE > VA_LIMIT - va)
		return -ENOMEM;
	r = place(o, va, size, page_size, o->p.ram ? o->p.ram : PA_LIMIT_NO_RAM);
	if (r)
		return r;
	o->next_va = va + size + ORA_PAGE;	/* MEM-4: an unbacked page after each */
	*vaddr = va;
	return 0;
}

static int drop(struct t2_oracle *o, uint64_t vaddr)
{
	struct ora_buf *b = find_live(o, vaddr);

	if (!ora_msic_munmap(o, vaddr))
		return 0; /* an MSI fd's mapping (MSIC-13) */
	if (!b || b->va != vaddr)
		return -EINVAL;
	b->live = false;
	purge(o);
	return 0;
}

int t2_oracle_buf_free(struct t2_oracle *o, uint64_t vaddr)
{
	return drop(o, vaddr);
}

int t2_oracle_buf_register(struct t2_oracle *o, uint64_t vaddr, uint64_t size,
			   uint64_t page_size)
{
	size_t i;

	if (!size || !kind_ok(o, page_size, true) || size % page_size || vaddr % ORA_PAGE ||
	    size > UINT64_MAX - vaddr)
		return -EINVAL;
	for (i = 0; i < o->nbufs; i++) {
		const struct ora_buf *b = &o->bufs[i];

		if (b->live && b->va < vaddr + size && vaddr < b->va + b->size)
			return -EINVAL;
	}
	return place(o, vaddr, size, page_size, PA_LIMIT_NO_RAM);
}

int t2_oracle_buf_unregister(struct t2_oracle *o, uint64_t vaddr)
{
	return drop(o, vaddr);
}

int t2_oracle_resolve(struct t2_oracle *o, uint64_t vaddr, uint64_t *phys,
		      uint32_t *page_size)
{
	const struct ora_buf *b;

	if (o->resolve)
		return o->resolve(o->resolve_ctx, vaddr, phys, page_size);
	b = find_live(o, vaddr);
	if (!b || !b->has_pa) {
		*phys = T2SIM_NOT_BACKED;
		*page_size = 0;
		return 0;
	}
	*phys = buf_phys(b, vaddr);
	*page_size = (uint32_t)b->psz;
	return 0;
}

static uint64_t norm_step(uint32_t psz)
{
	return ora_is_pow2(psz) && psz >= ORA_PAGE ? psz : ORA_PAGE;
}

/*
 * With a resolver: walk the range page run by page run (not page by page).
 * Every run is looked at: a window may reach past its buffer's end into the
 * MEM-4 guard page and on into the next buffer, so no run can be skipped.
 * The walk stays short where it matters: 4K pages are never physically
 * adjacent (MEM-2), so a 4K-backed window fails at its second page.
 */
static int walk(struct t2_oracle *o, uint64_t va, uint64_t len, uint64_t *phys,
		const char **rule)
{
	uint64_t p0, p, off, step;
	uint32_t psz;

	if (o->resolve(o->resolve_ctx, va, &p0, &psz) || p0 == T2SIM_NOT_BACKED)
		goto unbacked;
	step = norm_step(psz);
	off = step - (va & (step - 1));
	while (off < len) {
		if (o->resolve(o->resolve_ctx, va + off, &p, &psz) || p == T2SIM_NOT_BACKED)
			goto unbacked;
		if (p != p0 + off)
			goto discontiguous;
		step = norm_step(psz);
		off += step - ((va + off) & (step - 1));
	}
	if (p0 % len)
		goto discontiguous;
	*phys = p0;
	return 0;
unbacked:
	*rule = "MAP-1.13";
	return -EFAULT;
discontiguous:
	*rule = "MAP-1.14";
	return -EFAULT;
}

int ora_backing(struct t2_oracle *o, uint64_t va, uint64_t len, uint64_t *phys,
		const char **rule)
{
	const struct ora_buf *b;
	uint64_t p0;

	if (o->resolve)
		return walk(o, va, len, phys, rule);
	b = find_live(o, va);
	if (!b || !b->has_pa || len > b->size - (va - b->va)) {
		*rule = "MAP-1.13";
		return -EFAULT;
	}
	p0 = buf_phys(b, va);
	if ((b->psz == ORA_PAGE && len > ORA_PAGE) || p0 % len) {
		*rule = "MAP-1.14";
		return -EFAULT;
	}
	*phys = p0;
	return 0;
}
