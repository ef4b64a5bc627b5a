/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * vfio_sim.h - what t2vfio.ko's two halves share.  vfio_main.c talks to the
 * kernel's VFIO core (it includes <linux/vfio.h>); vfio_sim.c talks to the
 * simulator core (it includes the project's ABI header).  The two headers
 * define the same names (spec ABI-1), so no file includes both: this one
 * uses plain kernel types only.
 */
#ifndef T2_VFIO_SIM_H
#define T2_VFIO_SIM_H

#include <linux/types.h>

struct t2v;		/* one simulator instance */
struct t2v_cont;	/* the simulator container behind one VFIO container */

/*
 * A new instance from the module parameters (DEV-4, PERS-2); logs and
 * returns -EINVAL on a bad value.
 */
int t2v_create(struct t2v **out, const char *platform, const char *personality,
	       const char *defects);
/* Frees the instance; every VFIO container has released it first. */
void t2v_destroy(struct t2v *v);

/* The platform's groups, by index (ascending number, PLAT-8). */
u32 t2v_ngroups(const struct t2v *v);
u32 t2v_group_num(const struct t2v *v, u32 idx);
const char *t2v_group_device(const struct t2v *v, u32 idx);
u64 t2v_switches(const struct t2v *v);

/* CHECK_EXTENSION before SET_IOMMU (CORE-3): 1 for the type2 value. */
long t2v_check_extension(unsigned long value);

/*
 * The VFIO core's open(): a simulator container with no group and no
 * backend, found again by key (the VFIO container) once groups attach.
 * NULL when memory is short.
 */
struct t2v_cont *t2v_cont_get(struct t2v *v);
/* The VFIO core's release(): the backend goes (REL-1) and c is reused. */
void t2v_cont_put(struct t2v *v, struct t2v_cont *c);
/*
 * attach_group().  Within SET_IOMMU (no backend yet) the first call attaches
 * every group of peers (a mask of group indices: all the groups of the VFIO
 * container) in ascending order, as the spec's SET_IOMMU does (CORE-4,
 * CORE-14, DOM-9), and records key; the later calls of that SET_IOMMU find
 * their group attached.  With a backend, it attaches group idx alone
 * (GROUP_SET_CONTAINER, DOM-4).  0 or -errno.
 */
int t2v_attach(struct t2v *v, struct t2v_cont *c, u32 idx, u32 peers,
	       const void *key);
/* detach_group(): DOM-8; the last group's detach releases (REL-1). */
void t2v_detach(struct t2v *v, struct t2v_cont *c, u32 idx);
/* The container ioctls the VFIO core passes through (c NULL: no backend). */
long t2v_ioctl(struct t2v *v, struct t2v_cont *c, unsigned int cmd,
	       unsigned long arg);

/*
 * The side channel (t2/vfio_intro.h): a T2SIM_* command on group idx, or on
 * the container recorded under key (groups: the mask of group indices that
 * VFIO says are in it, used while it has no backend).  -ENOTTY for any
 * other command.
 */
long t2v_intro_group(struct t2v *v, u32 idx, unsigned long cmd, unsigned long arg);
long t2v_intro_container(struct t2v *v, const void *key, u32 groups,
			 unsigned long cmd, unsigned long arg);

#endif /* T2_VFIO_SIM_H */
