/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * core_variant.h - which VFIO core answers the CORE rules (docs/vfio-core.md).
 *
 * The spec's CORE rules describe the 2013 VFIO core.  A backend behind a
 * later kernel's own VFIO core (t2vfio.ko) gets that core's answers for the
 * container and group ioctls; each such core is a named variant, selected
 * with T2_CORE (or t2conf --core), and the tests of the rules it changes
 * check the variant's documented answer instead.
 */
#ifndef T2_CORE_VARIANT_H
#define T2_CORE_VARIANT_H

#include <stddef.h>

enum t2_core_variant {
	T2_CORE_SPEC = 0,	/* "spec": the 2013 core of spec section 4 */
	T2_CORE_LINUX61 = 1,	/* "linux61": Linux 6.1's drivers/vfio */
};

/* "spec" or "linux61" -> *out; -EINVAL with a message naming the value. */
int t2_core_variant_parse(const char *name, int *out, char *err, size_t errlen);
/* (T2_CORE is read into struct t2_config, config.c; t2_config_check_core
 * refuses a variant on the stub.) */
const char *t2_core_variant_name(int v);
/* The rule IDs whose answers the variant changes ("" for spec). */
const char *t2_core_variant_rules(int v);

/*
 * CORE-11 under a variant: the positive errno an ioctl cmd on a device fd
 * gives, arg being the argument (NULL or below 4096 when unreadable).  The
 * spec's core: ENOTTY for every number.  linux61: number 17 is the VFIO
 * core's VFIO_DEVICE_FEATURE, checked before the device sees it.
 */
int t2_core_device_ioctl_errno(int v, unsigned long cmd, const void *arg);

#endif /* T2_CORE_VARIANT_H */
