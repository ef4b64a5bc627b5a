/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * cmd_show.c - the two program-form converters:
 *   `t2h show [--binary|--text] [--record-config] FILE...`
 *                                            binary (or text) -> canonical text;
 *                                            --record-config adds the
 *                                            "#@ found-with" line of the
 *                                            configuration t2h runs under
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
#include "exec/found_with.h"
#include "prog/prog.h"
#include "t2h.h"

int t2h_cmd_show(struct t2h_ctx *ctx, int argc, char **argv)
{
	struct t2p_prog *p;
	struct t2_found_with fw;
	char line[400];
	int i, nfiles = 0, record = 0, r = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--record-config"))
			record = 1;
		else if (!t2h_form_option(ctx, argv[i]))
			nfiles++;
	}
	if (!nfiles)
		return t2h_usage_error("show", "no FILE given");
	p = malloc(sizeof(*p));
	if (!p)
		return t2h_usage_error("show", "out of memory");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--binary") || !strcmp(argv[i], "--text") ||
		    !strcmp(argv[i], "--record-config"))
			continue;
		r = t2h_load(ctx, "show", argv[i], p, &fw, NULL);
		if (r)
			break;
		if (nfiles > 1)
			printf("# %s\n", argv[i]);
		/* the configuration this t2h runs under, for a saved finding */
		if (record && !fw.have) {
			t2_found_with_format(&ctx->cfg, t2p_platform(p), ctx->observe, line, sizeof(line));
			printf("%s\n", line);
		}
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
	const char *in = NULL, *out = NULL;
	FILE *f;
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
	r = t2h_check_output("encode", in, out);
	if (r)
		return r;
	p = malloc(sizeof(*p));
	bin = malloc(1 << 20);
	if (!p || !bin) {
		free(p);
		free(bin);
		return t2h_usage_error("encode", "out of memory");
	}
	r = t2h_load(ctx, "encode", in, p, NULL, NULL);
	if (r)
		goto done;
	n = t2p_encode(p, bin, 1 << 20);
	f = t2h_open_out("encode", in, out, "wb", &r);
	if (!f)
		goto done;
	fwrite(bin, 1, n, f);
	r = t2h_close_out("encode", f, out);
done:
	free(p);
	free(bin);
	return r;
}
