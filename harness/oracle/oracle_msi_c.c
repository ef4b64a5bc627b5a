/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_msi_c.c - MSI design C in the oracle (spec section MSIC), written
 * from the rules, not from the core: GET_MSI_FD (MSIC-3), mmap of an MSI fd
 * (MSIC-5), a MAP_DMA of such a mapping (MSIC-7, MSIC-8), UNMAP_DMA of MSI
 * windows (MSIC-10), revocation when a group leaves (MSIC-11, MSIC-12).
 *
 * An fd's binding is (group, departures of the group so far, the serial of
 * its container's backend); a mapping keeps a copy, so closing the fd
 * changes nothing (MSIC-13) and the model needs no reference counts.  The
 * MSI window a map makes records its group in `src`.
 */
#include <errno.h>
#include <string.h>
#include "oracle/oracle_int.h"

#define MSIFD_MINSZ 16u
#define PROT_MASK (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)
#define MMAP_READ 0x1u
#define MMAP_WRITE 0x2u
#define MMAP_SHARED 0x1u

void ora_msic_reset(struct t2_oracle *o)
{
	memset(o->msifd_used, 0, sizeof(o->msifd_used));
	o->nmsimap = 0;
	o->be_serial = 0;
}

/* The design table's row (oracle_design.c): D's bank ioctls are unknown
 * (MSIC-15), GET_MSI_FD exists (MSIC-1); the rest are direct calls from
 * MAP_DMA, UNMAP_DMA and detach, each checking the design. */
const struct ora_design_ops ora_design_row_c = {
	.hidden = (1u << 18) | (1u << 19),
	.offers = 1u << 20,
};

/* MSIC-11: the fd's group is still where the fd was made (and that is c,
 * unless c is NULL). */
static bool bound(const struct t2_oracle *o, const struct ora_msibind *b,
		  const struct ora_ctr *c)
{
	const struct ora_grp *g = &o->grp[b->gi];
	const struct ora_ctr *here;

	if (b->leaves != g->leaves || g->ctr < 0)
		return false;
	here = o->ctr[g->ctr];
	return here->backend && here->be_serial == b->be_serial && (!c || here == c);
}

/* MSIC-3 */
long ora_msic_get_fd(struct t2_oracle *o, int gi, unsigned long arg)
{
	const struct ora_grp *g = &o->grp[gi];
	uint8_t buf[MSIFD_MINSZ];
	uint32_t i;

	if (ora_bad_ptr(arg))
		return ora_ret(o, "MSIC-3.1", -EFAULT);
	memcpy(buf, (const void *)arg, MSIFD_MINSZ);
	if (ora_get32(buf, 0) < MSIFD_MINSZ)
		return ora_ret(o, "MSIC-3.2", -EINVAL);
	if (ora_get32(buf, 4))
		return ora_ret(o, "MSIC-3.3", -EINVAL);
	if (g->ctr < 0 || !o->ctr[g->ctr]->backend)
		return ora_ret(o, "MSIC-3.4", -EINVAL);
	if (!o->p.msi_banks)
		return ora_ret(o, "MSIC-3.5", -ENODEV);
	for (i = 0; i < ORA_MAX_MSIFD && o->msifd_used[i]; i++)
		;
	if (i == ORA_MAX_MSIFD || !ora_fd_available(o))
		return ora_ret(o, "oracle-limit", -EMFILE);
	if (ora_site(o))
		return ora_ret(o, "MSIC-3.6", -ENOMEM);
	o->msifd_used[i] = true;
	o->msifd[i].gi = (uint8_t)gi;
	o->msifd[i].leaves = g->leaves;
	o->msifd[i].be_serial = o->ctr[g->ctr]->be_serial;
	ora_put32(arg, 8, o->p.msi_banks);
	return ora_ret(o, "MSIC-3", ora_fd_alloc(o, T2_ORACLE_FD_MSI, (int)i));
}

/* close of an MSI fd: its mappings keep their copy of the binding */
void ora_msic_close(struct t2_oracle *o, int slot)
{
	o->msifd_used[slot] = false;
}

static const struct ora_msimap *find_map(const struct t2_oracle *o, uint64_t va)
{
	uint32_t i;

	for (i = 0; i < o->nmsimap; i++)
		if (va >= o->msimap[i].va && va - o->msimap[i].va < ORA_PAGE)
			return &o->msimap[i];
	return NULL;
}

/* The oracle's own address for a mapping: above every buffer and mapping. */
static uint64_t fresh_va(struct t2_oracle *o)
{
	uint64_t va = (o->next_va + 0xffffull) & ~0xffffull;

	o->next_va = va + 2 * ORA_PAGE;	/* one page and a guard page */
	return va;
}

/* MSIC-5 */
int t2_oracle_mmap(struct t2_oracle *o, int fd, uint64_t len, int prot, int flags,
		   uint64_t offset, uint64_t *vaddr)
{
	const struct ora_msibind *b;
	struct ora_msimap *m;
	uint32_t i;

	if (ora_fd_kind(o, fd) == T2_ORACLE_FD_NONE)
		return -EBADF;          /* mmap(2) of a descriptor not open */
	if (ora_fd_kind(o, fd) != T2_ORACLE_FD_MSI)
		return -ENODEV;         /* a file without mmap (MSIC-5) */
	b = &o->msifd[o->fds[fd].idx];
	if (!((unsigned int)flags & MMAP_SHARED))
		return -EINVAL;
	if (!len || (len + ORA_PAGE - 1) / ORA_PAGE != 1)
		return -EINVAL;
	if (offset % ORA_PAGE || offset / ORA_PAGE >= o->p.msi_banks)
		return -EINVAL;
	if ((unsigned int)prot & ~(MMAP_READ | MMAP_WRITE))
		return -EINVAL;
	if (!bound(o, b, NULL))
		return -ENODEV;
	if (o->nmsimap == ORA_MAX_MSIMAP)
		return -ENOMEM;
	if (!*vaddr)
		*vaddr = fresh_va(o);
	for (i = o->nmsimap; i > 0 && o->msimap[i - 1].va > *vaddr; i--)
		o->msimap[i] = o->msimap[i - 1];
	m = &o->msimap[i];
	m->va = *vaddr;
	m->bank = (uint32_t)(offset / ORA_PAGE);
	m->prot = (uint32_t)prot;
	m->bind = *b;
	o->nmsimap++;
	return 0;
}

/* munmap (t2_oracle_buf_free): 0, or -EINVAL when va starts no mapping. */
int ora_msic_munmap(struct t2_oracle *o, uint64_t va)
{
	uint32_t i;

	for (i = 0; i < o->nmsimap && o->msimap[i].va != va; i++)
		;
	if (i == o->nmsimap)
		return -EINVAL;
	memmove(&o->msimap[i], &o->msimap[i + 1], (o->nmsimap - i - 1) * sizeof(o->msimap[0]));
	o->nmsimap--;
	return 0;
}

/* MSIC-7 row d: bank b has an MSI window in c, or (exclusive) anywhere. */
static bool bank_busy(const struct t2_oracle *o, const struct ora_ctr *c, uint32_t b)
{
	if (c->banks & (1u << b))
		return true;
	return o->p.policy == T2SIM_POLICY_EXCLUSIVE && o->bank_users[b];
}

/* MSIC-7, MSIC-8 (rows 1 to 10 of MAP-1 passed) */
long ora_msic_map(struct t2_oracle *o, struct ora_ctr *c, uint64_t vaddr, uint64_t iova,
		  uint64_t size, uint32_t flags)
{
	const struct ora_msimap *m;
	struct ora_win *w;
	uint32_t w0;

	if (!ora_design_c(o))
		return 1;
	m = find_map(o, vaddr);
	if (!m)
		return 1; /* RAM; a range reaching a mapping is unbacked there (MSIC-9) */
	if (size != c->ws)
		return ora_ret(o, "MSIC-7.a", -EINVAL);
	if (!bound(o, &m->bind, c))
		return ora_ret(o, "MSIC-7.b", -EINVAL);
	w0 = (uint32_t)((iova - c->start) / c->ws);
	w = &c->win[w0];
	if (w->kind != ORA_WIN_FREE)
		return ora_ret(o, "MSIC-7.c", -EBUSY);
	if (bank_busy(o, c, m->bank))
		return ora_ret(o, "MSIC-7.d", -EBUSY);
	if (((flags & VFIO_DMA_MAP_FLAG_READ) && !(m->prot & MMAP_READ)) ||
	    ((flags & VFIO_DMA_MAP_FLAG_WRITE) && !(m->prot & MMAP_WRITE)))
		return ora_ret(o, "MSIC-7.e", -EFAULT);
	if (ora_site(o) || ora_site(o))
		return ora_ret(o, "MSIC-7.f", -ENOMEM);
	w->kind = ORA_WIN_MSI;
	w->prot = (uint8_t)(flags & PROT_MASK);
	w->bank = (uint8_t)m->bank;
	w->src = (uint8_t)(m->bind.gi + 1);
	w->phys = ora_doorbell(&o->p, m->bank);
	c->msi_windows++;
	c->banks |= 1u << m->bank;
	o->bank_users[m->bank]++;
	return ora_ret(o, "MSIC-8", 0);
}

static void free_msi(struct t2_oracle *o, struct ora_ctr *c, struct ora_win *w)
{
	c->msi_windows--;
	c->banks &= ~(1u << w->bank);
	o->bank_users[w->bank]--;
	w->kind = ORA_WIN_FREE;
	w->src = 0;
}

/* MSIC-10: the MSI windows of [w0, w0 + cnt); returns how many. */
uint64_t ora_msic_unmap(struct t2_oracle *o, struct ora_ctr *c, uint32_t w0, uint64_t cnt)
{
	uint64_t i, n = 0;

	if (!ora_design_c(o))
		return 0;
	for (i = 0; i < cnt; i++) {
		if (c->win[w0 + i].kind == ORA_WIN_MSI) {
			free_msi(o, c, &c->win[w0 + i]);
			n++;
		}
	}
	return n;
}

/* MSIC-11: the group's MSI windows in c go; its fds are revoked. */
void ora_msic_group_leaves(struct t2_oracle *o, struct ora_ctr *c, int gi)
{
	uint32_t i;

	o->grp[gi].leaves++;
	if (!ora_design_c(o) || !c->backend)
		return;
	for (i = 0; i < c->n; i++)
		if (c->win[i].kind == ORA_WIN_MSI && c->win[i].src == gi + 1)
			free_msi(o, c, &c->win[i]);
}
