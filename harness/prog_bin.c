/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * prog_bin.c - the binary form of a program, what the fuzzers mutate.
 *
 * Layout (version 1):
 *   byte 0   version in bits 0..6; bit 7: a literal platform string follows
 *   byte 1   profile (mod T2P_NPROFILES): which op table the opcodes index
 *   byte 2   platform selector (preset, MSI policy, small pools, ...) or,
 *            with bit 7 of byte 0, a length byte and the string itself
 *   ops      opcode byte (bit 7: an extras byte follows), then the fields in
 *            table order, then the extras' values (argsz, flags)
 * A value field is a mode byte and a payload.  Modes 0x00..0x7f are
 * "steered": the decoder keeps a shadow of what the program itself set up
 * (apertures, window counts, buffers, which group went to which container)
 * and turns the payload into window bases, doorbell addresses, whole-window
 * sizes, offsets inside buffers, powers of two...  The other modes give small
 * numbers, page multiples, powers of two with deltas, interesting constants
 * and literals, so invalid values stay reachable.  Missing bytes read as 0.
 *
 * The encoder runs the same shadow and, for each value, picks the first mode
 * whose decoding gives the value back (steered modes first, so that mutating
 * an encoded seed moves between meaningful values), hence decode(encode(p))
 * equals p for every program the decoder can produce.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "prog.h"
#include "t2/abi.h"
#include "t2/sim.h"

/* ------------------------------------------------------------ shadow */

struct shadow_c {
	uint64_t start, end;
	uint32_t n;
};

struct shadow {
	unsigned int count[T2P_NKINDS];
	struct shadow_c c[T2P_MAX_HANDLES];
	uint64_t bsize[T2P_MAX_HANDLES], bpage[T2P_MAX_HANDLES];
	int8_t gcont[T2P_MAX_HANDLES];
	uint8_t gnum[T2P_MAX_HANDLES];
	uint32_t msi_off, cpus;
};

static const struct shadow_c default_c = { 0, 0xfffffffffull, 0 };

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

static const struct shadow_c *shadow_cont(const struct shadow *sh, const struct t2p_arg *a)
{
	if (a->kind == T2P_K_C && a->idx < sh->count[T2P_K_C] && a->idx < T2P_MAX_HANDLES)
		return &sh->c[a->idx];
	return &default_c;
}

static const struct shadow_c *shadow_group_cont(const struct shadow *sh, const struct t2p_arg *a)
{
	int c;

	if (a->kind != T2P_K_G || a->idx >= sh->count[T2P_K_G] || a->idx >= T2P_MAX_HANDLES)
		return &default_c;
	c = sh->gcont[a->idx];
	return c >= 0 ? &sh->c[c] : &default_c;
}

/* What the program asked for, whether or not it will succeed at run time. */
static void shadow_apply(struct shadow *sh, const struct t2p_op *op)
{
	const struct t2p_opinfo *oi = &t2p_opinfo[op->code];
	unsigned int k = oi->creates, i;
	struct shadow_c *c = NULL;

	if (op->a[0].kind == T2P_K_C && op->a[0].idx < sh->count[T2P_K_C] &&
	    op->a[0].idx < T2P_MAX_HANDLES)
		c = &sh->c[op->a[0].idx];
	switch (op->code) {
	case T2P_OP_SET_GEOMETRY:
		if (c) {
			c->start = op->a[1].val;
			c->end = op->a[2].val;
			c->n = 0;
		}
		break;
	case T2P_OP_SET_WINDOWS:
		if (c)
			c->n = (uint32_t)op->a[1].val;
		break;
	case T2P_OP_SET_ATTR:
		if (c && op->a[1].val == VFIO_ATTR_GEOMETRY) {
			c->start = op->a[2].val;
			c->end = op->a[3].val;
			c->n = 0;
		} else if (c && op->a[1].val == VFIO_ATTR_WINDOWS) {
			c->n = (uint32_t)op->a[2].val;
		}
		break;
	case T2P_OP_SET_CONTAINER:
		if (op->a[0].kind == T2P_K_G && op->a[0].idx < T2P_MAX_HANDLES &&
		    op->a[0].idx < sh->count[T2P_K_G] && op->a[1].kind == T2P_K_C &&
		    op->a[1].idx < sh->count[T2P_K_C] && op->a[1].idx < T2P_MAX_HANDLES)
			sh->gcont[op->a[0].idx] = (int8_t)op->a[1].idx;
		break;
	default:
		break;
	}
	if (k == T2P_K_NUM)
		return;
	i = sh->count[k];
	if (i < T2P_MAX_HANDLES) {
		if (k == T2P_K_C)
			sh->c[i] = default_c;
		else if (k == T2P_K_G) {
			sh->gcont[i] = -1;
			sh->gnum[i] = (uint8_t)op->a[0].val;
		} else if (k == T2P_K_B) {
			sh->bpage[i] = op->a[0].val;
			sh->bsize[i] = op->a[1].val;
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

struct vctx {
	uint64_t start, end, S, ws;
	uint32_t n;
	uint64_t bsize, page;
	uint64_t opstart;
	uint32_t minsz;
	uint32_t msi_off, cpus;
};

static void vctx_cont(struct vctx *v, const struct shadow_c *c)
{
	uint32_t n = c->n;

	v->start = c->start;
	v->end = c->end;
	v->S = c->end - c->start + 1;
	if (v->S == 0 || c->end < c->start)
		v->S = 1ull << 63;
	if (n == 0 || (n & (n - 1)))
		n = 1;
	v->n = n;
	v->ws = v->S / n;
	if (v->ws < 4096)
		v->ws = 4096;
}

static const int64_t sub_iova[16] = {
	0, -1 /* msi_off */, 0x1000, -2 /* ws-4096 */, -3 /* ws/2 */, -4 /* ws-1 */, 1,
	-5 /* -4096 */, -6 /* msi_off+4 */, 0x800, 0, 0, 0, 0, -7 /* ws */, -8 /* msi_off */
};

static uint64_t sub_value(int64_t s, const struct vctx *v)
{
	switch (s) {
	case -1:
	case -8:
		return v->msi_off;
	case -2:
		return v->ws - 0x1000;
	case -3:
		return v->ws / 2;
	case -4:
		return v->ws - 1;
	case -5:
		return (uint64_t)0 - 0x1000;
	case -6:
		return v->msi_off + 4;
	case -7:
		return v->ws;
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
		return v->ws / 2;
	if (s == -7)
		return v->ws;
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

#define IOC_RW(type, nr, size) _IOC(_IOC_READ | _IOC_WRITE, (type), (nr), (size))

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

/* The steered value for mode parameter p (0..31 plus the family bit) and payload q. */
static uint64_t ctx_value(unsigned int cls, const struct vctx *v, unsigned int p, unsigned int q)
{
	uint64_t k, base;

	switch (cls) {
	case T2P_F_IOVA: {
		uint64_t m = (uint64_t)v->n + 2;

		if (m > 256)
			m = 256;
		k = q % m;
		if (p & 16)
			base = v->end + 1 - (k + 1) * v->ws;
		else
			base = v->start + k * v->ws;
		return base + sub_value(sub_iova[p & 15], v);
	}
	case T2P_F_SIZE:
		if (p & 16)
			return ((uint64_t)q + 1) * 0x1000 + size_sub(sub_size[p & 15], v);
		return ((uint64_t)q + 1) * v->ws + size_sub(sub_size[p & 15], v);
	case VC_OFFSET:
		if (p & 16)
			return (uint64_t)q * 0x1000 + size_sub(sub_size[p & 15], v);
		return (uint64_t)q * v->ws + size_sub(sub_size[p & 15], v);
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
			return v->S / 4096;
		case 17:
			return v->S / 4096 * 2;
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
			return q % (v->cpus + 2);
		case 1:
			return v->cpus - 1;
		case 2:
			return v->cpus;
		default:
			return (uint64_t)q << 8;
		}
	case T2P_F_CACHE:
		return q % 5;
	case T2P_F_NTH:
		return q % 24;
	case T2P_F_LIDX:
		return q % 5;
	case T2P_F_GNUM:
		return (p & 16) ? q : q % 8;
	case T2P_F_CMD:
		switch (p & 3) {
		case 0:
			return _IO(VFIO_TYPE, VFIO_BASE + q % 32);
		case 1:
			return _IO(T2SIM_TYPE, T2SIM_BASE + q % 8);
		case 2:
			return _IO(VFIO_TYPE, q);
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
		return argsz_ctx(v->minsz, q);
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
	if (t2p_field_is_u32(cls))
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

static uint64_t decode_value(struct rd *r, unsigned int cls, const struct vctx *v)
{
	unsigned int m = rd8(r), fam = m >> 5, p = m & 31, q;
	uint64_t x;

	switch (fam) {
	case 0:
	case 1:
	case 2:
	case 3:
		/* the four families alias: p (bits 0..4) picks the variant */
		q = rd8(r);
		x = ctx_value(cls, v, p, q);
		break;
	case 4:
		x = p;
		break;
	case 5:
		x = (((uint64_t)p << 8) | rd8(r)) * 0x1000;
		break;
	case 6: {
		unsigned int e = rd8(r) & 63;

		if (p & 16)
			x = ((uint64_t)0 - pow2(e)) + (uint64_t)deltas[p & 15];
		else
			x = pow2(e) + (uint64_t)deltas[p & 15];
		break;
	}
	default:
		if (p < 8)
			x = rdle(r, 8);
		else if (p < 16)
			x = rdle(r, 4);
		else if (p < 24)
			x = rdle(r, 2);
		else
			x = special_table[p - 24];
		break;
	}
	return normalise(cls, x);
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
			if (argsz_ctx(v->minsz, (unsigned int)i) == x)
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
				d = v->end + 1 - d;
				if (d % v->ws || d / v->ws == 0)
					continue;
				q = (unsigned int)(d / v->ws - 1 <= 255 ? d / v->ws - 1 : 256);
			} else {
				d -= v->start;
				if (d % v->ws)
					continue;
				q = (unsigned int)(d / v->ws <= 255 ? d / v->ws : 256);
			}
			if (try_ctx(w, cls, v, p, q, x))
				return 1;
		}
		return 0;
	case T2P_F_SIZE:
	case VC_OFFSET:
		for (p = 0; p < 32; p++) {
			unit = (p & 16) ? 0x1000 : v->ws;
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

static unsigned int handle_limit(const struct shadow *sh, unsigned int kind)
{
	unsigned int n = sh->count[kind];

	return n < T2P_MAX_HANDLES - 1 ? n : T2P_MAX_HANDLES - 1;
}

static void decode_handle(struct rd *r, const struct shadow *sh, unsigned int kind,
			  struct t2p_arg *a)
{
	unsigned int b = rd8(r);

	a->kind = (uint8_t)kind;
	if (b < 0xc0)
		a->idx = (uint8_t)(b % (handle_limit(sh, kind) + 1));
	else
		a->idx = (uint8_t)(b - 0xc0);
	a->val = 0;
}

static void encode_handle(struct wr *w, const struct shadow *sh, const struct t2p_arg *a)
{
	if (a->idx <= handle_limit(sh, a->kind))
		wr8(w, a->idx);
	else
		wr8(w, 0xc0 + (a->idx & 63));
}

#define NNAMES 12
#define NAME_OWN 0
#define NAME_NONUL 11

static void name_entry(unsigned int i, unsigned int gnum, char *buf, size_t len)
{
	static const char *const fixed[NNAMES] = {
		NULL, "t2dev0", "t2dev1", "t2dev2", "t2dev3", "t2dev4", "t2dev5",
		"", "t2dev", "x", "T2DEV0", NULL
	};

	if (i == NAME_OWN)
		snprintf(buf, len, "t2dev%u", gnum);
	else
		snprintf(buf, len, "%s", fixed[i] ? fixed[i] : "");
}

static unsigned int group_number(const struct shadow *sh, const struct t2p_arg *g)
{
	if (g->kind == T2P_K_G && g->idx < sh->count[T2P_K_G] && g->idx < T2P_MAX_HANDLES)
		return sh->gnum[g->idx];
	return 0;
}

static void decode_name(struct rd *r, const struct shadow *sh, struct t2p_op *op)
{
	unsigned int b = rd8(r), i, n;
	char buf[40];

	memset(op->name, 0, sizeof(op->name));
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
	name_entry(b, group_number(sh, &op->a[0]), buf, sizeof(buf));
	n = (unsigned int)strlen(buf);
	if (n > T2P_NAME_MAX)
		n = T2P_NAME_MAX;
	memcpy(op->name, buf, n);
	op->name_len = (uint8_t)n;
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
		name_entry(i, group_number(sh, &op->a[0]), buf, sizeof(buf));
		if (strlen(buf) == n && !memcmp(buf, op->name, n)) {
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
static const uint8_t prof_all[] = {
	O(CONTAINER), O(GROUP), O(GROUP), O(DEVICE), O(CLOSE), O(API_VERSION),
	O(CHECK_EXTENSION), O(SET_IOMMU), O(SET_IOMMU), O(GROUP_STATUS), O(SET_CONTAINER),
	O(SET_CONTAINER), O(UNSET_CONTAINER), O(MAP_DMA), O(MAP_DMA), O(MAP_DMA),
	O(UNMAP_DMA), O(UNMAP_DMA), O(GET_ATTR), O(SET_GEOMETRY), O(SET_GEOMETRY),
	O(SET_WINDOWS), O(SET_WINDOWS), O(SET_STASH), O(SET_ATTR), O(MSI_BANK_COUNT),
	O(MAP_MSI), O(MAP_MSI), O(UNMAP_MSI), O(ALLOC), O(ALLOC), O(FREE), O(ACCESS),
	O(ACCESS), O(ACCESS), O(FAIL_NTH), O(IOCTL), O(CONTAINER), O(RACE_MSI),
};

static const uint8_t prof_geometry[] = {
	O(SET_GEOMETRY), O(SET_GEOMETRY), O(SET_GEOMETRY), O(SET_GEOMETRY),
	O(SET_WINDOWS), O(SET_WINDOWS), O(SET_WINDOWS), O(SET_WINDOWS), O(GET_ATTR),
	O(GET_ATTR), O(MAP_DMA), O(MAP_DMA), O(MAP_DMA), O(UNMAP_DMA), O(UNMAP_DMA),
	O(MAP_MSI), O(UNMAP_MSI), O(ACCESS), O(ACCESS), O(SET_ATTR), O(SET_STASH),
	O(CONTAINER), O(GROUP), O(SET_CONTAINER), O(SET_IOMMU), O(ALLOC), O(ALLOC),
	O(UNSET_CONTAINER), O(FAIL_NTH), O(DEVICE), O(CLOSE), O(API_VERSION),
	O(CHECK_EXTENSION), O(GROUP_STATUS), O(MSI_BANK_COUNT), O(FREE), O(IOCTL),
	O(RACE_MSI),
};

static const uint8_t prof_msi[] = {
	O(MAP_MSI), O(MAP_MSI), O(MAP_MSI), O(MAP_MSI), O(UNMAP_MSI), O(UNMAP_MSI),
	O(UNMAP_MSI), O(MAP_DMA), O(MAP_DMA), O(UNMAP_DMA), O(SET_GEOMETRY),
	O(SET_WINDOWS), O(SET_WINDOWS), O(SET_CONTAINER), O(SET_CONTAINER),
	O(UNSET_CONTAINER), O(UNSET_CONTAINER), O(CONTAINER), O(GROUP), O(GROUP),
	O(SET_IOMMU), O(ACCESS), O(ACCESS), O(ACCESS), O(CLOSE), O(ALLOC), O(FAIL_NTH),
	O(MSI_BANK_COUNT), O(DEVICE), O(API_VERSION), O(CHECK_EXTENSION),
	O(GROUP_STATUS), O(GET_ATTR), O(SET_STASH), O(SET_ATTR), O(FREE), O(IOCTL),
	O(RACE_MSI), O(RACE_MSI),
};
#undef O

static const uint8_t *profile_table(unsigned int profile, unsigned int *n)
{
	switch (profile) {
	case T2P_PROFILE_GEOMETRY:
		*n = sizeof(prof_geometry);
		return prof_geometry;
	case T2P_PROFILE_MSI:
		*n = sizeof(prof_msi);
		return prof_msi;
	default:
		*n = sizeof(prof_all);
		return prof_all;
	}
}

/* ------------------------------------------------------------ platform */

static void platform_of_selector(unsigned int sel, char *buf, size_t len)
{
	static const char *const pools[4] = { "", ",spaace_pool=8", ",spaace_pool=300",
					      ",spaace_pool=0" };
	static const char *const extra[4] = { "", ",max_windows=16", ",cap_ipc_lock=1",
					      ",max_windows=65536" };

	snprintf(buf, len, "%s%s%s%s%s%s", (sel & 1) ? "t4240" : "p4080",
		 (sel & 2) ? ",msi_policy=shared" : "", pools[(sel >> 2) & 3],
		 (sel & 16) ? ",ccsr_base=0xf00000000" : "",
		 (sel & 32) ? ",memlock=16777216" : "", extra[(sel >> 6) & 3]);
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

static void make_vctx(const struct shadow *sh, const struct t2p_op *op, unsigned int i,
		      struct vctx *v)
{
	const struct shadow_c *c;

	if (op->a[0].kind == T2P_K_G)
		c = shadow_group_cont(sh, &op->a[0]);
	else
		c = shadow_cont(sh, &op->a[0]);
	vctx_cont(v, c);
	v->opstart = i > 0 ? op->a[i - 1].val : 0;
	v->minsz = t2p_default_argsz(op->code);
	v->msi_off = sh->msi_off;
	v->cpus = sh->cpus;
	v->bsize = 0;
	v->page = 0;
	if (op->code == T2P_OP_ALLOC)
		v->page = op->a[0].val;
	if (op->code == T2P_OP_MAP_DMA && op->a[1].kind == T2P_K_B &&
	    op->a[1].idx < sh->count[T2P_K_B] && op->a[1].idx < T2P_MAX_HANDLES) {
		v->bsize = sh->bsize[op->a[1].idx];
		v->page = sh->bpage[op->a[1].idx];
	}
}

static void decode_op(struct rd *r, struct shadow *sh, unsigned int profile, struct t2p_op *op)
{
	unsigned int n, o = rd8(r), x = 0, i;
	const uint8_t *tab = profile_table(profile, &n);
	const struct t2p_opinfo *oi;
	struct vctx v;

	t2p_op_init(op, tab[(o & 0x7f) % n]);
	oi = &t2p_opinfo[op->code];
	if (o & 0x80)
		x = rd8(r);
	for (i = 0; i < 4; i++) {
		unsigned int f = oi->field[i], k;
		struct t2p_arg *a = &op->a[i];

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
				make_vctx(sh, op, i, &v);
				a->kind = T2P_K_NUM;
				a->val = decode_value(r, VC_RAWFD, &v);
			}
			break;
		case T2P_F_VADDR:
			k = rd8(r);
			if (!(k & 1)) {
				decode_handle(r, sh, T2P_K_B, a);
				make_vctx(sh, op, i, &v);
				a->val = decode_value(r, VC_OFFSET, &v);
			} else {
				make_vctx(sh, op, i, &v);
				a->kind = T2P_K_NUM;
				a->val = decode_value(r, VC_RAWVADDR, &v);
			}
			break;
		case T2P_F_NAME:
			decode_name(r, sh, op);
			break;
		default:
			make_vctx(sh, op, i, &v);
			a->kind = T2P_K_NUM;
			a->val = decode_value(r, field_class(op, i), &v);
			break;
		}
	}
	make_vctx(sh, op, 0, &v);
	if ((x & 1) && (oi->extras & T2P_X_ARGSZ))
		op->argsz = (uint32_t)decode_value(r, T2P_F_ARGSZ, &v);
	if ((x & 2) && (oi->extras & T2P_X_FLAGS))
		op->flags = (uint32_t)decode_value(r, T2P_F_FLAGS, &v);
	if ((x & 4) && (oi->extras & T2P_X_NULL))
		op->null_arg = 1;
}

void t2p_decode(const uint8_t *data, size_t len, struct t2p_prog *p)
{
	struct rd r = { data, len, 0 };
	struct shadow sh;
	unsigned int b0, n, i;

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
		platform_of_selector(rd8(&r), p->platform, sizeof(p->platform));
	}
	shadow_init(&sh, p->platform);
	while (r.pos < len && p->nops < T2P_MAX_OPS) {
		struct t2p_op *op = &p->ops[p->nops++];

		decode_op(&r, &sh, p->profile, op);
		shadow_apply(&sh, op);
	}
}

static void encode_op(struct wr *w, struct shadow *sh, unsigned int profile,
		      const struct t2p_op *op)
{
	unsigned int n, o, i, x = 0;
	const uint8_t *tab = profile_table(profile, &n);
	const struct t2p_opinfo *oi = &t2p_opinfo[op->code];
	struct vctx v;

	for (o = 0; o < n; o++)
		if (tab[o] == op->code)
			break;
	if (o == n)
		o = 0;  /* not in this profile (cannot happen: every table has every op) */
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
	unsigned int sel, i;
	char tmp[T2P_PLATFORM_MAX];
	const char *plat = t2p_platform(p);

	for (sel = 0; sel < 256; sel++) {
		platform_of_selector(sel, tmp, sizeof(tmp));
		if (!strcmp(tmp, plat))
			break;
	}
	if (sel < 256) {
		wr8(&w, T2P_BIN_VERSION);
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
			const char *c = memchr(plat_chars, plat[i], NPLATCHARS);

			wr8(&w, c ? (unsigned int)(c - plat_chars) : 0);
		}
	}
	shadow_init(&sh, plat);
	for (i = 0; i < p->nops; i++) {
		if (p->ops[i].code >= T2P_NOPCODES)
			continue;
		encode_op(&w, &sh, p->profile, &p->ops[i]);
		shadow_apply(&sh, &p->ops[i]);
	}
	return w.pos;
}
