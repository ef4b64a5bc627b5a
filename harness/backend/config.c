/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * config.c - t2_config_from_env (config.h): the one place the harness reads
 * its environment variables (README's "Choosing what runs"); every other
 * file takes them from the struct t2_config a tool passes down.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend/backend.h"
#include "backend/backend_kinds.h"
#include "backend/config.h"
#include "backend/core_variant.h"
#include "backend/platform_match.h"

/* An empty value means "not set", as for most variables. */
static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* T2_BUF_CAP: bytes, with an optional K, M or G suffix; bad or unset: the default. */
static uint64_t buf_cap(const char *v)
{
	char *end;
	uint64_t n;

	if (!v)
		return T2_BUF_CAP_DEFAULT;
	n = strtoull(v, &end, 0);
	if (*end == 'K' || *end == 'k')
		n <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		n <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		n <<= 30, end++;
	return *end || !n ? T2_BUF_CAP_DEFAULT : n;
}

int t2_config_check_core(const struct t2_config *cfg, char *err, size_t errlen)
{
	if (cfg->core != T2_CORE_SPEC && cfg->kind && !strcmp(cfg->kind, "stub")) {
		snprintf(err, errlen, "T2_CORE=%s: the stub backend has no VFIO core in front "
			 "of it; unset T2_CORE or use T2_BACKEND=dev",
			 t2_core_variant_name(cfg->core));
		return -EINVAL;
	}
	return 0;
}

int t2_config_from_env(struct t2_config *cfg, char *err, size_t errlen)
{
	static const char *const explicit_vars[] = { "T2_BACKEND", "T2_PLATFORM",
		"T2_PERSONALITY", "T2_DEFECTS", "T2_CORE", "T2_OBSERVE" };
	const char *kind = getenv("T2_BACKEND");
	const char *pers = getenv("T2_PERSONALITY");
	const char *defects = getenv("T2_DEFECTS");
	const char *core = getenv("T2_CORE");
	const char *sched = getenv("T2_SCHED");
	const char *cont = getenv("T2_FUZZ_CONTINUE");
	char sub[200];
	size_t i;
	int r;

	memset(cfg, 0, sizeof(*cfg));
	for (i = 0; i < sizeof(explicit_vars) / sizeof(explicit_vars[0]); i++)
		if (getenv(explicit_vars[i]))
			cfg->explicit_env = 1;
	cfg->kind = kind && *kind ? kind : "stub";
	cfg->platform = env("T2_PLATFORM");
	cfg->root = env("T2_ROOT");
	cfg->intro_node = env("T2_INTRO_NODE");
	cfg->announce = env("T2_ANNOUNCE");
	cfg->observe = getenv("T2_OBSERVE");
	cfg->buf_cap = buf_cap(env("T2_BUF_CAP"));
	cfg->fuzz_trace = getenv("T2_FUZZ_TRACE") != NULL;
	cfg->findings_dir = getenv("T2_FINDINGS_DIR");
	cfg->fuzz_continue = cont && !strcmp(cont, "1") && cfg->findings_dir;
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
	if (sched && strcmp(sched, "free") && strcmp(sched, "pct")) {
		snprintf(err, errlen, "T2_SCHED='%s': use pct (the backend's scheduler, "
			 "default) or free", sched);
		return -EINVAL;
	}
	cfg->free_threads = sched && !strcmp(sched, "free");
	/* The variant's name only: --backend / -m may still change the kind
	 * (t2_config_check_core again once it is final). */
	if (core && *core) {
		r = t2_core_variant_parse(core, &cfg->core, err, errlen);
		if (r)
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
