/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * exec_iso.c - per-program isolation on targets that outlive a program
 * (see exec_iso.h): the baseline at the start, disarming, and the check at
 * the end.  The closes and frees themselves are the executor's (it knows
 * the handles); this file knows what the target must look like after them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "exec/exec_iso.h"

void t2x_iso_mark(struct t2_backend *be, int ctl, int intro, struct t2x_iso_start *s)
{
	struct t2sim_counters c;

	memset(s, 0, sizeof(*s));
	if (!intro)
		return;
	memset(&c, 0, sizeof(c));
	c.argsz = sizeof(c);
	if (be->ops->counters(be, ctl, &c))
		return;
	s->intro = 1;
	s->sim_pins = c.sim_pins;
	s->sim_spaaces = c.sim_spaaces;
	s->locked = c.locked;
}

void t2x_iso_disarm(struct t2_backend *be, int ctl, int intro)
{
	struct t2sim_fail_nth f;

	if (!intro || ctl < 0)
		return;
	memset(&f, 0, sizeof(f));
	f.argsz = sizeof(f);
	f.flags = T2SIM_FAIL_ARM;
	f.nth = 0;
	be->ops->fail_nth(be, ctl, &f);
}

/* Appends to msg (kept NUL-terminated). */
static void say(char *msg, size_t len, const char *fmt, uint64_t a, uint64_t b)
{
	size_t n = strlen(msg);

	if (n + 2 < len)
		snprintf(msg + n, len - n, fmt, n ? "; " : "", a, b);
}

int t2x_iso_verify(struct t2_backend *be, const struct t2x_iso_start *s,
		   const struct t2sim_platform *plat, char *msg, size_t len)
{
	struct t2sim_counters c;
	struct t2sim_fail_nth f;
	uint32_t i;
	int fd;

	msg[0] = '\0';
	if (s->intro) {
		fd = be->ops->open_container(be);
		if (fd < 0) {
			say(msg, len, "%scannot open a container (%" PRIu64 "%" PRIu64 ")",
			    (uint64_t)-fd, 0);
		} else {
			memset(&c, 0, sizeof(c));
			c.argsz = sizeof(c);
			if (be->ops->counters(be, fd, &c) == 0) {
				if (c.sim_pins != s->sim_pins)
					say(msg, len, "%s%" PRIu64 " pins held, %" PRIu64 " at the start",
					    c.sim_pins, s->sim_pins);
				if (c.sim_spaaces != s->sim_spaaces)
					say(msg, len, "%s%" PRIu64 " SPAACEs in use, %" PRIu64
					    " at the start", c.sim_spaaces, s->sim_spaaces);
				if (c.locked != s->locked)
					say(msg, len, "%slocked %" PRId64 ", %" PRId64 " at the start",
					    (uint64_t)c.locked, (uint64_t)s->locked);
			}
			memset(&f, 0, sizeof(f));
			f.argsz = sizeof(f);
			if (be->ops->fail_nth(be, fd, &f) == 0 && f.remaining)
				say(msg, len, "%sfail-nth still armed (%" PRIu64 " calls to go)%.0"
				    PRIu64, f.remaining, 0);
			be->ops->close(be, fd);
		}
	}
	for (i = 0; i < plat->ngroups && i < T2SIM_MAX_GROUPS; i++) {
		fd = be->ops->open_group(be, plat->groups[i].group);
		if (fd >= 0)
			be->ops->close(be, fd);
		else if (fd == -EBUSY)
			say(msg, len, "%sgroup %" PRIu64 " still held (CORE-6)%.0" PRIu64,
			    plat->groups[i].group, 0);
	}
	return msg[0] != '\0';
}
