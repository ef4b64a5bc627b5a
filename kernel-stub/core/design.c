/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * design.c - the MSI design table (spec 9a, include/t2/msi_designs.def):
 * one row of hooks per design the simulator implements, which the generic
 * paths call where the designs differ (dispatch, MAP_DMA, disable, release).
 * Design D (section 9) is today's behaviour and needs no hook; a design
 * whose row is NULL is refused by the platform parser.
 */
#include "internal.h"

static const struct t2_design_ops design_d = {
	.letter = "D",
};

/*
 * t2groups.ko links the platform parser and this table without the designs'
 * code (module/groups_design.c includes this file with T2_DESIGNS_PARSER_ONLY):
 * there a row only says that the design exists.
 */
#ifdef T2_DESIGNS_PARSER_ONLY
#define T2_DESIGN_ROW(ops) (&design_d)
#else
#define T2_DESIGN_ROW(ops) (&(ops))
#endif

static const struct t2_design_ops *const t2_msi_designs[T2_MSI_DESIGNS] = {
	[T2_MSI_DESIGN_D] = &design_d,
	[T2_MSI_DESIGN_A] = T2_DESIGN_ROW(t2_design_a),
	[T2_MSI_DESIGN_B] = T2_DESIGN_ROW(t2_design_b),
	[T2_MSI_DESIGN_C] = T2_DESIGN_ROW(t2_design_c),
};

const struct t2_design_ops *t2_msi_design_get(u32 value)
{
	return value < T2_MSI_DESIGNS ? t2_msi_designs[value] : NULL;
}

bool t2_design_hides(const struct t2_sim *s, unsigned long cmd)
{
	u32 i;

	for (i = 0; i < 32; i++)
		if (((s->design->hidden | (T2_DESIGN_ONLY & ~s->design->offers)) & (1u << i)) &&
		    cmd == (unsigned long)_IO(VFIO_TYPE, VFIO_BASE + i))
			return true;
	return false;
}

static bool letter_is(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

u32 t2_design_map_flags(const struct t2_sim *s)
{
	u32 m = 0;

#define T2_DMA_FLAG(name, short, bit, dsg) \
	if (letter_is(#dsg, s->design->letter)) \
		m |= 1u << (bit);
#include "t2/dmaflags.def"
#undef T2_DMA_FLAG
	return m;
}
