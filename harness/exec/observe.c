/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * observe.c - the executor's observation levels (exec.h, enum t2x_observe):
 * their names, for --observe / T2_OBSERVE and for what a finding records.
 */
#include <errno.h>
#include <string.h>
#include "exec/exec.h"

static const char *const observe_names[] = {
	[T2X_OBSERVE_FULL] = "full",
	[T2X_OBSERVE_PROGRAM] = "program",
	[T2X_OBSERVE_NONE] = "none",
};

int t2x_observe_parse(const char *s, int *out)
{
	int i;

	for (i = 0; i < (int)(sizeof(observe_names) / sizeof(observe_names[0])); i++)
		if (!strcmp(s, observe_names[i])) {
			*out = i;
			return 0;
		}
	return -EINVAL;
}

const char *t2x_observe_name(int level)
{
	if (level < 0 || level >= (int)(sizeof(observe_names) / sizeof(observe_names[0])))
		return "?";
	return observe_names[level];
}
