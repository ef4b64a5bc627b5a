/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * prog_bin.c - the binary form of a program, what the fuzzers mutate.
 *
 * Layout (version 3; versions 1 and 2 decode as they did, see below):
 *   byte 0   version in bits 0..6; bit 7: a literal platform string follows;
 *            version 4 without it: bits 4..5 choose the MSI design
 *   byte 1   profile (mod T2P_NPROFILES): which op table the opcodes index
 *   byte 2   platform selector (preset, MSI policy, small pools, ...) or,
 *            with bit 7 of byte 0, a length byte and the string itself
 *   ops      opcode byte (bit 7: an extras byte follows), then the fields in
 *            table order, then the extras' values (argsz, flags); an opcode
 *            byte 0x00 or 0xff is padding, no op (version 2: in version 1
 *            0x00 opened a container, and the zero runs mutators insert made
 *            about 40 % of all fuzzed ops container opens; 0xff runs made
 *            SET_CONTAINER calls on a group never opened)
 * A handle field is one byte: below 0xc0 it picks among the handles the
 * program made so far, 0xc0 + i is index i as it is (see decode_handle).
 * A value field is a mode byte and a payload.  Modes 0x00..0x7f are
 * "steered": the decoder keeps a shadow of what the program itself set up
 * (apertures, window counts, buffers, which group went to which container)
 * and turns the payload into window bases, doorbell addresses, whole-window
 * sizes, offsets inside buffers, powers of two...  The other modes give small
 * numbers, page multiples, powers of two with deltas, interesting constants
 * and literals, so invalid values stay reachable.  Missing bytes read as 0.
 *
 *
 * Version 5 adds design C's ops (MSI_FD, MMAP_MSI; spec 9d) to every
 * profile's table, before BLOCK; a version 4 header (version bits 0..3 = 4,
 * whatever its design bits) and versions 1 to 3 keep their tables.
 *
 * Version 3 adds concurrent blocks (prog.h): the last entry of each profile's
 * opcode table is BLOCK, read as its seed (a value), a thread count byte
 * (below 0xf0: 2 + b % 3 threads; else 1) and one length byte per thread
 * (below 0x80: 1 + b % 3 ops; else 1 + (b & 7)), then the threads' ops one
 * after the other (padding skipped as outside).  Inside a block an opcode
 * that may not stand there (t2p_block_op_ok) takes the next table entry that
 * may.  A header whose version bits are 1 or 2 selects the tables without
 * BLOCK, so corpora written before version 3 keep their programs; any
 * other version decodes as version 3.
 *
 * The encoder runs the same shadow and, for each value, picks the first mode
 * whose decoding gives the value back (steered modes first, so that mutating
 * an encoded seed moves between meaningful values), hence decode(encode(p))
 * equals p for every program the decoder can produce.
 *
 * One file, past the size the others keep: the decoder, the encoder and the
 * shadow both run are one mirror image, mode by mode and field by field
 * (the encoder must pick what the decoder gives back); apart they would
 * drift, and a drift silently turns every saved input into another program.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "prog/prog.h"
#include "t2/abi.h"
#include "t2/sim.h"

/* ------------------------------------------------------------ shadow */

/*
 * A container as the steering sees it: the aperture the program set and the
 * window geometry derived from it, computed when the program changes it
 * rather than for every value decoded.
 */
struct shadow_c {
	uint64_t start, end;
	uint64_t S;     /* aperture size; 2^63 if empty or inverted */
	uint64_t ws;    /* window size S / n, at least 4096 */
	uint32_t n;     /* window count: the one set if a power of two, else 1 */
};

struct shadow {
	unsigned int count[T2P_NKINDS];
	struct shadow_c c[T2P_MAX_HANDLES];
	int8_t gcont[T2P_MAX_HANDLES];
	uint8_t gnum[T2P_MAX_HANDLES];
	uint32_t msi_off, cpus;
};

/* A container with no geometry set: the whole 36-bit space, one window. */
static const struct shadow_c default_c = {
	0, 0xfffffffffull, 0x1000000000ull, 0x1000000000ull, 1
};

static void cont_set(struct shadow_c *c, uint64_t start, uint64_t end, uint32_t n)
{
	c->start = start;
	c->end = end;
	c->S = end - start + 1;
	if (c->S == 0 || end < start)
		c->S = 1ull << 63;
	if (n == 0 || (n & (n - 1)))
		n = 1;
	c->n = n;
	c->ws = c->S / n;
	if (c->ws < 4096)
		c->ws = 4096;
}

static void shadow_init(struct shadow *sh, const char *platform)
{
	memset(sh->count, 0, sizeof(sh->count));
	if (!strncmp(platform, "t4240", 5)) {
		sh->msi_off = 0x148;
		sh->cpus = 24;
	} else {
		sh->msi_off = 0x140;
		sh->cpus = 8;
	}
}

/* Container c<idx> if the program created it, else NULL. */
static struct shadow_c *shadow_c_of(struct shadow *sh, const struct t2p_arg *a)
{
	if (a->kind == T2P_K_C && a->idx < sh->count[T2P_K_C] && a->idx < T2P_MAX_HANDLES)
		return &sh->c[a->idx];
	return NULL;
}

/* The container an op's first operand steers from: its own, or its group's. */
static const struct shadow_c *shadow_op_cont(const struct shadow *sh, const struct t2p_arg *a)
{
	int c;

	if (a->kind == T2P_K_C) {
		if (a->idx < sh->count[T2P_K_C] && a->idx < T2P_MAX_HANDLES)
			return &sh->c[a->idx];
	} else if (a->kind == T2P_K_G) {
		if (a->idx < sh->count[T2P_K_G] && a->idx < T2P_MAX_HANDLES) {
			c = sh->gcont[a->idx];
			if (c >= 0)
				return &sh->c[c];
		}
	}
	return &default_c;
}

/* What the program asked for, whether or not it will succeed at run time. */
static void shadow_apply(struct shadow *sh, const struct t2p_op *op)
{
	unsigned int k = t2p_opinfo[op->code].creates, i;
	struct shadow_c *c;

	switch (op->code) {
	case T2P_OP_SET_GEOMETRY:
		c = shadow_c_of(sh, &op->a[0]);
		if (c)
			cont_set(c, op->a[1].val, op->a[2].val, 0);
		return;
	case T2P_OP_SET_WINDOWS:
		c = shadow_c_of(sh, &op->a[0]);
		if (c)
			cont_set(c, c->start, c->end, (uint32_t)op->a[1].val);
		return;
	case T2P_OP_SET_ATTR:
		c = shadow_c_of(sh, &op->a[0]);
		if (c && op->a[1].val == VFIO_ATTR_GEOMETRY)
			cont_set(c, op->a[2].val, op->a[3].val, 0);
		else if (c && op->a[1].val == VFIO_ATTR_WINDOWS)
			cont_set(c, c->start, c->end, (uint32_t)op->a[2].val);
		return;
	case T2P_OP_SET_CONTAINER:
		if (op->a[0].kind == T2P_K_G && op->a[0].idx < T2P_MAX_HANDLES &&
		    op->a[0].idx < sh->count[T2P_K_G] && op->a[1].kind == T2P_K_C &&
		    op->a[1].idx < sh->count[T2P_K_C] && op->a[1].idx < T2P_MAX_HANDLES)
			sh->gcont[op->a[0].idx] = (int8_t)op->a[1].idx;
		return;
	default:
		break;
	}
	if (k == T2P_K_NUM)
		return;
	i = sh->count[k];
	if (i < T2P_MAX_HANDLES) {
		if (k == T2P_K_C) {
			sh->c[i] = default_c;
		} else if (k == T2P_K_G) {
			sh->gcont[i] = -1;
			sh->gnum[i] = (uint8_t)op->a[0].val;
		}
	}
	if (sh->count[k] < 255)
		sh->count[k]++;
}

/* ------------------------------------------------------------ value context */

/* Internal classes beyond enum t2p_field. */
enum {
	VC_OFFSET = T2P_NFIELDS,  /* offset inside a buffer */
	VC_RAWVADDR,              /* user address with no buffer */
	VC_RAWFD,                 /* SET_CONTAINER raw s32 */
};

/*
 * What steered values are relative to: cheap to set up (pointers and a few
 * words), since the decoder builds one for every value it reads.
 */
struct vctx {
	const struct shadow_c *c;       /* the op's container (or its group's) */
	const struct shadow *sh;        /* platform: msi_off, cpus */
	uint64_t opstart;               /* the field before (END steers from START) */
	uint64_t page;                  /* ALLOC: the page size just decoded */
	unsigned int code;              /* the op (ARGSZ steers from its minsz) */
};

static const int64_t sub_iova[16] = {
	0, -1 /* msi_off */, 0x1000, -2 /* ws-4096 */, -3 /* ws/2 */, -4 /* ws-1 */, 1,
	-5 /* -4096 */, -6 /* msi_off+4 */, 0x800, 0, 0, 0, 0, -7 /* ws */, -8 /* msi_off */
};

static uint64_t sub_value(int64_t s, const struct vctx *v)
{
	switch (s) {
	case -1:
	case -8:
		return v->sh->msi_off;
	case -2:
		return v->c->ws - 0x1000;
	case -3:
		return v->c->ws / 2;
	case -4:
		return v->c->ws - 1;
	case -5:
		return (uint64_t)0 - 0x1000;
	case -6:
		return v->sh->msi_off + 4;
	case -7:
		return v->c->ws;
	default:
		return (uint64_t)s;
	}
}

static const int64_t sub_size[16] = {
	0, 0, 0, 0, 0x1000, -0x1000, -3 /* ws/2 */, 1, -1 /* -1 */, 0x800, 0, 0,
	-7 /* +ws */, 0x2000, 0, 0
};

static uint64_t size_sub(int64_t s, const struct vctx *v)
{
	if (s == -3)
		return v->c->ws / 2;
	if (s == -7)
		return v->c->ws;
	return (uint64_t)s;
}

static const int64_t deltas[16] = {
	0, -1, 1, -0x1000, 0x1000, 0, 0, -2, 2, 0, 0x800, -0x800, 0, 0, 0, 0
};

static uint64_t pow2(unsigned int e)
{
	return 1ull << (e & 63);
}

static uint64_t log2_floor(uint64_t x)
{
	uint64_t e = 0;

	while (x > 1) {
		x >>= 1;
		e++;
	}
	return e;
}

#define IOC_RW(type, nr, size) T2P_IOC(3u, (type), (nr), (size))

static const uint64_t ext_table[8] = { T2_TYPE2_VALUE, 1, 2, 7, 1000, 0, 3, 0xffffffff };
static const uint64_t page_table[8] = { 0x1000, 0x200000, 0x40000000, 0x2000,
					0x10000, 0x400000, 0, 0x3000 };
static const uint64_t flags_table[8] = { 0, 1, 2, 3, 4, 7, 0x80000000u, 0xffffffffu };
static const uint64_t special_table[8] = {
	0, UINT64_MAX, 1ull << 63, (1ull << 63) - 1, 0xfffffffffull, 0x1000000000ull,
	0xffffffffull, 0x100000000ull
};

static uint64_t argsz_ctx(uint32_t minsz, unsigned int q)
{
	switch (q & 7) {
	case 0:
		return minsz;
	case 1:
		return minsz - 1;
	case 2:
		return 0;
	case 3:
		return minsz + 8;
	case 4:
		return minsz + 4096;
	case 5:
		return 1;
	case 6:
		return 4;
	default:
		return 0xffffffffu;
	}
}

static uint64_t rawfd_ctx(unsigned int q)
{
	switch (q & 7) {
	case 0:
		return (uint32_t)-1;
	case 1:
		return (uint32_t)-2;
	case 2:
		return 0x80000000u;
	case 3:
		return 0x7fffffffu;
	default:
		return T2P_RAWFD_MIN + q;
	}
}

/*
 * The steered value for mode parameter p (0..31 plus the family bit) and
 * payload q.  Inline: the decoder's value_of() calls it for most values.
 */
static inline __attribute__((always_inline)) uint64_t
ctx_value(unsigned int cls, const struct vctx *v, unsigned int p, unsigned int q)
{
	uint64_t k, base;

	switch (cls) {
	case T2P_F_IOVA: {
		uint64_t m = (uint64_t)v->c->n + 2;

		if (m > 256)
			m = 256;
		k = q % m;
		if (p & 16)
			base = v->c->end + 1 - (k + 1) * v->c->ws;
		else
			base = v->c->start + k * v->c->ws;
		return base + sub_value(sub_iova[p & 15], v);
	}
	case T2P_F_SIZE:
		if (p & 16)
			return ((uint64_t)q + 1) * 0x1000 + size_sub(sub_size[p & 15], v);
		return ((uint64_t)q + 1) * v->c->ws + size_sub(sub_size[p & 15], v);
	case VC_OFFSET:
		if (p & 16)
			return (uint64_t)q * 0x1000 + size_sub(sub_size[p & 15], v);
		return (uint64_t)q * v->c->ws + size_sub(sub_size[p & 15], v);
	case VC_RAWVADDR:
		switch (p & 3) {
		case 0:
			return (uint64_t)q << 4;
		case 1:
			return (uint64_t)q << 12;
		case 2:
			return (uint64_t)q << 24;
		default:
			return (uint64_t)q << 40;
		}
	case T2P_F_START:
		return (uint64_t)p * pow2(q);
	case T2P_F_END:
		base = (p & 16) ? 0 : v->opstart;
		return base + pow2(q + 29) - 1 + (uint64_t)deltas[p & 15];
	case T2P_F_COUNT:
		switch (p) {
		case 16:
			return v->c->S / 4096;
		case 17:
			return v->c->S / 4096 * 2;
		case 18:
			return 256;
		case 19:
			return 512;
		case 20:
			return 0;
		case 21:
			return pow2(q % 20) - 1;
		case 22:
			return pow2(q % 20) + 1;
		default:
			return pow2(q % 20);
		}
	case T2P_F_ATTR:
		return (p & 16) ? q : q % 4;
	case T2P_F_BANK:
		return q % 10;
	case T2P_F_EXT:
		return ext_table[q & 7];
	case T2P_F_CPU:
		switch (p & 3) {
		case 0:
			return q % (v->sh->cpus + 2);
		case 1:
			return v->sh->cpus - 1;
		case 2:
			return v->sh->cpus;
		default:
			return (uint64_t)q << 8;
		}
	case T2P_F_CACHE:
		return q % 5;
	case T2P_F_PROT:
		return q % 8;   /* PROT_NONE .. READ|WRITE|EXEC */
	case T2P_F_NTH:
		return q % 24;
	case T2P_F_SEED:
		return q;
	case T2P_F_LIDX:
		return q % 5;
	case T2P_F_GNUM:
		return (p & 16) ? q : q % 8;
	case T2P_F_CMD:
		switch (p & 3) {
		case 0:
			return T2P_IO(VFIO_TYPE, VFIO_BASE + q % 32);
		case 1:
			return T2P_IO(T2SIM_TYPE, T2SIM_BASE + q % 8);
		case 2:
			return T2P_IO(VFIO_TYPE, q);
		default:
			return IOC_RW(VFIO_TYPE, VFIO_BASE + q % 32, 32);
		}
	case T2P_F_RAWARG:
		return (uint64_t)q * 16;
	case T2P_F_PAGE:
		return page_table[q & 7];
	case T2P_F_ASIZE: {
		uint64_t pg = v->page ? v->page : 0x1000;

		switch (p & 3) {
		case 0:
			return ((uint64_t)q + 1) * pg;
		case 1:
			return ((uint64_t)q + 1) * pg + 0x1000;
		case 2:
			return ((uint64_t)q + 1) * pg - 0x1000;
		default:
			return pg / 2;
		}
	}
	case T2P_F_DIR:
		return q & 1;
	case T2P_F_ARGSZ:
		return argsz_ctx(t2p_default_argsz(v->code), q);
	case T2P_F_FLAGS:
		return flags_table[q & 7];
	case VC_RAWFD:
		return rawfd_ctx(q);
	default:
		return q;
	}
}

/* Per-class normalisation applied after every mode (keeps values representable). */
static uint64_t normalise(unsigned int cls, uint64_t v)
{
	if (cls == VC_RAWFD) {
		uint32_t x = (uint32_t)v;

		if ((int32_t)x >= 0 && x < T2P_RAWFD_MIN)
			x += T2P_RAWFD_MIN;
		return x;
	}
	if (cls == T2P_F_RAWARG)
		return v & 0xfff;
	if (cls == T2P_F_DIR)
		return v & 1;
	/* (most values fit: no need to ask) */
	if (v > 0xffffffffu && t2p_field_is_u32(cls))
		return v & 0xffffffffu;
	return v;
}

/* ------------------------------------------------------------ reader / writer */

struct rd {
	const uint8_t *d;
	size_t n, pos;
};

static unsigned int rd8(struct rd *r)
{
	unsigned int b = r->pos < r->n ? r->d[r->pos] : 0;

	r->pos++;
	return b;
}

static uint64_t rdle(struct rd *r, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)rd8(r) << (8 * i);
	return v;
}

struct wr {
	uint8_t *b;
	size_t len, pos;
};

static void wr8(struct wr *w, unsigned int v)
{
	if (w->pos < w->len)
		w->b[w->pos] = (uint8_t)v;
	w->pos++;
}

static void wrle(struct wr *w, uint64_t v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		wr8(w, (unsigned int)(v >> (8 * i)) & 0xff);
}

/* ------------------------------------------------------------ value decode */

/* A value from its mode byte m and the payload read after it (decode_value). */
static uint64_t value_of(unsigned int cls, const struct vctx *v, unsigned int m, uint64_t pl)
{
	unsigned int p = m & 31;
	uint64_t x;

	switch (m >> 5) {
	case 0:
	case 1:
	case 2:
	case 3:
		/* the four families alias: p (bits 0..4) picks the variant */
		x = ctx_value(cls, v, p, (unsigned int)pl);
		break;
	case 4:
		x = p;
		break;
	case 5:
		x = (((uint64_t)p << 8) | pl) * 0x1000;
		break;
	case 6:
		if (p & 16)
			x = ((uint64_t)0 - pow2((unsigned int)pl & 63)) + (uint64_t)deltas[p & 15];
		else
			x = pow2((unsigned int)pl & 63) + (uint64_t)deltas[p & 15];
		break;
	default:
		x = p < 24 ? pl : special_table[p - 24];
		break;
	}
	return normalise(cls, x);
}

/*
 * Reads a value: the mode byte, then one payload byte (modes 0x00..0x7f,
 * 0xa0..0xdf), none (0x80..0x9f), or a little-endian literal of 8, 4 or 2
 * bytes (0xe0..0xf7; 0xf8..0xff are constants).  Always inline, so that
 * the decoder keeps its reader in registers.
 */
static inline __attribute__((always_inline)) uint64_t
decode_value(struct rd *r, unsigned int cls, const struct vctx *v)
{
	unsigned int m = rd8(r), p = m & 31;
	uint64_t pl = 0;

	if (m < 0x80 || (m >= 0xa0 && m < 0xe0))
		pl = rd8(r);
	else if (m >= 0xe0 && p < 24)
		pl = rdle(r, p < 8 ? 8 : p < 16 ? 4 : 2);
	return value_of(cls, v, m, pl);
}

/* ------------------------------------------------------------ value encode */

/* Decodes a candidate byte string; 1 if it gives v back. */
static int try_candidate(const uint8_t *c, size_t n, unsigned int cls, const struct vctx *v,
			 uint64_t want)
{
	struct rd r = { c, n, 0 };

	return decode_value(&r, cls, v) == want && r.pos == n;
}

static int try_ctx(struct wr *w, unsigned int cls, const struct vctx *v, unsigned int p,
		   uint64_t q, uint64_t want)
{
	uint8_t c[2];

	if (q > 255)
		return 0;
	c[0] = (uint8_t)p;
	c[1] = (uint8_t)q;
	if (!try_candidate(c, 2, cls, v, want))
		return 0;
	wr8(w, c[0]);
	wr8(w, c[1]);
	return 1;
}

/* Index of x in a table of 8 (payloads alias mod 8), or -1. */
static int64_t table_index(const uint64_t *t, uint64_t x)
{
	int64_t i;

	for (i = 0; i < 8; i++)
		if (t[i] == x)
			return i;
	return -1;
}

/*
 * For the small steered classes: the payload q that parameter p would need
 * to give x, or -1 when p cannot give it.  Only a guess: the caller decodes
 * to confirm.
 */
static int64_t ctx_guess(unsigned int cls, const struct vctx *v, unsigned int p, uint64_t x)
{
	uint64_t pg;
	int64_t i;

	switch (cls) {
	case T2P_F_COUNT:
		if (p == 0 && x && !(x & (x - 1)))
			return (int64_t)log2_floor(x);
		if (p >= 16 && p <= 20)
			return 0;
		if (p == 21 && x + 1 && !((x + 1) & x))
			return (int64_t)log2_floor(x + 1);
		if (p == 22 && x > 1 && !((x - 1) & (x - 2)))
			return (int64_t)log2_floor(x - 1);
		return -1;
	case T2P_F_ATTR:
	case T2P_F_GNUM:
		if (p == 0 || p == 16)
			return x < 256 ? (int64_t)x : -1;
		return -1;
	case T2P_F_BANK:
	case T2P_F_CACHE:
	case T2P_F_NTH:
	case T2P_F_LIDX:
	case T2P_F_DIR:
	case T2P_F_SEED:
	case T2P_F_PROT:
		return p == 0 && x < 256 ? (int64_t)x : -1;
	case T2P_F_RAWARG:
		return p == 0 && x % 16 == 0 && x < 4096 ? (int64_t)(x / 16) : -1;
	case T2P_F_EXT:
		return p == 0 ? table_index(ext_table, x) : -1;
	case T2P_F_PAGE:
		return p == 0 ? table_index(page_table, x) : -1;
	case T2P_F_FLAGS:
		return p == 0 ? table_index(flags_table, x) : -1;
	case T2P_F_ARGSZ:
		if (p)
			return -1;
		for (i = 0; i < 8; i++)
			if (argsz_ctx(t2p_default_argsz(v->code), (unsigned int)i) == x)
				return i;
		return -1;
	case VC_RAWFD:
		if (p)
			return -1;
		for (i = 0; i < 4; i++)
			if (rawfd_ctx((unsigned int)i) == x)
				return i;
		return x >= T2P_RAWFD_MIN + 4 && x < T2P_RAWFD_MIN + 256 ?
			       (int64_t)(x - T2P_RAWFD_MIN) : -1;
	case T2P_F_CPU:
		switch (p) {
		case 0:
			return x < 256 ? (int64_t)x : -1;
		case 1:
		case 2:
			return 0;
		case 3:
			return x % 256 == 0 && x < 65536 ? (int64_t)(x >> 8) : -1;
		default:
			return -1;
		}
	case T2P_F_CMD:
		if (p > 3)
			return -1;
		for (i = 0; i < 256; i++)
			if (ctx_value(cls, v, p, (unsigned int)i) == x)
				return i;
		return -1;
	case T2P_F_ASIZE:
		pg = v->page ? v->page : 0x1000;
		switch (p) {
		case 0:
			return x % pg == 0 && x / pg >= 1 && x / pg <= 256 ? (int64_t)(x / pg - 1) : -1;
		case 1:
			x -= 0x1000;
			return x % pg == 0 && x / pg >= 1 && x / pg <= 256 ? (int64_t)(x / pg - 1) : -1;
		case 2:
			x += 0x1000;
			return x % pg == 0 && x / pg >= 1 && x / pg <= 256 ? (int64_t)(x / pg - 1) : -1;
		case 3:
			return 0;
		default:
			return -1;
		}
	case VC_RAWVADDR: {
		static const unsigned int shifts[4] = { 4, 12, 24, 40 };

		if (p > 3 || x & ((1ull << shifts[p]) - 1) || (x >> shifts[p]) > 255)
			return -1;
		return (int64_t)(x >> shifts[p]);
	}
	default:
		return -1;
	}
}

/* Analytic inverses of the steered classes; brute force for the small ones. */
static int encode_ctx(struct wr *w, unsigned int cls, const struct vctx *v, uint64_t x)
{
	unsigned int p, q;
	uint64_t d, unit, base;

	switch (cls) {
	case T2P_F_IOVA:
		for (p = 0; p < 32; p++) {
			uint64_t s = sub_value(sub_iova[p & 15], v);

			d = x - s;
			if (p & 16) {
				d = v->c->end + 1 - d;
				if (d % v->c->ws || d / v->c->ws == 0)
					continue;
				q = (unsigned int)(d / v->c->ws - 1 <= 255 ? d / v->c->ws - 1 : 256);
			} else {
				d -= v->c->start;
				if (d % v->c->ws)
					continue;
				q = (unsigned int)(d / v->c->ws <= 255 ? d / v->c->ws : 256);
			}
			if (try_ctx(w, cls, v, p, q, x))
				return 1;
		}
		return 0;
	case T2P_F_SIZE:
	case VC_OFFSET:
		for (p = 0; p < 32; p++) {
			unit = (p & 16) ? 0x1000 : v->c->ws;
			d = x - size_sub(sub_size[p & 15], v);
			if (d % unit)
				continue;
			d /= unit;
			if (cls == T2P_F_SIZE) {
				if (d == 0)
					continue;
				d--;
			}
			if (try_ctx(w, cls, v, p, d, x))
				return 1;
		}
		return 0;
	case T2P_F_START:
		for (q = 0; q < 64; q++) {
			base = pow2(q);
			if (x % base)
				continue;
			if (x / base < 32 && try_ctx(w, cls, v, (unsigned int)(x / base), q, x))
				return 1;
		}
		return 0;
	case T2P_F_END:
		for (p = 0; p < 32; p++) {
			base = (p & 16) ? 0 : v->opstart;
			d = x - base - (uint64_t)deltas[p & 15] + 1;
			if (!d || (d & (d - 1)))
				continue;
			q = (unsigned int)((log2_floor(d) + 64 - 29) & 63);
			if (try_ctx(w, cls, v, p, q, x))
				return 1;
		}
		return 0;
	case T2P_F_U64:
		return x < 256 && try_ctx(w, cls, v, 0, x, x);
	default:
		for (p = 0; p < 32; p++) {
			int64_t g = ctx_guess(cls, v, p, x);

			if (g >= 0 && try_ctx(w, cls, v, p, (uint64_t)g, x))
				return 1;
		}
		return 0;
	}
}

static void encode_value(struct wr *w, unsigned int cls, const struct vctx *v, uint64_t x)
{
	uint8_t c[9];
	unsigned int p, i;
	uint64_t d;

	if (encode_ctx(w, cls, v, x))
		return;
	for (i = 0; i < 8; i++) {
		c[0] = (uint8_t)(0xe0 | (24 + i));
		if (try_candidate(c, 1, cls, v, x)) {
			wr8(w, c[0]);
			return;
		}
	}
	if (x < 32) {
		c[0] = (uint8_t)(0x80 | x);
		if (try_candidate(c, 1, cls, v, x)) {
			wr8(w, c[0]);
			return;
		}
	}
	if (x % 0x1000 == 0 && x / 0x1000 < 8192) {
		d = x / 0x1000;
		c[0] = (uint8_t)(0xa0 | (d >> 8));
		c[1] = (uint8_t)(d & 0xff);
		if (try_candidate(c, 2, cls, v, x)) {
			wr8(w, c[0]);
			wr8(w, c[1]);
			return;
		}
	}
	for (p = 0; p < 32; p++) {
		d = (p & 16) ? (uint64_t)0 - (x - (uint64_t)deltas[p & 15])
			     : x - (uint64_t)deltas[p & 15];
		if (!d || (d & (d - 1)))
			continue;
		c[0] = (uint8_t)(0xc0 | p);
		c[1] = (uint8_t)log2_floor(d);
		if (try_candidate(c, 2, cls, v, x)) {
			wr8(w, c[0]);
			wr8(w, c[1]);
			return;
		}
	}
	if (x < 0x10000) {
		wr8(w, 0xe0 | 16);
		wrle(w, x, 2);
		return;
	}
	if (x <= 0xffffffffu) {
		wr8(w, 0xe0 | 8);
		wrle(w, x, 4);
		return;
	}
	wr8(w, 0xe0);
	wrle(w, x, 8);
}

/* ------------------------------------------------------------ handles, names */

/* How many handles of a kind the program has created (at most 64). */
static unsigned int handles_made(const struct shadow *sh, unsigned int kind)
{
	unsigned int n = sh->count[kind];

	return n < T2P_MAX_HANDLES ? n : T2P_MAX_HANDLES;
}

/*
 * A handle byte below 0xc0 picks one of the handles made so far (the first
 * when there is none yet); 0xc0 + i names index i as it is, made or not,
 * so that descriptors never opened stay reachable without taking a share
 * of every steered pick (version 1 took b % (made + 1): half of the picks
 * in a one-container program were the descriptor not yet opened).
 */
static void decode_handle(struct rd *r, const struct shadow *sh, unsigned int kind,
			  struct t2p_arg *a)
{
	unsigned int b = rd8(r), n = handles_made(sh, kind);

	a->kind = (uint8_t)kind;
	if (b < 0xc0)
		a->idx = (uint8_t)(n ? b % n : 0);
	else
		a->idx = (uint8_t)(b - 0xc0);
	a->val = 0;
}

static void encode_handle(struct wr *w, const struct shadow *sh, const struct t2p_arg *a)
{
	if (a->idx < handles_made(sh, a->kind))
		wr8(w, a->idx);
	else
		wr8(w, 0xc0 + (a->idx & 63));
}

#define NNAMES 12
#define NAME_OWN 0
#define NAME_NONUL 11

/* Name entry i for a device of group number gnum, into buf (9 bytes); its length. */
static unsigned int name_entry(unsigned int i, unsigned int gnum, char *buf)
{
	static const char fixed[NNAMES][8] = {
		"", "t2dev0", "t2dev1", "t2dev2", "t2dev3", "t2dev4", "t2dev5",
		"", "t2dev", "x", "T2DEV0", ""
	};
	unsigned int n;

	if (i == NAME_OWN) {
		/* "t2dev%u": gnum is a byte */
		memcpy(buf, "t2dev", 5);
		n = 5;
		if (gnum >= 100)
			buf[n++] = (char)('0' + gnum / 100);
		if (gnum >= 10)
			buf[n++] = (char)('0' + gnum / 10 % 10);
		buf[n++] = (char)('0' + gnum % 10);
		return n;
	}
	n = (unsigned int)strlen(fixed[i]);
	memcpy(buf, fixed[i], n);
	return n;
}

static unsigned int group_number(const struct shadow *sh, const struct t2p_arg *g)
{
	if (g->kind == T2P_K_G && g->idx < sh->count[T2P_K_G] && g->idx < T2P_MAX_HANDLES)
		return sh->gnum[g->idx];
	return 0;
}

/* op->name is all zero on entry (t2p_op_init). */
static void decode_name(struct rd *r, const struct shadow *sh, struct t2p_op *op)
{
	unsigned int b = rd8(r), i, n;

	if (b >= 0xf0) {
		n = rd8(r) % (T2P_NAME_MAX + 1);
		for (i = 0; i < n; i++)
			op->name[i] = (char)rd8(r);
		op->name_len = (uint8_t)n;
		return;
	}
	b %= NNAMES;
	if (b == NAME_NONUL) {
		op->name_len = T2P_NAME_NONUL;
		return;
	}
	op->name_len = (uint8_t)name_entry(b, group_number(sh, &op->a[0]), op->name);
}

static void encode_name(struct wr *w, const struct shadow *sh, const struct t2p_op *op)
{
	unsigned int i, n;
	char buf[40];

	if (op->name_len == T2P_NAME_NONUL) {
		wr8(w, NAME_NONUL);
		return;
	}
	n = op->name_len > T2P_NAME_MAX ? T2P_NAME_MAX : op->name_len;
	for (i = 0; i < NNAMES; i++) {
		if (i == NAME_NONUL)
			continue;
		if (name_entry(i, group_number(sh, &op->a[0]), buf) == n &&
		    !memcmp(buf, op->name, n)) {
			wr8(w, i);
			return;
		}
	}
	wr8(w, 0xf0);
	wr8(w, n);
	for (i = 0; i < n; i++)
		wr8(w, (uint8_t)op->name[i]);
}

/* ------------------------------------------------------------ profiles */

#define O(x) T2P_OP_##x
/*
 * Each profile's ops, then (version 5 on) design C's (MSIC: the MSI fd and
 * its mmap), then BLOCK (version 3 on), which stays last.
 */
#define PROF_ALL \
	O(CONTAINER), O(GROUP), O(GROUP), O(DEVICE), O(CLOSE), O(API_VERSION), \
	O(CHECK_EXTENSION), O(SET_IOMMU), O(SET_IOMMU), O(GROUP_STATUS), O(SET_CONTAINER), \
	O(SET_CONTAINER), O(UNSET_CONTAINER), O(MAP_DMA), O(MAP_DMA), O(MAP_DMA), \
	O(UNMAP_DMA), O(UNMAP_DMA), O(GET_ATTR), O(SET_GEOMETRY), O(SET_GEOMETRY), \
	O(SET_WINDOWS), O(SET_WINDOWS), O(SET_STASH), O(SET_ATTR), O(MSI_BANK_COUNT), \
	O(MAP_MSI), O(MAP_MSI), O(UNMAP_MSI), O(ALLOC), O(ALLOC), O(FREE), O(ACCESS), \
	O(ACCESS), O(ACCESS), O(FAIL_NTH), O(IOCTL), O(CONTAINER), O(RACE_MSI)
#define PROF_GEOMETRY \
	O(SET_GEOMETRY), O(SET_GEOMETRY), O(SET_GEOMETRY), O(SET_GEOMETRY), \
	O(SET_WINDOWS), O(SET_WINDOWS), O(SET_WINDOWS), O(SET_WINDOWS), O(GET_ATTR), \
	O(GET_ATTR), O(MAP_DMA), O(MAP_DMA), O(MAP_DMA), O(UNMAP_DMA), O(UNMAP_DMA), \
	O(MAP_MSI), O(UNMAP_MSI), O(ACCESS), O(ACCESS), O(SET_ATTR), O(SET_STASH), \
	O(CONTAINER), O(GROUP), O(SET_CONTAINER), O(SET_IOMMU), O(ALLOC), O(ALLOC), \
	O(UNSET_CONTAINER), O(FAIL_NTH), O(DEVICE), O(CLOSE), O(API_VERSION), \
	O(CHECK_EXTENSION), O(GROUP_STATUS), O(MSI_BANK_COUNT), O(FREE), O(IOCTL), \
	O(RACE_MSI)
#define PROF_MSI \
	O(MAP_MSI), O(MAP_MSI), O(MAP_MSI), O(MAP_MSI), O(UNMAP_MSI), O(UNMAP_MSI), \
	O(UNMAP_MSI), O(MAP_DMA), O(MAP_DMA), O(UNMAP_DMA), O(SET_GEOMETRY), \
	O(SET_WINDOWS), O(SET_WINDOWS), O(SET_CONTAINER), O(SET_CONTAINER), \
	O(UNSET_CONTAINER), O(UNSET_CONTAINER), O(CONTAINER), O(GROUP), O(GROUP), \
	O(SET_IOMMU), O(ACCESS), O(ACCESS), O(ACCESS), O(CLOSE), O(ALLOC), O(FAIL_NTH), \
	O(MSI_BANK_COUNT), O(DEVICE), O(API_VERSION), O(CHECK_EXTENSION), \
	O(GROUP_STATUS), O(GET_ATTR), O(SET_STASH), O(SET_ATTR), O(FREE), O(IOCTL), \
	O(RACE_MSI), O(RACE_MSI)
#define PROF_MSIC O(MSI_FD), O(MMAP_MSI), O(MMAP_MSI)

static const uint8_t prof_all_v4[] = { PROF_ALL, O(BLOCK) };
static const uint8_t prof_geometry_v4[] = { PROF_GEOMETRY, O(BLOCK) };
static const uint8_t prof_msi_v4[] = { PROF_MSI, O(BLOCK) };
static const uint8_t prof_all[] = { PROF_ALL, PROF_MSIC, O(BLOCK) };
static const uint8_t prof_geometry[] = { PROF_GEOMETRY, PROF_MSIC, O(BLOCK) };
static const uint8_t prof_msi[] = { PROF_MSI, PROF_MSIC, PROF_MSIC, O(BLOCK) };
#undef O

/* An encoded opcode is index | 0x80 at most: never the 0xff padding byte. */
_Static_assert(sizeof(prof_all) < 0x7f && sizeof(prof_geometry) < 0x7f &&
	       sizeof(prof_msi) < 0x7f, "opcode tables must stay below 127 entries");
_Static_assert(T2P_BIN_VERSION == 5, "the encoder writes version 5 (design C's ops)");

/* The BLOCK entry each table ends with (version 3). */
#define BLOCK_ENTRIES 1

/* The opcode table of a profile; `blocks`: with the version 3 entries;
 * `msic`: with the version 5 entries. */
static const uint8_t *profile_table(unsigned int profile, int blocks, int msic, unsigned int *n)
{
	const uint8_t *t;

	switch (profile) {
	case T2P_PROFILE_GEOMETRY:
		*n = msic ? sizeof(prof_geometry) : sizeof(prof_geometry_v4);
		t = msic ? prof_geometry : prof_geometry_v4;
		break;
	case T2P_PROFILE_MSI:
		*n = msic ? sizeof(prof_msi) : sizeof(prof_msi_v4);
		t = msic ? prof_msi : prof_msi_v4;
		break;
	default:
		*n = msic ? sizeof(prof_all) : sizeof(prof_all_v4);
		t = msic ? prof_all : prof_all_v4;
		break;
	}
	if (!blocks)
		*n -= BLOCK_ENTRIES;
	return t;
}

/* Versions 1 and 2 had no blocks; any other version bits decode as 3. */
static int version_has_blocks(unsigned int b0)
{
	unsigned int v = b0 & ~T2P_BIN_LITPLAT;

	return v != 1 && v != 2;
}

/* Versions 1 to 4 had no design C ops; from version 4 on, the version is
 * bits 0..3 (a version 4 header keeps its design in bits 4..5).  Any other
 * version decodes as 5. */
static int version_has_msic(unsigned int b0)
{
	unsigned int v = b0 & ~T2P_BIN_LITPLAT;

	if (v > 3)
		v &= 0x0f;
	return v < 1 || v > 4;
}

/* ------------------------------------------------------------ platform */

/* Appends n bytes of str to buf (size len), truncating like snprintf. */
static size_t plat_put(char *buf, size_t len, size_t at, const char *str, size_t n)
{
	if (at + n >= len)
		n = at < len ? len - 1 - at : 0;
	memcpy(buf + at, str, n);
	return at + n;
}

#define PLAT_PUT(buf, len, at, lit) plat_put(buf, len, at, lit, sizeof(lit) - 1)

/* The platform string of a selector byte (len > 0). */
static void platform_of_selector(unsigned int sel, char *buf, size_t len)
{
	static const char pools[4][18] = { "", ",spaace_pool=8", ",spaace_pool=300",
					   ",spaace_pool=0" };
	static const char extra[4][20] = { "", ",max_windows=16", ",cap_ipc_lock=1",
					   ",max_windows=65536" };
	size_t at = 0;

	at = (sel & 1) ? PLAT_PUT(buf, len, at, "t4240") : PLAT_PUT(buf, len, at, "p4080");
	if (sel & 2)
		at = PLAT_PUT(buf, len, at, ",msi_policy=shared");
	at = plat_put(buf, len, at, pools[(sel >> 2) & 3], strlen(pools[(sel >> 2) & 3]));
	if (sel & 16)
		at = PLAT_PUT(buf, len, at, ",ccsr_base=0xf00000000");
	if (sel & 32)
		at = PLAT_PUT(buf, len, at, ",memlock=16777216");
	at = plat_put(buf, len, at, extra[(sel >> 6) & 3], strlen(extra[(sel >> 6) & 3]));
	buf[at] = '\0';
}

/* Version 4 (issue #19): without a literal platform, bits 4..5 of byte 0
 * are the platform's msi_design (its INTRO-9 value), so one bit flip moves
 * an input to another design.  Value 0, design D (the default), adds
 * nothing to the string.  Versions 1 to 3 (version bits exactly 1, 2 or 3)
 * decode as they did; any other version bits are version 4. */
#define T2P_BIN_DESIGN_SHIFT 4
#define T2P_BIN_DESIGN_MASK 3u
static const char *const design_suffix[] = {
#define T2_MSI_DESIGN(letter, value, section, summary) [value] = ",msi_design=" #letter,
#include "t2/msi_designs.def"
#undef T2_MSI_DESIGN
};
#define NDESIGNS (sizeof(design_suffix) / sizeof(design_suffix[0]))

/* The suffix of design value d, or "" (D, or a value no design has). */
static const char *design_of_header(unsigned int d)
{
	return d && d < NDESIGNS && design_suffix[d] ? design_suffix[d] : "";
}

static const char plat_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789,=._+";
#define NPLATCHARS (sizeof(plat_chars) - 1)

/* ------------------------------------------------------------ ops */

static unsigned int field_class(const struct t2p_op *op, unsigned int i)
{
	unsigned int f = t2p_opinfo[op->code].field[i];

	if (op->code == T2P_OP_SET_ATTR && i >= 2) {
		switch (op->a[1].val) {
		case VFIO_ATTR_GEOMETRY:
			return i == 2 ? T2P_F_START : T2P_F_END;
		case VFIO_ATTR_WINDOWS:
			return i == 2 ? T2P_F_COUNT : T2P_F_U64;
		case VFIO_ATTR_PAMU_STASH:
			return i == 2 ? T2P_F_CPU : T2P_F_CACHE;
		default:
			return T2P_F_U64;
		}
	}
	return f;
}

/*
 * The value context of field i of op as the op stands (the encoder passes
 * the whole op, the decoder the fields decoded so far, the others still at
 * their defaults).
 */
static void make_vctx(const struct shadow *sh, const struct t2p_op *op, unsigned int i,
		      struct vctx *v)
{
	v->c = shadow_op_cont(sh, &op->a[0]);
	v->sh = sh;
	v->opstart = i > 0 ? op->a[i - 1].val : 0;
	v->page = op->code == T2P_OP_ALLOC ? op->a[0].val : 0;
	v->code = op->code;
}

/*
 * Per op, for the decoder: how many of f0..f3 it has (the last that is not
 * NONE, plus one) and whether shadow_apply() does anything for it (it
 * creates a handle or sets geometry, windows or a group's container).
 */
struct op_dec {
	uint8_t nfields;
	uint8_t shadowed;
};

#define NFIELDS(f0, f1, f2, f3)                                                 \
	(T2P_F_##f3 ? 4 : T2P_F_##f2 ? 3 : T2P_F_##f1 ? 2 : T2P_F_##f0 ? 1 : 0)
#define SHADOWED(code, creates)                                                 \
	(T2P_K_##creates != T2P_K_NUM || T2P_OP_##code == T2P_OP_SET_GEOMETRY ||   \
	 T2P_OP_##code == T2P_OP_SET_WINDOWS || T2P_OP_##code == T2P_OP_SET_ATTR || \
	 T2P_OP_##code == T2P_OP_SET_CONTAINER)
static const struct op_dec op_dec[T2P_NOPCODES] = {
#define T2P_OP(code, name, creates, f0, f1, f2, f3, ...)                        \
	[T2P_OP_##code] = { NFIELDS(f0, f1, f2, f3), SHADOWED(code, creates) },
#include "prog/ops.def"
#undef T2P_OP
};

/*
 * Decodes one op.  The value context is what make_vctx() gives for each
 * field, built once: before a[0] is decoded it is the default container and
 * page 0 (a[0] is still a number 0), after it the op's container and, for
 * ALLOC, the page just read; only opstart moves from field to field.
 */
static void decode_op(struct rd *r, struct shadow *sh, const uint8_t *tab, unsigned int ntab,
		      int inblock, struct t2p_op *op)
{
	unsigned int o = rd8(r), x = 0, i, nf, code, t;
	const struct t2p_opinfo *oi;
	struct vctx v;

	t = (o & 0x7f) % ntab;
	code = tab[t];
	/* in a block: the next entry that may stand there (the table has some) */
	while (inblock && !t2p_block_op_ok(code))
		code = tab[++t % ntab];
	t2p_op_init(op, code);
	oi = &t2p_opinfo[code];
	nf = op_dec[code].nfields;
	if (o & 0x80)
		x = rd8(r);
	v.c = &default_c;
	v.sh = sh;
	v.opstart = 0;
	v.page = 0;
	v.code = code;
	for (i = 0; i < nf; i++) {
		unsigned int f = oi->field[i], k;
		struct t2p_arg *a = &op->a[i];

		if (i == 1) {
			v.c = shadow_op_cont(sh, &op->a[0]);
			if (code == T2P_OP_ALLOC)
				v.page = op->a[0].val;
		}
		switch (f) {
		case T2P_F_NONE:
			break;
		case T2P_F_C:
			decode_handle(r, sh, T2P_K_C, a);
			break;
		case T2P_F_G:
			decode_handle(r, sh, T2P_K_G, a);
			break;
		case T2P_F_B:
			decode_handle(r, sh, T2P_K_B, a);
			break;
		case T2P_F_FD:
			k = rd8(r) % 3;
			decode_handle(r, sh, T2P_K_C + k, a);
			break;
		case T2P_F_CFD:
			k = rd8(r) % 4;
			if (k < 3) {
				decode_handle(r, sh, T2P_K_C + k, a);
			} else {
				a->kind = T2P_K_NUM;
				a->val = decode_value(r, VC_RAWFD, &v);
			}
			break;
		case T2P_F_VADDR:
			k = rd8(r);
			if (!(k & 1)) {
				decode_handle(r, sh, T2P_K_B, a);
				a->val = decode_value(r, VC_OFFSET, &v);
			} else {
				a->kind = T2P_K_NUM;
				a->val = decode_value(r, VC_RAWVADDR, &v);
			}
			break;
		case T2P_F_NAME:
			decode_name(r, sh, op);
			break;
		default:
			/* (only END reads opstart; the other classes ignore it) */
			if (i > 0)
				v.opstart = op->a[i - 1].val;
			a->kind = T2P_K_NUM;
			a->val = decode_value(r, code == T2P_OP_SET_ATTR ? field_class(op, i) : f,
					      &v);
			break;
		}
	}
	if (!(x & oi->extras))
		return;
	/* the extras' context: make_vctx(op, 0) of the whole op */
	v.c = shadow_op_cont(sh, &op->a[0]);
	v.page = code == T2P_OP_ALLOC ? op->a[0].val : 0;
	v.opstart = 0;
	if ((x & 1) && (oi->extras & T2P_X_ARGSZ))
		op->argsz = (uint32_t)decode_value(r, T2P_F_ARGSZ, &v);
	if ((x & 2) && (oi->extras & T2P_X_FLAGS))
		op->flags = (uint32_t)decode_value(r, T2P_F_FLAGS, &v);
	if ((x & 4) && (oi->extras & T2P_X_NULL))
		op->null_arg = 1;
}

/* Skips padding bytes; 0 at the end of the input. */
static int skip_pad(struct rd *r)
{
	while (r->pos < r->n && (r->d[r->pos] == T2P_BIN_PAD || r->d[r->pos] == T2P_BIN_PAD_FF))
		r->pos++;
	return r->pos < r->n;
}

static void put_marker(struct t2p_prog *p, unsigned int *nops, unsigned int code)
{
	t2p_op_init(&p->ops[(*nops)++], code);
}

/*
 * A block's shape and ops, after its BLOCK op (p->ops[*nops - 1]).  The
 * block is dropped if it does not fit or has no op; 0 when the input ended.
 */
static int decode_block(struct rd *r, struct shadow *sh, const uint8_t *tab, unsigned int ntab,
			struct t2p_prog *p, unsigned int *nops)
{
	unsigned int begin = *nops - 1, nt, len[T2P_BLOCK_MAX_THREADS], t, k, b, total = 0;
	unsigned int inthread;

	b = rd8(r);
	nt = b < 0xf0 ? 2 + b % 3 : 1;
	for (t = 0; t < nt; t++) {
		b = rd8(r);
		len[t] = b < 0x80 ? 1 + b % 3 : 1 + (b & 7);
		total += len[t];
	}
	if (begin + 1 + nt + total + 1 > T2P_MAX_OPS) {
		*nops = begin;
		return 0;
	}
	for (t = 0; t < nt; t++) {
		put_marker(p, nops, T2P_OP_THREAD);
		for (k = inthread = 0; k < len[t] && skip_pad(r); k++, inthread++) {
			struct t2p_op *op = &p->ops[(*nops)++];

			decode_op(r, sh, tab, ntab, 1, op);
			if (op_dec[op->code].shadowed)
				shadow_apply(sh, op);
		}
		if (!inthread) {
			(*nops)--;      /* the input ended: no empty thread */
			break;
		}
	}
	if (*nops == begin + 1) {
		*nops = begin;
		return 0;
	}
	put_marker(p, nops, T2P_OP_END);
	return r->pos < r->n;
}

void t2p_decode(const uint8_t *data, size_t len, struct t2p_prog *p)
{
	t2p_decode_info(data, len, p, NULL);
}

void t2p_decode_info(const uint8_t *data, size_t len, struct t2p_prog *p,
		     struct t2p_decode_info *info)
{
	struct rd r = { data, len, 0 };
	struct shadow sh;
	unsigned int b0, n, i, ntab, nops = 0;
	const uint8_t *tab;

	t2p_init(p);
	b0 = rd8(&r);
	p->profile = (uint8_t)(rd8(&r) % T2P_NPROFILES);
	if (b0 & T2P_BIN_LITPLAT) {
		n = rd8(&r) % 64;
		for (i = 0; i < n; i++)
			p->platform[i] = plat_chars[rd8(&r) % NPLATCHARS];
		p->platform[n] = '\0';
		if (n == 0)
			snprintf(p->platform, sizeof(p->platform), "%s", T2P_DEFAULT_PLATFORM);
	} else {
		unsigned int v = b0 & ~T2P_BIN_LITPLAT;
		const char *d = v <= 3 ? "" :
			design_of_header(b0 >> T2P_BIN_DESIGN_SHIFT & T2P_BIN_DESIGN_MASK);
		size_t at;

		platform_of_selector(rd8(&r), p->platform, sizeof(p->platform));
		at = strlen(p->platform);
		at = plat_put(p->platform, sizeof(p->platform), at, d, strlen(d));
		p->platform[at] = '\0';
	}
	shadow_init(&sh, p->platform);
	tab = profile_table(p->profile, version_has_blocks(b0), version_has_msic(b0), &ntab);
	while (r.pos < len && nops < T2P_MAX_OPS) {
		struct t2p_op *op;

		/* padding: runs of 0x00 and 0xff, which mutators insert often,
		 * make no ops (the encoder never writes either as an opcode) */
		if (data[r.pos] == T2P_BIN_PAD || data[r.pos] == T2P_BIN_PAD_FF) {
			r.pos++;
			continue;
		}
		op = &p->ops[nops++];
		decode_op(&r, &sh, tab, ntab, 0, op);
		if (op->code == T2P_OP_BLOCK) {
			if (!decode_block(&r, &sh, tab, ntab, p, &nops))
				break;
		} else if (op_dec[op->code].shadowed) {
			shadow_apply(&sh, op);
		}
	}
	p->nops = nops;
	if (info) {
		/* padding after the last op is no part of a cut */
		while (r.pos < len && (data[r.pos] == T2P_BIN_PAD || data[r.pos] == T2P_BIN_PAD_FF))
			r.pos++;
		info->used = r.pos < len ? r.pos : len;
		info->truncated = r.pos > len;
		info->cut = r.pos < len;
	}
}

static void encode_op(struct wr *w, struct shadow *sh, unsigned int profile,
		      const struct t2p_op *op)
{
	unsigned int n, o, i, x = 0;
	const uint8_t *tab = profile_table(profile, 1, 1, &n);
	const struct t2p_opinfo *oi = &t2p_opinfo[op->code];
	struct vctx v;

	/* from 1: opcode byte 0 is padding (every op is in every table at 1 or above) */
	for (o = 1; o < n; o++)
		if (tab[o] == op->code)
			break;
	if (o == n)
		o = 1;  /* not in this profile (cannot happen) */
	if ((oi->extras & T2P_X_ARGSZ) && op->argsz != t2p_default_argsz(op->code))
		x |= 1;
	if ((oi->extras & T2P_X_FLAGS) && op->flags != t2p_default_flags(op->code))
		x |= 2;
	if ((oi->extras & T2P_X_NULL) && op->null_arg)
		x |= 4;
	wr8(w, o | (x ? 0x80 : 0));
	if (x)
		wr8(w, x);
	for (i = 0; i < 4; i++) {
		unsigned int f = oi->field[i];
		const struct t2p_arg *a = &op->a[i];

		switch (f) {
		case T2P_F_NONE:
			break;
		case T2P_F_C:
		case T2P_F_G:
		case T2P_F_B:
			encode_handle(w, sh, a);
			break;
		case T2P_F_FD:
			wr8(w, a->kind >= T2P_K_C && a->kind <= T2P_K_D ? a->kind - T2P_K_C : 0);
			encode_handle(w, sh, a);
			break;
		case T2P_F_CFD:
			make_vctx(sh, op, i, &v);
			if (a->kind >= T2P_K_C && a->kind <= T2P_K_D) {
				wr8(w, a->kind - T2P_K_C);
				encode_handle(w, sh, a);
			} else {
				wr8(w, 3);
				encode_value(w, VC_RAWFD, &v, a->val);
			}
			break;
		case T2P_F_VADDR:
			make_vctx(sh, op, i, &v);
			if (a->kind == T2P_K_B) {
				wr8(w, 0);
				encode_handle(w, sh, a);
				encode_value(w, VC_OFFSET, &v, a->val);
			} else {
				wr8(w, 1);
				encode_value(w, VC_RAWVADDR, &v, a->val);
			}
			break;
		case T2P_F_NAME:
			encode_name(w, sh, op);
			break;
		default:
			make_vctx(sh, op, i, &v);
			encode_value(w, field_class(op, i), &v, a->val);
			break;
		}
	}
	make_vctx(sh, op, 0, &v);
	if (x & 1)
		encode_value(w, T2P_F_ARGSZ, &v, op->argsz);
	if (x & 2)
		encode_value(w, T2P_F_FLAGS, &v, op->flags);
}

size_t t2p_encode(const struct t2p_prog *p, uint8_t *buf, size_t len)
{
	struct wr w = { buf, len, 0 };
	struct shadow sh;
	unsigned int sel, i, d = 0;
	char tmp[T2P_PLATFORM_MAX];
	const char *plat = t2p_platform(p);

	for (sel = 0; sel < 256; sel++) {
		size_t n;

		platform_of_selector(sel, tmp, sizeof(tmp));
		n = strlen(tmp);
		if (strncmp(tmp, plat, n))
			continue;
		/* D is written without the key, or with it (msi_design=D) */
		for (d = 0; d <= T2P_BIN_DESIGN_MASK; d++)
			if (!strcmp(plat + n, design_of_header(d)) ||
			    (d < NDESIGNS && design_suffix[d] && !strcmp(plat + n, design_suffix[d])))
				break;
		if (d <= T2P_BIN_DESIGN_MASK)
			break;
	}
	if (sel < 256) {
		wr8(&w, T2P_BIN_VERSION | d << T2P_BIN_DESIGN_SHIFT);
		wr8(&w, p->profile % T2P_NPROFILES);
		wr8(&w, sel);
	} else {
		size_t n = strlen(plat);

		if (n > 63)
			n = 63;
		wr8(&w, T2P_BIN_VERSION | T2P_BIN_LITPLAT);
		wr8(&w, p->profile % T2P_NPROFILES);
		wr8(&w, (unsigned int)n);
		for (i = 0; i < n; i++) {
			/* the alphabet has no capitals: a design letter (msi_design=B)
			 * goes as its small letter, which names the same design
			 * (DESIGN-1); before, it became plat_chars[0], another design */
			char ch = plat[i] >= 'A' && plat[i] <= 'Z' ? (char)(plat[i] - 'A' + 'a') : plat[i];
			const char *c = memchr(plat_chars, ch, NPLATCHARS);

			wr8(&w, c ? (unsigned int)(c - plat_chars) : 0);
		}
	}
	shadow_init(&sh, plat);
	for (i = 0; i < p->nops; i++) {
		const struct t2p_op *op = &p->ops[i];
		struct t2p_block b;
		unsigned int t, k;

		/* markers outside a well-formed block: the nearest program is
		 * the ops without them */
		if (op->code >= T2P_NOPCODES || op->code == T2P_OP_THREAD ||
		    op->code == T2P_OP_END)
			continue;
		if (op->code != T2P_OP_BLOCK) {
			encode_op(&w, &sh, p->profile, op);
			shadow_apply(&sh, op);
			continue;
		}
		if (t2p_block_at(p, i, &b))
			continue;
		encode_op(&w, &sh, p->profile, op);
		wr8(&w, b.nthreads >= 2 ? b.nthreads - 2 : 0xf0);
		for (t = 0; t < b.nthreads; t++)
			wr8(&w, b.n[t] <= 3 ? b.n[t] - 1 : 0x80 | (b.n[t] - 1));
		for (t = 0; t < b.nthreads; t++)
			for (k = 0; k < b.n[t]; k++) {
				encode_op(&w, &sh, p->profile, &p->ops[b.first[t] + k]);
				shadow_apply(&sh, &p->ops[b.first[t] + k]);
			}
		i = b.end;
	}
	return w.pos;
}
