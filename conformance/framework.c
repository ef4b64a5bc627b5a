/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * framework.c - what test bodies call: checks, tracked descriptors and
 * buffers, domain setup, introspection wrappers, state snapshots (ATOM-1) and
 * the leak-checking teardown.  The process-level runner is in runner.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "t2test.h"

/* ------------------------------------------------------------ checks */
static void t2t_unwind(struct t2t *x, int how)
{
	if (x->jmp)
		siglongjmp(*x->jmp, how);
	/* No body running (teardown outside the runner): just carry on. */
}

static void t2t_vfail(struct t2_tctx *t, int fatal, const char *file, int line,
		      const char *fmt, va_list ap)
{
	char msg[512];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	t2_tctx_fail(t, file, line, "%s", msg);
	if (fatal)
		t2t_unwind(T2T(t), 1);
}

void t2t_check(struct t2_tctx *t, int fatal, int cond, const char *file, int line,
	       const char *fmt, ...)
{
	va_list ap;

	if (cond)
		return;
	va_start(ap, fmt);
	t2t_vfail(t, fatal, file, line, fmt, ap);
	va_end(ap);
}

void t2t_check_eq(struct t2_tctx *t, int fatal, uint64_t got, uint64_t want,
		  const char *gexpr, const char *wexpr, const char *file, int line)
{
	if (got == want)
		return;
	t2t_check(t, fatal, 0, file, line, "%s == %s: got %#" PRIx64 " (%" PRId64
		  "), want %#" PRIx64 " (%" PRId64 ")", gexpr, wexpr, got, (int64_t)got,
		  want, (int64_t)want);
}

static void t2t_rc_str(long rc, char *buf, size_t len)
{
	if (rc < 0)
		snprintf(buf, len, "-%s", t2_errno_name((int)-rc));
	else
		snprintf(buf, len, "%ld", rc);
}

void t2t_check_rc(struct t2_tctx *t, int fatal, long rc, int want, const char *expr,
		  const char *file, int line)
{
	char got[48];

	if (want ? rc == -want : rc >= 0)
		return;
	t2t_rc_str(rc, got, sizeof(got));
	t2t_check(t, fatal, 0, file, line, "%s: got %s, want %s%s", expr, got,
		  want ? "-" : "success", want ? t2_errno_name(want) : "");
}

void t2t_skip(struct t2_tctx *t, const char *fmt, ...)
{
	struct t2t *x = T2T(t);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->reason, sizeof(x->reason), fmt, ap);
	va_end(ap);
	x->skipped = 1;
	t2t_unwind(x, 2);
	/* Outside a body a skip cannot unwind; make that loud. */
	tap_bail("skip outside a test body: %s", x->reason);
}

void t2t_info(struct t2_tctx *t, const char *fmt, ...)
{
	va_list ap;

	if (!T2T(t)->verbose)
		return;
	va_start(ap, fmt);
	tap_vdiag(fmt, ap);
	va_end(ap);
}

void t2t_need_intro(struct t2_tctx *t)
{
	if (!T2T(t)->has_intro)
		t2t_skip(t, "needs introspection, which backend '%s' does not have (INTRO-3)",
			 T2T(t)->mode->name);
}

void t2t_need_config(struct t2_tctx *t)
{
	if (!T2T(t)->mode->can_platform)
		t2t_skip(t, "backend '%s' cannot create a platform of its own",
			 T2T(t)->mode->name);
}

void t2t_need_banks(struct t2_tctx *t, unsigned int n)
{
	if (T2T(t)->plat.msi_banks >= n)
		return;
	if (n == 1)
		t2t_skip(t, "the platform has no MSI bank");
	t2t_skip(t, "the platform has fewer than %u MSI banks", n);
}

const struct t2sim_platform *t2t_plat(struct t2_tctx *t)
{
	return &T2T(t)->plat;
}

int t2t_failed(struct t2_tctx *t)
{
	return t->failures;
}

/* ------------------------------------------------------------ descriptors */
static void t2t_track(struct t2_tctx *t, int fd, int kind, int group)
{
	struct t2t *x = T2T(t);

	T2T_ASSERT(t, x->nfds < T2T_MAX_FDS);
	x->fds[x->nfds].fd = fd;
	x->fds[x->nfds].kind = kind;
	x->fds[x->nfds].group = group;
	x->nfds++;
}

void t2t_adopt(struct t2_tctx *t, int fd, int kind, int group)
{
	t2t_track(t, fd, kind, group);
}

static void t2t_untrack(struct t2_tctx *t, int fd)
{
	struct t2t *x = T2T(t);
	int i;

	for (i = 0; i < x->nfds; i++) {
		if (x->fds[i].fd == fd) {
			memmove(&x->fds[i], &x->fds[i + 1], (x->nfds - i - 1) * sizeof(x->fds[0]));
			x->nfds--;
			return;
		}
	}
}

int t2t_try_container(struct t2_tctx *t)
{
	int fd = t->be->ops->open_container(t->be);

	if (fd >= 0)
		t2t_track(t, fd, T2T_FD_CONTAINER, -1);
	return fd;
}

int t2t_container(struct t2_tctx *t)
{
	int fd = t2t_try_container(t);

	T2T_ASSERT_RC(t, fd, 0);
	return fd;
}

int t2t_has_group(struct t2_tctx *t, unsigned int g)
{
	const struct t2sim_platform *p = t2t_plat(t);
	unsigned int i;

	for (i = 0; i < p->ngroups && i < T2SIM_MAX_GROUPS; i++)
		if (p->groups[i].group == g)
			return 1;
	return 0;
}

static const struct t2sim_group_desc *t2t_gdesc(struct t2_tctx *t, unsigned int g)
{
	const struct t2sim_platform *p = t2t_plat(t);
	unsigned int i;

	for (i = 0; i < p->ngroups && i < T2SIM_MAX_GROUPS; i++)
		if (p->groups[i].group == g)
			return &p->groups[i];
	t2t_skip(t, "the platform has no group %u (DEV-6)", g);
}

const char *t2t_devname(struct t2_tctx *t, unsigned int g)
{
	return t2t_gdesc(t, g)->device;
}

unsigned int t2t_nliodns(struct t2_tctx *t, unsigned int g)
{
	return t2t_gdesc(t, g)->nliodns;
}

uint32_t t2t_liodn(struct t2_tctx *t, unsigned int g, unsigned int k)
{
	return t2t_gdesc(t, g)->liodn[k];
}

int t2t_try_group(struct t2_tctx *t, unsigned int g)
{
	int fd = t->be->ops->open_group(t->be, g);

	if (fd >= 0)
		t2t_track(t, fd, T2T_FD_GROUP, (int)g);
	return fd;
}

int t2t_group(struct t2_tctx *t, unsigned int g)
{
	int fd;

	if (!t2t_has_group(t, g))
		t2t_skip(t, "the platform has no group %u (DEV-6)", g);
	fd = t2t_try_group(t, g);
	if (fd == -ENOENT)
		t2t_skip(t, "group node %u is missing (DEV-6)", g);
	T2T_ASSERT_RC(t, fd, 0);
	return fd;
}

int t2t_device(struct t2_tctx *t, int gfd, unsigned int g)
{
	long fd = t2_group_get_device_fd(t, gfd, t2t_devname(t, g));

	t2t_track(t, (int)fd, T2T_FD_DEVICE, (int)g);
	return (int)fd;
}

void t2t_close(struct t2_tctx *t, int fd)
{
	int rc = t->be->ops->close(t->be, fd);

	t2t_untrack(t, fd);
	T2T_ASSERT_RC(t, rc, 0);
}

void t2t_join(struct t2_tctx *t, int gfd, int cfd)
{
	t2_group_set_container(t, gfd, cfd);
}

/* ------------------------------------------------------------ buffers */
uint64_t t2t_buf(struct t2_tctx *t, uint64_t size, uint64_t page)
{
	struct t2t *x = T2T(t);
	uint64_t vaddr = 0;
	int rc = t->be->ops->buf_alloc(t->be, size, page, &vaddr);

	if (rc < 0 && page != T2T_PAGE)
		t2t_skip(t, "cannot allocate a %#" PRIx64 "-byte buffer of %#" PRIx64
			 "-byte pages: %s (DEV-6)", size, page, t2_errno_name(-rc));
	T2T_ASSERT_RC(t, rc, 0);
	if (x->nbufs < T2T_MAX_BUFS) {
		x->bufs[x->nbufs].vaddr = vaddr;
		x->bufs[x->nbufs].size = size;
		x->nbufs++;
	}
	return vaddr;
}

void t2t_buf_free(struct t2_tctx *t, uint64_t vaddr)
{
	struct t2t *x = T2T(t);
	uint64_t size = 0;
	int i, rc;

	for (i = 0; i < x->nbufs; i++) {
		if (x->bufs[i].vaddr == vaddr) {
			size = x->bufs[i].size;
			memmove(&x->bufs[i], &x->bufs[i + 1], (x->nbufs - i - 1) * sizeof(x->bufs[0]));
			x->nbufs--;
			break;
		}
	}
	rc = t->be->ops->buf_free(t->be, vaddr, size);
	T2T_EXPECT_RC(t, rc, 0);
}

uint64_t t2t_phys(struct t2_tctx *t, uint64_t vaddr)
{
	struct t2t *x = T2T(t);
	uint64_t phys = 0;
	int i, fd = -1, tmp = -1;
	long rc;

	t2t_need_intro(t);
	/* RESOLVE is issued on a container or group fd (INTRO-1). */
	for (i = 0; i < x->nfds && fd < 0; i++)
		if (x->fds[i].kind != T2T_FD_DEVICE)
			fd = x->fds[i].fd;
	if (fd < 0)
		fd = tmp = t2t_container(t);
	rc = __t2_resolve(t->be, fd, vaddr, &phys, NULL);
	if (tmp >= 0)
		t2t_close(t, tmp);
	T2T_ASSERT_RC(t, rc, 0);
	return phys;
}

/* ------------------------------------------------------------ domains */
void t2t_dom_nobackend(struct t2_tctx *t, struct t2t_dom *d, uint32_t groups)
{
	unsigned int g;

	memset(d, 0, sizeof(*d));
	d->c = t2t_container(t);
	for (g = 0; g < T2SIM_MAX_GROUPS; g++) {
		if (!(groups & T2T_G(g)))
			continue;
		d->g[d->ng] = t2t_group(t, g);
		d->gno[d->ng] = g;
		t2t_join(t, d->g[d->ng], d->c);
		d->ng++;
	}
	d->start = 0;
	d->size = 1ull << 36; /* GEOM-1 default */
}

void t2t_dom(struct t2_tctx *t, struct t2t_dom *d, uint32_t groups, uint64_t start,
	     uint64_t size, uint32_t n)
{
	t2t_dom_nobackend(t, d, groups);
	t2_set_iommu(t, d->c, T2_TYPE2_VALUE);
	if (size) {
		t2_set_geometry(t, d->c, start, start + size - 1);
		d->start = start;
		d->size = size;
	}
	if (n) {
		t2_set_windows(t, d->c, n);
		d->n = n;
		d->ws = d->size / n;
	}
}

uint64_t t2t_map_pages(struct t2_tctx *t, const struct t2t_dom *d, uint64_t w, uint64_t pages)
{
	uint64_t buf = t2t_buf(t, pages * T2T_PAGE, T2T_PAGE);

	t2_map_dma(t, d->c, T2_RW, buf, t2t_win(d, w), pages * T2T_PAGE);
	return buf;
}

void t2t_expect_attr_defaults(struct t2_tctx *t, int c)
{
	uint64_t s = 1, e = 1;
	uint32_t n = 0, cpu = 7, cache = 7;

	t2_get_geometry(t, c, &s, &e);
	T2T_EXPECT_EQ(t, s, 0);
	T2T_EXPECT_EQ(t, e, 0xFFFFFFFFFull);
	t2_get_windows(t, c, &n);
	T2T_EXPECT_EQ(t, n, t2t_plat(t)->max_windows);
	t2_get_stash(t, c, &cpu, &cache);
	T2T_EXPECT_EQ(t, cpu, 0);
	T2T_EXPECT_EQ(t, cache, 0);
}

int t2t_dom_group(struct t2_tctx *t, const struct t2t_dom *d, unsigned int g)
{
	int i;

	for (i = 0; i < d->ng; i++)
		if (d->gno[i] == g)
			return d->g[i];
	T2T_ASSERT(t, !"group is in the domain");
	return -1;
}

/* ------------------------------------------------------------ introspection */
void t2t_counters(struct t2_tctx *t, int cfd, struct t2sim_counters *c)
{
	long rc;

	t2t_need_intro(t);
	rc = __t2_counters(t->be, cfd, c);
	T2T_ASSERT_RC(t, rc, 0);
}

struct t2sim_translate t2t_xlate(struct t2_tctx *t, int gfd, uint32_t idx, uint64_t iova,
				 int write)
{
	struct t2sim_translate x;
	long rc;

	t2t_need_intro(t);
	rc = __t2_translate(t->be, gfd, idx, iova, write, &x);
	T2T_ASSERT_RC(t, rc, 0);
	return x;
}

void t2t_fail_arm(struct t2_tctx *t, int fd, uint32_t nth)
{
	long rc;

	t2t_need_intro(t);
	rc = __t2_fail_nth(t->be, fd, T2SIM_FAIL_ARM, nth, NULL);
	T2T_ASSERT_RC(t, rc, 0);
}

struct t2sim_fail_nth t2t_fail_status(struct t2_tctx *t, int fd)
{
	struct t2sim_fail_nth f;
	long rc;

	t2t_need_intro(t);
	rc = __t2_fail_nth(t->be, fd, 0, 0, &f);
	T2T_ASSERT_RC(t, rc, 0);
	return f;
}

uint64_t t2t_msiir_off(struct t2_tctx *t, unsigned int bank)
{
	return t2t_plat(t)->msiir[bank] & 0xfff;
}

static const char *const xlate_names[] = {
	"OK", "LIODN_INVALID", "OUTSIDE_APERTURE", "WINDOW_FREE", "BEYOND_MAPPING",
	"PERMISSION",
};

static const char *t2t_xname(uint32_t r)
{
	return r < T2T_ARRAY_SIZE(xlate_names) ? xlate_names[r] : "?";
}

void t2t_expect_xlate(struct t2_tctx *t, int gfd, uint32_t idx, uint64_t iova, int write,
		      uint32_t result, uint64_t phys, const char *file, int line)
{
	struct t2sim_translate x = t2t_xlate(t, gfd, idx, iova, write);

	if (x.result != result) {
		t2t_check(t, 0, 0, file, line, "translate(gfd %d, liodn_index %u, iova %#" PRIx64
			  ", %s) = %s (phys %#" PRIx64 "), want %s", gfd, idx, iova,
			  write ? "write" : "read", t2t_xname(x.result), (uint64_t)x.phys,
			  t2t_xname(result));
		return;
	}
	if (result == T2SIM_XLATE_OK && x.phys != phys)
		t2t_check(t, 0, 0, file, line, "translate(gfd %d, iova %#" PRIx64 ", %s) reaches %#"
			  PRIx64 ", want %#" PRIx64, gfd, iova, write ? "write" : "read",
			  (uint64_t)x.phys, phys);
	if (result != T2SIM_XLATE_OK)
		t2t_check(t, 0, x.phys == 0 && x.msi_bank == T2SIM_NO_BANK && x.msi_flags == 0,
			  file, line, "faulting translation of %#" PRIx64 " must report phys 0, "
			  "bank 0xffffffff, msi_flags 0 (INTRO-5): got %#" PRIx64 " %#x %#x", iova,
			  (uint64_t)x.phys, x.msi_bank, x.msi_flags);
}

/* ------------------------------------------------------------ snapshots */
struct t2t_snap *t2t_snap_new(struct t2_tctx *t)
{
	struct t2t_snap *s = malloc(sizeof(*s));

	if (!s)
		tap_bail("out of memory for a snapshot");
	t2t_snap(t, s);
	return s;
}

void t2t_snap_free(struct t2t_snap *s)
{
	free(s);
}

void t2t_snap(struct t2_tctx *t, struct t2t_snap *s)
{
	struct t2t *x = T2T(t);
	struct t2_backend *be = t->be;
	int i, c, w, o, rw;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < x->nfds && s->ncont < T2T_SNAP_CONT; i++) {
		if (x->fds[i].kind != T2T_FD_CONTAINER)
			continue;
		c = s->ncont++;
		s->cont[c].fd = x->fds[i].fd;
		s->cont[c].geo_rc = __t2_get_geometry(be, x->fds[i].fd, &s->cont[c].start,
						      &s->cont[c].end);
		s->cont[c].win_rc = __t2_get_windows(be, x->fds[i].fd, &s->cont[c].n);
		s->cont[c].stash_rc = __t2_get_stash(be, x->fds[i].fd, &s->cont[c].cpu,
						     &s->cont[c].cache);
		s->cont[c].banks = __t2_get_msi_bank_count(be, x->fds[i].fd);
		if (x->has_intro)
			s->cont[c].crc = __t2_counters(be, x->fds[i].fd, &s->cont[c].c);
	}
	for (i = 0; i < x->nfds && s->ngrp < T2T_SNAP_GRP; i++) {
		int g;

		if (x->fds[i].kind != T2T_FD_GROUP)
			continue;
		g = s->ngrp++;
		s->grp[g].fd = x->fds[i].fd;
		s->grp[g].st_rc = __t2_group_get_status(be, x->fds[i].fd, &s->grp[g].flags);
		if (!x->has_intro)
			continue;
		for (c = 0; c < s->ncont; c++) {
			uint32_t n = s->cont[c].c.windows;
			uint64_t ws;

			if (s->cont[c].crc < 0 || s->cont[c].geo_rc < 0 || !n)
				continue;
			ws = (s->cont[c].end - s->cont[c].start + 1) / n;
			for (w = 0; w < T2T_SNAP_WIN && w < (int)n; w++) {
				for (o = 0; o < 2; o++) {
					for (rw = 0; rw < 2; rw++) {
						struct t2sim_translate tr;
						struct t2t_snap_xl *e = &s->grp[g].xl[c][w][o][rw];
						uint64_t iova = s->cont[c].start + w * ws +
							(o ? t2t_msiir_off(t, 0) : 0);

						if (__t2_translate(be, x->fds[i].fd, 0, iova, rw, &tr) < 0)
							continue;
						e->result = tr.result;
						e->liodn = tr.liodn;
						e->msi_bank = tr.msi_bank;
						e->msi_flags = tr.msi_flags;
						e->phys = tr.phys;
					}
				}
			}
		}
	}
}

#define T2T_CF(f) { #f, offsetof(struct t2sim_counters, f), \
		    sizeof(((struct t2sim_counters *)0)->f) }
static const struct { const char *name; size_t off, size; } counter_fields[] = {
	T2T_CF(backend), T2T_CF(enabled), T2T_CF(windows), T2T_CF(dma_windows),
	T2T_CF(msi_windows), T2T_CF(msi_records), T2T_CF(window_size), T2T_CF(dma_claimed),
	T2T_CF(pins), T2T_CF(spaaces), T2T_CF(groups), T2T_CF(liodns_linked),
	T2T_CF(liodns_valid), T2T_CF(sim_pins), T2T_CF(sim_spaaces), T2T_CF(locked),
	T2T_CF(crash_points),
};

static uint64_t t2t_field(const void *base, size_t off, size_t size)
{
	const unsigned char *p = (const unsigned char *)base + off;
	uint32_t v32;
	uint64_t v64;

	if (size == 4) {
		memcpy(&v32, p, 4);
		return v32;
	}
	memcpy(&v64, p, 8);
	return v64;
}

int t2t_snap_same(struct t2_tctx *t, const struct t2t_snap *a, const struct t2t_snap *b,
		  const char *what, const char *file, int line)
{
	int c, g, k, shown = 0;
	size_t f;

	if (!memcmp(a, b, sizeof(*a)))
		return 1;
	t2t_check(t, 0, 0, file, line, "%s: observable state changed (ATOM-1)", what);
	for (c = 0; c < a->ncont; c++) {
		const struct t2sim_counters *ca = &a->cont[c].c, *cb = &b->cont[c].c;

		for (f = 0; f < T2T_ARRAY_SIZE(counter_fields); f++) {
			uint64_t va = t2t_field(ca, counter_fields[f].off, counter_fields[f].size);
			uint64_t vb = t2t_field(cb, counter_fields[f].off, counter_fields[f].size);

			if (va != vb && shown++ < 12)
				tap_diag("  container fd %d: counters.%s %#" PRIx64 " -> %#" PRIx64,
					 a->cont[c].fd, counter_fields[f].name, va, vb);
		}
		if ((a->cont[c].geo_rc != b->cont[c].geo_rc || a->cont[c].start != b->cont[c].start ||
		     a->cont[c].end != b->cont[c].end) && shown++ < 12)
			tap_diag("  container fd %d: geometry (%ld) %#" PRIx64 "..%#" PRIx64
				 " -> (%ld) %#" PRIx64 "..%#" PRIx64, a->cont[c].fd,
				 a->cont[c].geo_rc, a->cont[c].start, a->cont[c].end,
				 b->cont[c].geo_rc, b->cont[c].start, b->cont[c].end);
		if ((a->cont[c].win_rc != b->cont[c].win_rc || a->cont[c].n != b->cont[c].n) &&
		    shown++ < 12)
			tap_diag("  container fd %d: windows (%ld) %u -> (%ld) %u", a->cont[c].fd,
				 a->cont[c].win_rc, a->cont[c].n, b->cont[c].win_rc, b->cont[c].n);
		if ((a->cont[c].stash_rc != b->cont[c].stash_rc || a->cont[c].cpu != b->cont[c].cpu ||
		     a->cont[c].cache != b->cont[c].cache) && shown++ < 12)
			tap_diag("  container fd %d: stash (%u,%u) -> (%u,%u)", a->cont[c].fd,
				 a->cont[c].cpu, a->cont[c].cache, b->cont[c].cpu, b->cont[c].cache);
		if (a->cont[c].banks != b->cont[c].banks && shown++ < 12)
			tap_diag("  container fd %d: bank count %ld -> %ld", a->cont[c].fd,
				 a->cont[c].banks, b->cont[c].banks);
	}
	for (g = 0; g < a->ngrp; g++) {
		if ((a->grp[g].st_rc != b->grp[g].st_rc || a->grp[g].flags != b->grp[g].flags) &&
		    shown++ < 12)
			tap_diag("  group fd %d: status flags %#x -> %#x", a->grp[g].fd,
				 a->grp[g].flags, b->grp[g].flags);
		/* the translations, walked flat: k = ((c * WIN + w) * 2 + o) * 2 + rw */
		for (k = 0; k < T2T_SNAP_CONT * T2T_SNAP_WIN * 4; k++) {
			const struct t2t_snap_xl *xa = &a->grp[g].xl[0][0][0][0] + k;
			const struct t2t_snap_xl *xb = &b->grp[g].xl[0][0][0][0] + k;

			if (!memcmp(xa, xb, sizeof(*xa)) || shown++ >= 12)
				continue;
			tap_diag("  group fd %d: %s of window %d%s (container #%d): %s %#" PRIx64
				 " -> %s %#" PRIx64, a->grp[g].fd, k % 2 ? "write" : "read",
				 k / 4 % T2T_SNAP_WIN, k / 2 % 2 ? " doorbell offset" : "",
				 k / (4 * T2T_SNAP_WIN), t2t_xname(xa->result), xa->phys,
				 t2t_xname(xb->result), xb->phys);
		}
	}
	return 0;
}

long t2t_fail_unchanged(struct t2_tctx *t, int fd, unsigned long cmd, void *arg, int err,
			const char *file, int line, const char *fmt, ...)
{
	struct t2t_snap *before = t2t_snap_new(t), *after;
	long rc = __t2_ioctl(t->be, fd, cmd, (unsigned long)arg);
	char got[48], what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);

	if (rc != -err) {
		t2t_rc_str(rc, got, sizeof(got));
		t2t_check(t, 0, 0, file, line, "%s: got %s, want -%s", what, got,
			  t2_errno_name(err));
	}
	after = t2t_snap_new(t);
	t2t_snap_same(t, before, after, what, file, line);
	t2t_snap_free(after);
	t2t_snap_free(before);
	return rc;
}
