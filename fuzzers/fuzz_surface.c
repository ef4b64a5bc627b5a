/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * fuzz_surface.c - fuzz target: the whole surface: every op of the program model, every platform variant.
 * Inputs are programs in binary form with profile "all"; seeds in
 * corpus/surface/ (text, encoded by the Makefile).  Builds for libFuzzer, for AFL++
 * (with afl_driver.c) and as a plain replay main (with replay_main.c).
 */
#include "fuzz_exec.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_exec_one(data, size, T2P_PROFILE_ALL);
}
