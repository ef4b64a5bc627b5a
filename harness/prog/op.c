/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * op.c - the op table (ops.def) expanded: the model's row of each op
 * (t2p_opinfo: name, operands, defaults, traits), the layout of the call
 * it makes (t2p_layout: ioctl, struct, which operand goes to which member
 * by offsetof), and t2p_op_call(), which builds that call from an op.  The
 * rows are checked against the ABI table (include/t2/ioctls.def) at build
 * time: the same argument kind, and a struct whose size is the ioctl's minsz.
 */
#include <errno.h>
#include <string.h>
#include "prog/op.h"
#include "prog/prog.h"
#include "t2/abi.h"

/* ------------------------------------------------------------ the model's rows */

/* argsz default of each struct op (ABI-3): its minsz; 0 for the others */
#define ARGSZ_NOCALL 0
#define ARGSZ_NOARG(ioctl) 0
#define ARGSZ_VALUE(ioctl, ai) 0
#define ARGSZ_RAW(aic, aia) 0
#define ARGSZ_S32(ioctl, ai) 0
#define ARGSZ_STRING(ioctl) 0
#define ARGSZ_STRUCT(ioctl, type, ...) sizeof(struct type)

const struct t2p_opinfo t2p_opinfo[T2P_NOPCODES] = {
#define T2P_OP(code, name, creates, f0, f1, f2, f3, extras, run, call, dflags, traits) \
	[T2P_OP_##code] = { name, T2P_K_##creates,                                  \
			    { T2P_F_##f0, T2P_F_##f1, T2P_F_##f2, T2P_F_##f3 }, extras,     \
			    T2P_RUN_##run, ARGSZ_##call, dflags, traits },
#include "prog/ops.def"
#undef T2P_OP
};

/* ------------------------------------------------------------ the layouts */

/* a put (SRC, member, v) of struct type t */
#define OFF_(t, m) offsetof(struct t, m)
#define SIZE_(t, m) sizeof(((struct t *)0)->m)
#define PUT_ANY(t, src, m, v) { #m, T2P_PUT_##src, OFF_(t, m), SIZE_(t, m), (uint32_t)(v) }
#define PUT_FLAGS(t, m, v) PUT_ANY(t, FLAGS, m, v)
#define PUT_ARG(t, m, v) PUT_ANY(t, ARG, m, v)
#define PUT_VADDR(t, m, v) PUT_ANY(t, VADDR, m, v)
#define PUT_CONST(t, m, v) PUT_ANY(t, CONST, m, v)
#define PUT_WORDS(t, m, v) PUT_ANY(t, WORDS, m, v)
#define PUT_POISON_FROM(t, m, v) \
	{ #m, T2P_PUT_POISON_FROM, OFF_(t, m), sizeof(struct t) - OFF_(t, m), 0 }
#define PUT_POISON_AFTER(t, m, v)                                                       \
	{ #m, T2P_PUT_POISON_AFTER, OFF_(t, m) + SIZE_(t, m),                           \
	  sizeof(struct t) - OFF_(t, m) - SIZE_(t, m), 0 }
#define PUT_(t, src, m, v) PUT_##src(t, m, v)
#define PUT_ARGS(...) PUT_(__VA_ARGS__)
#define PUT_UNPAREN(...) __VA_ARGS__
#define PUT(t, p) PUT_ARGS(t, PUT_UNPAREN p)
/* the puts of a STRUCT call, 1 to 6 */
#define PUTS_N(_1, _2, _3, _4, _5, _6, n, ...) n
#define NPUTS(...) PUTS_N(__VA_ARGS__, 6, 5, 4, 3, 2, 1, 0)
#define PUTS1(t, a) PUT(t, a)
#define PUTS2(t, a, ...) PUT(t, a), PUTS1(t, __VA_ARGS__)
#define PUTS3(t, a, ...) PUT(t, a), PUTS2(t, __VA_ARGS__)
#define PUTS4(t, a, ...) PUT(t, a), PUTS3(t, __VA_ARGS__)
#define PUTS5(t, a, ...) PUT(t, a), PUTS4(t, __VA_ARGS__)
#define PUTS6(t, a, ...) PUT(t, a), PUTS5(t, __VA_ARGS__)
#define PUTS_CAT(a, b) a##b
#define PUTS_(n) PUTS_CAT(PUTS, n)
#define PUTS(t, ...) PUTS_(NPUTS(__VA_ARGS__))(t, __VA_ARGS__)

#define LAYOUT_NOCALL { .argk = T2P_ARGK_NOCALL }
#define LAYOUT_NOARG(io) { .argk = T2P_ARGK_NONE, .ioctl = #io, .cmd = io }
#define LAYOUT_VALUE(io, a) { .argk = T2P_ARGK_VALUE, .ai = a, .ioctl = #io, .cmd = io }
#define LAYOUT_RAW(c, a) { .argk = T2P_ARGK_RAW, .ai = a, .aic = c }
#define LAYOUT_S32(io, a) { .argk = T2P_ARGK_S32, .ai = a, .ioctl = #io, .cmd = io, .minsz = 4 }
#define LAYOUT_STRING(io) { .argk = T2P_ARGK_STRING, .ioctl = #io, .cmd = io }
#define LAYOUT_STRUCT(io, t, ...)                                                      \
	{ .argk = T2P_ARGK_STRUCT, .ioctl = #io, .cmd = io, .type = #t,                 \
	  .minsz = sizeof(struct t), .nputs = NPUTS(__VA_ARGS__),                      \
	  .put = { PUTS(t, __VA_ARGS__) } }

const struct t2p_layout t2p_layout[T2P_NOPCODES] = {
#define T2P_OP(code, name, creates, f0, f1, f2, f3, extras, run, call, dflags, traits) \
	[T2P_OP_##code] = LAYOUT_##call,
#include "prog/ops.def"
#undef T2P_OP
};

/* ------------------------------------------------------------ joined to the ABI table */

/* each ioctl's argument kind and minsz, from include/t2/ioctls.def */
#define T2_IOCTL(name, n, fdk, argk, minsz, mask) \
	enum { ABI_ARGK_##name = T2P_ARGK_##argk, ABI_MINSZ_##name = (minsz) };
#include "t2/ioctls.def"
#undef T2_IOCTL

/* a row's call against its ioctl's row: the same argument kind and minsz */
#define ABI_NOCALL 1
#define ABI_NOARG(io) ((int)ABI_ARGK_##io == (int)T2P_ARGK_NONE)
#define ABI_VALUE(io, a) ((int)ABI_ARGK_##io == (int)T2P_ARGK_VALUE)
#define ABI_RAW(c, a) 1
#define ABI_S32(io, a) ((int)ABI_ARGK_##io == (int)T2P_ARGK_S32 && ABI_MINSZ_##io == 4)
#define ABI_STRING(io) ((int)ABI_ARGK_##io == (int)T2P_ARGK_STRING)
#define ABI_STRUCT(io, t, ...) \
	((int)ABI_ARGK_##io == (int)T2P_ARGK_STRUCT && ABI_MINSZ_##io == sizeof(struct t))
#define T2P_OP(code, name, creates, f0, f1, f2, f3, extras, run, call, dflags, traits) \
	_Static_assert(ABI_##call, "ops.def: " #code "'s call differs from its ioctl in "  \
		       "ioctls.def (argument kind or minsz)");                             \
	_Static_assert((T2P_RUN_##run == T2P_RUN_IOCTL) == (ABI_ARGK_OF_##call != 0),      \
		       "ops.def: " #code ": run IOCTL goes with a call, the others NOCALL");
#define ABI_ARGK_OF_NOCALL 0
#define ABI_ARGK_OF_NOARG(io) 1
#define ABI_ARGK_OF_VALUE(io, a) 1
#define ABI_ARGK_OF_RAW(c, a) 1
#define ABI_ARGK_OF_S32(io, a) 1
#define ABI_ARGK_OF_STRING(io) 1
#define ABI_ARGK_OF_STRUCT(io, t, ...) 1
#include "prog/ops.def"
#undef T2P_OP
_Static_assert(sizeof(struct vfio_pamu_attr) <= T2P_ARG_MAX, "T2P_ARG_MAX: the largest minsz");

/* ------------------------------------------------------------ calls */

/*
 * The two raw words of a generic SET_ATTR mean the same fields on every host
 * (docs/fuzzing.md, byte order): for GEOMETRY they are the two u64 fields of
 * the union; for any other attribute the union's u32 fields, low half first
 * (word 0 = windows, or stash.cpu | stash.cache << 32).  On a little-endian
 * host both readings give the bytes one u64 store gives.
 */
void t2p_put_attr_words(uint8_t u[16], uint32_t attribute, uint64_t w0, uint64_t w1)
{
	uint32_t h[4] = { (uint32_t)w0, (uint32_t)(w0 >> 32), (uint32_t)w1, (uint32_t)(w1 >> 32) };

	if (attribute == VFIO_ATTR_GEOMETRY) {
		memcpy(u, &w0, 8);
		memcpy(u + 8, &w1, 8);
	} else {
		memcpy(u, h, 16);
	}
}

static void put(uint8_t *buf, size_t off, unsigned int width, uint64_t v)
{
	uint32_t x = (uint32_t)v;

	if (width == 4)
		memcpy(buf + off, &x, 4);
	else
		memcpy(buf + off, &v, 8);
}

/* A name with no NUL within 4096 bytes (CORE-10, T2P_NAME_NONUL). */
static const char long_name[T2P_NAME_BUF] = { [0 ... T2P_NAME_BUF - 1] = 'a' };

static void struct_bytes(const struct t2p_op *op, const struct t2p_layout *l,
			 t2p_vaddr_fn *vaddr, void *ctx, uint8_t *buf)
{
	const struct t2p_put *pt;
	uint64_t v;

	put(buf, 0, 4, op->argsz);
	for (pt = l->put; pt < l->put + l->nputs; pt++) {
		switch (pt->src) {
		case T2P_PUT_FLAGS:
			v = op->flags;
			break;
		case T2P_PUT_CONST:
			v = pt->v;
			break;
		case T2P_PUT_VADDR:
			v = vaddr(ctx, &op->a[pt->v]);
			break;
		case T2P_PUT_WORDS:
			t2p_put_attr_words(buf + pt->off, (uint32_t)op->a[pt->v - 1].val,
					   op->a[pt->v].val, op->a[pt->v + 1].val);
			continue;
		case T2P_PUT_POISON_FROM:
		case T2P_PUT_POISON_AFTER:
			memset(buf + pt->off, T2P_ARG_POISON, pt->width);
			continue;
		default:
			v = op->a[pt->v].val;
			break;
		}
		put(buf, pt->off, pt->width, v);
	}
}

int t2p_op_call(const struct t2p_op *op, t2p_vaddr_fn *vaddr, void *ctx, struct t2p_call *c)
{
	const struct t2p_layout *l;
	size_t n;

	if (op->code >= T2P_NOPCODES || t2p_layout[op->code].argk == T2P_ARGK_NOCALL)
		return -EINVAL;
	l = &t2p_layout[op->code];
	memset(c, 0, offsetof(struct t2p_call, arg));
	memset(c->arg, 0, sizeof(c->arg));
	c->l = l;
	c->cmd = l->cmd;
	c->fd_in = -1;
	switch (l->argk) {
	case T2P_ARGK_VALUE:
		c->value = (unsigned long)op->a[l->ai].val;
		return 0;
	case T2P_ARGK_RAW:
		c->cmd = t2p_cmd_host(op->a[l->aic].val);
		c->value = (unsigned long)(op->a[l->ai].val & 0xfff);
		return 0;
	case T2P_ARGK_S32:
		c->minsz = 4;
		if (op->a[l->ai].kind == T2P_K_NUM)
			t2p_call_put_fd(c->arg, (int32_t)(uint32_t)op->a[l->ai].val);
		else
			c->fd_in = (int8_t)l->ai;
		break;
	case T2P_ARGK_STRING:
		if (op->name_len == T2P_NAME_NONUL) {
			c->nonul = 1;
			break;
		}
		n = op->name_len > T2P_NAME_MAX ? T2P_NAME_MAX : op->name_len;
		memcpy(c->arg, op->name, n);
		break;
	case T2P_ARGK_STRUCT:
		c->minsz = l->minsz;
		struct_bytes(op, l, vaddr, ctx, c->arg);
		memset(c->arg + c->minsz, T2P_ARG_POISON, T2P_CALL_TAIL);
		c->cmp = op->null_arg ? 0 : c->minsz + T2P_CALL_TAIL;
		break;
	default:
		return 0;
	}
	c->by_ptr = !op->null_arg;
	return 0;
}

void t2p_call_put_fd(uint8_t *bytes, int32_t fd)
{
	memcpy(bytes, &fd, sizeof(fd));
}

unsigned long t2p_call_arg(const struct t2p_call *c, const uint8_t *bytes)
{
	if (!c->by_ptr)
		return c->value;
	return c->nonul ? (unsigned long)long_name : (unsigned long)bytes;
}

int t2p_op_of_ioctl(unsigned long cmd)
{
	unsigned int i;

	for (i = 0; i < T2P_NOPCODES; i++)
		if (t2p_layout[i].ioctl && t2p_layout[i].cmd == cmd &&
		    (t2p_opinfo[i].traits & T2P_T_GENERIC))
			return (int)i;
	return -1;
}
