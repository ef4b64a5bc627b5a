/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * fixture.c - a case's backend, from set-up to teardown: opened from the
 * mode's configuration (its platform from introspection, else stated),
 * the SKIPs for a target that is not the case's platform, and the
 * teardown's leak checks.  The suites' side (t2t_teardown, t2t_reopen,
 * t2t_try_platform, t2test.h) and the runner's (fixture.h) are here, so that
 * no suite calls into the runner.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include "exec/exec_iso.h"
#include "backend/platform_match.h"
#include "fixture.h"
#include "t2test.h"

/* ------------------------------------------------------------ defaults */
/* The p4080 preset (PLAT-3, PLAT-5, PLAT-8), used when a backend has no
 * introspection to tell us its platform. */
static void t2t_default_platform(struct t2sim_platform *p)
{
	static const struct { uint32_t nl; uint32_t l[2]; } g[6] = {
		{ 1, { 0x010 } }, { 1, { 0x011 } }, { 2, { 0x020, 0x021 } },
		{ 1, { 0x030 } }, { 1, { 0x030 } }, { 1, { 0x4ff } },
	};
	unsigned int i;

	memset(p, 0, sizeof(*p));
	p->page_size = 4096;
	p->max_windows = 256;
	p->spaace_pool = 2048;
	p->cpus = 8;
	p->msi_banks = 3;
	p->ccsr_base = 0xffe000000ull;
	p->msiir[0] = 0xffe044140ull;
	p->msiir[1] = 0xffe045140ull;
	p->msiir[2] = 0xffe046140ull;
	p->hugepage_sizes[0] = T2T_MIB(2);
	p->hugepage_sizes[1] = T2T_GIB(1);
	p->memlock = T2T_GIB(4);
	p->type2_value = T2_TYPE2_VALUE;
	p->ngroups = 6;
	for (i = 0; i < 6; i++) {
		p->groups[i].group = i;
		p->groups[i].nliodns = g[i].nl;
		p->groups[i].liodn[0] = g[i].l[0];
		p->groups[i].liodn[1] = g[i].l[1];
		snprintf(p->groups[i].device, sizeof(p->groups[i].device), "t2dev%u", i);
	}
}

/* ------------------------------------------------------------ backends */
int t2t_backend_up(struct t2t *x, const char *platform, char *err, size_t errlen)
{
	struct t2_config cfg = x->cfg;
	struct t2sim_counters c;
	struct t2_backend *be;
	long rc;
	int fd;

	if (platform)
		cfg.platform = platform;
	rc = t2_backend_open(&cfg, &be, err, errlen);
	if (rc < 0)
		return (int)rc;
	x->tc.be = be;
	x->platform = cfg.platform;
	x->nfds = 0;
	x->nbufs = 0;
	fd = be->ops->open_container(be);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open a container: %s", t2_errno_name(-fd));
		return fd;
	}
	/* INTRO-3: ENOTTY (or EINVAL from a real container) means none. */
	rc = x->no_intro ? -ENOTTY : __t2_platform(be, fd, &x->plat);
	x->has_intro = rc >= 0;
	x->locked_base = 0;
	if (rc < 0 && (!x->cfg.platform ||
		       t2_platform_of(x->cfg.platform, &x->plat, err, errlen) < 0))
		t2t_default_platform(&x->plat);    /* stated by T2_PLATFORM, else p4080 */
	else if (rc >= 0 && __t2_counters(be, fd, &c) >= 0)
		x->locked_base = c.locked;
	be->ops->close(be, fd);
	if (rc < 0 && rc != -ENOTTY && rc != -EINVAL) {
		snprintf(err, errlen, "platform introspection failed: %s", t2_errno_name((int)-rc));
		return (int)rc;
	}
	return 0;
}

/* On a backend that cannot create platforms: SKIP unless the target is str. */
void t2t_need_target_platform(struct t2t *x, const char *str)
{
	char why[256];
	int rc;

	if (x->mode->can_platform)
		return;
	/* without introspection the stated platform (x->plat) is the target's */
	rc = t2_platform_differs(&x->plat, str, why, sizeof(why));
	if (rc > 0 && !x->has_intro)
		t2t_skip(&x->tc, "backend '%s' has no introspection (INTRO-3) and its stated "
			 "platform (T2_PLATFORM, default p4080) is not '%s': %s", x->mode->name,
			 str, why);
	if (rc < 0)
		t2t_check(&x->tc, 1, 0, __FILE__, __LINE__, "platform '%s': %s", str, why);
	if (rc)
		t2t_skip(&x->tc, "backend '%s' is not platform '%s': %s", x->mode->name, str,
			 why);
}

/* Spec 9a: a case of one design's section runs where the target's platform
 * (its T2SIM_PLATFORM, or the stated T2_PLATFORM) selects that design. */
void t2t_need_design(struct t2t *x, const char *design)
{
	const char *have = t2_msi_design_letter(x->plat.msi_design);

	if (!design || !strcmp(design, have))
		return;
	t2t_skip(&x->tc, "design %s's case: the target (%s) runs msi_design=%s; "
		 "T2_PLATFORM=...,msi_design=%s selects design %s", design,
		 x->has_intro ? "its T2SIM_PLATFORM" : "stated by T2_PLATFORM", have, design,
		 design);
}

/* On a backend that cannot create platforms: SKIP a case written for the
 * default platform where the target has fewer resources than p4080. */
void t2t_need_default_resources(struct t2t *x)
{
	char why[256];
	int rc;

	if (x->mode->can_platform)
		return;
	rc = t2_platform_below(&x->plat, "p4080", why, sizeof(why));
	if (rc < 0)
		t2t_check(&x->tc, 1, 0, __FILE__, __LINE__, "platform 'p4080': %s", why);
	if (rc)
		t2t_skip(&x->tc, "the case is written for p4080 and the target (%s) offers "
			 "less: %s", x->has_intro ? "its T2SIM_PLATFORM" :
			 "stated by T2_PLATFORM", why);
}

void t2t_backend_down(struct t2t *x)
{
	if (x->tc.be)
		t2_backend_close(x->tc.be);
	x->tc.be = NULL;
}

static void t2t_close_kind(struct t2_tctx *t, int kind)
{
	struct t2t *x = T2T(t);
	int i, rc;

	for (i = x->nfds - 1; i >= 0; i--) {
		if (x->fds[i].kind != kind)
			continue;
		rc = t->be->ops->close(t->be, x->fds[i].fd);
		if (rc < 0)
			T2T_FAIL(t, "teardown: close(fd %d) = -%s", x->fds[i].fd,
				 t2_errno_name(-rc));
		memmove(&x->fds[i], &x->fds[i + 1], (x->nfds - i - 1) * sizeof(x->fds[0]));
		x->nfds--;
	}
}

int t2t_teardown(struct t2_tctx *t)
{
	struct t2t *x = T2T(t);
	struct t2_backend *be = t->be;
	int before = t->failures;
	unsigned int i;
	int fd;

	if (!be)
		return 0;
	/* An arm left by a failed or skipped test would fire in the next one on
	 * a target that outlives the backend (exec_iso.h): disarm first. */
	if (x->has_intro) {
		fd = be->ops->open_container(be);
		if (fd >= 0) {
			t2x_iso_disarm(be, fd, 1);
			be->ops->close(be, fd);
		}
	}
	/* Devices first, so closing a group fd performs the implied unset. */
	t2t_close_kind(t, T2T_FD_DEVICE);
	t2t_close_kind(t, T2T_FD_GROUP);
	t2t_close_kind(t, T2T_FD_CONTAINER);
	while (x->nbufs)
		t2t_buf_free(t, x->bufs[x->nbufs - 1].vaddr);

	if (x->has_intro) {
		struct t2sim_counters c;

		fd = be->ops->open_container(be);
		if (fd < 0 || __t2_counters(be, fd, &c) < 0) {
			T2T_FAIL(t, "teardown: cannot read the counters (%d)", fd);
		} else {
			if (c.sim_pins)
				T2T_FAIL(t, "teardown: %" PRIu64 " pins still held (leak)",
					 (uint64_t)c.sim_pins);
			if (c.sim_spaaces)
				T2T_FAIL(t, "teardown: %" PRIu64 " SPAACEs still in use (leak)",
					 (uint64_t)c.sim_spaaces);
			if (c.locked != x->locked_base)
				T2T_FAIL(t, "teardown: locked count %" PRId64 ", baseline %" PRId64
					 " (ACCT-5, ACCT-6)", (int64_t)c.locked, x->locked_base);
			if (c.crash_points)
				T2T_FAIL(t, "teardown: %" PRIu64 " crash points reached (INV-28)",
					 (uint64_t)c.crash_points);
		}
		if (fd >= 0)
			be->ops->close(be, fd);
	}
	/* No handle left: every group opens again (CORE-6). */
	for (i = 0; i < x->plat.ngroups && i < T2SIM_MAX_GROUPS; i++) {
		fd = be->ops->open_group(be, x->plat.groups[i].group);
		if (fd == -EBUSY)
			T2T_FAIL(t, "teardown: group %u still busy: a descriptor or its "
				 "container membership leaked", x->plat.groups[i].group);
		else if (fd >= 0)
			be->ops->close(be, fd);
	}
	return t->failures - before;
}

void t2t_reopen(struct t2_tctx *t, const char *platform)
{
	struct t2t *x = T2T(t);
	char err[256] = "";
	int rc;

	t2t_teardown(t);
	t2t_backend_down(x);
	rc = t2t_backend_up(x, platform ? platform : x->tcase->platform, err, sizeof(err));
	if (rc < 0) {
		T2T_FAIL(t, "cannot open backend '%s' (platform %s): %s", x->mode->name,
			 platform ? platform : "default", err);
		siglongjmp(*x->jmp, 1);
	}
	if (platform)
		t2t_need_target_platform(x, platform);
}

int t2t_try_platform(struct t2_tctx *t, const char *platform, char *err, size_t errlen)
{
	struct t2t *x = T2T(t);
	struct t2_config cfg = x->cfg;
	struct t2_backend *be;
	int rc;

	t2t_need_config(t);
	cfg.platform = platform;
	err[0] = 0;
	rc = t2_backend_open(&cfg, &be, err, errlen);
	if (rc >= 0)
		t2_backend_close(be);
	return rc;
}
