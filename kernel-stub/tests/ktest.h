/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * ktest.h - helpers for the core's focused tests: one simulator instance
 * with a container and groups, ioctl wrappers returning 0/value/-errno,
 * and TAP checks that print both values on failure.
 */
#ifndef T2_KTEST_H
#define T2_KTEST_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "t2sim.h"
#include "tap/tap.h"

#define MIB (1024ull * 1024)
#define GIB (1024ull * MIB)
#define RW (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

struct kt {
	struct t2sim *sim;
	int c;                  /* container fd */
	int g[16];              /* group fds by group number, -1 if not open */
	char log[8][160];       /* last crash lines */
	int nlog;
};

/* New instance; bails out on failure.  Opens the container only. */
void kt_init(struct kt *k, const char *platform, uint64_t switches);
void kt_fini(struct kt *k);
/* Open group n and add it to the container (0 or -errno). */
long kt_group_join(struct kt *k, int n);
/* Open a container, groups, SET_IOMMU, geometry [0, S), n windows. */
void kt_setup(struct kt *k, const char *platform, uint64_t switches,
	      const int *groups, int ngroups, uint64_t S, uint32_t n);

long kt_ioctl(struct kt *k, int fd, unsigned long cmd, void *arg);
long kt_set_geometry(struct kt *k, uint64_t start, uint64_t end);
long kt_set_windows(struct kt *k, uint32_t n);
long kt_set_stash(struct kt *k, uint32_t cpu, uint32_t cache);
long kt_get_attr(struct kt *k, uint32_t attribute, struct vfio_pamu_attr *out);
uint32_t kt_windows(struct kt *k);
long kt_map(struct kt *k, uint64_t vaddr, uint64_t iova, uint64_t size, uint32_t flags);
long kt_unmap(struct kt *k, uint64_t iova, uint64_t size, uint64_t *unmapped);
long kt_msi_map(struct kt *k, uint32_t bank, uint64_t iova, uint32_t flags);
long kt_msi_unmap(struct kt *k, uint64_t iova);
struct t2sim_counters kt_counters(struct kt *k);
struct t2sim_counters kt_counters_of(struct kt *k, int cfd);
struct t2sim_translate kt_xlate(struct kt *k, int group, uint32_t idx, uint64_t iova,
				int write);
uint64_t kt_alloc(struct kt *k, uint64_t size, uint64_t page_size);
uint64_t kt_phys(struct kt *k, uint64_t vaddr);
/* fail-nth: arm N (0 disarms); returns remaining; *fired if non-NULL. */
uint32_t kt_fail(struct kt *k, uint32_t nth, int arm, uint32_t *fired);

#define CHECK_EQ(got, want, ...) \
	kt_check_eq((long long)(got), (long long)(want), __VA_ARGS__)
int kt_check_eq(long long got, long long want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* T2_KTEST_H */
