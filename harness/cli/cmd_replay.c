/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * cmd_replay.c - `t2h replay [-n N] [--check] [--tap] FILE...`: runs each
 * program (text or binary form) through the executor and prints its verdict.
 * A FILE named *.bin is binary; --binary / --text force the form.
 *   -n N      run each file N times and count each distinct verdict (a race
 *             need not reproduce every time); the finding is reported if any
 *   --check   compare with the file's expectations, lines of the form
 *               #@ expect LABEL VERDICT
 *             LABEL is "spec", "sdk2013" or a switch set ("B7", "B6,L1");
 *             VERDICT is "pass", "finding", "maybe" (a race: either) or a
 *             signature ("INV-17:map_dma:pins").
 *             Without a line for the current label, spec expects "pass" and
 *             other labels are reported unchecked.
 *   --tap     TAP 13 output (one test point per file), for prove
 *   -v        trace every op with both results
 * A file with a "#@ found-with" line (a saved finding) runs under the
 * configuration it records, with a note on stderr, unless the configuration
 * is given explicitly (t2h's options or the T2_* variables).
 * Exit: 0, 1 if a finding (or, with --check, a mismatch), 2 on bad input,
 * 3 if no finding but a program hit a limit of the harness (T2X_LIMIT: not
 * a pass).  Programs for another platform than a device's are skipped (0;
 * with --check too, whatever they expect: their expectation is for a target
 * of their own platform).
 * With more than one file a last line counts each verdict.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/exec.h"
#include "exec/found_with.h"
#include "prog/prog.h"
#include "t2h.h"

/* "spec", "sdk2013", "designs2013", or the switch list */
static void current_label(uint64_t sw, char *buf, size_t len)
{
	t2_personality_label(sw, buf, len);
}

/*
 * Looks for "#@ expect LABEL VERDICT" in a text file's bytes (NULL for a
 * binary file).  Returns 1 and fills want when found, else 0.
 */
static int find_expectation(const char *text, const char *label, char *want, size_t len)
{
	const char *line = text, *e;
	char lab[64], verdict[128], buf[256];

	while (line && *line) {
		e = strchr(line, '\n');
		snprintf(buf, sizeof(buf), "%.*s", (int)(e ? e - line : (long)strlen(line)), line);
		if (sscanf(buf, " #@ expect %63s %127s", lab, verdict) == 2 &&
		    !strcmp(lab, label)) {
			snprintf(want, len, "%s", verdict);
			return 1;
		}
		line = e ? e + 1 : NULL;
	}
	return 0;
}

static int verdict_matches(const char *want, const struct t2x_result *res)
{
	if (!strcmp(want, "maybe"))     /* a race: either verdict */
		return res->verdict != T2X_ERROR;
	if (!strcmp(want, "pass"))
		return res->verdict == T2X_PASS;
	if (!strcmp(want, "finding"))
		return res->verdict == T2X_FINDING;
	if (!strcmp(want, "limit") || !strcmp(want, "skip"))
		return !strcmp(want, t2x_verdict_name(res->verdict));
	return res->verdict == T2X_FINDING && !strcmp(want, res->f.sig);
}

/* A program with threads (a race op or a concurrent block) runs under a
 * seeded schedule only on the stub; on any other backend its threads race for
 * real, so a race the expectation names may or may not show there.  Such a
 * run may pass, or give exactly the expected finding: never another one. */
static int has_threads(const struct t2p_prog *p)
{
	unsigned int i;

	for (i = 0; i < p->nops; i++)
		if (p->ops[i].code == T2P_OP_RACE_MSI || p->ops[i].code == T2P_OP_BLOCK)
			return 1;
	return 0;
}

static int race_may_hide(const char *want, const struct t2x_result *res,
			 const struct t2p_prog *p, const struct t2_config *be)
{
	if (res->verdict != T2X_PASS || !has_threads(p))
		return 0;
	if (!strcmp(want, "pass") || !strcmp(want, "limit") || !strcmp(want, "skip"))
		return 0;
	return be->kind && strcmp(be->kind, "stub") != 0;
}

static void short_verdict(const struct t2x_result *res, char *buf, size_t len)
{
	if (res->verdict == T2X_PASS)
		snprintf(buf, len, "pass");
	else if (res->verdict == T2X_FINDING)
		snprintf(buf, len, "%s", res->f.sig);
	else
		snprintf(buf, len, "%s", t2x_verdict_name(res->verdict));
}

int t2h_cmd_replay(struct t2h_ctx *ctx, int argc, char **argv)
{
	struct t2x_config cfg;
	struct t2x_ctx *x;
	struct t2p_prog *p;
	struct t2x_result res, first;
	int i, check = 0, tap = 0, bad = 0, nfiles = 0, tapn = 0, k, nv, vcount[8];
	char vname[8][128];
	unsigned int nverdict[T2X_SKIP + 1] = { 0 };
	long runs = 1;
	char label[160], want[128], got[128];
	struct t2_config base;
	int base_observe;
	struct t2_found_with fw;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 >= argc) {
			return t2h_usage_error("replay", "option '-n' needs an argument");
		} else if (!strcmp(argv[i], "-n")) {
			runs = strtol(argv[++i], NULL, 0);
			if (runs < 1 || runs > 1000000)
				return t2h_usage_error("replay", "-n: '%s' is not a count 1..1000000",
						       argv[i]);
		} else if (!strcmp(argv[i], "--check")) {
			check = 1;
		} else if (!strcmp(argv[i], "--tap")) {
			tap = 1;
		} else if (!strcmp(argv[i], "-v")) {
			ctx->verbose++;
		} else if (t2h_form_option(ctx, argv[i])) {
			/* ctx->form is set */
		} else {
			return t2h_usage_error("replay", "unknown option '%s'", argv[i]);
		}
	}
	if (i >= argc)
		return t2h_usage_error("replay", "no FILE given");
	memset(&cfg, 0, sizeof(cfg));
	cfg.be = ctx->cfg;
	cfg.checks = T2X_CHECK_ALL;
	cfg.observe = ctx->observe;
	if (ctx->verbose)
		cfg.trace = stdout;
	if (t2x_ctx_new(&cfg, &x))
		return t2h_usage_error("replay", "out of memory");
	p = malloc(sizeof(*p));
	if (!p) {
		t2x_ctx_free(x);
		return t2h_usage_error("replay", "out of memory");
	}
	if (tap)
		printf("TAP version 13\n1..%d\n", argc - i);
	base = ctx->cfg;
	base_observe = ctx->observe;
	for (; i < argc; i++) {
		const char *f = argv[i];
		struct t2x_ctx *run = x;
		char *text = NULL;

		nfiles++;
		ctx->cfg = base;
		ctx->observe = base_observe;
		if (t2h_load(ctx, "replay", f, p, &fw, &text) ||
		    (fw.have && !ctx->explicit_cfg && t2h_use_found_with(ctx, "replay", f, &fw))) {
			if (tap)
				printf("not ok %d - %s # cannot load\n", ++tapn, f);
			bad |= T2H_EXIT_USAGE;
			free(text);
			continue;
		}
		/* a file's recorded configuration: a context of its own */
		if (fw.have && !ctx->explicit_cfg) {
			struct t2x_config fcfg = cfg;

			fcfg.be = ctx->cfg;
			fcfg.observe = ctx->observe;
			if (t2x_ctx_new(&fcfg, &run)) {
				free(text);
				bad |= t2h_usage_error("replay", "out of memory");
				continue;
			}
			current_label(ctx->cfg.switches, label, sizeof(label));
		} else {
			current_label(base.switches, label, sizeof(label));
		}
		t2x_run(run, p, &first);
		/* several runs: count each distinct verdict (races need not reproduce) */
		nv = 0;
		short_verdict(&first, vname[nv], sizeof(vname[0]));
		vcount[nv++] = 1;
		for (k = 1; k < runs; k++) {
			int v;

			t2x_run(run, p, &res);
			if (first.verdict != T2X_FINDING && res.verdict == T2X_FINDING)
				first = res;    /* report the finding, not the passes */
			short_verdict(&res, got, sizeof(got));
			for (v = 0; v < nv && strcmp(vname[v], got); v++)
				;
			if (v == nv && nv < 8) {
				snprintf(vname[nv], sizeof(vname[0]), "%s", got);
				vcount[nv++] = 0;
			}
			if (v < nv)
				vcount[v]++;
		}
		short_verdict(&first, got, sizeof(got));
		if (first.verdict >= 0 && first.verdict <= T2X_SKIP)
			nverdict[first.verdict]++;
		if (first.note[0])
			fprintf(stderr, "t2h replay: %s: note: %s\n", f, first.note);
		if (run != x)
			t2x_ctx_free(run);
		if (fw.have && !ctx->explicit_cfg && fw.has_core)
			unsetenv("T2_CORE");
		if (check) {
			int found = find_expectation(text, label, want, sizeof(want));

			if (found <= 0)
				snprintf(want, sizeof(want), "%s", !strcmp(label, "spec") ? "pass" : "-");
			if (first.verdict == T2X_SKIP) {
				/* not judged: the target is another platform */
				if (tap)
					printf("ok %d - %s # SKIP %s\n", ++tapn, f, first.error);
				else
					printf("%s: skip (%s)\n", f, first.error);
			} else if (!strcmp(want, "-")) {
				if (tap)
					printf("ok %d - %s: %s # SKIP no expectation for %s\n", ++tapn,
					       f, got, label);
				else
					printf("%s: %s (no expectation for %s)\n", f, got, label);
			} else if (first.verdict == T2X_SKIP && strcmp(want, "skip")) {
				/* the expectation is for a target of the program's own
				 * platform: on another one it does not apply */
				if (tap)
					printf("ok %d - %s # SKIP %s\n", ++tapn, f, first.error);
				else
					printf("%s: skip (%s)\n", f, first.error);
			} else if (verdict_matches(want, &first)) {
				if (tap)
					printf("ok %d - %s: %s [%s]\n", ++tapn, f, got, label);
				else
					printf("%s: %s (as expected for %s)\n", f, got, label);
			} else if (race_may_hide(want, &first, p, &ctx->cfg)) {
				if (tap)
					printf("ok %d - %s: pass [%s] # race on real threads: %s did not show\n",
					       ++tapn, f, label, want);
				else
					printf("%s: pass (%s expected for %s: a race on real threads need not show)\n",
					       f, want, label);
			} else {
				bad |= T2H_EXIT_FINDING;
				if (tap)
					printf("not ok %d - %s: %s, expected %s [%s]\n", ++tapn, f, got,
					       want, label);
				else
					printf("%s: %s, expected %s for %s\n", f, got, want, label);
				printf("# ");
				t2x_print_result(stdout, p, &first);
			}
			free(text);
			continue;
		}
		free(text);
		text = NULL;
		if (first.verdict == T2X_FINDING)
			bad |= T2H_EXIT_FINDING;
		else if (first.verdict == T2X_ERROR)
			bad |= T2H_EXIT_USAGE;
		else if (first.verdict == T2X_LIMIT)
			bad |= 4;       /* T2H_EXIT_LIMIT unless worse */
		/* could not run: the reason goes to stderr, as any bad input's */
		if (first.verdict == T2X_ERROR)
			fprintf(stderr, "t2h replay: %s: %s\n", f, first.error);
		if (tap && first.verdict == T2X_SKIP) {
			printf("ok %d - %s # SKIP %s\n", ++tapn, f, first.error);
		} else if (tap) {
			printf("%s %d - %s: %s\n", first.verdict == T2X_PASS ? "ok" : "not ok",
			       ++tapn, f, got);
			if (first.verdict != T2X_PASS) {
				printf("# ");
				t2x_print_result(stdout, p, &first);
			}
		} else {
			printf("%s: ", f);
			t2x_print_result(stdout, p, &first);
		}
		if (runs > 1) {
			printf("%s%s:", tap ? "# " : "  ", f);
			for (k = 0; k < nv; k++)
				printf(" %s %d/%ld%s", vname[k], vcount[k], runs, k + 1 < nv ? "," : "");
			printf("\n");
		}
	}
	free(p);
	t2x_ctx_free(x);
	if (nfiles > 1)
		printf("%s%d programs: %u pass, %u finding, %u limit, %u skip, %u error\n",
		       tap ? "# " : "", nfiles, nverdict[T2X_PASS], nverdict[T2X_FINDING],
		       nverdict[T2X_LIMIT], nverdict[T2X_SKIP], nverdict[T2X_ERROR]);
	/* a usage problem (2) outranks a finding (1), which outranks a limit (3) */
	if (bad & T2H_EXIT_USAGE)
		return T2H_EXIT_USAGE;
	if (bad & T2H_EXIT_FINDING)
		return T2H_EXIT_FINDING;
	return bad ? T2H_EXIT_LIMIT : T2H_EXIT_OK;
}
