/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * rand_main.c - the benchmark's feedback-free driver for any fuzz target:
 * random byte strings from a seeded generator, fed to LLVMFuzzerTestOneInput
 * one after the other, with no coverage, no corpus and no mutation.  Linked
 * with fuzzers/fuzz_blind.c it is the Trinity-style baseline of
 * docs/benchmarks.md.
 *
 *   rand_main [-seed=N] [-max_total_time=S] [-max_len=L] [-artifact=PATH]
 *
 * Like libFuzzer: the seed is printed, a finding aborts the process, and
 * the input that caused it is written to PATH first (SIGABRT handler).
 * Exit 0 when the time is up with no finding; 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#define MAX_LEN_CAP (1u << 20)

/*
 * What the SIGABRT handler needs: the input being run and where to save it.
 * Process-wide by necessity (a signal handler takes no context); set once
 * per input, never read by the target.
 */
static const uint8_t *cur_data;
static size_t cur_len;
static const char *artifact;

static void on_abort(int sig)
{
	int fd;

	if (artifact && cur_data) {
		fd = open(artifact, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			size_t off = 0;

			while (off < cur_len) {
				ssize_t w = write(fd, cur_data + off, cur_len - off);

				if (w <= 0)
					break;
				off += (size_t)w;
			}
			close(fd);
		}
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* xorshift64*: deterministic from the printed seed */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "-name=value" -> value, or NULL */
static const char *opt(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(arg, name, n) && arg[n] == '=' ? arg + n + 1 : NULL;
}

static int parse_u64(const char *s, const char *what, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || end == s || *end) {
		fprintf(stderr, "rand_main: %s: not a number: '%s'\n", what, s);
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = 1, secs = 0, max_len = 4096, s, execs = 0;
	uint8_t *buf;
	double t0, t, next_report = 1;
	const char *v;
	int i;

	for (i = 1; i < argc; i++) {
		if ((v = opt(argv[i], "-seed"))) {
			if (parse_u64(v, "-seed", &seed))
				return 2;
		} else if ((v = opt(argv[i], "-max_total_time"))) {
			if (parse_u64(v, "-max_total_time", &secs))
				return 2;
		} else if ((v = opt(argv[i], "-max_len"))) {
			if (parse_u64(v, "-max_len", &max_len) || max_len > MAX_LEN_CAP) {
				fprintf(stderr, "rand_main: -max_len: 0..%u\n", MAX_LEN_CAP);
				return 2;
			}
		} else if ((v = opt(argv[i], "-artifact"))) {
			artifact = v;
		} else {
			fprintf(stderr, "rand_main: unknown option '%s'\n"
				"usage: %s [-seed=N] [-max_total_time=S] [-max_len=L] "
				"[-artifact=PATH]\n", argv[i], argv[0]);
			return 2;
		}
	}
	buf = malloc(max_len ? max_len : 1);
	if (!buf) {
		fprintf(stderr, "rand_main: out of memory\n");
		return 2;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	signal(SIGABRT, on_abort);
	printf("rand_main: seed %llu, max_len %llu, max_total_time %llu\n",
	       (unsigned long long)seed, (unsigned long long)max_len,
	       (unsigned long long)secs);
	fflush(stdout);
	s = seed ? seed : 1;
	t0 = now();
	for (;;) {
		size_t len = (size_t)(next_rand(&s) % (max_len + 1)), k;

		for (k = 0; k < len; k++)
			buf[k] = (uint8_t)(next_rand(&s) >> 56);
		cur_data = buf;
		cur_len = len;
		LLVMFuzzerTestOneInput(buf, len);
		execs++;
		if (execs % 64)
			continue;
		t = now() - t0;
		if (t >= next_report) {
			printf("#%llu execs, %.0f exec/s, %.0f s\n", (unsigned long long)execs,
			       (double)execs / t, t);
			fflush(stdout);
			next_report *= 2;
		}
		if (secs && t >= (double)secs)
			break;
	}
	t = now() - t0;
	printf("rand_main: done, %llu execs in %.1f s (%.0f exec/s), no finding\n",
	       (unsigned long long)execs, t, t > 0 ? (double)execs / t : 0.0);
	free(buf);
	return 0;
}
