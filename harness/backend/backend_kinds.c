/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/* backend_kinds.c - the kinds table expanded from backends.def. */
#include <string.h>
#include "backend/backend_kinds.h"

static const struct t2_backend_kind kinds[] = {
#define T2_BACKEND_KIND(name, fn, intro, summary) { #name, fn, intro, summary },
#include "backend/backends.def"
#undef T2_BACKEND_KIND
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

const struct t2_backend_kind *t2_backend_kinds(size_t *n)
{
	*n = NKINDS;
	return kinds;
}

const struct t2_backend_kind *t2_backend_kind_find(const char *name)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (!strcmp(kinds[i].name, name))
			return &kinds[i];
	return NULL;
}

int t2_backend_kind_known(const char *name)
{
	return t2_backend_kind_find(name) != NULL;
}

/* "stub dev ...": built by the preprocessor, so no list to keep in sync. */
static const char kind_list[] = ""
#define T2_BACKEND_KIND(name, fn, intro, summary) " " #name
#include "backend/backends.def"
#undef T2_BACKEND_KIND
	;

const char *t2_backend_kind_list(void)
{
	return kind_list + 1;
}
