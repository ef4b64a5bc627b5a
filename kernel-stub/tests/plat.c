/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * plat.c - the platform-string parser (PLAT-2, PLAT-3, PLAT-5, PLAT-8):
 * presets, good override strings as T2SIM_PLATFORM reports them, and bad
 * strings with the message that names the key.  Also PERS-2 switch names.
 */
#include <stdio.h>
#include "ktest.h"
#include "core/t2core.h"

static int platform_of(const char *text, uint64_t sw, struct t2sim_platform *p)
{
	struct t2sim *sim;
	char err[256];
	int c, r;

	r = t2sim_create(&sim, text, sw, err, sizeof(err));
	if (r) {
		tap_diag("%s: %s", text, err);
		return r;
	}
	c = t2sim_open(sim, "/dev/vfio/vfio");
	memset(p, 0, sizeof(*p));
	p->argsz = sizeof(*p);
	r = t2sim_platform(sim, c, p);
	t2sim_destroy(sim);
	return r;
}

static void good(void)
{
	struct t2sim_platform p;

	CHECK_EQ(platform_of(NULL, 0, &p), 0, "NULL is p4080");
	tap_ok(p.msi_design == T2_MSI_DESIGN_D, "DESIGN-1: design D by default");
	CHECK_EQ(platform_of("p4080,msi_design=D", 0, &p), 0, "DESIGN-1: msi_design=D");
	tap_ok(p.cpus == 8 && p.msi_banks == 3 && p.msiir[0] == 0xffe044140ull && p.switches == 0,
	       "p4080 defaults");
	CHECK_EQ(platform_of("t4240", T2_SW_B6 | T2_SW_L2, &p), 0, "t4240");
	tap_ok(p.cpus == 24 && p.msi_banks == 4 && p.msiir[3] == 0xffe047148ull &&
	       p.msiir[0] == 0xffe044148ull && p.ngroups == 6 && p.groups[3].liodn[0] == 0x30 &&
	       p.groups[4].liodn[0] == 0x30 && p.groups[2].nliodns == 2,
	       "t4240 banks (MSIIR1 aliases) and PLAT-8 groups");
	CHECK_EQ(p.switches, (1ull << 5) | (1ull << 17), "INTRO-9: switches B6 -> bit 5, L2 -> bit 17");
	CHECK_EQ(platform_of("p4080,spaace_pool=8,cpus=1,max_windows=64,msi_banks=2,"
			     "msi_policy=shared,memlock=unlimited,cap_ipc_lock=1,ram=4G,"
			     "ccsr_base=0xf00000000,hugepages=1G+64K+2M+16M,msiir.0=0x1000", 0, &p),
		 0, "every scalar key");
	tap_ok(p.spaace_pool == 8 && p.cpus == 1 && p.max_windows == 64 && p.msi_banks == 2 &&
	       p.msi_policy == T2SIM_POLICY_SHARED && p.memlock == ~0ull && p.cap_ipc_lock == 1 &&
	       p.ram == 4 * GIB && p.ccsr_base == 0xf00000000ull && p.msiir[0] == 0xf00001000ull &&
	       p.msiir[1] == 0xf00045140ull && p.msiir[2] == 0 &&
	       p.hugepage_sizes[0] == 64 * 1024 && p.hugepage_sizes[1] == 2 * MIB &&
	       p.hugepage_sizes[2] == 16 * MIB && p.hugepage_sizes[3] == GIB,
	       "values as set, hugepages ascending");
	CHECK_EQ(platform_of("p4080,hugepages=,max_windows=65536,spaace_pool=0,msi_banks=0", 0, &p), 0,
		 "empty hugepages, limits");
	tap_ok(!p.hugepage_sizes[0] && p.max_windows == 65536 && !p.msiir[0], "limits as set");
	CHECK_EQ(platform_of("p4080,group.7=0x41+0x40,device.7=nic:0.1_a-b,group.0=,device.1=x1,"
			     "msi_banks=4,msiir.3=0x47140", 0, &p), 0, "groups, devices, a fourth bank");
	tap_ok(p.ngroups == 6 && p.groups[0].group == 1 && !strcmp(p.groups[0].device, "x1") &&
	       p.groups[5].group == 7 && p.groups[5].nliodns == 2 && p.groups[5].liodn[0] == 0x40 &&
	       p.groups[5].liodn[1] == 0x41 && !strcmp(p.groups[5].device, "nic:0.1_a-b") &&
	       p.msiir[3] == 0xffe047140ull,
	       "groups ascending, LIODNs ascending, names as set");
	CHECK_EQ(platform_of("p4080,group.9=0x50", 0, &p), 0, "a new group");
	CHECK_EQ(strcmp(p.groups[6].device, "t2dev9"), 0, "default device name t2dev9");
	CHECK_EQ(platform_of("p4080,memlock=8K,ram=0x40000000", 0, &p), 0, "suffixes and hex");
	tap_ok(p.memlock == 8192 && p.ram == GIB, "8K and 0x40000000");
}

static void bad(const char *text, const char *want)
{
	struct t2sim *sim = NULL;
	char err[256] = "";
	int r = t2sim_create(&sim, text, 0, err, sizeof(err));

	if (!r)
		t2sim_destroy(sim);
	tap_ok(r == -EINVAL && strstr(err, want) != NULL, "rejects \"%s\"", text);
	if (r != -EINVAL || !strstr(err, want))
		tap_diag("  r %d, message \"%s\", want \"%s\"", r, err, want);
}

static void bad_strings(void)
{
	char many[400];
	int i, n;

	bad("x86", "unknown preset 'x86'");
	bad("", "unknown preset ''");
	bad(",cpus=2", "unknown preset ''");
	bad("p4080,foo=1", "unknown key 'foo'");
	bad("p4080,msi_design=E", "key 'msi_design': value 'E' is not A, B, C or D");
	bad("p4080,msi_design=dd", "key 'msi_design': value 'dd' is not A, B, C or D");
	bad("p4080,spaace_pool=70000",
	    "platform: key 'spaace_pool': value '70000' out of range 0..65536");
	bad("p4080,spaace_pool=abc", "key 'spaace_pool': value 'abc' is not a number");
	bad("p4080,spaace_pool=99999999999999999999999", "key 'spaace_pool'");
	bad("p4080,spaace_pool", "key 'spaace_pool': missing '=value'");
	bad("p4080,,cpus=2", "empty item");
	bad("p4080,max_windows=3", "key 'max_windows': value '3' is not a power of two");
	bad("p4080,max_windows=131072", "key 'max_windows': value '131072' out of range 1..65536");
	bad("p4080,max_windows=0", "key 'max_windows'");
	bad("p4080,cpus=0", "key 'cpus': value '0' out of range 1..1024");
	bad("p4080,cpus=1025", "key 'cpus'");
	bad("p4080,msi_banks=9", "key 'msi_banks': value '9' out of range 0..8");
	bad("p4080,msi_banks=4", "key 'msi_banks': value 4 needs msiir.3");
	bad("p4080,msiir.1=0x44000", "key 'msiir.1': doorbell page shared with bank 0");
	bad("p4080,msiir.0=0x1000000", "key 'msiir.0'");
	bad("p4080,msiir.8=0x1000", "unknown key 'msiir.8'");
	bad("p4080,msiir.x=0x1000", "unknown key 'msiir.x'");
	bad("p4080,ccsr_base=0xffe000001", "key 'ccsr_base': value '0xffe000001' is not 4 KiB aligned");
	bad("p4080,ccsr_base=0x100000", "key 'ccsr_base'");
	bad("p4080,ram=64G", "key 'ccsr_base'");
	bad("p4080,msi_policy=open", "key 'msi_policy': value 'open'");
	bad("p4080,memlock=100", "key 'memlock': value '100' is not a multiple of 4096");
	bad("p4080,memlock=lots", "key 'memlock'");
	bad("p4080,cap_ipc_lock=2", "key 'cap_ipc_lock'");
	bad("p4080,ram=3G", "key 'ram'");
	bad("p4080,ram=512M", "key 'ram'");
	bad("p4080,hugepages=3M", "key 'hugepages'");
	bad("p4080,hugepages=4K", "key 'hugepages'");
	bad("p4080,hugepages=2G", "key 'hugepages'");
	bad("p4080,hugepages=2M+2M", "key 'hugepages': value '2M+2M' repeats");
	bad("p4080,hugepages=8K+16K+32K+64K+128K", "key 'hugepages'");
	bad("p4080,hugepages=2M+", "key 'hugepages'");
	bad("p4080,group.0=0x500", "key 'group.0': value '0x500' out of range 0x0..0x4ff");
	bad("p4080,group.0=1+2+3+4+5", "key 'group.0'");
	bad("p4080,group.0=0x10+0x10", "key 'group.0'");
	bad("p4080,group.0=zz", "key 'group.0'");
	bad("p4080,group.2000=1", "unknown key 'group.2000'");
	bad("p4080,device.9=x", "key 'device.9': no group 9");
	bad("p4080,device.0=ABC", "key 'device.0'");
	bad("p4080,device.0=", "key 'device.0'");
	bad("p4080,device.0=abcdefghijabcdefghijabcdefghijab", "key 'device.0'");
	n = snprintf(many, sizeof(many), "p4080");
	for (i = 10; i < 21; i++)
		n += snprintf(many + n, sizeof(many) - (size_t)n, ",group.%d=%d", i, 0x100 + i);
	bad(many, "key 'group.20': more than 16 groups");
	{
		struct t2sim *sim;
		char err[128];

		CHECK_EQ(t2sim_create(&sim, "p4080", 1ull << 19, err, sizeof(err)), -EINVAL,
			 "switch bit 19 is not a switch");
	}
}

static void switch_names(void)
{
	u64 m = 0;
	char err[128];

	CHECK_EQ(t2_switches_parse("B1,b15,L3", &m, err, sizeof(err)), 0, "PERS-2: B1,b15,L3");
	CHECK_EQ(m, T2_SW_B1 | T2_SW_B15 | T2_SW_L3, "PERS-2: mask");
	CHECK_EQ(t2_switches_parse("", &m, err, sizeof(err)), 0, "PERS-2: empty is the spec set");
	CHECK_EQ(m, 0, "empty mask");
	CHECK_EQ(t2_switches_parse("all", &m, err, sizeof(err)), 0, "all");
	CHECK_EQ(m, T2_SW_ALL, "all = every switch");
	CHECK_EQ(t2_switches_parse("B1,B99", &m, err, sizeof(err)), -EINVAL, "PERS-2: B99 unknown");
	tap_ok(strstr(err, "'B99'") != NULL, "the message names B99: %s", err);
	CHECK_EQ(t2_personality_parse("sdk2013", &m), 0, "sdk2013");
	CHECK_EQ(m, T2_SW_ALL, "sdk2013 = all");
	CHECK_EQ(t2_personality_parse("designs2013", &m), 0, "PERS-9: designs2013");
	CHECK_EQ(m, T2_SW_DESIGNS, "designs2013 = every designs2013 switch");
	tap_ok(!(T2_SW_DESIGNS & (uint64_t)T2_SW_ALL) && !(T2_SW_DESIGNS & ~0x00ffffff00000000ull),
	       "PERS-9: designs2013 bits 32..55, apart from sdk2013's");
	CHECK_EQ(t2_personality_parse("spec", &m), 0, "spec");
	CHECK_EQ(t2_personality_parse("sdk", &m), -EINVAL, "unknown personality");
}

int main(void)
{
	tap_plan(-1);
	good();
	bad_strings();
	switch_names();
	return tap_done();
}
