/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_drive.h - a seeded pseudo-random op driver for the oracle's own
 * tests: it applies one logical op (open, close, ioctl with plausible or
 * garbage arguments, buffer alloc/free, fault arming) to one or two backends
 * in lockstep, translating handles per side, and reports the first
 * difference in return value, output bytes or counters.  Side 1, when
 * present, is an oracle shadowing side 0 (buffers registered, resolver set).
 */
#ifndef T2_ORACLE_DRIVE_H
#define T2_ORACLE_DRIVE_H

#include <stdint.h>
#include "backend/backend.h"
#include "oracle/oracle.h"

#define OD_SLOTS 8
#define OD_BUFS 4
#define OD_STATS 26
#define OD_ARGBUF 2048

struct od_side {
	struct t2_backend *be;
	struct t2_oracle *oracle;	/* the oracle behind this side, if any */
	int fd[OD_SLOTS];		/* -1: empty slot */
};

struct od_geom {			/* the last geometry a slot asked for */
	uint64_t start, size, ws;
};

struct od {
	uint64_t rng;
	int nsides;
	struct od_side side[2];
	int svc_fd;			/* side 0 container kept for resolve and platform */
	uint8_t kind[OD_SLOTS];		/* enum t2_oracle_fd_kind of each slot */
	struct t2sim_platform plat;
	struct od_geom geom[OD_SLOTS];
	uint64_t buf_va[OD_BUFS], buf_size[OD_BUFS];
	int nbufs;
	unsigned long stat_ok[OD_STATS], stat_all[OD_STATS];	/* per od_stat_index() */
	uint8_t buf[2][OD_ARGBUF] __attribute__((aligned(16)));	/* ioctl args per side */
	char what[256];			/* the last op, for reports */
	char diff[512];			/* the first difference found */
};

/*
 * Sets up a driver over side 0; if shadow is true, side 1 is a new oracle
 * built from side 0's platform, with side 0's resolve op as resolver.
 * Returns 0 or -errno (message in d->diff).
 */
int od_init(struct od *d, struct t2_backend *be0, int shadow, uint64_t seed);
/* The drivers' seed: T2_SEED (a number, 0x... too) when set, else 1. */
uint64_t od_seed(void);
void od_fini(struct od *d);
/* One random op; 0 when every side agreed, 1 on a difference (d->diff). */
int od_step(struct od *d);
/* 0..19: VFIO ioctl n; 20..24: introspection n; 25: anything else. */
int od_stat_index(unsigned long cmd);
/* Compares counters of every container slot and a few translations. */
int od_compare_state(struct od *d);

#endif /* T2_ORACLE_DRIVE_H */
