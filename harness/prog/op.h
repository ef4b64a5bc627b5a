/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * op.h - the call an op makes (op.c), from its row of ops.def: which ioctl,
 * and the argument bytes built from the op's operands by the row's layout.
 * One description serves every user: the executor issues it on the backend
 * and on the oracle, the stub reset test records it, t2h cprog prints it
 * as C, the blind fuzzer picks the op of an ioctl from the same rows.
 * The descriptor the call is issued on is operand 0's; each user maps
 * handles to its own descriptors, so the description names the operand.
 */
#ifndef T2_PROG_OP_H
#define T2_PROG_OP_H

#include <stddef.h>
#include <stdint.h>
#include "prog/prog.h"

/* How an ioctl takes its argument (the ABI table's arg column, plus RAW). */
enum t2p_argk {
	T2P_ARGK_NOCALL = 0,    /* not one ioctl (run != IOCTL) */
	T2P_ARGK_NONE,          /* no argument: 0 */
	T2P_ARGK_VALUE,         /* an integer */
	T2P_ARGK_STRUCT,        /* a pointer to an argsz-led struct */
	T2P_ARGK_S32,           /* a pointer to a __s32 descriptor */
	T2P_ARGK_STRING,        /* a pointer to a NUL-terminated name */
	T2P_ARGK_RAW,           /* a raw number and argument from the operands */
};

/* Where a struct's bytes come from (ops.def, STRUCT puts). */
enum t2p_put_src {
	T2P_PUT_FLAGS = 1,      /* the op's flags */
	T2P_PUT_ARG,            /* operand v */
	T2P_PUT_VADDR,          /* operand v, a buffer operand's address + offset */
	T2P_PUT_CONST,          /* the constant v */
	T2P_PUT_WORDS,          /* operands v, v+1: a generic SET_ATTR's union words */
	T2P_PUT_POISON_FROM,    /* [off, off + width): T2P_ARG_POISON */
	T2P_PUT_POISON_AFTER,   /* the same, from the member's end */
};

struct t2p_put {
	const char *member;     /* as C spells it: "iova", "attr_info.windows" */
	uint8_t src;            /* enum t2p_put_src */
	uint8_t off, width;     /* bytes of the struct it fills */
	uint32_t v;             /* operand index, or the constant */
};

#define T2P_MAX_PUTS 6

/* A row's call: what op.c and the printers need to know of it. */
struct t2p_layout {
	uint8_t argk;           /* enum t2p_argk */
	uint8_t ai;             /* VALUE, S32: the operand; RAW: the argument's */
	uint8_t aic;            /* RAW: the operand holding the number */
	uint8_t nputs;
	const char *ioctl;      /* "VFIO_IOMMU_MAP_DMA"; NULL for RAW and NOCALL */
	unsigned long cmd;      /* the host's number of it */
	const char *type;       /* STRUCT: "vfio_iommu_type1_dma_map" */
	uint32_t minsz;         /* STRUCT: sizeof the struct, the ABI table's minsz;
				 * S32: 4 */
	struct t2p_put put[T2P_MAX_PUTS];
};

extern const struct t2p_layout t2p_layout[T2P_NOPCODES];

#define T2P_CALL_TAIL 32        /* poisoned bytes after minsz (ERR-3) */
#define T2P_CALL_BUF (T2P_ARG_MAX + T2P_CALL_TAIL)

/* One op as one call: {operand 0's descriptor, cmd, argument bytes, minsz}. */
struct t2p_call {
	const struct t2p_layout *l;
	unsigned long cmd;      /* the host's number */
	unsigned long value;    /* the argument when no pointer is passed (0: a null one) */
	uint8_t by_ptr;         /* the argument points to the bytes (or the long name) */
	uint8_t nonul;          /* STRING: T2P_NAME_BUF bytes with no NUL (CORE-10) */
	int8_t fd_in;           /* S32 with a handle operand: its index, for
				 * t2p_call_put_fd(); -1 otherwise */
	uint32_t minsz;         /* bytes the call reads (STRUCT, S32) */
	uint32_t cmp;           /* bytes to compare after the call (minsz + tail; 0: none) */
	uint8_t arg[T2P_CALL_BUF];      /* minsz bytes, then T2P_CALL_TAIL of poison */
};

/*
 * The call op makes; a buffer operand's address from vaddr(ctx, operand).
 * 0, or -EINVAL if op is not one ioctl (its row's run is not IOCTL).
 */
int t2p_op_call(const struct t2p_op *op, t2p_vaddr_fn *vaddr, void *ctx, struct t2p_call *c);
/* S32 with a handle operand: that handle's descriptor into bytes (c->arg or
 * one side's copy of it). */
void t2p_call_put_fd(uint8_t *bytes, int32_t fd);
/* What to pass as the ioctl's argument, with bytes as the argument's bytes. */
unsigned long t2p_call_arg(const struct t2p_call *c, const uint8_t *bytes);
/* The GENERIC op of an ioctl (its generic form, every input an operand),
 * or -1 if no row issues it. */
int t2p_op_of_ioctl(unsigned long cmd);
/* A generic SET_ATTR's raw words into the 16-byte union, by field. */
void t2p_put_attr_words(uint8_t u[16], uint32_t attribute, uint64_t w0, uint64_t w1);

#endif /* T2_PROG_OP_H */
