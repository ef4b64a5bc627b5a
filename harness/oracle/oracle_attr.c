/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_attr.c - PAMU_GET_ATTR and PAMU_SET_ATTR in the oracle (spec section
 * 6): ATTR-1 common checks, geometry (GEOM), windows (WIN) and stash (STASH).
 */
#include <errno.h>
#include <string.h>
#include "oracle/oracle_int.h"

#define ATTR_MINSZ T2_MINSZ(VFIO_IOMMU_PAMU_GET_ATTR)
_Static_assert(T2_MINSZ(VFIO_IOMMU_PAMU_GET_ATTR) == T2_MINSZ(VFIO_IOMMU_PAMU_SET_ATTR),
	       "GET_ATTR and SET_ATTR share one struct");

static bool any_window_valid(const struct ora_ctr *c)
{
	return c->dma_windows || c->msi_windows;	/* MSI-9 */
}

/* The 16 value bytes GET_ATTR writes; only the attribute's own bytes (ATTR-2). */
void ora_attr_value(const struct t2_oracle *o, const struct ora_ctr *c, uint32_t attribute,
		    uint8_t out[16])
{
	uint32_t v32;

	switch (attribute) {
	case VFIO_ATTR_GEOMETRY:	/* GEOM-1, GEOM-5 */
		memcpy(out, &c->start, 8);
		memcpy(out + 8, &c->end, 8);
		break;
	case VFIO_ATTR_WINDOWS:		/* WIN-1 */
		v32 = c->n ? c->n : o->p.max_windows;
		memcpy(out, &v32, 4);
		break;
	default:			/* STASH-4 */
		memcpy(out, &c->stash_cpu, 4);
		memcpy(out + 4, &c->stash_cache, 4);
		break;
	}
}

/* ATTR-1 rows 1..4; returns 0 and the copied struct, or -errno. */
static long attr_common(struct t2_oracle *o, unsigned long arg, uint8_t buf[ATTR_MINSZ])
{
	if (ora_bad_ptr(arg))
		return ora_ret(o, "ATTR-1.1", -EFAULT);
	memcpy(buf, (const void *)arg, ATTR_MINSZ);
	if (ora_get32(buf, 0) < ATTR_MINSZ)
		return ora_ret(o, "ATTR-1.2", -EINVAL);
	if (ora_get32(buf, 4))
		return ora_ret(o, "ATTR-1.3", -EINVAL);
	if (ora_get32(buf, 8) > VFIO_ATTR_PAMU_STASH)
		return ora_ret(o, "ATTR-1.4", -EINVAL);
	return 0;
}

long ora_get_attr(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg)
{
	uint8_t buf[ATTR_MINSZ], v[16];
	uint32_t attribute;
	long r = attr_common(o, arg, buf);

	if (r)
		return r;
	attribute = ora_get32(buf, 8);
	ora_attr_value(o, c, attribute, v);
	switch (attribute) {
	case VFIO_ATTR_GEOMETRY:
		memcpy((char *)arg + 16, v, 16);
		break;
	case VFIO_ATTR_WINDOWS:
		memcpy((char *)arg + 16, v, 4);
		break;
	default:
		memcpy((char *)arg + 16, v, 8);
		break;
	}
	return ora_ret(o, "ATTR-2", 0);
}

/* GEOM-2..5 */
static long set_geometry(struct t2_oracle *o, struct ora_ctr *c, uint64_t start,
			 uint64_t end)
{
	uint64_t s;

	if (end < start)
		return ora_ret(o, "GEOM-2.1", -EINVAL);
	if (start == 0 && end == UINT64_MAX)
		return ora_ret(o, "GEOM-2.2", -EINVAL);
	s = end - start + 1;
	if (!ora_is_pow2(s) || s < ORA_PAGE)
		return ora_ret(o, "GEOM-2.3", -EINVAL);
	if (start % s)
		return ora_ret(o, "GEOM-2.4", -EINVAL);
	if (any_window_valid(c))
		return ora_ret(o, "GEOM-3", -EBUSY);
	/* GEOM-4: windows back to not configured, SPAACEs returned, stash kept */
	o->spaaces_used -= ora_spaaces_per_liodn(c) * ora_popcount64(c->linked);
	c->geom_set = true;
	c->start = start;
	c->end = end;
	c->n = 0;
	c->ws = 0;
	return ora_ret(o, "GEOM-4", 0);
}

/* WIN-2..8 and the FAIL-1 sites of SET_ATTR(WINDOWS) */
static long set_windows(struct t2_oracle *o, struct ora_ctr *c, uint32_t n)
{
	uint32_t maxw = o->p.max_windows < ORA_MAX_WIN ? o->p.max_windows : ORA_MAX_WIN, d;
	uint64_t s, ws, l = ora_popcount64(c->linked), held, need;

	if (!ora_is_pow2(n) || n > maxw)
		return ora_ret(o, "WIN-2", -EINVAL);
	if (!c->geom_set)
		return ora_ret(o, "WIN-3", -EINVAL);
	s = c->end - c->start + 1;
	ws = s / n;
	if (ws < ORA_PAGE)
		return ora_ret(o, "WIN-4", -EINVAL);
	if (any_window_valid(c))
		return ora_ret(o, "WIN-5", -EBUSY);
	held = ora_spaaces_per_liodn(c) * l;
	need = n > 1 ? (uint64_t)(n - 1) * l : 0;
	if (n > 1 && need > ora_free_spaaces(o) + held)
		return ora_ret(o, "WIN-6", -ENOSPC);
	for (d = 0; d < o->p.ndl; d++)
		if ((c->linked >> d & 1) && ora_site(o))
			return ora_ret(o, "FAIL-3", -ENOMEM);
	if (ora_site(o))	/* the window table */
		return ora_ret(o, "FAIL-3", -ENOMEM);
	/* WIN-7 */
	o->spaaces_used = o->spaaces_used - held + need;
	c->n = n;
	c->ws = ws;
	memset(c->win, 0, sizeof(c->win[0]) * n);
	return ora_ret(o, "WIN-7", 0);
}

/* STASH-1..3 */
static long set_stash(struct t2_oracle *o, struct ora_ctr *c, uint32_t cpu, uint32_t cache)
{
	uint32_t d;

	if (cache < PAMU_ATTR_CACHE_L1 || cache > PAMU_ATTR_CACHE_L3)
		return ora_ret(o, "STASH-1", -EINVAL);
	if (cache != PAMU_ATTR_CACHE_L3 && cpu >= o->p.cpus)
		return ora_ret(o, "STASH-1", -EINVAL);
	if (!c->n)
		return ora_ret(o, "STASH-2", -ENODEV);
	for (d = 0; d < o->p.ndl; d++)
		if ((c->linked >> d & 1) && ora_site(o))
			return ora_ret(o, "FAIL-3", -ENOMEM);
	c->stash_cpu = cpu;
	c->stash_cache = cache;
	return ora_ret(o, "STASH-3", 0);
}

long ora_set_attr(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg)
{
	uint8_t buf[ATTR_MINSZ];
	long r = attr_common(o, arg, buf);

	if (r)
		return r;
	switch (ora_get32(buf, 8)) {
	case VFIO_ATTR_GEOMETRY:
		return set_geometry(o, c, ora_get64(buf, 16), ora_get64(buf, 24));
	case VFIO_ATTR_WINDOWS:
		return set_windows(o, c, ora_get32(buf, 16));
	default:
		return set_stash(o, c, ora_get32(buf, 16), ora_get32(buf, 20));
	}
}
