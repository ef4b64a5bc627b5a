/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * fuzz_exec.c - the executor-driven fuzz targets, one source built once per
 * profile (the Makefile passes -DFUZZ_PROFILE=T2P_PROFILE_..., FUZZ_PROFILE_T):
 *   fuzz_surface   profile "all": the whole surface, every op of the program
 *                  model, every platform variant
 *   fuzz_geometry  geometry and windows: randomized apertures and window
 *                  counts, their boundaries (4 KiB windows, 256 windows, 2^63
 *                  apertures, wrap), and the DMA/MSI arithmetic on them
 *   fuzz_msi       MSI sequences: MAP/UNMAP_MSI_BANK interleaved with DMA maps,
 *                  geometry changes and attach/detach, across several
 *                  containers, under both MSI policies
 * Inputs are programs in binary form; seeds in corpus/T/ (text, encoded by
 * the Makefile).  Each builds for libFuzzer, for AFL++ (with afl_driver.c)
 * and as a plain replay main (with replay_main.c).  A target decodes the
 * input (harness/prog/prog_bin.c), runs it on the backend and the oracle
 * (harness/exec/exec.c), and turns a finding into a crash, as fuzzers expect.
 *
 * Environment (read once, so one build serves every personality):
 *   T2_BACKEND, T2_PLATFORM, T2_PERSONALITY, T2_DEFECTS   the backend (PERS-2)
 *   T2_FINDINGS_DIR   if set, each new finding signature is saved there as
 *                     SIG.bin (the input) and SIG.txt (text form with the
 *                     "#@ found-with" line of this configuration, the
 *                     verdict as comments: `t2h replay SIG.txt` reproduces it)
 *   T2_FUZZ_CONTINUE  if 1, keep fuzzing after a finding (needs the dir)
 * The executor context caches the oracles and the simulators (one per
 * platform string) across inputs and resets them exactly for each one; race
 * ops run their minimum of calls (race_quick).  The program buffer is
 * allocated once: decoding rewrites it whole.
 * On a device (T2_BACKEND=dev) every input runs on the target's own platform
 * (cfg.target_platform: the decoded platform line is not judged against it)
 * and each program ends with the executor's isolation (docs/devices.md); a
 * leftover is printed as the harness error it is.  Verdicts other than pass
 * and finding (limit, skip, error) are counted and printed at exit.
 * A finding aborts through a frame named after its rule area and kind
 * (finding_frames.h), so that crash deduplication tells findings apart.
 * A target takes only inputs of its own profile (byte 1 of the binary form)
 * and returns -1 for the others so that they stay out of its corpus; inputs
 * under 2 bytes run as the empty program (a fuzzer starting from nothing).
 * At exit a stats line counts the concurrent blocks run and the distinct
 * ioctls called inside them (docs/concurrency.md).
 */

#ifndef FUZZ_PROFILE
#error "build with -DFUZZ_PROFILE=T2P_PROFILE_... (the Makefile's FUZZ_PROFILE_T)"
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "exec/exec.h"
#include "finding_frames.h"
#include "exec/found_with.h"
#include "prog/prog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Tells replay_main.c to encode text programs before passing them on (a
 * target that does not define it takes raw bytes). */
extern const int t2_fuzz_binary_input;
const int t2_fuzz_binary_input = 1;

/* The process-wide cache: a context and a buffer, never a verdict. */
static struct t2x_ctx *fuzz_ctx;
static struct t2x_config fuzz_cfg;      /* recorded with every finding */
static struct t2p_prog *fuzz_prog;
static const char *fuzz_findings_dir;
static int fuzz_continue;
static unsigned long fuzz_count[T2X_SKIP + 1];

static void fuzz_summary(void)
{
	if (fuzz_count[T2X_LIMIT] || fuzz_count[T2X_SKIP] || fuzz_count[T2X_ERROR])
		fprintf(stderr, "==t2h-verdicts== %lu pass, %lu finding, %lu limit, %lu skip, "
			"%lu error\n", fuzz_count[T2X_PASS], fuzz_count[T2X_FINDING],
			fuzz_count[T2X_LIMIT], fuzz_count[T2X_SKIP], fuzz_count[T2X_ERROR]);
}

static void fuzz_stats(void)
{
	if (fuzz_ctx)
		t2x_print_block_stats(stderr, fuzz_ctx);
}

static void fuzz_setup(void)
{
	struct t2x_config cfg;
	char err[256];

	if (fuzz_ctx)
		return;
	if (t2x_config_from_env(&cfg, err, sizeof(err))) {
		fprintf(stderr, "fuzz: %s\n", err);
		exit(2);
	}
	if (cfg.be.fuzz_trace)
		cfg.trace = stderr;
	cfg.race_quick = 1;
	cfg.target_platform = 1;
	fuzz_cfg = cfg;
	atexit(fuzz_summary);
	fuzz_prog = malloc(sizeof(*fuzz_prog));
	if (!fuzz_prog || t2x_ctx_new(&cfg, &fuzz_ctx)) {
		fprintf(stderr, "fuzz: out of memory\n");
		exit(2);
	}
	atexit(fuzz_stats);
	fuzz_findings_dir = cfg.be.findings_dir;
	fuzz_continue = cfg.be.fuzz_continue;
}

/* Writes a file under a temporary name and renames it (other fuzzing
 * processes may save the same signature at the same time). */
static void fuzz_write(const char *path, const uint8_t *data, size_t size,
		       const struct t2p_prog *p, const struct t2x_result *res)
{
	char tmp[600];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (!f)
		return;
	if (data) {
		fwrite(data, 1, size, f);
	} else {
		char line[400], *v = NULL, *l, *e;
		size_t vn = 0;
		FILE *m = open_memstream(&v, &vn);

		t2_found_with_format(&fuzz_cfg.be, t2p_platform(p), fuzz_cfg.observe, line,
				     sizeof(line));
		fprintf(f, "%s\n", line);
		t2p_fprint(p, f);
		/* the verdict, every line a comment: the file replays as it is */
		if (m) {
			t2x_print_result(m, p, res);
			fclose(m);
			for (l = v; l && *l; l = e ? e + 1 : l + strlen(l)) {
				e = strchr(l, '\n');
				fprintf(f, "# %.*s\n", (int)(e ? e - l : (long)strlen(l)), l);
			}
			free(v);
		}
	}
	if (fclose(f) == 0)
		rename(tmp, path);
	else
		remove(tmp);
}

/* Saves a finding once per signature; returns 1 if it was new. */
static int fuzz_save(const uint8_t *data, size_t size, const struct t2p_prog *p,
		     const struct t2x_result *res)
{
	char path[512], name[100];
	struct stat st;
	size_t i;

	if (!fuzz_findings_dir)
		return 1;
	for (i = 0; res->f.sig[i] && i < sizeof(name) - 1; i++) {
		char ch = res->f.sig[i];

		name[i] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' ? ch : '_';
	}
	name[i] = '\0';
	snprintf(path, sizeof(path), "%s/%s.bin", fuzz_findings_dir, name);
	if (stat(path, &st) == 0)
		return 0;
	fuzz_write(path, data, size, p, res);
	snprintf(path, sizeof(path), "%s/%s.txt", fuzz_findings_dir, name);
	fuzz_write(path, NULL, 0, p, res);
	return 1;
}

static int fuzz_exec_one(const uint8_t *data, size_t size, int profile)
{
	struct t2p_prog *p;
	struct t2x_result res;
	int isnew;

	fuzz_setup();
	/* under 2 bytes: the empty program, so that a fuzzer can start from nothing */
	if (size >= 2 && data[1] % T2P_NPROFILES != profile)
		return -1;
	p = fuzz_prog;
	t2p_decode(data, size, p);
	t2x_run(fuzz_ctx, p, &res);
	if (res.verdict >= 0 && res.verdict <= T2X_SKIP)
		fuzz_count[res.verdict]++;
	if (res.leftover[0])
		fprintf(stderr, "==t2h-harness-error== the target kept state after the program: "
			"%s\n", res.leftover);
	if (res.verdict == T2X_FINDING) {
		isnew = fuzz_save(data, size, p, &res);
		if (isnew || !fuzz_continue) {
			fprintf(stderr, "==t2h-finding== %s\n", res.f.sig);
			t2x_print_result(stderr, p, &res);
			t2p_fprint(p, stderr);
		}
		if (!fuzz_continue)
			t2_finding_abort(&res);
	}
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_exec_one(data, size, FUZZ_PROFILE);
}
