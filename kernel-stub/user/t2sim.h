/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2sim.h - the in-process simulator's C API (spec INTRO-4).
 *
 * One `struct t2sim` is one simulated platform: containers, groups, the
 * SPAACE pool, MSI banks and a simulated user address space.  Descriptors are
 * simulator handles (small non-negative ints), not host fds.  Every call
 * returns 0, a value, or -errno; bad input never aborts.
 */
#ifndef T2SIM_H
#define T2SIM_H

#include <stddef.h>
#include <stdint.h>
#include "t2/sim.h"

struct t2sim;

/*
 * Create an instance.  platform: PLAT-2 string ("p4080", "t4240,spaace_pool=8",
 * ...), NULL means "p4080".  switches: mask of T2_SW_* (0 = spec personality).
 * On failure returns -EINVAL (or -ENOMEM) and writes a message naming the bad
 * key or value into err (if err != NULL).
 */
int t2sim_create(struct t2sim **out, const char *platform, uint64_t switches,
		 char *err, size_t errlen);
/* Frees everything, open handles included. */
void t2sim_destroy(struct t2sim *sim);
/*
 * Back to exactly what t2sim_create() gave, with the same platform and
 * switches, for less than destroy + create (fuzzers): every handle is closed
 * (as by t2sim_close, so releases run and may log crash points), every
 * buffer is freed and the address-space layout restarts (the same vaddrs and
 * frames come out in the same order), fail-nth is disarmed, the counters,
 * the locked count, the SPAACE pool and every LIODN are as new, and handle
 * numbers restart at 0.  A fresh and a reset instance answer every sequence
 * of calls identically.  The log sink (t2sim_set_log) is kept: it belongs to
 * the caller, like the platform string.  No call may be in flight.
 * Returns 0 or -errno.
 */
int t2sim_reset(struct t2sim *sim);

/* "/dev/vfio/vfio" (container) or "/dev/vfio/N" (group N).  Returns a handle
 * or -ENOENT (no such node), -EBUSY (CORE-6), -ENOMEM (fault site). */
int t2sim_open(struct t2sim *sim, const char *path);
/* 0, or -EBADF for a handle that is not open. */
int t2sim_close(struct t2sim *sim, int fd);
/* The ioctl entry point.  arg is a host pointer for pointer arguments
 * (addresses below 4096 are unreadable, ERR-2) or the value itself.
 * Also answers the T2SIM_* introspection ioctls. */
long t2sim_ioctl(struct t2sim *sim, int fd, unsigned long cmd, unsigned long arg);

/*
 * MSI design C (spec MSIC-5): mmap(2) of MSI fd `fd` (from
 * VFIO_GROUP_GET_MSI_FD) in the simulated address space; prot and flags
 * take Linux's PROT_* and MAP_* values.  0 with *vaddr, or -errno.  The
 * mapping is undone by t2sim_mem_free(vaddr); it keeps the fd's file alive
 * after t2sim_close, as a vma would.
 */
int t2sim_mmap(struct t2sim *sim, int fd, uint64_t len, int prot, int flags,
	       uint64_t offset, uint64_t *vaddr);

/* MEM-1: allocate a buffer of `size` bytes of pages of `page_size` (4096 or a
 * hugepage size of the platform) in the simulated address space.
 * 0 with *vaddr set, -EINVAL (bad size/kind) or -ENOMEM (RAM exhausted). */
int t2sim_mem_alloc(struct t2sim *sim, uint64_t size, uint64_t page_size,
		    uint64_t *vaddr);
/* MEM-5: 0, or -EINVAL if vaddr is not the start of a live buffer (or of
 * an MSI fd's mapping). */
int t2sim_mem_free(struct t2sim *sim, uint64_t vaddr);

/* The caller's own memory as buffers (a device made of this simulator,
 * kernel-stub/preload): adopt a host mapping [vaddr, vaddr + size) of
 * page_size pages; forget every buffer overlapping a range (munmap). */
int t2sim_mem_adopt(struct t2sim *sim, uint64_t vaddr, uint64_t size, uint64_t page_size);
void t2sim_mem_forget(struct t2sim *sim, uint64_t vaddr, uint64_t len);

/* Argument memory is any host memory, perhaps unreadable or read-only: the
 * simulator's copies then fail with EFAULT as a kernel's do (slower). */
void t2sim_set_checked_copies(struct t2sim *sim, int on);

/* The introspection operations as C functions (same structs as the ioctls,
 * same rules: the caller sets argsz and flags, ERR-1 levels 1 to 4 apply). */
int t2sim_translate(struct t2sim *sim, int group_fd, struct t2sim_translate *t);
int t2sim_counters(struct t2sim *sim, int container_fd, struct t2sim_counters *c);
int t2sim_fail_nth(struct t2sim *sim, int fd, struct t2sim_fail_nth *f);
int t2sim_platform(struct t2sim *sim, int fd, struct t2sim_platform *p);
int t2sim_resolve(struct t2sim *sim, int fd, struct t2sim_resolve *r);

/* Crash-point log lines (PERS-4) go to this sink; NULL restores the default
 * (stderr when T2SIM_VERBOSE is set, else silent). */
void t2sim_set_log(struct t2sim *sim, void (*log)(void *ctx, const char *line),
		   void *ctx);

/* ------------------------------------------------------------ schedules */
/*
 * Deterministic schedules (docs/concurrency.md).  t2sim_sched_run runs n
 * bodies (1..T2SIM_SCHED_MAX_THREADS, each usually a few calls on one
 * instance) on n threads, one at a time: a thread runs until the core
 * reaches a named scheduling point (kernel-stub/core/points.def, locks.def),
 * blocks on a core lock, or its body returns, and then the scheduler picks
 * the next thread by PCT: seeded distinct priorities, highest runnable
 * first, and `depth - 1` seeded steps where the running thread drops below
 * all others.  The same (bodies, seed, depth, steps) gives the same
 * interleaving on any load; `replay` (a trace's thread column) forces the
 * same picks again.  Bodies may call anything in this header except
 * t2sim_sched_run, t2sim_reset and t2sim_destroy; they must not wait for
 * each other (no barrier, no spin on another body's progress).
 * Returns 0 when every body ran, -EINVAL for bad arguments, -EAGAIN if
 * the threads could not be made (the ones made still ran).
 */
#define T2SIM_SCHED_MAX_THREADS 4
#define T2SIM_SCHED_MAX_DEPTH 8

/* Decisions that are not a core point. */
#define T2SIM_PT_START 0xfff0u  /* the first pick */
#define T2SIM_PT_BLOCK 0xfff1u  /* the runner waits for a held core lock */
#define T2SIM_PT_EXIT 0xfff2u   /* the runner's body returned */

struct t2sim_sched_step {
	uint16_t point;         /* where the decision was made */
	uint8_t thread;         /* the thread that ran next (0xff: none) */
	uint8_t pad;
};

struct t2sim_sched {
	/* in */
	uint64_t seed;
	uint32_t depth;         /* PCT d, 1..8 (0: 3): d - 1 priority change points */
	uint32_t steps;         /* PCT k (0: 64): change points fall in steps 0..k-1 */
	const uint8_t *replay;  /* optional: thread to pick at step i, while runnable */
	uint32_t nreplay;
	struct t2sim_sched_step *trace; /* optional: the first trace_cap decisions */
	uint32_t trace_cap;
	/* out */
	uint32_t nsteps;        /* decisions made */
	uint32_t switches;      /* decisions that changed the running thread */
	uint32_t deadlock;      /* 1: the threads waited on each other and ran free */
};

int t2sim_sched_run(struct t2sim_sched *sc, unsigned int n, void (*const body[])(void *),
		    void *const arg[]);
/* "MAP_DMA_COMMIT", "ENTER_IOCTL", "START", ...; "?" for an unknown id. */
const char *t2sim_point_name(unsigned int point);

#endif /* T2SIM_H */
