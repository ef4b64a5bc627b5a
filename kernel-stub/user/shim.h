/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * shim.h - the user-space os_env: what os_user.c implements os.h with and
 * t2sim.c fills in (handle table, simulated memory, locked count, log).
 */
#ifndef T2_USER_SHIM_H
#define T2_USER_SHIM_H

#include <pthread.h>
#include <sched.h>
#include "os.h"
#include "umem.h"

/*
 * The shim's locks (os_lock and the handle table): a word taken with one
 * atomic exchange and released with a plain store.  A pthread mutex costs two
 * atomic operations a pair, and a fuzzed program takes hundreds of pairs.
 * A waiter yields the CPU while the word is held, so a holder that sleeps
 * (the SDK-B8 yield point never holds one) still makes progress.
 */
struct shim_lock {
	int held;
};

static inline void shim_lock(struct shim_lock *l)
{
	while (__atomic_exchange_n(&l->held, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->held, __ATOMIC_RELAXED))
			sched_yield();
}

static inline void shim_unlock(struct shim_lock *l)
{
	__atomic_store_n(&l->held, 0, __ATOMIC_RELEASE);
}

#define T2SIM_MAX_HANDLES (1 << 20)

#define SHIM_LOW_FDS 64

struct os_env {
	/* the handle table: fd -> core file, NULL when free.  Lookups of the
	 * low fds (every fd a program uses) read low[] without the lock;
	 * changes to either part take it. */
	struct shim_lock hlock;
	struct t2_file *low[SHIM_LOW_FDS];  /* fds 0 .. SHIM_LOW_FDS - 1 */
	struct t2_file **handles;   /* fds from SHIM_LOW_FDS on */
	int nhandles;               /* capacity, both parts (0: not set up yet) */
	struct umem *mem;
	int64_t locked;             /* ACCT-1: pages, per instance (atomic) */
	uint64_t memlock;           /* bytes, ~0 = unlimited */
	bool cap_ipc_lock;
	void (*log)(void *ctx, const char *line);
	void *logctx;
	bool verbose;               /* T2SIM_VERBOSE: default sink is stderr */
	/* argument memory may be any host memory (the preload device): copies
	 * go through process_vm_readv/writev, which fail with EFAULT where
	 * the process may not read or write, as a kernel's copies do */
	bool checked_copies;
};

/* sched.c: when the calling thread runs under t2sim_sched_run, a
 * scheduling point / a cooperative take of a lock word, and true; false
 * (nothing done) for any other thread. */
bool shim_sched_point(uint32_t point);
bool shim_sched_lock(int *word);

/* Handle table (t2sim.c and os_fd_*): lowest free number, like POSIX. */
int shim_handle_install(struct os_env *env, struct t2_file *f);
struct t2_file *shim_handle_get(struct os_env *env, int fd);
struct t2_file *shim_handle_take(struct os_env *env, int fd);

#endif /* T2_USER_SHIM_H */
