/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * found_with.c - the "#@ found-with" line of a saved finding (found_with.h):
 * formatting it from a backend configuration and finding it in a text file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend/backend_kinds.h"
#include "backend/core_variant.h"
#include "exec/exec.h"
#include "exec/found_with.h"

void t2_found_with_format(const struct t2_config *cfg, const char *platform,
			  int observe, char *buf, size_t len)
{
	char sw[200];

	t2_format_switches(cfg->switches, sw, sizeof(sw));
	snprintf(buf, len, "%s personality=%s defects=%s platform=%s backend=%s core=%s observe=%s",
		 T2_FOUND_WITH,
		 cfg->switches == 0 ? "spec" :
		 cfg->switches == (uint64_t)T2_SW_ALL ? "sdk2013" :
		 cfg->switches == T2_SW_DESIGNS ? "designs2013" : "custom",
		 sw, cfg->platform ? cfg->platform : platform ? platform : "p4080",
		 cfg->kind ? cfg->kind : "stub", t2_core_variant_name(cfg->core),
		 t2x_observe_name(observe));
}

/* key=value: copies value into out (len); -1 if it does not fit. */
static int copy_value(const char *v, size_t n, char *out, size_t len)
{
	if (n == 0 || n >= len)
		return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

static int parse_line(const char *s, size_t n, struct t2_found_with *fw, char *err,
		      size_t errlen)
{
	size_t i = 0;
	char val[200], sub[200];

	while (i < n) {
		size_t k, e, vlen;

		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i >= n)
			break;
		for (e = i; e < n && s[e] != ' ' && s[e] != '\t' && s[e] != '\r'; e++)
			;
		for (k = i; k < e && s[k] != '='; k++)
			;
		if (k == e) {
			snprintf(err, errlen, "'%.*s' is not KEY=VALUE", (int)(e - i), s + i);
			return -EINVAL;
		}
		vlen = e - k - 1;
		if (copy_value(s + k + 1, vlen, val, sizeof(val))) {
			snprintf(err, errlen, "'%.*s': empty or too long", (int)(k - i), s + i);
			return -EINVAL;
		}
#define KEY(name) (k - i == sizeof(name) - 1 && !strncmp(s + i, name, k - i))
		if (KEY("personality")) {
			/* informative: defects= is the exact set */
		} else if (KEY("defects")) {
			if (t2_parse_switches(strcmp(val, "none") ? val : "", &fw->switches, sub,
					      sizeof(sub))) {
				snprintf(err, errlen, "defects: %s", sub);
				return -EINVAL;
			}
			fw->has_defects = 1;
		} else if (KEY("backend")) {
			if (copy_value(val, vlen, fw->backend, sizeof(fw->backend)) ||
			    !t2_backend_kind_known(fw->backend)) {
				snprintf(err, errlen, "backend: unknown backend '%s'", val);
				return -EINVAL;
			}
			fw->has_backend = 1;
		} else if (KEY("core")) {
			int v;

			if (t2_core_variant_parse(val, &v, sub, sizeof(sub)) ||
			    copy_value(val, vlen, fw->core, sizeof(fw->core))) {
				snprintf(err, errlen, "core: %s", sub);
				return -EINVAL;
			}
			fw->has_core = 1;
		} else if (KEY("observe")) {
			if (t2x_observe_parse(val, &fw->observe)) {
				snprintf(err, errlen, "observe: unknown level '%s'", val);
				return -EINVAL;
			}
			fw->has_observe = 1;
		} else if (KEY("platform")) {
			if (copy_value(val, vlen, fw->platform, sizeof(fw->platform))) {
				snprintf(err, errlen, "platform: too long");
				return -EINVAL;
			}
			fw->has_platform = 1;
		} else {
			/* keys a later version records are left out, not refused */
		}
#undef KEY
		i = e;
	}
	fw->have = 1;
	return 0;
}

int t2_found_with_find(const char *text, size_t len, struct t2_found_with *fw, char *err,
		       size_t errlen)
{
	size_t i = 0, n = strlen(T2_FOUND_WITH);
	unsigned int lineno = 0;

	memset(fw, 0, sizeof(*fw));
	while (i < len) {
		size_t e = i, b;

		while (e < len && text[e] != '\n')
			e++;
		lineno++;
		for (b = i; b < e && (text[b] == ' ' || text[b] == '\t'); b++)
			;
		if (e - b > n && !strncmp(text + b, T2_FOUND_WITH, n) &&
		    (text[b + n] == ' ' || text[b + n] == '\t')) {
			char sub[240];

			if (parse_line(text + b + n, e - b - n, fw, sub, sizeof(sub))) {
				snprintf(err, errlen, "%u: %s: %s", lineno, T2_FOUND_WITH, sub);
				return -EINVAL;
			}
			return 0;
		}
		i = e + 1;
	}
	return 0;
}

