/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * replay_main.c - a plain main for any fuzz target, for gcc builds and
 * `make check`: runs LLVMFuzzerTestOneInput on every file named (directories
 * are walked one level), and with `-rand N SEED` on N pseudo-random inputs
 * from a seeded generator (the seed is printed); `-loop N` (before the files)
 * loads the files first and runs them N times over, printing the CPU time and
 * exec/s, a load-independent throughput figure.  Targets whose inputs are
 * binary programs (they define t2_fuzz_binary_input) get text files encoded
 * first, so that the text seeds of corpus/ replay as they are; which files
 * are text is t2h's rule (t2p_file_form: a *.bin file never is).  Exit 0 when
 * every input ran; a target reports a finding by aborting, as under libFuzzer;
 * an input the target refuses (another profile) is reported and counts as bad.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "prog/prog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
extern const int t2_fuzz_binary_input __attribute__((weak));

/* Inputs kept in memory for -loop. */
struct loop {
	unsigned long passes;
	size_t n, cap;
	uint8_t **data;
	size_t *len;
};

/* Reads a file; text programs are encoded for targets with binary inputs. */
static int load_file(const char *path, uint8_t **out, size_t *outlen)
{
	uint8_t *data;
	size_t len;
	int r = t2p_read_file(path, &data, &len);

	if (r) {
		fprintf(stderr, "%s: %s\n", path, strerror(-r));
		return 1;
	}
	/* t2h's rule (t2p_file_form): *.bin is binary even when printable */
	if (&t2_fuzz_binary_input && t2_fuzz_binary_input &&
	    t2p_file_form(path, data, len, T2P_FORM_AUTO) == T2P_FORM_TEXT) {
		struct t2p_prog *p = malloc(sizeof(*p));
		char err[300];
		size_t n;

		if (!p || t2p_parse((const char *)data, len, path, p, err, sizeof(err))) {
			fprintf(stderr, "%s\n", p ? err : "out of memory");
			free(p);
			free(data);
			return 1;
		}
		free(data);
		n = t2p_encode(p, NULL, 0);
		data = malloc(n);
		if (!data) {
			free(p);
			return 1;
		}
		len = t2p_encode(p, data, n);
		free(p);
	}
	*out = data;
	*outlen = len;
	return 0;
}

static int keep(struct loop *lp, uint8_t *data, size_t len)
{
	if (lp->n == lp->cap) {
		size_t cap = lp->cap ? 2 * lp->cap : 256;
		uint8_t **d = realloc(lp->data, cap * sizeof(*d));
		size_t *l;

		if (!d)
			return 1;
		lp->data = d;
		l = realloc(lp->len, cap * sizeof(*l));
		if (!l)
			return 1;
		lp->len = l;
		lp->cap = cap;
	}
	lp->data[lp->n] = data;
	lp->len[lp->n++] = len;
	return 0;
}

static int run_file(const char *path, unsigned long *count, struct loop *lp)
{
	uint8_t *data;
	size_t len;
	int r;

	if (load_file(path, &data, &len))
		return 1;
	if (lp->passes) {
		if (!keep(lp, data, len))
			return 0;
		fprintf(stderr, "%s: out of memory\n", path);
		free(data);
		return 1;
	}
	r = LLVMFuzzerTestOneInput(data, len);
	free(data);
	(*count)++;
	if (r < 0) {
		fprintf(stderr, "%s: refused by this target (another profile?)\n", path);
		return 1;
	}
	return 0;
}

static void run_loop(struct loop *lp, unsigned long *count)
{
	clock_t t0 = clock(), t1;
	unsigned long pass;
	double secs;
	size_t i;

	for (pass = 0; pass < lp->passes; pass++)
		for (i = 0; i < lp->n; i++) {
			LLVMFuzzerTestOneInput(lp->data[i], lp->len[i]);
			(*count)++;
		}
	t1 = clock();
	secs = (double)(t1 - t0) / CLOCKS_PER_SEC;
	printf("# loop: %lu passes over %zu inputs in %.3f s of CPU: %.0f exec/s\n",
	       lp->passes, lp->n, secs, secs > 0 ? (double)(lp->passes * lp->n) / secs : 0.0);
	for (i = 0; i < lp->n; i++)
		free(lp->data[i]);
	free(lp->data);
	free(lp->len);
}

static int run_path(const char *path, unsigned long *count, struct loop *lp)
{
	struct stat st;
	struct dirent **names;
	char sub[4096];
	int n, i, bad = 0;

	if (stat(path, &st)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path, count, lp);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name);
			if (stat(sub, &st) == 0 && S_ISREG(st.st_mode))
				bad |= run_file(sub, count, lp);
		}
		free(names[i]);
	}
	free(names);
	return bad;
}

/* xorshift64*: deterministic, seeded, printed */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static void run_random(unsigned long n, uint64_t seed, unsigned long *count)
{
	uint8_t buf[512];
	uint64_t s = seed ? seed : 1;
	unsigned long i;
	size_t len, k;

	printf("# random inputs: %lu, seed %llu\n", n, (unsigned long long)seed);
	for (i = 0; i < n; i++) {
		len = next_rand(&s) % sizeof(buf);
		for (k = 0; k < len; k++)
			buf[k] = (uint8_t)next_rand(&s);
		LLVMFuzzerTestOneInput(buf, len);
		(*count)++;
	}
}

int main(int argc, char **argv)
{
	unsigned long count = 0;
	struct loop lp = { 0, 0, 0, NULL, NULL };
	int i, bad = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-rand") && i + 2 < argc) {
			run_random(strtoul(argv[i + 1], NULL, 0),
				   strtoull(argv[i + 2], NULL, 0), &count);
			i += 2;
		} else if (!strcmp(argv[i], "-loop") && i + 1 < argc) {
			lp.passes = strtoul(argv[++i], NULL, 0);
		} else if (argv[i][0] == '-') {
			continue;       /* libFuzzer-style flags are ignored */
		} else {
			bad |= run_path(argv[i], &count, &lp);
		}
	}
	if (lp.passes)
		run_loop(&lp, &count);
	printf("# %s: %lu inputs replayed%s\n", argv[0], count, bad ? ", some unreadable" : "");
	return bad ? 2 : 0;
}
