/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * block.h - a concurrent block (prog.h) as the executor runs it: its ops
 * turned into calls (block.c) that the backend runs on 2-4 threads from one
 * barrier, and the linearizability search (lin.c) that accepts the outcome
 * iff some serial order of the calls, each thread's order kept, gives on the
 * oracle the same return values, the same bytes written back and the same
 * state afterwards.  See docs/concurrency.md.
 */
#ifndef T2_BLOCK_H
#define T2_BLOCK_H

#include <stddef.h>
#include <stdint.h>
#include "backend/backend.h"
#include "oracle/oracle.h"
#include "prog/prog.h"

#define T2X_CALL_TAIL 32        /* poisoned bytes after minsz (ERR-3), as exec.c */
#define T2X_CALL_BUF (T2P_ARG_MAX + T2X_CALL_TAIL)
/* Bounds of one check: beyond them the verdict is `limit`. */
#define T2X_LIN_MAX_OPS 16      /* ops in a block */
#define T2X_LIN_BUDGET 20000    /* oracle calls of one search */

/* One op of a block as a call, both sides' arguments built before it runs. */
struct t2x_call {
	unsigned int opi;               /* index of the op in the program */
	unsigned int code;              /* enum t2p_opcode */
	uint8_t close;                  /* close(2) of bfd/ofd, not an ioctl */
	uint8_t by_ptr;                 /* the argument points to b / o, else value */
	int bfd, ofd;
	unsigned long cmd, value;
	size_t cmp;                     /* bytes of the argument compared after (0: none) */
	uint8_t b[T2X_CALL_BUF], o[T2X_CALL_BUF];
	/* the backend's run */
	long bret;
	uint8_t bout[T2X_CALL_BUF];
	unsigned int stamp;             /* when it returned, among the block's calls */
	/* the search */
	uint8_t tried, explained;
	long oret;                      /* the oracle's answer the first time it was tried */
	const char *orule;
};

#define T2X_MEMO_SLOTS 8192      /* states the search remembers (a power of 2) */

/* Work space kept across blocks (one per executor context). */
struct t2x_work {
	struct t2_race *race;           /* the threads */
	struct t2_oracle_snap *snap[T2X_LIN_MAX_OPS + 1];      /* one per depth */
	uint64_t memo[T2X_MEMO_SLOTS];  /* (state, positions) keys seen to fail */
	uint32_t memo_gen[T2X_MEMO_SLOTS];
	uint32_t gen;                   /* the current search's stamp */
	unsigned int memo_used;
};

struct t2x_block {
	struct t2_backend *be;
	struct t2_oracle *o;
	unsigned int nthreads;
	unsigned int n[T2P_BLOCK_MAX_THREADS];
	struct t2x_call call[T2P_BLOCK_MAX_THREADS][T2P_BLOCK_MAX_THREAD_OPS];
	uint32_t seed;
	int serial;                     /* threads one after the other (see exec.c) */
	/* the state after a serial order: 0 if the backend's matches the
	 * oracle's, else 1 with a signature detail and a message */
	int (*leaf)(void *ctx, char *detail, size_t dlen, char *what, size_t wlen);
	void *ctx;
	struct t2x_work *work;          /* threads, snapshots, memo: kept across blocks */
};

enum t2x_block_verdict {
	T2X_BLOCK_OK = 0,               /* some order explains it; the oracle is in its state */
	T2X_BLOCK_VIOLATION,
	T2X_BLOCK_LIMIT,                /* beyond the bounds above */
	T2X_BLOCK_ERROR,                /* out of memory, no thread */
};

struct t2x_block_out {
	int verdict;
	const struct t2x_call *bad;     /* VIOLATION: the first call no order explains,
					 * NULL if every call fits some order but no
					 * order gives the state afterwards */
	char detail[64];                /* VIOLATION: for the signature */
	char what[240];
	unsigned long steps;            /* oracle calls made */
};

int t2x_work_new(struct t2x_work **out);
void t2x_work_free(struct t2x_work *w);
/* Runs bk's calls on the backend (block.c): OK, or LIMIT (then nothing ran). */
int t2x_block_run(struct t2x_block *bk, struct t2x_block_out *out);
/* lin.c: the search, after the backend's run. */
int t2x_lin_check(struct t2x_block *bk, struct t2x_block_out *out);
/* lin.c, for block.c: an oracle call's result against the backend's. */
int t2x_lin_apply(struct t2_oracle *o, struct t2x_call *c, long *oret);

#endif /* T2_BLOCK_H */
