/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * points.h - scheduling points and lock-removal mutants of the core, both
 * generated from points.def and locks.def (docs/concurrency.md).
 *
 * Point ids: the points.def entries in order, then for each locks.def
 * section ENTER_<name> (before the lock) and LEAVE_<name> (after it).
 *
 * Mutants: build the core with -DT2_LOCK_MUTANT=T2_MUT_LOCK_<section> (the
 * section runs without s->big) or -DT2_MUT_SPLIT_<point> (a COMMIT point
 * drops and retakes s->big: its check and its commit become two sections).
 * Without T2_LOCK_MUTANT the helpers below are the plain lock calls.
 */
#ifndef T2_CORE_POINTS_H
#define T2_CORE_POINTS_H

#include "os.h"

enum t2_point {
#define T2_POINT(name, kind, what) T2_PT_##name,
#include "points.def"
#undef T2_POINT
#define T2_LOCK_SECTION(name, what) T2_PT_ENTER_##name, T2_PT_LEAVE_##name,
#include "locks.def"
#undef T2_LOCK_SECTION
	T2_PT_COUNT
};

enum t2_lock_section {
#define T2_LOCK_SECTION(name, what) T2_LS_##name,
#include "locks.def"
#undef T2_LOCK_SECTION
	T2_LS_COUNT
};

/* Only COMMIT points are split mutants. */
#define T2_MUT_IF_COMMIT(name) T2_MUT_SPLIT_##name,
#define T2_MUT_IF_STEP(name)
#define T2_MUT_IF_B8(name)
#define T2_MUT_IF_DOM(name)
enum t2_mutant {
	T2_MUT_NONE = 0,
#define T2_LOCK_SECTION(name, what) T2_MUT_LOCK_##name,
#include "locks.def"
#undef T2_LOCK_SECTION
#define T2_POINT(name, kind, what) T2_MUT_IF_##kind(name)
#include "points.def"
#undef T2_POINT
	T2_MUT_COUNT
};
#undef T2_MUT_IF_COMMIT
#undef T2_MUT_IF_STEP
#undef T2_MUT_IF_B8
#undef T2_MUT_IF_DOM

#ifndef T2_LOCK_MUTANT
#define T2_LOCK_MUTANT T2_MUT_NONE
#endif

/* Name of a point id ("MAP_DMA_COMMIT", "ENTER_IOCTL"), "?" if out of range. */
const char *t2_point_name(u32 point);
/* Name of the mutant this core was built as ("none", "LOCK_IOCTL", ...). */
const char *t2_lock_mutant_name(void);

/* Take / drop the container lock for one locks.def section. */
static inline void t2_big_lock(struct os_env *env, struct os_lock *big, u32 section)
{
	os_sched_point(env, T2_PT_ENTER_IOCTL + 2 * section);
	if (T2_LOCK_MUTANT != T2_MUT_LOCK_IOCTL + section)
		os_lock(big);
}

static inline void t2_big_unlock(struct os_env *env, struct os_lock *big, u32 section)
{
	if (T2_LOCK_MUTANT != T2_MUT_LOCK_IOCTL + section)
		os_unlock(big);
	os_sched_point(env, T2_PT_LEAVE_IOCTL + 2 * section);
}

/* A COMMIT point reached with s->big held iff `locked`; the split mutant of
 * this point drops the lock across it.  split_id: T2_MUT_SPLIT_<point>. */
static inline void t2_commit_point(struct os_env *env, struct os_lock *big, bool locked,
				   u32 point, u32 split_id)
{
	if (locked && T2_LOCK_MUTANT == split_id && split_id != T2_MUT_NONE) {
		os_unlock(big);
		os_sched_point(env, point);
		os_lock(big);
		return;
	}
	os_sched_point(env, point);
}

#endif /* T2_CORE_POINTS_H */
