/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * os_user.c - os.h for the in-process simulator: malloc, pthread mutexes,
 * sched_yield, argument copies from host pointers (ERR-2: NULL and anything
 * below 4096 is unreadable), a handle table for fds, and the simulated
 * user memory of umem.c.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "shim.h"

#define LOW_UNMAPPED 4096ul

/* ------------------------------------------------------------ memory, locks */
void *os_zalloc(size_t n)
{
	return calloc(1, n);
}

void os_free(void *p)
{
	free(p);
}

struct os_lock {
	pthread_mutex_t m;
};

struct os_lock *os_lock_new(void)
{
	struct os_lock *l = calloc(1, sizeof(*l));

	if (l && pthread_mutex_init(&l->m, NULL)) {
		free(l);
		l = NULL;
	}
	return l;
}

void os_lock_free(struct os_lock *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->m);
	free(l);
}

void os_lock(struct os_lock *l)
{
	pthread_mutex_lock(&l->m);
}

void os_unlock(struct os_lock *l)
{
	pthread_mutex_unlock(&l->m);
}

void os_yield(void)
{
	sched_yield();
}

/* INTRO-8: in-process, any call on the instance reaches the armed sites. */
u64 os_caller_id(struct os_env *env)
{
	(void)env;
	return 0;
}

void os_log(struct os_env *env, const char *line)
{
	if (env->log)
		env->log(env->logctx, line);
	else if (env->verbose)
		fprintf(stderr, "%s\n", line);
}

/* ------------------------------------------------------------ argument memory */
static bool unreadable(unsigned long uaddr, size_t n)
{
	return uaddr < LOW_UNMAPPED || uaddr + n < uaddr;
}

int os_copy_from_user(struct os_env *env, void *dst, unsigned long uaddr, size_t n)
{
	(void)env;
	if (unreadable(uaddr, n))
		return -EFAULT;
	memcpy(dst, (const void *)uaddr, n);
	return 0;
}

int os_copy_to_user(struct os_env *env, unsigned long uaddr, const void *src, size_t n)
{
	(void)env;
	if (unreadable(uaddr, n))
		return -EFAULT;
	memcpy((void *)uaddr, src, n);
	return 0;
}

long os_strnlen_user(struct os_env *env, unsigned long uaddr, size_t max)
{
	const char *p = (const char *)uaddr;
	size_t i;

	(void)env;
	if (unreadable(uaddr, 1))
		return -EFAULT;
	for (i = 0; i < max; i++)
		if (!p[i])
			return (long)i;
	return (long)max;
}

/* ------------------------------------------------------------ fds */
int shim_handle_install(struct os_env *env, struct t2_file *f)
{
	int fd;

	pthread_mutex_lock(&env->hlock);
	for (fd = 0; fd < env->nhandles && env->handles[fd]; fd++)
		;
	if (fd == env->nhandles) {
		int n = env->nhandles ? env->nhandles * 2 : 16;
		struct t2_file **h;

		if (n > T2SIM_MAX_HANDLES) {
			pthread_mutex_unlock(&env->hlock);
			return -EMFILE;
		}
		h = realloc(env->handles, sizeof(*h) * (size_t)n);
		if (!h) {
			pthread_mutex_unlock(&env->hlock);
			return -ENOMEM;
		}
		memset(h + env->nhandles, 0, sizeof(*h) * (size_t)(n - env->nhandles));
		env->handles = h;
		env->nhandles = n;
	}
	env->handles[fd] = f;
	pthread_mutex_unlock(&env->hlock);
	return fd;
}

struct t2_file *shim_handle_get(struct os_env *env, int fd)
{
	struct t2_file *f = NULL;

	pthread_mutex_lock(&env->hlock);
	if (fd >= 0 && fd < env->nhandles)
		f = env->handles[fd];
	pthread_mutex_unlock(&env->hlock);
	return f;
}

struct t2_file *shim_handle_take(struct os_env *env, int fd)
{
	struct t2_file *f = NULL;

	pthread_mutex_lock(&env->hlock);
	if (fd >= 0 && fd < env->nhandles) {
		f = env->handles[fd];
		env->handles[fd] = NULL;
	}
	pthread_mutex_unlock(&env->hlock);
	return f;
}

int os_fd_lookup(struct os_env *env, int fd, struct t2_file **out)
{
	struct t2_file *f = shim_handle_get(env, fd);

	if (!f)
		return -EBADF;
	*out = f;
	return 0;
}

int os_fd_install(struct os_env *env, struct t2_file *f)
{
	return shim_handle_install(env, f);
}

/* ------------------------------------------------------------ pinning */
size_t os_pin_array_bytes(u64 npages)
{
	(void)npages;
	return 0; /* pins are counted per buffer, never stored per page */
}

int os_pin_user(struct os_env *env, u64 vaddr, u64 len, void *pin_array,
		struct os_pin *pin)
{
	(void)pin_array;
	umem_pin(env->mem, vaddr, len, pin);
	return 0;
}

void os_unpin_user(struct os_env *env, const struct os_pin *pin, void *pin_array,
		   u64 first, u64 count)
{
	(void)pin_array;
	(void)first;
	umem_unpin(env->mem, pin, count);
}

int os_resolve_user(struct os_env *env, u64 vaddr, u64 *phys, u32 *page_size)
{
	uint64_t p;
	uint32_t ps;
	int r = umem_resolve(env->mem, vaddr, &p, &ps);

	if (!r) {
		*phys = p;
		*page_size = ps;
	}
	return r;
}

/* ------------------------------------------------------------ locked pages */
s64 os_locked_get(struct os_env *env)
{
	s64 v;

	pthread_mutex_lock(&env->acct);
	v = env->locked;
	pthread_mutex_unlock(&env->acct);
	return v;
}

void os_locked_add(struct os_env *env, s64 delta)
{
	pthread_mutex_lock(&env->acct);
	env->locked += delta;
	pthread_mutex_unlock(&env->acct);
}

u64 os_memlock_limit(struct os_env *env)
{
	return env->memlock;
}

bool os_cap_ipc_lock(struct os_env *env)
{
	return env->cap_ipc_lock;
}
