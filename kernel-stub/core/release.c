/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * release.c - releasing a backend when the last group leaves (REL-1..REL-4).
 *
 * One atomic step under s->big: unmap every DMA window (pins, locked
 * count), drop every MSI window and record, unlink every LIODN, return
 * every SPAACE, forget geometry, windows and stash.  Under SDK-B3 the
 * records are first walked like UNMAP_DMA does, which can reach a crash
 * point (only with SDK-B4's partial records); release then still completes.
 */
#include "internal.h"

long t2_release(struct t2_sim *s, struct t2_container *c)
{
	struct t2_backend *be = c->be;
	long r = 0;

	if (!be)
		return 0;
	if (s->design->release)
		s->design->release(s, be); /* 9a */
	if (t2_sw(s, T2_SW_B3))
		r = t2_dma_release_walk(s, be);
	t2_recs_free_all(s, be);
	t2_lock_dom(s);
	t2_dom_teardown(s, &be->dom);
	c->be = NULL;
	be->dead = true;
	t2_backend_put(be);
	t2_unlock_dom(s);
	return r;
}

void t2_backend_put(struct t2_backend *be)
{
	if (!be->dead || be->users)
		return;
	/* a late SDK-B8 call may have configured windows on it */
	os_free(be->dom.win);
	os_free(be);
}
