/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * inv_int.h - what the two invariant checkers (inv.c: spec section 18;
 * inv_design.c: each MSI design's own) share: how a broken invariant is
 * reported into struct t2x_inv_out (exec.h).
 */
#ifndef T2_INV_INT_H
#define T2_INV_INT_H

#include <stdio.h>

/* Records invariant inv on field fld with a message, and fails the check. */
#define FAIL(o, inv, fld, ...)                                                  \
	do {                                                                    \
		(o)->id = (inv);                                                \
		(o)->field = (fld);                                             \
		snprintf((o)->what, sizeof((o)->what), __VA_ARGS__);            \
		return 1;                                                       \
	} while (0)

#endif
