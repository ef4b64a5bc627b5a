/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * prog_decode_fp.c - pins what the binary decoder (harness/prog/prog_bin.c)
 * makes of a byte string.  Fuzz corpora and findings are binary programs: a
 * decoder change that decodes any byte string differently silently turns
 * them into other programs.  So this decodes a fixed seeded
 * set of inputs (random bytes; small bytes, which take the steered modes and
 * low handle indexes; a literal platform) and compares a hash of every field
 * of every decoded op with the value stored below for T2P_BIN_VERSION.
 * Version 1 gave 0xaff849aa08b7aa98; version 2 makes opcodes 0x00 and 0xff
 * padding and steers handle bytes to the handles made so far; version 3
 * adds concurrent blocks, and a second value pins that the same inputs with
 * a version 2 header still decode as version 2 did; version 4 adds the MSI
 * design (issue #19), and a third value pins that they decode with a
 * version 3 header as version 3 did; version 5 adds design C's ops, and a
 * fourth value pins the version 4 decoding.
 *
 * If this fails after a deliberate change of the binary form, the change
 * needs a new T2P_BIN_VERSION (and its own expected value), not a new
 * number here.  `prog_decode_fp -print` prints the current value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "prog/prog.h"
#include "tap/tap.h"

#define FP_INPUTS 20000
#if T2P_BIN_VERSION != 5
#error "a new binary form needs its own expected fingerprint"
#endif
#define FP_EXPECTED 0x5e9cd38730d5638bull
/* the same inputs with version 2 headers: computed with the version 2
 * decoder (commit 9afffdd) and unchanged by version 3 */
#define FP_V2_EXPECTED 0x13c25b62f8011d56ull
/* with version 3 headers: computed with the version 3 decoder (commit
 * 42e6098), unchanged by versions 4 and 5 */
#define FP_V3_EXPECTED 0x9632adbd0ca468e3ull
/* with version 4 headers (design bits kept): computed with the version 4
 * decoder (commit 54e6d09), unchanged by version 5 */
#define FP_V4_EXPECTED 0xb715cca4c5377325ull

struct fnv {
	uint64_t h;
};

static void fnv_bytes(struct fnv *f, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		f->h ^= b[i];
		f->h *= 0x100000001b3ull;
	}
}

static void fnv_u64(struct fnv *f, uint64_t v)
{
	uint8_t b[8];
	unsigned int i;

	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	fnv_bytes(f, b, 8);
}

/* Every field of the program (names up to name_len), not the padding. */
static void fp_prog(struct fnv *f, const struct t2p_prog *p)
{
	unsigned int i, j, n;

	fnv_bytes(f, p->platform, strlen(p->platform) + 1);
	fnv_u64(f, p->profile);
	fnv_u64(f, p->nops);
	for (i = 0; i < p->nops; i++) {
		const struct t2p_op *op = &p->ops[i];

		fnv_u64(f, op->code | (uint64_t)op->null_arg << 8 | (uint64_t)op->name_len << 16 |
				   (uint64_t)op->flags << 32);
		fnv_u64(f, op->argsz);
		for (j = 0; j < 4; j++) {
			fnv_u64(f, op->a[j].kind | (uint64_t)op->a[j].idx << 8);
			fnv_u64(f, op->a[j].val);
		}
		n = op->name_len == T2P_NAME_NONUL ? 0 : op->name_len;
		fnv_bytes(f, op->name, n < T2P_NAME_MAX ? n : T2P_NAME_MAX);
	}
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Input k of the fixed set (deterministic: a seeded generator). */
static size_t fp_input(uint64_t *s, unsigned int k, uint8_t *buf)
{
	size_t n = xorshift(s) % 601, i;

	for (i = 0; i < n; i++) {
		uint64_t r = xorshift(s);

		switch (k % 4) {
		case 0:
		case 1:
			buf[i] = (uint8_t)r;
			break;
		case 2:
			buf[i] = (uint8_t)((r >> 8) % 40);
			break;
		default:
			buf[i] = (uint8_t)((r >> 8) % 8);
			break;
		}
	}
	if (k % 16 == 5 && n > 0)
		buf[0] |= T2P_BIN_LITPLAT;
	return n;
}

int main(int argc, char **argv)
{
	static uint8_t buf[600];
	struct t2p_prog *p = malloc(sizeof(*p));
	struct fnv f = { 0xcbf29ce484222325ull }, f2 = { 0xcbf29ce484222325ull },
		   f3 = { 0xcbf29ce484222325ull }, f4 = { 0xcbf29ce484222325ull };
	uint64_t seed = 0x5eed0001u;
	unsigned long nops = 0;
	unsigned int k;
	size_t n;

	if (!p)
		tap_bail("out of memory");
	for (k = 0; k < FP_INPUTS; k++) {
		n = fp_input(&seed, k, buf);
		t2p_decode(buf, n, p);
		nops += p->nops;
		fp_prog(&f, p);
		/* the same bytes as a version 2 input (the header byte's version
		 * bits set to 2): what corpora written before version 3 hold */
		if (n) {
			/* a version 4 header keeps its design bits (4..5) */
			buf[0] = (uint8_t)((buf[0] & (T2P_BIN_LITPLAT | 0x30)) | 4);
			t2p_decode(buf, n, p);
			fp_prog(&f4, p);
			buf[0] = (uint8_t)((buf[0] & T2P_BIN_LITPLAT) | 3);
			t2p_decode(buf, n, p);
			fp_prog(&f3, p);
			buf[0] = (uint8_t)((buf[0] & T2P_BIN_LITPLAT) | 2);
			t2p_decode(buf, n, p);
			fp_prog(&f2, p);
		}
	}
	free(p);
	if (argc > 1 && !strcmp(argv[1], "-print")) {
		printf("0x%016llx 0x%016llx 0x%016llx 0x%016llx\n", (unsigned long long)f.h,
		       (unsigned long long)f2.h, (unsigned long long)f3.h,
		       (unsigned long long)f4.h);
		return 0;
	}
	tap_plan(4);
	tap_diag("%u inputs, %lu ops decoded", FP_INPUTS, nops);
	tap_ok(f.h == FP_EXPECTED, "decode fingerprint 0x%016llx (expected 0x%016llx)",
	       (unsigned long long)f.h, (unsigned long long)FP_EXPECTED);
	tap_ok(f2.h == FP_V2_EXPECTED,
	       "version 2 inputs decode as before: 0x%016llx (expected 0x%016llx)",
	       (unsigned long long)f2.h, (unsigned long long)FP_V2_EXPECTED);
	tap_ok(f3.h == FP_V3_EXPECTED,
	       "version 3 inputs decode as before: 0x%016llx (expected 0x%016llx)",
	       (unsigned long long)f3.h, (unsigned long long)FP_V3_EXPECTED);
	tap_ok(f4.h == FP_V4_EXPECTED,
	       "version 4 inputs decode as before: 0x%016llx (expected 0x%016llx)",
	       (unsigned long long)f4.h, (unsigned long long)FP_V4_EXPECTED);
	return tap_done();
}
