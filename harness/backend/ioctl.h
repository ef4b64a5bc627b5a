/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * ioctl.h - every type2 ioctl wrapped three ways, in the style of the
 * kernel's iommufd selftests, always through a struct t2_backend (never the
 * simulator directly), so one test body runs on every backend:
 *
 *   __t2_map_dma(be, fd, ...)               returns the value or -errno
 *   t2_map_dma(tc, fd, ...)                 asserts success: on failure it
 *                                           reports expression, values, errno
 *                                           and file:line, then aborts the test
 *   test_err_t2_map_dma(tc, EINVAL, fd, ...) expects exactly that errno; on a
 *                                           mismatch it reports and continues
 *
 * The ioctl table (number, fd kind, argument kind, minsz, flag mask) is
 * generated from include/t2/ioctls.def and simioctls.def.
 */
#ifndef T2_IOCTL_H
#define T2_IOCTL_H

#include <stddef.h>
#include <stdint.h>
#include "backend/backend.h"

/* ------------------------------------------------------------ the tables */
enum t2_fd_kind { T2_FD_CONTAINER, T2_FD_GROUP, T2_FD_ANY };
enum t2_arg_kind { T2_ARG_NONE, T2_ARG_VALUE, T2_ARG_STRUCT, T2_ARG_S32, T2_ARG_STRING };

struct t2_ioctl_info {
	const char *name;
	unsigned long cmd;
	unsigned int n;          /* relative to VFIO_BASE or T2SIM_BASE */
	enum t2_fd_kind fd;
	enum t2_arg_kind arg;
	unsigned int minsz;      /* STRUCT: minimum argsz; S32: bytes read */
	uint32_t flagmask;       /* allowed input flags; ~0u: no flags field */
	int intro;               /* 1 for the T2SIM_* introspection ioctls */
};

extern const struct t2_ioctl_info t2_ioctls[];     /* ABI-3, from ioctls.def */
extern const size_t t2_nioctls;
extern const struct t2_ioctl_info t2_simioctls[];  /* INTRO-1, from simioctls.def */
extern const size_t t2_nsimioctls;

/* The entry for cmd in either table, or NULL. */
const struct t2_ioctl_info *t2_ioctl_find(unsigned long cmd);
/* "EINVAL" for 22 (positive errno, the names of backend/errnos.def); "E?" otherwise. */
const char *t2_errno_name(int err);

/* ------------------------------------------------------------ raw forms */
/* All return the ioctl's value (>= 0) or -errno. */
long __t2_ioctl(struct t2_backend *be, int fd, unsigned long cmd, unsigned long arg);
long __t2_get_api_version(struct t2_backend *be, int fd);
long __t2_check_extension(struct t2_backend *be, int fd, unsigned long value);
long __t2_set_iommu(struct t2_backend *be, int fd, unsigned long value);
long __t2_group_get_status(struct t2_backend *be, int gfd, uint32_t *flags);
long __t2_group_set_container(struct t2_backend *be, int gfd, int cfd);
long __t2_group_unset_container(struct t2_backend *be, int gfd);
long __t2_group_get_device_fd(struct t2_backend *be, int gfd, const char *name);
long __t2_map_dma(struct t2_backend *be, int fd, uint32_t flags, uint64_t vaddr,
		  uint64_t iova, uint64_t size);
/* unmapped (may be NULL) receives the written-back size on success (UNMAP-4). */
long __t2_unmap_dma(struct t2_backend *be, int fd, uint64_t iova, uint64_t size,
		    uint64_t *unmapped);
long __t2_get_geometry(struct t2_backend *be, int fd, uint64_t *start, uint64_t *end);
long __t2_get_windows(struct t2_backend *be, int fd, uint32_t *n);
long __t2_get_stash(struct t2_backend *be, int fd, uint32_t *cpu, uint32_t *cache);
long __t2_set_geometry(struct t2_backend *be, int fd, uint64_t start, uint64_t end);
long __t2_set_windows(struct t2_backend *be, int fd, uint32_t n);
long __t2_set_stash(struct t2_backend *be, int fd, uint32_t cpu, uint32_t cache);
long __t2_get_msi_bank_count(struct t2_backend *be, int fd);
long __t2_map_msi_bank(struct t2_backend *be, int fd, uint32_t flags, uint32_t bank,
		       uint64_t iova);
long __t2_unmap_msi_bank(struct t2_backend *be, int fd, uint64_t iova);

/* Introspection through be->ops (-ENOTTY when the backend has none). */
long __t2_counters(struct t2_backend *be, int cfd, struct t2sim_counters *c);
/* write: 0 read, 1 write.  Fills *out (argsz set by the helper). */
long __t2_translate(struct t2_backend *be, int gfd, uint32_t liodn_index, uint64_t iova,
		    int write, struct t2sim_translate *out);
/* flags T2SIM_FAIL_ARM or 0; out may be NULL. */
long __t2_fail_nth(struct t2_backend *be, int fd, uint32_t flags, uint32_t nth,
		   struct t2sim_fail_nth *out);
long __t2_platform(struct t2_backend *be, int fd, struct t2sim_platform *p);
long __t2_resolve(struct t2_backend *be, int fd, uint64_t vaddr, uint64_t *phys,
		  uint32_t *page_size);

/* ------------------------------------------------------------ checked forms */
/*
 * The context the checked forms report into.  The test framework embeds it;
 * abort (if set) is called after a failed assertion and normally does not
 * return (it unwinds the test).
 */
struct t2_tctx {
	struct t2_backend *be;
	int failures;
	void (*abort)(struct t2_tctx *tc);
};

/* Records one failure: prints "# FAIL file:line: what" and counts it. */
void t2_tctx_fail(struct t2_tctx *tc, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* want: 0 = success expected (assert), else the positive errno expected. */
#define T2_HELPERS(X) \
	X(get_api_version, (int fd), (fd), "fd=%d", fd) \
	X(check_extension, (int fd, unsigned long v), (fd, v), "fd=%d value=%#lx", fd, v) \
	X(set_iommu, (int fd, unsigned long v), (fd, v), "fd=%d value=%#lx", fd, v) \
	X(group_get_status, (int gfd, uint32_t *flags), (gfd, flags), "gfd=%d", gfd) \
	X(group_set_container, (int gfd, int cfd), (gfd, cfd), "gfd=%d cfd=%d", gfd, cfd) \
	X(group_unset_container, (int gfd), (gfd), "gfd=%d", gfd) \
	X(group_get_device_fd, (int gfd, const char *name), (gfd, name), \
	  "gfd=%d name=\"%s\"", gfd, name ? name : "(null)") \
	X(map_dma, (int fd, uint32_t flags, uint64_t vaddr, uint64_t iova, uint64_t size), \
	  (fd, flags, vaddr, iova, size), \
	  "fd=%d flags=%#x vaddr=%#llx iova=%#llx size=%#llx", fd, flags, \
	  (unsigned long long)vaddr, (unsigned long long)iova, (unsigned long long)size) \
	X(unmap_dma, (int fd, uint64_t iova, uint64_t size, uint64_t *unmapped), \
	  (fd, iova, size, unmapped), "fd=%d iova=%#llx size=%#llx", fd, \
	  (unsigned long long)iova, (unsigned long long)size) \
	X(get_geometry, (int fd, uint64_t *start, uint64_t *end), (fd, start, end), "fd=%d", fd) \
	X(get_windows, (int fd, uint32_t *n), (fd, n), "fd=%d", fd) \
	X(get_stash, (int fd, uint32_t *cpu, uint32_t *cache), (fd, cpu, cache), "fd=%d", fd) \
	X(set_geometry, (int fd, uint64_t start, uint64_t end), (fd, start, end), \
	  "fd=%d start=%#llx end=%#llx", fd, (unsigned long long)start, \
	  (unsigned long long)end) \
	X(set_windows, (int fd, uint32_t n), (fd, n), "fd=%d n=%u", fd, n) \
	X(set_stash, (int fd, uint32_t cpu, uint32_t cache), (fd, cpu, cache), \
	  "fd=%d cpu=%u cache=%u", fd, cpu, cache) \
	X(get_msi_bank_count, (int fd), (fd), "fd=%d", fd) \
	X(map_msi_bank, (int fd, uint32_t flags, uint32_t bank, uint64_t iova), \
	  (fd, flags, bank, iova), "fd=%d flags=%#x bank=%u iova=%#llx", fd, flags, bank, \
	  (unsigned long long)iova) \
	X(unmap_msi_bank, (int fd, uint64_t iova), (fd, iova), "fd=%d iova=%#llx", fd, \
	  (unsigned long long)iova)

#define T2_UNPAREN(...) __VA_ARGS__
#define T2_DECLARE_CHK(name, params, args, ...) \
	long t2_chk_##name(struct t2_tctx *tc, int want, const char *expr, \
			   const char *file, int line, T2_UNPAREN params);
T2_HELPERS(T2_DECLARE_CHK)
#undef T2_DECLARE_CHK

#define T2_CHK(name, tc, want, ...) \
	t2_chk_##name((tc), (want), #name "(" #__VA_ARGS__ ")", __FILE__, __LINE__, __VA_ARGS__)

#define t2_get_api_version(tc, ...)        T2_CHK(get_api_version, tc, 0, __VA_ARGS__)
#define t2_check_extension(tc, ...)        T2_CHK(check_extension, tc, 0, __VA_ARGS__)
#define t2_set_iommu(tc, ...)              T2_CHK(set_iommu, tc, 0, __VA_ARGS__)
#define t2_group_get_status(tc, ...)       T2_CHK(group_get_status, tc, 0, __VA_ARGS__)
#define t2_group_set_container(tc, ...)    T2_CHK(group_set_container, tc, 0, __VA_ARGS__)
#define t2_group_unset_container(tc, ...)  T2_CHK(group_unset_container, tc, 0, __VA_ARGS__)
#define t2_group_get_device_fd(tc, ...)    T2_CHK(group_get_device_fd, tc, 0, __VA_ARGS__)
#define t2_map_dma(tc, ...)                T2_CHK(map_dma, tc, 0, __VA_ARGS__)
#define t2_unmap_dma(tc, ...)              T2_CHK(unmap_dma, tc, 0, __VA_ARGS__)
#define t2_get_geometry(tc, ...)           T2_CHK(get_geometry, tc, 0, __VA_ARGS__)
#define t2_get_windows(tc, ...)            T2_CHK(get_windows, tc, 0, __VA_ARGS__)
#define t2_get_stash(tc, ...)              T2_CHK(get_stash, tc, 0, __VA_ARGS__)
#define t2_set_geometry(tc, ...)           T2_CHK(set_geometry, tc, 0, __VA_ARGS__)
#define t2_set_windows(tc, ...)            T2_CHK(set_windows, tc, 0, __VA_ARGS__)
#define t2_set_stash(tc, ...)              T2_CHK(set_stash, tc, 0, __VA_ARGS__)
#define t2_get_msi_bank_count(tc, ...)     T2_CHK(get_msi_bank_count, tc, 0, __VA_ARGS__)
#define t2_map_msi_bank(tc, ...)           T2_CHK(map_msi_bank, tc, 0, __VA_ARGS__)
#define t2_unmap_msi_bank(tc, ...)         T2_CHK(unmap_msi_bank, tc, 0, __VA_ARGS__)

#define test_err_t2_get_api_version(tc, e, ...)    T2_CHK(get_api_version, tc, e, __VA_ARGS__)
#define test_err_t2_check_extension(tc, e, ...)    T2_CHK(check_extension, tc, e, __VA_ARGS__)
#define test_err_t2_set_iommu(tc, e, ...)          T2_CHK(set_iommu, tc, e, __VA_ARGS__)
#define test_err_t2_group_get_status(tc, e, ...)   T2_CHK(group_get_status, tc, e, __VA_ARGS__)
#define test_err_t2_group_set_container(tc, e, ...) \
	T2_CHK(group_set_container, tc, e, __VA_ARGS__)
#define test_err_t2_group_unset_container(tc, e, ...) \
	T2_CHK(group_unset_container, tc, e, __VA_ARGS__)
#define test_err_t2_group_get_device_fd(tc, e, ...) \
	T2_CHK(group_get_device_fd, tc, e, __VA_ARGS__)
#define test_err_t2_map_dma(tc, e, ...)            T2_CHK(map_dma, tc, e, __VA_ARGS__)
#define test_err_t2_unmap_dma(tc, e, ...)          T2_CHK(unmap_dma, tc, e, __VA_ARGS__)
#define test_err_t2_get_geometry(tc, e, ...)       T2_CHK(get_geometry, tc, e, __VA_ARGS__)
#define test_err_t2_get_windows(tc, e, ...)        T2_CHK(get_windows, tc, e, __VA_ARGS__)
#define test_err_t2_get_stash(tc, e, ...)          T2_CHK(get_stash, tc, e, __VA_ARGS__)
#define test_err_t2_set_geometry(tc, e, ...)       T2_CHK(set_geometry, tc, e, __VA_ARGS__)
#define test_err_t2_set_windows(tc, e, ...)        T2_CHK(set_windows, tc, e, __VA_ARGS__)
#define test_err_t2_set_stash(tc, e, ...)          T2_CHK(set_stash, tc, e, __VA_ARGS__)
#define test_err_t2_get_msi_bank_count(tc, e, ...) \
	T2_CHK(get_msi_bank_count, tc, e, __VA_ARGS__)
#define test_err_t2_map_msi_bank(tc, e, ...)       T2_CHK(map_msi_bank, tc, e, __VA_ARGS__)
#define test_err_t2_unmap_msi_bank(tc, e, ...)     T2_CHK(unmap_msi_bank, tc, e, __VA_ARGS__)

/* Read and write both, the usual protection. */
#define T2_RW (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

#endif /* T2_IOCTL_H */
