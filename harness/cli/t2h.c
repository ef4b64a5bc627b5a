/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2h.c - the t2harness command line: global options, then a subcommand from
 * commands.def.  Options override the T2_* environment variables.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "backend/core_variant.h"
#include "exec/exec.h"
#include "exec/found_with.h"
#include "prog/prog.h"
#include "backend/platform_match.h"
#include "t2h.h"

static const struct {
	const char *name;
	int (*fn)(struct t2h_ctx *ctx, int argc, char **argv);
	const char *args;
	const char *summary;
} commands[] = {
#define T2H_CMD(name, fn, args, summary) { #name, fn, args, summary },
#include "commands.def"
#undef T2H_CMD
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

int t2h_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "t2h%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return T2H_EXIT_USAGE;
}

int t2h_form_option(struct t2h_ctx *ctx, const char *arg)
{
	if (!strcmp(arg, "--binary"))
		ctx->form = T2P_FORM_BINARY;
	else if (!strcmp(arg, "--text"))
		ctx->form = T2P_FORM_TEXT;
	else
		return 0;
	return 1;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"usage: t2h [options] COMMAND [args]\n"
		"options (override T2_BACKEND, T2_PLATFORM, T2_PERSONALITY, T2_DEFECTS, T2_ROOT):\n"
		"  --backend KIND        stub (default), dev or oracle\n"
		"  --platform STRING     PLAT-2 string, e.g. p4080,spaace_pool=16\n"
		"  --personality NAME    spec (default), sdk2013 or designs2013\n"
		"  --defects LIST        exact switch set, e.g. B6,B11 or all (overrides --personality)\n"
		"  --root PATH           device root for --backend dev (default /dev/vfio)\n"
		"  --observe LEVEL       full (default): state reads after ops; program: the\n"
		"                        program's ops plus introspection only; none: the\n"
		"                        program's ops only (T2_OBSERVE)\n"
		"  --binary, --text      read every program FILE as binary / as text (also after\n"
		"                        COMMAND); default: a name ending in .bin is binary,\n"
		"                        one ending in .t2p is text, any other file is text\n"
		"                        if it is printable UTF-8\n"
		"A program's '#@ found-with' line (saved findings) is the configuration it\n"
		"runs under unless one is given (the options above or T2_*).\n"
		"  -v, --verbose         more output\n"
		"  -h, --help            this text\n"
		"commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %-18s %s\n", commands[i].name, commands[i].args,
			commands[i].summary);
}

/* Takes "--opt VALUE" or "--opt=VALUE"; returns the value or NULL. */
static const char *opt_value(const char *opt, int *i, int argc, char **argv)
{
	const char *a = argv[*i];
	size_t n = strlen(opt);

	if (strncmp(a, opt, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc)
		return "";
	return argv[++*i];
}

int main(int argc, char **argv)
{
	struct t2h_ctx ctx;
	const char *pers = NULL, *defects = NULL, *v;
	const char *observe;
	char err[256];
	int i;
	size_t c;

	memset(&ctx, 0, sizeof(ctx));
	if (t2_config_from_env(&ctx.cfg, err, sizeof(err)))
		return t2h_usage_error(NULL, "%s", err);
	ctx.explicit_cfg = ctx.cfg.explicit_env;
	observe = ctx.cfg.observe;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
			ctx.verbose++;
		} else if (t2h_form_option(&ctx, argv[i])) {
			/* ctx.form is set */
		} else if ((v = opt_value("--backend", &i, argc, argv))) {
			ctx.cfg.kind = v;
			ctx.explicit_cfg = 1;
		} else if ((v = opt_value("--platform", &i, argc, argv))) {
			ctx.cfg.platform = v;
			ctx.explicit_cfg = 1;
		} else if ((v = opt_value("--personality", &i, argc, argv))) {
			pers = v;
			ctx.explicit_cfg = 1;
		} else if ((v = opt_value("--defects", &i, argc, argv))) {
			defects = v;
			ctx.explicit_cfg = 1;
		} else if ((v = opt_value("--root", &i, argc, argv))) {
			ctx.cfg.root = v;
		} else if ((v = opt_value("--observe", &i, argc, argv))) {
			observe = v;
			ctx.explicit_cfg = 1;
		} else {
			usage(stderr);
			return t2h_usage_error(NULL, "unknown option '%s'", argv[i]);
		}
	}
	if (pers && t2_parse_personality(pers, &ctx.cfg.switches))
		return t2h_usage_error(NULL,
				       "--personality: unknown personality '%s' (known: spec, sdk2013, designs2013)",
				       pers);
	if (defects && t2_parse_switches(defects, &ctx.cfg.switches, err, sizeof(err)))
		return t2h_usage_error(NULL, "--defects: %s", err);
	if (ctx.cfg.platform && t2_platform_check(ctx.cfg.platform, err, sizeof(err)))
		return t2h_usage_error(NULL, "--platform: %s", err);
	if (observe && t2x_observe_parse(observe, &ctx.observe))
		return t2h_usage_error(NULL, "--observe/T2_OBSERVE: unknown level '%s' (full, program, none)",
				       observe);
	if (t2_config_check_core(&ctx.cfg, err, sizeof(err)))
		return t2h_usage_error(NULL, "%s", err);
	if (i >= argc) {
		usage(stderr);
		return t2h_usage_error(NULL, "missing command");
	}
	for (c = 0; c < NCOMMANDS; c++) {
		if (!strcmp(argv[i], commands[c].name)) {
			int r = commands[c].fn(&ctx, argc - i, argv + i);
			/* a result that did not reach stdout is no result (/dev/full,
			 * a closed pipe): every command's output is checked here */
			int w = t2h_close_out(argv[i], stdout, NULL);

			return r ? r : w;
		}
	}
	usage(stderr);
	return t2h_usage_error(NULL, "unknown command '%s'", argv[i]);
}
