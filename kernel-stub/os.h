/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * os.h - the OS shim interface of the simulator core.
 *
 * The core (the .c files of kernel-stub/core/) includes only this header,
 * include/t2/ and its own headers.  Everything that differs between the in-process library
 * (kernel-stub/user/os_user.c, umem.c, t2sim.c) and a Linux module
 * (kernel-stub/module/os_linux.c) is behind the functions declared here:
 * types, memory, locks, user-memory copies, fds, pinning, locked-page
 * accounting, a yield point and logging.  No libc header, no floating
 * point, no 128-bit integers in the core.
 *
 * Calling rules for a shim:
 *  - every function may be called with the core's locks held; none may call
 *    back into the core synchronously (a final fput must be deferred, as the
 *    kernel does for user tasks);
 *  - functions returning int return 0 or -errno.
 */
#ifndef T2_OS_H
#define T2_OS_H

#include "t2/sim.h"

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#else
#include <linux/errno.h>
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;
#if !defined(__cplusplus) && !defined(__bool_true_false_are_defined)
typedef _Bool bool;
#define true 1
#define false 0
#endif
#endif

#define OS_PAGE_SIZE 4096ull

/* ------------------------------------------------------------ memory */
#define os_memset(d, c, n) __builtin_memset((d), (c), (n))
#define os_memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define os_memcmp(a, b, n) __builtin_memcmp((a), (b), (n))

/* Zeroed allocation that may sleep; NULL on failure.  os_free(NULL) is a no-op. */
void *os_zalloc(size_t n);
void os_free(void *p);

/* ------------------------------------------------------------ locks */
/* A sleeping mutex (pthread mutex; struct mutex in the module). */
struct os_lock;
struct os_lock *os_lock_new(void);
void os_lock_free(struct os_lock *l);
void os_lock(struct os_lock *l);
void os_unlock(struct os_lock *l);

/* Sequentially consistent atomics on aligned u64 (compiler builtins). */
static inline u64 os_atomic_load(u64 *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline void os_atomic_store(u64 *p, u64 v)
{
	__atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

static inline bool os_atomic_cas(u64 *p, u64 *expected, u64 desired)
{
	return __atomic_compare_exchange_n(p, expected, desired, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static inline u64 os_atomic_inc(u64 *p)
{
	return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}

/*
 * Set bits of v.  Plain arithmetic: __builtin_popcount without -mpopcnt
 * becomes a call to libgcc, which a module does not link.
 */
static inline u32 os_popcount64(u64 v)
{
	v = v - ((v >> 1) & 0x5555555555555555ull);
	v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (u32)((v * 0x0101010101010101ull) >> 56);
}

/* The SDK-B8 yield point between an unprotected read and its write
 * (sched_yield in user space, a short sleep in the module). */
void os_yield(void);

/* ------------------------------------------------------------ environment */
/*
 * One os_env per simulator instance, created by the shim and handed to the
 * core at creation.  It owns the fd table, the user memory (simulated or the
 * caller's), the locked-page counter and the log sink.
 */
struct os_env;

/*
 * INTRO-8 scope: who is calling.  Fail-nth counts only the sites reached by
 * the caller that armed it: the module returns the calling thread's id; the
 * in-process shim returns 0 (any call on the instance counts).
 */
u64 os_caller_id(struct os_env *env);

/* One line, no newline (PERS-4 crash lines and similar). */
void os_log(struct os_env *env, const char *line);

/*
 * A named scheduling point (core/points.def, core/locks.def;
 * docs/concurrency.md): where another thread may run.  A no-op unless
 * enabled: in user space, the calling thread runs under the deterministic
 * scheduler (t2sim_sched_run), which may hand the CPU to another of its
 * threads here; in the module, the sched_delay_seed parameter makes some
 * points sleep a seeded while.  Called with or without the core's locks.
 */
void os_sched_point(struct os_env *env, u32 point);

/* ------------------------------------------------------------ user memory */
/*
 * Copies between the core and ioctl argument memory.  0 or -EFAULT.  The
 * user shim treats NULL and any address below 4096 as unreadable (ERR-2).
 */
int os_copy_from_user(struct os_env *env, void *dst, unsigned long uaddr, size_t n);
int os_copy_to_user(struct os_env *env, unsigned long uaddr, const void *src, size_t n);
/*
 * Length of the NUL-terminated string at uaddr: its length if a NUL lies
 * within the first max bytes, max if not, -EFAULT if unreadable.
 * Never reads past the NUL.
 */
long os_strnlen_user(struct os_env *env, unsigned long uaddr, size_t max);

/* ------------------------------------------------------------ fds */
/*
 * A core file object (container, group or device fd).  The shim maps fds
 * to it; the core owns it.
 */
struct t2_file;
/* GROUP_SET_CONTAINER: the object behind an fd.  -EBADF if fd is not open.
 * The object stays valid while the caller holds the core lock. */
int os_fd_lookup(struct os_env *env, int fd, struct t2_file **out);
/* GROUP_GET_DEVICE_FD: install a new fd for f.  The fd number or -errno. */
int os_fd_install(struct os_env *env, struct t2_file *f);

/*
 * MSI design C (MSIC-7): does vaddr lie in a mapping of an MSI fd of this
 * instance (t2_msi_mmap)?  0 with its core file, the bank of the page that
 * holds vaddr and the mapping's protection (T2_PROT_READ/_WRITE), or
 * -ENOENT.  The file stays valid while the caller holds the core lock.
 */
int os_msi_lookup(struct os_env *env, u64 vaddr, struct t2_file **f, u32 *bank,
		  u32 *prot);

/* ------------------------------------------------------------ pinning */
enum os_pin_status {
	OS_PIN_OK = 0,
	OS_PIN_UNBACKED = 1,   /* MAP-1 row 13 */
	OS_PIN_NONCONTIG = 2,  /* MAP-1 row 14 (pages not contiguous) */
};

/* What os_pin_user pinned; the core keeps it to unpin later. */
struct os_pin {
	u64 token;   /* shim cookie (the buffer, in user space) */
	u64 phys;    /* physical address of the first page */
	u64 npages;  /* pages pinned by this call (kept pinned on return) */
	u32 status;  /* enum os_pin_status */
	u32 pad0;
};

/* Bytes of per-window storage the shim needs for npages pinned pages
 * (page pointers in the module; 0 in user space).  The core allocates it
 * at the MAP_DMA pin-array fault site and passes it back below. */
size_t os_pin_array_bytes(u64 npages);
/*
 * Pin the pages of [vaddr, vaddr + len) (vaddr and len page-aligned, len >
 * 0).  Always returns 0 and fills *pin; pages counted in pin->npages stay
 * pinned whatever the status:
 *  - OS_PIN_OK: all pages pinned and physically contiguous;
 *  - OS_PIN_UNBACKED: the pages before the first unbacked page are pinned;
 *  - OS_PIN_NONCONTIG: all pages pinned, not contiguous.
 * The core checks alignment of pin->phys itself.  A negative return is an
 * OS failure (treated like an unbacked range with nothing pinned).
 */
int os_pin_user(struct os_env *env, u64 vaddr, u64 len, void *pin_array,
		struct os_pin *pin);
/* Release count pages starting at page index first of an earlier pin. */
void os_unpin_user(struct os_env *env, const struct os_pin *pin, void *pin_array,
		   u64 first, u64 count);
/* INTRO-10: physical address and page size behind a user address, without
 * pinning.  0, or -EFAULT if not backed. */
int os_resolve_user(struct os_env *env, u64 vaddr, u64 *phys, u32 *page_size);

/* ------------------------------------------------------------ locked pages */
/* ACCT-1: the caller's locked count in pages, its memlock limit in bytes
 * (~0 = unlimited) and whether it holds CAP_IPC_LOCK. */
s64 os_locked_get(struct os_env *env);
void os_locked_add(struct os_env *env, s64 delta_pages);
u64 os_memlock_limit(struct os_env *env);
bool os_cap_ipc_lock(struct os_env *env);

#endif /* T2_OS_H */
