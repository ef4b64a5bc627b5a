/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * inv.c - the invariants of spec section 18 that can be checked from what the
 * backend reports alone, without the oracle: a container's counters against
 * each other (INV-5, 6, 17, 18, 19, 28, INTRO-7), its GET_ATTR answers
 * (INV-1, 2, 3) and the platform-wide sums (INV-16, 17, 18).  The executor
 * runs these before comparing with the oracle, so a finding names the
 * invariant itself rather than just "differs from the model".
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "exec/exec.h"
#include "exec/inv_int.h"

static int is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

int t2x_inv_attrs(const struct t2x_attrs *a, uint32_t max_windows, struct t2x_inv_out *out)
{
	uint64_t S = a->end - a->start + 1;
	uint32_t cap = max_windows < 256 ? max_windows : 256;

	/* INV-1: the default (0..2^36-1) or a set aperture: S a power of two >= 4096,
	 * aligned */
	if (a->end < a->start || S == 0 || !is_pow2(S) || S < 4096 || a->start % S)
		FAIL(out, "INV-1", "geometry",
		     "GET_ATTR(GEOMETRY) 0x%" PRIx64 "..0x%" PRIx64 " is not an aligned power-of-two aperture",
		     a->start, a->end);
	/* INV-2: n while configured (a power of two in [1, min(256, max)]), else max */
	if (a->windows != max_windows && (!is_pow2(a->windows) || a->windows > cap))
		FAIL(out, "INV-2", "windows",
		     "GET_ATTR(WINDOWS) %u is neither max_windows %u nor a power of two <= %u",
		     a->windows, max_windows, cap);
	return 0;
}

int t2x_inv_container(const struct t2sim_counters *c, const struct t2x_attrs *a,
		      uint32_t max_windows, struct t2x_inv_out *out)
{
	uint64_t ws = c->window_size;

	if (c->crash_points)
		FAIL(out, "INV-28", "crash_points", "crash_points %" PRIu64 ", expected 0",
		     (uint64_t)c->crash_points);
	if (!c->backend) {
		/* INV-19: no backend, nothing held */
		if (c->enabled || c->windows || c->dma_windows || c->msi_windows ||
		    c->msi_records || c->pins || c->spaaces || c->liodns_linked ||
		    c->liodns_valid || c->dma_claimed)
			FAIL(out, "INV-19", "backend",
			     "container without backend holds state: windows %u dma %u msi %u records %u pins %" PRIu64 " spaaces %" PRIu64 " linked %u valid %u",
			     c->windows, c->dma_windows, c->msi_windows, c->msi_records,
			     (uint64_t)c->pins, (uint64_t)c->spaaces, c->liodns_linked,
			     c->liodns_valid);
		return 0;
	}
	/* INV-6 */
	if (!!c->enabled != (c->dma_windows > 0))
		FAIL(out, "INV-6", "enabled", "enabled %u with %u DMA windows", c->enabled,
		     c->dma_windows);
	if (c->liodns_valid != (c->enabled ? c->liodns_linked : 0))
		FAIL(out, "INV-6", "liodns_valid",
		     "%u of %u linked LIODNs valid while %s", c->liodns_valid,
		     c->liodns_linked, c->enabled ? "enabled" : "disabled");
	/* INV-5 (INTRO-7) */
	if (c->dma_claimed != (uint64_t)c->dma_windows * ws)
		FAIL(out, "INV-5", "dma_claimed",
		     "dma_claimed 0x%" PRIx64 " != %u DMA windows x ws 0x%" PRIx64,
		     (uint64_t)c->dma_claimed, c->dma_windows, ws);
	if (c->msi_records != c->msi_windows)
		FAIL(out, "INV-5", "msi_records", "%u MSI records for %u MSI windows",
		     c->msi_records, c->msi_windows);
	if ((uint64_t)c->dma_windows + c->msi_windows > c->windows)
		FAIL(out, "INV-5", "windows", "%u DMA + %u MSI windows of %u", c->dma_windows,
		     c->msi_windows, c->windows);
	/* INV-17 */
	if (c->pins != (uint64_t)c->dma_windows * (ws / 4096))
		FAIL(out, "INV-17", "pins",
		     "pins %" PRIu64 " != %u DMA windows x %" PRIu64 " pages",
		     (uint64_t)c->pins, c->dma_windows, ws / 4096);
	/* INV-18 */
	if (c->spaaces != (c->windows > 1 ? (uint64_t)c->liodns_linked * (c->windows - 1) : 0))
		FAIL(out, "INV-18", "spaaces",
		     "spaaces %" PRIu64 " with %u linked LIODNs at n = %u",
		     (uint64_t)c->spaaces, c->liodns_linked, c->windows);
	if (!a)
		return 0;
	if (t2x_inv_attrs(a, max_windows, out))
		return 1;
	/* INV-2: the counters' n and GET_ATTR agree */
	if (c->windows ? a->windows != c->windows : a->windows != max_windows)
		FAIL(out, "INV-2", "windows", "GET_ATTR(WINDOWS) %u while %s %u", a->windows,
		     c->windows ? "configured with n =" : "not configured, max_windows",
		     c->windows ? c->windows : max_windows);
	/* INV-3: the arithmetic MAP uses is S / n, and at least a page */
	if (c->windows) {
		uint64_t S = a->end - a->start + 1;

		if (ws != S / c->windows || ws < 4096)
			FAIL(out, "INV-3", "window_size",
			     "window_size 0x%" PRIx64 " != S 0x%" PRIx64 " / n %u", ws, S,
			     c->windows);
	} else if (ws) {
		FAIL(out, "INV-3", "window_size",
		     "window_size 0x%" PRIx64 " while windows are not configured", ws);
	}
	return 0;
}

int t2x_inv_platform(const struct t2sim_counters *c, const struct t2x_inv_sums *s,
		     int64_t locked_baseline, struct t2x_inv_out *out)
{
	if (c->crash_points)
		FAIL(out, "INV-28", "crash_points", "crash_points %" PRIu64 ", expected 0",
		     (uint64_t)c->crash_points);
	/* INV-16: never below baseline; every locked page is one pin of a window */
	if (c->locked < locked_baseline)
		FAIL(out, "INV-16", "locked", "locked %" PRId64 " below baseline %" PRId64,
		     (int64_t)c->locked, locked_baseline);
	if ((uint64_t)(c->locked - locked_baseline) != c->sim_pins)
		FAIL(out, "INV-16", "locked",
		     "locked - baseline = %" PRId64 " pages but %" PRIu64 " pins held",
		     (int64_t)(c->locked - locked_baseline), (uint64_t)c->sim_pins);
	if (!s->complete)
		return 0;
	/* INV-17 / INV-18: the platform totals are the sums over containers */
	if (c->sim_pins != s->pins)
		FAIL(out, "INV-17", "sim_pins",
		     "sim_pins %" PRIu64 " != %" PRIu64 " pins held by windows",
		     (uint64_t)c->sim_pins, s->pins);
	if (c->sim_spaaces != s->spaaces)
		FAIL(out, "INV-18", "sim_spaaces",
		     "sim_spaaces %" PRIu64 " != %" PRIu64 " held by containers",
		     (uint64_t)c->sim_spaaces, s->spaaces);
	return 0;
}

static const struct {
	const char *field, *inv;
} counter_invs[] = {
	{ "backend", "INV-19" },      { "enabled", "INV-6" },
	{ "windows", "INV-2" },       { "dma_windows", "INV-5" },
	{ "msi_windows", "INV-5" },   { "msi_records", "INV-5" },
	{ "window_size", "INV-3" },   { "dma_claimed", "INV-5" },
	{ "pins", "INV-17" },         { "spaaces", "INV-18" },
	{ "groups", "CORE-8" },       { "liodns_linked", "INV-12" },
	{ "liodns_valid", "INV-6" },  { "sim_pins", "INV-17" },
	{ "sim_spaaces", "INV-18" },  { "locked", "INV-16" },
	{ "crash_points", "INV-28" },
};

const char *t2x_inv_of_counter(const char *field)
{
	size_t i;

	for (i = 0; i < sizeof(counter_invs) / sizeof(counter_invs[0]); i++)
		if (!strcmp(counter_invs[i].field, field))
			return counter_invs[i].inv;
	return "INV-14";
}
