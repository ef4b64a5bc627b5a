/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * backend.c - choosing a backend: the kinds table, environment parsing
 * (T2_BACKEND, T2_PLATFORM, T2_PERSONALITY, T2_DEFECTS; spec PERS-2); the
 * switch names are the core's (kernel-stub/core/personality.c).
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

int t2_config_from_env(struct t2_backend_config *cfg, char *err, size_t errlen)
{
	const char *kind = getenv("T2_BACKEND");
	const char *pers = getenv("T2_PERSONALITY");
	const char *defects = getenv("T2_DEFECTS");
	char sub[200];
	int r;

	memset(cfg, 0, sizeof(*cfg));
	cfg->kind = kind && *kind ? kind : "stub";
	/* An empty T2_PLATFORM or T2_ROOT means "not set", as for most variables. */
	cfg->platform = getenv("T2_PLATFORM");
	if (cfg->platform && !*cfg->platform)
		cfg->platform = NULL;
	cfg->root = getenv("T2_ROOT");
	if (cfg->root && !*cfg->root)
		cfg->root = NULL;
	/* the target's stated platform (docs/devices.md): validated here, once */
	if (cfg->platform && t2_platform_check(cfg->platform, sub, sizeof(sub))) {
		snprintf(err, errlen, "T2_PLATFORM: %s", sub);
		return -EINVAL;
	}
	if (!t2_backend_kind_known(cfg->kind)) {
		snprintf(err, errlen, "T2_BACKEND: unknown backend '%s' (known: %s)",
			 cfg->kind, t2_backend_kind_list());
		return -EINVAL;
	}
	/* The variant's name only: --backend / -m may still change the kind
	 * (t2_core_variant_parse_env again once it is final). */
	r = t2_core_variant_parse_env(NULL, sub, sizeof(sub));
	if (r) {
		snprintf(err, errlen, "%s", sub);
		return r;
	}
	/* PERS-2: T2_DEFECTS, if set (empty included), is the exact set. */
	if (defects) {
		r = t2_parse_switches(defects, &cfg->switches, sub, sizeof(sub));
		if (r) {
			snprintf(err, errlen, "T2_DEFECTS: %s", sub);
			return r;
		}
		return 0;
	}
	if (pers && t2_parse_personality(pers, &cfg->switches)) {
		snprintf(err, errlen,
			 "T2_PERSONALITY: unknown personality '%s' (known: spec, sdk2013, designs2013)", pers);
		return -EINVAL;
	}
	return 0;
}

int t2_backend_open(const struct t2_backend_config *cfg, struct t2_backend **out,
		    char *err, size_t errlen)
{
	const char *kind = cfg->kind ? cfg->kind : "stub";
	const struct t2_backend_kind *k = t2_backend_kind_find(kind);

	*out = NULL;
	if (!k) {
		snprintf(err, errlen, "unknown backend '%s' (known: %s)", kind,
			 t2_backend_kind_list());
		return -EINVAL;
	}
	return k->open(cfg, out, err, errlen);
}

void t2_backend_close(struct t2_backend *be)
{
	if (be)
		be->ops->destroy(be);
}
