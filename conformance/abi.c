/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * abi.c - spec sections 2 and 3: numbers and layouts, and the ABI edge sweep
 * run for every ioctl from the one table (ioctls.def, simioctls.def): argsz 0,
 * minsz-1, minsz, minsz+8 with a zero and a non-zero tail, 0xffffffff, NULL
 * and low pointers, each unknown flag bit alone, a poisoned tail beyond argsz
 * that must stay untouched; then unknown numbers, backend ioctls before
 * SET_IOMMU, and a seeded garbage sweep (ERR-8).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "t2test.h"

#define SWEEP_BUF (1072 + 8 + 64)
#define POISON 0x5a

/* ------------------------------------------------------------ numbers */
static void test_numbers(struct t2_tctx *t, const void *arg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < t2_nioctls; i++) {
		const struct t2_ioctl_info *io = &t2_ioctls[i];

		T2T_EXPECT_EQ(t, io->cmd, _IO(VFIO_TYPE, VFIO_BASE + io->n));
#if defined(__x86_64__)
		T2T_EXPECT_EQ(t, io->cmd, 0x3B00ul | (100 + io->n));
#endif
	}
	for (i = 0; i < t2_nsimioctls; i++) {
		const struct t2_ioctl_info *io = &t2_simioctls[i];

		T2T_EXPECT_EQ(t, io->cmd, _IO(T2SIM_TYPE, T2SIM_BASE + io->n));
#if defined(__x86_64__)
		T2T_EXPECT_EQ(t, io->cmd, 0x3740ul + io->n);
#endif
	}
	/* ABI-3 (and MSIC-2's GET_MSI_FD): exactly these ioctls, at these n. */
	T2T_EXPECT_EQ(t, t2_nioctls, 15);
	T2T_EXPECT_EQ(t, VFIO_GROUP_GET_MSI_FD, _IO(';', 120));
	T2T_EXPECT_EQ(t, VFIO_GET_API_VERSION, _IO(';', 100));
	T2T_EXPECT_EQ(t, VFIO_GROUP_GET_DEVICE_FD, _IO(';', 106));
	T2T_EXPECT_EQ(t, VFIO_IOMMU_MAP_DMA, _IO(';', 113));
	T2T_EXPECT_EQ(t, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, _IO(';', 119));
	T2T_EXPECT_EQ(t, t2_nsimioctls, 5);
}

static void test_layout(struct t2_tctx *t, const void *arg)
{
	(void)arg;
	/* ABI-5 */
	T2T_EXPECT_EQ(t, VFIO_API_VERSION, 0);
	T2T_EXPECT_EQ(t, VFIO_DMA_MAP_FLAG_READ, 1);
	T2T_EXPECT_EQ(t, VFIO_DMA_MAP_FLAG_WRITE, 2);
	T2T_EXPECT_EQ(t, VFIO_GROUP_FLAGS_VIABLE, 1);
	T2T_EXPECT_EQ(t, VFIO_GROUP_FLAGS_CONTAINER_SET, 2);
	T2T_EXPECT_EQ(t, VFIO_ATTR_GEOMETRY, 0);
	T2T_EXPECT_EQ(t, VFIO_ATTR_WINDOWS, 1);
	T2T_EXPECT_EQ(t, VFIO_ATTR_PAMU_STASH, 2);
	T2T_EXPECT_EQ(t, PAMU_ATTR_CACHE_L1, 1);
	T2T_EXPECT_EQ(t, PAMU_ATTR_CACHE_L2, 2);
	T2T_EXPECT_EQ(t, PAMU_ATTR_CACHE_L3, 3);
	/* ABI-6 / ABI-7 (pinned at compile time too; checked here for the record) */
	T2T_EXPECT_EQ(t, sizeof(struct vfio_group_status), 8);
	T2T_EXPECT_EQ(t, sizeof(struct vfio_iommu_type1_dma_map), 32);
	T2T_EXPECT_EQ(t, sizeof(struct vfio_iommu_type1_dma_unmap), 24);
	T2T_EXPECT_EQ(t, sizeof(struct vfio_pamu_msi_bank_map), 24);
	T2T_EXPECT_EQ(t, sizeof(struct vfio_pamu_msi_bank_unmap), 16);
	T2T_EXPECT_EQ(t, sizeof(struct vfio_pamu_attr), 32);
	T2T_EXPECT_EQ(t, offsetof(struct vfio_pamu_attr, attr_info.attr.aperture_end), 24);
	T2T_EXPECT_EQ(t, offsetof(struct vfio_pamu_attr, attr_info.stash.cache), 20);
	T2T_EXPECT_EQ(t, offsetof(struct vfio_pamu_msi_bank_map, iova), 16);
	/* ABI-9: the table's minsz is the full structure size. */
	T2T_EXPECT_EQ(t, t2_ioctl_find(VFIO_IOMMU_PAMU_GET_ATTR)->minsz, 32);
	T2T_EXPECT_EQ(t, t2_ioctl_find(VFIO_IOMMU_PAMU_MAP_MSI_BANK)->minsz, 24);
	/* INTRO-11 */
	T2T_EXPECT_EQ(t, sizeof(struct t2sim_translate), 48);
	T2T_EXPECT_EQ(t, sizeof(struct t2sim_counters), 112);
	T2T_EXPECT_EQ(t, sizeof(struct t2sim_fail_nth), 24);
	T2T_EXPECT_EQ(t, sizeof(struct t2sim_platform), 1072);
	T2T_EXPECT_EQ(t, sizeof(struct t2sim_resolve), 32);
}

static void test_header_self_contained(struct t2_tctx *t, const void *arg)
{
	(void)arg;
	/* ABI-1: abi.h never pulls in the system VFIO header. */
#if defined(_UAPI_LINUX_VFIO_H) || defined(_LINUX_VFIO_H) || defined(VFIO_DEVICE_GET_INFO)
	T2T_FAIL(t, "include/t2/abi.h pulled in <linux/vfio.h>");
#endif
	/* ABI-4 */
	T2T_EXPECT(t, T2_TYPE2_VALUE == 2 || T2_TYPE2_VALUE == 1000 || T2_TYPE2_VALUE == 7);
	T2T_EXPECT_EQ(t, VFIO_FSL_PAMU_IOMMU, T2_TYPE2_VALUE);
	T2T_EXPECT_EQ(t, T2_TYPE2_IOMMU, T2_TYPE2_VALUE);
	if (T2T(t)->has_intro)
		T2T_EXPECT_EQ(t, t2t_plat(t)->type2_value, T2_TYPE2_VALUE);
}

/* ------------------------------------------------------------ the sweep */
struct sweep_fx {
	int fd;
	int group;                      /* group number behind fd, -1 if none */
	unsigned long value;            /* NONE/VALUE kinds */
	unsigned char tmpl[SWEEP_BUF];  /* STRUCT: a call that succeeds */
	int cfd;                        /* S32: the container fd */
};

static void fx_dom(struct t2_tctx *t, struct t2t_dom *d, uint32_t n)
{
	t2t_dom(t, d, T2T_G(0), 0, T2T_KIB(64), n);
}

/* Builds, on a fresh backend, a state in which io's template call succeeds. */
static void sweep_setup(struct t2_tctx *t, const struct t2_ioctl_info *io, struct sweep_fx *fx)
{
	struct t2t_dom d;
	uint64_t buf;

	memset(fx, 0, sizeof(*fx));
	fx->group = -1;
	switch (io->cmd) {
	case VFIO_GET_API_VERSION:
	case VFIO_CHECK_EXTENSION:
		fx->fd = t2t_container(t);
		fx->value = io->cmd == VFIO_CHECK_EXTENSION ? T2_TYPE2_VALUE : 0;
		break;
	case VFIO_SET_IOMMU:
		t2t_dom_nobackend(t, &d, T2T_G(0));
		fx->fd = d.c;
		fx->value = T2_TYPE2_VALUE;
		break;
	case VFIO_GROUP_GET_STATUS: {
		struct vfio_group_status *st = (void *)fx->tmpl;

		fx->fd = t2t_group(t, 0);
		st->argsz = sizeof(*st);
		break;
	}
	case VFIO_GROUP_SET_CONTAINER:
		fx->fd = t2t_group(t, 0);
		fx->cfd = t2t_container(t);
		break;
	case VFIO_GROUP_UNSET_CONTAINER:
		t2t_dom_nobackend(t, &d, T2T_G(0));
		fx->fd = d.g[0];
		break;
	case VFIO_GROUP_GET_DEVICE_FD:
		t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
		fx->fd = d.g[0];
		fx->group = 0;
		snprintf((char *)fx->tmpl, sizeof(fx->tmpl), "%s", t2t_devname(t, 0));
		break;
	case VFIO_GROUP_GET_MSI_FD: {
		struct vfio_group_msi_fd *m = (void *)fx->tmpl;

		if (!t2t_plat(t)->msi_banks)
			t2t_skip(t, "the platform has no MSI bank");
		t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
		fx->fd = d.g[0];
		m->argsz = sizeof(*m);
		break;
	}
	case VFIO_IOMMU_MAP_DMA:
	case VFIO_IOMMU_UNMAP_DMA: {
		struct vfio_iommu_type1_dma_map *m = (void *)fx->tmpl;
		struct vfio_iommu_type1_dma_unmap *u = (void *)fx->tmpl;

		fx_dom(t, &d, 16);
		fx->fd = d.c;
		buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
		if (io->cmd == VFIO_IOMMU_MAP_DMA) {
			*m = (struct vfio_iommu_type1_dma_map){ .argsz = sizeof(*m), .flags = T2_RW,
				.vaddr = buf, .iova = 0, .size = T2T_PAGE };
		} else {
			t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_PAGE);
			*u = (struct vfio_iommu_type1_dma_unmap){ .argsz = sizeof(*u), .iova = 0,
				.size = T2T_PAGE };
		}
		break;
	}
	case VFIO_IOMMU_PAMU_GET_ATTR:
	case VFIO_IOMMU_PAMU_SET_ATTR: {
		struct vfio_pamu_attr *a = (void *)fx->tmpl;

		t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
		fx->fd = d.c;
		a->argsz = sizeof(*a);
		if (io->cmd == VFIO_IOMMU_PAMU_GET_ATTR) {
			a->attribute = VFIO_ATTR_WINDOWS;
		} else {
			a->attribute = VFIO_ATTR_GEOMETRY;
			a->attr_info.attr.aperture_end = T2T_KIB(64) - 1;
		}
		break;
	}
	case VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT:
		t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
		fx->fd = d.c;
		break;
	case VFIO_IOMMU_PAMU_MAP_MSI_BANK:
	case VFIO_IOMMU_PAMU_UNMAP_MSI_BANK: {
		struct vfio_pamu_msi_bank_map *m = (void *)fx->tmpl;
		struct vfio_pamu_msi_bank_unmap *u = (void *)fx->tmpl;

		if (!t2t_plat(t)->msi_banks)
			t2t_skip(t, "the platform has no MSI bank");
		fx_dom(t, &d, 16);
		fx->fd = d.c;
		if (io->cmd == VFIO_IOMMU_PAMU_MAP_MSI_BANK) {
			*m = (struct vfio_pamu_msi_bank_map){ .argsz = sizeof(*m), .flags = T2_RW,
				.msi_bank_index = 0, .iova = t2t_win(&d, 1) };
		} else {
			t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 1));
			*u = (struct vfio_pamu_msi_bank_unmap){ .argsz = sizeof(*u),
				.iova = t2t_win(&d, 1) };
		}
		break;
	}
	case T2SIM_TRANSLATE: {
		struct t2sim_translate *x = (void *)fx->tmpl;

		fx_dom(t, &d, 16);
		buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
		t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_PAGE);
		fx->fd = d.g[0];
		x->argsz = sizeof(*x);
		x->flags = T2SIM_XLATE_WRITE;
		x->iova = 0x123;
		break;
	}
	case T2SIM_COUNTERS:
	case T2SIM_FAIL_NTH:
	case T2SIM_PLATFORM:
	case T2SIM_RESOLVE: {
		struct t2sim_resolve *r = (void *)fx->tmpl;

		fx_dom(t, &d, 16);
		fx->fd = d.c;
		r->argsz = io->minsz;   /* argsz leads every introspection struct */
		if (io->cmd == T2SIM_RESOLVE)
			r->vaddr = t2t_buf(t, T2T_PAGE, T2T_PAGE) + 0x10;
		break;
	}
	default:
		T2T_ASSERT(t, !"an ioctl of the table has a sweep fixture");
	}
}

static void sweep_fresh(struct t2_tctx *t, const struct t2_ioctl_info *io, struct sweep_fx *fx)
{
	t2t_reopen(t, NULL);
	sweep_setup(t, io, fx);
}

static long sweep_call(struct t2_tctx *t, const struct t2_ioctl_info *io,
		       const struct sweep_fx *fx, unsigned long arg)
{
	long rc = __t2_ioctl(t->be, fx->fd, io->cmd, arg);

	if (rc >= 0 && (io->cmd == VFIO_GROUP_GET_DEVICE_FD || io->cmd == VFIO_GROUP_GET_MSI_FD))
		t2t_adopt(t, (int)rc, T2T_FD_DEVICE,
			  io->cmd == VFIO_GROUP_GET_DEVICE_FD ? fx->group : -1);
	return rc;
}

/* A failing variant: exactly errno want, argument bytes and state untouched. */
static void sweep_expect_fail(struct t2_tctx *t, const struct t2_ioctl_info *io,
			      const struct sweep_fx *fx, unsigned char *buf, size_t len,
			      unsigned long arg, int want, const char *what)
{
	unsigned char before[SWEEP_BUF];
	struct t2t_snap *s = t2t_snap_new(t);
	long rc;

	if (len)
		memcpy(before, buf, len);
	rc = sweep_call(t, io, fx, arg);
	if (rc != -want)
		T2T_FAIL(t, "%s, %s: got %s%s, want -%s", io->name, what, rc < 0 ? "-" : "",
			 rc < 0 ? t2_errno_name((int)-rc) : "success", t2_errno_name(want));
	if (len && memcmp(before, buf, len))
		T2T_FAIL(t, "%s, %s: argument memory changed on failure (ERR-5)", io->name, what);
	T2T_EXPECT_UNCHANGED(t, s, what);
	t2t_snap_free(s);
}

static void sweep_struct(struct t2_tctx *t, const struct t2_ioctl_info *io)
{
	const uint32_t m = io->minsz;
	const size_t len = m + 8 + 64;
	struct {
		const char *what;
		uint32_t argsz;
		int tail;
		int want;
	} v[] = {
		{ "argsz 0", 0, POISON, EINVAL },
		{ "argsz minsz-1", m - 1, POISON, EINVAL },
		{ "argsz minsz+8, zero tail", m + 8, 0, 0 },
		{ "argsz minsz+8, non-zero tail", m + 8, 0xff, 0 },
		{ "argsz 0xffffffff", 0xffffffffu, POISON, 0 },
	};
	unsigned char ref[SWEEP_BUF], buf[SWEEP_BUF];
	struct sweep_fx fx;
	long ref_rc, rc;
	size_t i;
	uint32_t bit;

	/* The reference: argsz = minsz, poison after it. */
	sweep_fresh(t, io, &fx);
	memset(buf, POISON, len);
	memcpy(buf, fx.tmpl, m);
	memcpy(buf, &m, 4);
	ref_rc = sweep_call(t, io, &fx, (unsigned long)buf);
	if (ref_rc < 0) {
		T2T_FAIL(t, "%s with argsz = minsz: -%s, want success", io->name,
			 t2_errno_name((int)-ref_rc));
		return;
	}
	for (i = m; i < len; i++)
		if (buf[i] != POISON) {
			T2T_FAIL(t, "%s wrote byte %zu, beyond minsz %u (ABI-9, ERR-3)", io->name, i, m);
			break;
		}
	memcpy(ref, buf, len);

	for (i = 0; i < T2T_ARRAY_SIZE(v); i++) {
		sweep_fresh(t, io, &fx);
		memset(buf, POISON, len);
		memcpy(buf, fx.tmpl, m);
		memcpy(buf, &v[i].argsz, 4);
		memset(buf + m, v[i].tail, 8);
		if (v[i].want) {
			sweep_expect_fail(t, io, &fx, buf, len, (unsigned long)buf, v[i].want, v[i].what);
			continue;
		}
		rc = sweep_call(t, io, &fx, (unsigned long)buf);
		if (rc != ref_rc)
			T2T_FAIL(t, "%s, %s: returned %ld, with argsz = minsz %ld (INV-23)", io->name,
				 v[i].what, rc, ref_rc);
		/* each fixture maps a fresh buffer: on real memory its frame, and so
		 * the translation's phys, need not be the reference's */
		if (io->cmd == T2SIM_TRANSLATE)
			memcpy(buf + offsetof(struct t2sim_translate, phys),
			       ref + offsetof(struct t2sim_translate, phys), sizeof(uint64_t));
		if (memcmp(buf + 4, ref + 4, m - 4))
			T2T_FAIL(t, "%s, %s: output differs from argsz = minsz (INV-23)", io->name,
				 v[i].what);
		for (bit = 0; bit < 8 + 64; bit++)
			if (buf[m + bit] != (bit < 8 ? (unsigned char)v[i].tail : POISON))
				break;
		if (bit < 8 + 64)
			T2T_FAIL(t, "%s, %s: byte %u beyond minsz was written (ERR-3)", io->name,
				 v[i].what, m + bit);
	}

	/* ERR-2: null and low pointers are unreadable: EFAULT at level 1. */
	sweep_fresh(t, io, &fx);
	sweep_expect_fail(t, io, &fx, NULL, 0, 0, EFAULT, "NULL arg");
	sweep_expect_fail(t, io, &fx, NULL, 0, 16, EFAULT, "arg 0x10");

	/* ERR-1 level 3: each unknown flag bit alone. */
	if (io->flagmask == ~0u)
		return;
	for (bit = 0; bit < 32; bit++) {
		uint32_t flags;
		char what[48];

		if (io->flagmask & (1u << bit))
			continue;
		sweep_fresh(t, io, &fx);
		memset(buf, POISON, len);
		memcpy(buf, fx.tmpl, m);
		memcpy(buf, &m, 4);
		memcpy(&flags, buf + 4, 4);
		flags |= 1u << bit;
		memcpy(buf + 4, &flags, 4);
		snprintf(what, sizeof(what), "flag bit %u", bit);
		sweep_expect_fail(t, io, &fx, buf, len, (unsigned long)buf, EINVAL, what);
	}
}

static void sweep_pointer(struct t2_tctx *t, const struct t2_ioctl_info *io)
{
	unsigned char buf[SWEEP_BUF];
	struct sweep_fx fx;
	size_t i, used;
	long rc;

	sweep_fresh(t, io, &fx);
	sweep_expect_fail(t, io, &fx, NULL, 0, 0, EFAULT, "NULL arg");
	sweep_expect_fail(t, io, &fx, NULL, 0, 16, EFAULT, "arg 0x10");
	/* The good call, with poison after what it may read. */
	sweep_fresh(t, io, &fx);
	memset(buf, POISON, sizeof(buf));
	if (io->arg == T2_ARG_S32) {
		__s32 cfd = fx.cfd;

		used = sizeof(cfd);
		memcpy(buf, &cfd, used);
	} else {
		used = strlen((char *)fx.tmpl) + 1;
		memcpy(buf, fx.tmpl, used);
	}
	rc = sweep_call(t, io, &fx, (unsigned long)buf);
	T2T_EXPECT_RC(t, rc, 0);
	for (i = used; i < sizeof(buf); i++)
		if (buf[i] != POISON) {
			T2T_FAIL(t, "%s wrote argument byte %zu", io->name, i);
			break;
		}
}

static void sweep_value(struct t2_tctx *t, const struct t2_ioctl_info *io)
{
	static const unsigned long junk[] = { 16, 0xfff, 0xdeadbeef };
	struct sweep_fx fx;
	long ref, rc;
	size_t i;

	sweep_fresh(t, io, &fx);
	ref = sweep_call(t, io, &fx, fx.value);
	T2T_EXPECT_RC(t, ref, 0);
	if (io->arg != T2_ARG_NONE)
		return;
	/* ERR-4: an ignored arg is never dereferenced, whatever it holds. */
	for (i = 0; i < T2T_ARRAY_SIZE(junk); i++) {
		sweep_fresh(t, io, &fx);
		rc = sweep_call(t, io, &fx, junk[i]);
		if (rc != ref)
			T2T_FAIL(t, "%s with arg %#lx returned %ld, with arg 0 %ld (ERR-4)", io->name,
				 junk[i], rc, ref);
	}
}

static void test_sweep(struct t2_tctx *t, const void *arg)
{
	const struct t2_ioctl_info *io = t2_ioctl_find((unsigned long)(uintptr_t)arg);

	T2T_ASSERT(t, io != NULL);
	switch (io->arg) {
	case T2_ARG_STRUCT:
		sweep_struct(t, io);
		break;
	case T2_ARG_S32:
	case T2_ARG_STRING:
		sweep_pointer(t, io);
		break;
	default:
		sweep_value(t, io);
		break;
	}
}

/* ------------------------------------------------------------ other ABI rules */
static void test_pad_ignored(struct t2_tctx *t, const void *arg)
{
	struct vfio_pamu_msi_bank_map m;
	struct vfio_pamu_attr a;
	struct t2t_dom d;
	long rc;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	/* ABI-8: padding is ignored on input ... */
	m = (struct vfio_pamu_msi_bank_map){ .argsz = sizeof(m), .flags = T2_RW,
		.msi_bank_index = 0, .pad0 = 0xffffffff, .iova = t2t_win(&d, 2) };
	rc = __t2_ioctl(t->be, d.c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, (unsigned long)&m);
	T2T_EXPECT_RC(t, rc, 0);
	T2T_EXPECT_EQ(t, m.pad0, 0xffffffff);
	memset(&a, 0, sizeof(a));
	a = (struct vfio_pamu_attr){ .argsz = sizeof(a), .attribute = VFIO_ATTR_PAMU_STASH,
		.pad0 = 0xa5a5a5a5 };
	a.attr_info.stash.cpu = 1;
	a.attr_info.stash.cache = PAMU_ATTR_CACHE_L1;
	rc = __t2_ioctl(t->be, d.c, VFIO_IOMMU_PAMU_SET_ATTR, (unsigned long)&a);
	T2T_EXPECT_RC(t, rc, 0);
	/* ... and never written. */
	memset(&a, 0xee, sizeof(a));
	a.argsz = sizeof(a);
	a.flags = 0;
	a.attribute = VFIO_ATTR_WINDOWS;
	rc = __t2_ioctl(t->be, d.c, VFIO_IOMMU_PAMU_GET_ATTR, (unsigned long)&a);
	T2T_EXPECT_RC(t, rc, 0);
	T2T_EXPECT_EQ(t, a.pad0, 0xeeeeeeee);
	T2T_EXPECT_EQ(t, a.attr_info.windows, 16);
}

/* Numbers that are no type2 ioctl (ERR-6).  'T' is avoided: the VFS owns some. */
static const unsigned long unknown_cmds[] = {
	_IO(';', 100 + 7), _IO(';', 100 + 8), _IO(';', 100 + 12), _IO(';', 100 + 21),
	_IO(';', 100 + 63), _IO(';', 99), _IO(';', 0), _IOR(';', 100, int),
	_IOW(';', 113, struct vfio_iommu_type1_dma_map), _IO('7', T2SIM_BASE + 5),
	_IO('7', T2SIM_BASE - 1), _IO('z', 1),
};

static void expect_unknown(struct t2_tctx *t, int fd, int want, const char *what)
{
	size_t i;
	long rc;

	for (i = 0; i < T2T_ARRAY_SIZE(unknown_cmds); i++) {
		rc = __t2_ioctl(t->be, fd, unknown_cmds[i], 0);
		if (rc != -want)
			T2T_FAIL(t, "unknown ioctl %#lx on %s: %s%s, want -%s", unknown_cmds[i], what,
				 rc < 0 ? "-" : "", rc < 0 ? t2_errno_name((int)-rc) : "success",
				 t2_errno_name(want));
	}
}

static void test_unknown_ioctls(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	int dev;

	(void)arg;
	t2t_dom_nobackend(t, &d, T2T_G(0));
	expect_unknown(t, d.c, EINVAL, "a container without backend");
	expect_unknown(t, d.g[0], ENOTTY, "a group");
	/* MSIC-1: GET_MSI_FD exists only under design C */
	if (t2t_plat(t)->msi_design != T2_MSI_DESIGN_C)
		T2T_EXPECT_RC(t, __t2_ioctl(t->be, d.g[0], VFIO_GROUP_GET_MSI_FD, 0), ENOTTY);
	t2_set_iommu(t, d.c, T2_TYPE2_VALUE);
	expect_unknown(t, d.c, ENOTTY, "a container with a backend");
	dev = t2t_device(t, d.g[0], 0);
	expect_unknown(t, dev, ENOTTY, "a device fd");
	if (T2T(t)->has_intro) {
		struct t2sim_counters c;
		struct t2sim_translate x = { .argsz = sizeof(x) };
		long rc;

		/* Introspection on the wrong kind of fd is an unknown ioctl (INTRO-1). */
		c.argsz = sizeof(c);
		rc = __t2_ioctl(t->be, d.g[0], T2SIM_COUNTERS, (unsigned long)&c);
		T2T_EXPECT_RC(t, rc, ENOTTY);
		rc = __t2_ioctl(t->be, d.c, T2SIM_TRANSLATE, (unsigned long)&x);
		T2T_EXPECT_RC(t, rc, ENOTTY);
		rc = __t2_ioctl(t->be, dev, T2SIM_COUNTERS, (unsigned long)&c);
		T2T_EXPECT_RC(t, rc, ENOTTY);
	}
}

static void test_before_set_iommu(struct t2_tctx *t, const void *arg)
{
	unsigned char buf[64];
	struct t2t_dom d;
	size_t i;
	int pass, c;

	(void)arg;
	t2t_dom_nobackend(t, &d, T2T_G(0));
	c = t2t_container(t);   /* a container with no group at all */
	for (pass = 0; pass < 2; pass++) {
		int fd = pass ? c : d.c;

		for (i = 0; i < t2_nioctls; i++) {
			const struct t2_ioctl_info *io = &t2_ioctls[i];
			long rc;

			if (io->fd != T2_FD_CONTAINER || io->n <= 2)
				continue;
			/* ERR-1 level 0 comes before the pointer check (level 1). */
			rc = __t2_ioctl(t->be, fd, io->cmd, 0);
			if (rc != -EINVAL)
				T2T_FAIL(t, "%s, NULL arg, no backend: %ld, want -EINVAL", io->name, rc);
			memset(buf, POISON, sizeof(buf));
			memcpy(buf, &io->minsz, 4);
			memset(buf + 4, 0, 28);
			rc = __t2_ioctl(t->be, fd, io->cmd, (unsigned long)buf);
			if (rc != -EINVAL)
				T2T_FAIL(t, "%s, no backend: %ld, want -EINVAL", io->name, rc);
			if (buf[40] != POISON || buf[4] != 0 || buf[20] != 0)
				T2T_FAIL(t, "%s, no backend: arg touched", io->name);
		}
	}
}

static void test_return_values(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf, done = 0;

	(void)arg;
	/* ERR-7: only the value ioctls return a value; every other success 0. */
	t2t_dom_nobackend(t, &d, T2T_G(0));
	T2T_EXPECT_EQ(t, t2_get_api_version(t, d.c), VFIO_API_VERSION);
	T2T_EXPECT_EQ(t, t2_check_extension(t, d.c, T2_TYPE2_VALUE), 1);
	T2T_EXPECT_EQ(t, t2_set_iommu(t, d.c, T2_TYPE2_VALUE), 0);
	T2T_EXPECT_EQ(t, t2_group_get_status(t, d.g[0], NULL), 0);
	T2T_EXPECT_EQ(t, t2_set_geometry(t, d.c, 0, T2T_KIB(64) - 1), 0);
	T2T_EXPECT_EQ(t, t2_set_windows(t, d.c, 16), 0);
	T2T_EXPECT_EQ(t, t2_set_stash(t, d.c, 0, PAMU_ATTR_CACHE_L3), 0);
	T2T_EXPECT_EQ(t, t2_get_windows(t, d.c, NULL), 0);
	T2T_EXPECT_EQ(t, t2_get_msi_bank_count(t, d.c), t2t_plat(t)->msi_banks);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	T2T_EXPECT_EQ(t, t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_PAGE), 0);
	T2T_EXPECT_EQ(t, t2_unmap_dma(t, d.c, 0, T2T_PAGE, &done), 0);
	if (t2t_plat(t)->msi_banks) {
		T2T_EXPECT_EQ(t, t2_map_msi_bank(t, d.c, T2_RW, 0, t2t_win(&d, 3)), 0);
		T2T_EXPECT_EQ(t, t2_unmap_msi_bank(t, d.c, t2t_win(&d, 3)), 0);
	}
	T2T_EXPECT(t, t2t_device(t, d.g[0], 0) >= 0);
}

/* ERR-8: seeded garbage to every ioctl never crashes; errnos stay in the set. */
static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int errno_allowed(long rc)
{
	static const int ok[] = { EINVAL, EFAULT, EBUSY, ENODEV, ENOSPC, ENOMEM, ENOTTY, EBADF };
	size_t i;

	if (rc >= 0)
		return 1;
	for (i = 0; i < T2T_ARRAY_SIZE(ok); i++)
		if (rc == -ok[i])
			return 1;
	return 0;
}

static void test_garbage(struct t2_tctx *t, const void *arg)
{
	static unsigned char arena[4096 + 128];
	const uint64_t seed = 0x7432c0ffee15ull;
	uint64_t s = seed, buf;
	struct t2t_dom d;
	int fds[4], dev, i;

	(void)arg;
	t2t_info(t, "garbage sweep seed %#llx", (unsigned long long)seed);
	t2t_dom(t, &d, T2T_G(0) | T2T_G(1), 0, T2T_KIB(256), 16);
	buf = t2t_buf(t, T2T_KIB(64), T2T_PAGE);
	dev = t2t_device(t, d.g[0], 0);
	fds[0] = d.c;
	fds[1] = d.g[0];
	fds[2] = d.g[1];
	fds[3] = dev;
	for (i = 0; i < 3000; i++) {
		const struct t2_ioctl_info *io = &t2_ioctls[xorshift(&s) % t2_nioctls];
		int fd = fds[xorshift(&s) % 4];
		unsigned long a;
		size_t k;
		long rc;

		/* Never close or detach: the handles must stay valid (CONC-4). */
		if (io->cmd == VFIO_GROUP_UNSET_CONTAINER || io->cmd == VFIO_GROUP_SET_CONTAINER ||
		    io->cmd == VFIO_GROUP_GET_DEVICE_FD)
			continue;
		memset(arena, 0, sizeof(arena));
		for (k = 0; k < 64; k += 8) {
			uint64_t r = xorshift(&s);

			switch (r % 5) {
			case 0: r = buf + (r >> 8) % T2T_KIB(80); break;
			case 1: r = (r >> 8) % T2T_KIB(320); break;
			case 2: r &= ~0xfffull; break;
			case 3: r = (r >> 8) & 0x3f; break;
			default: break;
			}
			memcpy(arena + k, &r, 8);
		}
		if (xorshift(&s) % 4) {
			uint32_t argsz = io->minsz + (uint32_t)(xorshift(&s) % 3) * 4;

			memcpy(arena, &argsz, 4);
		}
		a = io->arg == T2_ARG_VALUE ? (unsigned long)(xorshift(&s) % 4096) :
		    (xorshift(&s) % 16 ? (unsigned long)arena : 0);
		rc = __t2_ioctl(t->be, fd, io->cmd, a);
		if (rc >= 0 && io->cmd == VFIO_GROUP_GET_MSI_FD)
			t->be->ops->close(t->be, (int)rc); /* an MSI fd (MSIC-3) */
		if (!errno_allowed(rc))
			T2T_FAIL(t, "call %d: %s on fd %d returned %ld", i, io->name, fd, rc);
	}
	/* Whatever the garbage did, the state still satisfies INTRO-7. */
	if (T2T(t)->has_intro) {
		struct t2sim_counters c;

		t2t_counters(t, d.c, &c);
		T2T_EXPECT_EQ(t, c.crash_points, 0);
		T2T_EXPECT_EQ(t, c.msi_records, c.msi_windows);
		T2T_EXPECT_EQ(t, c.pins, c.dma_windows * c.window_size / T2T_PAGE);
		T2T_EXPECT_EQ(t, c.dma_claimed, c.dma_windows * c.window_size);
	}
}

#define SWEEP_RULES "ERR-1 ERR-2 ERR-3 ERR-4 ERR-5 ABI-9 INV-23 INV-24"
/* design D's explicit bank ioctls (9a: MSI_BANK_IOCTL) exist only there, and
 * design C's GET_MSI_FD (MSIC-1) only in C */
#define MSI_BANK_IOCTL(num) ((num) == 18 || (num) == 19)
#define IOCTL_DESIGN(num) (MSI_BANK_IOCTL(num) ? "D" : (num) == 20 ? "C" : NULL)
#define T2_IOCTL(nm, num, fdk, argk, msz, fmask) \
	T2T_CASE_A("abi.sweep." #nm, SWEEP_RULES, test_sweep, (const void *)(uintptr_t)nm, 0, \
		   T2T_DESIGN(IOCTL_DESIGN(num))),
#define T2SIM_IOCTL(nm, num, fdk, msz, fmask) \
	T2T_CASE_A("abi.sweep." #nm, SWEEP_RULES " INTRO-2", test_sweep, \
		   (const void *)(uintptr_t)nm, T2T_NEED_INTRO),
static const struct t2t_case cases[] = {
	T2T_CASE("abi.numbers", "ABI-2 ABI-3 ABI-10 INTRO-1", test_numbers),
	T2T_CASE("abi.layout", "ABI-5 ABI-6 ABI-7 ABI-9 INTRO-11", test_layout),
	T2T_CASE("abi.header", "ABI-1 ABI-4", test_header_self_contained),
#include "t2/ioctls.def"
#include "t2/simioctls.def"
	T2T_CASE("abi.padding_ignored", "ABI-8 ERR-5", test_pad_ignored, T2T_DESIGN("D")),
	T2T_CASE("abi.unknown_ioctls", "ERR-6 INV-22 CORE-11 INTRO-1", test_unknown_ioctls),
	T2T_CASE("abi.backend_ioctls_before_set_iommu", "ERR-1 ERR-6", test_before_set_iommu),
	T2T_CASE("abi.return_values", "ERR-7", test_return_values, T2T_DESIGN("D")),
	T2T_CASE("abi.garbage_never_crashes", "ERR-8 INV-28 PERS-4 INTRO-7", test_garbage),
};
#undef T2_IOCTL
#undef T2SIM_IOCTL

T2T_SUITE(abi, cases);
