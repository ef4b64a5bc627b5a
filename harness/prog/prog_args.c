/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * prog_args.c - the struct argument of a struct op, from one table: which
 * ioctl, whether argsz and flags lead the struct (GROUP_STATUS has argsz
 * only), the fields filled from the op's operands or constants, and where
 * the poisoned part of the struct starts (bytes the call must ignore or
 * leave alone).  minsz comes from include/t2/ioctls.def.  The executor and
 * the tests that drive a backend directly build arguments here, so that
 * the layouts are written down once.
 */
#include <string.h>
#include "backend/ioctl.h"
#include "prog/prog.h"
#include "t2/abi.h"

enum put_src { PUT_ARG = 1, PUT_VADDR, PUT_CONST };

struct put {
	uint8_t off, width;     /* width 0 ends the list */
	uint8_t src, ai;        /* enum put_src, operand index */
	uint32_t k;             /* PUT_CONST */
};

struct struct_op {
	unsigned long cmd;
	uint8_t flags_hdr;      /* flags at 4 from the op (else argsz only) */
	uint8_t poison;         /* 0, or the offset from which POISON fills minsz */
	struct put put[3];
};

#define ARG32(off, ai) { off, 4, PUT_ARG, ai, 0 }
#define ARG64(off, ai) { off, 8, PUT_ARG, ai, 0 }
#define VADDR64(off, ai) { off, 8, PUT_VADDR, ai, 0 }
#define CONST32(off, k) { off, 4, PUT_CONST, 0, k }

static const struct struct_op struct_ops[T2P_NOPCODES] = {
	/* flags is output only: it must change only on success */
	[T2P_OP_GROUP_STATUS] = { VFIO_GROUP_GET_STATUS, 0, 0, { CONST32(4, 0xa5a5a5a5u) } },
	[T2P_OP_MAP_DMA] = { VFIO_IOMMU_MAP_DMA, 1, 0,
			     { VADDR64(8, 1), ARG64(16, 2), ARG64(24, 3) } },
	[T2P_OP_UNMAP_DMA] = { VFIO_IOMMU_UNMAP_DMA, 1, 0, { ARG64(8, 1), ARG64(16, 2) } },
	/* ATTR-2: only the value asked for changes */
	[T2P_OP_GET_ATTR] = { VFIO_IOMMU_PAMU_GET_ATTR, 1, 16, { ARG32(8, 1) } },
	[T2P_OP_SET_GEOMETRY] = { VFIO_IOMMU_PAMU_SET_ATTR, 1, 0,
				  { CONST32(8, VFIO_ATTR_GEOMETRY), ARG64(16, 1), ARG64(24, 2) } },
	/* ATTR-3: the rest of the union is ignored */
	[T2P_OP_SET_WINDOWS] = { VFIO_IOMMU_PAMU_SET_ATTR, 1, 20,
				 { CONST32(8, VFIO_ATTR_WINDOWS), ARG32(16, 1) } },
	[T2P_OP_SET_STASH] = { VFIO_IOMMU_PAMU_SET_ATTR, 1, 24,
			       { CONST32(8, VFIO_ATTR_PAMU_STASH), ARG32(16, 1), ARG32(20, 2) } },
	[T2P_OP_SET_ATTR] = { VFIO_IOMMU_PAMU_SET_ATTR, 1, 0,
			      { ARG32(8, 1), ARG64(16, 2), ARG64(24, 3) } },
	/* ABI-8: pad0 is ignored */
	[T2P_OP_MAP_MSI] = { VFIO_IOMMU_PAMU_MAP_MSI_BANK, 1, 0,
			     { ARG32(8, 1), CONST32(12, 0x5a5a5a5au), ARG64(16, 2) } },
	[T2P_OP_UNMAP_MSI] = { VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, 1, 0, { ARG64(8, 1) } },
};

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

int t2p_is_struct_op(unsigned int code)
{
	return code < T2P_NOPCODES && struct_ops[code].cmd;
}

static void put(uint8_t *buf, size_t off, unsigned int width, uint64_t v)
{
	uint32_t x = (uint32_t)v;

	if (width == 4)
		memcpy(buf + off, &x, 4);
	else
		memcpy(buf + off, &v, 8);
}

size_t t2p_struct_arg(const struct t2p_op *op, t2p_vaddr_fn *vaddr, void *ctx,
		      uint8_t buf[T2P_ARG_MAX], unsigned long *cmd)
{
	const struct struct_op *so;
	const struct put *pt;
	size_t minsz;
	uint64_t v;

	if (!t2p_is_struct_op(op->code))
		return 0;
	so = &struct_ops[op->code];
	*cmd = so->cmd;
	minsz = t2_ioctl_find(so->cmd)->minsz;
	if (minsz > T2P_ARG_MAX)
		return 0;       /* cannot happen: the ABI's structs are smaller */
	memset(buf, 0, minsz);
	put(buf, 0, 4, op->argsz);
	if (so->flags_hdr)
		put(buf, 4, 4, op->flags);
	for (pt = so->put; pt < so->put + 3 && pt->width; pt++) {
		if (pt->src == PUT_CONST)
			v = pt->k;
		else if (pt->src == PUT_VADDR)
			v = vaddr(ctx, &op->a[pt->ai]);
		else
			v = op->a[pt->ai].val;
		put(buf, pt->off, pt->width, v);
	}
	if (op->code == T2P_OP_SET_ATTR)
		t2p_put_attr_words(buf + 16, (uint32_t)op->a[1].val, op->a[2].val, op->a[3].val);
	if (so->poison)
		memset(buf + so->poison, T2P_ARG_POISON, minsz - so->poison);
	return minsz;
}
