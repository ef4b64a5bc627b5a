/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2core.h - the simulator core's entry points, as the shims see them.
 *
 * A shim (user/t2sim.c, module/) parses the platform, builds an os_env,
 * creates one t2_sim, and maps its fds to the core's file objects.  Every
 * entry point takes the core's own locks; returns are 0, a value or -errno.
 */
#ifndef T2_CORE_H
#define T2_CORE_H

#include "os.h"

struct t2_sim;
struct t2_file;

enum t2_file_kind {
	T2_FILE_CONTAINER = 1,
	T2_FILE_GROUP = 2,
	T2_FILE_DEVICE = 3,
	T2_FILE_MSI = 4,        /* MSI design C: an MSI fd (MSIC-3) */
};

/* mmap of an MSI fd (MSIC-5): prot and flags with Linux's values. */
#define T2_PROT_READ 0x1u
#define T2_PROT_WRITE 0x2u
#define T2_PROT_EXEC 0x4u
#define T2_MMAP_SHARED 0x1u

/*
 * PLAT-2/3/5/8: parse "preset[,key=value]...".  NULL means "p4080"; ""
 * names no preset and is refused.
 * On error returns -EINVAL and writes a message naming the key into err,
 * e.g. "platform: key 'spaace_pool': value '70000' out of range 0..65536".
 */
int t2_platform_parse(const char *text, struct t2sim_platform *p, char *err,
		      size_t errlen);

/* PERS-2: "B6,L1", "all" or "" -> switch mask; -EINVAL naming the bad name. */
int t2_switches_parse(const char *list, u64 *mask, char *err, size_t errlen);
/* "spec" -> 0, "sdk2013" -> T2_SW_ALL, "designs2013" -> T2_SW_DESIGNS (PERS-9);
 * -EINVAL otherwise. */
int t2_personality_parse(const char *name, u64 *mask);
/* mask -> "B6,B11" in the table's order and spelling, "none" for 0. */
void t2_switches_format(u64 mask, char *buf, size_t len);

/*
 * A new instance on a parsed platform.  switches: mask of T2_SW_* bits
 * (-EINVAL if it has others).  env stays owned by the shim and must outlive
 * the instance.  T2SIM_PLATFORM reports plat as given, except memlock and
 * cap_ipc_lock (asked from the shim) and switches; a module shim sets
 * plat->ram = 0 first (INTRO-9).
 */
int t2_sim_create(struct t2_sim **out, const struct t2sim_platform *plat,
		  u64 switches, struct os_env *env);
/* Frees the instance.  The shim closes every file first (t2_close). */
void t2_sim_destroy(struct t2_sim *s);
/* Back to the state t2_sim_create() left (same platform and switches):
 * no container, no link, no pin, counters and fail-nth cleared.  The shim
 * closes every file first and resets what it owns (fds, user memory, the
 * locked count); no call may be in flight.  Returns 0. */
int t2_sim_reset(struct t2_sim *s);

/* CORE-1: a new container.  0 or -ENOMEM (fault site). */
int t2_open_container(struct t2_sim *s, struct t2_file **out);
/* CORE-6: open group `group`.  -ENOENT (no such group), -EBUSY, -ENOMEM. */
int t2_open_group(struct t2_sim *s, u32 group, struct t2_file **out);
/* Close any file (CORE-12, CORE-13); cannot fail. */
void t2_close(struct t2_sim *s, struct t2_file *f);
/* The ioctl entry point for every file kind, introspection included. */
long t2_ioctl(struct t2_sim *s, struct t2_file *f, unsigned long cmd,
	      unsigned long arg);
/*
 * MSIC-5: may MSI fd f be mapped at offset for len bytes with prot and
 * flags?  0 with the bank the mapping stands for, or -errno (-ENODEV when f
 * is no MSI fd).  The shim then makes the mapping and answers
 * os_msi_lookup() for it; the core keeps nothing.
 */
int t2_msi_mmap(struct t2_sim *s, struct t2_file *f, u64 offset, u64 len,
		u32 prot, u32 flags, u32 *bank);
/* enum t2_file_kind of a file. */
u32 t2_file_kind(const struct t2_file *f);

#endif /* T2_CORE_H */
