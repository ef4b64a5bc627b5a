// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2qtest.c - a trivial module that proves the guest runners (ci/qemu-run.sh,
 * ci/uml-run.sh): it creates the misc device /dev/t2qtest and, on request
 * (action=warn|hang), misbehaves so the runners' KERNEL and TIMEOUT verdicts
 * can be seen to fire.
 */
#include <linux/delay.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/string.h>

static char *action = "none";
module_param(action, charp, 0444);
MODULE_PARM_DESC(action, "none, warn (WARN at load) or hang (never returns from load)");

static struct miscdevice t2qtest_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "t2qtest",
};

static int __init t2qtest_init(void)
{
	if (!strcmp(action, "warn"))
		WARN(1, "t2qtest: warning on request\n");
	if (!strcmp(action, "hang"))
		for (;;)
			msleep(1000);
	return misc_register(&t2qtest_dev);
}

static void __exit t2qtest_exit(void)
{
	misc_deregister(&t2qtest_dev);
}

module_init(t2qtest_init);
module_exit(t2qtest_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("t2harness: guest runner self-test module");
