// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/* Copyright (c) 2026 The t2harness authors */
/*
 * groups_main.c - t2groups.ko: the emulated devices a type2 backend of the
 * kernel's VFIO core needs in order to be tested, and nothing else (no IOMMU
 * driver of its own; see t2groups.h).
 *
 *   modprobe vfio; insmod t2groups.ko [platform=p4080,...]
 *   insmod <a type2 backend>.ko     (t2vfio.ko, or the driver under test)
 *
 * One platform device "t2groups" with id N per group N of the platform
 * (PLAT-2 string, parsed by the simulator core's platform parser, the only
 * part of the core linked in), carrying the group's LIODNs as the
 * "fsl,liodn" property, and one emulated VFIO device on it
 * (vfio_register_emulated_iommu_dev): the VFIO core makes /dev/vfio/N.
 * GROUP_GET_DEVICE_FD takes the platform's device name (PLAT-3 device.N);
 * device fds take no ioctl (CORE-11).  The module refuses to load when a
 * group would not be /dev/vfio/N for group N (other IOMMU groups exist).
 */
#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include "groups_plat.h"
#include "t2groups.h"

static char *platform;
module_param(platform, charp, 0444);
MODULE_PARM_DESC(platform, "platform description (spec PLAT-2) whose groups, LIODNs and device names to emulate; default p4080");

#define T2G_MAX T2G_MAX_GROUPS

struct t2g_dev {
	struct vfio_device vdev; /* first: vfio_alloc_device() */
	u32 idx;
};

static struct {
	struct t2g_group *grp;  /* the platform's groups */
	u32 ngroups;
	u32 ndev;
	struct platform_device *pdev[T2G_MAX];
	struct t2g_dev *dev[T2G_MAX];
} t2g;

u32 t2groups_count(void)
{
	return t2g.ndev;
}
EXPORT_SYMBOL_GPL(t2groups_count);

struct vfio_device *t2groups_device(u32 idx)
{
	return idx < t2g.ndev ? &t2g.dev[idx]->vdev : NULL;
}
EXPORT_SYMBOL_GPL(t2groups_device);

/* GROUP_GET_DEVICE_FD names the platform's device (PLAT-3 device.N). */
static int t2g_match(struct vfio_device *vdev, char *buf)
{
	struct t2g_dev *d = container_of(vdev, struct t2g_dev, vdev);

	return !strcmp(buf, t2g.grp[d->idx].device);
}

/* CORE-11: device fds take no ioctl. */
static long t2g_dev_ioctl(struct vfio_device *vdev, unsigned int cmd, unsigned long arg)
{
	return -ENOTTY;
}

static const struct vfio_device_ops t2g_dev_ops = {
	.name = "t2groups",
	.release = vfio_free_device,
	.ioctl = t2g_dev_ioctl,
	.match = t2g_match,
};

static int t2g_probe(struct platform_device *pdev)
{
	struct t2g_dev *d;
	int ret;

	if (pdev->id < 0 || pdev->id >= T2G_MAX)
		return -EINVAL;
	d = vfio_alloc_device(t2g_dev, vdev, &pdev->dev, &t2g_dev_ops);
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

static int t2g_remove(struct platform_device *pdev)
{
	struct t2g_dev *d = platform_get_drvdata(pdev);

	/* waits for the device's fds to close */
	vfio_unregister_group_dev(&d->vdev);
	vfio_put_device(&d->vdev);
	return 0;
}

static struct platform_driver t2g_driver = {
	.driver = { .name = "t2groups" },
	.probe = t2g_probe,
	.remove = t2g_remove,
};

/* The IOMMU group the VFIO core gave the device: its /dev/vfio/N. */
static int t2g_group_id(struct device *dev)
{
	struct iommu_group *grp = iommu_group_get(dev);
	int id = grp ? iommu_group_id(grp) : -1;

	iommu_group_put(grp);
	return id;
}

static void t2g_devices_down(void)
{
	while (t2g.ndev) {
		t2g.ndev--;
		platform_device_unregister(t2g.pdev[t2g.ndev]);
	}
}

/* One device per group, in ascending group number (PLAT-8). */
static int t2g_devices_up(void)
{
	struct platform_device *pdev;
	int id;

	while (t2g.ndev < t2g.ngroups) {
		const struct t2g_group *g = &t2g.grp[t2g.ndev];
		struct property_entry props[] = {
			PROPERTY_ENTRY_U32_ARRAY_LEN("fsl,liodn", g->liodn, g->nliodns),
			{}
		};
		struct platform_device_info info = {
			.name = "t2groups",
			.id = t2g.ndev,
			.properties = g->nliodns ? props : NULL,
		};
		struct t2g_dev *d;

		pdev = platform_device_register_full(&info);
		if (IS_ERR(pdev))
			return PTR_ERR(pdev);
		d = platform_get_drvdata(pdev);
		if (!d) {
			platform_device_unregister(pdev);
			pr_err("t2groups: group %u: the VFIO device did not register\n", g->group);
			return -ENODEV;
		}
		t2g.pdev[t2g.ndev] = pdev;
		t2g.dev[t2g.ndev] = d;
		t2g.ndev++;
		id = t2g_group_id(&pdev->dev);
		if (id != (int)g->group) {
			pr_err("t2groups: group %u got /dev/vfio/%d; other IOMMU groups exist?\n",
			       g->group, id);
			return -EEXIST;
		}
	}
	return 0;
}

static int __init t2g_init(void)
{
	char err[160] = "";
	int ret;

	t2g.grp = kcalloc(T2G_MAX, sizeof(*t2g.grp), GFP_KERNEL);
	if (!t2g.grp)
		return -ENOMEM;
	ret = t2g_platform_groups(platform, t2g.grp, &t2g.ngroups, err, sizeof(err));
	if (ret) {
		pr_err("t2groups: platform='%s': %s\n", platform ? platform : "", err);
		goto out;
	}
	ret = platform_driver_register(&t2g_driver);
	if (ret)
		goto out;
	ret = t2g_devices_up();
	if (ret) {
		t2g_devices_down();
		platform_driver_unregister(&t2g_driver);
		goto out;
	}
	pr_info("t2groups: %u emulated devices in groups 0..%u\n", t2g.ndev, t2g.ndev - 1);
	return 0;
out:
	kfree(t2g.grp);
	t2g.grp = NULL;
	return ret;
}

static void __exit t2g_exit(void)
{
	t2g_devices_down();
	platform_driver_unregister(&t2g_driver);
	kfree(t2g.grp);
	t2g.grp = NULL;
}

module_init(t2g_init);
module_exit(t2g_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("t2harness: emulated VFIO devices in groups 0..N-1 for testing a type2 backend");
MODULE_SOFTDEP("pre: vfio");
