// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/* Copyright (c) 2026 The t2harness authors */
/*
 * vfio_sim.c - t2vfio.ko's simulator half: the spec's containers and groups
 * driven by the kernel's VFIO core instead of by the module's own nodes.
 *
 * The VFIO core owns the container and group fds and their rules (CORE-n as
 * Linux implements them, docs/vfio-core.md); this file mirrors what the core
 * decides onto the simulator: a simulator container per VFIO container that
 * has this backend, group membership, SET_IOMMU's attach, detach and
 * release.  Everything past that (ATTR, MAP, MSI, introspection) is the
 * simulator's own ioctl entry, unchanged.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "internal.h"
#include "t2mod.h"
#include "vfio_sim.h"

/*
 * A simulator container lent to one VFIO container.  The VFIO core reads
 * its iommu_data without a lock in the container ioctl path, so a released
 * container is never freed while the module is loaded: it goes back to the
 * pool, without a backend, and a late ioctl on it gets EINVAL (ERR-1 level
 * 0) instead of touching freed memory.
 */
struct t2v_cont {
	struct t2v_cont *next;
	struct t2_container *c;
	const void *key;	/* the VFIO container, once a group attached */
	bool used;
};

struct t2v {
	struct t2_sim *sim;
	struct os_env *env;
	struct t2v_cont *pool;	/* under sim->big */
	/* SET_IOMMU's call, under sim->big: too big for the kernel stack */
	struct t2_call call;
};

int t2v_create(struct t2v **out, const char *platform, const char *personality,
	       const char *defects)
{
	struct t2sim_platform *plat;
	struct t2v *v;
	u64 mask = 0;
	int ret;

	plat = kzalloc(sizeof(*plat), GFP_KERNEL);
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!plat || !v) {
		ret = -ENOMEM;
		goto out;
	}
	ret = t2m_load_params("t2vfio", platform, personality, defects, plat, &mask);
	if (ret)
		goto out;
	plat->ram = 0; /* INTRO-9: real memory */
	if (plat->msi_design == T2_MSI_DESIGN_C) {
		/* MSIC-1's GET_MSI_FD is a group ioctl: the VFIO core answers
		 * group ioctls itself and has no hook that passes one to its IOMMU
		 * driver, so design C needs a VFIO core change (docs/vfio-core.md) */
		pr_err("t2vfio: platform='%s': msi_design=C needs a VFIO core change "
		       "(GROUP_GET_MSI_FD is a group ioctl); use t2sim.ko\n", platform);
		ret = -EINVAL;
		goto out;
	}
	v->env = t2m_env_new();
	if (!v->env) {
		ret = -ENOMEM;
		goto out;
	}
	ret = t2_sim_create(&v->sim, plat, mask, v->env);
	if (ret) {
		pr_err("t2vfio: cannot create the simulator: %d\n", ret);
		goto out;
	}
	kfree(plat);
	*out = v;
	return 0;
out:
	if (v && v->env)
		t2m_env_free(v->env);
	kfree(v);
	kfree(plat);
	return ret;
}

void t2v_destroy(struct t2v *v)
{
	struct t2v_cont *w;

	if (!v)
		return;
	/* the simulator frees the containers still on its list */
	t2_sim_destroy(v->sim);
	while ((w = v->pool)) {
		v->pool = w->next;
		kfree(w);
	}
	t2m_env_free(v->env);
	kfree(v);
}

u32 t2v_ngroups(const struct t2v *v)
{
	return v->sim->ngroups;
}

u32 t2v_group_num(const struct t2v *v, u32 idx)
{
	return v->sim->group[idx].num;
}

const char *t2v_group_device(const struct t2v *v, u32 idx)
{
	return v->sim->group[idx].device;
}

u64 t2v_switches(const struct t2v *v)
{
	return v->sim->sw;
}

long t2v_check_extension(unsigned long value)
{
	return value == (unsigned long)T2_TYPE2_VALUE ? 1 : 0;
}

/*
 * A simulator container without the FAIL-1 "container" fault site: under
 * VFIO the container node's open is the VFIO core's, and SET_IOMMU's first
 * site is the backend (FAIL-1), as in the spec.
 */
static struct t2_container *t2v_new_container(struct t2_sim *s)
{
	struct t2_container *c = os_zalloc(sizeof(*c));

	if (!c)
		return NULL;
	c->file.kind = T2_FILE_CONTAINER;
	c->sim = s;
	c->fd_open = true; /* never destroyed by the core: see struct t2v_cont */
	t2_lock_dom(s);
	c->next = s->containers;
	s->containers = c;
	t2_unlock_dom(s);
	return c;
}

struct t2v_cont *t2v_cont_get(struct t2v *v)
{
	struct t2_sim *s = v->sim;
	struct t2v_cont *w;

	os_lock(s->big);
	for (w = v->pool; w && w->used; w = w->next)
		;
	if (!w) {
		w = kzalloc(sizeof(*w), GFP_KERNEL);
		if (w)
			w->c = t2v_new_container(s);
		if (w && !w->c) {
			kfree(w);
			w = NULL;
		}
		if (w) {
			w->next = v->pool;
			v->pool = w;
		}
	}
	if (w) {
		w->used = true;
		w->key = NULL;
	}
	os_unlock(s->big);
	return w;
}

/* Under s->big: every group leaves; the last one releases (REL-1). */
static void t2v_empty(struct t2_sim *s, struct t2_container *c)
{
	u32 i;

	for (i = 0; i < s->ngroups; i++)
		if (s->group[i].container == c)
			t2_group_leave(s, &s->group[i]);
	if (c->be)
		t2_release(s, c);
}

void t2v_cont_put(struct t2v *v, struct t2v_cont *w)
{
	struct t2_sim *s = v->sim;

	os_lock(s->big);
	t2v_empty(s, w->c);
	w->key = NULL;
	w->used = false;
	os_unlock(s->big);
}

static void t2v_join(struct t2_container *c, struct t2_group *g)
{
	c->groups |= 1u << g->index;
	g->container = c;
}

static void t2v_unjoin(struct t2_container *c, struct t2_group *g)
{
	c->groups &= ~(1u << g->index);
	g->container = NULL;
}

int t2v_attach(struct t2v *v, struct t2v_cont *w, u32 idx, u32 peers,
	       const void *key)
{
	struct t2_sim *s = v->sim;
	struct t2_container *c = w->c;
	struct t2_call *call = &v->call;
	struct t2_group *g;
	long r = 0;
	u32 i;

	if (idx >= s->ngroups)
		return -EINVAL;
	g = &s->group[idx];
	os_lock(s->big);
	if (g->container == c) {
		r = 0; /* attached by the first call of this SET_IOMMU */
	} else if (g->container) {
		r = -EBUSY; /* VFIO keeps a group in one container: not reached */
	} else if (c->be) {
		/* GROUP_SET_CONTAINER on a container with a backend (DOM-4) */
		t2_lock_dom(s);
		r = t2_dom_attach(s, &c->be->dom, g);
		t2_unlock_dom(s);
		if (!r)
			t2v_join(c, g);
	} else {
		/* SET_IOMMU: the container's groups join, then attach in order */
		peers |= 1u << idx;
		for (i = 0; i < s->ngroups; i++)
			if ((peers & (1u << i)) && !s->group[i].container)
				t2v_join(c, &s->group[i]);
		memset(call, 0, sizeof(*call));
		call->s = s;
		call->f = &c->file;
		call->c = c;
		call->arg = (unsigned long)T2_TYPE2_VALUE; /* open() took no other */
		call->locked = true;
		r = t2h_VFIO_SET_IOMMU(call);
		if (r) {
			for (i = 0; i < s->ngroups; i++)
				if (s->group[i].container == c)
					t2v_unjoin(c, &s->group[i]);
		} else {
			w->key = key;
		}
	}
	os_unlock(s->big);
	return r == -T2_ECRASH ? -EFAULT : (int)r;
}

void t2v_detach(struct t2v *v, struct t2v_cont *w, u32 idx)
{
	struct t2_sim *s = v->sim;

	if (idx >= s->ngroups)
		return;
	os_lock(s->big);
	if (s->group[idx].container == w->c)
		t2_group_leave(s, &s->group[idx]);
	os_unlock(s->big);
}

long t2v_ioctl(struct t2v *v, struct t2v_cont *w, unsigned int cmd, unsigned long arg)
{
	if (!w)
		return cmd == VFIO_CHECK_EXTENSION ? t2v_check_extension(arg) : -ENOTTY;
	return t2_ioctl(v->sim, &w->c->file, cmd, arg);
}

long t2v_intro_group(struct t2v *v, u32 idx, unsigned long cmd, unsigned long arg)
{
	if (!t2sim_is_intro_cmd(cmd) || idx >= v->sim->ngroups)
		return -ENOTTY;
	return t2_ioctl(v->sim, &v->sim->group[idx].file, cmd, arg);
}

long t2v_intro_container(struct t2v *v, const void *key, u32 groups,
			 unsigned long cmd, unsigned long arg)
{
	struct t2_sim *s = v->sim;
	struct t2_container tmp;
	struct t2_file *f = NULL;
	struct t2v_cont *w;

	if (!t2sim_is_intro_cmd(cmd))
		return -ENOTTY;
	os_lock(s->big);
	for (w = v->pool; w; w = w->next)
		if (w->used && w->key == key && key)
			f = &w->c->file;
	os_unlock(s->big);
	/*
	 * Not yet SET_IOMMU: answer for a container that holds these groups
	 * and nothing else (INTRO-6 before a backend).  It is on no list.
	 */
	if (!f) {
		memset(&tmp, 0, sizeof(tmp));
		tmp.file.kind = T2_FILE_CONTAINER;
		tmp.sim = s;
		tmp.fd_open = true;
		tmp.groups = groups & ((1u << s->ngroups) - 1);
		f = &tmp.file;
	}
	return t2_ioctl(s, f, cmd, arg);
}

/*
 * os_linux.c resolves fds and installs device fds through these (t2mod.h).
 * Under VFIO no fd reaches the simulator: the VFIO core resolves
 * GROUP_SET_CONTAINER's fd and owns device fds.
 */
struct t2_file *t2m_core_file(struct file *file)
{
	return NULL;
}

const struct file_operations t2m_device_fops = {
	.owner = THIS_MODULE,
};

/* MSI design C is refused at load (t2v_create): nothing maps these. */
const struct file_operations t2m_msi_fops = {
	.owner = THIS_MODULE,
};

const struct vm_operations_struct t2m_msi_vm_ops;
