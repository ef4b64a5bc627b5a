/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * guest_init.c - /init of a guest that has no shell: the big-endian ppc64
 * guest of make check-kernel-ppc (Debian's archive has no busybox for
 * powerpc or ppc64, both are ports).  It does what ci/guest-init.sh and the
 * judged sections of ci/guest-suite.sh do, and writes the same KTAP, so that
 * ci/check-kernel.sh judges both alike:
 *   spec     the conformance suite on t2sim.ko's spec personality
 *   replay   t2h replay --check of corpus/ (not parsers/, not regress/)
 *   plat:S   the cases of platform string S, the module loaded with it
 *   matrix   the suite again on the matrix platform: the baseline
 *   Bn, Lk   the suite with one switch on (the conc.* tests rerun up to three
 *            times when nothing is detected: a race need not show)
 *   Bn@S     the cases of S with switch Bn on platform S
 * Not here (they need a shell): DEV-4 parameter refusals, dev_smoke (2 MiB
 * hugepages: e6500 has none), corpus/regress, kmemleak.  /t2/suite.env gives
 * T2_SUITE_DEFECTS, T2_SUITE_MATRIX_PLATFORM, T2_SUITE_CONF_ARGS (one word
 * at most) and T2_SUITE_PLAT_PAIRS, as for the shell payload.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define T "/t2"
#define MAXL 256

static FILE *tap;               /* the KTAP stream (T2_TAP_OUT, the second port) */
static int n, failed;
static char defects[1024], mplat[256] = "p4080", conf_arg[256], pairs[4096];

static double uptime(void)
{
	double u = 0;
	FILE *f = fopen("/proc/uptime", "r");

	if (f) {
		if (fscanf(f, "%lf", &u) != 1)
			u = 0;
		fclose(f);
	}
	return u;
}

/* suite.env: KEY="value" lines */
static void read_env(void)
{
	char line[4096], *v;
	FILE *f = fopen(T "/suite.env", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		v = strchr(line, '=');
		if (!v)
			continue;
		*v++ = 0;
		if (*v == '"') {
			v++;
			v[strcspn(v, "\"")] = 0;
		}
		if (!strcmp(line, "T2_SUITE_DEFECTS"))
			snprintf(defects, sizeof(defects), "%s", v);
		else if (!strcmp(line, "T2_SUITE_MATRIX_PLATFORM") && *v)
			snprintf(mplat, sizeof(mplat), "%s", v);
		else if (!strcmp(line, "T2_SUITE_CONF_ARGS"))
			snprintf(conf_arg, sizeof(conf_arg), "%s", v);
		else if (!strcmp(line, "T2_SUITE_PLAT_PAIRS"))
			snprintf(pairs, sizeof(pairs), "%s", v);
	}
	fclose(f);
}

static int load(const char *params)
{
	int fd = open(T "/t2sim.ko", O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		return -1;
	r = (int)syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	if (r)
		fprintf(tap, "# insmod t2sim.ko %s: %s\n", params, strerror(errno));
	else if (access("/dev/t2sim/vfio", F_OK))
		fprintf(tap, "# /dev/t2sim/vfio missing after insmod %s\n", params);
	return r;
}

static void unload(void)
{
	if (syscall(SYS_delete_module, "t2sim", O_NONBLOCK))
		fprintf(tap, "# rmmod t2sim: %s\n", strerror(errno));
}

/* Runs argv with stdout and stderr to path, T2_DEFECTS=defect if given. */
static int run(char *const argv[], const char *defect, const char *path)
{
	pid_t pid;
	int st, fd;

	fflush(tap);
	pid = fork();
	if (pid == 0) {
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			_exit(127);
		dup2(fd, 1);
		/* stderr apart: KTAP wants a section's version line first */
		close(2);
		if (open("/tmp/stderr.txt", O_WRONLY | O_CREAT | O_APPEND, 0644) != 2)
			dup2(fd, 2);
		if (defect)
			setenv("T2_DEFECTS", defect, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return 127;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* The section NAME: the command's output indented, as guest-lib.sh's sect. */
static int sect(const char *name, char *const argv[], const char *defect, const char *out)
{
	char line[4096];
	double t0 = uptime();
	int rc, head = 0;
	FILE *f;

	n++;
	unlink("/tmp/stderr.txt");
	rc = run(argv, defect, out);
	f = fopen(out, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!head) {
			if (!strncmp(line, "TAP version", 11) || !strncmp(line, "KTAP version", 12)) {
				fprintf(tap, "    %s    # Subtest: %s\n", line, name);
				head = 1;
				continue;
			}
			fprintf(tap, "    KTAP version 1\n    # Subtest: %s\n", name);
			head = 1;
		}
		fprintf(tap, "    %s", line);
	}
	if (f)
		fclose(f);
	if (!head)
		fprintf(tap, "    KTAP version 1\n    # Subtest: %s\n", name);
	/* what the command said on stderr, as diagnostics after its output */
	f = fopen("/tmp/stderr.txt", "r");
	while (f && fgets(line, sizeof(line), f))
		fprintf(tap, "    # %s", line);
	if (f)
		fclose(f);
	unlink("/tmp/stderr.txt");
	fprintf(tap, "    # %s: exit %d in %.1f s\n", name, rc, uptime() - t0);
	return rc;
}

/* One top-level result, named by the description up to ": "; count: a
 * failure counts in the exit code (the switch rows do not: the host judges) */
static void point(int pass, int count, const char *fmt, ...)
{
	char d[512];
	const char *colon;
	va_list ap;
	int k;

	va_start(ap, fmt);
	vsnprintf(d, sizeof(d), fmt, ap);
	va_end(ap);
	colon = strstr(d, ": ");
	k = colon ? (int)(colon - d) : (int)strlen(d);
	if (strstr(d, "# SKIP")) {
		fprintf(tap, "ok %d - %.*s %s\n", n, k, d, strstr(d, "# SKIP"));
		return;
	}
	fprintf(tap, "# %s\n%s %d - %.*s\n", d, pass ? "ok" : "not ok", n, k, d);
	if (!pass && count)
		failed++;
}

/* Is name among the "not ok N - name" lines of path? */
static int fails_in(const char *path, const char *name)
{
	char line[4096], t[MAXL];
	FILE *f = fopen(path, "r");
	int hit = 0;

	while (f && !hit && fgets(line, sizeof(line), f))
		if (sscanf(line, "not ok %*d - %255s", t) == 1 && !strcmp(t, name))
			hit = 1;
	if (f)
		fclose(f);
	return hit;
}

/* A failure in path that the baseline (base) does not have. */
static int new_failure(const char *path, const char *base)
{
	char line[4096], t[MAXL];
	FILE *f = fopen(path, "r");
	int hit = 0;

	while (f && !hit && fgets(line, sizeof(line), f))
		if (sscanf(line, "not ok %*d - %255s", t) == 1 && !fails_in(base, t))
			hit = 1;
	if (f)
		fclose(f);
	return hit;
}

/* t2conf -m dev [CONF_ARG] [-t case]... */
static int conf_argv(char **av, int max, char **cases, int ncases)
{
	int k = 0, i;

	av[k++] = T "/t2conf";
	av[k++] = "-m";
	av[k++] = "dev";
	if (*conf_arg)
		av[k++] = conf_arg;
	for (i = 0; i < ncases && k + 3 < max; i++) {
		av[k++] = "-t";
		av[k++] = cases[i];
	}
	av[k] = NULL;
	return k;
}

/* The cases of platform string p, from t2conf -L ("PLATFORM\tname" lines). */
static int plat_cases(const char *p, char **cases, int max)
{
	char line[512], *tab;
	FILE *f = fopen("/tmp/plat.list", "r");
	int k = 0;

	while (f && k < max && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		tab = strchr(line, '\t');
		if (tab && (size_t)(tab - line) == strlen(p) && !strncmp(line, p, strlen(p)))
			cases[k++] = strdup(tab + 1);
	}
	if (f)
		fclose(f);
	return k;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* corpus/ programs, not parsers/ or regress/, sorted */
static int corpus_files(char **files, int max)
{
	static const char *const dirs[] = { "geometry", "msi", "surface" };
	char path[512];
	struct dirent *e;
	unsigned int i;
	int k = 0;
	DIR *d;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), T "/corpus/%s", dirs[i]);
		d = opendir(path);
		while (d && (e = readdir(d)) && k < max) {
			size_t l = strlen(e->d_name);

			if (l > 4 && !strcmp(e->d_name + l - 4, ".t2p")) {
				snprintf(path, sizeof(path), T "/corpus/%s/%s", dirs[i], e->d_name);
				files[k++] = strdup(path);
			}
		}
		if (d)
			closedir(d);
	}
	qsort(files, (size_t)k, sizeof(files[0]), cmp_str);
	return k;
}

static int count_words(const char *s)
{
	int k = 0, in = 0;

	for (; *s; s++) {
		if (*s != ' ' && !in)
			k++;
		in = *s != ' ';
	}
	return k;
}

static void payload(void)
{
	char *av[300], *cases[128], *files[256], *plats[64], params[512], buf[512];
	char *list, *d, *save;
	int nplat = 0, nc, nf, rc, i, k, ndef;
	FILE *f;

	setenv("T2_BACKEND", "dev", 1);
	setenv("T2_ROOT", "/dev/t2sim", 1);
	read_env();
	/* the distinct platform strings of the suite's platform cases */
	av[0] = T "/t2conf";
	av[1] = "-L";
	av[2] = NULL;
	run(av, NULL, "/tmp/plat.list");
	f = fopen("/tmp/plat.list", "r");
	while (f && nplat < 64 && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\t\n")] = 0;
		for (i = 0; i < nplat && strcmp(plats[i], buf); i++)
			;
		if (i == nplat)
			plats[nplat++] = strdup(buf);
	}
	if (f)
		fclose(f);
	qsort(plats, (size_t)nplat, sizeof(plats[0]), cmp_str);
	ndef = count_words(defects);
	fprintf(tap, "KTAP version 1\n1..%d\n", 3 + nplat + ndef + count_words(pairs));

	if (load("")) {
		fprintf(tap, "Bail out! t2sim.ko does not load\n");
		failed++;
		return;
	}
	conf_argv(av, 300, NULL, 0);
	rc = sect("spec", av, NULL, "/tmp/spec.tap");
	point(rc == 0, 1, "spec: conformance suite (exit %d)", rc);
	nf = corpus_files(files, 250);
	av[0] = T "/t2h";
	av[1] = "replay";
	av[2] = "--check";
	av[3] = "--tap";
	for (i = 0; i < nf; i++)
		av[4 + i] = files[i];
	av[4 + nf] = NULL;
	rc = sect("replay", av, NULL, "/tmp/replay.tap");
	point(rc == 0, 1, "replay: corpus (exit %d)", rc);
	unload();

	for (k = 0; k < nplat; k++) {
		if (strstr(plats[k], "memlock=") || strstr(plats[k], "cap_ipc_lock=")) {
			n++;
			fprintf(tap, "ok %d - plat:%s # SKIP PLAT-4: the module uses the caller's RLIMIT_MEMLOCK and CAP_IPC_LOCK (root here)\n",
				n, plats[k]);
			continue;
		}
		snprintf(params, sizeof(params), "platform=%s", plats[k]);
		snprintf(buf, sizeof(buf), "plat:%s", plats[k]);
		if (load(params)) {
			n++;
			point(0, 1, "%s: the module does not load", buf);
			continue;
		}
		nc = plat_cases(plats[k], cases, 128);
		conf_argv(av, 300, cases, nc);
		rc = sect(buf, av, NULL, "/tmp/plat.tap");
		if (rc == 4)
			point(1, 1, "%s: # SKIP its cases all skip in this kernel", buf);
		else
			point(rc == 0, 1, rc == 0 ? "%s: its cases pass" : "%s: its cases (exit %d)", buf, rc);
		unload();
	}

	/* the defect matrix: the baseline, then each switch alone */
	snprintf(params, sizeof(params), "platform=%s", mplat);
	conf_argv(av, 300, NULL, 0);
	if (load(params)) {
		n++;
		point(0, 1, "matrix: platform %s does not load", mplat);
		f = fopen("/tmp/base.tap", "w");
		if (f)
			fclose(f);
	} else {
		rc = sect("matrix", av, NULL, "/tmp/base.tap");
		point(rc == 0, 1, "matrix: conformance suite on platform %s (exit %d)", mplat, rc);
		unload();
	}
	list = strdup(defects);
	for (d = strtok_r(list, " ", &save); d; d = strtok_r(NULL, " ", &save)) {
		int hit;

		snprintf(params, sizeof(params), "platform=%s defects=%s", mplat, d);
		if (load(params)) {
			n++;
			point(0, 1, "%s: module does not load", d);
			continue;
		}
		conf_argv(av, 300, NULL, 0);
		sect(d, av, d, "/tmp/def.tap");
		hit = new_failure("/tmp/def.tap", "/tmp/base.tap");
		for (i = 1; i <= 3 && !hit; i++) {
			char *cav[] = { T "/t2conf", "-m", "dev", "-t", "conc.*", NULL };

			run(cav, d, "/tmp/retry.tap");
			f = fopen("/tmp/retry.tap", "r");
			while (f && fgets(buf, sizeof(buf), f))
				if (!strncmp(buf, "not ok ", 7))
					fprintf(tap, "    # retry %d: %s", i, buf);
			if (f)
				fclose(f);
			hit = new_failure("/tmp/retry.tap", "/tmp/base.tap");
		}
		point(hit, 0, "%s: %s", d, hit ? "detected" : "not detected");
		unload();
	}
	free(list);

	/* a switch on the platform of the cases that kill it on the stub */
	list = strdup(pairs);
	for (d = strtok_r(list, " ", &save); d; d = strtok_r(NULL, " ", &save)) {
		char *at = strchr(d, '@'), sw[32];

		if (!at)
			continue;
		snprintf(sw, sizeof(sw), "%.*s", (int)(at - d), d);
		snprintf(params, sizeof(params), "platform=%s defects=%s", at + 1, sw);
		if (load(params)) {
			n++;
			point(0, 1, "%s: module does not load", d);
			continue;
		}
		nc = plat_cases(at + 1, cases, 128);
		conf_argv(av, 300, cases, nc);
		rc = sect(d, av, sw, "/tmp/pair.tap");
		point(rc == 0 || rc == 1 || rc == 4, 0, "%s: its cases ran (exit %d)", d, rc);
		unload();
	}
	free(list);
}

int main(void)
{
	const char *out = getenv("T2_TAP_OUT");
	static char klog[1 << 20];
	int len, rc;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mkdir("/tmp", 0755);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	tap = fopen(out ? out : "/dev/console", "w");
	if (!tap)
		tap = stdout;
	setvbuf(tap, NULL, _IOLBF, 0);
	printf("t2guest: payload start (uptime %.2f s)\n", uptime());
	fflush(stdout);
	payload();
	fprintf(tap, "# %d failed\n", failed);
	fflush(tap);
	rc = failed ? 1 : 0;
	printf("t2guest: payload rc=%d (uptime %.2f s)\n", rc, uptime());
	printf("t2guest: dmesg begin\n");
	len = klogctl(3, klog, sizeof(klog));
	if (len > 0)
		fwrite(klog, 1, (size_t)len, stdout);
	printf("\nt2guest: dmesg end\n");
	fflush(stdout);
	sync();
	reboot(RB_AUTOBOOT);
	return 0;
}
