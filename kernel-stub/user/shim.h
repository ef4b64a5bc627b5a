/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * shim.h - the user-space os_env: what os_user.c implements os.h with and
 * t2sim.c fills in (handle table, simulated memory, locked count, log).
 */
#ifndef T2_USER_SHIM_H
#define T2_USER_SHIM_H

#include <pthread.h>
#include "os.h"
#include "umem.h"

#define T2SIM_MAX_HANDLES (1 << 20)

struct os_env {
	pthread_mutex_t hlock;      /* the handle table */
	struct t2_file **handles;   /* fd -> core file, NULL when free */
	int nhandles;               /* capacity */
	struct umem *mem;
	pthread_mutex_t acct;       /* the locked count */
	int64_t locked;             /* ACCT-1: pages, per instance */
	uint64_t memlock;           /* bytes, ~0 = unlimited */
	bool cap_ipc_lock;
	void (*log)(void *ctx, const char *line);
	void *logctx;
	bool verbose;               /* T2SIM_VERBOSE: default sink is stderr */
};

/* Handle table (t2sim.c and os_fd_*): lowest free number, like POSIX. */
int shim_handle_install(struct os_env *env, struct t2_file *f);
struct t2_file *shim_handle_get(struct os_env *env, int fd);
struct t2_file *shim_handle_take(struct os_env *env, int fd);

#endif /* T2_USER_SHIM_H */
