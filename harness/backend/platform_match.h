/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * platform_match.h - is a target (its T2SIM_PLATFORM answer) the platform a
 * PLAT-2 string describes?  The conformance runner and the executor use it
 * to skip what needs another platform than the target's (docs/devices.md).
 */
#ifndef T2_PLATFORM_MATCH_H
#define T2_PLATFORM_MATCH_H

#include <stddef.h>
#include "t2/sim.h"

/* The platform str describes, as the stub builds it: 0 or -errno with err. */
int t2_platform_of(const char *str, struct t2sim_platform *p, char *err, size_t errlen);

/* 0 if str is a platform string, else -EINVAL with the reason in err. */
int t2_platform_check(const char *str, char *err, size_t errlen);

/*
 * 0 when have is the platform str describes; else 1 with the first differing
 * field in why, or -EINVAL (str is not a platform; why says why).  ram and the
 * switches are no part of the comparison; memlock and cap_ipc_lock only when
 * str sets them (PLAT-4: elsewhere they are the caller's own).
 */
int t2_platform_differs(const struct t2sim_platform *have, const char *str, char *why,
			size_t len);

/*
 * 0 when have offers at least the resources of the platform ref names (the
 * default p4080 for cases written for it): windows, SPAACE pool, CPUs, MSI
 * banks, groups; else 1 with the first that falls short in why, or -EINVAL.
 * Addresses (ccsr_base, MSIIRs) and LIODNs may differ: cases read them from
 * the target's platform.
 */
int t2_platform_below(const struct t2sim_platform *have, const char *ref, char *why,
		      size_t len);

/* 9a: a design's letter ("A") and spec section ("MSIA") by INTRO-9 value;
 * "?" for a value that names no design. */
const char *t2_msi_design_letter(uint32_t value);
const char *t2_msi_design_section(uint32_t value);

#endif /* T2_PLATFORM_MATCH_H */
