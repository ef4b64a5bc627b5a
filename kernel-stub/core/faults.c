/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * faults.c - fault sites and fail-nth (FAIL-1..4, INTRO-8).
 *
 * Every site of FAIL-1, and nothing else, calls t2_fault_site() (or the
 * counted allocator t2_fault_alloc(), which is one site plus a real
 * allocation).  The armed state is one atomic word, because under SDK-B8 the
 * MSI paths reach their sites without the container lock.
 */
#include "internal.h"

#define FAIL_FIRED (1ull << 32)
#define FAIL_REMAINING(v) ((u32)((v) & 0xffffffffull))

int t2_fault_site(struct t2_sim *s)
{
	u64 old = os_atomic_load(&s->fail);

	for (;;) {
		u32 rem = FAIL_REMAINING(old);
		u64 nv;

		if (!rem)
			return 0;
		/* INTRO-8: only the arming caller's own calls reach its sites */
		if (os_caller_id(s->env) != os_atomic_load(&s->fail_owner))
			return 0;
		nv = (old & FAIL_FIRED) | (rem - 1);
		if (rem == 1)
			nv |= FAIL_FIRED;
		if (os_atomic_cas(&s->fail, &old, nv))
			return rem == 1 ? -ENOMEM : 0;
	}
}

void *t2_fault_alloc(struct t2_sim *s, size_t n, int *err)
{
	void *p;

	*err = t2_fault_site(s);
	if (*err)
		return NULL;
	p = os_zalloc(n ? n : 1);
	if (!p)
		*err = -ENOMEM;
	return p;
}

void t2_fail_arm(struct t2_sim *s, u32 nth)
{
	os_atomic_store(&s->fail_owner, os_caller_id(s->env));
	os_atomic_store(&s->fail, nth);
}

void t2_fail_read(struct t2_sim *s, u32 *remaining, u32 *fired)
{
	u64 v = os_atomic_load(&s->fail);

	*remaining = FAIL_REMAINING(v);
	*fired = (v & FAIL_FIRED) ? 1 : 0;
}
