/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * replay_main.c - a plain main for any fuzz target, for gcc builds and
 * `make check`: runs LLVMFuzzerTestOneInput on every file named (directories
 * are walked one level), and with `-rand N SEED` on N pseudo-random inputs
 * from a seeded generator (the seed is printed).  Targets whose inputs are
 * binary programs (they define t2_fuzz_binary_input) get text files encoded
 * first, so that the text seeds of corpus/ replay as they are.  Exit 0 when
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
#include "prog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
extern const int t2_fuzz_binary_input __attribute__((weak));

static int run_file(const char *path, unsigned long *count)
{
	uint8_t *data;
	size_t len;
	int r = t2p_read_file(path, &data, &len);

	if (r) {
		fprintf(stderr, "%s: %s\n", path, strerror(-r));
		return 1;
	}
	if (&t2_fuzz_binary_input && t2_fuzz_binary_input && !t2p_looks_binary(data, len)) {
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
	r = LLVMFuzzerTestOneInput(data, len);
	free(data);
	(*count)++;
	if (r < 0) {
		fprintf(stderr, "%s: refused by this target (another profile?)\n", path);
		return 1;
	}
	return 0;
}

static int run_path(const char *path, unsigned long *count)
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
		return run_file(path, count);
	n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name);
			if (stat(sub, &st) == 0 && S_ISREG(st.st_mode))
				bad |= run_file(sub, count);
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
	int i, bad = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-rand") && i + 2 < argc) {
			run_random(strtoul(argv[i + 1], NULL, 0),
				   strtoull(argv[i + 2], NULL, 0), &count);
			i += 2;
		} else if (argv[i][0] == '-') {
			continue;       /* libFuzzer-style flags are ignored */
		} else {
			bad |= run_path(argv[i], &count);
		}
	}
	printf("# %s: %lu inputs replayed%s\n", argv[0], count, bad ? ", some unreadable" : "");
	return bad ? 2 : 0;
}
