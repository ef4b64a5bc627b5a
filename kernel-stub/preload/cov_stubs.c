/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * cov_stubs.c - linked only into the coverage build of the preload device
 * (build/fuzz/lf/libt2dev.so, make fuzz-dev): libFuzzer's coverage
 * registration calls, as weak no-ops, so that the library also loads into
 * processes without libFuzzer (a shell, timeout); a fuzzer's own exported
 * definitions take precedence and count the device's edges as its own.
 */
#include <stdint.h>

void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop);
void __sanitizer_cov_pcs_init(const uintptr_t *beg, const uintptr_t *end);

__attribute__((weak)) void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop)
{
	(void)start;
	(void)stop;
}

__attribute__((weak)) void __sanitizer_cov_pcs_init(const uintptr_t *beg, const uintptr_t *end)
{
	(void)beg;
	(void)end;
}
