/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle.c - the oracle's entry points: creation, descriptors, the ioctl
 * dispatch that applies ERR-1 level 0 and ERR-6, fault sites (FAIL-1..4), the
 * predicted-state queries, describe and self-check.  The per-area rules live
 * in oracle_group.c, oracle_attr.c, oracle_dma.c, oracle_msi.c,
 * oracle_intro.c, oracle_xlate.c and oracle_mem.c; the backend ops table in
 * oracle_backend.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "oracle/oracle_int.h"

void t2_oracle_fault_state(const struct t2_oracle *o, uint32_t *remaining, uint32_t *fired)
{
	*remaining = o->fault_armed ? o->fault_remaining : 0;
	*fired = o->fault_fired;
}

void t2_oracle_fault_arm(struct t2_oracle *o, uint32_t nth)
{
	o->fault_fired = false;
	o->fault_armed = nth != 0;
	o->fault_remaining = nth;
}

const char *t2_oracle_last_rule(const struct t2_oracle *o)
{
	return o->rule ? o->rule : "";
}

/* ------------------------------------------------------------ creation */
static void reset_state(struct t2_oracle *o)
{
	uint32_t i;

	memset(o->fds, 0, sizeof(o->fds));
	o->fd_low = T2_ORACLE_FIRST_FD;
	for (i = 0; i < T2SIM_MAX_GROUPS; i++)
		o->grp[i] = (struct ora_grp){ .fd = -1, .ctr = -1 };
	for (i = 0; i < T2_ORACLE_MAX_CONTAINERS; i++)
		if (o->ctr[i])
			o->ctr[i]->used = false;
	for (i = 0; i < ORA_MAX_DLIODN; i++)
		o->owner[i] = ORA_NO_OWNER;
	o->spaaces_used = 0;
	o->sim_pins = 0;
	o->locked = 0;
	memset(o->bank_users, 0, sizeof(o->bank_users));
	o->fault_armed = false;
	o->fault_fired = false;
	o->fault_remaining = 0;
	o->rule = "";
	ora_mem_reset(o);
	ora_msic_reset(o);
}

void t2_oracle_reset(struct t2_oracle *o)
{
	reset_state(o);
}

void t2_oracle_set_introspection(struct t2_oracle *o, bool on)
{
	o->no_intro = !on;
}

void t2_oracle_set_core(struct t2_oracle *o, int core)
{
	o->core = core;
}

static int oracle_alloc(const struct ora_plat *p, struct t2_oracle **out)
{
	struct t2_oracle *o = calloc(1, sizeof(*o));

	if (!o)
		return -ENOMEM;
	o->p = *p;
	o->design = ora_design_ops(p->design);
	o->core = T2_CORE_SPEC; /* the device's VFIO core: t2_oracle_set_core */
	reset_state(o);
	*out = o;
	return 0;
}

/* An oracle for a platform read by one of the two readers (r: its result). */
static int oracle_new_read(int r, const struct ora_plat *p, struct t2_oracle **out, char *err,
			   size_t errlen)
{
	if (r)
		return r;
	r = oracle_alloc(p, out);
	if (r && err && errlen)
		snprintf(err, errlen, "oracle: out of memory");
	return r;
}

int t2_oracle_new(const char *platform, struct t2_oracle **out, char *err, size_t errlen)
{
	struct ora_plat p;

	return oracle_new_read(ora_plat_parse(platform, &p, err, errlen), &p, out, err, errlen);
}

int t2_oracle_new_from_platform(const struct t2sim_platform *sp, struct t2_oracle **out,
				char *err, size_t errlen)
{
	struct ora_plat p;

	return oracle_new_read(ora_plat_from_struct(sp, &p, err, errlen), &p, out, err, errlen);
}

int t2_oracle_renew_from_platform(struct t2_oracle *o, const struct t2sim_platform *sp,
				  char *err, size_t errlen)
{
	struct ora_plat p;
	int r = ora_plat_from_struct(sp, &p, err, errlen);

	if (r)
		return r;
	o->p = p;
	o->design = ora_design_ops(p.design);
	reset_state(o);
	return 0;
}

void t2_oracle_free(struct t2_oracle *o)
{
	uint32_t i;

	if (!o)
		return;
	for (i = 0; i < T2_ORACLE_MAX_CONTAINERS; i++)
		free(o->ctr[i]);
	ora_mem_free_all(o);
	free(o);
}

void t2_oracle_get_platform(const struct t2_oracle *o, struct t2sim_platform *p)
{
	ora_plat_to_struct(&o->p, p);
}

/* ------------------------------------------------------------ descriptors */
enum t2_oracle_fd_kind t2_oracle_fd_kind(const struct t2_oracle *o, int fd)
{
	return ora_fd_kind(o, fd);
}

int t2_oracle_fd_group(const struct t2_oracle *o, int fd)
{
	enum t2_oracle_fd_kind k = t2_oracle_fd_kind(o, fd);

	if (k != T2_ORACLE_FD_GROUP && k != T2_ORACLE_FD_DEVICE)
		return -EBADF;
	return (int)o->p.grp[o->fds[fd].idx].num;
}

int t2_oracle_group_container_fd(const struct t2_oracle *o, int fd)
{
	enum t2_oracle_fd_kind k = t2_oracle_fd_kind(o, fd);
	int ci;

	if (k != T2_ORACLE_FD_GROUP && k != T2_ORACLE_FD_DEVICE)
		return -1;
	ci = o->grp[o->fds[fd].idx].ctr;
	if (ci < 0 || ci >= T2_ORACLE_MAX_CONTAINERS || !o->ctr[ci])
		return -1;
	return o->ctr[ci]->fd;
}

/* CORE-1: every open makes a new container (fault site "container"). */
int t2_oracle_open_container(struct t2_oracle *o)
{
	int slot, fd;
	struct ora_ctr *c;

	for (slot = 0; slot < T2_ORACLE_MAX_CONTAINERS; slot++)
		if (!o->ctr[slot] || !o->ctr[slot]->used)
			break;
	if (slot == T2_ORACLE_MAX_CONTAINERS || !ora_fd_available(o))
		return (int)ora_ret(o, "oracle-limit", -EMFILE);
	if (!o->ctr[slot]) {
		o->ctr[slot] = calloc(1, sizeof(struct ora_ctr));
		if (!o->ctr[slot])
			return (int)ora_ret(o, "oracle-limit", -ENOMEM);
	}
	/* core variant linux61: the VFIO core opens the node, no site */
	if (o->core == T2_CORE_SPEC && ora_site(o))
		return (int)ora_ret(o, "FAIL-3", -ENOMEM);
	c = o->ctr[slot];
	c->used = true;
	c->groups = 0;
	ora_ctr_clear_backend(c);
	fd = ora_fd_alloc(o, T2_ORACLE_FD_CONTAINER, slot);
	c->fd = fd;
	return (int)ora_ret(o, "CORE-1", fd);
}

static int group_index(const struct t2_oracle *o, unsigned int group)
{
	uint32_t i;

	for (i = 0; i < o->p.ngroups; i++)
		if (o->p.grp[i].num == group)
			return (int)i;
	return -1;
}

/* CORE-6 */
int t2_oracle_open_group(struct t2_oracle *o, unsigned int group)
{
	int gi = group_index(o, group), fd;

	if (gi < 0)
		return (int)ora_ret(o, "PLAT-8", -ENOENT);
	if (o->grp[gi].fd >= 0)
		return (int)ora_ret(o, "CORE-6", -EBUSY);
	if (o->grp[gi].ctr >= 0)
		return (int)ora_ret(o, "CORE-6", -EBUSY);
	if (!ora_fd_available(o))
		return (int)ora_ret(o, "oracle-limit", -EMFILE);
	if (o->core == T2_CORE_SPEC && ora_site(o))
		return (int)ora_ret(o, "FAIL-3", -ENOMEM);
	fd = ora_fd_alloc(o, T2_ORACLE_FD_GROUP, gi);
	o->grp[gi].fd = fd;
	return (int)ora_ret(o, "CORE-6", fd);
}

int t2_oracle_close(struct t2_oracle *o, int fd)
{
	enum t2_oracle_fd_kind k = t2_oracle_fd_kind(o, fd);
	int idx;

	if (k == T2_ORACLE_FD_NONE)
		return (int)ora_ret(o, "EBADF", -EBADF);
	idx = o->fds[fd].idx;
	o->fds[fd].kind = T2_ORACLE_FD_NONE;
	if (fd < o->fd_low)
		o->fd_low = fd;
	switch (k) {
	case T2_ORACLE_FD_CONTAINER:
		ora_container_close(o, o->ctr[idx]);
		return (int)ora_ret(o, "CORE-13", 0);
	case T2_ORACLE_FD_GROUP:
		ora_group_close(o, idx);
		return (int)ora_ret(o, "CORE-12", 0);
	case T2_ORACLE_FD_MSI:
		ora_msic_close(o, idx);
		return (int)ora_ret(o, "MSIC-13", 0);
	default:
		ora_device_close(o, idx);
		return (int)ora_ret(o, "CORE-12", 0);
	}
}

/* ------------------------------------------------------------ ioctl */
static long container_ioctl(struct t2_oracle *o, struct ora_ctr *c, unsigned long cmd,
			    unsigned long arg)
{
	switch (cmd) {
	case VFIO_GET_API_VERSION:
		return ora_ret(o, "CORE-2", VFIO_API_VERSION);	/* ERR-4: arg untouched */
	case VFIO_CHECK_EXTENSION:
		return ora_ret(o, "CORE-3", arg == (unsigned long)o->p.type2);
	case VFIO_SET_IOMMU:
		return ora_set_iommu(o, c, arg);
	default:
		break;
	}
	if (ora_design_hides(o, cmd))	/* 9a: not an ioctl of this design */
		return ora_ret(o, "ERR-6", c->backend ? -ENOTTY : -EINVAL);
	if (!c->backend) {
		switch (cmd) {
		case VFIO_IOMMU_MAP_DMA:
		case VFIO_IOMMU_UNMAP_DMA:
		case VFIO_IOMMU_PAMU_GET_ATTR:
		case VFIO_IOMMU_PAMU_SET_ATTR:
		case VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT:
		case VFIO_IOMMU_PAMU_MAP_MSI_BANK:
		case VFIO_IOMMU_PAMU_UNMAP_MSI_BANK:
			return ora_ret(o, "ERR-1.0", -EINVAL);
		default:
			return ora_ret(o, "ERR-6", -EINVAL);	/* unknown, no backend */
		}
	}
	switch (cmd) {
	case VFIO_IOMMU_MAP_DMA:
		return ora_map_dma(o, c, arg);
	case VFIO_IOMMU_UNMAP_DMA:
		return ora_unmap_dma(o, c, arg);
	case VFIO_IOMMU_PAMU_GET_ATTR:
		return ora_get_attr(o, c, arg);
	case VFIO_IOMMU_PAMU_SET_ATTR:
		return ora_set_attr(o, c, arg);
	case VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT:
		return ora_ret(o, "MSI-1", o->p.msi_banks);
	case VFIO_IOMMU_PAMU_MAP_MSI_BANK:
		return ora_map_msi(o, c, arg);
	case VFIO_IOMMU_PAMU_UNMAP_MSI_BANK:
		return ora_unmap_msi(o, c, arg);
	default:
		return ora_ret(o, "ERR-6", -ENOTTY);
	}
}

long t2_oracle_ioctl(struct t2_oracle *o, int fd, unsigned long cmd, unsigned long arg)
{
	enum t2_oracle_fd_kind k = t2_oracle_fd_kind(o, fd);

	switch (k) {
	case T2_ORACLE_FD_NONE:
		return ora_ret(o, "EBADF", -EBADF);
	case T2_ORACLE_FD_DEVICE:
		return ora_ret(o, "CORE-11", -t2_core_device_ioctl_errno(o->core, cmd,
				ora_bad_ptr(arg) ? NULL : (const void *)arg));
	case T2_ORACLE_FD_MSI:
		return ora_ret(o, "MSIC-3", -ENOTTY);
	case T2_ORACLE_FD_GROUP:
		if (t2sim_is_intro_cmd(cmd) && !o->no_intro)
			return ora_intro_ioctl(o, fd, cmd, arg);
		return ora_group_ioctl(o, o->fds[fd].idx, cmd, arg);
	case T2_ORACLE_FD_CONTAINER:
	default:
		if (t2sim_is_intro_cmd(cmd) && !o->no_intro)
			return ora_intro_ioctl(o, fd, cmd, arg);
		return container_ioctl(o, o->ctr[o->fds[fd].idx], cmd, arg);
	}
}

/* ------------------------------------------------------------ predicted state */
int t2_oracle_counters(struct t2_oracle *o, int container_fd, struct t2sim_counters *c)
{
	struct ora_ctr *ctr = ora_ctr_of_fd(o, container_fd);

	if (!ctr)
		return -EBADF;
	ora_fill_counters(o, ctr, c);
	return 0;
}

int t2_oracle_translate(struct t2_oracle *o, unsigned int group, uint32_t liodn_index,
			uint64_t iova, int write, struct t2sim_translate *t)
{
	int gi = group_index(o, group);
	const char *rule;

	if (gi < 0)
		return -ENOENT;
	if (liodn_index >= o->p.grp[gi].nliodns)
		return -EINVAL;
	t->flags = write ? T2SIM_XLATE_WRITE : 0;
	t->liodn_index = liodn_index;
	t->iova = iova;
	ora_translate(o, gi, liodn_index, iova, write != 0, t, &rule);
	return 0;
}

int t2_oracle_get_attr(struct t2_oracle *o, int container_fd, uint32_t attribute,
		       struct vfio_pamu_attr *a)
{
	struct ora_ctr *c = ora_ctr_of_fd(o, container_fd);
	uint8_t v[16];

	if (!c)
		return -EBADF;
	if (!c->backend || attribute > VFIO_ATTR_PAMU_STASH)
		return -EINVAL;
	memcpy(v, &a->attr_info, sizeof(v));
	ora_attr_value(o, c, attribute, v);
	memcpy(&a->attr_info, v, sizeof(v));
	a->attribute = attribute;
	return 0;
}

/* ------------------------------------------------------------ describe */
struct sbuf {
	char *p;
	size_t len, used;
};

static void sb_printf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	size_t room = sb->used < sb->len ? sb->len - sb->used : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? sb->p + sb->used : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->used += (size_t)n;
}

static void describe_windows(struct sbuf *sb, const struct ora_ctr *c)
{
	static const char kind[] = "-DM";
	uint32_t i = 0, j;

	while (i < c->n) {
		const struct ora_win *w = &c->win[i];

		for (j = i + 1; j < c->n && c->win[j].kind == w->kind && w->kind != ORA_WIN_MSI &&
		     c->win[j].prot == w->prot; j++)
			;
		if (w->kind != ORA_WIN_FREE) {
			sb_printf(sb, " %u", i);
			if (j - i > 1)
				sb_printf(sb, "-%u", j - 1);
			sb_printf(sb, ":%c%s%s", kind[w->kind], w->prot & 1 ? "r" : "",
				  w->prot & 2 ? "w" : "");
			if (w->kind == ORA_WIN_MSI)
				sb_printf(sb, "(bank %u)", w->bank);
			else
				sb_printf(sb, "@0x%llx", (unsigned long long)w->phys);
		}
		i = j;
	}
}

int t2_oracle_describe(const struct t2_oracle *o, char *buf, size_t len)
{
	struct sbuf sb = { buf, len, 0 };
	uint32_t i;
	int s;

	if (len)
		buf[0] = '\0';
	sb_printf(&sb, "locked %llu, SPAACEs %llu/%u, fault %s %u\n",
		  (unsigned long long)o->locked, (unsigned long long)o->spaaces_used,
		  o->p.spaace_pool, o->fault_armed ? "armed" : "idle", o->fault_remaining);
	for (s = 0; s < T2_ORACLE_MAX_CONTAINERS; s++) {
		const struct ora_ctr *c = o->ctr[s];

		if (!c || !c->used)
			continue;
		sb_printf(&sb, "container %d fd %d groups 0x%x", s, c->fd, c->groups);
		if (c->backend) {
			sb_printf(&sb, " backend geom %s[0x%llx,0x%llx] n %u ws 0x%llx stash %u/%u "
				  "liodns 0x%llx windows", c->geom_set ? "" : "default",
				  (unsigned long long)c->start, (unsigned long long)c->end, c->n,
				  (unsigned long long)c->ws, c->stash_cpu, c->stash_cache,
				  (unsigned long long)c->linked);
			describe_windows(&sb, c);
		}
		sb_printf(&sb, "\n");
	}
	for (i = 0; i < o->p.ngroups; i++)
		if (o->grp[i].fd >= 0 || o->grp[i].ctr >= 0)
			sb_printf(&sb, "group %u fd %d container %d devices %u\n", o->p.grp[i].num,
				  o->grp[i].fd, o->grp[i].ctr, o->grp[i].ndev);
	return (int)sb.used;
}

/* ------------------------------------------------------------ self-check */
static int check_fail(char *err, size_t errlen, const char *what, int slot)
{
	if (err && errlen)
		snprintf(err, errlen, "oracle self-check: %s (container slot %d)", what, slot);
	return -EPROTO;
}

int t2_oracle_self_check(const struct t2_oracle *o, char *err, size_t errlen)
{
	uint64_t spaaces = 0, pins = 0, linked_all = 0;
	uint32_t banks[T2SIM_MAX_BANKS] = { 0 };
	int s;
	uint32_t i, d;

	for (s = 0; s < T2_ORACLE_MAX_CONTAINERS; s++) {
		const struct ora_ctr *c = o->ctr[s];
		uint32_t dma = 0, msi = 0;
		uint64_t want = 0;

		if (!c || !c->used)
			continue;
		if (c->fd < 0 && !c->groups)
			return check_fail(err, errlen, "closed empty container alive", s);
		if (!c->backend) {
			if (c->linked || c->n || c->banks)
				return check_fail(err, errlen, "state without a backend", s);
			continue;
		}
		if (!c->groups)
			return check_fail(err, errlen, "backend without groups", s);
		for (i = 0; i < o->p.ngroups; i++)
			if (c->groups & (1u << i))
				want |= o->p.grp[i].dmask;
		if (want != c->linked)
			return check_fail(err, errlen, "linked LIODNs differ from groups", s);
		if (c->linked & linked_all)
			return check_fail(err, errlen, "LIODN linked twice (INV-12)", s);
		linked_all |= c->linked;
		for (d = 0; d < o->p.ndl; d++)
			if ((c->linked >> d & 1) != (o->owner[d] == s))
				return check_fail(err, errlen, "owner table", s);
		for (i = 0; i < c->n; i++) {
			if (c->win[i].kind == ORA_WIN_DMA)
				dma++;
			if (c->win[i].kind == ORA_WIN_MSI) {
				msi++;
				banks[c->win[i].bank]++;
				if (!(c->banks & (1u << c->win[i].bank)))
					return check_fail(err, errlen, "MSI window without record",
							  s);
			}
		}
		if (dma != c->dma_windows || msi != c->msi_windows ||
		    msi != ora_popcount64(c->banks))
			return check_fail(err, errlen, "window counts (INV-5)", s);
		spaaces += ora_popcount64(c->linked) * ora_spaaces_per_liodn(c);
		pins += (uint64_t)c->dma_windows * (c->ws / ORA_PAGE);
	}
	if (spaaces != o->spaaces_used || spaaces > o->p.spaace_pool)
		return check_fail(err, errlen, "SPAACE total (INV-18)", -1);
	if (pins != o->sim_pins || pins != o->locked)
		return check_fail(err, errlen, "pins/locked total (INV-16, INV-17)", -1);
	for (i = 0; i < T2SIM_MAX_BANKS; i++)
		if (banks[i] != o->bank_users[i] ||
		    (o->p.policy == T2SIM_POLICY_EXCLUSIVE && banks[i] > 1))
			return check_fail(err, errlen, "bank ownership (INV-13)", -1);
	for (d = 0; d < o->p.ndl; d++)
		if (o->owner[d] != ORA_NO_OWNER && !(linked_all >> d & 1))
			return check_fail(err, errlen, "stale owner", -1);
	return 0;
}
