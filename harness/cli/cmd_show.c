/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * cmd_show.c - the two program-form converters:
 *   `t2h show [--binary|--text] FILE...`    binary (or text) -> canonical text
 *   `t2h encode [--binary|--text] FILE [OUT]`  text (or binary) -> binary form,
 *                                               to OUT or stdout
 * A FILE named *.bin is read as binary, any other as text if printable;
 * --binary / --text force the form.  A parse error names the file, line and
 * column and exits 2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "prog.h"
#include "t2h.h"

int t2h_cmd_show(struct t2h_ctx *ctx, int argc, char **argv)
{
	struct t2p_prog *p;
	char err[300];
	int i, nfiles = 0, r = 0;

	for (i = 1; i < argc; i++)
		if (!t2h_form_option(ctx, argv[i]))
			nfiles++;
	if (!nfiles)
		return t2h_usage_error("show", "no FILE given");
	p = malloc(sizeof(*p));
	if (!p)
		return t2h_usage_error("show", "out of memory");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--binary") || !strcmp(argv[i], "--text"))
			continue;
		if (t2p_load_as(argv[i], ctx->form, p, err, sizeof(err))) {
			r = t2h_usage_error("show", "%s", err);
			break;
		}
		if (nfiles > 1)
			printf("# %s\n", argv[i]);
		t2p_fprint(p, stdout);
	}
	free(p);
	return r;
}

int t2h_cmd_encode(struct t2h_ctx *ctx, int argc, char **argv)
{
	struct t2p_prog *p;
	uint8_t *bin;
	size_t n;
	char err[300];
	const char *in = NULL, *out = NULL;
	FILE *f = stdout;
	int i, r = 0;

	for (i = 1; i < argc; i++) {
		if (t2h_form_option(ctx, argv[i]))
			continue;
		if (!in)
			in = argv[i];
		else if (!out)
			out = argv[i];
		else
			return t2h_usage_error("encode", "usage: encode [--binary|--text] FILE [OUT]");
	}
	if (!in)
		return t2h_usage_error("encode", "usage: encode [--binary|--text] FILE [OUT]");
	p = malloc(sizeof(*p));
	bin = malloc(1 << 20);
	if (!p || !bin) {
		free(p);
		free(bin);
		return t2h_usage_error("encode", "out of memory");
	}
	if (t2p_load_as(in, ctx->form, p, err, sizeof(err))) {
		r = t2h_usage_error("encode", "%s", err);
		goto done;
	}
	n = t2p_encode(p, bin, 1 << 20);
	if (out && !(f = fopen(out, "wb"))) {
		r = t2h_usage_error("encode", "%s: %s", out, strerror(errno));
		goto done;
	}
	if (fwrite(bin, 1, n, f) != n)
		r = t2h_usage_error("encode", "%s: write failed", out ? out : "stdout");
	if (f != stdout && fclose(f))
		r = t2h_usage_error("encode", "%s: %s", out, strerror(errno));
done:
	free(p);
	free(bin);
	return r;
}
