/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * backend.h - the one ops table every user of the harness drives.
 *
 * A backend is "whatever the harness drives" (spec section 0): the in-process
 * simulator (stub), real device nodes through ioctl(2) (dev, spec DEV-3), or
 * the harness's own spec model (oracle).  Callers never know which.
 * Every op returns 0, a value, or -errno.  Introspection ops return -ENOTTY
 * where the backend has no introspection (INTRO-3).
 */
#ifndef T2_BACKEND_H
#define T2_BACKEND_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include "t2/sim.h"
#include "t2sim.h"
#include "backend/config.h"

struct t2_backend;

struct t2_backend_ops {
	const char *name;
	/* a target outside the process (a device root): its platform is its
	 * own, its buffers are real memory, its state outlives the backend */
	int device;
	/* spec CORE-1 / CORE-6: returns a descriptor or -errno */
	int (*open_container)(struct t2_backend *be);
	int (*open_group)(struct t2_backend *be, unsigned int group);
	int (*close)(struct t2_backend *be, int fd);
	/* arg: a host pointer or a value, as for ioctl(2); returns value or -errno */
	long (*ioctl)(struct t2_backend *be, int fd, unsigned long cmd, unsigned long arg);
	/* MEM-1: user buffer; page_size 4096 or a hugepage size */
	int (*buf_alloc)(struct t2_backend *be, uint64_t size, uint64_t page_size,
			 uint64_t *vaddr);
	int (*buf_free)(struct t2_backend *be, uint64_t vaddr, uint64_t size);
	/* MSI design C (spec MSIC-5): mmap(2) of an MSI fd (prot, flags:
	 * Linux's PROT_*, MAP_*), one page and an unmapped guard page after
	 * it; buf_free(vaddr, 4096) unmaps it.  0 with *vaddr, or -errno. */
	int (*mmap)(struct t2_backend *be, int fd, uint64_t len, int prot, int flags,
		    uint64_t offset, uint64_t *vaddr);
	/* introspection (spec section 17); -ENOTTY when absent.  These set the
	 * struct's argsz themselves; argsz sweeps go through ->ioctl. */
	int (*translate)(struct t2_backend *be, int group_fd, struct t2sim_translate *t);
	int (*counters)(struct t2_backend *be, int container_fd, struct t2sim_counters *c);
	int (*fail_nth)(struct t2_backend *be, int fd, struct t2sim_fail_nth *f);
	int (*platform)(struct t2_backend *be, int fd, struct t2sim_platform *p);
	int (*resolve)(struct t2_backend *be, int fd, struct t2sim_resolve *r);
	void (*destroy)(struct t2_backend *be);
	/* Back to the state just after open (same platform and switches), every
	 * descriptor and buffer gone; -ENOTSUP if the backend cannot. */
	int (*reset)(struct t2_backend *be);
	/* Run n bodies (1..T2SIM_SCHED_MAX_THREADS) at once, under the schedule
	 * sc (seed, depth, replay; trace and counts out) where the backend has
	 * a deterministic scheduler (stub).  NULL: call t2_be_run_threads. */
	int (*run_threads)(struct t2_backend *be, struct t2sim_sched *sc, unsigned int n,
			   void (*const body[])(void *), void *const arg[]);
};

/* ->reset of a backend that cannot reset. */
static inline int t2_be_no_reset(struct t2_backend *be)
{
	(void)be;
	return -ENOTSUP;
}

struct t2_backend {
	const struct t2_backend_ops *ops;
	void *priv;
	int free_threads;       /* the configuration's T2_SCHED=free (t2_be_run_threads) */
};


/* Creates a backend.  On failure returns -errno and writes a message. */
int t2_backend_open(const struct t2_config *cfg, struct t2_backend **out,
		    char *err, size_t errlen);
void t2_backend_close(struct t2_backend *be);


/* "B6,B11", "all", "" -> mask; -EINVAL with the bad name in err. */
int t2_parse_switches(const char *list, uint64_t *mask, char *err, size_t errlen);
/* "spec" -> 0, "sdk2013" -> T2_SW_ALL, "designs2013" -> T2_SW_DESIGNS;
 * -EINVAL otherwise. */
int t2_parse_personality(const char *name, uint64_t *mask);
/* Writes "B6,B11" (or "none") into buf. */
void t2_format_switches(uint64_t mask, char *buf, size_t len);
/* Writes the personality's name ("spec", "sdk2013", "designs2013") when mask
 * is exactly one, else the switch list. */
void t2_personality_label(uint64_t mask, char *buf, size_t len);

/*
 * Concurrent bodies on one backend (docs/concurrency.md): the backend's
 * ->run_threads (the stub: t2sim_sched_run, so (bodies, sc->seed) is one
 * interleaving on any load), or else real threads started from one
 * barrier, where the OS decides (sc's outputs are then zero and its seed
 * unused).  0, -EINVAL (n out of range, no body), -EAGAIN.
 */
int t2_be_run_threads(struct t2_backend *be, struct t2sim_sched *sc, unsigned int n,
		      void (*const body[])(void *), void *const arg[]);
/* True when the backend's threads follow sc (a deterministic scheduler),
 * unless T2_SCHED=free asks for real threads everywhere (threads.c). */
int t2_be_schedules(const struct t2_backend *be);

/* Convenience wrappers over be->ops. */
static inline long t2_be_ioctl(struct t2_backend *be, int fd, unsigned long cmd,
			       unsigned long arg)
{
	return be->ops->ioctl(be, fd, cmd, arg);
}

#endif /* T2_BACKEND_H */
