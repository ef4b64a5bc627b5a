/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * os_user.c - os.h for the in-process simulator: malloc, the locks of shim.h,
 * sched_yield, the scheduling points of sched.c, argument copies from host pointers (ERR-2: NULL and anything
 * below 4096 is unreadable), a handle table for fds, and the simulated
 * user memory of umem.c.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
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
	struct shim_lock l;
};

struct os_lock *os_lock_new(void)
{
	return calloc(1, sizeof(struct os_lock));
}

void os_lock_free(struct os_lock *l)
{
	free(l);
}

/* Under the deterministic scheduler a held lock hands the CPU over
 * instead of spinning (only one scheduled thread runs at a time). */
void os_lock(struct os_lock *l)
{
	if (!shim_sched_lock(&l->l.held))
		shim_lock(&l->l);
}

void os_unlock(struct os_lock *l)
{
	shim_unlock(&l->l);
}

void os_yield(void)
{
	sched_yield();
}

void os_sched_point(struct os_env *env, u32 point)
{
	(void)env;
	shim_sched_point(point);
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

/* checked_copies: n bytes between here and uaddr, or -EFAULT (see shim.h) */
static int checked_copy(void *here, unsigned long uaddr, size_t n, bool to_user)
{
	struct iovec l = { here, n }, r = { (void *)uaddr, n };
	ssize_t got;

	if (!n)
		return 0;
	got = to_user ? process_vm_writev(getpid(), &l, 1, &r, 1, 0) :
			process_vm_readv(getpid(), &l, 1, &r, 1, 0);
	return got == (ssize_t)n ? 0 : -EFAULT;
}

int os_copy_from_user(struct os_env *env, void *dst, unsigned long uaddr, size_t n)
{
	if (unreadable(uaddr, n))
		return -EFAULT;
	if (env->checked_copies)
		return checked_copy(dst, uaddr, n, false);
	memcpy(dst, (const void *)uaddr, n);
	return 0;
}

int os_copy_to_user(struct os_env *env, unsigned long uaddr, const void *src, size_t n)
{
	if (unreadable(uaddr, n))
		return -EFAULT;
	if (env->checked_copies)
		return checked_copy((void *)src, uaddr, n, true);
	memcpy((void *)uaddr, src, n);
	return 0;
}

long os_strnlen_user(struct os_env *env, unsigned long uaddr, size_t max)
{
	const char *p = (const char *)uaddr;
	size_t i;

	if (unreadable(uaddr, 1))
		return -EFAULT;
	if (env->checked_copies) {
		char c;

		for (i = 0; i < max; i++) {
			if (checked_copy(&c, uaddr + i, 1, false))
				return -EFAULT;
			if (!c)
				return (long)i;
		}
		return (long)max;
	}
	for (i = 0; i < max; i++)
		if (!p[i])
			return (long)i;
	return (long)max;
}

/* ------------------------------------------------------------ fds */
/* The entry of fd (0 <= fd < nhandles), hlock held. */
static struct t2_file **handle_slot(struct os_env *env, int fd)
{
	return fd < SHIM_LOW_FDS ? &env->low[fd] : &env->handles[fd - SHIM_LOW_FDS];
}

/* Doubles the capacity, up to T2SIM_MAX_HANDLES; hlock held. */
static int handles_grow(struct os_env *env)
{
	int n = env->nhandles * 2, extra;
	struct t2_file **h;

	if (env->nhandles >= T2SIM_MAX_HANDLES)
		return -EMFILE;
	if (n > T2SIM_MAX_HANDLES)
		n = T2SIM_MAX_HANDLES;
	extra = n - SHIM_LOW_FDS;
	h = realloc(env->handles, sizeof(*h) * (size_t)extra);
	if (!h)
		return -ENOMEM;
	memset(h + (env->nhandles - SHIM_LOW_FDS), 0,
	       sizeof(*h) * (size_t)(n - env->nhandles));
	env->handles = h;
	env->nhandles = n;
	return 0;
}

int shim_handle_install(struct os_env *env, struct t2_file *f)
{
	int fd, r;

	shim_lock(&env->hlock);
	if (!env->nhandles)
		env->nhandles = SHIM_LOW_FDS;
	for (fd = 0; fd < env->nhandles && *handle_slot(env, fd); fd++)
		;
	if (fd == env->nhandles) {
		r = handles_grow(env);
		if (r) {
			shim_unlock(&env->hlock);
			return r;
		}
	}
	__atomic_store_n(handle_slot(env, fd), f, __ATOMIC_RELEASE);
	shim_unlock(&env->hlock);
	return fd;
}

struct t2_file *shim_handle_get(struct os_env *env, int fd)
{
	struct t2_file *f = NULL;

	if (fd >= 0 && fd < SHIM_LOW_FDS)
		return __atomic_load_n(&env->low[fd], __ATOMIC_ACQUIRE);
	shim_lock(&env->hlock);
	if (fd >= 0 && fd < env->nhandles)
		f = *handle_slot(env, fd);
	shim_unlock(&env->hlock);
	return f;
}

struct t2_file *shim_handle_take(struct os_env *env, int fd)
{
	struct t2_file *f = NULL;

	shim_lock(&env->hlock);
	if (fd >= 0 && fd < env->nhandles) {
		f = *handle_slot(env, fd);
		__atomic_store_n(handle_slot(env, fd), NULL, __ATOMIC_RELEASE);
	}
	shim_unlock(&env->hlock);
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

int os_msi_lookup(struct os_env *env, u64 vaddr, struct t2_file **f, u32 *bank, u32 *prot)
{
	void *file;
	int r = umem_msi_lookup(env->mem, vaddr, &file, bank, prot);

	if (!r)
		*f = file;
	return r;
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
/* One word: an atomic access is all the locking it needs. */
s64 os_locked_get(struct os_env *env)
{
	return __atomic_load_n(&env->locked, __ATOMIC_SEQ_CST);
}

void os_locked_add(struct os_env *env, s64 delta)
{
	__atomic_add_fetch(&env->locked, delta, __ATOMIC_SEQ_CST);
}

u64 os_memlock_limit(struct os_env *env)
{
	return env->memlock;
}

bool os_cap_ipc_lock(struct os_env *env)
{
	return env->cap_ipc_lock;
}
