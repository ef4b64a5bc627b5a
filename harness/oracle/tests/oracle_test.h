/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_test.h - small helpers shared by the oracle's own tests
 * (harness/oracle/tests/oracle_*.c): build an oracle, issue each ioctl with a
 * freshly filled struct, read counters and translations.  Every helper
 * returns what the oracle returned (value or -errno).
 */
#ifndef T2_ORACLE_TEST_H
#define T2_ORACLE_TEST_H

#include <errno.h>
#include <string.h>
#include "oracle/oracle.h"
#include "tap/tap.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define RW (VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)

static inline struct t2_oracle *ot_new(const char *platform)
{
	struct t2_oracle *o;
	char err[256];

	if (t2_oracle_new(platform, &o, err, sizeof(err)))
		tap_bail("oracle for '%s': %s", platform ? platform : "(null)", err);
	return o;
}

static inline long ot_ioctl(struct t2_oracle *o, int fd, unsigned long cmd, const void *arg)
{
	return t2_oracle_ioctl(o, fd, cmd, (unsigned long)arg);
}

static inline long ot_set_container(struct t2_oracle *o, int gfd, int cfd)
{
	int32_t v = cfd;

	return ot_ioctl(o, gfd, VFIO_GROUP_SET_CONTAINER, &v);
}

static inline long ot_unset_container(struct t2_oracle *o, int gfd)
{
	return t2_oracle_ioctl(o, gfd, VFIO_GROUP_UNSET_CONTAINER, 0);
}

static inline long ot_set_iommu(struct t2_oracle *o, int cfd)
{
	return t2_oracle_ioctl(o, cfd, VFIO_SET_IOMMU, T2_TYPE2_VALUE);
}

static inline long ot_status(struct t2_oracle *o, int gfd, uint32_t *flags)
{
	struct vfio_group_status s = { .argsz = sizeof(s), .flags = 0xdead };
	long r = ot_ioctl(o, gfd, VFIO_GROUP_GET_STATUS, &s);

	*flags = s.flags;
	return r;
}

static inline long ot_set_geom(struct t2_oracle *o, int cfd, uint64_t start, uint64_t end)
{
	struct vfio_pamu_attr a = { .argsz = sizeof(a), .attribute = VFIO_ATTR_GEOMETRY };

	a.attr_info.attr.aperture_start = start;
	a.attr_info.attr.aperture_end = end;
	return ot_ioctl(o, cfd, VFIO_IOMMU_PAMU_SET_ATTR, &a);
}

static inline long ot_set_windows(struct t2_oracle *o, int cfd, uint32_t n)
{
	struct vfio_pamu_attr a = { .argsz = sizeof(a), .attribute = VFIO_ATTR_WINDOWS };

	a.attr_info.windows = n;
	return ot_ioctl(o, cfd, VFIO_IOMMU_PAMU_SET_ATTR, &a);
}

static inline long ot_set_stash(struct t2_oracle *o, int cfd, uint32_t cpu, uint32_t cache)
{
	struct vfio_pamu_attr a = { .argsz = sizeof(a), .attribute = VFIO_ATTR_PAMU_STASH };

	a.attr_info.stash.cpu = cpu;
	a.attr_info.stash.cache = cache;
	return ot_ioctl(o, cfd, VFIO_IOMMU_PAMU_SET_ATTR, &a);
}

static inline long ot_get_attr(struct t2_oracle *o, int cfd, uint32_t attribute,
			       struct vfio_pamu_attr *a)
{
	memset(a, 0xa5, sizeof(*a));
	a->argsz = sizeof(*a);
	a->flags = 0;
	a->attribute = attribute;
	return ot_ioctl(o, cfd, VFIO_IOMMU_PAMU_GET_ATTR, a);
}

static inline long ot_map(struct t2_oracle *o, int cfd, uint64_t vaddr, uint64_t iova,
			  uint64_t size, uint32_t flags)
{
	struct vfio_iommu_type1_dma_map m = { .argsz = sizeof(m), .flags = flags,
					      .vaddr = vaddr, .iova = iova, .size = size };

	return ot_ioctl(o, cfd, VFIO_IOMMU_MAP_DMA, &m);
}

static inline long ot_unmap(struct t2_oracle *o, int cfd, uint64_t iova, uint64_t size,
			    uint64_t *unmapped)
{
	struct vfio_iommu_type1_dma_unmap u = { .argsz = sizeof(u), .iova = iova,
						.size = size };
	long r = ot_ioctl(o, cfd, VFIO_IOMMU_UNMAP_DMA, &u);

	if (unmapped)
		*unmapped = u.size;
	return r;
}

static inline long ot_map_msi(struct t2_oracle *o, int cfd, uint32_t bank, uint64_t iova,
			      uint32_t flags)
{
	struct vfio_pamu_msi_bank_map m = { .argsz = sizeof(m), .flags = flags,
					    .msi_bank_index = bank, .iova = iova };

	return ot_ioctl(o, cfd, VFIO_IOMMU_PAMU_MAP_MSI_BANK, &m);
}

static inline long ot_unmap_msi(struct t2_oracle *o, int cfd, uint64_t iova)
{
	struct vfio_pamu_msi_bank_unmap u = { .argsz = sizeof(u), .iova = iova };

	return ot_ioctl(o, cfd, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &u);
}

static inline struct t2sim_counters ot_counters(struct t2_oracle *o, int cfd)
{
	struct t2sim_counters c;

	memset(&c, 0, sizeof(c));
	c.argsz = sizeof(c);
	if (ot_ioctl(o, cfd, T2SIM_COUNTERS, &c))
		tap_bail("COUNTERS on fd %d failed", cfd);
	return c;
}

static inline struct t2sim_translate ot_xlate(struct t2_oracle *o, int gfd, uint32_t k,
					      uint64_t iova, int write)
{
	struct t2sim_translate t;

	memset(&t, 0, sizeof(t));
	t.argsz = sizeof(t);
	t.flags = write ? T2SIM_XLATE_WRITE : 0;
	t.liodn_index = k;
	t.iova = iova;
	if (ot_ioctl(o, gfd, T2SIM_TRANSLATE, &t))
		tap_bail("TRANSLATE on fd %d failed", gfd);
	return t;
}

static inline long ot_fail_nth(struct t2_oracle *o, int fd, uint32_t flags, uint32_t nth,
			       uint32_t *remaining, uint32_t *fired)
{
	struct t2sim_fail_nth f = { .argsz = sizeof(f), .flags = flags, .nth = nth };
	long r = ot_ioctl(o, fd, T2SIM_FAIL_NTH, &f);

	*remaining = f.remaining;
	*fired = f.fired;
	return r;
}

/* tap_ok on the model's own bookkeeping. */
static inline void ot_self_check(struct t2_oracle *o, const char *when)
{
	char err[256] = "";
	int r = t2_oracle_self_check(o, err, sizeof(err));

	tap_ok(r == 0, "self-check %s%s%s", when, r ? ": " : "", r ? err : "");
}

#define OT_EXPECT(expr, want, rule)                                                  \
	do {                                                                          \
		long got_ = (long)(expr);                                             \
		tap_ok(got_ == (long)(want), "%s: %s = %ld (want %ld, rule %s)", rule, \
		       #expr, got_, (long)(want), t2_oracle_last_rule(o));            \
	} while (0)

/* Value and the rule the oracle names for it. */
#define OT_RULE(expr, want, rule)                                                     \
	do {                                                                          \
		long got_ = (long)(expr);                                             \
		const char *r_ = t2_oracle_last_rule(o);                              \
		tap_ok(got_ == (long)(want) && !strcmp(r_, rule),                     \
		       "%s: %s = %ld (want %ld; rule %s)", rule, #expr, got_,         \
		       (long)(want), r_);                                             \
	} while (0)

#endif /* T2_ORACLE_TEST_H */
