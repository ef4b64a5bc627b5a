/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * load.c - the DEV-4 load parameters (params.h) turned into the core's
 * switch mask and platform, for both front ends (t2sim.ko, t2vfio.ko), with
 * one message per bad value naming the parameter.
 */
#include <linux/kernel.h>
#include "t2mod.h"

int t2m_load_params(const char *mod, const char *platform, const char *personality,
		    const char *defects, struct t2sim_platform *plat, u64 *mask)
{
	char err[160] = "";
	int ret;

	/* PERS-2: defects=, when given (even empty), is the exact set */
	if (defects) {
		ret = t2_switches_parse(defects, mask, err, sizeof(err));
		if (ret) {
			pr_err("%s: defects='%s': %s\n", mod, defects, err);
			return ret;
		}
	} else {
		ret = t2_personality_parse(personality ? personality : "spec", mask);
		if (ret) {
			pr_err("%s: personality='%s': use spec, sdk2013 or designs2013\n", mod, personality);
			return ret;
		}
	}
	ret = t2_platform_parse(platform, plat, err, sizeof(err));
	if (ret)
		pr_err("%s: platform='%s': %s\n", mod, platform ? platform : "", err);
	return ret;
}
