/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2h.h - what every t2h subcommand gets: the backend configuration (from the
 * environment, then the global options), and the usage-error convention
 * (message naming the option, exit 2).
 */
#ifndef T2H_H
#define T2H_H

#include "backend/backend.h"

#define T2H_EXIT_OK 0
#define T2H_EXIT_FINDING 1 /* the system under test was wrong */
#define T2H_EXIT_USAGE 2   /* bad option, bad input file */
#define T2H_EXIT_LIMIT 3   /* no finding, but a program the harness could not
			    * follow to its end (T2X_LIMIT): not a pass */

struct t2h_ctx {
	struct t2_config cfg;
	int verbose;
	int form;       /* enum t2p_form: how program files are read */
	int observe;    /* enum t2x_observe: --observe, T2_OBSERVE */
	int explicit_cfg; /* the configuration was given (options or T2_*) */
};

struct t2p_prog;
struct t2_found_with;

/*
 * Reads and loads a program file (t2h_io.c): prints the error ("t2h CMD:
 * FILE...") and returns T2H_EXIT_USAGE, or 0.  Prints a note when the binary
 * decoder made little of the input.  fw (if given) gets the file's
 * found-with line; text (if given) the bytes of a text file (free them).
 */
int t2h_load(struct t2h_ctx *ctx, const char *cmd, const char *path, struct t2p_prog *p,
	     struct t2_found_with *fw, char **text);
/* Applies a found-with line to ctx unless the configuration is explicit,
 * with a note on stderr.  0 or T2H_EXIT_USAGE. */
int t2h_use_found_with(struct t2h_ctx *ctx, const char *cmd, const char *path,
		       const struct t2_found_with *fw);
/* T2H_EXIT_USAGE (with a message) when out is the file in (same inode). */
int t2h_check_output(const char *cmd, const char *in, const char *out);
/* Opens out (stdout when NULL) after t2h_check_output; NULL with *rc set. */
FILE *t2h_open_out(const char *cmd, const char *in, const char *out, const char *mode,
		   int *rc);
/* Checks the stream's errors and closes it (flushes stdout); 0 or
 * T2H_EXIT_USAGE with a message. */
int t2h_close_out(const char *cmd, FILE *f, const char *out);

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
