/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * internal.h - the simulator core's shared state and cross-file procedures.
 *
 * Two layers, like the reference driver (spec 19.2):
 *  - the VFIO layer (struct t2_backend): the working copy start_w/end_w/ws_w
 *    (PERS-5), DMA records with their pins (PERS-7), MSI records, locked-page
 *    accounting.  Protected by the container lock s->big.
 *  - the PAMU layer (struct t2_domain, struct t2_liodn, the SPAACE pool):
 *    geometry, window table, LIODN links and programming, enable, stash.
 *    Protected by s->dom, always taken inside s->big when both are held.
 * In `spec` every ioctl holds s->big throughout, so s->dom is uncontended
 * and the working copy always equals the domain (invisible).  SDK-B8 drops
 * s->big on the attribute and MSI paths (section 19.3).
 */
#ifndef T2_CORE_INTERNAL_H
#define T2_CORE_INTERNAL_H

#include "os.h"
#include "t2core.h"
#include "points.h"

/* A handler's COMMIT point (points.def); the split mutant of it drops s->big. */
#define T2_COMMIT(call, name) \
	t2_commit_point((call)->s->env, (call)->s->big, (call)->locked, T2_PT_##name, \
			T2_MUT_SPLIT_##name)

/* An SDK-B8 step (points.def, kind B8): only without the container lock. */
#define T2_B8_STEP(call, name) \
	do { \
		if (!(call)->locked) { \
			os_sched_point((call)->s->env, T2_PT_##name); \
			os_yield(); \
		} \
	} while (0)

#define T2_LIODN_LIMIT 0x500u
#define T2_MAX_LIODNS (T2SIM_MAX_GROUPS * T2SIM_MAX_GROUP_LIODNS)
#define T2_WIN_CAP 256u             /* WIN-2, PLAT-6 */
#define T2_MSI_SLOTS 256u           /* MSI records per container */
#define T2_DEFAULT_END 0xFFFFFFFFFull /* GEOM-1: 2^36 - 1 */
#define T2_REF_CCSR 0xffe000000ull  /* SDK-B10 */
#define T2_ECRASH 4095              /* internal: crash point, returned as EFAULT */
#define T2_NAME_MAX 4096            /* CORE-10 */

static inline bool t2_pow2(u64 v)
{
	return v && !(v & (v - 1));
}

/* ------------------------------------------------------------ files */
struct t2_file {
	u32 kind; /* enum t2_file_kind */
};

struct t2_container;
struct t2_domain;

/* One LIODN of the platform (distinct values, ascending). */
struct t2_liodn {
	u32 value;
	u32 nlinks;             /* domains linking it (>1 only under SDK-B13) */
	struct t2_domain *prog; /* domain that programmed it last, or NULL */
	bool valid;
};

/* One platform group; its fd is `file` (CORE-6: one open at a time). */
struct t2_group {
	struct t2_file file;
	u32 num;
	u32 index;              /* in s->group[] (ascending number) */
	u32 nliodn;
	u32 lidx[T2SIM_MAX_GROUP_LIODNS]; /* indices in s->liodn[] */
	u64 lmask;              /* the same, as a mask */
	char device[T2SIM_DEVNAME_LEN];
	bool fd_open;
	u32 ndevices;           /* open device fds */
	struct t2_container *container;
	u64 leaves;             /* containers left so far (MSIC-11 revocation) */
};

struct t2_device {
	struct t2_file file;
	struct t2_group *g;
};

/* An MSI fd of design C (msi_c.c, MSIC-3): bound to g and to the backend
 * with serial be_serial while g->leaves == leaves (MSIC-11). */
struct t2_msifd {
	struct t2_file file;
	struct t2_group *g;
	u64 leaves;
	u64 be_serial;
};

/* ------------------------------------------------------------ PAMU layer */
enum t2_win_kind { T2_WIN_FREE = 0, T2_WIN_DMA = 1, T2_WIN_MSI = 2 };

struct t2_window {
	u32 kind;  /* enum t2_win_kind */
	u32 prot;  /* VFIO_DMA_MAP_FLAG_READ / _WRITE */
	u32 bank;  /* MSI */
	u32 pad0;
	u64 phys;  /* physical base */
	u64 size;  /* bytes mapped from the window base (PERS-6) */
	/* SDK-B16: the reference keeps a stash per window, set or read at
	 * whatever index the VFIO layer left uninitialised; it outlives the
	 * window's mapping and lasts as long as the window table */
	u32 stash_cpu, stash_cache;
};

struct t2_domain {
	struct t2_container *c;
	bool geom_set;
	bool enabled;
	u64 start, end;         /* geometry (default while !geom_set) */
	u32 n;                  /* 0: windows not configured */
	u64 ws;                 /* domain window size, 0 while n = 0 */
	struct t2_window *win;  /* n entries */
	u32 stash_cpu, stash_cache;
	u64 linked;             /* mask over s->liodn[] */
	u32 link_spaaces[T2_MAX_LIODNS];
};

/* ------------------------------------------------------------ VFIO layer */
/* The pin array of one DMA window (MAP-4's pin-array fault site). */
struct t2_pins {
	struct t2_pins *next;
	u64 iova;               /* window base (working copy at map time) */
	u64 len;                /* window size pinned (ws_w at map time) */
	u64 index;              /* domain window index */
	u64 first, held;        /* pages [first, first + held) still pinned */
	struct os_pin pin;
	/* os_pin_array_bytes() of shim storage follow */
};

/* A DMA record (PERS-7): claims [iova, iova + claimed). */
struct t2_dmarec {
	struct t2_dmarec *next; /* ascending iova */
	u64 iova, claimed;
	struct t2_pins *pins;   /* ascending iova */
};

struct t2_recchunk {
	struct t2_recchunk *next;
	struct t2_dmarec rec[32];
};

struct t2_msirec {
	u32 used;
	u32 bank;
	u32 prot;
	u32 src;                    /* design C: group index + 1 of the MSI fd; 0: D */
	u32 mapped;                 /* made by MAP_DMA with the MSI flag (MSIB-9) */
	u32 pad0;
	u64 iova;
};

struct t2_backend {
	u64 serial;                 /* distinct per SET_IOMMU of the instance (MSIC-11) */
	u64 start_w, end_w, ws_w;   /* PERS-5 working copy */
	u64 taint;                  /* switch that last made ws_w odd (PERS-5) */
	struct t2_dmarec *recs;
	struct t2_dmarec *free_recs;
	u32 nrecs, nfree_recs, npins;
	u32 users;                  /* SDK-B8 calls in flight (s->dom) */
	bool dead;                  /* released while users > 0 */
	struct t2_recchunk *chunks;
	struct t2_domain dom;
	u32 msi_top;                /* no slot at or above it was ever used (s->dom) */
	struct t2_msirec msi[T2_MSI_SLOTS];
};

struct t2_container {
	struct t2_file file;
	struct t2_sim *sim;
	struct t2_container *next;
	bool fd_open;
	u32 groups;                 /* mask over s->group[] */
	struct t2_backend *be;
};

/* ------------------------------------------------------------ MSI designs */
struct t2_call;

/*
 * One MSI design (spec 9a; design.c).  Every hook is optional: design D
 * (section 9) has none.  The hooks run with s->big held (MAP/UNMAP_DMA and
 * release always hold it) and take s->dom themselves.
 */
struct t2_design_ops {
	const char *letter;
	/* bit n: ioctl VFIO_BASE + n is an unknown ioctl (ERR-6) in this design */
	u32 hidden;
	/* MAP_DMA argument check after MAP-1 row 10 (level 4): 0 or -errno */
	long (*map_args)(struct t2_call *call, u64 iova, u64 size);
	/* MAP_DMA state check after MAP-1 row 11 (level 5): 0 or -errno */
	long (*map_state)(struct t2_call *call, u64 iova, u64 size);
	/* MAP_DMA after its record site, when the call is about to enable the
	 * domain: fault sites allowed; on failure undoes itself, returns -errno */
	long (*enable)(struct t2_call *call);
	/* the domain was just disabled (UNMAP-5) */
	void (*disabled)(struct t2_sim *s, struct t2_backend *be);
	/* release, before the records and windows go (REL-2) */
	void (*release)(struct t2_sim *s, struct t2_backend *be);
	/* bit n: design-only ioctl VFIO_BASE + n (T2_DESIGN_ONLY) this design has */
	u32 offers;
	/* MAP_DMA after MAP-1 row 10 (and the design's map_args): 1 when the
	 * call is a plain DMA map, else its result (the design mapped it) */
	long (*map_vaddr)(struct t2_call *call, u64 vaddr, u64 iova, u64 size, u32 prot);
	/* MAP_DMA with a flag bit the design adds (t2_design_map_flags), from
	 * MAP-1 row 4 on */
	long (*map_flagged)(struct t2_call *call);
	/* UNMAP_DMA after freeing the DMA windows of [lo, hi]: the design's
	 * windows it freed there too (they count in UNMAP-4's size) */
	u64 (*unmap)(struct t2_sim *s, struct t2_backend *be, u64 lo, u64 hi);
	/* group g is about to leave container c (CORE-9, CORE-12) */
	void (*group_leaves)(struct t2_sim *s, struct t2_container *c, struct t2_group *g);
};

/* Ioctls that exist only in the designs that offer them (bit n: VFIO_BASE + n):
 * VFIO_GROUP_GET_MSI_FD (20) of design C. */
#define T2_DESIGN_ONLY (1u << 20)

/* The row of design `value` (INTRO-9 msi_design), NULL if not implemented. */
const struct t2_design_ops *t2_msi_design_get(u32 value);
extern const struct t2_design_ops t2_design_a; /* msi_a.c */
extern const struct t2_design_ops t2_design_b; /* msi_b.c */
extern const struct t2_design_ops t2_design_c; /* msi_c.c */

/* ------------------------------------------------------------ instance */
struct t2_sim {
	struct t2sim_platform plat;
	const struct t2_design_ops *design; /* plat.msi_design's row */
	u64 msiir_off[T2SIM_MAX_BANKS];
	u64 sw;
	struct os_env *env;
	struct os_lock *big, *dom;
	u64 fail;                   /* remaining (bits 0..31), fired (bit 32) */
	u64 fail_owner;             /* os_caller_id() of the arming caller */
	u64 crash_points;
	u64 pins_total;             /* sim_pins */
	u64 spaace_used;            /* sim_spaaces */
	u32 nliodn, ngroups;
	struct t2_liodn liodn[T2_MAX_LIODNS];
	struct t2_group group[T2SIM_MAX_GROUPS];
	struct t2_container *containers;
	struct t2_pins *orphans;    /* pins with no owner (SDK-B7) */
	u32 a_stale_banks;          /* banks a released container kept (design A, A4) */
	u64 be_serial;              /* last backend serial handed out */
};

static inline bool t2_sw(const struct t2_sim *s, u64 bit)
{
	return (s->sw & bit) != 0;
}

/*
 * s->dom orders callers that do not hold s->big: the SDK-B8 paths.  Without
 * B8 every caller holds s->big around it (dispatch, opens and closes), so it
 * would never be contended and is skipped; the switch set never changes.
 */
static inline void t2_lock_dom(struct t2_sim *s)
{
	if (t2_sw(s, T2_SW_B8)) {
		os_sched_point(s->env, T2_PT_DOM_LOCK);
		os_lock(s->dom);
	}
}

static inline void t2_unlock_dom(struct t2_sim *s)
{
	if (t2_sw(s, T2_SW_B8)) {
		os_unlock(s->dom);
		os_sched_point(s->env, T2_PT_DOM_UNLOCK);
	}
}

/* ------------------------------------------------------------ design.c */
/* 9a: is cmd an ioctl the instance's design does not have (ERR-6)? */
bool t2_design_hides(const struct t2_sim *s, unsigned long cmd);
/* The MAP_DMA flag bits the instance's design adds to ioctls.def's mask
 * (the rows of include/t2/dmaflags.def whose design is its letter). */
u32 t2_design_map_flags(const struct t2_sim *s);

/* ------------------------------------------------------------ dispatch */
/* One ioctl in flight: the local copy of its argument and what to write back. */
union t2_argbuf {
	struct vfio_group_status status;
	struct vfio_iommu_type1_dma_map map;
	struct vfio_iommu_type1_dma_unmap unmap;
	struct vfio_pamu_attr attr;
	struct vfio_pamu_msi_bank_map msimap;
	struct vfio_pamu_msi_bank_unmap msiunmap;
	struct vfio_group_msi_fd msifd;
	struct t2sim_translate xlate;
	struct t2sim_counters counters;
	struct t2sim_fail_nth fail;
	struct t2sim_platform platform;
	struct t2sim_resolve resolve;
	__s32 s32;
	u8 raw[1072];
};

struct t2_call {
	struct t2_sim *s;
	struct t2_file *f;
	struct t2_container *c;     /* container fd, or NULL */
	struct t2_group *g;         /* group fd, or NULL */
	struct t2_backend *be;      /* the container's backend, after level 0 */
	unsigned long arg;
	bool locked;                /* s->big held */
	u32 out_off[2], out_len[2]; /* write-back segments, set on success */
	union t2_argbuf a;
};

static inline void t2_out(struct t2_call *call, u32 seg, u32 off, u32 len)
{
	call->out_off[seg] = off;
	call->out_len[seg] = len;
}

#define T2_IOCTL(name, n, fd, arg, minsz, mask) long t2h_##name(struct t2_call *call);
#include "t2/ioctls.def"
#undef T2_IOCTL
#define T2SIM_IOCTL(name, n, fd, minsz, mask) long t2h_##name(struct t2_call *call);
#include "t2/simioctls.def"
#undef T2SIM_IOCTL

/* ------------------------------------------------------------ faults.c */
int t2_fault_site(struct t2_sim *s);
void *t2_fault_alloc(struct t2_sim *s, size_t n, int *err);
void t2_fail_arm(struct t2_sim *s, u32 nth);
void t2_fail_read(struct t2_sim *s, u32 *remaining, u32 *fired);

/* ------------------------------------------------------------ personality.c */
/* PERS-4: count, log "t2sim: Bn: reference crash: <reason>", -T2_ECRASH. */
long t2_crash(struct t2_sim *s, u64 sw_bit, const char *reason);
const char *t2_switch_name(u64 sw_bit);
/* a name of alen bytes equals the NUL-terminated b, case aside (PERS-2) */
bool t2_name_eq(const char *a, size_t alen, const char *b);

/* ------------------------------------------------------------ domain.c (s->dom held) */
void t2_dom_init(struct t2_domain *d, struct t2_container *c);
void t2_dom_set_enabled(struct t2_sim *s, struct t2_domain *d, bool on);
void t2_dom_program(struct t2_sim *s, struct t2_domain *d);
int t2_dom_win_program(struct t2_sim *s, struct t2_domain *d, s64 idx,
		       const struct t2_window *w);
void t2_dom_win_free(struct t2_sim *s, struct t2_domain *d, s64 idx);
bool t2_dom_any_valid(const struct t2_domain *d);
u32 t2_dom_count(const struct t2_domain *d, u32 kind);
int t2_dom_attach(struct t2_sim *s, struct t2_domain *d, struct t2_group *g);
void t2_dom_detach(struct t2_sim *s, struct t2_domain *d, struct t2_group *g,
		   u32 other_groups);
void t2_dom_unlink(struct t2_sim *s, struct t2_domain *d, u32 li);
void t2_dom_teardown(struct t2_sim *s, struct t2_domain *d);
u64 t2_dom_spaaces(const struct t2_domain *d);
u64 t2_dom_doorbell(const struct t2_sim *s, u32 bank);

/* ------------------------------------------------------------ container.c */
void t2_container_maybe_destroy(struct t2_sim *s, struct t2_container *c);
long t2_group_leave(struct t2_sim *s, struct t2_group *g);

/* ------------------------------------------------------------ dma.c */
void t2_pins_release(struct t2_sim *s, struct t2_pins *p);
void t2_pins_orphan(struct t2_sim *s, struct t2_pins *p);
void t2_locked_sub_window(struct t2_sim *s, const struct t2_pins *p);
struct t2_dmarec *t2_rec_spare(struct t2_backend *be);
void t2_rec_free(struct t2_backend *be, struct t2_dmarec *r);
void t2_rec_insert(struct t2_backend *be, struct t2_dmarec *r);
void t2_rec_unlink(struct t2_backend *be, struct t2_dmarec *r);
void t2_dma_drop_all_pins(struct t2_sim *s, struct t2_backend *be);
void t2_dma_disable_if_empty(struct t2_sim *s, struct t2_backend *be);
/* Release: every record, its pins and pages. */
void t2_recs_free_all(struct t2_sim *s, struct t2_backend *be);
u64 t2_dma_claimed(const struct t2_backend *be);
u64 t2_dma_pins(const struct t2_backend *be);

/* ------------------------------------------------------------ dma_b3.c */
/* SDK-B3's UNMAP_DMA walk of [u, u + sz); 0 or a crash point. */
long t2_dma_unmap_b3(struct t2_sim *s, struct t2_backend *be, u64 u, u64 sz, u64 *freed_bytes);
/* SDK-B3's record walk at release; 0 or a crash point. */
long t2_dma_release_walk(struct t2_sim *s, struct t2_backend *be);

/* ------------------------------------------------------------ msi.c */
u32 t2_msi_records(const struct t2_backend *be);
bool t2_msi_bank_taken(struct t2_sim *s, struct t2_container *c,
		       const struct t2_backend *be, u32 bank);
bool t2_msi_bank_here(const struct t2_backend *be, u32 bank);
bool t2_msi_bank_elsewhere(struct t2_sim *s, const struct t2_container *c, u32 bank);

/* ------------------------------------------------------------ msi_c.c (design C) */
void t2_msic_close(struct t2_sim *s, struct t2_file *f);

/* ------------------------------------------------------------ release.c */
long t2_release(struct t2_sim *s, struct t2_container *c);
/* Free a released backend once no SDK-B8 call uses it (s->dom held). */
void t2_backend_put(struct t2_backend *be);

/* ------------------------------------------------------------ util (personality.c) */
struct t2_str {
	char *buf;
	size_t len, pos;
};
void t2_str_init(struct t2_str *b, char *buf, size_t len);
void t2_str_put(struct t2_str *b, const char *s);
void t2_str_putn(struct t2_str *b, const char *s, size_t n);
void t2_str_dec(struct t2_str *b, u64 v);
void t2_str_hex(struct t2_str *b, u64 v);
size_t t2_strlen(const char *s);

#endif /* T2_CORE_INTERNAL_H */
