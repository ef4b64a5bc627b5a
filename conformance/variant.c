/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * variant.c - the suite's view of the VFIO core variant
 * (variant.h).
 */
#include <string.h>
#include "variant.h"

int t2t_core(struct t2_tctx *t)
{
	const struct t2t_mode *m = T2T(t)->mode;

	if (m && m->kind && !strcmp(m->kind, "stub"))
		return T2_CORE_SPEC;
	return T2T(t)->cfg.core;
}

unsigned int t2t_core_file_sites(struct t2_tctx *t)
{
	return t2t_core(t) == T2_CORE_SPEC ? 1 : 0;
}
