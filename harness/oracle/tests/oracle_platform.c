/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_platform.c - the oracle's platform reading and memory model: PLAT-2
 * strings (good ones, and bad ones whose message must name the key), the
 * INTRO-9 struct round trip, the PLATFORM and RESOLVE ioctls, and the
 * MEM-1..5 properties of its own allocator.
 */
#include <stdio.h>
#include "oracle/tests/oracle_test.h"

static void good(const char *s, const char *what)
{
	struct t2_oracle *o;
	char err[256] = "";
	int r = t2_oracle_new(s, &o, err, sizeof(err));

	tap_ok(r == 0, "PLAT-2: '%s' accepted (%s)%s%s", s, what, r ? ": " : "", err);
	if (!r)
		t2_oracle_free(o);
}

static void bad(const char *s, const char *key)
{
	struct t2_oracle *o = NULL;
	char err[256] = "";
	int r = t2_oracle_new(s, &o, err, sizeof(err));

	tap_ok(r == -EINVAL && strstr(err, key), "PLAT-2: '%s' refused naming '%s' (%s)", s, key,
	       err);
	if (!r)
		t2_oracle_free(o);
}

static void strings(void)
{
	good(NULL, "NULL is p4080");
	good("p4080", "preset");
	good("t4240,msi_policy=shared,memlock=unlimited,cap_ipc_lock=1", "policy, memlock");
	good("p4080,hugepages=,max_windows=65536,spaace_pool=0", "no hugepages");
	good("p4080,hugepages=8K+1G+2M+64K,ram=64G,ccsr_base=0x1000000000", "sizes, RAM");
	good("p4080,group.0=,group.7=0x100+0x4ff,device.7=eth0:1.x_y-z", "groups");
	good("p4080,msi_banks=4,cpus=1024,msiir.3=0x50000", "bank 3 given");
	bad("p4080,msi_banks=4", "msiir.3");
	good("p4080,msi_design=D", "9a: design D");
	bad("p4080,msi_design=E", "msi_design");
	bad("p4080,msi_design=dd", "msi_design");
	bad("p4081", "p4081");
	bad("", "preset");
	bad("p4080,foo=1", "foo");
	bad("p4080,max_windows=3", "max_windows");
	bad("p4080,max_windows=131072", "max_windows");
	bad("p4080,spaace_pool=65537", "spaace_pool");
	bad("p4080,cpus=0", "cpus");
	bad("p4080,msi_banks=9", "msi_banks");
	bad("p4080,msiir.1=0x44140", "msiir.1");
	bad("p4080,msiir.0=0x1000000", "msiir.0");
	bad("p4080,msiir.8=0x1000", "msiir.8");
	bad("p4080,ccsr_base=0xffe000100", "ccsr_base");
	bad("p4080,ccsr_base=0x100000000", "ccsr_base");
	bad("p4080,msi_policy=open", "msi_policy");
	bad("p4080,memlock=4097", "memlock");
	bad("p4080,cap_ipc_lock=2", "cap_ipc_lock");
	bad("p4080,ram=3G", "ram");
	bad("p4080,ram=512M", "ram");
	bad("p4080,hugepages=4K", "hugepages");
	bad("p4080,hugepages=2M+2M", "hugepages");
	bad("p4080,hugepages=8K+16K+32K+64K+128K", "hugepages");
	bad("p4080,group.1=0x500", "group.1");
	bad("p4080,group.1=1+2+3+4+5", "group.1");
	bad("p4080,group.1=1+1", "group.1");
	bad("p4080,device.1=Eth0", "device.1");
	bad("p4080,device.1=", "device.1");
	bad("p4080,device.9=x", "device.9");
	bad("p4080,group.6=1,group.7=2,group.8=3,group.9=4,group.10=5,group.11=6,group.12=7,"
	    "group.13=8,group.14=9,group.15=10,group.16=11", "group.");
	bad("p4080,max_windows", "max_windows");
	bad("p4080,,cpus=2", "empty");
}

static void round_trip(void)
{
	struct t2_oracle *o = ot_new("t4240,group.0=,group.9=0x40+0x41,device.9=nic9,"
				     "msi_policy=shared,memlock=unlimited,hugepages=64K");
	struct t2_oracle *o2;
	struct t2sim_platform p, p2;
	char err[256];
	int cfd = t2_oracle_open_container(o), r;

	memset(&p, 0xcc, sizeof(p));
	p.argsz = sizeof(p);
	p.flags = 0;
	OT_RULE(ot_ioctl(o, cfd, T2SIM_PLATFORM, &p), 0, "INTRO-9");
	tap_ok(p.msi_design == T2_MSI_DESIGN_D, "INTRO-9: msi_design D by default (9a)");
	tap_ok(p.page_size == 4096 && p.max_windows == 256 && p.cpus == 24 && p.msi_banks == 4 &&
	       p.msi_policy == 1 && p.msiir[3] == 0xffe047148ull && p.msiir[4] == 0 &&
	       p.hugepage_sizes[0] == 65536 && p.hugepage_sizes[1] == 0 &&
	       p.memlock == T2SIM_MEMLOCK_UNLIMITED && p.type2_value == T2_TYPE2_VALUE &&
	       p.switches == 0, "INTRO-9: fields");
	tap_ok(p.ngroups == 6 && p.groups[0].group == 1 && p.groups[5].group == 9 &&
	       p.groups[5].nliodns == 2 && p.groups[5].liodn[1] == 0x41 &&
	       !strcmp(p.groups[5].device, "nic9") && p.groups[6].group == 0 &&
	       p.groups[6].device[0] == 0, "INTRO-9: groups ascending, zero beyond ngroups");
	r = t2_oracle_new_from_platform(&p, &o2, err, sizeof(err));
	tap_ok(r == 0, "INTRO-9: struct accepted%s%s", r ? ": " : "", r ? err : "");
	if (!r) {
		memset(&p2, 0xcc, sizeof(p2));
		t2_oracle_get_platform(o2, &p2);
		p2.argsz = p.argsz;
		p2.flags = p.flags;
		tap_ok(!memcmp(&p, &p2, sizeof(p)), "INTRO-9: round trip");
		t2_oracle_free(o2);
	}
	p.groups[1].liodn[0] = 0x500;
	r = t2_oracle_new_from_platform(&p, &o2, err, sizeof(err));
	tap_ok(r == -EINVAL && strstr(err, "groups[1]"), "bad struct refused: %s", err);
	t2_oracle_free(o);
}

static void memory(void)
{
	struct t2_oracle *o = ot_new("p4080,ram=1G");
	struct t2sim_resolve rs = { .argsz = sizeof(rs) };
	uint64_t a, b, c, pa, pb, p1;
	uint32_t psz;
	int cfd = t2_oracle_open_container(o);

	tap_ok(t2_oracle_buf_alloc(o, 4096 * 3, 4096, &a) == 0 && a >= 0x10000, "MEM-4: above 64K");
	tap_ok(t2_oracle_buf_alloc(o, 3 * MiB, 2 * MiB, &b) == -EINVAL, "MEM-1: size multiple");
	tap_ok(t2_oracle_buf_alloc(o, 4096, 8192, &b) == -EINVAL, "MEM-1: kinds of hugepages=");
	tap_ok(t2_oracle_buf_alloc(o, 6 * MiB, 2 * MiB, &b) == 0 && b % (8 * MiB) == 0,
	       "MEM-3: virtual base aligned to 8 MiB");
	t2_oracle_resolve(o, b, &pb, &psz);
	tap_ok(pb % (8 * MiB) == 0 && psz == 2 * MiB, "MEM-3: physical base aligned");
	t2_oracle_resolve(o, b + 5 * MiB + 17, &p1, &psz);
	tap_ok(p1 == pb + 5 * MiB + 17, "MEM-3: contiguous");
	t2_oracle_resolve(o, a, &pa, &psz);
	t2_oracle_resolve(o, a + 4096, &p1, &psz);
	tap_ok(p1 != pa + 4096 && p1 + 4096 != pa && psz == 4096, "MEM-2: not adjacent");
	t2_oracle_resolve(o, a + 3 * 4096, &p1, &psz);
	tap_ok(p1 == T2SIM_NOT_BACKED && psz == 0, "MEM-4: unbacked page after a buffer");
	rs.vaddr = b + 4096;
	OT_RULE(ot_ioctl(o, cfd, T2SIM_RESOLVE, &rs), 0, "INTRO-10");
	tap_ok(rs.phys == pb + 4096 && rs.page_size == 2 * MiB, "INTRO-10: resolve ioctl");
	tap_ok(t2_oracle_buf_alloc(o, GiB, GiB, &c) == -ENOMEM, "MEM-6: RAM exhausted");
	tap_ok(t2_oracle_buf_free(o, b + 4096) == -EINVAL && t2_oracle_buf_free(o, b) == 0,
	       "free by base only");
	t2_oracle_resolve(o, b, &p1, &psz);
	tap_ok(p1 == T2SIM_NOT_BACKED, "MEM-5: freed range unbacked");
	t2_oracle_free(o);
}

int main(void)
{
	tap_plan(-1);
	strings();
	round_trip();
	memory();
	return tap_done();
}
