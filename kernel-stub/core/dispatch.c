/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * dispatch.c - the one ioctl table and the one validation prologue.
 *
 * The table is generated from include/t2/ioctls.def and simioctls.def.  The
 * prologue implements ERR-1 levels 0 to 3 (no backend, unreadable arg,
 * argsz, flag mask), ERR-2, ERR-3 (exactly minsz bytes are read; outputs are
 * written only inside minsz), ERR-5 (outputs only on success) and ERR-6
 * (unknown numbers); handlers start at level 4.  It also applies SDK-L1
 * (swallowed results), SDK-L2 (unchecked flags) and SDK-B8 (no container
 * lock on the attribute and MSI paths).
 */
#include "internal.h"

enum { FD_CONTAINER = 1, FD_GROUP = 2, FD_ANY = 3 };
enum { ARG_NONE, ARG_VALUE, ARG_STRUCT, ARG_S32, ARG_STRING };

#define TR_NOBACKEND 1u /* n = 0, 1, 2: no level-0 check */
#define TR_B8 2u        /* no container lock under SDK-B8 */
#define TR_L1 4u        /* failures after argsz return 0 under SDK-L1 */
#define TR_L2 8u        /* flags unchecked under SDK-L2 */
#define TR_INTRO 16u    /* introspection (INTRO-2) */

/*
 * Which ioctls carry which trait.  Not an ABI fact (ioctls.def is the ABI):
 * TR_NOBACKEND is ERR-1's level 0 (the container ioctls that need no
 * backend), the other three are the reference driver's own scope, the
 * handlers of its attribute and MSI-bank paths (spec 19.3 B8, 19.4 L1/L2).
 */
#define T2_IS(cmd, name) ((unsigned long)(cmd) == (unsigned long)(name))
#define T2_SDK_ATTR_MSI_PATH(cmd) \
	(T2_IS(cmd, VFIO_IOMMU_PAMU_GET_ATTR) || T2_IS(cmd, VFIO_IOMMU_PAMU_SET_ATTR) || \
	 T2_IS(cmd, VFIO_IOMMU_PAMU_MAP_MSI_BANK) || T2_IS(cmd, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK))
#define TRAITS(cmd) \
	((T2_IS(cmd, VFIO_GET_API_VERSION) || T2_IS(cmd, VFIO_CHECK_EXTENSION) || \
	  T2_IS(cmd, VFIO_SET_IOMMU) ? TR_NOBACKEND : 0u) | \
	 (T2_SDK_ATTR_MSI_PATH(cmd) ? (TR_B8 | TR_L1 | TR_L2) : 0u))

struct t2_entry {
	unsigned long cmd;
	u8 fd;
	u8 arg;
	u16 traits;
	u32 minsz;
	u32 mask;
	long (*fn)(struct t2_call *call);
};

/*
 * Indexed by the number's low byte (VFIO_BASE + n and T2SIM_BASE + n never
 * share one: a clash is a duplicate initializer, which the build rejects),
 * so that a lookup is one load and one compare of the whole number.
 */
#define T2_SLOT(cmd) ((cmd) & 0xffu)

static const struct t2_entry t2_table[256] = {
#define T2_IOCTL(name, n, fdk, argk, minsz, mask) \
	[T2_SLOT(name)] = { name, FD_##fdk, ARG_##argk, TRAITS(name), minsz, mask, t2h_##name },
#include "t2/ioctls.def"
#undef T2_IOCTL
#define T2SIM_IOCTL(name, n, fdk, minsz, mask) \
	[T2_SLOT(name)] = { name, FD_##fdk, ARG_STRUCT, TR_INTRO, minsz, mask, t2h_##name },
#include "t2/simioctls.def"
#undef T2SIM_IOCTL
};

static const struct t2_entry *lookup(unsigned long cmd)
{
	const struct t2_entry *e = &t2_table[T2_SLOT(cmd)];

	return e->fn && e->cmd == cmd ? e : NULL;
}

/* ERR-6 */
static long unknown(struct t2_sim *s, struct t2_file *f)
{
	long r = -ENOTTY;

	if (f->kind == T2_FILE_CONTAINER) {
		t2_big_lock(s->env, s->big, T2_LS_UNKNOWN);
		if (!((struct t2_container *)f)->be)
			r = -EINVAL;
		t2_big_unlock(s->env, s->big, T2_LS_UNKNOWN);
	}
	return r;
}

/*
 * Level 0.  Without the container lock (SDK-B8) the call holds a use of the
 * backend, so that a concurrent release cannot free it under the call.
 */
static bool get_backend(struct t2_call *call)
{
	if (call->locked) {
		call->be = call->c->be;
		return call->be != NULL;
	}
	t2_lock_dom(call->s);
	call->be = call->c->be;
	if (call->be)
		call->be->users++;
	t2_unlock_dom(call->s);
	return call->be != NULL;
}

static void put_backend(struct t2_call *call)
{
	if (call->locked || !call->be)
		return;
	t2_lock_dom(call->s);
	call->be->users--;
	t2_backend_put(call->be);
	t2_unlock_dom(call->s);
}

static long run(struct t2_call *call, const struct t2_entry *e)
{
	struct t2_sim *s = call->s;
	bool l1 = (e->traits & TR_L1) && t2_sw(s, T2_SW_L1);
	long r;
	u32 i, mask;

	/* level 0 */
	if (call->c && !(e->traits & (TR_NOBACKEND | TR_INTRO)) && !get_backend(call))
		return -EINVAL;
	/* level 1 (ERR-2, ERR-3: exactly minsz bytes) */
	if (e->arg == ARG_STRUCT || e->arg == ARG_S32) {
		if (os_copy_from_user(s->env, &call->a, call->arg, e->minsz))
			return -EFAULT;
	}
	if (e->arg == ARG_STRUCT) {
		/* level 2 */
		if (call->a.status.argsz < e->minsz)
			return -EINVAL;
		/* level 3; MAP_DMA takes the design's flags too (MSIB-1) */
		mask = e->mask;
		if (e->cmd == VFIO_IOMMU_MAP_DMA)
			mask |= t2_design_map_flags(s);
		if (mask != ~0u && !((e->traits & TR_L2) && t2_sw(s, T2_SW_L2)) &&
		    (call->a.status.flags & ~mask))
			return l1 ? 0 : -EINVAL;
	}
	r = e->fn(call);
	if (r < 0)
		return (l1 && r != -T2_ECRASH) ? 0 : r;
	for (i = 0; i < 2; i++) {
		if (!call->out_len[i])
			continue;
		if (os_copy_to_user(s->env, call->arg + call->out_off[i],
				    call->a.raw + call->out_off[i], call->out_len[i]))
			return -EFAULT; /* ATOM-2 */
	}
	return r;
}

long t2_ioctl(struct t2_sim *s, struct t2_file *f, unsigned long cmd,
	      unsigned long arg)
{
	const struct t2_entry *e;
	struct t2_call call;
	u32 fdbit;
	long r;

	if (f->kind == T2_FILE_DEVICE || f->kind == T2_FILE_MSI)
		return -ENOTTY; /* CORE-11; MSIC-3: an MSI fd has no ioctl */
	fdbit = f->kind == T2_FILE_CONTAINER ? FD_CONTAINER : FD_GROUP;
	e = lookup(cmd);
	if (!e || !(e->fd & fdbit) || t2_design_hides(s, cmd))
		return unknown(s, f); /* ERR-6; 9a: an ioctl the design has not */
	call.s = s;
	call.f = f;
	call.c = f->kind == T2_FILE_CONTAINER ? (struct t2_container *)f : NULL;
	call.g = f->kind == T2_FILE_GROUP ? (struct t2_group *)f : NULL;
	call.be = NULL;
	call.arg = arg;
	call.out_len[0] = call.out_len[1] = 0;
	call.out_off[0] = call.out_off[1] = 0;
	call.locked = !((e->traits & TR_B8) && t2_sw(s, T2_SW_B8));
	if (call.locked)
		t2_big_lock(s->env, s->big, T2_LS_IOCTL);
	r = run(&call, e);
	put_backend(&call);
	if (call.locked)
		t2_big_unlock(s->env, s->big, T2_LS_IOCTL);
	return r == -T2_ECRASH ? -EFAULT : r;
}
