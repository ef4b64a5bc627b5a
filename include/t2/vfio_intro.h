/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2/vfio_intro.h - the side channel of t2vfio.ko (docs/vfio-core.md), shared
 * by the module and the harness's device backend.
 *
 * Behind the real VFIO core, group fds answer only the core's own ioctls and
 * a container answers nothing before SET_IOMMU, so the introspection ioctls
 * of spec section 17 cannot be issued on them.  /dev/t2vfio takes one ioctl,
 * T2VFIO_INTRO, that names a VFIO fd of the caller and an introspection
 * command; the module runs that command on the simulator object behind the
 * fd, exactly as t2sim.ko would on its own node.  Only T2SIM_* commands pass;
 * an fd that is not one of the module's groups or a VFIO container gives
 * ENOTTY (spec INTRO-1: an unknown ioctl there).
 */
#ifndef T2_VFIO_INTRO_H
#define T2_VFIO_INTRO_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define T2VFIO_NODE "/dev/t2vfio"

struct t2vfio_intro {
	__u32 argsz;	/* sizeof(struct t2vfio_intro) */
	__u32 flags;	/* 0 */
	__s32 fd;	/* a VFIO container or group fd of the caller */
	__u32 pad0;
	__u64 cmd;	/* a T2SIM_* ioctl number */
	__u64 arg;	/* its argument (user pointer), as for ioctl(2) */
};

/* '7' like the T2SIM_* numbers, past them (INTRO-1 uses 0x40..0x44). */
#define T2VFIO_INTRO _IO('7', 0x60)

_Static_assert(sizeof(struct t2vfio_intro) == 32, "t2vfio_intro size");
_Static_assert(_Alignof(struct t2vfio_intro) == 8, "t2vfio_intro alignment");
_Static_assert(__builtin_offsetof(struct t2vfio_intro, fd) == 8, "t2vfio_intro.fd offset");
_Static_assert(__builtin_offsetof(struct t2vfio_intro, cmd) == 16, "t2vfio_intro.cmd offset");
_Static_assert(__builtin_offsetof(struct t2vfio_intro, arg) == 24, "t2vfio_intro.arg offset");

#endif /* T2_VFIO_INTRO_H */
