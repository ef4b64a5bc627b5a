/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * exec.h - the executor: runs a program (prog.h) on the backend under test
 * and, op by op, on the oracle (oracle.h) as its shadow.  After every op it
 * compares the result and the bytes written back with the prediction, then
 * checks the invariants of spec section 18: the observable ones on any
 * backend, the introspective ones where the backend answers T2SIM_*.  The
 * first violation stops the run and is reported with the rule or INV ID, the
 * op index, expected vs observed, and a signature for deduplication
 * ("ID:op:what", stable across runs).
 */
#ifndef T2_EXEC_H
#define T2_EXEC_H

#include <stdint.h>
#include <stdio.h>
#include "backend/backend.h"
#include "prog/prog.h"

enum t2x_verdict {
	T2X_PASS = 0,
	T2X_FINDING = 1,        /* the backend broke a rule */
	T2X_ERROR = 2,          /* could not run: platform rejected, no backend */
	T2X_LIMIT = 3,          /* the oracle or the executor cannot follow the program
				 * (handles, ops, sizes, the buffer cap): no verdict on
				 * the target, never a pass (docs/devices.md) */
	T2X_SKIP = 4,           /* the program needs what the target is not (another
				 * platform): not judged */
};

/* The verdict's name: "pass", "finding", "error", "limit", "skip". */
const char *t2x_verdict_name(int verdict);

struct t2x_finding {
	char id[24];            /* "INV-17", "MAP-1.11", "ERR-3" */
	char rule[24];          /* the oracle's rule for that op */
	unsigned int op;        /* index of the op after which it was seen */
	unsigned int opcode;    /* enum t2p_opcode, or T2P_NOPCODES for the final sweep */
	char what[240];         /* expected vs observed */
	char sig[96];           /* ID:opname:detail */
	/* machine-readable detail, for reproducers (cprog) */
	int kind;               /* enum t2x_finding_kind */
	int cidx;               /* COUNTER: container handle index, -1 platform-wide */
	char field[24];         /* COUNTER: t2sim_counters field */
	uint32_t gnum, lidx, write;  /* XLATE: group number, LIODN index, write */
	uint64_t iova;          /* XLATE */
	uint64_t want, got;     /* COUNTER: values; XLATE: result | msi_flags << 8 */
};

enum t2x_finding_kind {
	T2X_FK_OTHER = 0,
	T2X_FK_RET,             /* the op's return value */
	T2X_FK_BYTES,           /* bytes written back */
	T2X_FK_COUNTER,         /* a T2SIM_COUNTERS field (oracle comparison) */
	T2X_FK_XLATE,           /* a translation */
};

struct t2x_result {
	int verdict;            /* enum t2x_verdict */
	unsigned int ops_run;
	unsigned int ops_skipped; /* ops that need what the backend lacks */
	int observe;            /* the observation level it ran at (enum t2x_observe) */
	struct t2x_finding f;   /* valid when verdict == T2X_FINDING */
	char error[240];        /* why, when verdict is T2X_ERROR, T2X_LIMIT or T2X_SKIP */
	/* per-program isolation (exec_iso.c): what the target kept after the
	 * program although the executor closed, freed and disarmed everything;
	 * a harness error line, never a finding.  Empty when clean. */
	char leftover[200];
	/* the program's platform line differs from the stated one (--platform),
	 * which the stub was made with instead: a note for stderr */
	char note[240];
};

/* What the executor checks; T2X_CHECK_ALL by default. */
#define T2X_CHECK_STATE 1u      /* counters and attributes after every op */
#define T2X_CHECK_SWEEP 2u      /* translation sweep at the end */
#define T2X_CHECK_ALL (T2X_CHECK_STATE | T2X_CHECK_SWEEP)

/*
 * Observation level (--observe, T2_OBSERVE; observe.c): which ioctls the
 * executor may issue besides the program's own ops.  A driver under test can
 * crash on, or hide a result behind, a read the program never asked for.
 *   FULL     the state reads after ops (GET_ATTR, introspection), as always
 *   PROGRAM  the program's ops plus introspection queries: never a driver
 *            ioctl the program did not ask for
 *   NONE     the program's ops only (no introspection, no sweep)
 */
enum t2x_observe { T2X_OBSERVE_FULL = 0, T2X_OBSERVE_PROGRAM, T2X_OBSERVE_NONE };
/* "full", "program" or "none" into *out; -EINVAL for anything else. */
int t2x_observe_parse(const char *s, int *out);
const char *t2x_observe_name(int level);

struct t2x_config {
	/* backend kind, switches, device root.  The platform (docs/devices.md):
	 * be.platform, when set, is the target's stated platform: the stub is made
	 * with it whatever the program's platform line says; a dev target with
	 * introspection reports its own; a dev target without it is be.platform
	 * (default p4080).  On dev, a program whose platform line names another
	 * platform than the target's is skipped (T2X_SKIP). */
	struct t2_config be;
	unsigned int checks;
	int observe;            /* enum t2x_observe */
	/* race ops: each thread makes exactly its minimum of calls instead of
	 * going on while the other has not finished (see exec.c): fuzzers,
	 * which trade a race's odds on a loaded machine for throughput */
	int race_quick;
	/* per-program cap on the bytes of buffers on a backend whose buffers are
	 * real memory (dev); 0: the configuration's (be.buf_cap, T2_BUF_CAP),
	 * else T2X_BUF_CAP_DEFAULT.  An alloc over it ends the run with T2X_LIMIT. */
	uint64_t buf_cap;
	/* run every program on the target's own platform, whatever its platform
	 * line says (fuzz targets on a dev backend: inputs do not vary the platform) */
	int target_platform;
	FILE *trace;            /* if set, one line per op with both results */
	/* if set, called after each op with the backend's and the oracle's
	 * results and the rule that decided the prediction (cprog uses it) */
	void (*on_op)(void *ctx, unsigned int op, long bret, long oret, const char *rule);
	void *on_op_ctx;
};

struct t2x_ctx;

/* Sized for libFuzzer's default -rss_limit_mb=2048: buffers fill at most
 * half of it, the harness and the fuzzer's corpus the rest. */
#define T2X_BUF_CAP_DEFAULT (1ull << 30)

/* A context is reusable across runs, one at a time (it caches oracles, one per
 * platform, and backends that can reset, one per platform string, both reset
 * exactly per run; the run state; the race ops' second thread). */
int t2x_ctx_new(const struct t2x_config *cfg, struct t2x_ctx **out);
void t2x_ctx_free(struct t2x_ctx *x);
/* Runs p from a fresh (or exactly reset) backend and oracle.  Returns
 * res->verdict. */
int t2x_run(struct t2x_ctx *x, const struct t2p_prog *p, struct t2x_result *res);
/* One-shot form. */
int t2x_run_once(const struct t2x_config *cfg, const struct t2p_prog *p,
		 struct t2x_result *res);
/* Concurrent blocks this context ran (docs/concurrency.md), for fuzz stats. */
struct t2x_block_stats {
	unsigned long blocks;           /* blocks run on the backend */
	unsigned long limits;           /* of which beyond the check's bounds */
	unsigned long closes;           /* close(2) calls inside blocks */
	unsigned long raw;              /* calls of numbers that name no ioctl */
	uint64_t ioctls;                /* the ioctls called in blocks: bit i t2_ioctls[i],
					 * bit 32 + i t2_simioctls[i] (ioctl.h) */
};
const struct t2x_block_stats *t2x_block_stats(const struct t2x_ctx *x);
/* Prints "blocks: N run, M limit; K distinct ioctls in blocks: NAME ...". */
void t2x_print_block_stats(FILE *f, const struct t2x_ctx *x);
/* Fills cfg->be from the environment (t2_config_from_env) and cfg->observe
 * from its T2_OBSERVE, with checks = ALL.  0 or -EINVAL with a message. */
int t2x_config_from_env(struct t2x_config *cfg, char *err, size_t errlen);
/* Prints a result as one line ("pass", "FINDING sig op N: what", "error: ..."). */
void t2x_print_result(FILE *f, const struct t2p_prog *p, const struct t2x_result *res);

/* ------------------------------------------------------------ inv.c */
/*
 * Invariant checks that need no oracle: one container's counters (and, if
 * attrs is non-NULL, its three GET_ATTR answers) on their own, and the
 * platform-wide sums.  Each returns 0, or 1 with id/what filled.
 */
struct t2x_attrs {
	uint64_t start, end;    /* GET_ATTR(GEOMETRY) */
	uint32_t windows;       /* GET_ATTR(WINDOWS) */
	uint32_t cpu, cache;    /* GET_ATTR(PAMU_STASH) */
};

struct t2x_inv_out {
	const char *id;
	const char *field;
	char what[200];
};

int t2x_inv_container(const struct t2sim_counters *c, const struct t2x_attrs *a,
		      uint32_t max_windows, struct t2x_inv_out *out);
int t2x_inv_attrs(const struct t2x_attrs *a, uint32_t max_windows, struct t2x_inv_out *out);
/* The invariants the platform's MSI design adds (spec 9a; inv_design.c). */
int t2x_inv_design(const struct t2sim_counters *c, const struct t2sim_platform *p,
		   struct t2x_inv_out *out);
/* sums over every container of the program; `complete` when no container
 * could be hidden (none was closed while it might still live) */
struct t2x_inv_sums {
	uint64_t pins, spaaces, dma_windows;
	int complete;
};
int t2x_inv_platform(const struct t2sim_counters *c, const struct t2x_inv_sums *s,
		     int64_t locked_baseline, struct t2x_inv_out *out);
/* Which INV a counters field belongs to, for oracle comparisons. */
const char *t2x_inv_of_counter(const char *field);

#endif /* T2_EXEC_H */
