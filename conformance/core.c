/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * core.c - spec section 4: containers, groups and device fds (the VFIO core
 * around the backend), each row of each check table in its order.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "variant.h"
#include "t2test.h"

static void expect_no_backend(struct t2_tctx *t, int cfd)
{
	test_err_t2_get_windows(t, EINVAL, cfd, NULL);
}

static void test_containers_independent(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom a;
	int b, c, g1;
	uint64_t s, e;

	(void)arg;
	t2t_dom(t, &a, T2T_G(0), 0, T2T_KIB(64), 0);
	b = t2t_container(t);
	c = t2t_container(t);
	g1 = t2t_group(t, 1);
	t2t_join(t, g1, b);
	/* b has a group but no backend; c has neither (CORE-1). */
	expect_no_backend(t, b);
	expect_no_backend(t, c);
	test_err_t2_set_iommu(t, EINVAL, c, T2_TYPE2_VALUE);
	t2_set_iommu(t, b, T2_TYPE2_VALUE);
	t2_get_geometry(t, b, &s, &e);
	T2T_EXPECT_EQ(t, s, 0);
	T2T_EXPECT_EQ(t, e, (1ull << 36) - 1);
	t2_get_geometry(t, a.c, &s, &e);
	T2T_EXPECT_EQ(t, e, T2T_KIB(64) - 1);
	if (T2T(t)->has_intro) {
		struct t2sim_counters k;

		t2t_counters(t, c, &k);
		T2T_EXPECT_EQ(t, k.backend, 0);
		T2T_EXPECT_EQ(t, k.groups, 0);
		t2t_counters(t, b, &k);
		T2T_EXPECT_EQ(t, k.backend, 1);
		T2T_EXPECT_EQ(t, k.groups, 1);
	}
}

/* Walks one container through its states, calling check in each. */
static void walk_states(struct t2_tctx *t, void (*check)(struct t2_tctx *t, int cfd, int backend))
{
	uint64_t buf;
	int c, g;

	c = t2t_container(t);
	check(t, c, 0);
	g = t2t_group(t, 0);
	t2t_join(t, g, c);
	check(t, c, 0);
	t2_set_iommu(t, c, T2_TYPE2_VALUE);
	check(t, c, 1);
	t2_set_geometry(t, c, 0, T2T_KIB(64) - 1);
	t2_set_windows(t, c, 16);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, c, T2_RW, buf, 0, T2T_PAGE);
	check(t, c, 1);
	t2_group_unset_container(t, g);   /* release (REL-1) */
	check(t, c, 0);
}

static void check_api_version(struct t2_tctx *t, int cfd, int backend)
{
	(void)backend;
	T2T_EXPECT_EQ(t, t2_get_api_version(t, cfd), VFIO_API_VERSION);
}

static void test_api_version(struct t2_tctx *t, const void *arg)
{
	(void)arg;
	walk_states(t, check_api_version);
}

static void check_extension(struct t2_tctx *t, int cfd, int backend)
{
	static const unsigned long others[] = { 0, 1, 3, 7, 8, 1000, 0xffffffffu, ULONG_MAX };
	size_t i;

	T2T_EXPECT_EQ(t, t2_check_extension(t, cfd, T2_TYPE2_VALUE), 1);
	/* The 0 answers are checked only with a backend (CORE-3 note). */
	if (!backend)
		return;
	for (i = 0; i < T2T_ARRAY_SIZE(others); i++)
		if (others[i] != T2_TYPE2_VALUE)
			T2T_EXPECT_EQ(t, t2_check_extension(t, cfd, others[i]), 0);
}

static void test_check_extension(struct t2_tctx *t, const void *arg)
{
	(void)arg;
	walk_states(t, check_extension);
}

static void test_set_iommu_rows(struct t2_tctx *t, const void *arg)
{
	unsigned long bad = T2_TYPE2_VALUE == 2 ? 1 : 2;
	int c, g;

	(void)arg;
	c = t2t_container(t);
	/* row 1: no group, and it comes before row 3 */
	test_err_t2_set_iommu(t, EINVAL, c, T2_TYPE2_VALUE);
	test_err_t2_set_iommu(t, EINVAL, c, bad);
	g = t2t_group(t, 0);
	t2t_join(t, g, c);
	/* row 3: not the type2 value; nothing changes */
	test_err_t2_set_iommu(t, ENODEV, c, bad);
	test_err_t2_set_iommu(t, ENODEV, c, 0);
#if ULONG_MAX > 0xffffffffUL
	/* the type2 value in the low half only (on ILP32 the argument has none) */
	test_err_t2_set_iommu(t, ENODEV, c, (unsigned long)T2_TYPE2_VALUE + 0x100000000ull);
#endif
	expect_no_backend(t, c);
	t2_set_iommu(t, c, T2_TYPE2_VALUE);
	/* row 2: already a backend, also before row 3 */
	test_err_t2_set_iommu(t, EINVAL, c, T2_TYPE2_VALUE);
	test_err_t2_set_iommu(t, EINVAL, c, bad);
}

static void test_set_iommu_defaults(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0) | T2T_G(2), 0, 0, 0);
	t2t_expect_attr_defaults(t, d.c);
	/* The default geometry does not count as set (GEOM-1, WIN-3). */
	test_err_t2_set_windows(t, EINVAL, d.c, 1);
	if (T2T(t)->has_intro) {
		struct t2sim_counters k;

		t2t_counters(t, d.c, &k);
		T2T_EXPECT_EQ(t, k.backend, 1);
		T2T_EXPECT_EQ(t, k.enabled, 0);
		T2T_EXPECT_EQ(t, k.windows, 0);
		T2T_EXPECT_EQ(t, k.dma_windows, 0);
		T2T_EXPECT_EQ(t, k.msi_windows, 0);
		T2T_EXPECT_EQ(t, k.window_size, 0);
		T2T_EXPECT_EQ(t, k.spaaces, 0);
		T2T_EXPECT_EQ(t, k.groups, 2);
		T2T_EXPECT_EQ(t, k.liodns_linked, 3);
		T2T_EXPECT_EQ(t, k.liodns_valid, 0);
		T2T_XLATE(t, d.g[0], 0, 0, T2SIM_XLATE_LIODN_INVALID, 0);
	}
}

static void test_group_open_busy(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	int g, dev;

	(void)arg;
	g = t2t_group(t, 1);
	T2T_EXPECT_RC(t, t2t_try_group(t, 1), EBUSY);
	t2t_close(t, g);
	g = t2t_group(t, 1);
	t2t_close(t, g);

	/* In a container with a device fd open, closing the group fd keeps it
	 * there, and the node stays busy until the device fd closes (CORE-12). */
	t2t_dom(t, &d, T2T_G(0), 0, 0, 0);
	dev = t2t_device(t, d.g[0], 0);
	t2t_close(t, d.g[0]);
	T2T_EXPECT_RC(t, t2t_try_group(t, 0), EBUSY);
	t2t_close(t, dev);
	g = t2t_group(t, 0);
	T2T_EXPECT_EQ(t, t2_group_get_status(t, g, NULL), 0);
}

static void test_group_status(struct t2_tctx *t, const void *arg)
{
	struct vfio_group_status st;
	uint32_t flags = 0;
	int c, g;
	long rc;

	(void)arg;
	c = t2t_container(t);
	g = t2t_group(t, 0);
	t2_group_get_status(t, g, &flags);
	T2T_EXPECT_EQ(t, flags, VFIO_GROUP_FLAGS_VIABLE);
	t2t_join(t, g, c);
	t2_group_get_status(t, g, &flags);
	T2T_EXPECT_EQ(t, flags, VFIO_GROUP_FLAGS_VIABLE | VFIO_GROUP_FLAGS_CONTAINER_SET);
	/* the output overwrites what the caller left in flags */
	st.argsz = sizeof(st);
	st.flags = 0xffff0000;
	rc = __t2_ioctl(t->be, g, VFIO_GROUP_GET_STATUS, (unsigned long)&st);
	T2T_EXPECT_RC(t, rc, 0);
	T2T_EXPECT_EQ(t, st.flags, VFIO_GROUP_FLAGS_VIABLE | VFIO_GROUP_FLAGS_CONTAINER_SET);
	/* argsz < 8 */
	st.argsz = 7;
	st.flags = 0x1234;
	rc = __t2_ioctl(t->be, g, VFIO_GROUP_GET_STATUS, (unsigned long)&st);
	T2T_EXPECT_RC(t, rc, EINVAL);
	T2T_EXPECT_EQ(t, st.flags, 0x1234);
	rc = __t2_ioctl(t->be, g, VFIO_GROUP_GET_STATUS, 0);
	T2T_EXPECT_RC(t, rc, EFAULT);
	t2_group_unset_container(t, g);
	t2_group_get_status(t, g, &flags);
	T2T_EXPECT_EQ(t, flags, VFIO_GROUP_FLAGS_VIABLE);
}

static void test_set_container_rows(struct t2_tctx *t, const void *arg)
{
	int v61 = t2t_core(t) == T2_CORE_LINUX61;
	int c1, c2, g0, g1, closed, dev;
	long rc;

	(void)arg;
	c1 = t2t_container(t);
	c2 = t2t_container(t);
	g0 = t2t_group(t, 0);
	g1 = t2t_group(t, 1);
	/* row 1 */
	rc = __t2_ioctl(t->be, g1, VFIO_GROUP_SET_CONTAINER, 0);
	T2T_EXPECT_RC(t, rc, EFAULT);
	/* row 2; core variant linux61: the fd is looked up first, EBADF */
	test_err_t2_group_set_container(t, v61 ? EBADF : EINVAL, g1, -1);
	test_err_t2_group_set_container(t, v61 ? EBADF : EINVAL, g1, INT_MIN);
	/* row 3, before rows 2 and 4 (linux61: after row 4) */
	t2t_join(t, g0, c1);
	test_err_t2_group_set_container(t, EINVAL, g0, c2);
	test_err_t2_group_set_container(t, EINVAL, g0, c1);
	closed = t2t_container(t);
	t2t_close(t, closed);
	test_err_t2_group_set_container(t, v61 ? EBADF : EINVAL, g0, closed);
	/* row 4: not an open descriptor (CORE-13: a closed container fd too) */
	test_err_t2_group_set_container(t, EBADF, g1, closed);
	/* row 5: open, but not a container */
	test_err_t2_group_set_container(t, EINVAL, g1, g0);
	test_err_t2_group_set_container(t, EINVAL, g1, g1);
	t2_set_iommu(t, c1, T2_TYPE2_VALUE);
	dev = t2t_device(t, g0, 0);
	test_err_t2_group_set_container(t, EINVAL, g1, dev);
	/* nothing of that changed g1 */
	T2T_EXPECT_EQ(t, t2_group_get_status(t, g1, NULL), 0);
	{
		uint32_t f;

		t2_group_get_status(t, g1, &f);
		T2T_EXPECT_EQ(t, f, VFIO_GROUP_FLAGS_VIABLE);
	}
	/* success, onto a container with a backend: attached at once (DOM-4) */
	t2t_join(t, g1, c1);
	if (T2T(t)->has_intro) {
		struct t2sim_counters k;

		t2t_counters(t, c1, &k);
		T2T_EXPECT_EQ(t, k.groups, 2);
		T2T_EXPECT_EQ(t, k.liodns_linked, 2);
	}
}

static void test_unset_container_rows(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint32_t f;
	int g, dev;

	(void)arg;
	g = t2t_group(t, 3);
	test_err_t2_group_unset_container(t, EINVAL, g);
	t2t_dom(t, &d, T2T_G(0) | T2T_G(1), 0, 0, 0);
	dev = t2t_device(t, d.g[1], 1);
	test_err_t2_group_unset_container(t, EBUSY, d.g[1]);
	t2_group_get_status(t, d.g[1], &f);
	T2T_EXPECT_EQ(t, f, VFIO_GROUP_FLAGS_VIABLE | VFIO_GROUP_FLAGS_CONTAINER_SET);
	t2t_close(t, dev);
	t2_group_unset_container(t, d.g[1]);
	t2_group_get_status(t, d.g[1], &f);
	T2T_EXPECT_EQ(t, f, VFIO_GROUP_FLAGS_VIABLE);
	/* not the last group: the backend stays */
	T2T_EXPECT_EQ(t, t2_get_windows(t, d.c, NULL), 0);
	test_err_t2_group_unset_container(t, EINVAL, d.g[1]);
	/* the last group: release */
	t2_group_unset_container(t, d.g[0]);
	expect_no_backend(t, d.c);
}

static void test_get_device_fd(struct t2_tctx *t, const void *arg)
{
	char *nonul = malloc(4096), *longname = malloc(4096);
	int c, g, g1, a, b;
	long rc;

	(void)arg;
	T2T_ASSERT(t, nonul && longname);
	memset(nonul, 'a', 4096);
	memset(longname, 'a', 4095);
	longname[4095] = 0;
	g = t2t_group(t, 0);
	/* the name is read first: EFAULT even with no container */
	rc = __t2_group_get_device_fd(t->be, g, NULL);
	T2T_EXPECT_RC(t, rc, EFAULT);
	rc = __t2_group_get_device_fd(t->be, g, nonul);
	T2T_EXPECT_RC(t, rc, EINVAL);
	/* no container, then no backend: EINVAL, before the name match
	 * (core variant linux61: after it, so a bad name gives ENODEV) */
	test_err_t2_group_get_device_fd(t, EINVAL, g, t2t_devname(t, 0));
	test_err_t2_group_get_device_fd(t, t2t_core(t) == T2_CORE_LINUX61 ? ENODEV : EINVAL, g,
					"nosuchdev");
	c = t2t_container(t);
	t2t_join(t, g, c);
	test_err_t2_group_get_device_fd(t, EINVAL, g, t2t_devname(t, 0));
	t2_set_iommu(t, c, T2_TYPE2_VALUE);
	/* no NUL within 4096 bytes */
	rc = __t2_group_get_device_fd(t->be, g, nonul);
	T2T_EXPECT_RC(t, rc, EINVAL);
	/* a NUL at byte 4095 is within: the name is read, and matches nothing */
	test_err_t2_group_get_device_fd(t, ENODEV, g, longname);
	test_err_t2_group_get_device_fd(t, ENODEV, g, "");
	test_err_t2_group_get_device_fd(t, ENODEV, g, t2t_devname(t, 1));
	g1 = t2t_group(t, 1);
	t2t_join(t, g1, c);
	test_err_t2_group_get_device_fd(t, ENODEV, g1, t2t_devname(t, 0));
	/* several device fds at once */
	a = t2t_device(t, g, 0);
	b = t2t_device(t, g, 0);
	T2T_EXPECT(t, a >= 0 && b >= 0 && a != b);
	free(nonul);
	free(longname);
}

static void test_device_fd_ioctls(struct t2_tctx *t, const void *arg)
{
	unsigned char buf[1200];
	struct t2t_dom d;
	size_t i;
	int dev, want;
	long rc;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	dev = t2t_device(t, d.g[0], 0);
	for (i = 0; i < t2_nioctls + t2_nsimioctls; i++) {
		const struct t2_ioctl_info *io = i < t2_nioctls ? &t2_ioctls[i] :
						 &t2_simioctls[i - t2_nioctls];
		unsigned long a = 0;

		memset(buf, 0, sizeof(buf));
		if (io->arg == T2_ARG_STRUCT) {
			memcpy(buf, &io->minsz, 4);
			a = (unsigned long)buf;
		} else if (io->arg == T2_ARG_S32) {
			memcpy(buf, &d.c, 4);
			a = (unsigned long)buf;
		} else if (io->arg == T2_ARG_STRING) {
			strcpy((char *)buf, t2t_devname(t, 0));
			a = (unsigned long)buf;
		} else if (io->arg == T2_ARG_VALUE) {
			a = T2_TYPE2_VALUE;
		}
		/* core variant linux61: number 17 is the VFIO core's own */
		want = t2_core_device_ioctl_errno(t2t_core(t), io->cmd, (const void *)a);
		rc = __t2_ioctl(t->be, dev, io->cmd, a);
		if (rc != -want)
			T2T_FAIL(t, "%s on a device fd: %ld, want -%d (CORE-11, core %s)", io->name,
				 rc, want, t2_core_variant_name(t2t_core(t)));
	}
}

static void test_group_close_implies_unset(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf;
	uint32_t f;
	int g, dev;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, T2T_KIB(8), T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, 0, T2T_KIB(8));
	/* no device fd: closing the group fd is the unset, and releases */
	t2t_close(t, d.g[0]);
	expect_no_backend(t, d.c);
	g = t2t_group(t, 0);
	t2_group_get_status(t, g, &f);
	T2T_EXPECT_EQ(t, f, VFIO_GROUP_FLAGS_VIABLE);
	if (T2T(t)->has_intro) {
		struct t2sim_counters k;

		t2t_counters(t, d.c, &k);
		T2T_EXPECT_EQ(t, k.groups, 0);
		T2T_EXPECT_EQ(t, k.sim_pins, 0);
		T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base);
	}
	/* with a device fd open the group waits for the device fd (REL-1) */
	t2t_join(t, g, d.c);
	t2_set_iommu(t, d.c, T2_TYPE2_VALUE);
	dev = t2t_device(t, g, 0);
	t2t_close(t, g);
	T2T_EXPECT_EQ(t, t2_get_windows(t, d.c, NULL), 0);
	if (T2T(t)->has_intro) {
		struct t2sim_counters k;

		t2t_counters(t, d.c, &k);
		T2T_EXPECT_EQ(t, k.groups, 1);
		T2T_EXPECT_EQ(t, k.backend, 1);
	}
	t2t_close(t, dev);
	expect_no_backend(t, d.c);
	/* a group in no container just closes */
	g = t2t_group(t, 0);
	t2t_close(t, g);
}

static void test_container_close(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t buf;
	uint32_t f;
	int c, g1, cfd;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_KIB(64), 16);
	buf = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2_map_dma(t, d.c, T2_RW, buf, T2T_PAGE, T2T_PAGE);
	g1 = t2t_group(t, 1);           /* before the close: handles are reused */
	cfd = d.c;
	t2t_close(t, d.c);
	/* the container lives on with its group, mappings and all */
	t2_group_get_status(t, d.g[0], &f);
	T2T_EXPECT_EQ(t, f, VFIO_GROUP_FLAGS_VIABLE | VFIO_GROUP_FLAGS_CONTAINER_SET);
	if (T2T(t)->has_intro)
		T2T_XLATE(t, d.g[0], T2T_PAGE + 8, 0, T2SIM_XLATE_OK, t2t_phys(t, buf) + 8);
	/* its fd can no longer be named */
	test_err_t2_group_set_container(t, EBADF, g1, cfd);
	/* the last group leaves: released and destroyed */
	t2_group_unset_container(t, d.g[0]);
	if (T2T(t)->has_intro) {
		struct t2sim_counters k;

		c = t2t_container(t);
		t2t_counters(t, c, &k);
		T2T_EXPECT_EQ(t, k.sim_pins, 0);
		T2T_EXPECT_EQ(t, k.locked, T2T(t)->locked_base);
		T2T_XLATE(t, d.g[0], T2T_PAGE, 0, T2SIM_XLATE_LIODN_INVALID, 0);
	}
}

/* SET_IOMMU attaches in ascending group number (CORE-14), each attach
 * reaching its group-record site before the DOM-5 row 2 check; a failed
 * attach undoes the others (DOM-9).  Site counts show the order (FAIL-4). */
static void test_set_iommu_group_order(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters k;
	struct t2sim_fail_nth f;
	struct t2t_dom b;
	int a, g0, g3;
	uint32_t fl;

	(void)arg;
	t2t_dom(t, &b, T2T_G(4), 0, 0, 0);     /* LIODN 0x30 attached to b */
	a = t2t_container(t);
	g3 = t2t_group(t, 3);
	g0 = t2t_group(t, 0);
	t2t_join(t, g3, a);                     /* joined out of order on purpose */
	t2t_join(t, g0, a);
	t2t_fail_arm(t, a, 100);
	test_err_t2_set_iommu(t, EBUSY, a, T2_TYPE2_VALUE);
	f = t2t_fail_status(t, a);
	/* backend, group 0 record, LIODN 0x10, group 3 record: 4 sites */
	T2T_EXPECT_EQ(t, f.remaining, 96);
	T2T_EXPECT_EQ(t, f.fired, 0);
	t2t_fail_arm(t, a, 0);
	expect_no_backend(t, a);
	t2_group_get_status(t, g0, &fl);
	T2T_EXPECT_EQ(t, fl, VFIO_GROUP_FLAGS_VIABLE | VFIO_GROUP_FLAGS_CONTAINER_SET);
	t2t_counters(t, a, &k);
	T2T_EXPECT_EQ(t, k.backend, 0);
	T2T_EXPECT_EQ(t, k.liodns_linked, 0);
	T2T_EXPECT_EQ(t, k.groups, 2);
	t2t_counters(t, b.c, &k);
	T2T_EXPECT_EQ(t, k.liodns_linked, 1);
	/* once group 4 leaves b, the same SET_IOMMU succeeds */
	t2_group_unset_container(t, b.g[0]);
	t2_set_iommu(t, a, T2_TYPE2_VALUE);
	t2t_counters(t, a, &k);
	T2T_EXPECT_EQ(t, k.liodns_linked, 2);
}

static const struct t2t_case cases[] = {
	T2T_CASE("core.containers_independent", "CORE-1", test_containers_independent),
	T2T_CASE("core.api_version_every_state", "CORE-2", test_api_version),
	T2T_CASE("core.check_extension_every_state", "CORE-3 INV-21", test_check_extension),
	T2T_CASE("core.set_iommu_rows", "CORE-4", test_set_iommu_rows),
	T2T_CASE("core.set_iommu_defaults", "CORE-5 GEOM-1 WIN-1 WIN-3 STASH-4 DOM-2",
		 test_set_iommu_defaults),
	T2T_CASE("core.group_open_busy", "CORE-6 CORE-12", test_group_open_busy),
	T2T_CASE("core.group_status", "CORE-7 ERR-5", test_group_status),
	T2T_CASE("core.set_container_rows", "CORE-8 CORE-13 DOM-4", test_set_container_rows),
	T2T_CASE("core.unset_container_rows", "CORE-9 REL-1", test_unset_container_rows),
	T2T_CASE("core.get_device_fd", "CORE-10 ERR-2", test_get_device_fd),
	T2T_CASE("core.device_fd_ioctls_enotty", "CORE-11 ERR-6 INV-22", test_device_fd_ioctls),
	T2T_CASE("core.group_close_implies_unset", "CORE-12 REL-1 ACCT-5",
		 test_group_close_implies_unset),
	T2T_CASE("core.container_close", "CORE-13 REL-1 ISO-5", test_container_close),
	T2T_CASE_I("core.set_iommu_group_order", "CORE-14 CORE-4 DOM-5 DOM-9 FAIL-4 INTRO-8",
		   test_set_iommu_group_order),
};

T2T_SUITE(core, cases);
