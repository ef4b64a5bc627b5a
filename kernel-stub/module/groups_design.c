// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/* Copyright (c) 2026 The t2harness authors */
/*
 * groups_design.c - the MSI design table (core/design.c) for t2groups.ko,
 * which only parses platform strings: the same rows, without the designs'
 * code, so that the module links without the simulator core.
 */
#define T2_DESIGNS_PARSER_ONLY
#include "design.c"
