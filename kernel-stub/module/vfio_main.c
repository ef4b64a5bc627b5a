// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/* Copyright (c) 2026 The t2harness authors */
/*
 * vfio_main.c - t2vfio.ko, the simulator as a backend of the kernel's own
 * VFIO core (docs/vfio-core.md): it registers the type2 IOMMU driver
 * (vfio_register_iommu_driver) and one emulated VFIO device per platform
 * group (vfio_register_emulated_iommu_dev), so that the VFIO core makes
 * /dev/vfio/vfio and /dev/vfio/N (spec DEV-1) without a real IOMMU.  The
 * container and group ioctls are the VFIO core's; what it passes to the
 * driver goes to the simulator (vfio_sim.c).  /dev/t2vfio carries the
 * introspection ioctls (vfio_intro.h).
 *
 *   modprobe vfio; insmod t2vfio.ko [platform=...] [personality=...] [defects=...]
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
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include "vfio.h"
#include "t2/vfio_intro.h"
#include "vfio_sim.h"
#include "params.h"

#define T2VF_MAX_GROUPS 16 /* PLAT-8 */


/* One emulated VFIO device: the device of platform group idx. */
struct t2vf_dev {
	struct vfio_device vdev; /* first: vfio_alloc_device() */
	u32 idx;
};

/* The module's one instance. */
struct t2vf {
	struct t2v *v;
	u32 ndev;
	struct platform_device *pdev[T2VF_MAX_GROUPS];
	struct t2vf_dev *dev[T2VF_MAX_GROUPS];
};

static struct t2vf t2vf;

/* ------------------------------------------------------------ the IOMMU driver */
static int t2vf_index(struct iommu_group *grp)
{
	u32 i;

	for (i = 0; i < t2vf.ndev; i++)
		if (t2vf.dev[i]->vdev.group->iommu_group == grp)
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
	key = t2vf.dev[idx]->vdev.group->container;
	for (i = 0; key && i < t2vf.ndev; i++)
		if (t2vf.dev[i]->vdev.group->container == key)
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

/* ------------------------------------------------------------ the devices */
/* GROUP_GET_DEVICE_FD names the platform's device (PLAT-3 device.N). */
static int t2vf_match(struct vfio_device *vdev, char *buf)
{
	struct t2vf_dev *d = container_of(vdev, struct t2vf_dev, vdev);

	return !strcmp(buf, t2v_group_device(t2vf.v, d->idx));
}

/* CORE-11: device fds take no ioctl. */
static long t2vf_dev_ioctl(struct vfio_device *vdev, unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static const struct vfio_device_ops t2vf_dev_ops = {
	.name = "t2vfio",
	.release = vfio_free_device,
	.ioctl = t2vf_dev_ioctl,
	.match = t2vf_match,
};

static int t2vf_probe(struct platform_device *pdev)
{
	struct t2vf_dev *d;
	int ret;

	if (pdev->id < 0 || pdev->id >= T2VF_MAX_GROUPS)
		return -EINVAL;
	d = vfio_alloc_device(t2vf_dev, vdev, &pdev->dev, &t2vf_dev_ops);
	if (IS_ERR(d))
		return PTR_ERR(d);
	d->idx = pdev->id;
	ret = vfio_register_emulated_iommu_dev(&d->vdev);
	if (ret) {
		vfio_put_device(&d->vdev);
		return ret;
	}
	platform_set_drvdata(pdev, d);
	return 0;
}

static int t2vf_remove(struct platform_device *pdev)
{
	struct t2vf_dev *d = platform_get_drvdata(pdev);

	/* waits for the device's fds to close */
	vfio_unregister_group_dev(&d->vdev);
	vfio_put_device(&d->vdev);
	return 0;
}

static struct platform_driver t2vf_driver = {
	.driver = { .name = "t2vfio" },
	.probe = t2vf_probe,
	.remove = t2vf_remove,
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
		if (f.file->private_data == t2vf.dev[i]->vdev.group) {
			r = t2v_intro_group(t2vf.v, i, in.cmd, in.arg);
			goto out;
		}
	}
	if (t2vf_is_container(f.file)) {
		for (i = 0; i < t2vf.ndev; i++)
			if (READ_ONCE(t2vf.dev[i]->vdev.group->container) == f.file->private_data)
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
static void t2vf_devices_down(void)
{
	while (t2vf.ndev) {
		t2vf.ndev--;
		platform_device_unregister(t2vf.pdev[t2vf.ndev]);
	}
}

/*
 * One device per group, in ascending group number.  The VFIO core names a
 * group node after its IOMMU group id; without another IOMMU in the system
 * they are handed out from 0 in this order, and the module refuses to load
 * when a node would not be /dev/vfio/N for group N (DEV-1).
 */
static int t2vf_devices_up(void)
{
	u32 n = t2v_ngroups(t2vf.v);
	struct platform_device *pdev;
	struct t2vf_dev *d;
	int id;

	if (n > T2VF_MAX_GROUPS)
		return -EINVAL;
	while (t2vf.ndev < n) {
		u32 i = t2vf.ndev;

		pdev = platform_device_register_simple("t2vfio", i, NULL, 0);
		if (IS_ERR(pdev))
			return PTR_ERR(pdev);
		d = platform_get_drvdata(pdev);
		if (!d) {
			platform_device_unregister(pdev);
			pr_err("t2vfio: group %u: the VFIO device did not register\n",
			       t2v_group_num(t2vf.v, i));
			return -ENODEV;
		}
		t2vf.pdev[i] = pdev;
		t2vf.dev[i] = d;
		t2vf.ndev++;
		id = iommu_group_id(d->vdev.group->iommu_group);
		if (id != (int)t2v_group_num(t2vf.v, i)) {
			pr_err("t2vfio: group %u got /dev/vfio/%d; other IOMMU groups exist?\n",
			       t2v_group_num(t2vf.v, i), id);
			return -EEXIST;
		}
	}
	return 0;
}

static int __init t2vf_init(void)
{
	int ret;

	ret = t2v_create(&t2vf.v, platform, personality, defects);
	if (ret)
		return ret;
	ret = platform_driver_register(&t2vf_driver);
	if (ret)
		goto out_sim;
	ret = vfio_register_iommu_driver(&t2vf_iommu_ops);
	if (ret)
		goto out_driver;
	ret = t2vf_devices_up();
	if (ret)
		goto out_devices;
	ret = misc_register(&t2vf_intro_misc);
	if (ret)
		goto out_devices;
	pr_info("t2vfio: loaded: %u groups behind the VFIO core, switches 0x%llx\n",
		t2vf.ndev, (unsigned long long)t2v_switches(t2vf.v));
	return 0;
out_devices:
	t2vf_devices_down();
	vfio_unregister_iommu_driver(&t2vf_iommu_ops);
out_driver:
	platform_driver_unregister(&t2vf_driver);
out_sim:
	t2v_destroy(t2vf.v);
	t2vf.v = NULL;
	return ret;
}

static void __exit t2vf_exit(void)
{
	/* No container holds the driver: each holds a module reference. */
	misc_deregister(&t2vf_intro_misc);
	t2vf_devices_down();
	vfio_unregister_iommu_driver(&t2vf_iommu_ops);
	platform_driver_unregister(&t2vf_driver);
	t2v_destroy(t2vf.v);
	t2vf.v = NULL;
}

module_init(t2vf_init);
module_exit(t2vf_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("t2harness: the PAMU type2 simulator as an IOMMU driver of the VFIO core");
MODULE_SOFTDEP("pre: vfio");
