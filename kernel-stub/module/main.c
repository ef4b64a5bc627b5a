// SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
/* Copyright (c) 2026 The t2harness authors */
/*
 * main.c - the simulator as a Linux module (spec DEV-2, DEV-4): one instance
 * of the core, its container node /dev/t2sim/vfio and one node /dev/t2sim/N
 * per platform group, file operations that hand every open, ioctl and close
 * to the core.
 *
 *   insmod t2sim.ko [platform=p4080,...] [personality=spec|sdk2013] [defects=B6,L1]
 *
 * A bad parameter makes the load fail with EINVAL and logs the reason.
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/version.h>
#include "t2mod.h"
#include "params.h"

/* One node: the container (group < 0) or a group. */
struct t2m_node {
	struct miscdevice misc;
	int group;
	char name[24];
	char nodename[24];
};

/* The module's one simulator instance and its nodes. */
struct t2m {
	struct t2_sim *sim;
	struct os_env *env;
	u32 nnodes;
	struct t2m_node node[1 + T2SIM_MAX_GROUPS];
};

static struct t2m *t2m;

static const struct file_operations t2m_node_fops;

struct t2_file *t2m_core_file(struct file *file)
{
	if (file->f_op != &t2m_node_fops && file->f_op != &t2m_device_fops)
		return NULL;
	return file->private_data;
}

static int t2m_open(struct inode *inode, struct file *file)
{
	/* misc_open leaves the miscdevice in private_data */
	struct t2m_node *node = container_of(file->private_data, struct t2m_node, misc);
	struct t2_file *f;
	int ret;

	if (node->group < 0)
		ret = t2_open_container(t2m->sim, &f);
	else
		ret = t2_open_group(t2m->sim, node->group, &f);
	if (ret)
		return ret;
	file->private_data = f;
	return stream_open(inode, file);
}

static int t2m_release(struct inode *inode, struct file *file)
{
	t2_close(t2m->sim, file->private_data);
	return 0;
}

static long t2m_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return t2_ioctl(t2m->sim, file->private_data, cmd, arg);
}

static const struct file_operations t2m_node_fops = {
	.owner = THIS_MODULE,
	.open = t2m_open,
	.release = t2m_release,
	.unlocked_ioctl = t2m_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

const struct file_operations t2m_device_fops = {
	.owner = THIS_MODULE,
	.release = t2m_release,
	.unlocked_ioctl = t2m_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

/* MSIC-6: the CPU never reaches a doorbell through the mapping. */
static vm_fault_t t2m_msi_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGBUS;
}

const struct vm_operations_struct t2m_msi_vm_ops = {
	.fault = t2m_msi_fault,
};

/*
 * MSIC-5: the core checks flags, length, bank and protection; the vma then
 * stands for the bank, with no page ever inserted.  VM_IO | VM_PFNMAP keep
 * pin_user_pages away from it (a RAM MAP_DMA over it is unbacked, MSIC-9);
 * the protection cannot be raised later by mprotect.
 */
static int t2m_msi_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long fl = vma->vm_flags;
	u32 prot = ((fl & VM_READ) ? T2_PROT_READ : 0) | ((fl & VM_WRITE) ? T2_PROT_WRITE : 0) |
		   ((fl & VM_EXEC) ? T2_PROT_EXEC : 0);
	u32 bank;
	int ret;

	ret = t2_msi_mmap(t2m->sim, file->private_data, (u64)vma->vm_pgoff << PAGE_SHIFT,
			  vma->vm_end - vma->vm_start, prot,
			  (fl & VM_SHARED) ? T2_MMAP_SHARED : 0, &bank);
	if (ret)
		return ret;
	fl |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP | VM_DONTCOPY;
	fl &= ~VM_MAYEXEC;
	if (!(fl & VM_WRITE))
		fl &= ~VM_MAYWRITE;
	if (!(fl & VM_READ))
		fl &= ~VM_MAYREAD;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_reset(vma, fl);
#else
	vma->vm_flags = fl;
#endif
	vma->vm_ops = &t2m_msi_vm_ops;
	return 0;
}

const struct file_operations t2m_msi_fops = {
	.owner = THIS_MODULE,
	.release = t2m_release,
	.unlocked_ioctl = t2m_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = t2m_msi_mmap,
	.llseek = no_llseek,
};

static void t2m_destroy(struct t2m *m)
{
	while (m->nnodes)
		misc_deregister(&m->node[--m->nnodes].misc);
	if (m->sim)
		t2_sim_destroy(m->sim);
	if (m->env)
		t2m_env_free(m->env);
	kfree(m);
}

static int t2m_add_node(struct t2m *m, int group)
{
	struct t2m_node *node = &m->node[m->nnodes];
	int ret;

	node->group = group;
	if (group < 0) {
		snprintf(node->name, sizeof(node->name), "t2sim-vfio");
		snprintf(node->nodename, sizeof(node->nodename), "t2sim/vfio");
	} else {
		snprintf(node->name, sizeof(node->name), "t2sim-%d", group);
		snprintf(node->nodename, sizeof(node->nodename), "t2sim/%d", group);
	}
	node->misc.minor = MISC_DYNAMIC_MINOR;
	node->misc.name = node->name;
	node->misc.nodename = node->nodename;
	node->misc.fops = &t2m_node_fops;
	node->misc.mode = 0666;
	ret = misc_register(&node->misc);
	if (ret) {
		pr_err("t2sim: cannot register /dev/%s: %d\n", node->nodename, ret);
		return ret;
	}
	m->nnodes++;
	return 0;
}

static int __init t2m_init(void)
{
	struct t2sim_platform *plat;
	struct t2m *m;
	u64 mask = 0;
	u32 i;
	int ret;

	plat = kzalloc(sizeof(*plat), GFP_KERNEL);
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!plat || !m) {
		ret = -ENOMEM;
		goto out;
	}
	ret = t2m_load_params("t2sim", platform, personality, defects, plat, &mask);
	if (ret)
		goto out;
	m->env = t2m_env_new();
	if (!m->env) {
		ret = -ENOMEM;
		goto out;
	}
	ret = t2_sim_create(&m->sim, plat, mask, m->env);
	if (ret) {
		pr_err("t2sim: cannot create the simulator: %d\n", ret);
		goto out;
	}
	/* The core answers opens as soon as a node exists. */
	t2m = m;
	ret = t2m_add_node(m, -1);
	for (i = 0; !ret && i < plat->ngroups; i++)
		ret = t2m_add_node(m, plat->groups[i].group);
	if (ret)
		goto out;
	pr_info("t2sim: loaded: %u group nodes, switches 0x%llx\n", plat->ngroups,
		(unsigned long long)mask);
	kfree(plat);
	return 0;
out:
	if (m)
		t2m_destroy(m);
	t2m = NULL;
	kfree(plat);
	return ret;
}

static void __exit t2m_exit(void)
{
	/* Every file holds a module reference, so none is open now. */
	t2m_destroy(t2m);
	t2m = NULL;
}

module_init(t2m_init);
module_exit(t2m_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("t2harness: the PAMU type2 VFIO IOMMU simulator behind /dev/t2sim");
