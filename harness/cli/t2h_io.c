/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2h_io.c - how every t2h command reads program files and writes results,
 * so that no command loses input or claims a write that failed:
 *   - a program file is read once (a pipe or FIFO to EOF; a directory or a
 *     device is refused), decoded or parsed, with a `note:` on stderr when
 *     the binary decoder made little of it; a text program's platform line
 *     is checked against PLAT-2 and a bad one named by file:line;
 *   - its "#@ found-with" line (found_with.h) is the configuration to run
 *     under, unless the configuration was given explicitly;
 *   - an output that is the input (same inode, through a symlink too) is
 *     refused before anything is written; every write and the close are
 *     checked.
 * docs/bad-input.md has the table of what each tool does with bad input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/t2core.h"
#include "backend/core_variant.h"
#include "exec/found_with.h"
#include "prog/prog.h"
#include "t2h.h"

/* The line (1-based) whose first word is "platform", 0 if none. */
static unsigned int platform_line(const char *text, size_t len)
{
	unsigned int lineno = 1;
	size_t i = 0;

	while (i < len) {
		size_t b = i;

		while (b < len && (text[b] == ' ' || text[b] == '\t'))
			b++;
		if (len - b >= 9 && !strncmp(text + b, "platform", 8) &&
		    (text[b + 8] == ' ' || text[b + 8] == '\t'))
			return lineno;
		while (i < len && text[i] != '\n')
			i++;
		i++;
		lineno++;
	}
	return 0;
}

int t2h_load(struct t2h_ctx *ctx, const char *cmd, const char *path, struct t2p_prog *p,
	     struct t2_found_with *fw, char **text)
{
	uint8_t *data;
	size_t len;
	char err[300], note[300];
	int r, form;

	if (text)
		*text = NULL;
	if (fw)
		memset(fw, 0, sizeof(*fw));
	r = t2p_read_file(path, &data, &len);
	if (r)
		return t2h_usage_error(cmd, "%s: %s", path, t2p_read_strerror(r));
	form = t2p_file_form(path, data, len, ctx->form);
	if (t2p_load_bytes(path, data, len, form, p, err, sizeof(err), note, sizeof(note))) {
		free(data);
		return t2h_usage_error(cmd, "%s", err);
	}
	if (note[0])
		fprintf(stderr, "t2h %s: note: %s\n", cmd, note);
	if (form == T2P_FORM_TEXT) {
		struct t2sim_platform plat;

		/* PLAT-2 here, where the line is known (the executor cannot say it) */
		if (t2_platform_parse(t2p_platform(p), &plat, err, sizeof(err))) {
			r = t2h_usage_error(cmd, "%s:%u: %s", path,
					    platform_line((const char *)data, len), err);
			free(data);
			return r;
		}
		if (fw && t2_found_with_find((const char *)data, len, fw, err, sizeof(err))) {
			free(data);
			return t2h_usage_error(cmd, "%s:%s", path, err);
		}
		if (text) {
			*text = (char *)data;
			return 0;
		}
	}
	free(data);
	return 0;
}

int t2h_use_found_with(struct t2h_ctx *ctx, const char *cmd, const char *path,
		       const struct t2_found_with *fw)
{
	char line[400], err[200];

	if (!fw->have)
		return 0;
	if (ctx->explicit_cfg) {
		if (ctx->verbose)
			fprintf(stderr, "t2h %s: note: %s: its found-with line is not used: the "
				"configuration was given explicitly\n", cmd, path);
		return 0;
	}
	if (fw->has_defects)
		ctx->cfg.switches = fw->switches;
	if (fw->has_backend)
		ctx->cfg.kind = fw->backend;
	if (fw->has_platform)
		ctx->cfg.platform = fw->platform;
	if (fw->has_observe)
		ctx->observe = fw->observe;
	if (fw->has_core && t2_core_variant_parse(fw->core, &ctx->cfg.core, err, sizeof(err)))
		return t2h_usage_error(cmd, "%s: found-with: %s", path, err);
	if (t2_config_check_core(&ctx->cfg, err, sizeof(err)))
		return t2h_usage_error(cmd, "%s: found-with: %s", path, err);
	t2_found_with_format(&ctx->cfg, NULL, ctx->observe, line, sizeof(line));
	fprintf(stderr, "t2h %s: note: %s: running under its recorded configuration (%s); "
		"give --defects/--personality/--backend/--platform/--observe or T2_* to "
		"override\n", cmd,
		path, line + strlen(T2_FOUND_WITH) + 1);
	return 0;
}

int t2h_check_output(const char *cmd, const char *in, const char *out)
{
	struct stat a, b;

	if (!out || stat(out, &b))
		return 0;       /* stdout, or a new file */
	if (in && !stat(in, &a) && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return t2h_usage_error(cmd, "%s: is the input %s (same file): refusing to "
				       "overwrite it", out, in);
	return 0;
}

FILE *t2h_open_out(const char *cmd, const char *in, const char *out, const char *mode,
		   int *rc)
{
	FILE *f;

	*rc = t2h_check_output(cmd, in, out);
	if (*rc)
		return NULL;
	if (!out)
		return stdout;
	f = fopen(out, mode);
	if (!f)
		*rc = t2h_usage_error(cmd, "%s: %s", out, strerror(errno));
	return f;
}

int t2h_close_out(const char *cmd, FILE *f, const char *out)
{
	int bad = ferror(f);

	if (f == stdout)
		bad |= fflush(f) != 0;
	else
		bad |= fclose(f) != 0;
	if (bad)
		return t2h_usage_error(cmd, "%s: write failed: %s", out ? out : "stdout",
				       strerror(errno ? errno : EIO));
	return 0;
}
