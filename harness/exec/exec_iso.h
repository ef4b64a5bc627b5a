/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * exec_iso.h - per-program isolation for targets that outlive a program
 * (a device, a module): what the executor notes at a program's start, how it
 * returns the target to that baseline at the end (fail-nth disarmed, every
 * descriptor closed, every buffer freed) and how it checks that it did.
 * A resetting backend (the stub) gets the same from its exact reset.
 */
#ifndef T2_EXEC_ISO_H
#define T2_EXEC_ISO_H

#include <stddef.h>
#include <stdint.h>
#include "backend/backend.h"

/* The target's platform-wide counters at the program's start. */
struct t2x_iso_start {
	int intro;              /* read through introspection: comparable */
	uint64_t sim_pins, sim_spaaces;
	int64_t locked;
};

/* Reads them on the control container ctl (intro: the target answers T2SIM_*). */
void t2x_iso_mark(struct t2_backend *be, int ctl, int intro, struct t2x_iso_start *s);

/* Disarms fail-nth on ctl (with introspection).  Before any close: a release
 * path may have fault sites, and an arm left behind fires in a later program. */
void t2x_iso_disarm(struct t2_backend *be, int ctl, int intro);

/*
 * After every descriptor and buffer of the program is gone: the counters are
 * back to s, fail-nth is disarmed and each of the platform's groups opens
 * (CORE-6: none is still held).  0 when clean; else 1 with what was left in
 * msg, for a harness error line.
 */
int t2x_iso_verify(struct t2_backend *be, const struct t2x_iso_start *s,
		   const struct t2sim_platform *plat, char *msg, size_t len);

#endif /* T2_EXEC_ISO_H */
