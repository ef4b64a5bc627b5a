/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * fuzz_geometry.c - fuzz target: geometry and windows: randomized apertures and window counts, their boundaries (4 KiB windows, 256 windows, 2^63 apertures, wrap), and the DMA/MSI arithmetic that depends on them.
 * Inputs are programs in binary form with profile "geometry"; seeds in
 * corpus/geometry/ (text, encoded by the Makefile).  Builds for libFuzzer, for AFL++
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
	return fuzz_exec_one(data, size, T2P_PROFILE_GEOMETRY);
}
