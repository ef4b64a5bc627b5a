/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * runner.c - the conformance suite's command line and process runner.
 *
 * kselftest-style CLI: -l lists the tests, -t NAME runs one (repeatable,
 * shell patterns allowed), -m MODE picks the backend from the mode table,
 * -T SECONDS sets the per-test timeout (default 30), -n runs without fork.
 * Output is TAP version 13: the plan first, one "ok N - name
 * [RULES]" per test, "# SKIP reason", "# TIMEOUT", diagnostics on "#" lines;
 * --ktap: KTAP version 1 with one subtest per suite area, as kunit.py parses
 * it.  A device that is not there is a kselftest skip ("1..0 # SKIP reason",
 * exit 4); "Bail out!" only when the backend is there but cannot be set up.
 * Exit codes: 0 pass, 1 fail, 4 all skipped, 2 usage error (bad option or
 * variable, before any plan).
 *
 * A case that names a platform string needs a backend built with it.  The
 * stub and the oracle create one; a backend that cannot (dev) runs the case
 * when its target already is that platform, as its introspection reports
 * (the module loaded with platform=<string>; -L lists the strings), and
 * SKIPs it otherwise, naming the field that differs.
 */
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "backend/backend_kinds.h"
#include "backend/core_variant.h"
#include "backend/platform_match.h"
#include "fixture.h"
#include "t2test.h"

/* The mode table: one test body, every backend. */
static const struct t2t_mode t2t_modes[] = {
	{ .name = "stub", .kind = "stub", .can_platform = 1, .sim_memory = 1 },
	{ .name = "oracle", .kind = "oracle", .can_platform = 1, .sim_memory = 1 },
	{ .name = "dev", .kind = "dev", .can_platform = 0 },
};

#define T2T_DECLARE_ENTRY(s) &t2t_suite_##s,
static const struct t2t_suite *const t2t_suites[] = { T2T_SUITES(T2T_DECLARE_ENTRY) };
#undef T2T_DECLARE_ENTRY

enum t2t_verdict { T2T_PASS, T2T_FAIL, T2T_SKIP };

/* What a forked test reports back to the runner. */
struct t2t_result {
	int verdict;
	char reason[256];
};

struct t2t_opts {
	const struct t2t_mode *mode;
	struct t2_config cfg;
	unsigned int timeout;
	int nofork;
	int verbose;
	int no_intro;
	const char *patterns[64];
	int npatterns;
	int matched[64];
};

/* ------------------------------------------------------------ one test */
static void t2t_abort_cb(struct t2_tctx *t)
{
	siglongjmp(*T2T(t)->jmp, 1);
}

static int t2t_run_body(struct t2t *x, const struct t2t_case *tc)
{
	sigjmp_buf jb;
	char err[256] = "";

	x->jmp = &jb;
	x->tc.abort = t2t_abort_cb;
	if (sigsetjmp(jb, 0) == 0) {
		if ((tc->needs & T2T_NEED_CONFIG) && !x->mode->can_platform && !tc->platform)
			t2t_skip(&x->tc, "backend '%s' cannot create platform '(own)'",
				 x->mode->name);
		if ((tc->needs & T2T_NEED_KERNEL) && x->mode->can_platform)
			t2t_skip(&x->tc, "needs a kernel backend (real user memory)");
		/* MEM-7: real memory promises no layout; DEV-6: skip with the reason */
		if ((tc->needs & T2T_NEED_SIMMEM) && !x->mode->sim_memory)
			t2t_skip(&x->tc, "backend '%s' uses real memory: no MEM-2..MEM-5 layout (MEM-7)",
				 x->mode->name);
		if (t2t_backend_up(x, tc->platform, err, sizeof(err)) < 0) {
			T2T_FAIL(&x->tc, "cannot open backend '%s' (platform %s): %s",
				 x->mode->name, tc->platform ? tc->platform : "default", err);
		} else {
			if ((tc->needs & T2T_NEED_CONFIG) && tc->platform)
				t2t_need_target_platform(x, tc->platform);
			/* a device's platform is its own: a case written for the
			 * default platform skips where the target offers less
			 * (docs/devices.md) */
			if (!tc->platform)
				t2t_need_default_resources(x);
			t2t_need_design(x, tc->design);
			if (tc->needs & T2T_NEED_INTRO)
				t2t_need_intro(&x->tc);
			tc->fn(&x->tc, tc->arg);
		}
	}
	/* Teardown runs after a pass, a failure or a skip alike. */
	if (x->tc.be) {
		int skipped = x->skipped;

		if (sigsetjmp(jb, 0) == 0)
			t2t_teardown(&x->tc);
		x->skipped = skipped;
		t2t_backend_down(x);
	}
	x->jmp = NULL;
	if (x->tc.failures)
		return T2T_FAIL;
	return x->skipped ? T2T_SKIP : T2T_PASS;
}

static void t2t_init_ctx(struct t2t *x, const struct t2t_opts *o, const struct t2t_case *tc)
{
	memset(x, 0, sizeof(*x));
	x->tcase = tc;
	x->mode = o->mode;
	x->cfg = o->cfg;
	x->verbose = o->verbose;
	x->no_intro = o->no_intro;
}

static void t2t_report(const struct t2t_case *tc, const struct t2t_result *r, int timed_out)
{
	if (timed_out)
		tap_timeout("%s [%s]", tc->name, tc->rules);
	else if (r->verdict == T2T_SKIP)
		tap_skip(r->reason, "%s [%s]", tc->name, tc->rules);
	else
		tap_ok(r->verdict == T2T_PASS, "%s [%s]", tc->name, tc->rules);
}

static void t2t_run_case(const struct t2t_opts *o, const struct t2t_case *tc,
			 struct t2t_result *shared)
{
	struct t2t x;
	int status = 0, timed_out = 0;
	pid_t pid;

	memset(shared, 0, sizeof(*shared));
	shared->verdict = T2T_FAIL;
	if (o->nofork) {
		t2t_init_ctx(&x, o, tc);
		shared->verdict = t2t_run_body(&x, tc);
		snprintf(shared->reason, sizeof(shared->reason), "%s", x.reason);
		t2t_report(tc, shared, 0);
		return;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		tap_bail("fork: %s", strerror(errno));
	if (pid == 0) {
		alarm(o->timeout);
		t2t_init_ctx(&x, o, tc);
		shared->verdict = t2t_run_body(&x, tc);
		snprintf(shared->reason, sizeof(shared->reason), "%s", x.reason);
		fflush(stdout);
		/* exit(), not _exit(): sanitizers report leaks at exit. */
		exit(shared->verdict == T2T_FAIL ? TAP_EXIT_FAIL :
		     shared->verdict == T2T_SKIP ? TAP_EXIT_SKIP : TAP_EXIT_PASS);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			tap_bail("waitpid: %s", strerror(errno));
	}
	if (WIFSIGNALED(status)) {
		if (WTERMSIG(status) == SIGALRM) {
			tap_diag("%s: no verdict after %u s", tc->name, o->timeout);
			timed_out = 1;
		} else {
			tap_diag("%s: killed by signal %d (%s)", tc->name, WTERMSIG(status),
				 strsignal(WTERMSIG(status)));
			shared->verdict = T2T_FAIL;
		}
	} else if (WIFEXITED(status)) {
		int code = WEXITSTATUS(status);
		int want = shared->verdict == T2T_FAIL ? TAP_EXIT_FAIL :
			   shared->verdict == T2T_SKIP ? TAP_EXIT_SKIP : TAP_EXIT_PASS;

		if (code != want) {
			tap_diag("%s: test process exited with status %d", tc->name, code);
			shared->verdict = T2T_FAIL;
		}
	}
	t2t_report(tc, shared, timed_out);
}

/* ------------------------------------------------------------ CLI */
static int t2t_selected(struct t2t_opts *o, const struct t2t_case *tc)
{
	int i, hit = 0;

	if (!o->npatterns)
		return 1;
	for (i = 0; i < o->npatterns; i++) {
		if (!strcmp(o->patterns[i], tc->name) || !fnmatch(o->patterns[i], tc->name, 0)) {
			o->matched[i] = 1;
			hit = 1;
		}
	}
	return hit;
}

static const struct option t2t_long_opts[] = {
	{ "root", required_argument, NULL, 'R' },
	{ "ktap", no_argument, NULL, 'K' },
	{ NULL, 0, NULL, 0 },
};

static void t2t_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-l] [-L] [-t NAME]... [-m MODE] [--root DIR] [-T SECONDS] [-n] [-v]\n"
		"       [--ktap]\n"
		"  -l          list the tests (name [rules]) and exit\n"
		"  -L          list the tests that name a platform: PLATFORM<tab>name\n"
		"  -t NAME     run only this test; repeatable; shell patterns allowed\n"
		"  -m MODE     backend: stub, oracle or dev (default: T2_BACKEND or stub)\n"
		"  --root DIR  device root for -m dev (default: T2_ROOT or /dev/vfio)\n"
		"  -T SECONDS  per-test timeout (default: T2_TIMEOUT or 30)\n"
		"  -n          run tests in this process, without fork or timeout\n"
		"  -I          ignore the backend's introspection (check the skips)\n"
		"  -v          verbose diagnostics\n"
		"  --ktap      KTAP version 1: one subtest per suite area (abi, core, ...)\n"
		"environment: T2_BACKEND, T2_ROOT, T2_PLATFORM, T2_PERSONALITY, T2_DEFECTS, T2_TIMEOUT\n"
		"exit: 0 pass, 1 fail, 4 all skipped or no device (1..0 # SKIP),\n"
		"      2 usage error (before any output on stdout)\n", prog);
}

static int t2t_parse_uint(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v == 0 || v > 86400)
		return -EINVAL;
	*out = (unsigned int)v;
	return 0;
}

/* A kind from backends.def that the mode table does not list runs with the
 * conservative settings: it cannot take a platform of its own. */
static const struct t2t_mode *t2t_find_mode(const char *name, struct t2t_mode *other)
{
	size_t i;

	for (i = 0; i < T2T_ARRAY_SIZE(t2t_modes); i++)
		if (!strcmp(t2t_modes[i].name, name) || !strcmp(t2t_modes[i].kind, name))
			return &t2t_modes[i];
	if (!t2_backend_kind_known(name))
		return NULL;
	other->name = name;
	other->kind = name;
	other->can_platform = 0;
	other->sim_memory = 0;
	return other;
}

static void t2t_personality(uint64_t sw, char *buf, size_t len)
{
	t2_personality_label(sw, buf, len);
}

static int t2t_suite_selected(struct t2t_opts *o, const struct t2t_suite *suite)
{
	size_t c;
	int n = 0;

	for (c = 0; c < suite->ncases; c++)
		n += t2t_selected(o, &suite->cases[c]);
	return n;
}

/*
 * Can the backend be opened at all?  0 when it can.  A device that is not
 * there (no node, no permission) is a kselftest skip of the whole run:
 * "1..0 # SKIP reason", returns 1.  Anything else is broken infrastructure:
 * 0 with the message in err, for a Bail out! after the plan.
 */
static int t2t_probe(const struct t2t_opts *o, struct t2t *probe, char *err, size_t errlen)
{
	char why[256] = "";
	int rc;

	memset(probe, 0, sizeof(*probe));
	probe->mode = o->mode;
	probe->cfg = o->cfg;
	probe->no_intro = o->no_intro;
	err[0] = '\0';
	rc = t2t_backend_up(probe, NULL, why, sizeof(why));
	t2t_backend_down(probe);
	if (rc >= 0)
		return 0;
	if (rc == -ENOENT || rc == -ENODEV || rc == -ENXIO || rc == -EACCES || rc == -EPERM) {
		snprintf(err, errlen, "backend '%s': %s", o->mode->name, why);
		tap_skip_all(err);
		return 1;
	}
	snprintf(err, errlen, "cannot open backend '%s': %s", o->mode->name, why);
	return 0;
}

int t2t_main(int argc, char **argv)
{
	struct t2t_opts o;
	struct t2t_mode other;
	struct t2t_result *shared;
	struct t2t probe;
	const char *mode_name = NULL, *env;
	char err[256] = "", pers[128];
	int list = 0, opt, total = 0, i, ktap = 0, nsuites = 0;
	const char *root = NULL;
	size_t s, c;

	memset(&o, 0, sizeof(o));
	o.timeout = 30;
	env = getenv("T2_TIMEOUT");
	if (env && t2t_parse_uint(env, &o.timeout) < 0) {
		fprintf(stderr, "%s: T2_TIMEOUT='%s': want seconds, 1..86400\n", argv[0], env);
		return 2;
	}
	while ((opt = getopt_long(argc, argv, "lLt:m:T:nIvh", t2t_long_opts, NULL)) != -1) {
		switch (opt) {
		case 'K':
			ktap = 1;
			break;
		case 'R':
			root = optarg;
			break;
		case 'l':
			list = 1;
			break;
		case 'L':
			list = 2;
			break;
		case 't':
			if (o.npatterns >= (int)T2T_ARRAY_SIZE(o.patterns)) {
				fprintf(stderr, "%s: -t: too many tests named\n", argv[0]);
				return 2;
			}
			o.patterns[o.npatterns++] = optarg;
			break;
		case 'm':
			mode_name = optarg;
			break;
		case 'T':
			if (t2t_parse_uint(optarg, &o.timeout) < 0) {
				fprintf(stderr, "%s: -T '%s': want seconds, 1..86400\n", argv[0], optarg);
				return 2;
			}
			break;
		case 'n':
			o.nofork = 1;
			break;
		case 'I':
			o.no_intro = 1;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case 'h':
			t2t_usage(stdout, argv[0]);
			return 0;
		default:
			t2t_usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
		return 2;
	}

	for (s = 0; s < T2T_ARRAY_SIZE(t2t_suites); s++)
		for (c = 0; c < t2t_suites[s]->ncases; c++)
			if (t2t_selected(&o, &t2t_suites[s]->cases[c]))
				total++;
	for (i = 0; i < o.npatterns; i++) {
		if (!o.matched[i]) {
			fprintf(stderr, "%s: -t '%s': no such test (see -l)\n", argv[0],
				o.patterns[i]);
			return 2;
		}
	}
	if (list) {
		for (s = 0; s < T2T_ARRAY_SIZE(t2t_suites); s++) {
			for (c = 0; c < t2t_suites[s]->ncases; c++) {
				const struct t2t_case *tc = &t2t_suites[s]->cases[c];

				if (!t2t_selected(&o, tc))
					continue;
				if (list == 1)
					printf("%s [%s]\n", tc->name, tc->rules);
				else if (tc->platform)
					printf("%s\t%s\n", tc->platform, tc->name);
			}
		}
		return 0;
	}

	/* Bad options and variables are usage errors (exit 2), before any plan. */
	if (t2_config_from_env(&o.cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", argv[0], err);
		return 2;
	}
	if (root)
		o.cfg.root = root;
	if (!mode_name)
		mode_name = o.cfg.kind ? o.cfg.kind : "stub";
	o.mode = t2t_find_mode(mode_name, &other);
	if (!o.mode) {
		fprintf(stderr, "%s: -m '%s': unknown mode (known backends: %s)\n", argv[0],
			mode_name, t2_backend_kind_list());
		return 2;
	}
	o.cfg.kind = o.mode->kind;
	if (t2_config_check_core(&o.cfg, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", argv[0], err);
		return 2;
	}
	if (t2t_probe(&o, &probe, err, sizeof(err)))
		return TAP_EXIT_SKIP;
	if (ktap) {
		tap_ktap();
		for (s = 0; s < T2T_ARRAY_SIZE(t2t_suites); s++)
			nsuites += t2t_suite_selected(&o, t2t_suites[s]) > 0;
		tap_plan(nsuites);
	} else {
		tap_plan(total);
	}
	t2t_personality(o.cfg.switches, pers, sizeof(pers));
	tap_diag("mode %s:%s, platform %s, timeout %u s%s", o.mode->name, pers,
		 o.cfg.platform ? o.cfg.platform : "default", o.timeout,
		 o.nofork ? ", no fork" : "");
	if (strcmp(o.mode->kind, "stub") && o.cfg.core != T2_CORE_SPEC)
		tap_diag("core variant %s (T2_CORE): %s checked against its answers "
			 "(docs/vfio-core.md)", t2_core_variant_name(o.cfg.core),
			 t2_core_variant_rules(o.cfg.core));
	if (err[0])
		tap_bail("%s", err);    /* broken infrastructure (t2t_probe) */
	if (!o.mode->can_platform)
		tap_diag("target platform (%s): page_size %u, max_windows %u, spaace_pool %u, "
			 "cpus %u, msi_banks %u, msi_policy %u, msi_design %s, groups %u",
			 probe.has_intro ? "its T2SIM_PLATFORM" :
			 "stated: no introspection", probe.plat.page_size,
			 probe.plat.max_windows, probe.plat.spaace_pool, probe.plat.cpus,
			 probe.plat.msi_banks, probe.plat.msi_policy,
			 t2_msi_design_letter(probe.plat.msi_design), probe.plat.ngroups);

	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	if (shared == MAP_FAILED)
		tap_bail("mmap: %s", strerror(errno));
	for (s = 0; s < T2T_ARRAY_SIZE(t2t_suites); s++) {
		int n = t2t_suite_selected(&o, t2t_suites[s]);

		if (ktap && n)
			tap_subtest_begin(t2t_suites[s]->name, n);
		for (c = 0; c < t2t_suites[s]->ncases; c++)
			if (t2t_selected(&o, &t2t_suites[s]->cases[c]))
				t2t_run_case(&o, &t2t_suites[s]->cases[c], shared);
		if (ktap && n)
			tap_subtest_end(t2t_suites[s]->name);
	}
	munmap(shared, sizeof(*shared));
	return tap_done();
}

int main(int argc, char **argv)
{
	return t2t_main(argc, argv);
}
