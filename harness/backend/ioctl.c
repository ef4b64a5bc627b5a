/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * ioctl.c - the ioctl tables (from the .def files) and the raw and checked
 * helpers of ioctl.h.  Every call goes through be->ops.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "backend/ioctl.h"
#include "tap/tap.h"

/* ------------------------------------------------------------ tables */
#define T2_IOCTL(nm, num, fdk, argk, msz, fmask) \
	{ .name = #nm, .cmd = nm, .n = (num), .fd = T2_FD_##fdk, .arg = T2_ARG_##argk, \
	  .minsz = (msz), .flagmask = (fmask), .intro = 0 },
const struct t2_ioctl_info t2_ioctls[] = {
#include "t2/ioctls.def"
};
#undef T2_IOCTL
const size_t t2_nioctls = sizeof(t2_ioctls) / sizeof(t2_ioctls[0]);

#define T2SIM_IOCTL(nm, num, fdk, msz, fmask) \
	{ .name = #nm, .cmd = nm, .n = (num), .fd = T2_FD_##fdk, .arg = T2_ARG_STRUCT, \
	  .minsz = (msz), .flagmask = (fmask), .intro = 1 },
const struct t2_ioctl_info t2_simioctls[] = {
#include "t2/simioctls.def"
};
#undef T2SIM_IOCTL
const size_t t2_nsimioctls = sizeof(t2_simioctls) / sizeof(t2_simioctls[0]);

const struct t2_ioctl_info *t2_ioctl_find(unsigned long cmd)
{
	size_t i;

	for (i = 0; i < t2_nioctls; i++)
		if (t2_ioctls[i].cmd == cmd)
			return &t2_ioctls[i];
	for (i = 0; i < t2_nsimioctls; i++)
		if (t2_simioctls[i].cmd == cmd)
			return &t2_simioctls[i];
	return NULL;
}

const char *t2_errno_name(int err)
{
	switch (err) {
#define T2_ERRNO(name) case name: return #name;
#include "backend/errnos.def"
#undef T2_ERRNO
	default:
		return "E?";
	}
}

/* ------------------------------------------------------------ raw forms */
long __t2_ioctl(struct t2_backend *be, int fd, unsigned long cmd, unsigned long arg)
{
	return be->ops->ioctl(be, fd, cmd, arg);
}

long __t2_get_api_version(struct t2_backend *be, int fd)
{
	return __t2_ioctl(be, fd, VFIO_GET_API_VERSION, 0);
}

long __t2_check_extension(struct t2_backend *be, int fd, unsigned long value)
{
	return __t2_ioctl(be, fd, VFIO_CHECK_EXTENSION, value);
}

long __t2_set_iommu(struct t2_backend *be, int fd, unsigned long value)
{
	return __t2_ioctl(be, fd, VFIO_SET_IOMMU, value);
}

long __t2_group_get_status(struct t2_backend *be, int gfd, uint32_t *flags)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	long rc = __t2_ioctl(be, gfd, VFIO_GROUP_GET_STATUS, (unsigned long)&st);

	if (rc >= 0 && flags)
		*flags = st.flags;
	return rc;
}

long __t2_group_set_container(struct t2_backend *be, int gfd, int cfd)
{
	__s32 fd = cfd;

	return __t2_ioctl(be, gfd, VFIO_GROUP_SET_CONTAINER, (unsigned long)&fd);
}

long __t2_group_unset_container(struct t2_backend *be, int gfd)
{
	return __t2_ioctl(be, gfd, VFIO_GROUP_UNSET_CONTAINER, 0);
}

long __t2_group_get_device_fd(struct t2_backend *be, int gfd, const char *name)
{
	return __t2_ioctl(be, gfd, VFIO_GROUP_GET_DEVICE_FD, (unsigned long)name);
}

long __t2_map_dma(struct t2_backend *be, int fd, uint32_t flags, uint64_t vaddr,
		  uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m), .flags = flags, .vaddr = vaddr, .iova = iova, .size = size,
	};

	return __t2_ioctl(be, fd, VFIO_IOMMU_MAP_DMA, (unsigned long)&m);
}

long __t2_unmap_dma(struct t2_backend *be, int fd, uint64_t iova, uint64_t size,
		    uint64_t *unmapped)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = sizeof(u), .iova = iova, .size = size,
	};
	long rc = __t2_ioctl(be, fd, VFIO_IOMMU_UNMAP_DMA, (unsigned long)&u);

	if (rc >= 0 && unmapped)
		*unmapped = u.size;
	return rc;
}

static long t2_attr(struct t2_backend *be, int fd, unsigned long cmd,
		    struct vfio_pamu_attr *a, uint32_t attribute)
{
	a->argsz = sizeof(*a);
	a->attribute = attribute;
	return __t2_ioctl(be, fd, cmd, (unsigned long)a);
}

long __t2_get_geometry(struct t2_backend *be, int fd, uint64_t *start, uint64_t *end)
{
	struct vfio_pamu_attr a = { 0 };
	long rc = t2_attr(be, fd, VFIO_IOMMU_PAMU_GET_ATTR, &a, VFIO_ATTR_GEOMETRY);

	if (rc >= 0) {
		if (start)
			*start = a.attr_info.attr.aperture_start;
		if (end)
			*end = a.attr_info.attr.aperture_end;
	}
	return rc;
}

long __t2_get_windows(struct t2_backend *be, int fd, uint32_t *n)
{
	struct vfio_pamu_attr a = { 0 };
	long rc = t2_attr(be, fd, VFIO_IOMMU_PAMU_GET_ATTR, &a, VFIO_ATTR_WINDOWS);

	if (rc >= 0 && n)
		*n = a.attr_info.windows;
	return rc;
}

long __t2_get_stash(struct t2_backend *be, int fd, uint32_t *cpu, uint32_t *cache)
{
	struct vfio_pamu_attr a = { 0 };
	long rc = t2_attr(be, fd, VFIO_IOMMU_PAMU_GET_ATTR, &a, VFIO_ATTR_PAMU_STASH);

	if (rc >= 0) {
		if (cpu)
			*cpu = a.attr_info.stash.cpu;
		if (cache)
			*cache = a.attr_info.stash.cache;
	}
	return rc;
}

long __t2_set_geometry(struct t2_backend *be, int fd, uint64_t start, uint64_t end)
{
	struct vfio_pamu_attr a = { 0 };

	a.attr_info.attr.aperture_start = start;
	a.attr_info.attr.aperture_end = end;
	return t2_attr(be, fd, VFIO_IOMMU_PAMU_SET_ATTR, &a, VFIO_ATTR_GEOMETRY);
}

long __t2_set_windows(struct t2_backend *be, int fd, uint32_t n)
{
	struct vfio_pamu_attr a = { 0 };

	a.attr_info.windows = n;
	return t2_attr(be, fd, VFIO_IOMMU_PAMU_SET_ATTR, &a, VFIO_ATTR_WINDOWS);
}

long __t2_set_stash(struct t2_backend *be, int fd, uint32_t cpu, uint32_t cache)
{
	struct vfio_pamu_attr a = { 0 };

	a.attr_info.stash.cpu = cpu;
	a.attr_info.stash.cache = cache;
	return t2_attr(be, fd, VFIO_IOMMU_PAMU_SET_ATTR, &a, VFIO_ATTR_PAMU_STASH);
}

long __t2_get_msi_bank_count(struct t2_backend *be, int fd)
{
	return __t2_ioctl(be, fd, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT, 0);
}

long __t2_map_msi_bank(struct t2_backend *be, int fd, uint32_t flags, uint32_t bank,
		       uint64_t iova)
{
	struct vfio_pamu_msi_bank_map m = {
		.argsz = sizeof(m), .flags = flags, .msi_bank_index = bank, .iova = iova,
	};

	return __t2_ioctl(be, fd, VFIO_IOMMU_PAMU_MAP_MSI_BANK, (unsigned long)&m);
}

long __t2_unmap_msi_bank(struct t2_backend *be, int fd, uint64_t iova)
{
	struct vfio_pamu_msi_bank_unmap u = { .argsz = sizeof(u), .iova = iova };

	return __t2_ioctl(be, fd, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, (unsigned long)&u);
}

/* ------------------------------------------------------------ introspection */
long __t2_counters(struct t2_backend *be, int cfd, struct t2sim_counters *c)
{
	memset(c, 0, sizeof(*c));
	c->argsz = sizeof(*c);
	return be->ops->counters(be, cfd, c);
}

long __t2_translate(struct t2_backend *be, int gfd, uint32_t liodn_index, uint64_t iova,
		    int write, struct t2sim_translate *out)
{
	memset(out, 0, sizeof(*out));
	out->argsz = sizeof(*out);
	out->flags = write ? T2SIM_XLATE_WRITE : 0;
	out->liodn_index = liodn_index;
	out->iova = iova;
	return be->ops->translate(be, gfd, out);
}

long __t2_fail_nth(struct t2_backend *be, int fd, uint32_t flags, uint32_t nth,
		   struct t2sim_fail_nth *out)
{
	struct t2sim_fail_nth f = { .argsz = sizeof(f), .flags = flags, .nth = nth };
	long rc = be->ops->fail_nth(be, fd, &f);

	if (rc >= 0 && out)
		*out = f;
	return rc;
}

long __t2_platform(struct t2_backend *be, int fd, struct t2sim_platform *p)
{
	memset(p, 0, sizeof(*p));
	p->argsz = sizeof(*p);
	return be->ops->platform(be, fd, p);
}

long __t2_resolve(struct t2_backend *be, int fd, uint64_t vaddr, uint64_t *phys,
		  uint32_t *page_size)
{
	struct t2sim_resolve r = { .argsz = sizeof(r), .vaddr = vaddr };
	long rc = be->ops->resolve(be, fd, &r);

	if (rc >= 0) {
		if (phys)
			*phys = r.phys;
		if (page_size)
			*page_size = r.page_size;
	}
	return rc;
}

/* ------------------------------------------------------------ checked forms */
void t2_tctx_fail(struct t2_tctx *tc, const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tap_diag("FAIL %s:%d: %s", file, line, msg);
	tc->failures++;
}

static void t2_chk_report(struct t2_tctx *tc, int want, long rc, const char *expr,
			  const char *args, const char *file, int line)
{
	char got[64], exp[64];

	if (rc < 0)
		snprintf(got, sizeof(got), "-%s", t2_errno_name((int)-rc));
	else
		snprintf(got, sizeof(got), "%ld", rc);
	if (want)
		snprintf(exp, sizeof(exp), "-%s", t2_errno_name(want));
	else
		snprintf(exp, sizeof(exp), "success");
	t2_tctx_fail(tc, file, line, "%s [%s] returned %s, expected %s", expr, args, got, exp);
	if (!want && tc->abort)
		tc->abort(tc);
}

static int t2_rc_matches(long rc, int want)
{
	return want ? rc == -want : rc >= 0;
}

#define T2_DEFINE_CHK(name, params, args, ...) \
long t2_chk_##name(struct t2_tctx *tc, int want, const char *expr, \
		   const char *file, int line, T2_UNPAREN params) \
{ \
	long rc = __t2_##name(tc->be, T2_UNPAREN args); \
	char buf[256]; \
	if (t2_rc_matches(rc, want)) \
		return rc; \
	snprintf(buf, sizeof(buf), __VA_ARGS__); \
	t2_chk_report(tc, want, rc, expr, buf, file, line); \
	return rc; \
}
T2_HELPERS(T2_DEFINE_CHK)
#undef T2_DEFINE_CHK
