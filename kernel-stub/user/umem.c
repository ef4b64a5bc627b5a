/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * umem.c - the simulated user address space (MEM-1..MEM-6).
 *
 * A buffer is bookkeeping only: a virtual range, one physical run, a kind
 * (4096 or a hugepage size) and a pin count.  Layout, all deterministic:
 *  - virtual: ascending from 0x10000000, never reused; 4K buffers 64 KiB
 *    aligned, hugepage buffers aligned to their size rounded up to a power
 *    of two (at least the hugepage size); one unbacked guard page after each;
 *  - physical: a 4K buffer of N pages owns a run of 2N frames and uses
 *    every other one (page k at run + 2k * 4096), so virtually adjacent
 *    pages are never physically adjacent; runs of 4K buffers are placed
 *    from 1 MiB upwards, hugepage runs from the top of RAM downwards at
 *    their alignment; runs never overlap, so no normal page lies inside a
 *    hugepage frame;
 *  - a freed buffer loses its virtual range at once; its run stays reserved
 *    until its last pin goes (MEM-5, ACCT-8).
 * Pins are counted per buffer, never per page: pinning a 1 GiB window costs
 * the same as pinning 4 KiB.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "umem.h"

#define PG 4096ull
#define VBASE 0x10000000ull
#define VLIMIT (1ull << 47)
#define PHYS_LOW 0x100000ull
#define ALIGN_4K_BUF 0x10000ull

struct ubuf {
	uint64_t va, size;      /* virtual range */
	uint64_t pa, plen;      /* physical run */
	uint64_t kind;          /* page size: 4096 or a hugepage size */
	uint64_t pins;
	bool live;
};

/* A mapping of an MSI fd (MSIC-5): one page, no frame, no CPU access. */
struct umsi {
	uint64_t va;
	void *file;             /* the core's file object */
	uint32_t bank, prot;
	bool closed;            /* its fd is closed: the last munmap closes the file */
};

struct umem {
	pthread_mutex_t lock;
	struct umsi *msi;       /* ascending va */
	uint32_t nmsi, capmsi;
	uint64_t ram;
	uint64_t huge[T2SIM_MAX_HUGE];
	uint64_t vnext;
	struct ubuf **live;     /* ascending va */
	uint32_t nlive, caplive;
	struct ubuf **runs;     /* every buffer holding a run, ascending pa */
	uint32_t nruns, capruns;
};

int umem_create(struct umem **out, const struct t2sim_platform *p)
{
	struct umem *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	pthread_mutex_init(&m->lock, NULL);
	m->ram = p->ram;
	memcpy(m->huge, p->hugepage_sizes, sizeof(m->huge));
	m->vnext = VBASE;
	*out = m;
	return 0;
}

void umem_destroy(struct umem *m)
{
	uint32_t i;

	if (!m)
		return;
	for (i = 0; i < m->nruns; i++)
		free(m->runs[i]);
	free(m->runs);
	free(m->live);
	free(m->msi);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

/* Back to umem_create()'s state: every buffer gone, pinned or not (the
 * caller holds no pin), the next vaddr at VBASE; the arrays keep their room. */
void umem_reset(struct umem *m)
{
	uint32_t i;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->nruns; i++)
		free(m->runs[i]);
	m->nruns = 0;
	m->nlive = 0;
	m->nmsi = 0;
	m->vnext = VBASE;
	pthread_mutex_unlock(&m->lock);
}

static uint64_t pow2_ceil(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p)
		p <<= 1;
	return p;
}

static int grow(struct ubuf ***arr, uint32_t *cap, uint32_t n)
{
	struct ubuf **a;
	uint32_t c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 16;
	a = realloc(*arr, sizeof(*a) * c);
	if (!a)
		return -ENOMEM;
	*arr = a;
	*cap = c;
	return 0;
}

static void arr_insert(struct ubuf **arr, uint32_t *n, uint32_t at, struct ubuf *b)
{
	memmove(arr + at + 1, arr + at, sizeof(*arr) * (*n - at));
	arr[at] = b;
	(*n)++;
}

static void arr_remove(struct ubuf **arr, uint32_t *n, struct ubuf *b)
{
	uint32_t i;

	for (i = 0; i < *n; i++) {
		if (arr[i] == b) {
			memmove(arr + i, arr + i + 1, sizeof(*arr) * (*n - i - 1));
			(*n)--;
			return;
		}
	}
}

/*
 * A physical run of len bytes at alignment align: the lowest fit at or
 * above PHYS_LOW (up) or the highest fit (!up).  Returns the index in runs[]
 * where it goes, or -1.
 */
static int64_t place_run(struct umem *m, uint64_t len, uint64_t align, bool up,
			 uint64_t *pa)
{
	uint32_t i;

	if (up) {
		uint64_t cur = PHYS_LOW;

		for (i = 0; i <= m->nruns; i++) {
			uint64_t gap_end = i < m->nruns ? m->runs[i]->pa : m->ram;
			uint64_t a = (cur + align - 1) & ~(align - 1);

			if (a >= cur && a <= gap_end && gap_end - a >= len) {
				*pa = a;
				return i;
			}
			if (i < m->nruns && m->runs[i]->pa + m->runs[i]->plen > cur)
				cur = m->runs[i]->pa + m->runs[i]->plen;
		}
		return -1;
	}
	for (i = m->nruns + 1; i-- > 0;) {
		uint64_t gap_start = i ? m->runs[i - 1]->pa + m->runs[i - 1]->plen : 0;
		uint64_t gap_end = i < m->nruns ? m->runs[i]->pa : m->ram;
		uint64_t a;

		if (gap_end < gap_start || gap_end - gap_start < len)
			continue;
		a = (gap_end - len) & ~(align - 1);
		if (a >= gap_start) {
			*pa = a;
			return i;
		}
	}
	return -1;
}

static bool valid_kind(const struct umem *m, uint64_t page_size)
{
	uint32_t i;

	if (page_size == PG)
		return true;
	for (i = 0; i < T2SIM_MAX_HUGE; i++)
		if (m->huge[i] && m->huge[i] == page_size)
			return true;
	return false;
}

/* The physical side of a buffer of size bytes of page_size pages (see the top). */
static void run_shape(uint64_t size, uint64_t page_size, uint64_t *plen, uint64_t *palign)
{
	if (page_size == PG) {
		*plen = size * 2;
		*palign = 2 * PG;
	} else {
		*palign = pow2_ceil(size) < page_size ? page_size : pow2_ceil(size);
		*plen = size;
	}
}

/* The index in live[] of the first buffer ending after va (ascending va). */
static uint32_t live_from(struct umem *m, uint64_t va)
{
	uint32_t lo = 0, hi = m->nlive;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (m->live[mid]->va + m->live[mid]->size <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Records b as the live buffer va..va+size of page_size pages on a physical
 * run of plen bytes aligned to palign: at the end of m->live (va_last: no
 * live buffer lies above va) or at its place.  m->lock held; -ENOMEM when no
 * run fits.
 */
static int place_buf_locked(struct umem *m, struct ubuf *b, uint64_t va, uint64_t size,
			    uint64_t page_size, uint64_t plen, uint64_t palign, bool va_last)
{
	uint64_t pa;
	int64_t at;

	at = place_run(m, plen, palign, page_size == PG, &pa);
	if (at < 0)
		return -ENOMEM;
	if (grow(&m->runs, &m->capruns, m->nruns) || grow(&m->live, &m->caplive, m->nlive))
		return -ENOMEM;
	b->va = va;
	b->size = size;
	b->pa = pa;
	b->plen = plen;
	b->kind = page_size;
	b->live = true;
	arr_insert(m->runs, &m->nruns, (uint32_t)at, b);
	arr_insert(m->live, &m->nlive, va_last ? m->nlive : live_from(m, va), b);
	return 0;
}

int umem_alloc(struct umem *m, uint64_t size, uint64_t page_size, uint64_t *vaddr)
{
	uint64_t valign, palign, plen, va;
	struct ubuf *b;
	int r = -ENOMEM;

	if (!size || !valid_kind(m, page_size) || size % page_size)
		return -EINVAL;
	if (page_size == PG) {
		if (size > m->ram / 2)
			return -ENOMEM;
		plen = size * 2;
		palign = 2 * PG;
		valign = ALIGN_4K_BUF;
	} else {
		palign = pow2_ceil(size);
		if (!palign)
			return -ENOMEM;
		if (palign < page_size)
			palign = page_size;
		plen = size;
		valign = palign;
	}
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	pthread_mutex_lock(&m->lock);
	va = (m->vnext + valign - 1) & ~(valign - 1);
	if (va >= m->vnext && va < VLIMIT && VLIMIT - va >= size + PG)
		r = place_buf_locked(m, b, va, size, page_size, plen, palign, true);
	if (!r) {
		m->vnext = va + size + PG;            /* MEM-4: guard page */
		*vaddr = va;
	}
	pthread_mutex_unlock(&m->lock);
	if (r)
		free(b);
	return r;
}

/* The live buffer containing va, by binary search; NULL if unbacked. */
static struct ubuf *find_live(struct umem *m, uint64_t va)
{
	uint32_t lo = 0, hi = m->nlive;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		struct ubuf *b = m->live[mid];

		if (va < b->va)
			hi = mid;
		else if (va - b->va >= b->size)
			lo = mid + 1;
		else
			return b;
	}
	return NULL;
}

static void reclaim(struct umem *m, struct ubuf *b)
{
	arr_remove(m->runs, &m->nruns, b);
	free(b);
}

int umem_free(struct umem *m, uint64_t vaddr)
{
	struct ubuf *b;
	int r = -EINVAL;

	pthread_mutex_lock(&m->lock);
	b = find_live(m, vaddr);
	if (b && b->va == vaddr) {
		arr_remove(m->live, &m->nlive, b);
		b->live = false;
		if (!b->pins)
			reclaim(m, b);
		r = 0;
	}
	pthread_mutex_unlock(&m->lock);
	return r;
}

static uint64_t page_phys(const struct ubuf *b, uint64_t va)
{
	uint64_t off = va - b->va;

	if (b->kind == PG)
		return b->pa + (off / PG) * 2 * PG + (off % PG);
	return b->pa + off;
}

void umem_pin(struct umem *m, uint64_t vaddr, uint64_t len, struct os_pin *pin)
{
	struct ubuf *b;

	memset(pin, 0, sizeof(*pin));
	pthread_mutex_lock(&m->lock);
	b = find_live(m, vaddr);
	if (!b) {
		pin->status = OS_PIN_UNBACKED;
	} else {
		uint64_t avail = b->va + b->size - vaddr;

		pin->token = (uint64_t)(uintptr_t)b;
		pin->phys = page_phys(b, vaddr);
		if (len > avail) {
			pin->npages = avail / PG;
			pin->status = OS_PIN_UNBACKED;
		} else {
			pin->npages = len / PG;
			pin->status = (b->kind > PG || len == PG) ? OS_PIN_OK : OS_PIN_NONCONTIG;
		}
		b->pins += pin->npages;
	}
	pthread_mutex_unlock(&m->lock);
}

void umem_unpin(struct umem *m, const struct os_pin *pin, uint64_t count)
{
	struct ubuf *b = (struct ubuf *)(uintptr_t)pin->token;

	if (!b || !count)
		return;
	pthread_mutex_lock(&m->lock);
	b->pins -= count < b->pins ? count : b->pins;
	if (!b->live && !b->pins)
		reclaim(m, b);
	pthread_mutex_unlock(&m->lock);
}

int umem_resolve(struct umem *m, uint64_t vaddr, uint64_t *phys, uint32_t *page_size)
{
	struct ubuf *b;
	int r = -EFAULT;

	pthread_mutex_lock(&m->lock);
	b = find_live(m, vaddr);
	if (b) {
		*phys = page_phys(b, vaddr);
		*page_size = (uint32_t)b->kind;
		r = 0;
	}
	pthread_mutex_unlock(&m->lock);
	return r;
}

/* Forget every live buffer overlapping [va, va + len); m->lock held. */
static void forget_locked(struct umem *m, uint64_t va, uint64_t len)
{
	uint32_t i = live_from(m, va);

	while (i < m->nlive && m->live[i]->va < va + len) {
		struct ubuf *b = m->live[i];

		arr_remove(m->live, &m->nlive, b);
		b->live = false;
		if (!b->pins)
			reclaim(m, b);
	}
}

void umem_forget(struct umem *m, uint64_t va, uint64_t len)
{
	pthread_mutex_lock(&m->lock);
	forget_locked(m, va, len);
	pthread_mutex_unlock(&m->lock);
}

int umem_adopt(struct umem *m, uint64_t va, uint64_t size, uint64_t page_size)
{
	uint64_t plen, palign;
	struct ubuf *b;
	int r = -ENOMEM;

	if (!size || !valid_kind(m, page_size) || size % page_size || va % page_size ||
	    va + size < va)
		return -EINVAL;
	run_shape(size, page_size, &plen, &palign);
	if (!palign || (page_size == PG && size > m->ram / 2))
		return -ENOMEM;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	pthread_mutex_lock(&m->lock);
	forget_locked(m, va, size);     /* a mapping replaces what was there */
	r = place_buf_locked(m, b, va, size, page_size, plen, palign, false);
	pthread_mutex_unlock(&m->lock);
	if (r)
		free(b);
	return r;
}

/* ------------------------------------------------------------ MSI fd mappings */
int umem_msi_map(struct umem *m, void *file, uint32_t bank, uint32_t prot, uint64_t *vaddr)
{
	uint64_t va;
	int r = -ENOMEM;

	pthread_mutex_lock(&m->lock);
	va = (m->vnext + ALIGN_4K_BUF - 1) & ~(ALIGN_4K_BUF - 1);
	if (va >= VLIMIT - 2 * PG)
		goto out;
	if (m->nmsi == m->capmsi) {
		uint32_t c = m->capmsi ? m->capmsi * 2 : 8;
		struct umsi *a = realloc(m->msi, sizeof(*a) * c);

		if (!a)
			goto out;
		m->msi = a;
		m->capmsi = c;
	}
	m->msi[m->nmsi].va = va;        /* va only grows: stays ascending */
	m->msi[m->nmsi].file = file;
	m->msi[m->nmsi].bank = bank;
	m->msi[m->nmsi].prot = prot;
	m->msi[m->nmsi].closed = false;
	m->nmsi++;
	m->vnext = va + 2 * PG;         /* one page and its guard page (MEM-4) */
	*vaddr = va;
	r = 0;
out:
	pthread_mutex_unlock(&m->lock);
	return r;
}

/* The index of the mapping holding va, or nmsi; m->lock held. */
static uint32_t msi_find(const struct umem *m, uint64_t va)
{
	uint32_t lo = 0, hi = m->nmsi;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (va < m->msi[mid].va)
			hi = mid;
		else if (va - m->msi[mid].va >= PG)
			lo = mid + 1;
		else
			return mid;
	}
	return m->nmsi;
}

static uint32_t msi_users(const struct umem *m, const void *file)
{
	uint32_t i, n = 0;

	for (i = 0; i < m->nmsi; i++)
		if (m->msi[i].file == file)
			n++;
	return n;
}

int umem_msi_unmap(struct umem *m, uint64_t vaddr, void **file)
{
	uint32_t i;
	int r = -EINVAL;

	pthread_mutex_lock(&m->lock);
	i = msi_find(m, vaddr);
	if (i < m->nmsi && m->msi[i].va == vaddr) {
		void *f = m->msi[i].file;
		bool closed = m->msi[i].closed;

		memmove(m->msi + i, m->msi + i + 1, sizeof(*m->msi) * (m->nmsi - i - 1));
		m->nmsi--;
		*file = closed && !msi_users(m, f) ? f : NULL;
		r = 0;
	}
	pthread_mutex_unlock(&m->lock);
	return r;
}

int umem_msi_lookup(struct umem *m, uint64_t vaddr, void **file, uint32_t *bank,
		    uint32_t *prot)
{
	uint32_t i;
	int r = -ENOENT;

	pthread_mutex_lock(&m->lock);
	i = msi_find(m, vaddr);
	if (i < m->nmsi) {
		*file = m->msi[i].file;
		*bank = m->msi[i].bank;
		*prot = m->msi[i].prot;
		r = 0;
	}
	pthread_mutex_unlock(&m->lock);
	return r;
}

bool umem_msi_close(struct umem *m, const void *file)
{
	uint32_t i;
	bool mapped = false;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->nmsi; i++) {
		if (m->msi[i].file == file) {
			m->msi[i].closed = true;
			mapped = true;
		}
	}
	pthread_mutex_unlock(&m->lock);
	return mapped;
}

void *umem_msi_drop_closed(struct umem *m)
{
	void *f = NULL;
	uint32_t i, j;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->nmsi && !f; i++)
		if (m->msi[i].closed)
			f = m->msi[i].file;
	for (i = j = 0; f && i < m->nmsi; i++)
		if (m->msi[i].file != f)
			m->msi[j++] = m->msi[i];
	if (f)
		m->nmsi = j;
	pthread_mutex_unlock(&m->lock);
	return f;
}
