/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle.h - the oracle: an executable model of the spec personality, written
 * from docs/spec.md alone and independently of kernel-stub/.  It predicts, for
 * every operation, the return value (or -errno), the bytes written back and
 * the resulting state, and names the rule that decided each prediction.
 *
 * Two ways to use it:
 *  - as a backend of its own (T2_BACKEND=oracle): t2_oracle_backend_open();
 *    buffers then come from the oracle's deterministic MEM-1..6 allocator;
 *  - as a shadow of the backend under test: t2_oracle_new_from_platform() with
 *    the backend's T2SIM_PLATFORM answer, a resolver backed by the backend's
 *    own resolve op, and every op replayed on both sides.
 *
 * Descriptors.  The oracle's fds are its own small integers (lowest free, from
 * 3, like a process); they never equal the backend's.  Every place an fd is an
 * INPUT must carry an oracle fd: the __s32 that VFIO_GROUP_SET_CONTAINER's arg
 * points to is read as an oracle fd.  GROUP_GET_DEVICE_FD returns an oracle fd.
 *
 * Memory.  ioctl args are host pointers (ERR-2: below 4096 is unreadable).
 * MAP_DMA's vaddr is a simulated user address: with a resolver, rows 13/14 and
 * window physical bases come from it (registration optional); without one,
 * from the buffers the oracle allocated or had registered (MEM-2/MEM-3 rules
 * by kind, physical bases from its own allocator).
 *
 * Cost: no per-page work, no allocation on the ioctl path.  The t2_oracle_*
 * calls are not thread-safe: one oracle per thread, fed one serial order
 * (CONC-2).  The backend made by t2_oracle_backend_*() locks around each op.
 */
#ifndef T2_ORACLE_H
#define T2_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "t2/sim.h"
#include "backend/backend.h"

struct t2_oracle;

/* Limits of the model (not of the spec); exceeding them gives -EMFILE. */
#define T2_ORACLE_MAX_FDS 256
#define T2_ORACLE_MAX_CONTAINERS 64
#define T2_ORACLE_FIRST_FD 3

/* ------------------------------------------------------------ creation */

/*
 * Parses a PLAT-2 string ("p4080,max_windows=16,group.6=0x40"); NULL means
 * "p4080".  On a bad string returns -EINVAL and writes a message naming the
 * key into err.
 */
int t2_oracle_new(const char *platform, struct t2_oracle **out, char *err, size_t errlen);
/*
 * From a backend's T2SIM_PLATFORM answer (INTRO-9).  The description is
 * validated like a string (garbage gives -EINVAL and a message).  `switches`
 * is echoed in the oracle's own PLATFORM answer but never modelled: the
 * oracle is the spec personality.  ram = 0 (the module) is accepted.
 */
int t2_oracle_new_from_platform(const struct t2sim_platform *p, struct t2_oracle **out,
				char *err, size_t errlen);
/* Makes o what t2_oracle_new_from_platform(sp) would, keeping its
 * allocations (for caches of oracles).  On error o is unchanged. */
int t2_oracle_renew_from_platform(struct t2_oracle *o, const struct t2sim_platform *sp,
				  char *err, size_t errlen);
void t2_oracle_free(struct t2_oracle *o);
/*
 * Back to the state right after creation (same platform), cheaply: for
 * fuzzers.  Keeps the resolver; forgets every buffer.
 */
void t2_oracle_reset(struct t2_oracle *o);
/* INTRO-3: whether the target answers the T2SIM_* ioctls (default yes).
 * Without, the model predicts them as the unknown ioctls they are there
 * (ERR-6).  Kept across reset: it is the target's, not the program's. */
void t2_oracle_set_introspection(struct t2_oracle *o, bool on);
/* The VFIO core in front of the device under test (core_variant.h; default
 * T2_CORE_SPEC): its answers to the CORE rules it changes.  Kept across
 * reset, as the target's. */
void t2_oracle_set_core(struct t2_oracle *o, int core);
/* The platform in INTRO-9 form (argsz/flags/pad0 left as they were). */
void t2_oracle_get_platform(const struct t2_oracle *o, struct t2sim_platform *p);

/* --------------------------------------------------------- the operations */
/* Each returns what the backend op would: an fd/value/0, or -errno. */
int t2_oracle_open_container(struct t2_oracle *o);
/* group: the platform group number N; -ENOENT if the platform has no such group. */
int t2_oracle_open_group(struct t2_oracle *o, unsigned int group);
int t2_oracle_close(struct t2_oracle *o, int fd);
long t2_oracle_ioctl(struct t2_oracle *o, int fd, unsigned long cmd, unsigned long arg);

/* --------------------------------------------------------- user memory */
/* Standalone MEM-1..6 allocator (also what the oracle backend's buf_alloc uses). */
int t2_oracle_buf_alloc(struct t2_oracle *o, uint64_t size, uint64_t page_size,
			uint64_t *vaddr);
int t2_oracle_buf_free(struct t2_oracle *o, uint64_t vaddr);
/*
 * MSI design C (MSIC-5): mmap of MSI fd `fd` (prot, flags: Linux's PROT_*,
 * MAP_* values).  *vaddr = 0 asks the oracle for an address; otherwise the
 * mapping is registered at *vaddr (shadow mode: where the backend under test
 * put it).  0 or the -errno mmap gives.  t2_oracle_buf_free(vaddr) unmaps.
 */
int t2_oracle_mmap(struct t2_oracle *o, int fd, uint64_t len, int prot, int flags,
		   uint64_t offset, uint64_t *vaddr);
/*
 * Shadow mode: a buffer the backend under test allocated at `vaddr`.  Without
 * a resolver the oracle gives it physical frames from its own allocator,
 * following MEM-2/MEM-3 for its kind.  -EINVAL on a bad size/kind or overlap.
 */
int t2_oracle_buf_register(struct t2_oracle *o, uint64_t vaddr, uint64_t size,
			   uint64_t page_size);
int t2_oracle_buf_unregister(struct t2_oracle *o, uint64_t vaddr);
/*
 * phys = T2SIM_NOT_BACKED (and page_size 0) when vaddr is not backed;
 * returns 0 or -errno (a resolver error is passed through).
 */
typedef int t2_oracle_resolve_fn(void *ctx, uint64_t vaddr, uint64_t *phys,
				 uint32_t *page_size);
/* NULL fn: back to the oracle's own buffers. */
void t2_oracle_set_resolver(struct t2_oracle *o, t2_oracle_resolve_fn *fn, void *ctx);
/* What the oracle believes backs vaddr (resolver if set, else own buffers). */
int t2_oracle_resolve(struct t2_oracle *o, uint64_t vaddr, uint64_t *phys,
		      uint32_t *page_size);

/* ------------------------------------------------------- predicted state */
/*
 * These read the model directly: no argsz/flags checks, no fault sites, no
 * last_rule update.  They return 0, or -EBADF for an fd that is not an open
 * container (group) fd of the oracle.
 */
/* INTRO-6 counters of the container behind container_fd (argsz, flags, pad0 untouched). */
int t2_oracle_counters(struct t2_oracle *o, int container_fd, struct t2sim_counters *c);
/*
 * ISO-2/ISO-3/INTRO-5 translation for a group NUMBER (the group may have no
 * open fd: ISO-7), LIODN index, iova, read (write = 0) or write.
 * -ENOENT: no such group; -EINVAL: liodn_index out of range.  Fills result,
 * liodn, phys, msi_bank, msi_flags (and iova, liodn_index, flags as inputs).
 */
int t2_oracle_translate(struct t2_oracle *o, unsigned int group, uint32_t liodn_index,
			uint64_t iova, int write, struct t2sim_translate *t);
/*
 * GET_ATTR value the container would report: fills attr_info of *a for
 * `attribute` (0..2).  -EINVAL when the container has no backend or the
 * attribute is unknown.
 */
int t2_oracle_get_attr(struct t2_oracle *o, int container_fd, uint32_t attribute,
		       struct vfio_pamu_attr *a);
/* FAIL-1/INTRO-8 state: remaining, fired (as the FAIL_NTH report would write). */
void t2_oracle_fault_state(const struct t2_oracle *o, uint32_t *remaining, uint32_t *fired);
/* Arms (nth > 0) or disarms (0) like FAIL_NTH with T2SIM_FAIL_ARM. */
void t2_oracle_fault_arm(struct t2_oracle *o, uint32_t nth);

/*
 * The rule that decided the last op's prediction: "MAP-1.11" (table row),
 * "GEOM-3", "ERR-6", "ERR-1.0" (level 0), "FAIL-3" (an injected fault at a
 * site without its own table row), or the success rule ("MAP-3", "CORE-2"...).
 * A string literal; never NULL.
 */
const char *t2_oracle_last_rule(const struct t2_oracle *o);

/* fd kinds, for executors that translate handles. */
enum t2_oracle_fd_kind {
	T2_ORACLE_FD_NONE = 0,
	T2_ORACLE_FD_CONTAINER,
	T2_ORACLE_FD_GROUP,
	T2_ORACLE_FD_DEVICE,
	T2_ORACLE_FD_MSI,		/* design C: an MSI fd (MSIC-3) */
};
enum t2_oracle_fd_kind t2_oracle_fd_kind(const struct t2_oracle *o, int fd);
/* The group number behind a group or device fd; -EBADF otherwise. */
int t2_oracle_fd_group(const struct t2_oracle *o, int fd);
/* The fd of the container the group behind a group or device fd is in; -1
 * if none (or the container's fd is closed, CORE-13). */
int t2_oracle_group_container_fd(const struct t2_oracle *o, int fd);

/*
 * A short text picture of the model (containers, groups, windows in runs,
 * shared totals) for mismatch reports.  Returns the length it wanted, like
 * snprintf.
 */
int t2_oracle_describe(const struct t2_oracle *o, char *buf, size_t len);

/*
 * Self-check of the model's own bookkeeping (INV-5, 6, 12, 17, 18 and the
 * shared counters).  0, or -EPROTO with a message.  For the oracle's tests.
 */
int t2_oracle_self_check(const struct t2_oracle *o, char *err, size_t errlen);

/* ------------------------------------------------------- saved states */
/*
 * oracle_snap.c: what ioctls change (descriptors, groups, containers,
 * shared totals, fault state), saved and put back, for searches over serial
 * orders (harness/exec/lin.c).  Not the platform, the buffers or the resolver.
 */
struct t2_oracle_snap;
int t2_oracle_snap_new(struct t2_oracle_snap **out);
void t2_oracle_snap_free(struct t2_oracle_snap *s);
/* 0 or -ENOMEM (the copy of a container is made the first time it is needed). */
int t2_oracle_save(const struct t2_oracle *o, struct t2_oracle_snap *s);
void t2_oracle_restore(struct t2_oracle *o, const struct t2_oracle_snap *s);
/* A hash of that state: equal states hash equal. */
uint64_t t2_oracle_state_hash(const struct t2_oracle *o);

/* ------------------------------------------------------------ as a backend */
/* Kind "oracle": a backend whose every op is answered by a fresh oracle. */
int t2_oracle_backend_open(const char *platform, struct t2_backend **out, char *err,
			   size_t errlen);
/* Same, with the t2_backend_open_fn signature of backend_kinds.h (switches ignored). */
int t2_oracle_kind_open(const struct t2_config *cfg, struct t2_backend **out,
			char *err, size_t errlen);
/* Wraps an existing oracle as a backend; the backend then owns it (destroy frees it). */
int t2_oracle_backend_wrap(struct t2_oracle *o, struct t2_backend **out);
/* The oracle behind a backend made by the functions above, else NULL. */
struct t2_oracle *t2_oracle_of_backend(struct t2_backend *be);

#endif /* T2_ORACLE_H */
