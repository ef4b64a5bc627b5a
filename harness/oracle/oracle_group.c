/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_group.c - containers and groups in the oracle: SET_IOMMU (CORE-4,
 * DOM-9), the group ioctls (CORE-7..10), attach and detach (DOM-3..8),
 * release (REL-1..4) and what closing each kind of fd implies (CORE-11..13).
 * Checks run first and commit last, so a failure never needs an undo.
 */
#include <errno.h>
#include <string.h>
#include "oracle/oracle_int.h"

void ora_ctr_clear_backend(struct ora_ctr *c)
{
	c->backend = false;
	c->geom_set = false;
	c->start = 0;
	c->end = ORA_DEF_APERTURE_END;
	c->n = 0;
	c->ws = 0;
	c->stash_cpu = 0;
	c->stash_cache = 0;
	c->linked = 0;
	c->dma_windows = 0;
	c->msi_windows = 0;
	c->banks = 0;
}

static uint64_t groups_dmask(const struct t2_oracle *o, uint32_t groups)
{
	uint64_t m = 0;
	uint32_t i;

	for (i = 0; i < o->p.ngroups; i++)
		if (groups & (1u << i))
			m |= o->p.grp[i].dmask;
	return m;
}

/*
 * DOM-5 for group gi joining container slot s whose domain already links
 * `linked`: runs the checks and reaches the fault sites; changes nothing.
 * Returns 0 and the LIODNs the attach would link, or -errno.
 */
static int attach_check(struct t2_oracle *o, int s, int gi, uint64_t linked, uint64_t *newm)
{
	const struct ora_ctr *c = o->ctr[s];
	uint64_t gm = o->p.grp[gi].dmask, nm;
	uint32_t d;

	if (ora_site(o))
		return (int)ora_ret(o, "DOM-5.1", -ENOMEM);
	for (d = 0; d < o->p.ndl; d++)
		if ((gm >> d & 1) && o->owner[d] != ORA_NO_OWNER && o->owner[d] != s)
			return (int)ora_ret(o, "DOM-5.2", -EBUSY);
	nm = gm & ~linked;
	if (c->n > 1 && (uint64_t)(c->n - 1) * ora_popcount64(nm) > ora_free_spaaces(o))
		return (int)ora_ret(o, "DOM-5.3", -ENOSPC);
	for (d = 0; d < o->p.ndl; d++)
		if ((nm >> d & 1) && ora_site(o))
			return (int)ora_ret(o, "DOM-5.4", -ENOMEM);
	*newm = nm;
	return 0;
}

/* DOM-3: link, program (SPAACEs), validity follows DOM-2 from the counters. */
static void attach_commit(struct t2_oracle *o, int s, uint64_t nm)
{
	struct ora_ctr *c = o->ctr[s];
	uint32_t d;

	for (d = 0; d < o->p.ndl; d++)
		if (nm >> d & 1)
			o->owner[d] = (int8_t)s;
	c->linked |= nm;
	o->spaaces_used += ora_spaaces_per_liodn(c) * ora_popcount64(nm);
}

/* REL-2: one atomic step; cannot fail (REL-4). */
static void release(struct t2_oracle *o, struct ora_ctr *c)
{
	uint32_t i, d;
	uint64_t pages = c->ws / ORA_PAGE;

	for (i = 0; i < c->n; i++) {
		struct ora_win *w = &c->win[i];

		if (w->kind == ORA_WIN_DMA) {
			o->sim_pins -= pages;
			o->locked -= pages;
		} else if (w->kind == ORA_WIN_MSI) {
			o->bank_users[w->bank]--;
		}
		w->kind = ORA_WIN_FREE;
	}
	for (d = 0; d < o->p.ndl; d++)
		if (c->linked >> d & 1)
			o->owner[d] = ORA_NO_OWNER;
	o->spaaces_used -= ora_spaaces_per_liodn(c) * ora_popcount64(c->linked);
	ora_ctr_clear_backend(c);
}

/* CORE-13: a closed container dies when it holds no group. */
static void maybe_destroy(struct ora_ctr *c)
{
	if (c->fd < 0 && !c->groups)
		c->used = false;
}

/* DOM-8, then REL-1 when it was the last group. */
static void detach(struct t2_oracle *o, int gi)
{
	int s = o->grp[gi].ctr;
	struct ora_ctr *c = o->ctr[s];
	uint64_t gone;
	uint32_t d;

	ora_msic_group_leaves(o, c, gi);	/* MSIC-11, before release */
	c->groups &= ~(1u << gi);
	o->grp[gi].ctr = -1;
	if (c->backend) {
		gone = c->linked & o->p.grp[gi].dmask & ~groups_dmask(o, c->groups);
		for (d = 0; d < o->p.ndl; d++)
			if (gone >> d & 1)
				o->owner[d] = ORA_NO_OWNER;
		c->linked &= ~gone;
		o->spaaces_used -= ora_spaaces_per_liodn(c) * ora_popcount64(gone);
		if (!c->groups)
			release(o, c);
	}
	maybe_destroy(c);
}

/* CORE-4, DOM-9 */
long ora_set_iommu(struct t2_oracle *o, struct ora_ctr *c, unsigned long v)
{
	int s = ora_ctr_slot(o, c), r;
	uint64_t linked = 0, nm;
	uint32_t i;

	if (!c->groups)
		return ora_ret(o, "CORE-4.1", -EINVAL);
	if (c->backend)
		return ora_ret(o, "CORE-4.2", -EINVAL);
	if (v != (unsigned long)o->p.type2)
		return ora_ret(o, "CORE-4.3", -ENODEV);
	if (ora_site(o))
		return ora_ret(o, "CORE-4.4", -ENOMEM);
	/* CORE-5 defaults: windows not configured, so DOM-5 row 3 cannot fire */
	ora_ctr_clear_backend(c);
	for (i = 0; i < o->p.ngroups; i++) {
		if (!(c->groups & (1u << i)))
			continue;
		r = attach_check(o, s, (int)i, linked, &nm);
		if (r)
			return r;	/* DOM-9: nothing stays attached */
		linked |= nm;
	}
	c->backend = true;
	c->be_serial = ++o->be_serial;
	attach_commit(o, s, linked);
	return ora_ret(o, "CORE-5", 0);
}

/* CORE-7 */
static long get_status(struct t2_oracle *o, int gi, unsigned long arg)
{
	uint32_t argsz, flags = VFIO_GROUP_FLAGS_VIABLE;

	if (ora_bad_ptr(arg))
		return ora_ret(o, "CORE-7", -EFAULT);
	argsz = ora_get32((const void *)arg, 0);
	if (argsz < T2_MINSZ(VFIO_GROUP_GET_STATUS))
		return ora_ret(o, "CORE-7", -EINVAL);
	if (o->grp[gi].ctr >= 0)
		flags |= VFIO_GROUP_FLAGS_CONTAINER_SET;
	ora_put32(arg, 4, flags);
	return ora_ret(o, "CORE-7", 0);
}

/* CORE-8, DOM-4 */
static long set_container(struct t2_oracle *o, int gi, unsigned long arg)
{
	int32_t fd;
	int s, r;
	struct ora_ctr *c;
	uint64_t nm = 0;

	if (ora_bad_ptr(arg))
		return ora_ret(o, "CORE-8.1", -EFAULT);
	fd = (int32_t)ora_get32((const void *)arg, 0);
	/* core variant linux61: the fd is looked up first (row 4 covers row 2) */
	if (o->core == T2_CORE_LINUX61 &&
	    (fd < 0 || ora_fd_kind(o, fd) == T2_ORACLE_FD_NONE))
		return ora_ret(o, "CORE-8.4", -EBADF);
	if (fd < 0)
		return ora_ret(o, "CORE-8.2", -EINVAL);
	if (o->grp[gi].ctr >= 0)
		return ora_ret(o, "CORE-8.3", -EINVAL);
	if (ora_fd_kind(o, fd) == T2_ORACLE_FD_NONE)
		return ora_ret(o, "CORE-8.4", -EBADF);
	c = ora_ctr_of_fd(o, fd);
	if (!c)
		return ora_ret(o, "CORE-8.5", -EINVAL);
	s = o->fds[fd].idx;
	if (c->backend) {
		r = attach_check(o, s, gi, c->linked, &nm);
		if (r)
			return r;
	}
	c->groups |= 1u << gi;
	o->grp[gi].ctr = s;
	if (c->backend)
		attach_commit(o, s, nm);
	return ora_ret(o, "CORE-8", 0);
}

/* CORE-9 */
static long unset_container(struct t2_oracle *o, int gi)
{
	if (o->grp[gi].ctr < 0)
		return ora_ret(o, "CORE-9", -EINVAL);
	if (o->grp[gi].ndev)
		return ora_ret(o, "CORE-9", -EBUSY);
	detach(o, gi);
	return ora_ret(o, "CORE-9", 0);
}

/* CORE-10 */
static long get_device_fd(struct t2_oracle *o, int gi, unsigned long arg)
{
	const struct ora_grp *g = &o->grp[gi];
	size_t len;
	int fd;

	if (ora_bad_ptr(arg))
		return ora_ret(o, "CORE-10", -EFAULT);
	len = strnlen((const char *)arg, 4096);
	if (len == 4096)
		return ora_ret(o, "CORE-10", -EINVAL);
	/* core variant linux61: the name is matched before the container */
	if (o->core == T2_CORE_LINUX61 && strcmp((const char *)arg, o->p.grp[gi].dev))
		return ora_ret(o, "CORE-10", -ENODEV);
	if (g->ctr < 0 || !o->ctr[g->ctr]->backend)
		return ora_ret(o, "CORE-10", -EINVAL);
	if (strcmp((const char *)arg, o->p.grp[gi].dev))
		return ora_ret(o, "CORE-10", -ENODEV);
	if (!ora_fd_available(o))
		return ora_ret(o, "oracle-limit", -EMFILE);
	if (o->core == T2_CORE_SPEC && ora_site(o))
		return ora_ret(o, "FAIL-3", -ENOMEM);
	fd = ora_fd_alloc(o, T2_ORACLE_FD_DEVICE, gi);
	o->grp[gi].ndev++;
	return ora_ret(o, "CORE-10", fd);
}

long ora_group_ioctl(struct t2_oracle *o, int gi, unsigned long cmd, unsigned long arg)
{
	if (ora_design_hides(o, cmd))
		return ora_ret(o, "ERR-6", -ENOTTY);	/* 9a; MSIC-1 */
	switch (cmd) {
	case VFIO_GROUP_GET_MSI_FD:
		return ora_msic_get_fd(o, gi, arg);
	case VFIO_GROUP_GET_STATUS:
		return get_status(o, gi, arg);
	case VFIO_GROUP_SET_CONTAINER:
		return set_container(o, gi, arg);
	case VFIO_GROUP_UNSET_CONTAINER:
		return unset_container(o, gi);
	case VFIO_GROUP_GET_DEVICE_FD:
		return get_device_fd(o, gi, arg);
	default:
		return ora_ret(o, "ERR-6", -ENOTTY);
	}
}

/* CORE-12: an implied unset that cannot fail. */
void ora_group_close(struct t2_oracle *o, int gi)
{
	o->grp[gi].fd = -1;
	if (o->grp[gi].ctr >= 0 && !o->grp[gi].ndev)
		detach(o, gi);
}

void ora_device_close(struct t2_oracle *o, int gi)
{
	if (o->grp[gi].ndev)
		o->grp[gi].ndev--;
	if (!o->grp[gi].ndev && o->grp[gi].fd < 0 && o->grp[gi].ctr >= 0)
		detach(o, gi);
}

/* CORE-13 */
void ora_container_close(struct t2_oracle *o, struct ora_ctr *c)
{
	(void)o;
	c->fd = -1;
	maybe_destroy(c);
}
