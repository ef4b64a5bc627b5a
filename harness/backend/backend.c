/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * backend.c - opening a backend of the configuration's kind (the kinds
 * table), switch and personality names (spec PERS-2: the core's parser and
 * names, kernel-stub/core/personality.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend/backend.h"
#include "backend/core_variant.h"
#include "backend/backend_kinds.h"
#include "backend/platform_match.h"
#include "core/t2core.h"

/* One parser of switch and personality names: the core's, which the module's
 * load parameters use too (one rule, PERS-2: case does not matter). */
int t2_parse_switches(const char *list, uint64_t *mask, char *err, size_t errlen)
{
	u64 m = 0;
	int r = t2_switches_parse(list, &m, err, errlen);

	if (!r)
		*mask = m;
	return r;
}

int t2_parse_personality(const char *name, uint64_t *mask)
{
	u64 m = 0;
	int r = name ? t2_personality_parse(name, &m) : -EINVAL;

	if (!r)
		*mask = m;
	return r;
}

void t2_format_switches(uint64_t mask, char *buf, size_t len)
{
	t2_switches_format(mask, buf, len);
}

void t2_personality_label(uint64_t mask, char *buf, size_t len)
{
	if (!mask)
		snprintf(buf, len, "spec");
	else if (mask == (uint64_t)T2_SW_ALL)
		snprintf(buf, len, "sdk2013");
	else if (mask == T2_SW_DESIGNS)
		snprintf(buf, len, "designs2013");
	else
		t2_format_switches(mask, buf, len);
}

int t2_backend_open(const struct t2_config *cfg, struct t2_backend **out,
		    char *err, size_t errlen)
{
	const char *kind = cfg->kind ? cfg->kind : "stub";
	const struct t2_backend_kind *k = t2_backend_kind_find(kind);
	int r;

	*out = NULL;
	if (!k) {
		snprintf(err, errlen, "unknown backend '%s' (known: %s)", kind,
			 t2_backend_kind_list());
		return -EINVAL;
	}
	r = k->open(cfg, out, err, errlen);
	if (r >= 0)
		(*out)->free_threads = cfg->free_threads;
	return r;
}

void t2_backend_close(struct t2_backend *be)
{
	if (be)
		be->ops->destroy(be);
}
