/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * params.h - the spec's DEV-4 load parameters, the same in both front ends
 * (t2sim.ko: main.c; t2vfio.ko: vfio_main.c).  Included once per module,
 * where it defines the module's own parameter variables.  The scheduling
 * point delays (sched_delay_seed, sched_delay_us, sched_delay_one_in) are
 * declared in os_linux.c, the one file of both modules that reads them.
 */
#ifndef T2_MODULE_PARAMS_H
#define T2_MODULE_PARAMS_H

#include <linux/moduleparam.h>

static char *platform;
module_param(platform, charp, 0444);
MODULE_PARM_DESC(platform, "platform description (spec PLAT-2), default p4080");

static char *personality;
module_param(personality, charp, 0444);
MODULE_PARM_DESC(personality, "spec (default) or sdk2013 (spec PERS-1)");

static char *defects;
module_param(defects, charp, 0444);
MODULE_PARM_DESC(defects, "exact switch list, e.g. B6,L1 or all; overrides personality (PERS-2)");

#endif /* T2_MODULE_PARAMS_H */
