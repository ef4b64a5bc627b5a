/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * exec_int.h - the executor's private header: the run state one program's
 * run shares between the executor's files (exec.c the run, exec_ops.c the
 * op interpreters, exec_check.c the checks after each op, exec_block.c the
 * concurrent blocks, exec_cache.c the caches kept across runs; race_msi's
 * threads are race.c's).
 */
#ifndef T2_EXEC_INT_H
#define T2_EXEC_INT_H

#include <stddef.h>
#include <stdint.h>
#include "exec/block.h"
#include "exec/exec.h"
#include "exec/exec_iso.h"
#include "oracle/oracle.h"
#include "prog/op.h"
#include "t2/sim.h"

#define TAIL 32                 /* poisoned bytes after minsz (ERR-3) */
#define POISON T2P_ARG_POISON
#define NPROBE 12               /* interesting iovas kept for the sweep */

enum slot_state { SLOT_NONE = 0, SLOT_LIVE, SLOT_DEAD };

struct fdslot {
	int bfd, ofd;
	uint8_t state;
	uint32_t gnum;          /* groups and devices: the group number */
};

struct bufslot {
	uint64_t vaddr, size, page;
	uint8_t state;
};

/*
 * Oracles made from a backend's platform answer are kept across runs, one
 * per platform (a fuzzer's inputs pick among a few hundred), and reset
 * exactly for each run; the least recently used one makes room.
 */
#define ORACLE_CACHE 16

struct oracle_slot {
	struct t2_oracle *o;
	struct t2sim_platform key;      /* what it was made from */
	unsigned long last_use;
};

/*
 * Backends that reset after their run (the stub) are kept for the next run
 * on the same platform string: a reset costs a fraction of a close and an
 * open.  A fuzzer's inputs use a few platforms most of the time.
 */
#define KEPT_BACKENDS 4

struct kept_backend {
	struct t2_backend *be;
	char platform[T2P_PLATFORM_MAX + 1];
	unsigned long last_use;
};

struct run;

struct t2x_ctx {
	struct t2x_config cfg;
	struct run *run;                /* kept across runs: see run_begin() */
	struct oracle_slot oc[ORACLE_CACHE];
	unsigned int last;              /* the slot used last: tried first */
	unsigned long tick;
	struct t2_oracle *o;            /* from the program's platform (no introspection) */
	struct t2_race *race;           /* made at the first race op */
	struct kept_backend kept[KEPT_BACKENDS];
	/* the last program platform compared with a device's (platform_skip) */
	char cmp_platform[T2P_PLATFORM_MAX + 1];
	struct t2sim_platform cmp_target;
	int cmp_result;
	char cmp_why[160];
	struct t2x_block *blk;          /* made at the first block (block.h) */
	struct t2x_block_stats bstats;
};

struct run {
	struct t2x_ctx *x;
	const struct t2p_prog *p;
	struct t2x_result *res;
	struct t2_backend *be;
	struct t2_oracle *o;
	struct t2sim_platform plat;
	int intro;                      /* the backend answers T2SIM_* */
	int bctl, octl;                 /* control containers */
	int64_t baseline;
	int containers_closed;          /* a container fd was closed: sums incomplete */
	int armed;                      /* fail-nth armed since the last check */
	unsigned int nslot[T2P_NKINDS];
	struct fdslot slot[T2P_NKINDS][T2P_MAX_HANDLES];
	struct bufslot buf[T2P_MAX_HANDLES];
	uint64_t probe[NPROBE];
	unsigned int nprobe, probe_next;
	unsigned int opi;               /* current op index */
	const struct t2p_op *op;
	const char *rule;               /* oracle's rule for the current op */
	int attr_check;                 /* compare GET_ATTR answers after this op */
	int beyond_model;               /* the oracle hit a limit of its own */
	int only_c;                     /* containers to check: see t2x_touched() */
	uint64_t cmask;                 /* with only_c == 0: the container slots to check */
	uint64_t buf_bytes;             /* live buffer bytes (the cap: cfg.buf_cap) */
	const char *platform;           /* what the backend was made with */
	struct t2x_iso_start iso;       /* the target at the program's start */
	unsigned int resume;            /* a block ran: go on at this op */
};

/* ------------------------------------------------------------ exec_check.c */
int t2x_same_bytes(const void *a, const void *b, size_t n);
int t2x_finding(struct run *r, const char *id, const char *detail, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int t2x_limit(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *t2x_errname(long e);
void t2x_report_op(struct run *r, long bret, long oret);
int t2x_check_ret(struct run *r, long bret, long oret, int is_fd);
int t2x_check_bytes(struct run *r, const uint8_t *b, const uint8_t *o, size_t minsz,
		    long oret);
int t2x_check_state(struct run *r, int failed);
int t2x_compare_xlate(struct run *r, const struct fdslot *g, uint32_t lidx, uint64_t iova,
		      int write);
int t2x_sweep(struct run *r);

/* ------------------------------------------------------------ exec_ops.c */
void t2x_fd_pair(struct run *r, const struct t2p_arg *a, int *bfd, int *ofd);
unsigned int t2x_op_traits(const struct t2p_op *op);
int t2x_touched(const struct t2p_op *op);
uint64_t t2x_touch_mask(struct run *r, const struct t2p_op *op);
void t2x_op_probes(struct run *r, const struct t2p_op *op, int in_block);
int t2x_build_call(struct run *r, const struct t2p_op *op, struct t2p_call *c,
		   uint8_t o[T2P_CALL_BUF], int *bfd, int *ofd);
void t2x_op_closed(struct run *r, const struct t2p_op *op);
int t2x_run_op(struct run *r, const struct t2p_op *op);

/* ------------------------------------------------------------ exec_block.c */
int t2x_op_block(struct run *r);
void t2x_block_free(struct t2x_ctx *x);

/* ------------------------------------------------------------ exec_cache.c */
int t2x_oracle_cached(struct run *r, char *err, size_t errlen);
struct t2_backend *t2x_take_backend(struct t2x_ctx *x, const char *platform);
void t2x_keep_backend(struct t2x_ctx *x, struct t2_backend *be, const char *platform);
void t2x_cache_free(struct t2x_ctx *x);

#endif /* T2_EXEC_INT_H */
