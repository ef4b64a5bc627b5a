/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * conc_pairs.c - spec section 15 with shared resources: two threads whose
 * calls do interact (two DMA maps against one memlock limit, an unmap
 * against a map of the same range, SET_ATTR against a map, two opens of one
 * group, a group close against a container ioctl, ...).  Each case states
 * the outcomes that some serial order of the two threads' calls gives, read
 * from the rules it cites, and accepts exactly those (CONC-2); the state
 * afterwards must be the one that order leaves (CONC-3, INV-*).
 *
 * Each case runs PAIR_ROUNDS rounds from the same starting state.  On a
 * backend with a deterministic scheduler (the stub) rounds 0 .. 2*ENUM_STEPS-1
 * enumerate every schedule with one preemption (thread r%2 runs r/2
 * decisions, then the other runs alone, then the first finishes: replayed
 * picks, docs/concurrency.md), and the remaining rounds are PCT seeds; the
 * round number names the schedule.  Elsewhere the OS interleaves the threads,
 * for PAIR_ROUNDS_FREE rounds.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "t2test.h"

#define ENUM_STEPS 32
#define PAIR_ROUNDS (2 * ENUM_STEPS + 32)
/* Real threads (a device): no schedule to enumerate, and each round costs
 * syscalls and two thread starts (a guest under TCG runs every section). */
#define PAIR_ROUNDS_FREE 24
#define REPLAY_LEN 256

enum pair_kind {
	P_MAP, P_UNMAP, P_MSI_MAP, P_MSI_UNMAP, P_GEOMETRY, P_WINDOWS, P_SET_IOMMU,
	P_SET_CONTAINER, P_UNSET_CONTAINER, P_DEVICE_FD, P_OPEN_GROUP, P_OPEN_CONTAINER,
	P_CLOSE, P_UNKNOWN,
};

/* One call: kind, fd, arguments a b c (meaning per kind), result. */
struct pair_op {
	int kind;
	int fd;
	uint64_t a, b, c;
	long rc;
	uint64_t out;           /* UNMAP_DMA: bytes unmapped */
};

struct pair_thread {
	struct t2_backend *be;
	int nops;
	struct pair_op op[2];
};

static void pair_op_run(struct t2_backend *be, struct pair_op *o)
{
	o->out = 0;
	switch (o->kind) {
	case P_MAP:     /* a: vaddr, b: iova, c: size */
		o->rc = __t2_map_dma(be, o->fd, T2_RW, o->a, o->b, o->c);
		break;
	case P_UNMAP:   /* b: iova, c: size */
		o->rc = __t2_unmap_dma(be, o->fd, o->b, o->c, &o->out);
		break;
	case P_MSI_MAP: /* a: bank, b: iova */
		o->rc = __t2_map_msi_bank(be, o->fd, T2_RW, (uint32_t)o->a, o->b);
		break;
	case P_MSI_UNMAP:
		o->rc = __t2_unmap_msi_bank(be, o->fd, o->b);
		break;
	case P_GEOMETRY: /* a: start, b: end */
		o->rc = __t2_set_geometry(be, o->fd, o->a, o->b);
		break;
	case P_WINDOWS: /* a: n */
		o->rc = __t2_set_windows(be, o->fd, (uint32_t)o->a);
		break;
	case P_SET_IOMMU:
		o->rc = __t2_set_iommu(be, o->fd, T2_TYPE2_VALUE);
		break;
	case P_SET_CONTAINER: /* a: container fd */
		o->rc = __t2_group_set_container(be, o->fd, (int)o->a);
		break;
	case P_UNSET_CONTAINER:
		o->rc = __t2_group_unset_container(be, o->fd);
		break;
	case P_DEVICE_FD: /* a: the name */
		o->rc = __t2_group_get_device_fd(be, o->fd, (const char *)(uintptr_t)o->a);
		break;
	case P_OPEN_GROUP: /* a: group number */
		o->rc = be->ops->open_group(be, (unsigned int)o->a);
		break;
	case P_OPEN_CONTAINER:
		o->rc = be->ops->open_container(be);
		break;
	case P_CLOSE:
		o->rc = be->ops->close(be, o->fd);
		break;
	case P_UNKNOWN: /* a: the number */
		o->rc = __t2_ioctl(be, o->fd, (unsigned long)o->a, 0);
		break;
	}
}

static void pair_body(void *arg)
{
	struct pair_thread *th = arg;
	int i;

	for (i = 0; i < th->nops; i++)
		pair_op_run(th->be, &th->op[i]);
}

/* Round r's schedule (see the top of the file). */
static void pair_schedule(struct t2sim_sched *sc, uint8_t *replay, int r)
{
	memset(sc, 0, sizeof(*sc));
	sc->seed = (uint64_t)r;
	sc->steps = 24;
	if (r < 2 * ENUM_STEPS) {
		uint8_t first = (uint8_t)(r & 1);
		int k = r >> 1, i;

		for (i = 0; i < REPLAY_LEN; i++)
			replay[i] = i < k ? first : i < k + REPLAY_LEN / 2 ? !first : first;
		sc->replay = replay;
		sc->nreplay = REPLAY_LEN;
	}
}

/* Runs th[0] and th[1] (one call each, or more) under round r's schedule. */
static void pair_run(struct t2_tctx *t, struct pair_thread *th, int r)
{
	void (*const body[2])(void *) = { pair_body, pair_body };
	void *arg[2] = { &th[0], &th[1] };
	uint8_t replay[REPLAY_LEN];
	struct t2sim_sched sc;

	th[0].be = th[1].be = t->be;
	pair_schedule(&sc, replay, r);
	T2T_ASSERT_EQ(t, t2_be_run_threads(t->be, &sc, 2, body, arg), 0);
	T2T_ASSERT_EQ(t, sc.deadlock, 0);
}

static int pair_rounds(struct t2_tctx *t)
{
	return t2_be_schedules(t->be) ? PAIR_ROUNDS : PAIR_ROUNDS_FREE;
}

static struct pair_op one(int kind, int fd, uint64_t a, uint64_t b, uint64_t c)
{
	return (struct pair_op){ .kind = kind, .fd = fd, .a = a, .b = b, .c = c };
}

/* Exactly one of two results is `win` (0 or a descriptor when win < 0 means
 * "any non-negative") and the other is -lose.  Returns the winner's index
 * or -1. */
static int one_wins(long rc0, long rc1, int lose)
{
	if (rc0 >= 0 && rc1 == -lose)
		return 0;
	if (rc1 >= 0 && rc0 == -lose)
		return 1;
	return -1;
}

/* A round's two threads, empty, with n0 and n1 ops to fill in. */
static void pair_reset(struct pair_thread th[2], int n0, int n1)
{
	memset(th, 0, 2 * sizeof(th[0]));
	th[0].nops = n0;
	th[1].nops = n1;
}

static void dom_close(struct t2_tctx *t, struct t2t_dom *d)
{
	int i;

	for (i = 0; i < d->ng; i++)
		t2t_close(t, d->g[i]);
	t2t_close(t, d->c);
}

static void expect_windows(struct t2_tctx *t, int c, uint32_t want)
{
	uint32_t n = 0;

	T2T_EXPECT_RC(t, __t2_get_windows(t->be, c, &n), 0);
	T2T_EXPECT_EQ(t, n, want);
}

/* The rounds of a pair case, stopping at its first failure. */
#define for_each_round(t, r) for ((r) = 0; (r) < pair_rounds(t) && !t2t_failed(t); (r)++)

#define PAIR_FAIL(t, r, ...) \
	do { \
		T2T_FAIL(t, __VA_ARGS__); \
		t2t_info(t, "round %d%s", r, t2_be_schedules((t)->be) ? \
			 " (the schedule: conformance/conc_pairs.c, pair_schedule)" : ""); \
	} while (0)

/* ------------------------------------------------------------ MSI */
/* MSI-2 rows 10, 11: one bank twice in one container: one map wins. */
static void test_msi_same_bank(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	struct t2t_dom d;
	int r, w;

	(void)arg;
	t2t_need_banks(t, 1);
	for_each_round(t, r) {
		t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(256), 16);
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_MSI_MAP, d.c, 0, t2t_win(&d, 8), 0);
		th[1].op[0] = one(P_MSI_MAP, d.c, 0, t2t_win(&d, 9), 0);
		pair_run(t, th, r);
		w = one_wins(th[0].op[0].rc, th[1].op[0].rc, EBUSY);
		if (w < 0)
			PAIR_FAIL(t, r, "MSI-2: two maps of bank 0 gave %ld and %ld; a serial order "
				  "gives 0 and -EBUSY", th[0].op[0].rc, th[1].op[0].rc);
		else {
			T2T_EXPECT_RC(t, __t2_unmap_msi_bank(t->be, d.c, th[!w].op[0].b), EINVAL);
			T2T_EXPECT_RC(t, __t2_unmap_msi_bank(t->be, d.c, th[w].op[0].b), 0);
		}
		dom_close(t, &d);
	}
}

/* MSI-7: one window unmapped twice at once: one unmap finds the record. */
static void test_msi_unmap_twice(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	struct t2t_dom d;
	int r;

	(void)arg;
	t2t_need_banks(t, 1);
	for_each_round(t, r) {
		t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(256), 16);
		t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 8));
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_MSI_UNMAP, d.c, 0, t2t_win(&d, 8), 0);
		th[1].op[0] = th[0].op[0];
		pair_run(t, th, r);
		if (one_wins(th[0].op[0].rc, th[1].op[0].rc, EINVAL) < 0)
			PAIR_FAIL(t, r, "MSI-7: two unmaps of one MSI window gave %ld and %ld; a "
				  "serial order gives 0 and -EINVAL", th[0].op[0].rc, th[1].op[0].rc);
		/* the window is free again (MSI-8) */
		T2T_EXPECT_RC(t, __t2_map_msi_bank(t->be, d.c, T2_RW, 0, t2t_win(&d, 8)), 0);
		dom_close(t, &d);
	}
}

/* ------------------------------------------------------------ DMA */
/* ACCT-4, MAP-1 row 12: memlock = 16 pages; two maps of 12 pages each. */
static void test_dma_memlock(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	struct t2t_dom d;
	uint64_t hp;
	int r, w;

	(void)arg;
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	for_each_round(t, r) {
		t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(256), 16); /* ws 16 KiB */
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_MAP, d.c, hp, t2t_win(&d, 0), 3 * d.ws);
		th[1].op[0] = one(P_MAP, d.c, hp + 4 * d.ws, t2t_win(&d, 4), 3 * d.ws);
		pair_run(t, th, r);
		w = one_wins(th[0].op[0].rc, th[1].op[0].rc, ENOMEM);
		if (w < 0) {
			PAIR_FAIL(t, r, "ACCT-4: two maps of 12 pages under a 16-page memlock limit "
				  "gave %ld and %ld; a serial order gives 0 and -ENOMEM",
				  th[0].op[0].rc, th[1].op[0].rc);
		} else {
			uint64_t done = 0;

			T2T_EXPECT_RC(t, __t2_unmap_dma(t->be, d.c, th[w].op[0].b, 3 * d.ws, &done), 0);
			T2T_EXPECT_EQ(t, done, 3 * d.ws);
		}
		dom_close(t, &d);
	}
}

/* UNMAP-4, INV-5: a map and an unmap of one range; what the unmap returned
 * says which came first, and the state must agree. */
static void test_map_vs_unmap(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	struct t2t_dom d;
	uint64_t hp, done, size;
	int r;

	(void)arg;
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	for_each_round(t, r) {
		t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(256), 16);
		size = 2 * d.ws;
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_MAP, d.c, hp, t2t_win(&d, 0), size);
		th[1].op[0] = one(P_UNMAP, d.c, 0, t2t_win(&d, 0), size);
		pair_run(t, th, r);
		if (th[0].op[0].rc || th[1].op[0].rc ||
		    (th[1].op[0].out != 0 && th[1].op[0].out != size)) {
			PAIR_FAIL(t, r, "CONC-2: MAP_DMA gave %ld, UNMAP_DMA of the same range gave "
				  "%ld with %llu bytes; a serial order gives 0 and 0 with 0 or %llu",
				  th[0].op[0].rc, th[1].op[0].rc,
				  (unsigned long long)th[1].op[0].out, (unsigned long long)size);
		} else {
			/* unmap first: the range is still mapped; map first: nothing is */
			uint64_t want = th[1].op[0].out ? 0 : size;

			done = ~0ull;
			T2T_EXPECT_RC(t, __t2_unmap_dma(t->be, d.c, t2t_win(&d, 0), size, &done), 0);
			if (done != want)
				PAIR_FAIL(t, r, "UNMAP-4: the concurrent unmap returned %llu bytes, so a "
					  "later unmap must return %llu, not %llu",
					  (unsigned long long)th[1].op[0].out,
					  (unsigned long long)want, (unsigned long long)done);
			/* and nothing is left claiming the range (MAP-1 row 11) */
			T2T_EXPECT_RC(t, __t2_map_dma(t->be, d.c, T2_RW, hp, t2t_win(&d, 0), size), 0);
		}
		dom_close(t, &d);
	}
}

/* ------------------------------------------------------------ SET_ATTR vs map */
/*
 * A SET_ATTR that reconfigures the windows (GEOM-4, WIN-7) while a one-window
 * map (of the 16-window size) arrives: either the map comes first and the
 * SET finds a valid window (EBUSY: GEOM-3, WIN-5), or the SET comes first and
 * the map no longer fits a window (EINVAL: MAP-1 rows 8-10).  Afterwards
 * GET_ATTR(WINDOWS) reports 16, or what the SET left (windows_after).
 */
static void attr_vs_map(struct t2_tctx *t, const struct pair_op *set, uint32_t windows_after,
			const char *rule)
{
	struct pair_thread th[2];
	struct t2t_dom d;
	uint64_t hp;
	long a, m;
	int r;

	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	for_each_round(t, r) {
		t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(256), 16);
		pair_reset(th, 1, 1);
		th[0].op[0] = *set;
		th[0].op[0].fd = d.c;
		th[1].op[0] = one(P_MAP, d.c, hp, t2t_win(&d, 0), d.ws);
		pair_run(t, th, r);
		a = th[0].op[0].rc;
		m = th[1].op[0].rc;
		if (!((a == 0 && m == -EINVAL) || (a == -EBUSY && m == 0)))
			PAIR_FAIL(t, r, "%s: SET_ATTR gave %ld and MAP_DMA of one 16-window %ld; a "
				  "serial order gives 0 and -EINVAL, or -EBUSY and 0", rule, a, m);
		else
			expect_windows(t, d.c, a ? 16 : windows_after);
		dom_close(t, &d);
	}
}

/* GEOM-3, GEOM-4: the same geometry again; windows back to not configured
 * (WIN-1: GET reports max_windows). */
static void test_geometry_vs_map(struct t2_tctx *t, const void *arg)
{
	struct pair_op set = one(P_GEOMETRY, -1, 0, T2T_KIB(256) - 1, 0);

	(void)arg;
	attr_vs_map(t, &set, t2t_plat(t)->max_windows, "GEOM-3");
}

/* WIN-5, WIN-7: 16 -> 8 windows. */
static void test_windows_vs_map(struct t2_tctx *t, const void *arg)
{
	struct pair_op set = one(P_WINDOWS, -1, 8, 0, 0);

	(void)arg;
	attr_vs_map(t, &set, 8, "WIN-5");
}

/* UNMAP-1..4, WIN-7: an unmap checked against 16 windows while the other
 * thread goes to 8 windows and maps window 0. */
static void test_unmap_vs_reconfigure(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	struct t2t_dom d;
	uint64_t hp, done, ws8;
	int r;

	(void)arg;
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	for_each_round(t, r) {
		t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(256), 16);
		ws8 = 2 * d.ws;
		pair_reset(th, 1, 0);
		th[0].op[0] = one(P_UNMAP, d.c, 0, t2t_win(&d, 1), d.ws);
		th[1].nops = 2;
		th[1].op[0] = one(P_WINDOWS, d.c, 8, 0, 0);
		th[1].op[1] = one(P_MAP, d.c, hp, 0, ws8);
		pair_run(t, th, r);
		if (!((th[0].op[0].rc == 0 && th[0].op[0].out == 0) || th[0].op[0].rc == -EINVAL) ||
		    th[1].op[0].rc || th[1].op[1].rc) {
			PAIR_FAIL(t, r, "UNMAP-4: UNMAP_DMA of 16-window 1 gave %ld with %llu bytes "
				  "while SET_ATTR(WINDOWS, 8) and a map of 8-window 0 gave %ld, %ld; "
				  "a serial order gives 0 with 0 bytes or -EINVAL, and 0, 0",
				  th[0].op[0].rc, (unsigned long long)th[0].op[0].out,
				  th[1].op[0].rc, th[1].op[1].rc);
		} else {
			done = 0;
			T2T_EXPECT_RC(t, __t2_unmap_dma(t->be, d.c, 0, ws8, &done), 0);
			T2T_EXPECT_EQ(t, done, ws8);
		}
		dom_close(t, &d);
	}
}

/* ------------------------------------------------------------ VFIO core */
/* CORE-4, CORE-5: SET_IOMMU twice at once: one backend. */
static void test_set_iommu_twice(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	struct t2t_dom d;
	int r;

	(void)arg;
	for_each_round(t, r) {
		t2t_dom_nobackend(t, &d, T2T_G(0));
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_SET_IOMMU, d.c, 0, 0, 0);
		th[1].op[0] = th[0].op[0];
		pair_run(t, th, r);
		if (one_wins(th[0].op[0].rc, th[1].op[0].rc, EINVAL) < 0)
			PAIR_FAIL(t, r, "CORE-5: two SET_IOMMU gave %ld and %ld; a serial order "
				  "gives 0 and -EINVAL", th[0].op[0].rc, th[1].op[0].rc);
		else
			t2t_expect_attr_defaults(t, d.c);
		dom_close(t, &d);
	}
}

/* ERR-6, CORE-5: an unknown number on a container while SET_IOMMU runs:
 * EINVAL before the backend, ENOTTY after. */
static void test_unknown_vs_set_iommu(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	struct t2t_dom d;
	long u;
	int r;

	(void)arg;
	for_each_round(t, r) {
		t2t_dom_nobackend(t, &d, T2T_G(0));
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_SET_IOMMU, d.c, 0, 0, 0);
		th[1].op[0] = one(P_UNKNOWN, d.c, _IO(VFIO_TYPE, VFIO_BASE + 60), 0, 0);
		pair_run(t, th, r);
		u = th[1].op[0].rc;
		if (th[0].op[0].rc || (u != -EINVAL && u != -ENOTTY))
			PAIR_FAIL(t, r, "ERR-6: SET_IOMMU gave %ld and an unknown ioctl %ld; a serial "
				  "order gives 0, and -EINVAL or -ENOTTY", th[0].op[0].rc, u);
		dom_close(t, &d);
	}
}

/* CORE-8: one group joined to two containers at once: one join wins. */
static void test_set_container_twice(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	int r, w, c[2], g;

	(void)arg;
	for_each_round(t, r) {
		c[0] = t2t_container(t);
		c[1] = t2t_container(t);
		g = t2t_group(t, 0);
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_SET_CONTAINER, g, (uint64_t)c[0], 0, 0);
		th[1].op[0] = one(P_SET_CONTAINER, g, (uint64_t)c[1], 0, 0);
		pair_run(t, th, r);
		w = one_wins(th[0].op[0].rc, th[1].op[0].rc, EINVAL);
		if (w < 0) {
			PAIR_FAIL(t, r, "CORE-8: the group joined two containers at once: %ld and "
				  "%ld; a serial order gives 0 and -EINVAL",
				  th[0].op[0].rc, th[1].op[0].rc);
		} else {
			/* the winner's container has the group: SET_IOMMU works there only */
			T2T_EXPECT_RC(t, __t2_set_iommu(t->be, c[!w], T2_TYPE2_VALUE), EINVAL);
			T2T_EXPECT_RC(t, __t2_set_iommu(t->be, c[w], T2_TYPE2_VALUE), 0);
		}
		t2t_close(t, g);
		t2t_close(t, c[1]);
		t2t_close(t, c[0]);
	}
}

/* CORE-9: UNSET_CONTAINER twice at once: one leave. */
static void test_unset_container_twice(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	struct t2t_dom d;
	int r;

	(void)arg;
	for_each_round(t, r) {
		t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_UNSET_CONTAINER, d.g[0], 0, 0, 0);
		th[1].op[0] = th[0].op[0];
		pair_run(t, th, r);
		if (one_wins(th[0].op[0].rc, th[1].op[0].rc, EINVAL) < 0)
			PAIR_FAIL(t, r, "CORE-9: two UNSET_CONTAINER gave %ld and %ld; a serial "
				  "order gives 0 and -EINVAL", th[0].op[0].rc, th[1].op[0].rc);
		else /* the backend went with the last group (CORE-13) */
			T2T_EXPECT_RC(t, __t2_get_windows(t->be, d.c, NULL), EINVAL);
		dom_close(t, &d);
	}
}

/* CORE-9, CORE-10: a device fd and UNSET_CONTAINER at once: either the
 * device came first (EBUSY) or the group had left (EINVAL). */
static void test_device_fd_vs_unset(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	struct t2t_dom d;
	long dev, un;
	int r;

	(void)arg;
	for_each_round(t, r) {
		t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_DEVICE_FD, d.g[0], (uint64_t)(uintptr_t)t2t_devname(t, 0), 0, 0);
		th[1].op[0] = one(P_UNSET_CONTAINER, d.g[0], 0, 0, 0);
		pair_run(t, th, r);
		dev = th[0].op[0].rc;
		un = th[1].op[0].rc;
		if (dev >= 0)
			t2t_adopt(t, (int)dev, T2T_FD_DEVICE, 0);
		if (!((dev >= 0 && un == -EBUSY) || (un == 0 && dev == -EINVAL)))
			PAIR_FAIL(t, r, "CORE-9: GET_DEVICE_FD gave %ld and UNSET_CONTAINER %ld; a "
				  "serial order gives a fd and -EBUSY, or 0 and -EINVAL", dev, un);
		if (dev >= 0)
			t2t_close(t, (int)dev);
		dom_close(t, &d);
	}
}

/* CORE-6: two opens of one group: one fd. */
static void test_open_group_twice(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	int r, i;

	(void)arg;
	for_each_round(t, r) {
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_OPEN_GROUP, -1, 0, 0, 0);
		th[1].op[0] = th[0].op[0];
		pair_run(t, th, r);
		for (i = 0; i < 2; i++)
			if (th[i].op[0].rc >= 0)
				t2t_adopt(t, (int)th[i].op[0].rc, T2T_FD_GROUP, 0);
		if (th[0].op[0].rc == -ENOENT && th[1].op[0].rc == -ENOENT)
			t2t_skip(t, "group node 0 is missing (DEV-6)");
		if (one_wins(th[0].op[0].rc, th[1].op[0].rc, EBUSY) < 0)
			PAIR_FAIL(t, r, "CORE-6: two opens of group 0 gave %ld and %ld; a serial "
				  "order gives a fd and -EBUSY", th[0].op[0].rc, th[1].op[0].rc);
		for (i = 0; i < 2; i++)
			if (th[i].op[0].rc >= 0)
				t2t_close(t, (int)th[i].op[0].rc);
	}
}

/* CONC-3, MSI-5: two containers opened at once are both known to the
 * exclusive bank policy afterwards. */
static void test_open_containers(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	int r, i, c[2], g[2];

	(void)arg;
	t2t_need_banks(t, 1);
	if (t2t_plat(t)->msi_policy != T2SIM_POLICY_EXCLUSIVE)
		t2t_skip(t, "the platform's MSI policy is not exclusive");
	for_each_round(t, r) {
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_OPEN_CONTAINER, -1, 0, 0, 0);
		th[1].op[0] = th[0].op[0];
		pair_run(t, th, r);
		for (i = 0; i < 2; i++) {
			c[i] = (int)th[i].op[0].rc;
			T2T_ASSERT_RC(t, c[i], 0);
			t2t_adopt(t, c[i], T2T_FD_CONTAINER, -1);
			g[i] = t2t_group(t, (unsigned int)i);
			t2t_join(t, g[i], c[i]);
			t2_set_iommu(t, c[i], T2_TYPE2_VALUE);
			t2_set_geometry(t, c[i], 0, T2T_KIB(64) - 1);
			t2_set_windows(t, c[i], 1);
		}
		for (i = 0; i < 2; i++) {
			long first = __t2_map_msi_bank(t->be, c[i], T2_RW, 0, 0);
			long second = __t2_map_msi_bank(t->be, c[!i], T2_RW, 0, 0);

			if (first != 0 || second != -EBUSY)
				PAIR_FAIL(t, r, "MSI-5: bank 0 mapped in container %d (%ld), then in "
					  "the other (%ld, want -EBUSY): a container opened concurrently "
					  "was lost", i, first, second);
			if (first == 0)
				__t2_unmap_msi_bank(t->be, c[i], 0);
			if (second == 0)
				__t2_unmap_msi_bank(t->be, c[!i], 0);
		}
		for (i = 0; i < 2; i++) {
			t2t_close(t, g[i]);
			t2t_close(t, c[i]);
		}
	}
}

/* CORE-12, CORE-13, ACCT-2: the last group's fd closed while a map runs on
 * the container: the map comes first (and is released with the backend) or
 * finds no backend; nothing stays locked or pinned. */
static void test_close_vs_map(struct t2_tctx *t, const void *arg)
{
	struct pair_thread th[2];
	struct t2sim_counters k;
	uint64_t hp;
	long m;
	int r, c, g;

	(void)arg;
	hp = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	for_each_round(t, r) {
		c = t2t_container(t);
		/* not tracked: the thread closes it */
		g = t->be->ops->open_group(t->be, 0);
		if (g == -ENOENT)
			t2t_skip(t, "group node 0 is missing (DEV-6)");
		T2T_ASSERT_RC(t, g, 0);
		t2t_join(t, g, c);
		t2_set_iommu(t, c, T2_TYPE2_VALUE);
		t2_set_geometry(t, c, 0, T2T_KIB(256) - 1);
		t2_set_windows(t, c, 16);
		pair_reset(th, 1, 1);
		th[0].op[0] = one(P_MAP, c, hp, 0, T2T_KIB(16));
		th[1].op[0] = one(P_CLOSE, g, 0, 0, 0);
		pair_run(t, th, r);
		m = th[0].op[0].rc;
		if (th[1].op[0].rc || (m != 0 && m != -EINVAL))
			PAIR_FAIL(t, r, "CORE-12: MAP_DMA gave %ld while the last group closed "
				  "(%ld); a serial order gives 0 or -EINVAL, and 0",
				  m, th[1].op[0].rc);
		/* CORE-13: the backend is gone either way */
		T2T_EXPECT_RC(t, __t2_get_windows(t->be, c, NULL), EINVAL);
		if (T2T(t)->has_intro) {
			t2t_counters(t, c, &k);
			if (k.locked != T2T(t)->locked_base || k.sim_pins)
				PAIR_FAIL(t, r, "ACCT-2: after the release %lld pages stay locked and "
					  "%llu pinned", (long long)(k.locked - T2T(t)->locked_base),
					  (unsigned long long)k.sim_pins);
		}
		t2t_close(t, c);
	}
}

static const struct t2t_case cases[] = {
	T2T_CASE("conc.pair.msi_same_bank", "CONC-2 MSI-2", test_msi_same_bank, T2T_DESIGN("D")),
	T2T_CASE("conc.pair.msi_unmap_twice", "CONC-2 MSI-7 MSI-8", test_msi_unmap_twice, T2T_DESIGN("D")),
	T2T_CASE_P("conc.pair.dma_memlock", "CONC-2 CONC-3 ACCT-4 MAP-1 UNMAP-4",
		   test_dma_memlock, "p4080,memlock=65536"),
	T2T_CASE("conc.pair.map_vs_unmap", "CONC-2 UNMAP-4 MAP-1 INV-5", test_map_vs_unmap),
	T2T_CASE("conc.pair.geometry_vs_map", "CONC-2 GEOM-3 GEOM-4 MAP-1 WIN-1",
		 test_geometry_vs_map),
	T2T_CASE("conc.pair.windows_vs_map", "CONC-2 WIN-5 WIN-7 MAP-1", test_windows_vs_map),
	T2T_CASE("conc.pair.unmap_vs_reconfigure", "CONC-2 UNMAP-1 UNMAP-4 WIN-7",
		 test_unmap_vs_reconfigure),
	T2T_CASE("conc.pair.set_iommu_twice", "CONC-2 CORE-4 CORE-5", test_set_iommu_twice),
	T2T_CASE("conc.pair.unknown_vs_set_iommu", "CONC-2 ERR-6 CORE-5",
		 test_unknown_vs_set_iommu),
	T2T_CASE("conc.pair.set_container_twice", "CONC-2 CORE-8", test_set_container_twice),
	T2T_CASE("conc.pair.unset_container_twice", "CONC-2 CORE-9 CORE-13",
		 test_unset_container_twice),
	T2T_CASE("conc.pair.device_fd_vs_unset", "CONC-2 CORE-9 CORE-10",
		 test_device_fd_vs_unset),
	T2T_CASE("conc.pair.open_group_twice", "CONC-2 CORE-6", test_open_group_twice),
	T2T_CASE("conc.pair.open_containers", "CONC-2 CONC-3 MSI-5", test_open_containers, T2T_DESIGN("D")),
	T2T_CASE("conc.pair.close_vs_map", "CONC-2 CORE-12 CORE-13 ACCT-2",
		 test_close_vs_map),
};

T2T_SUITE(conc_pairs, cases);
