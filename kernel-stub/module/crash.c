// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/* Copyright (c) 2026 The t2harness authors */
/*
 * crash.c - t2crash.ko's planted crashes: the runners' crash handling
 * (resume, crash titles; ci/kernel-crash.sh, make check-kernel-crashes) is
 * tested on a backend that oopses where module parameters say.
 *
 *   insmod t2crash.ko null_on=MAP_DMA div_on=SET_ATTR loop_on=UNMAP_DMA \
 *          list_on=MAP_MSI_BANK stash_null=1 [t2vfio's parameters]
 *
 * X_on=NAME names a container ioctl (ioctls.def, with or without its
 * VFIO_/VFIO_IOMMU_/VFIO_IOMMU_PAMU_ prefix); the crash fires when that
 * ioctl comes with argsz T2CRASH_ARGSZ (0x7e57), which no conformance test
 * and no corpus program sends, so only the programs written to crash it
 * (ci/crash-corpus/) do:
 *   null_on   a NULL pointer dereference   "BUG: kernel NULL pointer dereference"
 *   div_on    a division by zero           "divide error"
 *   loop_on   an endless loop              "soft lockup" (softlockup_panic=1)
 *   list_on   a list_add on a corrupted list "list_add corruption" (DEBUG_LIST)
 * stash_null=1: every GET_ATTR(PAMU_STASH), whatever its argsz, dereferences
 * NULL: the reference driver's behaviour that made the executor's own state
 * reads crash every replay (issue 15; --observe=program avoids them).
 * Each crash is in a function of its own, which the crash title names.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include "t2/abi.h"
#include "crash.h"

#define T2CRASH_ARGSZ 0x7e57

static char *null_on, *div_on, *loop_on, *list_on;
static bool stash_null;
module_param(null_on, charp, 0444);
MODULE_PARM_DESC(null_on, "ioctl that dereferences NULL when its argsz is 0x7e57");
module_param(div_on, charp, 0444);
MODULE_PARM_DESC(div_on, "ioctl that divides by zero when its argsz is 0x7e57");
module_param(loop_on, charp, 0444);
MODULE_PARM_DESC(loop_on, "ioctl that loops forever when its argsz is 0x7e57");
module_param(list_on, charp, 0444);
MODULE_PARM_DESC(list_on, "ioctl that corrupts a list when its argsz is 0x7e57");
module_param(stash_null, bool, 0444);
MODULE_PARM_DESC(stash_null, "every GET_ATTR(PAMU_STASH) dereferences NULL");

static const struct {
	const char *name;
	unsigned int cmd;
} t2crash_cmds[] = {
#define T2_IOCTL(name, n, fd, arg, minsz, flagmask) { #name, name },
#include "t2/ioctls.def"
#undef T2_IOCTL
};

static unsigned int null_cmd, div_cmd, loop_cmd, list_cmd;

/* The ioctl a parameter names, with or without its prefix; 0 for none. */
static int t2crash_cmd(const char *param, const char *val, unsigned int *out)
{
	static const char *const prefixes[] = { "", "VFIO_", "VFIO_IOMMU_", "VFIO_IOMMU_PAMU_" };
	size_t i, k, n;

	*out = 0;
	if (!val || !*val)
		return 0;
	for (i = 0; i < ARRAY_SIZE(t2crash_cmds); i++)
		for (k = 0; k < ARRAY_SIZE(prefixes); k++) {
			n = strlen(prefixes[k]);
			if (!strncmp(t2crash_cmds[i].name, prefixes[k], n) &&
			    !strcmp(t2crash_cmds[i].name + n, val)) {
				*out = t2crash_cmds[i].cmd;
				return 0;
			}
		}
	pr_err("t2crash: %s='%s': no such ioctl (ioctls.def names, e.g. MAP_DMA)\n", param, val);
	return -EINVAL;
}

int t2crash_init(void)
{
	return t2crash_cmd("null_on", null_on, &null_cmd) ?:
	       t2crash_cmd("div_on", div_on, &div_cmd) ?:
	       t2crash_cmd("loop_on", loop_on, &loop_cmd) ?:
	       t2crash_cmd("list_on", list_on, &list_cmd);
}

struct t2crash_obj {
	u32 value;
	u32 stash;      /* another field: the compiler must not fold the two readers */
};

/* What each crash goes through, volatile so the compiler keeps the fault. */
static struct t2crash_obj *volatile t2crash_nowhere;
static volatile u32 t2crash_zero;

static noinline u32 t2crash_null_deref(void)
{
	return t2crash_nowhere->value;
}

static noinline u32 t2crash_divide(u32 n)
{
	return n / t2crash_zero;
}

static noinline void t2crash_spin(void)
{
	for (;;)
		cpu_relax();
}

static noinline void t2crash_list_corrupt(void)
{
	LIST_HEAD(head);
	struct list_head a, b, bogus;

	list_add(&a, &head);
	a.prev = &bogus;        /* head.next->prev should be &head */
	list_add(&b, &head);    /* CONFIG_DEBUG_LIST: list_add corruption */
}

static noinline u32 t2crash_get_stash(void)
{
	return t2crash_nowhere->stash;
}

void t2crash_hook(unsigned int cmd, unsigned long arg)
{
	struct vfio_pamu_attr at;
	u32 argsz;

	if (!arg || copy_from_user(&argsz, (void __user *)arg, sizeof(argsz)))
		return;
	if (stash_null && cmd == VFIO_IOMMU_PAMU_GET_ATTR &&
	    !copy_from_user(&at, (void __user *)arg, offsetof(struct vfio_pamu_attr, pad0)) &&
	    at.attribute == VFIO_ATTR_PAMU_STASH)
		pr_info("t2crash: %u\n", t2crash_get_stash());
	if (argsz != T2CRASH_ARGSZ)
		return;
	if (cmd == null_cmd)
		pr_info("t2crash: %u\n", t2crash_null_deref());
	if (cmd == div_cmd)
		pr_info("t2crash: %u\n", t2crash_divide(argsz));
	if (cmd == loop_cmd)
		t2crash_spin();
	if (cmd == list_cmd)
		t2crash_list_corrupt();
}
