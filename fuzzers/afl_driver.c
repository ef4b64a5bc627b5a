/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * afl_driver.c - AFL++ glue for any fuzz target: persistent mode with the
 * test case in shared memory (__AFL_FUZZ_TESTCASE_BUF), deferred start after
 * the target's initialisation.  Built with afl-clang-fast (and again with
 * AFL_LLVM_CMPLOG=1 for the CmpLog binary).  Under any other compiler it is a
 * plain main that runs one input read from stdin or from the file named.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#ifdef __AFL_FUZZ_TESTCASE_LEN
__AFL_FUZZ_INIT();

int main(int argc, char **argv)
{
	unsigned char *buf;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
#ifdef __AFL_HAVE_MANUAL_CONTROL
	__AFL_INIT();
#endif
	buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000)) {
		int len = __AFL_FUZZ_TESTCASE_LEN;

		LLVMFuzzerTestOneInput(buf, (size_t)len);
	}
	return 0;
}
#else
int main(int argc, char **argv)
{
	static uint8_t buf[1 << 20];
	FILE *f = stdin;
	size_t n;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1 && !(f = fopen(argv[1], "rb"))) {
		perror(argv[1]);
		return 2;
	}
	n = fread(buf, 1, sizeof(buf), f);
	if (f != stdin)
		fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	return 0;
}
#endif
