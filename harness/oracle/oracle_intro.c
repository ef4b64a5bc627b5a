/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_intro.c - the introspection ioctls in the oracle (spec section 17):
 * the INTRO-2 prologue (ERR-1 levels 1..4, no level 0), which fd kinds each
 * is issued on (INTRO-1, otherwise ERR-6), and the predicted INTRO-6
 * counters.  Outputs are written field by field, padding never (ABI-8).
 */
#include <errno.h>
#include <string.h>
#include "oracle/oracle_int.h"

#define XLATE_MINSZ T2_MINSZ(T2SIM_TRANSLATE)
#define COUNTERS_MINSZ T2_MINSZ(T2SIM_COUNTERS)
#define FAIL_MINSZ T2_MINSZ(T2SIM_FAIL_NTH)
#define PLATFORM_MINSZ T2_MINSZ(T2SIM_PLATFORM)
#define RESOLVE_MINSZ T2_MINSZ(T2SIM_RESOLVE)

void ora_fill_counters(const struct t2_oracle *o, const struct ora_ctr *c,
		       struct t2sim_counters *out)
{
	bool enabled = c->backend && c->dma_windows;
	uint32_t linked = ora_popcount64(c->linked);

	out->backend = c->backend;
	out->enabled = enabled;
	out->windows = c->n;
	out->dma_windows = c->dma_windows;
	out->msi_windows = c->msi_windows;
	out->msi_records = c->msi_windows;		/* INTRO-7 */
	out->window_size = c->n ? c->ws : 0;
	out->dma_claimed = (uint64_t)c->dma_windows * c->ws;
	out->pins = (uint64_t)c->dma_windows * (c->ws / ORA_PAGE);
	out->spaaces = ora_spaaces_per_liodn(c) * linked;
	out->groups = ora_popcount64(c->groups);
	out->liodns_linked = linked;
	out->liodns_valid = enabled ? linked : 0;	/* DOM-2 */
	out->sim_pins = o->sim_pins;
	out->sim_spaaces = o->spaaces_used;
	out->locked = (int64_t)o->locked;
	out->crash_points = 0;
}

/* INTRO-2: levels 1..3; copies minsz bytes into buf. */
static long prologue(struct t2_oracle *o, unsigned long arg, uint32_t minsz, uint32_t mask,
		     const char *rule, void *buf)
{
	if (ora_bad_ptr(arg))
		return ora_ret(o, rule, -EFAULT);
	memcpy(buf, (const void *)arg, minsz);
	if (ora_get32(buf, 0) < minsz)
		return ora_ret(o, rule, -EINVAL);
	if (ora_get32(buf, 4) & ~mask)
		return ora_ret(o, rule, -EINVAL);
	return 0;
}

static long do_translate(struct t2_oracle *o, int gi, unsigned long arg)
{
	uint8_t buf[XLATE_MINSZ];
	struct t2sim_translate t;
	uint32_t k;
	const char *rule;
	long r = prologue(o, arg, XLATE_MINSZ, T2SIM_XLATE_WRITE, "INTRO-2", buf);

	if (r)
		return r;
	k = ora_get32(buf, 8);
	if (k >= o->p.grp[gi].nliodns)
		return ora_ret(o, "INTRO-5", -EINVAL);
	ora_translate(o, gi, k, ora_get64(buf, 16), ora_get32(buf, 4) & T2SIM_XLATE_WRITE, &t,
		      &rule);
	ora_put32(arg, 24, t.result);
	ora_put32(arg, 28, t.liodn);
	ora_put64(arg, 32, t.phys);
	ora_put32(arg, 40, t.msi_bank);
	ora_put32(arg, 44, t.msi_flags);
	return ora_ret(o, rule, 0);
}

static long do_counters(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg)
{
	uint8_t buf[COUNTERS_MINSZ];
	struct t2sim_counters k;
	long r = prologue(o, arg, COUNTERS_MINSZ, 0, "INTRO-2", buf);

	if (r)
		return r;
	ora_fill_counters(o, c, &k);
	ora_put32(arg, 8, k.backend);
	ora_put32(arg, 12, k.enabled);
	ora_put32(arg, 16, k.windows);
	ora_put32(arg, 20, k.dma_windows);
	ora_put32(arg, 24, k.msi_windows);
	ora_put32(arg, 28, k.msi_records);
	ora_put64(arg, 32, k.window_size);
	ora_put64(arg, 40, k.dma_claimed);
	ora_put64(arg, 48, k.pins);
	ora_put64(arg, 56, k.spaaces);
	ora_put32(arg, 64, k.groups);
	ora_put32(arg, 68, k.liodns_linked);
	ora_put32(arg, 72, k.liodns_valid);
	ora_put64(arg, 80, k.sim_pins);
	ora_put64(arg, 88, k.sim_spaaces);
	ora_put64(arg, 96, (uint64_t)k.locked);
	ora_put64(arg, 104, k.crash_points);
	return ora_ret(o, "INTRO-6", 0);
}

/* INTRO-8 */
static long do_fail_nth(struct t2_oracle *o, unsigned long arg)
{
	uint8_t buf[FAIL_MINSZ];
	uint32_t remaining, fired;
	long r = prologue(o, arg, FAIL_MINSZ, T2SIM_FAIL_ARM, "INTRO-2", buf);

	if (r)
		return r;
	if (ora_get32(buf, 4) & T2SIM_FAIL_ARM)
		t2_oracle_fault_arm(o, ora_get32(buf, 8));
	t2_oracle_fault_state(o, &remaining, &fired);
	ora_put32(arg, 12, remaining);
	ora_put32(arg, 16, fired);
	return ora_ret(o, "INTRO-8", 0);
}

/* INTRO-9: everything from offset 8 (msi_design at 172 included, 9a) */
static long do_platform(struct t2_oracle *o, unsigned long arg)
{
	uint8_t buf[PLATFORM_MINSZ];
	struct t2sim_platform p;
	long r = prologue(o, arg, PLATFORM_MINSZ, 0, "INTRO-2", buf);

	if (r)
		return r;
	memset(&p, 0, sizeof(p));
	ora_plat_to_struct(&o->p, &p);
	memcpy((char *)arg + 8, (const char *)&p + 8, PLATFORM_MINSZ - 8);
	return ora_ret(o, "INTRO-9", 0);
}

/* INTRO-10 */
static long do_resolve(struct t2_oracle *o, unsigned long arg)
{
	uint8_t buf[RESOLVE_MINSZ];
	uint64_t phys;
	uint32_t psz;
	long r = prologue(o, arg, RESOLVE_MINSZ, 0, "INTRO-2", buf);

	if (r)
		return r;
	r = t2_oracle_resolve(o, ora_get64(buf, 8), &phys, &psz);
	if (r)
		return ora_ret(o, "INTRO-10", r);
	ora_put64(arg, 16, phys);
	ora_put32(arg, 24, psz);
	return ora_ret(o, "INTRO-10", 0);
}

/* INTRO-1: kinds; on a wrong kind the ioctl is unknown (ERR-6). */
long ora_intro_ioctl(struct t2_oracle *o, int fd, unsigned long cmd, unsigned long arg)
{
	enum t2_oracle_fd_kind k = t2_oracle_fd_kind(o, fd);
	struct ora_ctr *c = ora_ctr_of_fd(o, fd);

	switch (cmd) {
	case T2SIM_TRANSLATE:
		if (k == T2_ORACLE_FD_GROUP)
			return do_translate(o, o->fds[fd].idx, arg);
		break;
	case T2SIM_COUNTERS:
		if (c)
			return do_counters(o, c, arg);
		break;
	case T2SIM_FAIL_NTH:
		return do_fail_nth(o, arg);
	case T2SIM_PLATFORM:
		return do_platform(o, arg);
	default:
		return do_resolve(o, arg);
	}
	if (c && !c->backend)
		return ora_ret(o, "ERR-6", -EINVAL);
	return ora_ret(o, "ERR-6", -ENOTTY);
}
