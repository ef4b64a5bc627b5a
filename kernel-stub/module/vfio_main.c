// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/* Copyright (c) 2026 The t2harness authors */
/*
 * vfio_main.c - t2vfio.ko, the simulator as a backend of the kernel's own
 * VFIO core (docs/vfio-core.md): it registers the type2 IOMMU driver
 * (vfio_register_iommu_driver); the emulated VFIO devices, one per platform
 * group, are t2groups.ko's (groups_main.c, t2groups.h), the same devices a
 * driver under test gets, so the VFIO core makes /dev/vfio/vfio and
 * /dev/vfio/N (spec DEV-1) without a real IOMMU.  The container and group
 * ioctls are the VFIO core's; what it passes to the driver goes to the
 * simulator (vfio_sim.c).  /dev/t2vfio carries the introspection ioctls
 * (vfio_intro.h).  Built with T2_CRASH_HOOKS it is t2crash.ko, the same
 * backend with planted crashes (crash.c).
 *
 *   modprobe vfio; insmod t2groups.ko [platform=...]
 *   insmod t2vfio.ko [platform=...] [personality=...] [defects=...]
 * (the two platform strings must give the same groups)
 *
 * Built against the VFIO core's private header drivers/vfio/vfio.h of the
 * same kernel series (6.1: the driver ops below), which ci/vfio-core-build.sh
 * takes from Debian's linux-source package.
 */
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/iommu.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include "vfio.h"
#include "t2/vfio_intro.h"
#include "vfio_sim.h"
#include "t2groups.h"
#include "crash.h"
#include "params.h"

/* The module's one instance. */
struct t2vf {
	struct t2v *v;
	u32 ndev;       /* t2groups.ko's devices, checked against the platform */
};

static struct t2vf t2vf;

/* The VFIO group of group index i (a t2groups.ko device's). */
static struct vfio_group *t2vf_group(u32 i)
{
	return t2groups_device(i)->group;
}

/* ------------------------------------------------------------ the IOMMU driver */
static int t2vf_index(struct iommu_group *grp)
{
	u32 i;

	for (i = 0; i < t2vf.ndev; i++)
		if (t2vf_group(i)->iommu_group == grp)
			return i;
	return -1;
}

static void *t2vf_open(unsigned long arg)
{
	struct t2v_cont *c;

	if (t2v_check_extension(arg) <= 0)
		return ERR_PTR(-ENODEV);
	c = t2v_cont_get(t2vf.v);
	return c ? (void *)c : ERR_PTR(-ENOMEM);
}

static void t2vf_release(void *data)
{
	t2v_cont_put(t2vf.v, data);
}

static long t2vf_ioctl(void *data, unsigned int cmd, unsigned long arg)
{
	t2crash_hook(cmd, arg);
	return t2v_ioctl(t2vf.v, data, cmd, arg);
}

/*
 * The VFIO core holds the container's group lock for writing here, so the
 * container field of every group in this container is stable: they are
 * the peers SET_IOMMU attaches in ascending order (vfio_sim.c).
 */
static int t2vf_attach(void *data, struct iommu_group *grp, enum vfio_group_type type)
{
	int idx = t2vf_index(grp);
	struct vfio_container *key;
	u32 i, peers = 0;

	if (idx < 0 || type != VFIO_EMULATED_IOMMU)
		return -EINVAL;
	key = t2vf_group(idx)->container;
	for (i = 0; key && i < t2vf.ndev; i++)
		if (t2vf_group(i)->container == key)
			peers |= 1u << i;
	return t2v_attach(t2vf.v, data, idx, peers, key);
}

static void t2vf_detach(void *data, struct iommu_group *grp)
{
	int idx = t2vf_index(grp);

	if (idx >= 0)
		t2v_detach(t2vf.v, data, idx);
}

static const struct vfio_iommu_driver_ops t2vf_iommu_ops = {
	.name = "t2vfio-type2",
	.owner = THIS_MODULE,
	.open = t2vf_open,
	.release = t2vf_release,
	.ioctl = t2vf_ioctl,
	.attach_group = t2vf_attach,
	.detach_group = t2vf_detach,
};

/* ------------------------------------------------------------ /dev/t2vfio */
static bool t2vf_is_container(struct file *f)
{
	struct inode *inode = file_inode(f);

	return S_ISCHR(inode->i_mode) && inode->i_rdev == MKDEV(MISC_MAJOR, VFIO_MINOR) &&
	       f->private_data;
}

static long t2vf_intro_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct t2vfio_intro in;
	long r = -ENOTTY;
	u32 i, groups = 0;
	struct fd f;

	if (cmd != T2VFIO_INTRO)
		return -ENOTTY;
	if (copy_from_user(&in, (void __user *)arg, sizeof(in)))
		return -EFAULT;
	if (in.argsz < sizeof(in) || in.flags)
		return -EINVAL;
	f = fdget(in.fd);
	if (!f.file)
		return -EBADF;
	for (i = 0; i < t2vf.ndev; i++) {
		if (f.file->private_data == t2vf_group(i)) {
			r = t2v_intro_group(t2vf.v, i, in.cmd, in.arg);
			goto out;
		}
	}
	if (t2vf_is_container(f.file)) {
		for (i = 0; i < t2vf.ndev; i++)
			if (READ_ONCE(t2vf_group(i)->container) == f.file->private_data)
				groups |= 1u << i;
		r = t2v_intro_container(t2vf.v, f.file->private_data, groups, in.cmd, in.arg);
	}
out:
	fdput(f);
	return r;
}

static const struct file_operations t2vf_intro_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = t2vf_intro_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

static struct miscdevice t2vf_intro_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "t2vfio",
	.fops = &t2vf_intro_fops,
	.mode = 0666,
};

/* ------------------------------------------------------------ load and unload */
/*
 * t2groups.ko's devices must be the platform's groups: group index i is
 * /dev/vfio/N for the i-th group number N (DEV-1, PLAT-8).
 */
static int t2vf_devices_check(void)
{
	u32 n = t2v_ngroups(t2vf.v), i;
	int id;

	if (t2groups_count() != n) {
		pr_err("t2vfio: t2groups.ko has %u devices, the platform %u groups\n",
		       t2groups_count(), n);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		id = iommu_group_id(t2vf_group(i)->iommu_group);
		if (id != (int)t2v_group_num(t2vf.v, i)) {
			pr_err("t2vfio: group %u is /dev/vfio/%d (t2groups.ko loaded with another platform?)\n",
			       t2v_group_num(t2vf.v, i), id);
			return -EINVAL;
		}
	}
	t2vf.ndev = n;
	return 0;
}

static int __init t2vf_init(void)
{
	int ret;

	ret = t2v_create(&t2vf.v, platform, personality, defects);
	if (ret)
		return ret;
	ret = t2crash_init();
	if (ret)
		goto out_sim;
	ret = t2vf_devices_check();
	if (ret)
		goto out_sim;
	ret = vfio_register_iommu_driver(&t2vf_iommu_ops);
	if (ret)
		goto out_sim;
	ret = misc_register(&t2vf_intro_misc);
	if (ret)
		goto out_driver;
	pr_info("t2vfio: loaded: %u groups behind the VFIO core, switches 0x%llx\n",
		t2vf.ndev, (unsigned long long)t2v_switches(t2vf.v));
	return 0;
out_driver:
	vfio_unregister_iommu_driver(&t2vf_iommu_ops);
out_sim:
	t2v_destroy(t2vf.v);
	t2vf.v = NULL;
	return ret;
}

static void __exit t2vf_exit(void)
{
	/* No container holds the driver: each holds a module reference. */
	misc_deregister(&t2vf_intro_misc);
	vfio_unregister_iommu_driver(&t2vf_iommu_ops);
	t2v_destroy(t2vf.v);
	t2vf.v = NULL;
}

module_init(t2vf_init);
module_exit(t2vf_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("t2harness: the PAMU type2 simulator as an IOMMU driver of the VFIO core");
MODULE_SOFTDEP("pre: vfio t2groups");
