/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * finding_frames.h - a finding aborts through a function named after its
 * rule area and kind (t2_finding_INV_COUNTER, t2_finding_MAP_RET, ...), so
 * that the crash stack names it: ClusterFuzz / OSS-Fuzz deduplicate crashes
 * by their top frames, and one shared abort() would make every finding one
 * bug.  The areas are the rule-ID prefixes of docs/spec.md (make check-t2h
 * checks that every prefix the spec uses is here); a rule of an area not
 * listed aborts through t2_finding_OTHER_<kind>.  The kinds are exec.h's
 * T2X_FK_* (what went wrong: a return value, bytes, a counter, ...).
 */
#ifndef T2_FINDING_FRAMES_H
#define T2_FINDING_FRAMES_H

#include <stdlib.h>
#include <string.h>
#include "exec/exec.h"

#define T2_FINDING_AREAS(X)                                                        \
	X(ABI) X(ACCT) X(ATOM) X(ATTR) X(CONC) X(CORE) X(DESIGN) X(DEV) X(DOM)      \
	X(ERR) X(FAIL) X(GEOM) X(INTRO) X(INV) X(ISO) X(MAP) X(MEM) X(MSI) X(MSIA)  \
	X(MSIB) X(MSIC) X(PERS) X(PLAT) X(REL) X(STASH) X(UNMAP) X(WIN) X(OTHER)
/* in T2X_FK_* order */
#define T2_FINDING_KINDS(X, area) \
	X(area, OTHER) X(area, RET) X(area, BYTES) X(area, COUNTER) X(area, XLATE)

/* noinline, and called through a table: each stays a frame of its own */
#define T2_FINDING_FN(area, kind)                                                    \
	__attribute__((noinline, noreturn, used)) void t2_finding_##area##_##kind(void); \
	__attribute__((noinline, noreturn, used)) void t2_finding_##area##_##kind(void)  \
	{                                                                            \
		static volatile const char *const name = #area "_" #kind;            \
		(void)name;                                                          \
		abort();                                                             \
	}
#define T2_FINDING_AREA_FNS(area) T2_FINDING_KINDS(T2_FINDING_FN, area)
T2_FINDING_AREAS(T2_FINDING_AREA_FNS)
#undef T2_FINDING_AREA_FNS
#undef T2_FINDING_FN

#define T2_FINDING_PTR(area, kind) t2_finding_##area##_##kind,
#define T2_FINDING_ROW(area) { T2_FINDING_KINDS(T2_FINDING_PTR, area) },
static void (*const t2_finding_frames[][5])(void) = { T2_FINDING_AREAS(T2_FINDING_ROW) };
#undef T2_FINDING_ROW
#undef T2_FINDING_PTR
#define T2_FINDING_NAME(area) #area,
static const char *const t2_finding_areas[] = { T2_FINDING_AREAS(T2_FINDING_NAME) };
#undef T2_FINDING_NAME

/* Aborts through the frame of res's rule area and kind. */
static __attribute__((noreturn)) void t2_finding_abort(const struct t2x_result *res)
{
	size_t na = sizeof(t2_finding_areas) / sizeof(t2_finding_areas[0]), a;
	size_t n = strcspn(res->f.id, "-");
	unsigned int k = (unsigned int)res->f.kind < 5 ? (unsigned int)res->f.kind : 0;

	for (a = 0; a + 1 < na; a++)
		if (strlen(t2_finding_areas[a]) == n && !strncmp(res->f.id, t2_finding_areas[a], n))
			break;
	t2_finding_frames[a][k]();
	abort();        /* not reached: the frame aborts */
}

#endif /* T2_FINDING_FRAMES_H */
