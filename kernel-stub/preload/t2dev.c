/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2dev.c - libt2dev.so, a device of our own for the host: LD_PRELOADed
 * into any program, it answers open/ioctl/close on the node files of T2_ROOT
 * ("vfio" and one file per group number) with the simulator core, one
 * instance per process, through real file descriptors; mmap/munmap of
 * anonymous writable memory tell the simulator which host memory is a user
 * buffer (pinning, MEM-1..7); hugepage mappings fall back to normal pages
 * where the host has none reserved.  The simulator's copies of ioctl
 * arguments fail with EFAULT on memory the process cannot read or write.  So the device backend (T2_BACKEND=dev) is
 * tested on any machine without a kernel (docs/devices.md).
 *
 * The device's own configuration, never the harness's:
 *   T2_ROOT           the node directory (required; created with its node
 *                     files if missing)
 *   T2DEV_PLATFORM    PLAT-2 string, default p4080
 *   T2DEV_PERSONALITY spec (default) or sdk2013; T2DEV_DEFECTS the exact set
 *   T2DEV_INTRO=0     no introspection: T2SIM_* are unknown ioctls (ERR-6)
 * A bad value is reported on stderr and the process exits 2 at load.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "t2/abi.h"
#include "t2/sim.h"
#include "t2sim.h"
#include "core/t2core.h"

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif

#define FDMAX 65536             /* host fds answered by the device: below this */
#define NOT_OPEN 0x3fffffff     /* a simulator handle that is never open */
#define UNKNOWN_CMD 0x7fee      /* an ioctl number no one defines (ERR-6) */

static struct {
	int active;
	char root[256];
	size_t rootlen;
	struct t2sim *sim;
	int intro;
	uint64_t huge[T2SIM_MAX_HUGE];  /* the platform's hugepage sizes */
	int (*open)(const char *, int, ...);
	int (*openat)(int, const char *, int, ...);
	int (*close)(int);
	int (*ioctl)(int, unsigned long, ...);
	void *(*mmap)(void *, size_t, int, int, int, off_t);
	int (*munmap)(void *, size_t);
} dev;

/* host fd -> simulator handle + 1; 0: not the device's */
static int handle_of[FDMAX];

static void die(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "libt2dev: ");
	fprintf(stderr, fmt, a, b);
	fprintf(stderr, "\n");
	_exit(2);
}

static int get_handle(int fd)
{
	if (fd < 0 || fd >= FDMAX)
		return -1;
	return __atomic_load_n(&handle_of[fd], __ATOMIC_ACQUIRE) - 1;
}

static void set_handle(int fd, int h)
{
	if (fd >= 0 && fd < FDMAX)
		__atomic_store_n(&handle_of[fd], h + 1, __ATOMIC_RELEASE);
}

/* The node files: "vfio" and one per group of the platform. */
static void make_nodes(void)
{
	struct t2sim_platform p;
	char path[300];
	uint32_t i;
	int fd;

	memset(&p, 0, sizeof(p));
	p.argsz = sizeof(p);
	fd = t2sim_open(dev.sim, "/dev/vfio/vfio");
	if (fd >= 0) {
		t2sim_platform(dev.sim, fd, &p);
		t2sim_close(dev.sim, fd);
	}
	memcpy(dev.huge, p.hugepage_sizes, sizeof(dev.huge));
	mkdir(dev.root, 0777);
	for (i = 0; i <= p.ngroups && i <= T2SIM_MAX_GROUPS; i++) {
		if (i < p.ngroups)
			snprintf(path, sizeof(path), "%s/%u", dev.root, p.groups[i].group);
		else
			snprintf(path, sizeof(path), "%s/vfio", dev.root);
		fd = dev.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
		if (fd < 0)
			die("cannot create node '%s': %s", path, strerror(errno));
		dev.close(fd);
	}
}

__attribute__((constructor)) static void t2dev_init(void)
{
	const char *root = getenv("T2_ROOT"), *plat = getenv("T2DEV_PLATFORM");
	const char *pers = getenv("T2DEV_PERSONALITY"), *defects = getenv("T2DEV_DEFECTS");
	const char *intro = getenv("T2DEV_INTRO");
	char err[200] = "";
	u64 sw = 0;

	dev.open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	dev.openat = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
	dev.close = (int (*)(int))dlsym(RTLD_NEXT, "close");
	dev.ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	dev.mmap = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
	dev.munmap = (int (*)(void *, size_t))dlsym(RTLD_NEXT, "munmap");
	if (!dev.open || !dev.openat || !dev.close || !dev.ioctl || !dev.mmap || !dev.munmap)
		die("cannot find libc's %s%s", "open/close/ioctl/mmap", "");
	if (!root || !*root)
		return;         /* not configured: every call goes to libc */
	if (strlen(root) >= sizeof(dev.root))
		die("T2_ROOT: path too long: '%s'%s", root, "");
	snprintf(dev.root, sizeof(dev.root), "%s", root);
	dev.rootlen = strlen(dev.root);
	while (dev.rootlen > 1 && dev.root[dev.rootlen - 1] == '/')
		dev.root[--dev.rootlen] = '\0';
	if (defects) {
		if (t2_switches_parse(defects, &sw, err, sizeof(err)))
			die("T2DEV_DEFECTS: %s%s", err, "");
	} else if (pers && t2_personality_parse(pers, &sw)) {
		die("T2DEV_PERSONALITY: unknown personality '%s'%s (spec, sdk2013 or designs2013)", pers, "");
	}
	if (intro && strcmp(intro, "0") && strcmp(intro, "1"))
		die("T2DEV_INTRO: '%s' is not 0 or 1%s", intro, "");
	dev.intro = !intro || strcmp(intro, "0");
	if (t2sim_create(&dev.sim, plat && *plat ? plat : NULL, sw, err, sizeof(err)))
		die("T2DEV_PLATFORM: %s%s", err, "");
	t2sim_set_checked_copies(dev.sim, 1);
	make_nodes();
	dev.active = 1;
}

__attribute__((destructor)) static void t2dev_fini(void)
{
	/* not destroyed: other destructors may still close device fds */
}

/* "/dev/vfio/LEAF" for a path ROOT/LEAF naming a node, else NULL. */
static const char *node_of(const char *path, char *buf, size_t len)
{
	const char *leaf;

	if (!dev.active || strncmp(path, dev.root, dev.rootlen) ||
	    path[dev.rootlen] != '/')
		return NULL;
	leaf = path + dev.rootlen + 1;
	if (!*leaf || strchr(leaf, '/'))
		return NULL;
	snprintf(buf, len, "/dev/vfio/%s", leaf);
	return buf;
}

/* Opens a node on both sides: the host file for a real fd, the simulator's. */
static int node_open(const char *path, const char *node, int flags, mode_t mode)
{
	int h = t2sim_open(dev.sim, node), fd;

	if (h < 0) {
		errno = -h;
		return -1;
	}
	fd = dev.open(path, flags & ~(O_CREAT | O_TRUNC | O_EXCL), mode);
	if (fd < 0 || fd >= FDMAX) {
		int e = fd < 0 ? errno : EMFILE;

		if (fd >= 0)
			dev.close(fd);
		t2sim_close(dev.sim, h);
		errno = e;
		return -1;
	}
	set_handle(fd, h);
	return fd;
}

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	char buf[300];
	const char *node = node_of(path, buf, sizeof(buf));
	mode_t mode;
	va_list ap;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return node ? node_open(path, node, flags, mode) : dev.open(path, flags, mode);
}

int open64(const char *path, int flags, ...) __attribute__((alias("open")));

int openat(int dirfd, const char *path, int flags, ...)
{
	char buf[300];
	const char *node = path[0] == '/' ? node_of(path, buf, sizeof(buf)) : NULL;
	mode_t mode;
	va_list ap;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return node ? node_open(path, node, flags, mode) : dev.openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...) __attribute__((alias("openat")));

int close(int fd)
{
	int h = get_handle(fd);

	if (h >= 0) {
		set_handle(fd, -1);
		t2sim_close(dev.sim, h);
	}
	return dev.close(fd);
}

/* GROUP_SET_CONTAINER's __s32: a host fd becomes the simulator's handle. */
static long set_container(int h, unsigned long arg)
{
	int32_t host, sim;

	if (arg < 4096)
		return t2sim_ioctl(dev.sim, h, VFIO_GROUP_SET_CONTAINER, arg);
	memcpy(&host, (const void *)arg, sizeof(host));
	sim = get_handle(host);
	if (sim < 0)
		sim = host < 0 ? host : NOT_OPEN;
	return t2sim_ioctl(dev.sim, h, VFIO_GROUP_SET_CONTAINER, (unsigned long)&sim);
}

int ioctl(int fd, unsigned long cmd, ...)
{
	int h = get_handle(fd), nfd;
	unsigned long arg;
	va_list ap;
	long r;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	if (h < 0)
		return dev.ioctl(fd, cmd, arg);
	cmd &= 0xffffffffu;     /* the kernel's ioctl takes an unsigned int */
	if (cmd == VFIO_GROUP_SET_CONTAINER)
		r = set_container(h, arg);
	else
		r = t2sim_ioctl(dev.sim, h, !dev.intro && t2sim_is_intro_cmd(cmd) ? UNKNOWN_CMD : cmd,
				arg);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	if (cmd != VFIO_GROUP_GET_DEVICE_FD)
		return (int)r;
	/* a device fd: a real descriptor for the simulator's handle */
	nfd = dev.open("/dev/null", O_RDWR | O_CLOEXEC);
	if (nfd < 0 || nfd >= FDMAX) {
		int e = nfd < 0 ? errno : EMFILE;

		if (nfd >= 0)
			dev.close(nfd);
		t2sim_close(dev.sim, (int)r);
		errno = e;
		return -1;
	}
	set_handle(nfd, (int)r);
	return nfd;
}

/* The page size of an anonymous mapping: 4096, or its hugepage size. */
static uint64_t map_page_size(int flags)
{
	unsigned int shift;

	if (!(flags & MAP_HUGETLB))
		return 4096;
	shift = (unsigned int)flags >> MAP_HUGE_SHIFT & 0x3f;
	return shift ? 1ull << shift : 2ull << 20;
}

static int platform_huge(uint64_t size)
{
	unsigned int i;

	for (i = 0; i < T2SIM_MAX_HUGE; i++)
		if (dev.huge[i] && dev.huge[i] == size)
			return 1;
	return 0;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = dev.mmap(addr, len, prot, flags, fd, off);

	/* a host without reserved hugepages: normal pages stand in for them,
	 * the simulator still sees hugepages (docs/devices.md) */
	if (p == MAP_FAILED && dev.active && (flags & MAP_HUGETLB) && (flags & MAP_ANONYMOUS) &&
	    platform_huge(map_page_size(flags)))
		p = dev.mmap(addr, len, prot, flags & ~(MAP_HUGETLB | 0x3f << MAP_HUGE_SHIFT),
			     fd, off);

	if (p == MAP_FAILED || !dev.active)
		return p;
	/* what the process can pin: anonymous writable memory; what is no
	 * longer a buffer: anything mapped over one */
	if ((flags & MAP_ANONYMOUS) && (prot & PROT_WRITE))
		t2sim_mem_adopt(dev.sim, (uint64_t)(uintptr_t)p, len, map_page_size(flags));
	else
		t2sim_mem_forget(dev.sim, (uint64_t)(uintptr_t)p, len);
	return p;
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
	__attribute__((alias("mmap")));

int munmap(void *addr, size_t len)
{
	if (dev.active)
		t2sim_mem_forget(dev.sim, (uint64_t)(uintptr_t)addr, len);
	return dev.munmap(addr, len);
}
