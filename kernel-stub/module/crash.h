/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * crash.h - the planted crashes of t2crash.ko (crash.c): t2vfio.ko's
 * backend built with T2_CRASH_HOOKS.  Without it the hooks are empty.
 */
#ifndef T2_CRASH_H
#define T2_CRASH_H

#include <linux/types.h>

#ifdef T2_CRASH_HOOKS
/* Checks the module parameters: 0, or -EINVAL naming the bad one. */
int t2crash_init(void);
/* Called on entry to every container ioctl the VFIO core passes on. */
void t2crash_hook(unsigned int cmd, unsigned long arg);
#else
static inline int t2crash_init(void) { return 0; }
static inline void t2crash_hook(unsigned int cmd, unsigned long arg) { }
#endif

#endif /* T2_CRASH_H */
