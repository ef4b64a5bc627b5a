/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * found_with.h - the configuration a finding was found under, recorded with
 * every saved finding (fuzz targets' SIG.txt, make fuzz, ci/nightly, t2h min
 * output, the C reproducer's header) as one line of the text form:
 *   #@ found-with personality=sdk2013 defects=B6 platform=p4080 backend=stub core=spec
 *     observe=full
 * `t2h replay` runs a file under the configuration its line records unless
 * the configuration is given explicitly (options or T2_* variables).
 */
#ifndef T2_FOUND_WITH_H
#define T2_FOUND_WITH_H

#include <stddef.h>
#include "backend/backend.h"

#define T2_FOUND_WITH "#@ found-with"

/* The recorded configuration: what a line holds, parsed. */
struct t2_found_with {
	int have;               /* a line was found */
	int has_defects, has_backend, has_core, has_platform, has_observe;
	int observe;            /* enum t2x_observe */
	uint64_t switches;
	char backend[32];
	char core[32];
	char platform[200];
};

/*
 * Writes the line (without newline) for cfg; platform: the platform the
 * program ran on (cfg->platform when set, else the program's line).
 */
void t2_found_with_format(const struct t2_config *cfg, const char *platform,
			  int observe, char *buf, size_t len);
/*
 * Looks for the line in text (len bytes).  Returns 0 (fw->have set when
 * found), or -EINVAL with "LINE: message" in err for a line that does not
 * parse (an unknown key, a bad switch list).
 */
int t2_found_with_find(const char *text, size_t len, struct t2_found_with *fw, char *err,
		       size_t errlen);

#endif /* T2_FOUND_WITH_H */
