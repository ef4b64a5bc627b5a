// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/* Copyright (c) 2026 The t2harness authors */
/*
 * groups_plat.c - t2groups.ko's use of the simulator core: its platform
 * parser (PLAT-2), for the groups, LIODNs and device names to emulate
 * (groups_plat.h), with the three OS hooks the parser uses (the rest of
 * os_linux.c is the simulator's device layer, which this module has not).
 */
#include <linux/build_bug.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "t2core.h"
#include "groups_plat.h"

void *os_zalloc(size_t n)
{
	return kzalloc(n ? n : 1, GFP_KERNEL);
}

void os_free(void *p)
{
	kfree(p);
}

void os_log(struct os_env *env, const char *line)
{
	pr_info("t2groups: %s\n", line);
}

int t2g_platform_groups(const char *platform, struct t2g_group *out, u32 *n, char *err,
			size_t errlen)
{
	struct t2sim_platform *p;
	u32 i;
	int ret;

	BUILD_BUG_ON(T2G_MAX_GROUPS != T2SIM_MAX_GROUPS);
	BUILD_BUG_ON(T2G_MAX_LIODNS != T2SIM_MAX_GROUP_LIODNS);
	BUILD_BUG_ON(sizeof(out->device) != T2SIM_DEVNAME_LEN);
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	ret = t2_platform_parse(platform, p, err, errlen);
	if (!ret && p->ngroups > T2G_MAX_GROUPS)
		ret = -EINVAL;
	for (i = 0; !ret && i < p->ngroups; i++) {
		out[i].group = p->groups[i].group;
		out[i].nliodns = p->groups[i].nliodns;
		memcpy(out[i].liodn, p->groups[i].liodn, sizeof(out[i].liodn));
		memcpy(out[i].device, p->groups[i].device, sizeof(out[i].device));
		out[i].device[sizeof(out[i].device) - 1] = '\0';
	}
	if (!ret)
		*n = p->ngroups;
	kfree(p);
	return ret;
}
