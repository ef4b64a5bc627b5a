/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2groups.h - what t2groups.ko (groups_main.c) exports to a type2 backend
 * of the kernel's VFIO core that wants more than the VFIO core tells it.
 *
 * t2groups.ko registers one emulated VFIO device per group of a platform
 * (PLAT-2 string, module parameter platform=), in ascending group number,
 * so that group N is /dev/vfio/N; each device is a platform device
 * "t2groups.N" whose "fsl,liodn" property lists the group's LIODNs (the
 * property a PAMU driver reads from the device tree).  A backend needs
 * nothing else: attach_group() gets the IOMMU group, iommu_group_id() is the
 * group number, and iommu_group_for_each_dev() reaches the devices and their
 * LIODNs.  These functions are for backends that want the VFIO devices
 * themselves (t2vfio.ko: its introspection node matches group fds).
 */
#ifndef T2_GROUPS_H
#define T2_GROUPS_H

#include <linux/types.h>

struct vfio_device;

/* How many groups (and devices) the module registered. */
u32 t2groups_count(void);
/* The VFIO device of group index idx (ascending group number), or NULL. */
struct vfio_device *t2groups_device(u32 idx);

#endif /* T2_GROUPS_H */
