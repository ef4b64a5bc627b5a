/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * prog_text.c - the text form of a program: what a person reads in a bug
 * report.  One op per line, '#' comments, hex numbers, named constants:
 *
 *   platform p4080,msi_policy=shared
 *   c0 = container
 *   g0 = group 0
 *   set_container g0 c0
 *   set_iommu c0 TYPE2
 *   set_geometry c0 0x0 0x1fffffff
 *   set_windows c0 256
 *   map_msi c0 0 0x10000000            # bank, iova
 *   b0 = alloc 2M 0x10000000
 *   map_dma c0 b0 0x0 0x10000000       # vaddr, iova, size
 *   write g0 0x10000140
 *
 * ABI overrides follow as key=value: argsz=N, flags=READ|0x4, arg=null;
 * `read`/`write` take liodn=K.  The printer is canonical: printing what the
 * parser built gives the same text back.
 *
 * Parser and printer stay in one file (past the size the others keep): they
 * share the token and constant tables, and each spelling the printer writes
 * is one the parser reads back.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "prog/prog.h"
#include "t2/abi.h"
#include "t2/sim.h"

/* ------------------------------------------------------------ named constants */

struct named {
	const char *name;
	uint64_t val;
};

static const struct named attr_names[] = {
	{ "GEOMETRY", VFIO_ATTR_GEOMETRY },
	{ "WINDOWS", VFIO_ATTR_WINDOWS },
	{ "STASH", VFIO_ATTR_PAMU_STASH },
	{ NULL, 0 },
};

static const struct named cache_names[] = {
	{ "L1", PAMU_ATTR_CACHE_L1 },
	{ "L2", PAMU_ATTR_CACHE_L2 },
	{ "L3", PAMU_ATTR_CACHE_L3 },
	{ NULL, 0 },
};

static const struct named page_names[] = {
	{ "4K", 0x1000 },
	{ "8K", 0x2000 },
	{ "64K", 0x10000 },
	{ "2M", 0x200000 },
	{ "4M", 0x400000 },
	{ "1G", 0x40000000 },
	{ NULL, 0 },
};

/* MAP_DMA's flag bits (include/t2/dmaflags.def: READ, WRITE, MSI of design B) */
static const struct named flag_names[] = {
#define T2_DMA_FLAG(name, short, bit, design) { #short, name },
#include "t2/dmaflags.def"
#undef T2_DMA_FLAG
	{ NULL, 0 },
};

static const struct named cmd_names[] = {
#define T2_IOCTL(name, n, fd, arg, minsz, flagmask) { #name, T2P_IO(VFIO_TYPE, VFIO_BASE + (n)) },
#include "t2/ioctls.def"
#undef T2_IOCTL
#define T2SIM_IOCTL(name, n, fd, minsz, flagmask) { #name, T2P_IO(T2SIM_TYPE, T2SIM_BASE + (n)) },
#include "t2/simioctls.def"
#undef T2SIM_IOCTL
	{ NULL, 0 },
};

static const char *name_of(const struct named *t, uint64_t v)
{
	for (; t->name; t++)
		if (t->val == v)
			return t->name;
	return NULL;
}

static int value_of(const struct named *t, const char *s, size_t n, uint64_t *v)
{
	for (; t->name; t++)
		if (strlen(t->name) == n && !strncmp(t->name, s, n)) {
			*v = t->val;
			return 1;
		}
	return 0;
}

/* ------------------------------------------------------------ printer */

struct out {
	char *buf;
	size_t len, pos;
};

static void outf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void outf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->pos < o->len ? o->buf + o->pos : NULL,
		      o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

static int name_is_bare(const struct t2p_op *op)
{
	unsigned int i;

	if (op->name_len == 0 || op->name_len > T2P_NAME_MAX)
		return 0;
	if (op->name[0] == '@' || op->name[0] == '"')
		return 0;
	for (i = 0; i < op->name_len; i++) {
		char c = op->name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	/* a bare name must not read as a key=value or a number-only token */
	return 1;
}

static void print_name(struct out *o, const struct t2p_op *op)
{
	unsigned int i, n;

	if (op->name_len == T2P_NAME_NONUL) {
		outf(o, " @nonul");
		return;
	}
	if (name_is_bare(op)) {
		outf(o, " %.*s", (int)op->name_len, op->name);
		return;
	}
	n = op->name_len > T2P_NAME_MAX ? T2P_NAME_MAX : op->name_len;
	outf(o, " \"");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)op->name[i];

		if (c == '"' || c == '\\')
			outf(o, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f && c != '#')
			outf(o, "%c", c);
		else
			outf(o, "\\x%02x", c);
	}
	outf(o, "\"");
}

static void print_flags(struct out *o, uint32_t flags)
{
	const struct named *t;
	const char *sep = "";

	if (!flags) {
		outf(o, "0");
		return;
	}
	for (t = flag_names; t->name; t++) {
		if (flags & t->val) {
			outf(o, "%s%s", sep, t->name);
			flags &= ~(uint32_t)t->val;
			sep = "|";
		}
	}
	if (flags)
		outf(o, "%s0x%x", sep, flags);
}

static void print_named_or(struct out *o, const struct named *t, uint64_t v, int hex)
{
	const char *n = name_of(t, v);

	if (n)
		outf(o, " %s", n);
	else if (hex)
		outf(o, " 0x%" PRIx64, v);
	else
		outf(o, " %" PRIu64, v);
}

static void print_field(struct out *o, const struct t2p_op *op, unsigned int f,
			const struct t2p_arg *a)
{
	switch (f) {
	case T2P_F_C:
	case T2P_F_G:
	case T2P_F_B:
	case T2P_F_FD:
		outf(o, " %c%u", t2p_kind_letter(a->kind), a->idx);
		break;
	case T2P_F_CFD:
		if (a->kind != T2P_K_NUM)
			outf(o, " %c%u", t2p_kind_letter(a->kind), a->idx);
		else
			outf(o, " %d", (int32_t)(uint32_t)a->val);
		break;
	case T2P_F_VADDR:
		if (a->kind == T2P_K_B && a->val)
			outf(o, " b%u+0x%" PRIx64, a->idx, a->val);
		else if (a->kind == T2P_K_B)
			outf(o, " b%u", a->idx);
		else
			outf(o, " 0x%" PRIx64, a->val);
		break;
	case T2P_F_ATTR:
		print_named_or(o, attr_names, a->val, 0);
		break;
	case T2P_F_CACHE:
		print_named_or(o, cache_names, a->val, 0);
		break;
	case T2P_F_PAGE:
		print_named_or(o, page_names, a->val, 1);
		break;
	case T2P_F_CMD:
		print_named_or(o, cmd_names, a->val, 1);
		break;
	case T2P_F_EXT:
		if (a->val == T2_TYPE2_VALUE)
			outf(o, " TYPE2");
		else
			outf(o, " %" PRIu64, a->val);
		break;
	case T2P_F_COUNT:
	case T2P_F_BANK:
	case T2P_F_CPU:
	case T2P_F_NTH:
	case T2P_F_GNUM:
	case T2P_F_SEED:
	case T2P_F_PROT:
		outf(o, " %" PRIu64, a->val);
		break;
	case T2P_F_NAME:
		print_name(o, op);
		break;
	case T2P_F_DIR:
	case T2P_F_LIDX:
	case T2P_F_NONE:
		break;
	default:
		outf(o, " 0x%" PRIx64, a->val);
		break;
	}
}

static size_t print_op(const struct t2p_op *op, unsigned int created, char *buf, size_t len)
{
	const struct t2p_opinfo *oi;
	struct out o = { buf, len, 0 };
	unsigned int i;

	if (len)
		buf[0] = '\0';
	if (op->code >= T2P_NOPCODES) {
		outf(&o, "# bad opcode %u", op->code);
		return o.pos;
	}
	oi = &t2p_opinfo[op->code];
	if (oi->creates != T2P_K_NUM)
		outf(&o, "%c%u = ", t2p_kind_letter(oi->creates), created);
	if (op->code == T2P_OP_ACCESS)
		outf(&o, "%s", op->a[2].val ? "write" : "read");
	else
		outf(&o, "%s", oi->name);
	for (i = 0; i < 4; i++)
		print_field(&o, op, oi->field[i], &op->a[i]);
	if (op->code == T2P_OP_ACCESS && op->a[3].val)
		outf(&o, " liodn=%" PRIu64, op->a[3].val);
	if ((oi->extras & T2P_X_ARGSZ) && op->argsz != t2p_default_argsz(op->code))
		outf(&o, " argsz=%u", op->argsz);
	if ((oi->extras & T2P_X_FLAGS) && op->flags != t2p_default_flags(op->code)) {
		outf(&o, " flags=");
		print_flags(&o, op->flags);
	}
	if ((oi->extras & T2P_X_NULL) && op->null_arg)
		outf(&o, " arg=null");
	return o.pos;
}

size_t t2p_print_op(const struct t2p_op *op, char *buf, size_t len)
{
	return print_op(op, 0, buf, len);
}

size_t t2p_print_op_in(const struct t2p_prog *p, unsigned int i, char *buf, size_t len)
{
	unsigned int k, n = 0, kind;

	if (i >= p->nops) {
		if (len)
			buf[0] = '\0';
		return 0;
	}
	kind = p->ops[i].code < T2P_NOPCODES ? t2p_opinfo[p->ops[i].code].creates : T2P_K_NUM;
	for (k = 0; k < i && kind != T2P_K_NUM; k++)
		if (p->ops[k].code < T2P_NOPCODES && t2p_opinfo[p->ops[k].code].creates == kind)
			n++;
	return print_op(&p->ops[i], n, buf, len);
}

size_t t2p_print(const struct t2p_prog *p, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	unsigned int count[T2P_NKINDS] = { 0 };
	unsigned int i, k;
	int inb = 0;
	char line[256];

	if (len)
		buf[0] = '\0';
	outf(&o, "platform %s\n", t2p_platform(p));
	if (p->profile != T2P_PROFILE_ALL)
		outf(&o, "profile %s\n", t2p_profile_name(p->profile));
	for (i = 0; i < p->nops; i++) {
		const struct t2p_op *op = &p->ops[i];

		k = op->code < T2P_NOPCODES ? t2p_opinfo[op->code].creates : T2P_K_NUM;
		print_op(op, count[k], line, sizeof(line));
		if (k != T2P_K_NUM)
			count[k]++;
		/* a block's threads and their ops indented (the parser ignores it) */
		if (op->code == T2P_OP_BLOCK)
			inb = 1;
		else if (op->code == T2P_OP_END)
			inb = 0;
		outf(&o, "%s%s\n", !inb || op->code == T2P_OP_BLOCK ? "" :
				   op->code == T2P_OP_THREAD ? "  " : "    ", line);
	}
	return o.pos;
}

void t2p_fprint(const struct t2p_prog *p, void *stream)
{
	size_t n = t2p_print(p, NULL, 0);
	char *buf = malloc(n + 1);

	if (!buf)
		return;
	t2p_print(p, buf, n + 1);
	fputs(buf, (FILE *)stream);
	free(buf);
}

/* ------------------------------------------------------------ parser */

struct parser {
	const char *fname;
	const char *line;       /* start of the current line */
	size_t llen;            /* its length, comment excluded */
	size_t pos;             /* cursor in line */
	unsigned int lineno;
	char *err;
	size_t errlen;
	unsigned int count[T2P_NKINDS];
	/* the open block, if any (see block_shape) */
	int inb;
	unsigned int nthr, tops, block_line;
};

struct token {
	const char *s;
	size_t n;
	size_t col;             /* 1-based */
};

static int perr(struct parser *ps, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct parser *ps, size_t col, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(ps->err, ps->errlen, "%s:%u:%zu: ", ps->fname ? ps->fname : "<input>",
		     ps->lineno, col);
	if (n >= 0 && (size_t)n < ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Next whitespace-separated token; a quoted string is one token. 0 at end. */
static int next_token(struct parser *ps, struct token *t)
{
	const char *l = ps->line;
	size_t p = ps->pos;

	while (p < ps->llen && (l[p] == ' ' || l[p] == '\t' || l[p] == '\r'))
		p++;
	if (p >= ps->llen) {
		ps->pos = p;
		return 0;
	}
	t->s = l + p;
	t->col = p + 1;
	if (l[p] == '"') {
		p++;
		while (p < ps->llen && l[p] != '"') {
			if (l[p] == '\\' && p + 1 < ps->llen)
				p++;
			p++;
		}
		if (p < ps->llen)
			p++;
	} else {
		while (p < ps->llen && l[p] != ' ' && l[p] != '\t' && l[p] != '\r')
			p++;
	}
	t->n = (size_t)(t->s - l) <= p ? p - (size_t)(t->s - l) : 0;
	ps->pos = p;
	return 1;
}

static int tok_is(const struct token *t, const char *s)
{
	return strlen(s) == t->n && !strncmp(t->s, s, t->n);
}

/* Number: decimal, 0x hex, optional leading '-'. */
static int parse_uint(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;
	int neg = 0, base = 10;
	size_t i = 0;

	if (n && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (n - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	if (i >= n)
		return -EINVAL;
	for (; i < n; i++) {
		unsigned int d;
		char c = s[i];

		if (c == '_')
			continue;
		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			return -EINVAL;
		if (d >= (unsigned int)base)
			return -EINVAL;
		if (x > (UINT64_MAX - d) / (uint64_t)base)
			return -ERANGE;
		x = x * (uint64_t)base + d;
	}
	*v = neg ? (uint64_t)0 - x : x;
	return 0;
}

static int parse_handle(struct parser *ps, const struct token *t, unsigned int want,
			struct t2p_arg *a)
{
	static const char letters[] = "cgdb";
	const char *l;
	uint64_t idx;
	unsigned int k;

	if (t->n < 2 || !(l = memchr(letters, t->s[0], 4)))
		return perr(ps, t->col, "expected a handle (%s), got '%.*s'",
			    want == T2P_F_FD || want == T2P_F_CFD ? "cN, gN or dN" :
			    want == T2P_F_C ? "cN" : want == T2P_F_G ? "gN" :
			    want == T2P_F_B ? "bN" : "cN, gN, dN or bN",
			    (int)t->n, t->s);
	k = T2P_K_C + (unsigned int)(l - letters);
	if ((want == T2P_F_C && k != T2P_K_C) || (want == T2P_F_G && k != T2P_K_G) ||
	    (want == T2P_F_B && k != T2P_K_B) ||
	    ((want == T2P_F_FD || want == T2P_F_CFD) && k == T2P_K_B))
		return perr(ps, t->col, "wrong handle kind '%.*s' here", (int)t->n, t->s);
	if (parse_uint(t->s + 1, t->n - 1, &idx) || t->s[1] == '-')
		return perr(ps, t->col, "bad handle '%.*s'", (int)t->n, t->s);
	if (idx >= T2P_MAX_HANDLES)
		return perr(ps, t->col, "handle index %" PRIu64 " too large (max %u)", idx,
			    T2P_MAX_HANDLES - 1);
	a->kind = (uint8_t)k;
	a->idx = (uint8_t)idx;
	a->val = 0;
	return 0;
}

static int parse_number(struct parser *ps, const struct token *t, const struct named *names,
			uint64_t *v)
{
	int r;

	if (names && value_of(names, t->s, t->n, v))
		return 0;
	r = parse_uint(t->s, t->n, v);
	if (r == -ERANGE)
		return perr(ps, t->col, "number '%.*s' does not fit in 64 bits", (int)t->n, t->s);
	if (r)
		return perr(ps, t->col, "expected a number, got '%.*s'", (int)t->n, t->s);
	return 0;
}

static int parse_flags(struct parser *ps, const char *s, size_t n, size_t col, uint32_t *out)
{
	uint64_t v, acc = 0;
	size_t i = 0, j;

	while (i <= n) {
		j = i;
		while (j < n && s[j] != '|')
			j++;
		if (j == i)
			return perr(ps, col + i, "empty flag");
		if (!value_of(flag_names, s + i, j - i, &v) &&
		    !(!strncmp(s + i, "ARM", j - i) && j - i == 3 && (v = T2SIM_FAIL_ARM, 1)) &&
		    parse_uint(s + i, j - i, &v))
			return perr(ps, col + i, "unknown flag '%.*s'", (int)(j - i), s + i);
		acc |= v;
		i = j + 1;
	}
	if (acc > UINT32_MAX)
		return perr(ps, col, "flags do not fit in 32 bits");
	*out = (uint32_t)acc;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_name(struct parser *ps, const struct token *t, struct t2p_op *op)
{
	size_t i, n = 0;

	if (tok_is(t, "@nonul")) {
		op->name_len = T2P_NAME_NONUL;
		return 0;
	}
	if (t->s[0] != '"') {
		if (t->n > T2P_NAME_MAX)
			return perr(ps, t->col, "device name longer than %d bytes", T2P_NAME_MAX);
		memcpy(op->name, t->s, t->n);
		op->name_len = (uint8_t)t->n;
		if (!name_is_bare(op))
			return perr(ps, t->col, "device name '%.*s' needs quotes", (int)t->n,
				    t->s);
		return 0;
	}
	if (t->n < 2 || t->s[t->n - 1] != '"')
		return perr(ps, t->col, "unterminated string");
	for (i = 1; i + 1 < t->n; i++) {
		char c = t->s[i];

		if (c == '\\') {
			if (i + 2 >= t->n)
				return perr(ps, t->col + i, "bad escape");
			c = t->s[++i];
			if (c == 'x') {
				int h, l;

				if (i + 3 >= t->n || (h = hexval(t->s[i + 1])) < 0 ||
				    (l = hexval(t->s[i + 2])) < 0)
					return perr(ps, t->col + i, "bad \\x escape");
				c = (char)(h * 16 + l);
				i += 2;
			} else if (c != '\\' && c != '"') {
				return perr(ps, t->col + i, "unknown escape '\\%c'", c);
			}
		}
		if (n >= T2P_NAME_MAX)
			return perr(ps, t->col, "device name longer than %d bytes", T2P_NAME_MAX);
		op->name[n++] = c;
	}
	op->name_len = (uint8_t)n;
	return 0;
}

static int parse_field(struct parser *ps, struct t2p_op *op, unsigned int f,
		       struct t2p_arg *a, const struct token *t)
{
	uint64_t v;
	const char *plus;
	int r;

	switch (f) {
	case T2P_F_C:
	case T2P_F_G:
	case T2P_F_B:
	case T2P_F_FD:
		return parse_handle(ps, t, f, a);
	case T2P_F_CFD:
		if (t->s[0] >= 'a' && t->s[0] <= 'z')
			return parse_handle(ps, t, f, a);
		if ((r = parse_number(ps, t, NULL, &v)))
			return r;
		if (!((int64_t)v >= INT32_MIN && (int64_t)v < 0) &&
		    !(v >= T2P_RAWFD_MIN && v <= INT32_MAX))
			return perr(ps, t->col,
				    "raw fd must be negative or in 0x%x..0x7fffffff; use a handle",
				    T2P_RAWFD_MIN);
		a->kind = T2P_K_NUM;
		a->val = (uint32_t)v;
		return 0;
	case T2P_F_VADDR:
		if (t->s[0] == 'b') {
			struct token h = *t;

			plus = memchr(t->s, '+', t->n);
			if (plus)
				h.n = (size_t)(plus - t->s);
			if ((r = parse_handle(ps, &h, T2P_F_B, a)))
				return r;
			if (plus) {
				struct token o = { plus + 1, t->n - h.n - 1, t->col + h.n + 1 };

				if ((r = parse_number(ps, &o, NULL, &a->val)))
					return r;
			}
			return 0;
		}
		a->kind = T2P_K_NUM;
		return parse_number(ps, t, NULL, &a->val);
	case T2P_F_NAME:
		return parse_name(ps, t, op);
	case T2P_F_ATTR:
		r = parse_number(ps, t, attr_names, &v);
		break;
	case T2P_F_CACHE:
		r = parse_number(ps, t, cache_names, &v);
		break;
	case T2P_F_PAGE:
		r = parse_number(ps, t, page_names, &v);
		break;
	case T2P_F_CMD:
		r = parse_number(ps, t, cmd_names, &v);
		break;
	case T2P_F_EXT:
		if (tok_is(t, "TYPE2")) {
			v = T2_TYPE2_VALUE;
			r = 0;
		} else {
			r = parse_number(ps, t, NULL, &v);
		}
		break;
	default:
		r = parse_number(ps, t, NULL, &v);
		break;
	}
	if (r)
		return r;
	if (t2p_field_is_u32(f) && v > UINT32_MAX)
		return perr(ps, t->col, "'%.*s' does not fit in 32 bits", (int)t->n, t->s);
	if (f == T2P_F_RAWARG && v >= 4096)
		return perr(ps, t->col, "raw ioctl argument must be below 4096 (never a pointer)");
	a->kind = T2P_K_NUM;
	a->val = v;
	return 0;
}

static int parse_key(struct parser *ps, struct t2p_op *op, const struct token *t)
{
	const struct t2p_opinfo *oi = &t2p_opinfo[op->code];
	const char *eq = memchr(t->s, '=', t->n);
	size_t kn, vn, vcol;
	const char *val;
	uint64_t v;

	if (!eq)
		return perr(ps, t->col, "unexpected '%.*s' (too many arguments?)", (int)t->n,
			    t->s);
	kn = (size_t)(eq - t->s);
	val = eq + 1;
	vn = t->n - kn - 1;
	vcol = t->col + kn + 1;
	if (kn == 5 && !strncmp(t->s, "argsz", 5) && (oi->extras & T2P_X_ARGSZ)) {
		struct token vt = { val, vn, vcol };

		if (parse_number(ps, &vt, NULL, &v))
			return -EINVAL;
		if (v > UINT32_MAX)
			return perr(ps, vcol, "argsz does not fit in 32 bits");
		op->argsz = (uint32_t)v;
		return 0;
	}
	if (kn == 5 && !strncmp(t->s, "flags", 5) && (oi->extras & T2P_X_FLAGS))
		return parse_flags(ps, val, vn, vcol, &op->flags);
	if (kn == 3 && !strncmp(t->s, "arg", 3) && (oi->extras & T2P_X_NULL)) {
		if (vn != 4 || strncmp(val, "null", 4))
			return perr(ps, vcol, "arg= takes only 'null'");
		op->null_arg = 1;
		return 0;
	}
	if (kn == 5 && !strncmp(t->s, "liodn", 5) && op->code == T2P_OP_ACCESS) {
		struct token vt = { val, vn, vcol };

		if (parse_number(ps, &vt, NULL, &v))
			return -EINVAL;
		if (v > UINT32_MAX)
			return perr(ps, vcol, "liodn index does not fit in 32 bits");
		op->a[3].val = v;
		return 0;
	}
	return perr(ps, t->col, "unknown key '%.*s' for %s", (int)kn, t->s, oi->name);
}

static int find_op(const struct token *t, unsigned int *code, int *dir)
{
	unsigned int c;

	*dir = -1;
	if (tok_is(t, "read") || tok_is(t, "write")) {
		*code = T2P_OP_ACCESS;
		*dir = tok_is(t, "write");
		return 0;
	}
	for (c = 0; c < T2P_NOPCODES; c++) {
		if (c == T2P_OP_ACCESS)
			continue;
		if (tok_is(t, t2p_opinfo[c].name)) {
			*code = c;
			return 0;
		}
	}
	return -ENOENT;
}

/* A block's shape as its lines come (prog.h): errors name the line. */
static int block_shape(struct parser *ps, unsigned int code, const struct token *t)
{
	switch (code) {
	case T2P_OP_BLOCK:
		if (ps->inb)
			return perr(ps, t->col, "block inside a block (close the first with 'end')");
		ps->inb = 1;
		ps->nthr = 0;
		ps->tops = 0;
		ps->block_line = ps->lineno;
		return 0;
	case T2P_OP_THREAD:
		if (!ps->inb)
			return perr(ps, t->col, "'thread' outside a block");
		if (ps->nthr && !ps->tops)
			return perr(ps, t->col, "the thread before has no ops");
		if (ps->nthr == T2P_BLOCK_MAX_THREADS)
			return perr(ps, t->col, "a block has at most %d threads",
				    T2P_BLOCK_MAX_THREADS);
		ps->nthr++;
		ps->tops = 0;
		return 0;
	case T2P_OP_END:
		if (!ps->inb)
			return perr(ps, t->col, "'end' outside a block");
		if (!ps->nthr || !ps->tops)
			return perr(ps, t->col, "a block needs threads with ops ('thread' lines)");
		ps->inb = 0;
		return 0;
	default:
		if (!ps->inb)
			return 0;
		if (!ps->nthr)
			return perr(ps, t->col, "ops in a block follow a 'thread' line");
		if (!t2p_block_op_ok(code))
			return perr(ps, t->col,
				    "%s cannot stand in a block (ops on handles made before it)",
				    t2p_opinfo[code].name);
		if (ps->tops == T2P_BLOCK_MAX_THREAD_OPS)
			return perr(ps, t->col, "a thread has at most %d ops",
				    T2P_BLOCK_MAX_THREAD_OPS);
		ps->tops++;
		return 0;
	}
}

static int parse_line(struct parser *ps, struct t2p_prog *p)
{
	struct token t, t2;
	struct t2p_op op;
	const struct t2p_opinfo *oi;
	unsigned int code, i, k;
	int dir, r, have_assign = 0;
	struct t2p_arg assign = { 0, 0, 0 };

	if (!next_token(ps, &t))
		return 0;
	if (tok_is(&t, "platform")) {
		if (!next_token(ps, &t2))
			return perr(ps, t.col + t.n, "platform needs a PLAT-2 string");
		if (t2.n >= T2P_PLATFORM_MAX)
			return perr(ps, t2.col, "platform string too long");
		memcpy(p->platform, t2.s, t2.n);
		p->platform[t2.n] = '\0';
		if (next_token(ps, &t))
			return perr(ps, t.col, "platform string must not contain spaces");
		return 0;
	}
	if (tok_is(&t, "profile")) {
		char name[16];

		if (!next_token(ps, &t2) || t2.n >= sizeof(name))
			return perr(ps, t.col + t.n, "profile needs a name (all, geometry, msi)");
		memcpy(name, t2.s, t2.n);
		name[t2.n] = '\0';
		r = t2p_profile_find(name);
		if (r < 0)
			return perr(ps, t2.col, "unknown profile '%s' (all, geometry, msi)", name);
		p->profile = (uint8_t)r;
		if (next_token(ps, &t))
			return perr(ps, t.col, "unexpected '%.*s'", (int)t.n, t.s);
		return 0;
	}
	/* "xN = op ..." */
	{
		size_t save = ps->pos;

		if (next_token(ps, &t2) && tok_is(&t2, "=")) {
			/* a new handle's index may exceed what references can name */
			static const char kinds[] = "cgdb";
			uint64_t idx;
			const char *l = t.n >= 2 ? memchr(kinds, t.s[0], 4) : NULL;

			if (!l || parse_uint(t.s + 1, t.n - 1, &idx) || t.s[1] == '-' ||
			    idx > 255)
				return perr(ps, t.col, "expected a new handle (cN, gN, dN or bN), got '%.*s'",
					    (int)t.n, t.s);
			assign.kind = (uint8_t)(T2P_K_C + (l - kinds));
			assign.idx = (uint8_t)idx;
			have_assign = 1;
			if (!next_token(ps, &t))
				return perr(ps, t2.col + 1, "expected an op after '='");
		} else {
			ps->pos = save;
		}
	}
	if (find_op(&t, &code, &dir))
		return perr(ps, t.col, "unknown op '%.*s'", (int)t.n, t.s);
	if (block_shape(ps, code, &t))
		return -EINVAL;
	oi = &t2p_opinfo[code];
	t2p_op_init(&op, code);
	k = oi->creates;
	if (have_assign) {
		if (k == T2P_K_NUM)
			return perr(ps, 1, "%s creates no handle", oi->name);
		if (assign.kind != k)
			return perr(ps, 1, "%s creates a '%c' handle", oi->name,
				    t2p_kind_letter(k));
		if (assign.idx != ps->count[k])
			return perr(ps, 1, "expected %c%u here (handles are numbered in order)",
				    t2p_kind_letter(k), ps->count[k]);
	}
	if (code == T2P_OP_ACCESS)
		op.a[2].val = (uint64_t)dir;
	for (i = 0; i < 4; i++) {
		unsigned int f = oi->field[i];

		if (f == T2P_F_NONE || f == T2P_F_DIR || f == T2P_F_LIDX)
			continue;
		if (!next_token(ps, &t2))
			return perr(ps, ps->pos + 1, "%s: missing argument %u", oi->name, i + 1);
		if (memchr(t2.s, '=', t2.n) && t2.s[0] != '"')
			return perr(ps, t2.col, "%s: missing argument %u before '%.*s'", oi->name,
				    i + 1, (int)t2.n, t2.s);
		if (parse_field(ps, &op, f, &op.a[i], &t2))
			return -EINVAL;
	}
	while (next_token(ps, &t2))
		if (parse_key(ps, &op, &t2))
			return -EINVAL;
	if (t2p_append(p, &op))
		return perr(ps, 1, "too many ops (max %d)", T2P_MAX_OPS);
	if (k != T2P_K_NUM && ps->count[k] < 255)
		ps->count[k]++;
	return 0;
}

int t2p_parse(const char *text, size_t len, const char *fname, struct t2p_prog *p,
	      char *err, size_t errlen)
{
	struct parser ps;
	size_t i = 0, end, c;
	int inq;

	memset(&ps, 0, sizeof(ps));
	ps.fname = fname;
	ps.err = err;
	ps.errlen = errlen;
	t2p_init(p);
	/* text is UTF-8 without NUL (an accent in a comment is fine): a stray
	 * byte is named by line:col before anything else is read */
	for (c = 0, end = 0; c < len; c++) {
		size_t k;

		if (text[c] == '\n') {
			ps.lineno++;
			end = c + 1;
		} else if (text[c] == '\0' || ((uint8_t)text[c] >= 0x80 &&
			   !(k = t2p_utf8_len((const uint8_t *)text + c, len - c)))) {
			ps.lineno++;
			if (!text[c])
				return perr(&ps, c - end + 1, "NUL byte in text");
			return perr(&ps, c - end + 1, "byte 0x%02x is not UTF-8 text",
				    (uint8_t)text[c]);
		} else if ((uint8_t)text[c] >= 0x80) {
			c += k - 1;
		}
	}
	ps.lineno = 0;
	while (i < len) {
		end = i;
		while (end < len && text[end] != '\n')
			end++;
		ps.lineno++;
		ps.line = text + i;
		ps.pos = 0;
		/* cut the comment: '#' outside a quoted string */
		inq = 0;
		for (c = 0; c < end - i; c++) {
			char ch = ps.line[c];

			if (ch == '\0')
				return perr(&ps, c + 1, "NUL byte in text");
			if (inq && ch == '\\') {
				c++;
				continue;
			}
			if (ch == '"')
				inq = !inq;
			else if (ch == '#' && !inq)
				break;
		}
		ps.llen = c < end - i ? c : end - i;
		if (parse_line(&ps, p))
			return -EINVAL;
		i = end + 1;
	}
	if (ps.inb) {
		ps.lineno = ps.block_line;
		return perr(&ps, 1, "block not closed with 'end'");
	}
	return 0;
}
