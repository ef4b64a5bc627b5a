/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * fuzz_msi.c - fuzz target: MSI sequences: MAP/UNMAP_MSI_BANK interleaved with DMA maps, geometry changes and attach/detach, across several containers, under both MSI policies (the platform selector picks exclusive or shared).
 * Inputs are programs in binary form with profile "msi"; seeds in
 * corpus/msi/ (text, encoded by the Makefile).  Builds for libFuzzer, for AFL++
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
	return fuzz_exec_one(data, size, T2P_PROFILE_MSI);
}
