/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * msi_c.c - spec section MSIC: MSI design C, the MSI fd.  GET_MSI_FD rows,
 * mmap rows, what a MAP_DMA of the mapping does (rows a to f, the doorbell
 * page and nothing more), UNMAP_DMA of MSI windows, revocation when the
 * group leaves, lifetimes against close, munmap and release, design D's
 * bank ioctls under C, fault sites.  Runs only on a target whose platform
 * selects design C (msi_design=C, spec 9a); elsewhere every case SKIPs.
 */
#include <errno.h>
#include <sys/mman.h>
#include "t2test.h"

#define START T2T_MIB(1)
#define WS T2T_PAGE             /* 16 windows of 4 KiB from START */
#define WIN(i) (START + (uint64_t)(i) * WS)
#define RD VFIO_DMA_MAP_FLAG_READ
#define WR VFIO_DMA_MAP_FLAG_WRITE

/* GET_MSI_FD on group fd gfd: the new fd (tracked), or -errno. */
static long get_fd(struct t2_tctx *t, int gfd, uint32_t *banks)
{
	struct vfio_group_msi_fd m = { .argsz = sizeof(m), .banks = 0xdeadbeef };
	long fd = __t2_ioctl(t->be, gfd, VFIO_GROUP_GET_MSI_FD, (unsigned long)&m);

	if (fd >= 0)
		t2t_adopt(t, (int)fd, T2T_FD_DEVICE, -1);
	if (banks)
		*banks = m.banks;
	return fd;
}

static int msi_fd(struct t2_tctx *t, int gfd)
{
	long fd = get_fd(t, gfd, NULL);

	T2T_ASSERT_RC(t, fd, 0);
	return (int)fd;
}

/* mmap of bank `bank` of MSI fd fd: 0 with *va (tracked, unmapped at
 * teardown), or -errno. */
static int try_map(struct t2_tctx *t, int fd, uint64_t len, int prot, int flags,
		   uint64_t off, uint64_t *va)
{
	struct t2t *x = T2T(t);
	int rc = t->be->ops->mmap(t->be, fd, len, prot, flags, off, va);

	if (!rc && x->nbufs < T2T_MAX_BUFS) {
		x->bufs[x->nbufs].vaddr = *va;
		x->bufs[x->nbufs].size = T2T_PAGE;
		x->nbufs++;
	}
	return rc;
}

static uint64_t bank_map(struct t2_tctx *t, int fd, uint32_t bank, int prot)
{
	uint64_t va = 0;

	T2T_ASSERT_RC(t, try_map(t, fd, T2T_PAGE, prot, MAP_SHARED, bank * T2T_PAGE, &va), 0);
	return va;
}

/* The doorbell of bank b at window w of d: rings, and the page after it
 * maps nothing (MSIC-8). */
static void expect_doorbell(struct t2_tctx *t, int gfd, uint64_t base, uint32_t bank)
{
	struct t2sim_translate x = t2t_xlate(t, gfd, 0, base + t2t_msiir_off(t, bank), 1);

	T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_OK);
	T2T_EXPECT_EQ(t, x.msi_bank, bank);
	T2T_EXPECT_EQ(t, x.msi_flags, T2SIM_MSI_HIT | T2SIM_MSI_MSIIR);
}

static void expect_gone(struct t2_tctx *t, int gfd, uint64_t base)
{
	struct t2sim_translate x = t2t_xlate(t, gfd, 0, base, 1);

	T2T_EXPECT_EQ(t, x.result, T2SIM_XLATE_WINDOW_FREE);
}

static void test_get_fd(struct t2_tctx *t, const void *arg)
{
	struct vfio_group_msi_fd m = { .argsz = sizeof(m) };
	struct t2t_dom d;
	uint32_t banks = 0;
	int g, fd, fd2;
	long rc;

	(void)arg;
	T2T_EXPECT_EQ(t, VFIO_GROUP_GET_MSI_FD, _IO(';', 120));
	g = t2t_group(t, 0);
	T2T_FAIL_UNCHANGED(t, g, VFIO_GROUP_GET_MSI_FD, &m, EINVAL, "row 4: in no container");
	t2t_dom(t, &d, T2T_G(1), START, 16 * WS, 16);
	rc = __t2_ioctl(t->be, d.g[0], VFIO_GROUP_GET_MSI_FD, 0);
	T2T_EXPECT_RC(t, rc, EFAULT);
	m.argsz = sizeof(m) - 1;
	T2T_FAIL_UNCHANGED(t, d.g[0], VFIO_GROUP_GET_MSI_FD, &m, EINVAL, "row 2: argsz 15");
	m.argsz = sizeof(m);
	m.flags = 1;
	T2T_FAIL_UNCHANGED(t, d.g[0], VFIO_GROUP_GET_MSI_FD, &m, EINVAL, "row 3: flags 1");
	fd = (int)get_fd(t, d.g[0], &banks);
	T2T_ASSERT_RC(t, fd, 0);
	T2T_EXPECT_EQ(t, banks, t2t_plat(t)->msi_banks);
	fd2 = msi_fd(t, d.g[0]);
	T2T_EXPECT(t, fd2 != fd);
	/* an MSI fd has no ioctl */
	T2T_EXPECT_RC(t, __t2_ioctl(t->be, fd, VFIO_GROUP_GET_MSI_FD, (unsigned long)&m), ENOTTY);
	T2T_EXPECT_RC(t, __t2_ioctl(t->be, fd, VFIO_IOMMU_MAP_DMA, 0), ENOTTY);
}

static void test_no_banks(struct t2_tctx *t, const void *arg)
{
	struct vfio_group_msi_fd m = { .argsz = sizeof(m) };
	struct t2t_dom d;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), START, 16 * WS, 16);
	T2T_FAIL_UNCHANGED(t, d.g[0], VFIO_GROUP_GET_MSI_FD, &m, ENODEV, "row 5: no bank");
}

static void test_mmap(struct t2_tctx *t, const void *arg)
{
	uint32_t nb = t2t_plat(t)->msi_banks;
	struct t2t_dom d;
	uint64_t va = 0;
	int fd;

	(void)arg;
	t2t_need_banks(t, 1);
	t2t_dom(t, &d, T2T_G(0), START, 16 * WS, 16);
	fd = msi_fd(t, d.g[0]);
	T2T_EXPECT_RC(t, try_map(t, fd, T2T_PAGE, PROT_WRITE, MAP_PRIVATE, 0, &va), EINVAL);
	T2T_EXPECT_RC(t, try_map(t, fd, 2 * T2T_PAGE, PROT_WRITE, MAP_SHARED, 0, &va), EINVAL);
	T2T_EXPECT_RC(t, try_map(t, fd, T2T_PAGE, PROT_WRITE, MAP_SHARED, nb * T2T_PAGE, &va),
		      EINVAL);
	T2T_EXPECT_RC(t, try_map(t, fd, T2T_PAGE, PROT_WRITE, MAP_SHARED,
				 0x100000ull * T2T_PAGE, &va), EINVAL);
	T2T_EXPECT_RC(t, try_map(t, fd, T2T_PAGE, PROT_WRITE | PROT_EXEC, MAP_SHARED, 0, &va),
		      EINVAL);
	/* only an MSI fd has an mmap */
	T2T_EXPECT_RC(t, try_map(t, d.g[0], T2T_PAGE, PROT_WRITE, MAP_SHARED, 0, &va), ENODEV);
	T2T_EXPECT_RC(t, try_map(t, d.c, T2T_PAGE, PROT_WRITE, MAP_SHARED, 0, &va), ENODEV);
	/* every bank maps, and a short length is one page */
	for (uint32_t b = 0; b < nb; b++)
		T2T_EXPECT_RC(t, try_map(t, fd, 100, PROT_READ | PROT_WRITE, MAP_SHARED,
					 b * T2T_PAGE, &va), 0);
	T2T_EXPECT_RC(t, try_map(t, fd, T2T_PAGE, PROT_NONE, MAP_SHARED, 0, &va), 0);
	if (T2T(t)->has_intro)
		T2T_EXPECT_EQ(t, t2t_phys(t, va), T2SIM_NOT_BACKED); /* MSIC-6 */
}

/* Containers d (group 0) and o (group 1), 16 windows of 4 KiB from START
 * each, and an MSI fd of each group: *fd (group 0's), *fo (group 1's). */
static void two_containers(struct t2_tctx *t, unsigned int nbanks, struct t2t_dom *d,
			   struct t2t_dom *o, int *fd, int *fo)
{
	t2t_need_banks(t, nbanks);
	t2t_dom(t, d, T2T_G(0), START, 16 * WS, 16);
	t2t_dom(t, o, T2T_G(1), START, 16 * WS, 16);
	*fd = msi_fd(t, d->g[0]);
	*fo = msi_fd(t, o->g[0]);
}

/* Rows a to e, then success: the doorbell, its page only, protection. */
static void test_map(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters c;
	struct t2t_dom d, o;
	uint64_t va, ro, buf;
	int fd, fo;

	(void)arg;
	two_containers(t, 3, &d, &o, &fd, &fo);
	va = bank_map(t, fd, 0, PROT_READ | PROT_WRITE);
	ro = bank_map(t, fd, 2, PROT_READ);
	buf = t2t_map_pages(t, &d, 2, 1);
	(void)buf;
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, va, WIN(4), 2 * WS);      /* a */
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, va + 0x800, WIN(4), WS);  /* MAP-1 row 6 */
	test_err_t2_map_dma(t, EINVAL, d.c, T2_RW, bank_map(t, fo, 0, PROT_WRITE), WIN(4), WS);
	test_err_t2_map_dma(t, EBUSY, d.c, T2_RW, va, WIN(2), WS);           /* c */
	test_err_t2_map_dma(t, EFAULT, d.c, T2_RW, ro, WIN(4), WS);          /* e */
	test_err_t2_map_dma(t, EFAULT, d.c, WR, ro, WIN(4), WS);
	t2_map_dma(t, d.c, T2_RW, va, WIN(4), WS);
	test_err_t2_map_dma(t, EBUSY, d.c, T2_RW, va, WIN(5), WS);           /* d: here */
	t2_map_dma(t, d.c, RD, ro, WIN(6), WS);
	if (!T2T(t)->has_intro)
		return;
	t2t_counters(t, d.c, &c);
	T2T_EXPECT_EQ(t, c.msi_windows, 2);
	T2T_EXPECT_EQ(t, c.msi_records, 2);
	T2T_EXPECT_EQ(t, c.pins, 1);
	T2T_EXPECT_EQ(t, c.locked, 1);
	expect_doorbell(t, d.g[0], WIN(4), 0);
	T2T_XLATE(t, d.g[0], WIN(4) + T2T_PAGE - 4, 1, T2SIM_XLATE_OK,
		  (t2t_plat(t)->msiir[0] & ~0xfffull) + T2T_PAGE - 4);
	T2T_XLATE(t, d.g[0], WIN(6) + t2t_msiir_off(t, 2), 1, T2SIM_XLATE_PERMISSION, 0);
}

/* A window of 8 KiB: the page after the doorbell maps nothing (MSIC-8). */
static void test_map_page(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d;
	uint64_t ram;
	int fd;

	(void)arg;
	t2t_need_intro(t);
	t2t_need_banks(t, 2);
	t2t_dom(t, &d, T2T_G(0), START, 16 * 2 * WS, 16);
	fd = msi_fd(t, d.g[0]);
	t2_map_dma(t, d.c, WR, bank_map(t, fd, 0, PROT_WRITE), START + 2 * WS, 2 * WS);
	ram = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	t2_map_dma(t, d.c, T2_RW, ram, START, 2 * WS);
	expect_doorbell(t, d.g[0], START + 2 * WS, 0);
	T2T_XLATE(t, d.g[0], START + 3 * WS, 1, T2SIM_XLATE_BEYOND_MAPPING, 0);
	T2T_XLATE(t, d.g[0], START + 3 * WS + t2t_msiir_off(t, 1), 1,
		  T2SIM_XLATE_BEYOND_MAPPING, 0);
}

/* MSI-5 through row d: another container holds the bank (exclusive), and
 * row b: an fd of another container's group. */
static void test_foreign(struct t2_tctx *t, const void *arg)
{
	struct t2t_dom d, o;
	int fd, fo;

	(void)arg;
	two_containers(t, 2, &d, &o, &fd, &fo);
	t2_map_dma(t, o.c, WR, bank_map(t, fo, 1, PROT_WRITE), WIN(0), WS);
	test_err_t2_map_dma(t, EBUSY, d.c, WR, bank_map(t, fd, 1, PROT_WRITE), WIN(0), WS);
	test_err_t2_map_dma(t, EINVAL, d.c, WR, bank_map(t, fo, 0, PROT_WRITE), WIN(0), WS);
	test_err_t2_map_dma(t, EINVAL, o.c, WR, bank_map(t, fd, 0, PROT_WRITE), WIN(1), WS);
	t2_map_dma(t, d.c, WR, bank_map(t, fd, 0, PROT_WRITE), WIN(0), WS);
}

static void test_unmap(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters c;
	uint64_t va, got = 0;
	struct t2t_dom d;
	int fd;

	(void)arg;
	t2t_need_banks(t, 1);
	t2t_dom(t, &d, T2T_G(0), START, 16 * WS, 16);
	fd = msi_fd(t, d.g[0]);
	va = bank_map(t, fd, 0, PROT_WRITE);
	t2t_map_pages(t, &d, 0, 1);
	t2_map_dma(t, d.c, WR, va, WIN(3), WS);
	t2_unmap_dma(t, d.c, WIN(2), 2 * WS, &got);
	T2T_EXPECT_EQ(t, got, WS);  /* MSIC-10: the MSI window counts */
	t2_map_dma(t, d.c, WR, va, WIN(3), WS); /* the window and the bank are free again */
	t2_unmap_dma(t, d.c, WIN(0), 16 * WS, &got);
	T2T_EXPECT_EQ(t, got, 2 * WS);
	if (!T2T(t)->has_intro)
		return;
	t2t_counters(t, d.c, &c);
	T2T_EXPECT_EQ(t, c.msi_windows, 0);
	T2T_EXPECT_EQ(t, c.msi_records, 0);
	T2T_EXPECT_EQ(t, c.locked, 0);
	T2T_EXPECT_EQ(t, c.enabled, 0);
}

/* MSIC-11, MSIC-12: group 0 leaves; its doorbell goes, group 1's stays. */
static void test_revoke(struct t2_tctx *t, const void *arg)
{
	uint64_t v0, v1, va = 0;
	struct t2sim_counters c;
	struct t2t_dom d;
	int f0, f1, f0b;

	(void)arg;
	t2t_need_banks(t, 3);
	t2t_dom(t, &d, T2T_G(0) | T2T_G(1), START, 16 * WS, 16);
	f0 = msi_fd(t, d.g[0]);
	f1 = msi_fd(t, d.g[1]);
	v0 = bank_map(t, f0, 0, PROT_WRITE);
	v1 = bank_map(t, f1, 1, PROT_WRITE);
	t2t_map_pages(t, &d, 0, 1);
	t2_map_dma(t, d.c, WR, v0, WIN(4), WS);
	t2_map_dma(t, d.c, WR, v1, WIN(5), WS);
	t2_group_unset_container(t, d.g[0]);
	if (T2T(t)->has_intro)
		expect_gone(t, d.g[1], WIN(4)); /* MSIC-11: its doorbell went with it */
	test_err_t2_map_dma(t, EINVAL, d.c, WR, v0, WIN(6), WS);             /* MSIC-12 */
	T2T_EXPECT_RC(t, try_map(t, f0, T2T_PAGE, PROT_WRITE, MAP_SHARED, 2 * T2T_PAGE, &va),
		      ENODEV);
	/* bank 0 and window 4 are free: group 1's fd maps them */
	t2_map_dma(t, d.c, WR, bank_map(t, f1, 0, PROT_WRITE), WIN(4), WS);
	if (T2T(t)->has_intro) {
		t2t_counters(t, d.c, &c);
		T2T_EXPECT_EQ(t, c.msi_windows, 2);
		expect_doorbell(t, d.g[1], WIN(5), 1);
	}
	t2_unmap_dma(t, d.c, WIN(4), WS, NULL);
	/* rejoining does not restore the old fd; a new one is bound */
	t2_group_set_container(t, d.g[0], d.c);
	test_err_t2_map_dma(t, EINVAL, d.c, WR, v0, WIN(6), WS);
	T2T_EXPECT_RC(t, try_map(t, f0, T2T_PAGE, PROT_WRITE, MAP_SHARED, 0, &va), ENODEV);
	f0b = msi_fd(t, d.g[0]);
	t2_map_dma(t, d.c, WR, bank_map(t, f0b, 2, PROT_WRITE), WIN(6), WS);
	if (T2T(t)->has_intro)
		expect_doorbell(t, d.g[0], WIN(6), 2);
}

/* MSIC-13, MSIC-14: close and munmap change nothing; release frees and
 * revokes; a device fd keeps the group (and its fd) in place. */
static void test_lifetime(struct t2_tctx *t, const void *arg)
{
	struct t2sim_counters c;
	uint64_t va, vb;
	struct t2t_dom d;
	int fd, dev;

	(void)arg;
	t2t_need_banks(t, 2);
	t2t_dom(t, &d, T2T_G(0), START, 16 * WS, 16);
	fd = msi_fd(t, d.g[0]);
	va = bank_map(t, fd, 0, PROT_WRITE);
	vb = bank_map(t, fd, 1, PROT_WRITE);
	t2t_close(t, fd);
	t2_map_dma(t, d.c, WR, va, WIN(1), WS); /* the mapping keeps the file */
	t2t_buf_free(t, va);
	t2t_map_pages(t, &d, 0, 1);
	if (T2T(t)->has_intro) {
		t2t_counters(t, d.c, &c);
		T2T_EXPECT_EQ(t, c.msi_windows, 1);
		expect_doorbell(t, d.g[0], WIN(1), 0);
	}
	/* a device fd keeps the closed group in its container, and its fd bound */
	dev = t2t_device(t, d.g[0], 0);
	t2t_close(t, d.g[0]);
	t2_map_dma(t, d.c, WR, vb, WIN(2), WS);
	t2t_close(t, dev);      /* the group leaves: release (REL-1) */
	T2T_EXPECT_RC(t, __t2_map_dma(t->be, d.c, WR, vb, WIN(3), WS), EINVAL); /* ERR-1.0 */
	d.g[0] = t2t_group(t, 0);
	t2t_join(t, d.g[0], d.c);
	t2_set_iommu(t, d.c, T2_TYPE2_IOMMU);
	t2_set_geometry(t, d.c, START, START + 16 * WS - 1);
	t2_set_windows(t, d.c, 16);
	test_err_t2_map_dma(t, EINVAL, d.c, WR, vb, WIN(3), WS);  /* revoked for good */
	if (T2T(t)->has_intro) {
		t2t_counters(t, d.c, &c);
		T2T_EXPECT_EQ(t, c.msi_windows, 0);
	}
}

/* MSIC-15: design D's bank ioctls are unknown; the count stays. */
static void test_d_ioctls(struct t2_tctx *t, const void *arg)
{
	struct vfio_pamu_msi_bank_map m = { .argsz = sizeof(m), .flags = T2_RW };
	struct vfio_pamu_msi_bank_unmap u = { .argsz = sizeof(u) };
	struct t2t_dom d;
	int c;

	(void)arg;
	c = t2t_container(t);
	t2t_join(t, t2t_group(t, 1), c);
	T2T_EXPECT_RC(t, __t2_ioctl(t->be, c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, (unsigned long)&m),
		      EINVAL);
	t2t_dom(t, &d, T2T_G(0), START, 16 * WS, 16);
	m.iova = START;
	T2T_FAIL_UNCHANGED(t, d.c, VFIO_IOMMU_PAMU_MAP_MSI_BANK, &m, ENOTTY, "MAP_MSI_BANK");
	T2T_FAIL_UNCHANGED(t, d.c, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, &u, ENOTTY, "UNMAP_MSI_BANK");
	T2T_EXPECT_EQ(t, t2_get_msi_bank_count(t, d.c), t2t_plat(t)->msi_banks);
}

/* MSIC-16: GET_MSI_FD's MSI-file site; an MSI map's two sites. */
static void test_faults(struct t2_tctx *t, const void *arg)
{
	struct vfio_group_msi_fd m = { .argsz = sizeof(m) };
	struct vfio_iommu_type1_dma_map dm = { .argsz = sizeof(dm), .flags = WR, .size = WS };
	struct t2t_dom d;
	uint32_t nth;
	int fd;

	(void)arg;
	t2t_need_intro(t);
	t2t_need_banks(t, 1);
	t2t_dom(t, &d, T2T_G(0), START, 16 * WS, 16);
	t2t_fail_arm(t, d.c, 1);
	T2T_FAIL_UNCHANGED(t, d.g[0], VFIO_GROUP_GET_MSI_FD, &m, ENOMEM, "MSI-file site");
	fd = msi_fd(t, d.g[0]);
	dm.vaddr = bank_map(t, fd, 0, PROT_WRITE);
	dm.iova = WIN(3);
	for (nth = 1; nth <= 2; nth++) {
		t2t_fail_arm(t, d.c, nth);
		T2T_FAIL_UNCHANGED(t, d.c, VFIO_IOMMU_MAP_DMA, &dm, ENOMEM,
				   "MSI map, site %u", nth);
	}
	t2t_fail_arm(t, d.c, 3);
	t2_map_dma(t, d.c, WR, dm.vaddr, WIN(3), WS);
	T2T_EXPECT_EQ(t, t2t_fail_status(t, d.c).remaining, 1);
	t2t_fail_arm(t, d.c, 0);
}

static const struct t2t_case cases[] = {
	T2T_CASE("msic.get_fd", "MSIC-1 MSIC-2 MSIC-3 MSIC-4", test_get_fd, T2T_DESIGN("C")),
	T2T_CASE_P("msic.no_banks", "MSIC-3", test_no_banks, "p4080,msi_design=C,msi_banks=0"),
	T2T_CASE("msic.mmap", "MSIC-5 MSIC-6", test_mmap, T2T_DESIGN("C")),
	T2T_CASE("msic.map", "MSIC-7 MSIC-8 MSI-4 MSIC-17", test_map, T2T_DESIGN("C")),
	T2T_CASE_I("msic.map_page", "MSIC-8 MSIC-17 INV-4 INV-27", test_map_page, T2T_DESIGN("C")),
	T2T_CASE("msic.foreign", "MSIC-7 MSIC-11 MSI-5 INV-13", test_foreign, T2T_DESIGN("C")),
	T2T_CASE("msic.unmap", "MSIC-10 UNMAP-4 UNMAP-5", test_unmap, T2T_DESIGN("C")),
	T2T_CASE("msic.revoke", "MSIC-11 MSIC-12 MSIC-17", test_revoke, T2T_DESIGN("C")),
	T2T_CASE("msic.lifetime", "MSIC-13 MSIC-14 CORE-12 REL-2", test_lifetime, T2T_DESIGN("C")),
	T2T_CASE("msic.d_ioctls", "MSIC-15 MSI-1 ERR-6", test_d_ioctls, T2T_DESIGN("C")),
	T2T_CASE_I("msic.faults", "MSIC-16 FAIL-3 ATOM-1", test_faults, T2T_DESIGN("C")),
};

T2T_SUITE(msi_c, cases);
