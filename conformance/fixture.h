/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * fixture.h - what the runner (runner.c) takes from fixture.c: a case's
 * backend up and down, and the SKIPs of a backend that cannot create the
 * case's platform.
 */
#ifndef T2_CONF_FIXTURE_H
#define T2_CONF_FIXTURE_H

#include <stddef.h>
#include "t2test.h"

/* Opens x's backend (platform NULL: the mode's): 0, or -errno with a message. */
int t2t_backend_up(struct t2t *x, const char *platform, char *err, size_t errlen);
void t2t_backend_down(struct t2t *x);
/* On a backend that cannot create platforms: SKIP unless the target is str. */
void t2t_need_target_platform(struct t2t *x, const char *str);
/* On a backend that cannot create platforms: SKIP a case written for p4080
 * where the target has fewer resources. */
void t2t_need_default_resources(struct t2t *x);
/* Spec 9a: SKIP a case of another design's section (design NULL: any). */
void t2t_need_design(struct t2t *x, const char *design);

#endif /* T2_CONF_FIXTURE_H */
