/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * container.c - the instance, its files, and the VFIO core: containers,
 * groups, device fds, SET_IOMMU (CORE-1..CORE-15, DOM-4, DOM-9).
 */
#include "internal.h"

#define container_of_file(f) ((struct t2_container *)(f))
#define group_of_file(f) ((struct t2_group *)(f))
#define device_of_file(f) ((struct t2_device *)(f))

_Static_assert(__builtin_offsetof(struct t2_container, file) == 0, "file first");
_Static_assert(__builtin_offsetof(struct t2_group, file) == 0, "file first");
_Static_assert(__builtin_offsetof(struct t2_device, file) == 0, "file first");

u32 t2_file_kind(const struct t2_file *f)
{
	return f->kind;
}

/* ------------------------------------------------------------ instance */
static int liodn_index(struct t2_sim *s, u32 value)
{
	u32 i, j;

	for (i = 0; i < s->nliodn; i++)
		if (s->liodn[i].value == value)
			return (int)i;
	if (s->nliodn == T2_MAX_LIODNS)
		return -EINVAL;
	/* keep the table ascending by value */
	for (i = s->nliodn; i > 0 && s->liodn[i - 1].value > value; i--)
		;
	for (j = s->nliodn; j > i; j--)
		s->liodn[j] = s->liodn[j - 1];
	os_memset(&s->liodn[i], 0, sizeof(s->liodn[i]));
	s->liodn[i].value = value;
	s->nliodn++;
	return (int)i;
}

static int build_groups(struct t2_sim *s)
{
	const struct t2sim_platform *p = &s->plat;
	u32 i, j;

	if (p->ngroups > T2SIM_MAX_GROUPS)
		return -EINVAL;
	/* first every distinct LIODN, so that indices are ascending by value */
	for (i = 0; i < p->ngroups; i++) {
		const struct t2sim_group_desc *d = &p->groups[i];

		if (!d->nliodns || d->nliodns > T2SIM_MAX_GROUP_LIODNS)
			return -EINVAL;
		if (i && p->groups[i - 1].group >= d->group)
			return -EINVAL;
		for (j = 0; j < d->nliodns; j++)
			if (d->liodn[j] >= T2_LIODN_LIMIT || liodn_index(s, d->liodn[j]) < 0)
				return -EINVAL; /* CORE-15 */
	}
	for (i = 0; i < p->ngroups; i++) {
		const struct t2sim_group_desc *d = &p->groups[i];
		struct t2_group *g = &s->group[i];

		g->file.kind = T2_FILE_GROUP;
		g->num = d->group;
		g->index = i;
		g->nliodn = d->nliodns;
		for (j = 0; j < d->nliodns; j++) {
			g->lidx[j] = (u32)liodn_index(s, d->liodn[j]);
			g->lmask |= 1ull << g->lidx[j];
		}
		os_memcpy(g->device, d->device, sizeof(g->device));
		g->device[T2SIM_DEVNAME_LEN - 1] = '\0';
	}
	s->ngroups = p->ngroups;
	return 0;
}

int t2_sim_create(struct t2_sim **out, const struct t2sim_platform *plat,
		  u64 switches, struct os_env *env)
{
	struct t2_sim *s;
	u32 b;
	int r;

	if (switches & ~((u64)T2_SW_ALL | T2_SW_DESIGNS))
		return -EINVAL;
	if (plat->msi_banks > T2SIM_MAX_BANKS || !t2_msi_design_get(plat->msi_design))
		return -EINVAL;
	s = os_zalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->plat = *plat;
	s->plat.argsz = 0;
	s->plat.flags = 0;
	s->plat.switches = switches;
	s->sw = switches;
	s->env = env;
	s->design = t2_msi_design_get(plat->msi_design);
	for (b = 0; b < plat->msi_banks; b++)
		s->msiir_off[b] = plat->msiir[b] - plat->ccsr_base;
	r = build_groups(s);
	if (!r) {
		s->big = os_lock_new();
		s->dom = os_lock_new();
		if (!s->big || !s->dom)
			r = -ENOMEM;
	}
	if (r) {
		if (s->big)
			os_lock_free(s->big);
		if (s->dom)
			os_lock_free(s->dom);
		os_free(s);
		return r;
	}
	*out = s;
	return 0;
}

/* What outlives the files: containers (none once the shim closed every
 * file; be safe anyway) and the SDK-B7 orphan pins. */
static void sim_drop_all(struct t2_sim *s)
{
	struct t2_pins *p;

	while (s->containers) {
		struct t2_container *c = s->containers;
		u32 i;

		for (i = 0; i < s->ngroups; i++)
			if (s->group[i].container == c)
				s->group[i].container = NULL;
		c->groups = 0;
		if (c->be)
			t2_release(s, c);
		s->containers = c->next;
		os_free(c);
	}
	while ((p = s->orphans)) {
		s->orphans = p->next;
		t2_pins_release(s, p);
	}
}

void t2_sim_destroy(struct t2_sim *s)
{
	if (!s)
		return;
	sim_drop_all(s);
	os_lock_free(s->big);
	os_lock_free(s->dom);
	os_free(s);
}

/*
 * Everything t2_sim_create() derived from the platform (plat, msiir_off, the
 * LIODN values, the groups' numbers, LIODNs and devices) stays; every field
 * a call can change goes back to what create left.  Fields are set, not
 * trusted to have come back through the closes: the crash count and fail-nth
 * never do, and SDK defects may leave others off.
 */
int t2_sim_reset(struct t2_sim *s)
{
	u32 i;

	sim_drop_all(s);
	s->fail = 0;
	s->fail_owner = 0;
	s->crash_points = 0;
	s->pins_total = 0;
	s->spaace_used = 0;
	s->a_stale_banks = 0;
	for (i = 0; i < s->nliodn; i++) {
		s->liodn[i].nlinks = 0;
		s->liodn[i].prog = NULL;
		s->liodn[i].valid = false;
	}
	for (i = 0; i < s->ngroups; i++) {
		s->group[i].fd_open = false;
		s->group[i].ndevices = 0;
		s->group[i].container = NULL;
	}
	return 0;
}

/* ------------------------------------------------------------ opens and closes */
int t2_open_container(struct t2_sim *s, struct t2_file **out)
{
	struct t2_container *c;
	int r;

	t2_big_lock(s->env, s->big, T2_LS_OPEN_CONTAINER);
	c = t2_fault_alloc(s, sizeof(*c), &r); /* FAIL-1: container */
	if (c) {
		c->file.kind = T2_FILE_CONTAINER;
		c->sim = s;
		c->fd_open = true;
		t2_lock_dom(s);
		c->next = s->containers;
		t2_commit_point(s->env, s->big, true, T2_PT_OPEN_CONTAINER_LINK,
				T2_MUT_SPLIT_OPEN_CONTAINER_LINK);
		s->containers = c;
		t2_unlock_dom(s);
		*out = &c->file;
	}
	t2_big_unlock(s->env, s->big, T2_LS_OPEN_CONTAINER);
	return r;
}

int t2_open_group(struct t2_sim *s, u32 num, struct t2_file **out)
{
	struct t2_group *g = NULL;
	u32 i;
	int r;

	for (i = 0; i < s->ngroups; i++)
		if (s->group[i].num == num)
			g = &s->group[i];
	if (!g)
		return -ENOENT;
	t2_big_lock(s->env, s->big, T2_LS_OPEN_GROUP);
	if (g->fd_open || g->container) {
		r = -EBUSY; /* CORE-6 */
	} else {
		r = t2_fault_site(s); /* FAIL-1: group file */
		t2_commit_point(s->env, s->big, true, T2_PT_OPEN_GROUP_COMMIT,
				T2_MUT_SPLIT_OPEN_GROUP_COMMIT);
		if (!r) {
			g->fd_open = true;
			*out = &g->file;
		}
	}
	t2_big_unlock(s->env, s->big, T2_LS_OPEN_GROUP);
	return r;
}

/* CORE-13: a container whose fd is closed dies with its last group. */
void t2_container_maybe_destroy(struct t2_sim *s, struct t2_container *c)
{
	struct t2_container **pp;

	if (c->fd_open || c->groups || c->be)
		return;
	t2_lock_dom(s);
	for (pp = &s->containers; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	t2_unlock_dom(s);
	os_free(c);
}

/* CORE-9 after its checks (also CORE-12's implied unset): detach, leave,
 * release after the last group, destroy a closed container. */
long t2_group_leave(struct t2_sim *s, struct t2_group *g)
{
	struct t2_container *c = g->container;
	u32 bit = 1u << g->index;
	long r = 0;

	if (s->design->group_leaves)
		s->design->group_leaves(s, c, g); /* 9a; MSIC-11 */
	if (c->be) {
		t2_lock_dom(s);
		t2_dom_detach(s, &c->be->dom, g, c->groups & ~bit);
		t2_unlock_dom(s);
	}
	c->groups &= ~bit;
	g->container = NULL;
	if (!c->groups && c->be)
		r = t2_release(s, c);
	t2_container_maybe_destroy(s, c);
	return r;
}

void t2_close(struct t2_sim *s, struct t2_file *f)
{
	t2_big_lock(s->env, s->big, T2_LS_CLOSE);
	switch (f->kind) {
	case T2_FILE_CONTAINER: {
		struct t2_container *c = container_of_file(f);

		c->fd_open = false;
		t2_container_maybe_destroy(s, c);
		break;
	}
	case T2_FILE_GROUP: {
		struct t2_group *g = group_of_file(f);

		g->fd_open = false;
		if (g->container && !g->ndevices)
			t2_group_leave(s, g);
		break;
	}
	case T2_FILE_DEVICE: {
		struct t2_device *dev = device_of_file(f);
		struct t2_group *g = dev->g;

		g->ndevices--;
		if (!g->ndevices && !g->fd_open && g->container)
			t2_group_leave(s, g);
		os_free(dev);
		break;
	}
	case T2_FILE_MSI:
		t2_msic_close(s, f);
		break;
	default:
		break;
	}
	t2_big_unlock(s->env, s->big, T2_LS_CLOSE);
}

/* ------------------------------------------------------------ container ioctls */
long t2h_VFIO_GET_API_VERSION(struct t2_call *call)
{
	(void)call;
	return VFIO_API_VERSION;
}

long t2h_VFIO_CHECK_EXTENSION(struct t2_call *call)
{
	return call->arg == (unsigned long)T2_TYPE2_VALUE ? 1 : 0;
}

/* CORE-4, CORE-5, DOM-9 */
long t2h_VFIO_SET_IOMMU(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_container *c = call->c;
	struct t2_backend *be;
	u32 i;
	int r = 0;

	if (!c->groups)
		return -EINVAL;
	if (c->be)
		return -EINVAL;
	if (call->arg != (unsigned long)T2_TYPE2_VALUE)
		return -ENODEV;
	be = t2_fault_alloc(s, sizeof(*be), &r); /* FAIL-1: backend */
	if (!be)
		return r;
	T2_COMMIT(call, SET_IOMMU_COMMIT);
	be->serial = ++s->be_serial;
	t2_dom_init(&be->dom, c);
	t2_lock_dom(s);
	for (i = 0; i < s->ngroups && !r; i++)
		if (c->groups & (1u << i))
			r = t2_dom_attach(s, &be->dom, &s->group[i]);
	if (r)
		t2_dom_teardown(s, &be->dom);
	else
		c->be = be;
	t2_unlock_dom(s);
	if (r)
		os_free(be);
	return r;
}

/* ------------------------------------------------------------ group ioctls */
long t2h_VFIO_GROUP_GET_STATUS(struct t2_call *call)
{
	struct t2_group *g = call->g;

	call->a.status.flags = VFIO_GROUP_FLAGS_VIABLE |
			       (g->container ? VFIO_GROUP_FLAGS_CONTAINER_SET : 0);
	t2_out(call, 0, 4, 4);
	return 0;
}

/* CORE-8, DOM-4 */
long t2h_VFIO_GROUP_SET_CONTAINER(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_group *g = call->g;
	struct t2_container *c;
	struct t2_file *f;
	int fd = call->a.s32;
	int r;

	if (fd < 0)
		return -EINVAL;
	if (g->container)
		return -EINVAL;
	r = os_fd_lookup(s->env, fd, &f);
	if (r)
		return r;
	if (f->kind != T2_FILE_CONTAINER)
		return -EINVAL;
	c = container_of_file(f);
	T2_COMMIT(call, SET_CONTAINER_COMMIT);
	if (c->be) {
		t2_lock_dom(s);
		r = t2_dom_attach(s, &c->be->dom, g);
		t2_unlock_dom(s);
		if (r)
			return r;
	}
	c->groups |= 1u << g->index;
	g->container = c;
	return 0;
}

/* CORE-9 */
long t2h_VFIO_GROUP_UNSET_CONTAINER(struct t2_call *call)
{
	struct t2_group *g = call->g;

	if (!g->container)
		return -EINVAL;
	if (g->ndevices)
		return -EBUSY;
	T2_COMMIT(call, UNSET_CONTAINER_COMMIT);
	return t2_group_leave(call->s, g);
}

/* CORE-10 */
long t2h_VFIO_GROUP_GET_DEVICE_FD(struct t2_call *call)
{
	struct t2_sim *s = call->s;
	struct t2_group *g = call->g;
	struct t2_device *dev;
	char name[T2SIM_DEVNAME_LEN];
	long len;
	int r, fd;

	len = os_strnlen_user(s->env, call->arg, T2_NAME_MAX);
	if (len < 0)
		return len;
	if (len >= T2_NAME_MAX)
		return -EINVAL;
	if (len < T2SIM_DEVNAME_LEN) {
		if (os_copy_from_user(s->env, name, call->arg, (size_t)len))
			return -EFAULT;
		name[len] = '\0';
	}
	if (!g->container || !g->container->be)
		return -EINVAL;
	if (len >= T2SIM_DEVNAME_LEN || !len ||
	    os_memcmp(name, g->device, (size_t)len + 1))
		return -ENODEV;
	dev = t2_fault_alloc(s, sizeof(*dev), &r); /* FAIL-1: device file */
	if (!dev)
		return r;
	T2_COMMIT(call, GET_DEVICE_FD_COMMIT);
	dev->file.kind = T2_FILE_DEVICE;
	dev->g = g;
	fd = os_fd_install(s->env, &dev->file);
	if (fd < 0) {
		os_free(dev);
		return fd;
	}
	g->ndevices++;
	return fd;
}
