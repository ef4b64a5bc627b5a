/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * points.c - names of the scheduling points and of the lock mutant this
 * core was built as, from points.def and locks.def (points.h).
 */
#include "internal.h"

static const char *const point_names[T2_PT_COUNT] = {
#define T2_POINT(name, kind, what) [T2_PT_##name] = #name,
#include "points.def"
#undef T2_POINT
#define T2_LOCK_SECTION(name, what) \
	[T2_PT_ENTER_##name] = "ENTER_" #name, [T2_PT_LEAVE_##name] = "LEAVE_" #name,
#include "locks.def"
#undef T2_LOCK_SECTION
};

const char *t2_point_name(u32 point)
{
	return point < T2_PT_COUNT ? point_names[point] : "?";
}

#define T2_MUT_IF_COMMIT(name) [T2_MUT_SPLIT_##name] = "SPLIT_" #name,
#define T2_MUT_IF_STEP(name)
#define T2_MUT_IF_B8(name)
#define T2_MUT_IF_DOM(name)
static const char *const mutant_names[T2_MUT_COUNT] = {
	[T2_MUT_NONE] = "none",
#define T2_LOCK_SECTION(name, what) [T2_MUT_LOCK_##name] = "LOCK_" #name,
#include "locks.def"
#undef T2_LOCK_SECTION
#define T2_POINT(name, kind, what) T2_MUT_IF_##kind(name)
#include "points.def"
#undef T2_POINT
};

const char *t2_lock_mutant_name(void)
{
	return mutant_names[T2_LOCK_MUTANT];
}
