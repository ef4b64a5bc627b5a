/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * cmd_show.c - the two program-form converters:
 *   `t2h show FILE`            binary (or text) -> canonical text on stdout
 *   `t2h encode FILE [OUT]`    text (or binary) -> binary form, to OUT or stdout
 * A parse error names the file, line and column and exits 2.
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
	int i, r = 0;

	(void)ctx;
	if (argc < 2)
		return t2h_usage_error("show", "no FILE given");
	p = malloc(sizeof(*p));
	if (!p)
		return t2h_usage_error("show", "out of memory");
	for (i = 1; i < argc; i++) {
		if (t2p_load(argv[i], p, err, sizeof(err))) {
			r = t2h_usage_error("show", "%s", err);
			break;
		}
		if (argc > 2)
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
	FILE *f = stdout;
	int r = 0;

	(void)ctx;
	if (argc < 2 || argc > 3)
		return t2h_usage_error("encode", "usage: encode FILE [OUT]");
	p = malloc(sizeof(*p));
	bin = malloc(1 << 20);
	if (!p || !bin) {
		free(p);
		free(bin);
		return t2h_usage_error("encode", "out of memory");
	}
	if (t2p_load(argv[1], p, err, sizeof(err))) {
		r = t2h_usage_error("encode", "%s", err);
		goto out;
	}
	n = t2p_encode(p, bin, 1 << 20);
	if (argc == 3 && !(f = fopen(argv[2], "wb"))) {
		r = t2h_usage_error("encode", "%s: %s", argv[2], strerror(errno));
		goto out;
	}
	if (fwrite(bin, 1, n, f) != n)
		r = t2h_usage_error("encode", "%s: write failed", argc == 3 ? argv[2] : "stdout");
	if (f != stdout && fclose(f))
		r = t2h_usage_error("encode", "%s: %s", argv[2], strerror(errno));
out:
	free(p);
	free(bin);
	return r;
}
