/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * variant.h - the suite's view of the VFIO core variant
 * (harness/backend/core_variant.h, docs/vfio-core.md): which answers the tests of
 * the affected rules expect.
 */
#ifndef T2_CONF_VARIANT_H
#define T2_CONF_VARIANT_H

#include "backend/core_variant.h"
#include "t2test.h"

/*
 * The variant the backend under test follows: T2_CORE for the device
 * backend and the oracle (which models it); the stub is always the spec's
 * core.
 */
int t2t_core(struct t2_tctx *t);

/* Fault sites FAIL-1 gives opening a container or a group node, or
 * GROUP_GET_DEVICE_FD: 1 on the spec's core, 0 behind a VFIO core that
 * owns those files. */
unsigned int t2t_core_file_sites(struct t2_tctx *t);

#endif /* T2_CONF_VARIANT_H */
