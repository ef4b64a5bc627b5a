/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * config.h - the one configuration of a harness run (struct t2_config): what
 * backend, on what platform, with which switches, behind which VFIO core,
 * observed how.  A tool (t2h, t2conf, a fuzz target, a test main) fills it
 * once, from the environment (t2_config_from_env, config.c: the only reader
 * of these variables) and then its own options, and passes it down; nothing
 * below the tools reads the environment.
 */
#ifndef T2_CONFIG_H
#define T2_CONFIG_H

#include <stddef.h>
#include <stdint.h>

struct t2_config {
	const char *kind;       /* T2_BACKEND: "stub" (default), "dev", "oracle" */
	const char *platform;   /* T2_PLATFORM: PLAT-2 string; NULL = "p4080" */
	uint64_t switches;      /* T2_PERSONALITY / T2_DEFECTS: T2_SW_* mask */
	const char *root;       /* T2_ROOT: device root (dev), NULL = "/dev/vfio" */
	int core;               /* T2_CORE: T2_CORE_SPEC or a variant (core_variant.h) */
	const char *intro_node; /* T2_INTRO_NODE: the device's introspection node */
	int free_threads;       /* T2_SCHED=free: real threads, no schedule */
	const char *announce;   /* T2_ANNOUNCE: file each op is announced to */
	const char *observe;    /* T2_OBSERVE: level name (exec/observe.c), NULL = full */
	uint64_t buf_cap;       /* T2_BUF_CAP: buffer bytes per program on a device */
	int explicit_env;       /* one of T2_BACKEND/PLATFORM/PERSONALITY/DEFECTS/
				 * CORE/OBSERVE is set: it overrides a found-with line */
	/* the fuzz targets' own */
	int fuzz_trace;         /* T2_FUZZ_TRACE: one line per op on stderr */
	const char *findings_dir; /* T2_FINDINGS_DIR: where findings are saved */
	int fuzz_continue;      /* T2_FUZZ_CONTINUE=1: go on after a finding */
};

/* Default T2_BUF_CAP (docs/devices.md). */
#define T2_BUF_CAP_DEFAULT (1ull << 30)

/*
 * Fills cfg from the environment, validated (docs/bad-input.md): 0, or
 * -EINVAL with a message naming the variable.  The core variant is checked
 * against the kind here and again by t2_config_check_core once options may
 * have changed the kind.
 */
int t2_config_from_env(struct t2_config *cfg, char *err, size_t errlen);
/* A core variant other than spec on the stub (which has no VFIO core in
 * front of it) is refused: 0 or -EINVAL with a message. */
int t2_config_check_core(const struct t2_config *cfg, char *err, size_t errlen);

#endif /* T2_CONFIG_H */
