/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * plat.c - spec section 5: the platform description (presets, keys, the
 * strings that must be rejected, naming the key) and the simulated user
 * memory (MEM-1..MEM-6).  Platform strings need a backend that can create
 * instances (stub, oracle); the device backend skips them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "t2test.h"

static void test_page_size(struct t2_tctx *t, const void *arg)
{
	(void)arg;
	T2T_EXPECT_EQ(t, t2t_plat(t)->page_size, 4096);
}

struct bad_platform {
	const char *str;
	const char *key;        /* must appear in the message */
};

static const struct bad_platform bad_platforms[] = {
	{ "nosuchpreset", "nosuchpreset" },
	{ "p4080,bogus=1", "bogus" },
	{ "p4080,max_windows=3", "max_windows" },
	{ "p4080,max_windows=0", "max_windows" },
	{ "p4080,max_windows=131072", "max_windows" },
	{ "p4080,spaace_pool=65537", "spaace_pool" },
	{ "p4080,cpus=0", "cpus" },
	{ "p4080,cpus=1025", "cpus" },
	{ "p4080,msi_banks=9", "msi_banks" },
	{ "p4080,msi_policy=open", "msi_policy" },
	{ "p4080,msi_design=E", "msi_design" },
	{ "p4080,msi_design=DD", "msi_design" },
	{ "p4080,msi_design=", "msi_design" },
	{ "p4080,memlock=4097", "memlock" },
	{ "p4080,cap_ipc_lock=2", "cap_ipc_lock" },
	{ "p4080,ccsr_base=0xffe000100", "ccsr_base" },
	{ "p4080,ccsr_base=0x100000", "ccsr_base" },
	{ "p4080,ram=0x30000000", "ram" },
	{ "p4080,ram=0x20000000", "ram" },
	{ "p4080,hugepages=3M", "hugepages" },
	{ "p4080,hugepages=4K", "hugepages" },
	{ "p4080,hugepages=2G", "hugepages" },
	{ "p4080,hugepages=2M+2M", "hugepages" },
	{ "p4080,hugepages=8K+16K+32K+64K+128K", "hugepages" },
	{ "p4080,device.0=Bad Name", "device.0" },
	{ "p4080,device.0=abcdefghijklmnopqrstuvwxyz0123456", "device.0" },
	{ "p4080,group.0=0x500", "group.0" },
	{ "p4080,group.1=0x10+0x11+0x12+0x13+0x14", "group.1" },
	{ "p4080,msiir.0=0x1000000", "msiir.0" },
	{ "p4080,msiir.1=0x44100", "msiir" },
};

static const char *const good_platforms[] = {
	"p4080", "t4240", "p4080,spaace_pool=0", "p4080,spaace_pool=65536",
	"p4080,msi_policy=shared", "p4080,msi_policy=exclusive", "p4080,msi_design=D", "p4080,msi_design=d", "p4080,memlock=unlimited",
	"p4080,memlock=65536", "p4080,ccsr_base=0xf00000000", "p4080,max_windows=65536",
	"p4080,max_windows=1", "p4080,msi_banks=0", "t4240,cpus=1024", "p4080,group.2=",
	"p4080,hugepages=", "p4080,hugepages=8K+2M+1G", "p4080,device.1=eth0:1.a_b-c",
	"p4080,ram=0x40000000", "p4080,cap_ipc_lock=1", "p4080,group.5=0x4ff+0x10",
	"p4080,msiir.0=0x50140",
};

static void test_platform_strings(struct t2_tctx *t, const void *arg)
{
	char err[256];
	size_t i;
	int rc;

	(void)arg;
	for (i = 0; i < T2T_ARRAY_SIZE(bad_platforms); i++) {
		rc = t2t_try_platform(t, bad_platforms[i].str, err, sizeof(err));
		if (rc >= 0)
			T2T_FAIL(t, "platform \"%s\" was accepted", bad_platforms[i].str);
		else if (!strstr(err, bad_platforms[i].key))
			T2T_FAIL(t, "platform \"%s\" rejected, but the message \"%s\" does not "
				 "name '%s' (PLAT-2)", bad_platforms[i].str, err, bad_platforms[i].key);
	}
	for (i = 0; i < T2T_ARRAY_SIZE(good_platforms); i++) {
		rc = t2t_try_platform(t, good_platforms[i], err, sizeof(err));
		if (rc < 0)
			T2T_FAIL(t, "platform \"%s\" was rejected: %s", good_platforms[i], err);
	}
}

static void check_preset(struct t2_tctx *t, const char *preset)
{
	static const uint32_t liodns[6][2] = {
		{ 0x010 }, { 0x011 }, { 0x020, 0x021 }, { 0x030 }, { 0x030 }, { 0x4ff },
	};
	const struct t2sim_platform *p;
	int t4 = !strcmp(preset, "t4240");
	unsigned int i, b;

	t2t_reopen(t, preset);
	p = t2t_plat(t);
	T2T_EXPECT_EQ(t, p->page_size, 4096);
	T2T_EXPECT_EQ(t, p->max_windows, 256);
	T2T_EXPECT_EQ(t, p->spaace_pool, 2048);
	T2T_EXPECT_EQ(t, p->cpus, t4 ? 24 : 8);
	T2T_EXPECT_EQ(t, p->msi_banks, t4 ? 4 : 3);
	T2T_EXPECT_EQ(t, p->msi_policy, T2SIM_POLICY_EXCLUSIVE);
	T2T_EXPECT_EQ(t, p->msi_design, T2_MSI_DESIGN_D); /* 9a: D by default */
	T2T_EXPECT_EQ(t, p->ccsr_base, 0xffe000000ull);
	for (b = 0; b < T2SIM_MAX_BANKS; b++) {
		uint64_t want = b < p->msi_banks ? 0xffe044000ull + b * 0x1000 +
						 (t4 ? 0x148 : 0x140) : 0;

		T2T_EXPECT_EQ(t, p->msiir[b], want);
	}
	T2T_EXPECT_EQ(t, p->hugepage_sizes[0], T2T_MIB(2));
	T2T_EXPECT_EQ(t, p->hugepage_sizes[1], T2T_GIB(1));
	T2T_EXPECT_EQ(t, p->hugepage_sizes[2], 0);
	T2T_EXPECT_EQ(t, p->memlock, T2T_GIB(4));
	T2T_EXPECT_EQ(t, p->ram, T2T_GIB(32));
	T2T_EXPECT_EQ(t, p->switches, T2T(t)->cfg.switches);
	T2T_EXPECT_EQ(t, p->type2_value, T2_TYPE2_VALUE);
	T2T_EXPECT_EQ(t, p->cap_ipc_lock, 0);
	T2T_EXPECT_EQ(t, p->ngroups, 6);
	for (i = 0; i < 6; i++) {
		char name[16];

		snprintf(name, sizeof(name), "t2dev%u", i);
		T2T_EXPECT_EQ(t, p->groups[i].group, i);
		T2T_EXPECT_EQ(t, p->groups[i].nliodns, i == 2 ? 2 : 1);
		T2T_EXPECT_EQ(t, p->groups[i].liodn[0], liodns[i][0]);
		T2T_EXPECT_EQ(t, p->groups[i].liodn[1], liodns[i][1]);
		T2T_EXPECT(t, !strcmp(p->groups[i].device, name));
	}
	for (i = 6; i < T2SIM_MAX_GROUPS; i++)
		T2T_EXPECT_EQ(t, p->groups[i].nliodns, 0);
}

static void test_presets(struct t2_tctx *t, const void *arg)
{
	(void)arg;
	check_preset(t, "p4080");
	check_preset(t, "t4240");
}

static void test_overrides(struct t2_tctx *t, const void *arg)
{
	const struct t2sim_platform *p;
	struct t2t_dom d;

	(void)arg;
	t2t_reopen(t, "t4240,spaace_pool=8,msi_policy=shared,memlock=unlimited,cpus=2,"
		   "ccsr_base=0xf00000000,group.2=,device.1=nic1,cap_ipc_lock=1,msi_banks=2");
	p = t2t_plat(t);
	T2T_EXPECT_EQ(t, p->spaace_pool, 8);
	T2T_EXPECT_EQ(t, p->msi_policy, T2SIM_POLICY_SHARED);
	T2T_EXPECT_EQ(t, p->memlock, T2SIM_MEMLOCK_UNLIMITED);
	T2T_EXPECT_EQ(t, p->cpus, 2);
	T2T_EXPECT_EQ(t, p->cap_ipc_lock, 1);
	T2T_EXPECT_EQ(t, p->msi_banks, 2);
	T2T_EXPECT_EQ(t, p->ccsr_base, 0xf00000000ull);
	T2T_EXPECT_EQ(t, p->msiir[0], 0xf00044148ull);
	T2T_EXPECT_EQ(t, p->msiir[2], 0);
	T2T_EXPECT_EQ(t, p->ngroups, 5);
	T2T_EXPECT_EQ(t, p->groups[2].group, 3);
	T2T_EXPECT(t, !strcmp(p->groups[1].device, "nic1"));
	/* a removed group has no node */
	T2T_EXPECT_RC(t, t2t_try_group(t, 2), ENOENT);
	t2t_dom(t, &d, T2T_G(1), 0, 0, 0);
	T2T_EXPECT_EQ(t, t2_get_msi_bank_count(t, d.c), 2);
}

/* The platform cannot move the spec's fixed limits (PLAT-6), and does not
 * change during an instance's life (PLAT-7). */
static void test_fixed_limits(struct t2_tctx *t, const void *arg)
{
	struct t2sim_platform before, after;
	struct t2t_dom d;
	uint32_t n;

	(void)arg;
	t2t_dom(t, &d, T2T_G(0), 0, T2T_GIB(1), 0);
	T2T_ASSERT_RC(t, __t2_platform(t->be, d.c, &before), 0);
	t2_get_windows(t, d.c, &n);
	T2T_EXPECT_EQ(t, n, 65536);            /* WIN-1: even above 256 */
	test_err_t2_set_windows(t, EINVAL, d.c, 512);
	test_err_t2_set_windows(t, EINVAL, d.c, 65536);
	t2_set_windows(t, d.c, 256);
	test_err_t2_set_geometry(t, EINVAL, d.c, 0, ~0ull);
	T2T_ASSERT_RC(t, __t2_platform(t->be, d.g[0], &after), 0);
	T2T_EXPECT(t, !memcmp(&before, &after, sizeof(before)));
}

/* ------------------------------------------------------------ memory */
static void test_mem_kinds(struct t2_tctx *t, const void *arg)
{
	uint64_t v;
	int rc;

	(void)arg;
	t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	rc = t->be->ops->buf_alloc(t->be, 100, T2T_PAGE, &v);
	T2T_EXPECT(t, rc < 0);
	rc = t->be->ops->buf_alloc(t->be, T2T_PAGE, T2T_MIB(2), &v);
	T2T_EXPECT(t, rc < 0);
	rc = t->be->ops->buf_alloc(t->be, T2T_MIB(3), T2T_MIB(2), &v);
	T2T_EXPECT(t, rc < 0);
	rc = t->be->ops->buf_alloc(t->be, T2T_MIB(4), T2T_MIB(4), &v);
	T2T_EXPECT(t, rc < 0);   /* not a hugepage size of the platform */
}

static void test_mem_layout(struct t2_tctx *t, const void *arg)
{
	uint64_t v4, v2, v6, p, hp, size6 = T2T_MIB(6);
	unsigned int i;
	uint32_t ps;

	(void)arg;
	v4 = t2t_buf(t, 16 * T2T_PAGE, T2T_PAGE);
	v2 = t2t_buf(t, T2T_MIB(4), T2T_MIB(2));
	v6 = t2t_buf(t, size6, T2T_MIB(2));
	/* MEM-2: every 4K page has its own frame, never adjacent to the next */
	for (i = 0; i < 16; i++) {
		p = t2t_phys(t, v4 + i * T2T_PAGE);
		T2T_EXPECT_EQ(t, p & 0xfff, 0);
		if (i && p == t2t_phys(t, v4 + (i - 1) * T2T_PAGE) + T2T_PAGE)
			T2T_FAIL(t, "4K pages %u and %u are physically adjacent", i - 1, i);
		if (p >= t2t_phys(t, v2) && p < t2t_phys(t, v2) + T2T_MIB(4))
			T2T_FAIL(t, "4K page %u lies inside a hugepage frame", i);
	}
	T2T_ASSERT_RC(t, __t2_resolve(t->be, t2t_container(t), v4, &p, &ps), 0);
	T2T_EXPECT_EQ(t, ps, T2T_PAGE);
	/* MEM-3: one contiguous run, physical and virtual bases aligned */
	hp = t2t_phys(t, v2);
	T2T_EXPECT_EQ(t, hp % T2T_MIB(4), 0);
	T2T_EXPECT_EQ(t, v2 % T2T_MIB(4), 0);
	T2T_EXPECT_EQ(t, t2t_phys(t, v2 + T2T_MIB(3) + 0x123), hp + T2T_MIB(3) + 0x123);
	T2T_ASSERT_RC(t, __t2_resolve(t->be, T2T(t)->fds[0].fd, v2 + 5, &p, &ps), 0);
	T2T_EXPECT_EQ(t, ps, T2T_MIB(2));
	hp = t2t_phys(t, v6);
	T2T_EXPECT_EQ(t, hp % T2T_MIB(8), 0);   /* 6M rounds up to 8M */
	T2T_EXPECT_EQ(t, v6 % T2T_MIB(8), 0);
	T2T_EXPECT_EQ(t, t2t_phys(t, v6 + size6 - 1), hp + size6 - 1);
	/* MEM-4: a guard page after each buffer; [0, 0x10000) never backed */
	T2T_EXPECT_EQ(t, t2t_phys(t, v4 + 16 * T2T_PAGE), T2SIM_NOT_BACKED);
	T2T_EXPECT_EQ(t, t2t_phys(t, v2 + T2T_MIB(4)), T2SIM_NOT_BACKED);
	T2T_EXPECT_EQ(t, t2t_phys(t, v6 + size6), T2SIM_NOT_BACKED);
	T2T_EXPECT_EQ(t, t2t_phys(t, 0), T2SIM_NOT_BACKED);
	T2T_EXPECT_EQ(t, t2t_phys(t, 0xfff0), T2SIM_NOT_BACKED);
	T2T_ASSERT_RC(t, __t2_resolve(t->be, T2T(t)->fds[0].fd, 0x1000, &p, &ps), 0);
	T2T_EXPECT_EQ(t, ps, 0);
	/* buffers never overlap */
	T2T_EXPECT(t, v4 + 16 * T2T_PAGE <= v2 || v2 + T2T_MIB(4) <= v4);
	T2T_EXPECT(t, v6 + size6 <= v2 || v2 + T2T_MIB(4) <= v6);
	/* MEM-5: freeing makes the range unbacked */
	t2t_buf_free(t, v4);
	T2T_EXPECT_EQ(t, t2t_phys(t, v4), T2SIM_NOT_BACKED);
}

static void alloc_sequence(struct t2_tctx *t, uint64_t *phys, int n)
{
	uint64_t v[4];
	int i;

	v[0] = t2t_buf(t, 3 * T2T_PAGE, T2T_PAGE);
	v[1] = t2t_buf(t, T2T_MIB(2), T2T_MIB(2));
	v[2] = t2t_buf(t, T2T_PAGE, T2T_PAGE);
	t2t_buf_free(t, v[0]);
	v[3] = t2t_buf(t, 2 * T2T_PAGE, T2T_PAGE);
	for (i = 0; i < n; i++)
		phys[i] = t2t_phys(t, v[1 + i % 3] + (uint64_t)(i / 3) * T2T_PAGE);
}

static void test_mem_deterministic(struct t2_tctx *t, const void *arg)
{
	uint64_t a[6], b[6], v;
	int i, rc = 0;

	(void)arg;
	alloc_sequence(t, a, 6);
	t2t_reopen(t, NULL);
	alloc_sequence(t, b, 6);
	for (i = 0; i < 6; i++)
		T2T_EXPECT_EQ(t, b[i], a[i]);
	/* RAM is finite: the allocator says so with an error, not a crash. */
	t2t_reopen(t, "p4080,ram=0x40000000");
	for (i = 0; i < 1024 && rc >= 0; i++)
		rc = t->be->ops->buf_alloc(t->be, T2T_MIB(2), T2T_MIB(2), &v);
	T2T_EXPECT(t, rc < 0);
	for (i = 0; i < 8 && rc < 0; i++)
		rc = t->be->ops->buf_alloc(t->be, T2T_MIB(2), T2T_MIB(2), &v);
	T2T_EXPECT(t, rc < 0);
	rc = t->be->ops->buf_alloc(t->be, T2T_PAGE, T2T_PAGE, &v);
	if (rc >= 0)
		T2T_EXPECT(t, t2t_phys(t, v) < T2T_GIB(1));
}

static const struct t2t_case cases[] = {
	T2T_CASE("plat.page_size", "PLAT-1", test_page_size),
	T2T_CASE_P("plat.strings", "PLAT-2 PLAT-3 PLAT-5 PLAT-8 CORE-15 DESIGN-1", test_platform_strings,
		   NULL),
	T2T_CASE_PI("plat.presets", "PLAT-3 PLAT-5 PLAT-8 INTRO-9 PERS-1 PERS-2 DESIGN-2 DESIGN-3", test_presets,
		    NULL),
	T2T_CASE_PI("plat.overrides", "PLAT-2 PLAT-3 PLAT-5 PLAT-8 MSI-1 INTRO-9",
		    test_overrides, NULL),
	T2T_CASE_PI("plat.fixed_limits", "PLAT-6 PLAT-7 WIN-1 WIN-2 GEOM-2", test_fixed_limits,
		    "p4080,max_windows=65536"),
	T2T_CASE("mem.kinds", "MEM-1", test_mem_kinds),
	T2T_CASE_A("mem.layout", "MEM-2 MEM-3 MEM-4 MEM-5 INTRO-10", test_mem_layout, NULL,
		   T2T_NEED_INTRO | T2T_NEED_SIMMEM),
	T2T_CASE_PI("mem.deterministic", "MEM-6", test_mem_deterministic, NULL),
};

T2T_SUITE(plat, cases);
