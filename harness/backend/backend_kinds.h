/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/* backend_kinds.h - the backend kinds of backends.def and their constructors. */
#ifndef T2_BACKEND_KINDS_H
#define T2_BACKEND_KINDS_H

#include "backend/backend.h"

typedef int t2_backend_open_fn(const struct t2_config *cfg,
			       struct t2_backend **out, char *err, size_t errlen);

#define T2_BACKEND_KIND(name, fn, intro, summary) t2_backend_open_fn fn;
#include "backend/backends.def"
#undef T2_BACKEND_KIND

struct t2_backend_kind {
	const char *name;
	t2_backend_open_fn *open;
	int introspection; /* may answer T2SIM_* (still probed, INTRO-3) */
	const char *summary;
};

const struct t2_backend_kind *t2_backend_kind_find(const char *name);
int t2_backend_kind_known(const char *name);
/* "stub, dev, ..." */
const char *t2_backend_kind_list(void);
/* The table itself, for listing. */
const struct t2_backend_kind *t2_backend_kinds(size_t *n);

#endif /* T2_BACKEND_KINDS_H */
