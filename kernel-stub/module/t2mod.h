/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2mod.h - what the module's front end (main.c) and its OS shim
 * (os_linux.c) share: the file types that carry core files, and the os_env
 * constructor.
 */
#ifndef T2_MOD_H
#define T2_MOD_H

#include <linux/fs.h>
#include "t2core.h"

/*
 * The core file behind a struct file of this module, or NULL if it is not
 * one of ours (node or device fd).
 */
struct t2_file *t2m_core_file(struct file *file);

/* The fops of device fds (GROUP_GET_DEVICE_FD). */
extern const struct file_operations t2m_device_fops;
/* MSI design C (spec MSIC-3, MSIC-5): the fops of MSI fds and the vm_ops of
 * their mappings, which os_msi_lookup() recognises. */
extern const struct file_operations t2m_msi_fops;
extern const struct vm_operations_struct t2m_msi_vm_ops;

struct os_env *t2m_env_new(void);
void t2m_env_free(struct os_env *env);

/* load.c: the load parameters (DEV-4, PERS-2) as a switch mask and a
 * platform; 0, or -EINVAL logged with mod's name and the bad parameter. */
int t2m_load_params(const char *mod, const char *platform, const char *personality,
		    const char *defects, struct t2sim_platform *plat, u64 *mask);

#endif /* T2_MOD_H */
