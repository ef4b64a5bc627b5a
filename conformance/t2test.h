/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2test.h - the conformance suite's small test framework.
 *
 * A suite is a table of cases {name, rules, fn, arg, needs, platform}.  The
 * runner (runner.c) forks one process per case, arms an alarm for the
 * timeout, opens a fresh backend from the mode table, runs the body, then
 * tears down: it closes every descriptor the body opened and checks that
 * nothing leaked (no pin, no SPAACE, locked count at baseline, no crash point,
 * every group openable again).  Test bodies take a struct t2_tctx *, the same
 * context the checked ioctl helpers of harness/backend/ioctl.h report into.
 */
#ifndef T2_TEST_H
#define T2_TEST_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include "backend/backend.h"
#include "backend/ioctl.h"
#include "tap/tap.h"

#define T2T_KIB(x) ((uint64_t)(x) << 10)
#define T2T_MIB(x) ((uint64_t)(x) << 20)
#define T2T_GIB(x) ((uint64_t)(x) << 30)
#define T2T_PAGE 4096ull
#define T2T_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* What a case needs; the runner SKIPs it with a reason when that is absent. */
enum t2t_need {
	T2T_NEED_INTRO = 1 << 0,    /* the introspection interface (INTRO-3) */
	T2T_NEED_CONFIG = 1 << 1,   /* creates backends from platform strings */
	T2T_NEED_KERNEL = 1 << 2,   /* a kernel backend (real user memory faults) */
	T2T_NEED_SIMMEM = 1 << 3,   /* simulated user memory (MEM-2..MEM-5; MEM-7) */
};

struct t2t_case {
	const char *name;       /* "area.what", no spaces */
	const char *rules;      /* "MAP-1 MSI-9 INV-9": the rule IDs it checks */
	void (*fn)(struct t2_tctx *t, const void *arg);
	const void *arg;
	unsigned int needs;
	const char *platform;   /* NULL: the mode's platform; else a PLAT-2 string */
	/* spec 9a: NULL runs on every MSI design; "A" (or "B", "C", "D") only on
	 * a target whose platform selects that design (msi_design=A), else SKIP */
	const char *design;
};

struct t2t_suite {
	const char *name;
	const struct t2t_case *cases;
	size_t ncases;
};

#define T2T_SUITE(sname, table) \
	const struct t2t_suite t2t_suite_##sname = { #sname, table, T2T_ARRAY_SIZE(table) }

/* Every suite, in spec order. */
#define T2T_SUITES(X) X(abi) X(core) X(plat) X(attr) X(windows) X(stash) X(map) \
	X(unmap) X(msi) X(msi_a) X(msi_b) X(msi_c) X(domain) X(acct) X(release) X(atomicity) X(iso) X(intro) X(conc) \
	X(conc_pairs)
#define T2T_DECLARE_SUITE(s) extern const struct t2t_suite t2t_suite_##s;
T2T_SUITES(T2T_DECLARE_SUITE)
#undef T2T_DECLARE_SUITE

/* Case shorthands.  Extra designated initializers may follow, e.g.
 * T2T_DESIGN("D") for a case that depends on MSI design D (spec 9a). */
#define T2T_CASE(n, r, f, ...) { .name = (n), .rules = (r), .fn = (f), __VA_ARGS__ }
#define T2T_CASE_I(n, r, f, ...) \
	{ .name = (n), .rules = (r), .fn = (f), .needs = T2T_NEED_INTRO, __VA_ARGS__ }
#define T2T_CASE_P(n, r, f, plat, ...) \
	{ .name = (n), .rules = (r), .fn = (f), .needs = T2T_NEED_CONFIG, .platform = (plat), \
	  __VA_ARGS__ }
#define T2T_CASE_PI(n, r, f, plat, ...) \
	{ .name = (n), .rules = (r), .fn = (f), .needs = T2T_NEED_CONFIG | T2T_NEED_INTRO, \
	  .platform = (plat), __VA_ARGS__ }
#define T2T_CASE_A(n, r, f, a, nd, ...) \
	{ .name = (n), .rules = (r), .fn = (f), .arg = (a), .needs = (nd), __VA_ARGS__ }
/* The case runs only where the target's platform selects MSI design d (9a). */
#define T2T_DESIGN(d) .design = (d)
/*
 * A case of an MSI design's section (spec 9a): conformance/msi_<d>.c holds
 * design <d>'s cases, named "msi<d>.what", citing its rules (MSIA-n, ...),
 * e.g. T2T_CASE_I("msia.created_at_first_map", "MSIA-3", fn, T2T_DESIGN("A")).
 * The runner runs them where the target's platform selects the design; a
 * case that uses design D's explicit bank ioctls is T2T_DESIGN("D").
 */

/* ------------------------------------------------------------ context */
#define T2T_MAX_FDS 64
#define T2T_MAX_BUFS 32

enum t2t_fd_kind { T2T_FD_CONTAINER = 1, T2T_FD_GROUP, T2T_FD_DEVICE };

struct t2t_mode {
	const char *name;       /* "stub", "oracle", "dev" */
	const char *kind;       /* t2_config.kind */
	int can_platform;       /* can create instances with any platform string */
	int sim_memory;         /* user memory is simulated (MEM-1..MEM-6), not real */
};

struct t2t {
	struct t2_tctx tc;                  /* first: test bodies see only this */
	const struct t2t_case *tcase;
	const struct t2t_mode *mode;
	struct t2_config cfg;       /* the mode's configuration */
	const char *platform;               /* the current backend's platform */
	int has_intro;
	struct t2sim_platform plat;         /* from introspection, or p4080 defaults */
	int64_t locked_base;
	struct { int fd; int kind; int group; } fds[T2T_MAX_FDS];
	int nfds;
	struct { uint64_t vaddr, size; } bufs[T2T_MAX_BUFS];
	int nbufs;
	sigjmp_buf *jmp;                    /* where abort and skip unwind to */
	int skipped;
	char reason[256];
	int verbose;
	int no_intro;                       /* -I: act as if introspection were absent */
};

#define T2T(tc) ((struct t2t *)(tc))

/* ------------------------------------------------------------ checks */
void t2t_check(struct t2_tctx *t, int fatal, int cond, const char *file, int line,
	       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void t2t_check_eq(struct t2_tctx *t, int fatal, uint64_t got, uint64_t want,
		  const char *gexpr, const char *wexpr, const char *file, int line);
void t2t_check_rc(struct t2_tctx *t, int fatal, long rc, int want, const char *expr,
		  const char *file, int line);

#define T2T_EXPECT(t, c) t2t_check((t), 0, !!(c), __FILE__, __LINE__, "%s", #c)
#define T2T_ASSERT(t, c) t2t_check((t), 1, !!(c), __FILE__, __LINE__, "%s", #c)
#define T2T_EXPECT_EQ(t, got, want) \
	t2t_check_eq((t), 0, (uint64_t)(got), (uint64_t)(want), #got, #want, __FILE__, __LINE__)
#define T2T_ASSERT_EQ(t, got, want) \
	t2t_check_eq((t), 1, (uint64_t)(got), (uint64_t)(want), #got, #want, __FILE__, __LINE__)
/* want: a positive errno, or 0 for "any success (>= 0)". */
#define T2T_EXPECT_RC(t, rc, want) t2t_check_rc((t), 0, (rc), (want), #rc, __FILE__, __LINE__)
#define T2T_ASSERT_RC(t, rc, want) t2t_check_rc((t), 1, (rc), (want), #rc, __FILE__, __LINE__)
#define T2T_FAIL(t, ...) t2t_check((t), 0, 0, __FILE__, __LINE__, __VA_ARGS__)

void t2t_skip(struct t2_tctx *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void t2t_info(struct t2_tctx *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Skips unless the backend has introspection (INTRO-3, DEV-6). */
void t2t_need_intro(struct t2_tctx *t);
/* Skips unless the mode can create instances from platform strings. */
void t2t_need_config(struct t2_tctx *t);
/* Skips unless the platform has at least n MSI banks. */
void t2t_need_banks(struct t2_tctx *t, unsigned int n);
const struct t2sim_platform *t2t_plat(struct t2_tctx *t);
int t2t_failed(struct t2_tctx *t);

/* ------------------------------------------------------------ resources */
int t2t_container(struct t2_tctx *t);
/* Opens group g (skip when the platform has no such group). */
int t2t_group(struct t2_tctx *t, unsigned int g);
/* Raw open: returns the fd (tracked) or -errno. */
int t2t_try_group(struct t2_tctx *t, unsigned int g);
int t2t_try_container(struct t2_tctx *t);
/* Device fd of group number g through gfd (tracked).  Asserts success. */
int t2t_device(struct t2_tctx *t, int gfd, unsigned int g);
/* Track a descriptor obtained through a raw call (closed at teardown). */
void t2t_adopt(struct t2_tctx *t, int fd, int kind, int group);
/* Close a tracked fd; asserts the close succeeds. */
void t2t_close(struct t2_tctx *t, int fd);
void t2t_join(struct t2_tctx *t, int gfd, int cfd);
/* Device name and LIODNs of group g, from the platform. */
const char *t2t_devname(struct t2_tctx *t, unsigned int g);
unsigned int t2t_nliodns(struct t2_tctx *t, unsigned int g);
uint32_t t2t_liodn(struct t2_tctx *t, unsigned int g, unsigned int k);
int t2t_has_group(struct t2_tctx *t, unsigned int g);

/* A user buffer (MEM-1).  Skips when a hugepage size is unavailable. */
uint64_t t2t_buf(struct t2_tctx *t, uint64_t size, uint64_t page);
void t2t_buf_free(struct t2_tctx *t, uint64_t vaddr);
/* Physical address behind vaddr (INTRO-10), or T2SIM_NOT_BACKED. */
uint64_t t2t_phys(struct t2_tctx *t, uint64_t vaddr);

/* A container with groups, a backend, and optionally geometry and windows. */
struct t2t_dom {
	int c;
	int ng;
	int g[T2SIM_MAX_GROUPS];            /* group fds, in ascending group number */
	unsigned int gno[T2SIM_MAX_GROUPS];
	uint64_t start, size, ws;
	uint32_t n;
};
#define T2T_G(n) (1u << (n))
/* size 0: geometry left at default; n 0: windows not configured. */
void t2t_dom(struct t2_tctx *t, struct t2t_dom *d, uint32_t groups, uint64_t start,
	     uint64_t size, uint32_t n);
/* Same, without SET_IOMMU (groups joined only). */
void t2t_dom_nobackend(struct t2_tctx *t, struct t2t_dom *d, uint32_t groups);
static inline uint64_t t2t_win(const struct t2t_dom *d, uint64_t i)
{
	return d->start + i * d->ws;
}
/*
 * Maps a fresh buffer of `pages` 4 KiB pages, read-write, at window w of d
 * (asserts success; the size must be whole windows).  Returns its vaddr.
 */
uint64_t t2t_map_pages(struct t2_tctx *t, const struct t2t_dom *d, uint64_t w, uint64_t pages);
/* CORE-5: a fresh backend's geometry, window count and stash are the defaults. */
void t2t_expect_attr_defaults(struct t2_tctx *t, int c);
/* The fd of group number g in d (asserts it is there). */
int t2t_dom_group(struct t2_tctx *t, const struct t2t_dom *d, unsigned int g);

/* Introspection wrappers: skip without introspection, assert success. */
void t2t_counters(struct t2_tctx *t, int cfd, struct t2sim_counters *c);
struct t2sim_translate t2t_xlate(struct t2_tctx *t, int gfd, uint32_t idx, uint64_t iova,
				 int write);
void t2t_fail_arm(struct t2_tctx *t, int fd, uint32_t nth);
struct t2sim_fail_nth t2t_fail_status(struct t2_tctx *t, int fd);
/* MSIIR offset inside its doorbell page (MSI-4), for bank b. */
uint64_t t2t_msiir_off(struct t2_tctx *t, unsigned int bank);

/* Expect a translation result (and, for OK, the physical address). */
void t2t_expect_xlate(struct t2_tctx *t, int gfd, uint32_t idx, uint64_t iova, int write,
		      uint32_t result, uint64_t phys, const char *file, int line);
#define T2T_XLATE(t, gfd, iova, w, res, phys) \
	t2t_expect_xlate((t), (gfd), 0, (iova), (w), (res), (phys), __FILE__, __LINE__)

/* Leak checks and fresh instances. */
/* Closes everything, checks nothing leaked; returns the failures found. */
int t2t_teardown(struct t2_tctx *t);
/* Tears down the current backend (with leak checks) and opens a new one;
 * platform NULL = the mode's. */
void t2t_reopen(struct t2_tctx *t, const char *platform);
/* Tries to create (and destroy) an instance with this platform string. */
int t2t_try_platform(struct t2_tctx *t, const char *platform, char *err, size_t errlen);

/* ------------------------------------------------------------ snapshots */
#define T2T_SNAP_CONT 4
#define T2T_SNAP_GRP 8
#define T2T_SNAP_WIN 8

struct t2t_snap_xl {
	uint32_t result, liodn, msi_bank, msi_flags;
	uint64_t phys;
};

struct t2t_snap {
	int ncont, ngrp;
	struct {
		int fd;
		long crc, geo_rc, win_rc, stash_rc, banks;
		struct t2sim_counters c;
		uint64_t start, end;
		uint32_t n, cpu, cache;
	} cont[T2T_SNAP_CONT];
	struct {
		int fd;
		long st_rc;
		uint32_t flags;
		struct t2t_snap_xl xl[T2T_SNAP_CONT][T2T_SNAP_WIN][2][2];
	} grp[T2T_SNAP_GRP];
};

/* Everything observable through the descriptors the test holds (ATOM-1). */
void t2t_snap(struct t2_tctx *t, struct t2t_snap *s);
/* 1 if equal; otherwise reports the first differences and returns 0. */
int t2t_snap_same(struct t2_tctx *t, const struct t2t_snap *a, const struct t2t_snap *b,
		  const char *what, const char *file, int line);
#define T2T_EXPECT_UNCHANGED(t, before, what) do { \
		struct t2t_snap *after__ = t2t_snap_new(t); \
		t2t_snap_same((t), (before), after__, (what), __FILE__, __LINE__); \
		t2t_snap_free(after__); \
	} while (0)
struct t2t_snap *t2t_snap_new(struct t2_tctx *t);
void t2t_snap_free(struct t2t_snap *s);
/*
 * A raw ioctl that must fail with exactly err and change nothing observable
 * (ERR-5, ATOM-1): snapshots, issues cmd with arg, reports "WHAT: got X,
 * want -ERR" and any change, WHAT being printf(fmt, ...).  Returns the
 * ioctl's result.
 */
long t2t_fail_unchanged(struct t2_tctx *t, int fd, unsigned long cmd, void *arg, int err,
			const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
#define T2T_FAIL_UNCHANGED(t, fd, cmd, arg, err, ...) \
	t2t_fail_unchanged((t), (fd), (cmd), (arg), (err), __FILE__, __LINE__, __VA_ARGS__)

/* ------------------------------------------------------------ runner */
int t2t_main(int argc, char **argv);

#endif /* T2_TEST_H */
