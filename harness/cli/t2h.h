/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2h.h - what every t2h subcommand gets: the backend configuration (from the
 * environment, then the global options), and the usage-error convention
 * (message naming the option, exit 2).
 */
#ifndef T2H_H
#define T2H_H

#include "backend.h"

#define T2H_EXIT_OK 0
#define T2H_EXIT_FINDING 1 /* the system under test was wrong */
#define T2H_EXIT_USAGE 2   /* bad option, bad input file */
#define T2H_EXIT_LIMIT 3   /* no finding, but a program the harness could not
			    * follow to its end (T2X_LIMIT): not a pass */

struct t2h_ctx {
	struct t2_backend_config cfg;
	int verbose;
	int form;       /* enum t2p_form: how program files are read */
	int observe;    /* enum t2x_observe: --observe, T2_OBSERVE */
};

/*
 * --binary / --text, before or after the command name: every program FILE
 * is decoded as binary / parsed as text (the last one given wins).  Returns
 * 1 if arg was one of them, else 0.
 */
int t2h_form_option(struct t2h_ctx *ctx, const char *arg);

/* Prints "t2h CMD: <message>" to stderr and returns T2H_EXIT_USAGE. */
int t2h_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define T2H_CMD(name, fn, args, summary) \
	int fn(struct t2h_ctx *ctx, int argc, char **argv);
#include "commands.def"
#undef T2H_CMD

#endif /* T2H_H */
