/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * groups_plat.h - t2groups.ko's two halves: groups_main.c talks to the VFIO
 * core (<linux/vfio.h>), groups_plat.c to the simulator core's platform
 * parser (the project's ABI header); the two headers define the same names
 * (spec ABI-1), so this one uses plain kernel types only.
 */
#ifndef T2_GROUPS_PLAT_H
#define T2_GROUPS_PLAT_H

#include <linux/types.h>

#define T2G_MAX_GROUPS 16       /* T2SIM_MAX_GROUPS */
#define T2G_MAX_LIODNS 4        /* T2SIM_MAX_GROUP_LIODNS */

struct t2g_group {
	u32 group;
	u32 nliodns;
	u32 liodn[T2G_MAX_LIODNS];
	char device[32];        /* T2SIM_DEVNAME_LEN */
};

/*
 * The groups of a PLAT-2 string (NULL: p4080), ascending group number,
 * into out[T2G_MAX_GROUPS]; their number in *n.  0, or -errno with a
 * message in err.
 */
int t2g_platform_groups(const char *platform, struct t2g_group *out, u32 *n, char *err,
			size_t errlen);

#endif /* T2_GROUPS_PLAT_H */
