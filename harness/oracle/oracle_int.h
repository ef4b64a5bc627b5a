/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_int.h - the oracle's private model state, shared by the .c files of harness/oracle/.
 * Nothing here is API; see oracle.h.  The model keeps only what the spec
 * makes observable: per container a window table of at most 256 entries,
 * LIODN links as bit masks over the platform's distinct LIODNs, and running
 * totals for the shared resources (SPAACE pool, pins, locked count, banks).
 */
#ifndef T2_ORACLE_INT_H
#define T2_ORACLE_INT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "backend/core_variant.h"
#include "oracle/oracle.h"

#define ORA_PAGE 4096ull
#define ORA_MAX_WIN 256u		/* WIN-2 cap */
#define ORA_MAX_LIODN 0x500u		/* CORE-15 */
#define ORA_MAX_DLIODN (T2SIM_MAX_GROUPS * T2SIM_MAX_GROUP_LIODNS)
#define ORA_DEF_APERTURE_END 0xFFFFFFFFFull	/* GEOM-1 */
#define ORA_NO_OWNER (-1)

/* ------------------------------------------------------------- platform */
struct ora_group_desc {
	uint32_t num;
	uint32_t nliodns;
	uint32_t liodn[T2SIM_MAX_GROUP_LIODNS];	/* ascending */
	char dev[T2SIM_DEVNAME_LEN];
	uint64_t dmask;			/* the same LIODNs as dense ids */
};

struct ora_plat {
	uint32_t max_windows;
	uint32_t spaace_pool;
	uint32_t cpus;
	uint32_t msi_banks;
	uint32_t policy;		/* T2SIM_POLICY_* */
	uint32_t design;		/* 9a: T2_MSI_DESIGN_*; D (0) by default */
	uint64_t ccsr_base;
	uint64_t msiir_off[T2SIM_MAX_BANKS];
	uint64_t huge[T2SIM_MAX_HUGE];	/* ascending, 0 = unused */
	uint64_t memlock;		/* bytes; T2SIM_MEMLOCK_UNLIMITED */
	uint32_t cap_ipc_lock;
	uint64_t ram;
	uint64_t switches;		/* echoed only */
	uint32_t type2;
	uint32_t ngroups;
	struct ora_group_desc grp[T2SIM_MAX_GROUPS];	/* ascending number */
	/* dense LIODN ids: ascending LIODN value, so mask order is value order */
	uint32_t ndl;
	uint32_t dl_value[ORA_MAX_DLIODN];
};

/* 9a: the designs' letters by INTRO-9 value (the ABI table msi_designs.def). */
#define ORA_NDESIGNS ((uint32_t)T2_MSI_DESIGNS)
extern const char *const ora_design_letter[ORA_NDESIGNS];

struct t2_oracle;
struct ora_ctr;
/*
 * One MSI design the oracle models (oracle_design.c); every hook optional
 * (design D has none).  MAP_DMA calls map_args after MAP-1 row 10, map_state
 * after row 11, enable_sites after its record site and enable at its commit
 * when it enables the domain; UNMAP_DMA calls disabled when it disables it.
 */
struct ora_design_ops {
	uint32_t hidden;		/* bit n: VFIO_BASE + n is an unknown ioctl */
	uint32_t offers;		/* bit n: its design-only ioctl (ORA_DESIGN_ONLY) */
	long (*map_args)(struct t2_oracle *o, struct ora_ctr *c, uint32_t w0, uint64_t cnt);
	long (*map_state)(struct t2_oracle *o, struct ora_ctr *c);
	long (*enable_sites)(struct t2_oracle *o, struct ora_ctr *c);
	void (*enable)(struct t2_oracle *o, struct ora_ctr *c);
	void (*disabled)(struct t2_oracle *o, struct ora_ctr *c);
	/* MAP_DMA with a flag bit the design adds (ora_design_flags), from MAP-1
	 * row 4 on */
	long (*map_flagged)(struct t2_oracle *o, struct ora_ctr *c, uint32_t flags,
			    uint64_t vaddr, uint64_t iova, uint64_t size);
	/* UNMAP_DMA after its DMA windows: the design's windows among the cnt
	 * from w0 it frees too; how many (UNMAP-4 counts them) */
	uint32_t (*unmap)(struct t2_oracle *o, struct ora_ctr *c, uint32_t w0, uint32_t cnt);
};
/* Ioctls only the designs that offer them have: GET_MSI_FD (20), design C. */
#define ORA_DESIGN_ONLY (1u << 20)
extern const struct ora_design_ops ora_design_row_c;	/* oracle_msi_c.c */
/* The design's row, NULL when the oracle does not model it. */
const struct ora_design_ops *ora_design_ops(uint32_t design);

/* Fills the derived fields (dense ids, masks) and checks cross-key rules. */
int ora_plat_finish(struct ora_plat *p, char *err, size_t errlen);
int ora_plat_parse(const char *s, struct ora_plat *p, char *err, size_t errlen);
int ora_plat_from_struct(const struct t2sim_platform *sp, struct ora_plat *p, char *err,
			 size_t errlen);
void ora_plat_to_struct(const struct ora_plat *p, struct t2sim_platform *sp);

static inline uint64_t ora_msiir(const struct ora_plat *p, uint32_t b)
{
	return p->ccsr_base + p->msiir_off[b];
}

static inline uint64_t ora_doorbell(const struct ora_plat *p, uint32_t b)
{
	return ora_msiir(p, b) & ~0xfffull;
}

/* ------------------------------------------------------------- model */
enum ora_win_kind { ORA_WIN_FREE = 0, ORA_WIN_DMA, ORA_WIN_MSI };

struct ora_win {
	uint8_t kind;
	uint8_t prot;			/* VFIO_DMA_MAP_FLAG_READ | _WRITE */
	uint8_t bank;			/* MSI */
	uint8_t src;			/* MSI, design C: group index + 1 of the MSI fd */
	uint8_t mapped;			/* MSI made by MAP_DMA (design B, MSIB-9) */
	uint64_t phys;			/* DMA: physical base of the window */
};

struct ora_ctr {
	bool used;
	int fd;				/* -1 once closed (CORE-13) */
	uint32_t groups;		/* mask over platform group indices */
	bool backend;
	bool geom_set;
	uint64_t start, end;		/* inclusive; defaults while !geom_set */
	uint32_t n;			/* 0 = windows not configured */
	uint64_t ws;
	uint32_t stash_cpu, stash_cache;
	uint64_t linked;		/* dense LIODN ids linked to the domain */
	uint32_t dma_windows, msi_windows;
	uint32_t banks;			/* banks with an MSI record here */
	uint64_t be_serial;		/* design C: this backend's SET_IOMMU number (MSIC-11) */
	struct ora_win win[ORA_MAX_WIN];
};

struct ora_grp {
	int fd;				/* -1: no fd open */
	int ctr;			/* container slot, -1: none */
	uint32_t ndev;			/* open device fds */
	uint64_t leaves;		/* design C: containers left so far (MSIC-11) */
};

/* Design C: an MSI fd's binding (MSIC-11), also copied into each mapping. */
struct ora_msibind {
	uint8_t gi;
	uint64_t leaves, be_serial;
};

#define ORA_MAX_MSIFD 32
#define ORA_MAX_MSIMAP 64

struct ora_msimap {
	uint64_t va;			/* one page (MSIC-5) */
	uint32_t bank, prot;		/* T2_PROT_READ / _WRITE values: 1, 2 */
	struct ora_msibind bind;
};

struct ora_fd {
	uint8_t kind;			/* enum t2_oracle_fd_kind */
	uint8_t idx;			/* container slot or group index */
};

struct ora_buf {
	uint64_t va, size, psz;		/* psz: 4096 or the hugepage size */
	uint64_t pa, pspan;		/* physical frames occupy [pa, pa + pspan) */
	bool live;			/* false: freed, frames kept while pinned (MEM-5) */
	bool has_pa;
};

struct t2_oracle {
	struct ora_plat p;
	const struct ora_design_ops *design;	/* p.design's row (9a) */
	struct ora_fd fds[T2_ORACLE_MAX_FDS];
	int fd_low;			/* no free fd below it: where searches start */
	struct ora_grp grp[T2SIM_MAX_GROUPS];
	struct ora_ctr *ctr[T2_ORACLE_MAX_CONTAINERS];	/* kept allocated across reset */
	int8_t owner[ORA_MAX_DLIODN];	/* container slot per dense LIODN */
	uint64_t spaaces_used;
	uint64_t sim_pins;
	uint64_t locked;		/* pages; never below 0 in spec (ACCT-6) */
	uint32_t bank_users[T2SIM_MAX_BANKS];
	/* design C (oracle_msi_c.c) */
	uint64_t be_serial;		/* last backend serial handed out */
	bool msifd_used[ORA_MAX_MSIFD];
	struct ora_msibind msifd[ORA_MAX_MSIFD];
	struct ora_msimap msimap[ORA_MAX_MSIMAP];	/* ascending va */
	uint32_t nmsimap;
	/* INTRO-3: the target has no T2SIM_* ioctls: they are unknown (ERR-6) */
	bool no_intro;
	/* FAIL-1..4, INTRO-8 */
	bool fault_armed, fault_fired;
	uint32_t fault_remaining;
	/* memory */
	t2_oracle_resolve_fn *resolve;
	void *resolve_ctx;
	struct ora_buf *bufs;
	size_t nbufs, capbufs;
	uint64_t next_va;
	const char *rule;
	int core;			/* enum t2_core_variant (T2_CORE), kept across reset */
};

/* ------------------------------------------------------------- helpers */
static inline uint32_t ora_popcount64(uint64_t m)
{
	return (uint32_t)__builtin_popcountll(m);
}

static inline bool ora_is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* a + b > 2^64 (MAP-1 row 7); reaching exactly 2^64 is not a wrap */
static inline bool ora_add_exceeds(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX - b + 1;
}

static inline uint64_t ora_spaaces_per_liodn(const struct ora_ctr *c)
{
	return c->n > 1 ? c->n - 1 : 0;
}

static inline uint64_t ora_free_spaaces(const struct t2_oracle *o)
{
	return o->p.spaace_pool > o->spaaces_used ? o->p.spaace_pool - o->spaaces_used : 0;
}

static inline long ora_ret(struct t2_oracle *o, const char *rule, long r)
{
	o->rule = rule;
	return r;
}

/*
 * The accessors every rule file uses are inlines here, so that the rule
 * files (oracle_*.c) never call back into oracle.c, which calls them.
 */
/* A fault site reached (FAIL-4): 0, or -ENOMEM when the armed fault fires. */
static inline int ora_site(struct t2_oracle *o)
{
	if (!o->fault_armed)
		return 0;
	if (--o->fault_remaining)
		return 0;
	o->fault_armed = false;
	o->fault_fired = true;
	return -ENOMEM;
}

/* ERR-2: the in-process rule for unreadable host pointers. */
static inline bool ora_bad_ptr(unsigned long arg)
{
	return arg < 4096;
}

static inline uint32_t ora_get32(const void *buf, size_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)buf + off, sizeof(v));
	return v;
}

static inline uint64_t ora_get64(const void *buf, size_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)buf + off, sizeof(v));
	return v;
}

/* Outputs go to host memory field by field: padding is never written (ABI-8). */
static inline void ora_put32(unsigned long arg, size_t off, uint32_t v)
{
	memcpy((char *)arg + off, &v, sizeof(v));
}

static inline void ora_put64(unsigned long arg, size_t off, uint64_t v)
{
	memcpy((char *)arg + off, &v, sizeof(v));
}

/* descriptors */
static inline enum t2_oracle_fd_kind ora_fd_kind(const struct t2_oracle *o, int fd)
{
	if (fd < 0 || fd >= T2_ORACLE_MAX_FDS)
		return T2_ORACLE_FD_NONE;
	return (enum t2_oracle_fd_kind)o->fds[fd].kind;
}

static inline int ora_fd_alloc(struct t2_oracle *o, enum t2_oracle_fd_kind kind, int idx)
{
	int fd;

	for (fd = o->fd_low; fd < T2_ORACLE_MAX_FDS; fd++)
		if (o->fds[fd].kind == T2_ORACLE_FD_NONE) {
			o->fds[fd].kind = (uint8_t)kind;
			o->fds[fd].idx = (uint8_t)idx;
			o->fd_low = fd + 1;
			return fd;
		}
	o->fd_low = T2_ORACLE_MAX_FDS;
	return -EMFILE;
}

static inline bool ora_fd_available(const struct t2_oracle *o)
{
	int fd;

	for (fd = o->fd_low; fd < T2_ORACLE_MAX_FDS; fd++)
		if (o->fds[fd].kind == T2_ORACLE_FD_NONE)
			return true;
	return false;
}

static inline struct ora_ctr *ora_ctr_of_fd(struct t2_oracle *o, int fd)
{
	if (ora_fd_kind(o, fd) != T2_ORACLE_FD_CONTAINER)
		return NULL;
	return o->ctr[o->fds[fd].idx];
}

static inline int ora_ctr_slot(const struct t2_oracle *o, const struct ora_ctr *c)
{
	int i;

	for (i = 0; i < T2_ORACLE_MAX_CONTAINERS; i++)
		if (o->ctr[i] == c)
			return i;
	return -1;
}

/* 9a: cmd is an ioctl the oracle's design does not have (ERR-6). */
bool ora_design_hides(const struct t2_oracle *o, unsigned long cmd);

/* containers and groups (oracle_group.c) */
void ora_ctr_clear_backend(struct ora_ctr *c);
long ora_set_iommu(struct t2_oracle *o, struct ora_ctr *c, unsigned long v);
long ora_group_ioctl(struct t2_oracle *o, int gi, unsigned long cmd, unsigned long arg);
void ora_group_close(struct t2_oracle *o, int gi);
void ora_device_close(struct t2_oracle *o, int gi);
void ora_container_close(struct t2_oracle *o, struct ora_ctr *c);

/* attributes (oracle_attr.c) */
long ora_get_attr(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg);
long ora_set_attr(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg);
void ora_attr_value(const struct t2_oracle *o, const struct ora_ctr *c, uint32_t attribute,
		    uint8_t out[16]);

/* DMA (oracle_dma.c) */
long ora_map_dma(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg);
long ora_unmap_dma(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg);

/* MSI (oracle_msi.c) */
long ora_map_msi(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg);
long ora_unmap_msi(struct t2_oracle *o, struct ora_ctr *c, unsigned long arg);

/* MSI design C (oracle_msi_c.c) */
static inline bool ora_design_c(const struct t2_oracle *o)
{
	return o->p.design == T2_MSI_DESIGN_C;
}
long ora_msic_get_fd(struct t2_oracle *o, int gi, unsigned long arg);
/* MAP_DMA after MAP-1 row 10: 1 when vaddr is no MSI mapping, else the result */
long ora_msic_map(struct t2_oracle *o, struct ora_ctr *c, uint64_t vaddr, uint64_t iova,
		  uint64_t size, uint32_t flags);
/* UNMAP_DMA of windows [w0, w0 + cnt): MSI windows freed (MSIC-10) */
uint64_t ora_msic_unmap(struct t2_oracle *o, struct ora_ctr *c, uint32_t w0, uint64_t cnt);
/* group gi is about to leave container c (MSIC-11) */
void ora_msic_group_leaves(struct t2_oracle *o, struct ora_ctr *c, int gi);
void ora_msic_reset(struct t2_oracle *o);
void ora_msic_close(struct t2_oracle *o, int slot);
int ora_msic_munmap(struct t2_oracle *o, uint64_t va);
/* MAP_DMA's flag bits the design adds (dmaflags.def; MSIB-1), oracle_msib.c */
uint32_t ora_design_flags(const struct t2_oracle *o);
/* design B (oracle_msib.c): MAP_DMA with the MSI flag from MSIB-2 row 4 */
long ora_map_msib(struct t2_oracle *o, struct ora_ctr *c, uint32_t flags, uint64_t vaddr,
		  uint64_t iova, uint64_t size);
/* MSIB-8: frees the mapped MSI windows among cnt windows from w0; how many */
uint32_t ora_unmap_msib(struct t2_oracle *o, struct ora_ctr *c, uint32_t w0, uint32_t cnt);

/* introspection (oracle_intro.c, oracle_xlate.c) */
long ora_intro_ioctl(struct t2_oracle *o, int fd, unsigned long cmd, unsigned long arg);
void ora_fill_counters(const struct t2_oracle *o, const struct ora_ctr *c,
		       struct t2sim_counters *out);
void ora_translate(const struct t2_oracle *o, int gi, uint32_t k, uint64_t iova, bool write,
		   struct t2sim_translate *t, const char **rule);

/* memory (oracle_mem.c) */
void ora_mem_reset(struct t2_oracle *o);
void ora_mem_free_all(struct t2_oracle *o);
/*
 * MAP-1 rows 13/14 for [va, va + len): 0 and the physical base, or -EFAULT
 * with *rule set to "MAP-1.13" or "MAP-1.14".
 */
int ora_backing(struct t2_oracle *o, uint64_t va, uint64_t len, uint64_t *phys,
		const char **rule);

#endif /* T2_ORACLE_INT_H */
