/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * fuzz_parsers.c - fuzz target for the project's own parsers: the text parser
 * and the binary decoder of harness/prog/.  Neither may crash on any input,
 * and the forms must agree:
 *  - text: parse(print(parse(x))) equals parse(x);
 *  - binary: for p = decode(x), parse(print(p)) = p and decode(encode(p)) = p,
 *    so text -> binary -> text is exact for every program the decoder makes.
 * A disagreement aborts (the fuzzer records it as a crash).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "prog/prog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const struct t2p_prog *a, const struct t2p_prog *b)
{
	fprintf(stderr, "fuzz_parsers: %s\n--- first\n", what);
	t2p_fprint(a, stderr);
	if (b) {
		fprintf(stderr, "--- second\n");
		t2p_fprint(b, stderr);
	}
	abort();
}

struct work {
	struct t2p_prog p, q, r;
	char text[256 * 300], text2[256 * 300];
	uint8_t bin[256 * 200];
	char err[256];
};

static void check_text(struct work *w, const uint8_t *data, size_t size)
{
	size_t n;

	if (t2p_parse((const char *)data, size, "input", &w->p, w->err, sizeof(w->err)))
		return;
	n = t2p_print(&w->p, w->text, sizeof(w->text));
	if (n >= sizeof(w->text))
		die("printed text too long", &w->p, NULL);
	if (t2p_parse(w->text, n, "printed", &w->q, w->err, sizeof(w->err))) {
		fprintf(stderr, "%s\n", w->err);
		die("printed text does not parse", &w->p, NULL);
	}
	if (t2p_cmp(&w->p, &w->q))
		die("text round trip changed the program", &w->p, &w->q);
}

static void check_binary(struct work *w, const uint8_t *data, size_t size)
{
	size_t n, m;

	t2p_decode(data, size, &w->p);
	n = t2p_print(&w->p, w->text, sizeof(w->text));
	if (n >= sizeof(w->text))
		die("printed text too long", &w->p, NULL);
	if (t2p_parse(w->text, n, "decoded", &w->q, w->err, sizeof(w->err))) {
		fprintf(stderr, "%s\n", w->err);
		die("decoded program does not parse back", &w->p, NULL);
	}
	if (t2p_cmp(&w->p, &w->q))
		die("decode -> text -> parse changed the program", &w->p, &w->q);
	m = t2p_encode(&w->q, w->bin, sizeof(w->bin));
	if (m > sizeof(w->bin))
		die("encoding too long", &w->q, NULL);
	t2p_decode(w->bin, m, &w->r);
	if (t2p_cmp(&w->p, &w->r))
		die("text -> binary -> program changed the program", &w->p, &w->r);
	if (t2p_print(&w->r, w->text2, sizeof(w->text2)) != n || memcmp(w->text, w->text2, n))
		die("text -> binary -> text is not exact", &w->p, &w->r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct work *w = malloc(sizeof(*w));

	if (!w)
		return 0;
	check_text(w, data, size);
	check_binary(w, data, size);
	free(w);
	return 0;
}
