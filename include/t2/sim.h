/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * sim.h - the simulator's introspection ABI (spec section 17), kept apart from
 * the type2 ABI (INTRO-2).  A real kernel does not answer these ioctls.
 * Also the switch bits of INTRO-9, from switches.def (sdk2013) and
 * designs2013.def, and the MSI design values, from msi_designs.def.
 */
#ifndef T2_SIM_H
#define T2_SIM_H

#include "abi.h"

#define T2SIM_TYPE ('7')
#define T2SIM_BASE 0x40

#define T2SIM_IOCTL(name, n, fd, minsz, flagmask) \
	enum { name = _IO(T2SIM_TYPE, T2SIM_BASE + (n)), T2_MINSZ_##name = (minsz) };
#include "simioctls.def"
#undef T2SIM_IOCTL

/* Whether cmd is one of the introspection ioctls (INTRO-1). */
static inline int t2sim_is_intro_cmd(unsigned long cmd)
{
	switch (cmd) {
#define T2SIM_IOCTL(name, n, fd, minsz, flagmask) case name:
#include "simioctls.def"
#undef T2SIM_IOCTL
		return 1;
	default:
		return 0;
	}
}

/* INTRO-9 switches: bit n-1 = SDK-Bn, bit 15+k = SDK-Lk (from switches.def). */
#define T2_SWITCH(name, bit, matrix, summary) T2_SW_##name = (1 << (bit)),
enum t2_switch_bits {
#include "switches.def"
};
#undef T2_SWITCH
enum {
	T2_SW_ALL = 0
#define T2_SWITCH(name, bit, matrix, summary) | (1 << (bit))
#include "switches.def"
#undef T2_SWITCH
	,
	T2_SW_MATRIX = 0 /* B1..B16, the defect matrix (PERS-3) */
#define T2_SWITCH(name, bit, matrix, summary) | ((matrix) << (bit))
#include "switches.def"
#undef T2_SWITCH
};

/*
 * INTRO-9 switches, designs2013 (PERS-9): bits 32..55, 8 per design (A 32,
 * B 40, C 48).  Enum constants stay int-sized, so the table gives bit
 * numbers (T2_DSWB_A1 = 32) and T2_DSW(A1) the mask bit.
 */
#define T2_DSWITCH(name, bit, design, summary) T2_DSWB_##name = (bit),
enum t2_dswitch_bitno {
	T2_DSWB_NONE_ = 0, /* keeps the enum non-empty while a design has no row */
#include "designs2013.def"
};
#undef T2_DSWITCH
#define T2_DSW(name) (1ull << T2_DSWB_##name)
#define T2_SW_DESIGN_MASK(value) (0xffull << (24 + 8 * (value))) /* A = 1 .. C = 3 */
/* Every designs2013 switch: the `designs2013` personality (PERS-9). */
static inline unsigned long long t2_sw_designs(void)
{
	return 0ull
#define T2_DSWITCH(name, bit, design, summary) | (1ull << (bit))
#include "designs2013.def"
#undef T2_DSWITCH
		;
}
#define T2_SW_DESIGNS (t2_sw_designs())
/* Each row's bit lies in its design's block. */
#define T2_DSWITCH(name, bit, design, summary) \
	_Static_assert((bit) >= 24 + 8 * T2_MSI_DESIGN_##design && \
		       (bit) < 32 + 8 * T2_MSI_DESIGN_##design && T2_MSI_DESIGN_##design > 0, \
		       #name ": bit outside design " #design "'s block");

/* INTRO-9 msi_design (spec 9a): T2_MSI_DESIGN_D = 0, _A = 1, ... */
#define T2_MSI_DESIGN(letter, value, section, summary) T2_MSI_DESIGN_##letter = (value),
enum t2_msi_design {
#include "msi_designs.def"
	T2_MSI_DESIGNS /* number of designs: values are 0 .. T2_MSI_DESIGNS - 1 */
};
#undef T2_MSI_DESIGN
#include "designs2013.def"
#undef T2_DSWITCH

/* INTRO-5 */
#define T2SIM_XLATE_WRITE (1u << 0)
enum t2sim_xlate_result {
	T2SIM_XLATE_OK = 0,
	T2SIM_XLATE_LIODN_INVALID = 1,
	T2SIM_XLATE_OUTSIDE_APERTURE = 2,
	T2SIM_XLATE_WINDOW_FREE = 3,
	T2SIM_XLATE_BEYOND_MAPPING = 4,
	T2SIM_XLATE_PERMISSION = 5,
};
#define T2SIM_MSI_HIT (1u << 0)
#define T2SIM_MSI_MSIIR (1u << 1)
#define T2SIM_NO_BANK 0xFFFFFFFFu

struct t2sim_translate {
	__u32 argsz;
	__u32 flags;
	__u32 liodn_index;
	__u32 pad0;
	__u64 iova;
	__u32 result;
	__u32 liodn;
	__u64 phys;
	__u32 msi_bank;
	__u32 msi_flags;
};

/* INTRO-6 */
struct t2sim_counters {
	__u32 argsz;
	__u32 flags;
	__u32 backend;
	__u32 enabled;
	__u32 windows;
	__u32 dma_windows;
	__u32 msi_windows;
	__u32 msi_records;
	__u64 window_size;
	__u64 dma_claimed;
	__u64 pins;
	__u64 spaaces;
	__u32 groups;
	__u32 liodns_linked;
	__u32 liodns_valid;
	__u32 pad0;
	__u64 sim_pins;
	__u64 sim_spaaces;
	__s64 locked;
	__u64 crash_points;
};

/* INTRO-8 */
#define T2SIM_FAIL_ARM (1u << 0)
struct t2sim_fail_nth {
	__u32 argsz;
	__u32 flags;
	__u32 nth;
	__u32 remaining;
	__u32 fired;
	__u32 pad0;
};

/* INTRO-9 */
#define T2SIM_MAX_BANKS 8
#define T2SIM_MAX_HUGE 4
#define T2SIM_MAX_GROUPS 16
#define T2SIM_MAX_GROUP_LIODNS 4
#define T2SIM_DEVNAME_LEN 32
#define T2SIM_POLICY_EXCLUSIVE 0
#define T2SIM_POLICY_SHARED 1
#define T2SIM_MEMLOCK_UNLIMITED (~0ull)

struct t2sim_group_desc {
	__u32 group;
	__u32 nliodns;
	__u32 liodn[T2SIM_MAX_GROUP_LIODNS];
	char device[T2SIM_DEVNAME_LEN];
};

struct t2sim_platform {
	__u32 argsz;
	__u32 flags;
	__u32 page_size;
	__u32 max_windows;
	__u32 spaace_pool;
	__u32 cpus;
	__u32 msi_banks;
	__u32 msi_policy;
	__u64 ccsr_base;
	__u64 msiir[T2SIM_MAX_BANKS];
	__u64 hugepage_sizes[T2SIM_MAX_HUGE];
	__u64 memlock;
	__u64 ram;
	__u64 switches;
	__u32 type2_value;
	__u32 cap_ipc_lock;
	__u32 ngroups;
	__u32 msi_design;       /* enum t2_msi_design (spec 9a); was pad0 */
	struct t2sim_group_desc groups[T2SIM_MAX_GROUPS];
};

/* INTRO-10 */
#define T2SIM_NOT_BACKED (~0ull)
struct t2sim_resolve {
	__u32 argsz;
	__u32 flags;
	__u64 vaddr;
	__u64 phys;
	__u32 page_size;
	__u32 pad0;
};

/* INTRO-11 */
T2_PIN_ALIGN(t2sim_translate, 8);
T2_PIN_ALIGN(t2sim_counters, 8);
T2_PIN_ALIGN(t2sim_fail_nth, 4);
T2_PIN_ALIGN(t2sim_group_desc, 4);
T2_PIN_ALIGN(t2sim_platform, 8);
T2_PIN_ALIGN(t2sim_resolve, 8);
T2_PIN_SIZE(t2sim_translate, 48);
T2_PIN_OFF(t2sim_translate, argsz, 0);
T2_PIN_OFF(t2sim_translate, flags, 4);
T2_PIN_OFF(t2sim_translate, liodn_index, 8);
T2_PIN_OFF(t2sim_translate, pad0, 12);
T2_PIN_OFF(t2sim_translate, iova, 16);
T2_PIN_OFF(t2sim_translate, result, 24);
T2_PIN_OFF(t2sim_translate, liodn, 28);
T2_PIN_OFF(t2sim_translate, phys, 32);
T2_PIN_OFF(t2sim_translate, msi_bank, 40);
T2_PIN_OFF(t2sim_translate, msi_flags, 44);

T2_PIN_SIZE(t2sim_counters, 112);
T2_PIN_OFF(t2sim_counters, backend, 8);
T2_PIN_OFF(t2sim_counters, enabled, 12);
T2_PIN_OFF(t2sim_counters, windows, 16);
T2_PIN_OFF(t2sim_counters, dma_windows, 20);
T2_PIN_OFF(t2sim_counters, msi_windows, 24);
T2_PIN_OFF(t2sim_counters, msi_records, 28);
T2_PIN_OFF(t2sim_counters, window_size, 32);
T2_PIN_OFF(t2sim_counters, dma_claimed, 40);
T2_PIN_OFF(t2sim_counters, pins, 48);
T2_PIN_OFF(t2sim_counters, spaaces, 56);
T2_PIN_OFF(t2sim_counters, groups, 64);
T2_PIN_OFF(t2sim_counters, liodns_linked, 68);
T2_PIN_OFF(t2sim_counters, liodns_valid, 72);
T2_PIN_OFF(t2sim_counters, pad0, 76);
T2_PIN_OFF(t2sim_counters, sim_pins, 80);
T2_PIN_OFF(t2sim_counters, sim_spaaces, 88);
T2_PIN_OFF(t2sim_counters, locked, 96);
T2_PIN_OFF(t2sim_counters, crash_points, 104);

T2_PIN_SIZE(t2sim_fail_nth, 24);
T2_PIN_OFF(t2sim_fail_nth, nth, 8);
T2_PIN_OFF(t2sim_fail_nth, remaining, 12);
T2_PIN_OFF(t2sim_fail_nth, fired, 16);
T2_PIN_OFF(t2sim_fail_nth, pad0, 20);

T2_PIN_SIZE(t2sim_group_desc, 56);
T2_PIN_OFF(t2sim_group_desc, nliodns, 4);
T2_PIN_OFF(t2sim_group_desc, liodn, 8);
T2_PIN_OFF(t2sim_group_desc, device, 24);

T2_PIN_SIZE(t2sim_platform, 1072);
T2_PIN_OFF(t2sim_platform, page_size, 8);
T2_PIN_OFF(t2sim_platform, max_windows, 12);
T2_PIN_OFF(t2sim_platform, spaace_pool, 16);
T2_PIN_OFF(t2sim_platform, cpus, 20);
T2_PIN_OFF(t2sim_platform, msi_banks, 24);
T2_PIN_OFF(t2sim_platform, msi_policy, 28);
T2_PIN_OFF(t2sim_platform, ccsr_base, 32);
T2_PIN_OFF(t2sim_platform, msiir, 40);
T2_PIN_OFF(t2sim_platform, hugepage_sizes, 104);
T2_PIN_OFF(t2sim_platform, memlock, 136);
T2_PIN_OFF(t2sim_platform, ram, 144);
T2_PIN_OFF(t2sim_platform, switches, 152);
T2_PIN_OFF(t2sim_platform, type2_value, 160);
T2_PIN_OFF(t2sim_platform, cap_ipc_lock, 164);
T2_PIN_OFF(t2sim_platform, ngroups, 168);
T2_PIN_OFF(t2sim_platform, msi_design, 172);
T2_PIN_OFF(t2sim_platform, groups, 176);

T2_PIN_SIZE(t2sim_resolve, 32);
T2_PIN_OFF(t2sim_resolve, vaddr, 8);
T2_PIN_OFF(t2sim_resolve, phys, 16);
T2_PIN_OFF(t2sim_resolve, page_size, 24);
T2_PIN_OFF(t2sim_resolve, pad0, 28);

#endif /* T2_SIM_H */
