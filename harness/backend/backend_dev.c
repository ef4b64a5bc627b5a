/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * backend_dev.c - the device backend (spec DEV-3): real file descriptors
 * under a root path (default /dev/vfio), ioctl(2), mmap(2) buffers, and the
 * introspection ioctls where the target answers them (INTRO-3).  The same
 * backend drives a real kernel and the project's module (/dev/t2sim).
 *
 * The target outlives the backend: the module's crash_points count per
 * module instance (INTRO-6) and its locked count is the process's VmLck
 * (ACCT-1), both carried over from earlier programs.  So the backend reads
 * them once, on its first container, and reports growth since then: each
 * program or test starts from 0, as it does on the stub.
 *
 * Behind the kernel's own VFIO core (t2vfio.ko, docs/vfio-core.md) a group
 * fd answers only the core's ioctls, so every introspection ioctl goes
 * through the module's side node instead (include/t2/vfio_intro.h):
 * with T2_INTRO_NODE=path, or T2_CORE=linux61 and /dev/t2vfio present.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "backend/announce.h"
#include "backend/backend_kinds.h"
#include "backend/core_variant.h"
#include "t2/vfio_intro.h"

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif

/* A descriptor this backend handed out, and the file it was then. */
struct dev_fd {
	int fd;
	dev_t dev;
	ino_t ino;
};

struct dev_priv {
	char root[256];
	int pagemap_fd; /* /proc/self/pagemap for resolve, or -1 */
	int intro_fd;   /* the t2vfio side node, or -1: introspection on the fd */
	/* open container, group and device fds, closed at destroy like the
	 * stub's handles: a kernel keeps its state until they are */
	struct dev_fd *fds;
	size_t nfds, capfds;
	/* counters at this backend's start (see the top comment) */
	int based;
	int64_t locked_base;
	uint64_t crash_base;
	/* buffers may populate lazily: the target resolves pages it has not
	 * seen resident (see dev_probe_lazy) */
	int lazy;
};

static struct dev_priv *dev_of(struct t2_backend *be)
{
	return be->priv;
}

static void dev_track(struct dev_priv *d, int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return;
	if (d->nfds == d->capfds) {
		size_t cap = d->capfds ? 2 * d->capfds : 16;
		struct dev_fd *n = realloc(d->fds, cap * sizeof(*n));

		if (!n)
			return; /* only the destroy-time cleanup is lost */
		d->fds = n;
		d->capfds = cap;
	}
	d->fds[d->nfds].fd = fd;
	d->fds[d->nfds].dev = st.st_dev;
	d->fds[d->nfds].ino = st.st_ino;
	d->nfds++;
}

static void dev_untrack(struct dev_priv *d, int fd)
{
	size_t i;

	for (i = 0; i < d->nfds; i++) {
		if (d->fds[i].fd == fd) {
			d->fds[i] = d->fds[--d->nfds];
			return;
		}
	}
}

static int dev_open_path(struct t2_backend *be, const char *leaf)
{
	char path[300];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dev_of(be)->root, leaf);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	dev_track(dev_of(be), fd);
	return fd;
}

static long dev_intro_ioctl(struct dev_priv *d, int fd, unsigned long cmd,
			    unsigned long arg);

static int dev_intro(struct dev_priv *d, int fd, unsigned long cmd, void *arg,
		     uint32_t argsz)
{
	*(uint32_t *)arg = argsz;
	return dev_intro_ioctl(d, fd, cmd, (unsigned long)(uintptr_t)arg) < 0 ? -errno : 0;
}

/* Nothing can change either count before the first container exists. */
/*
 * Does the target's T2SIM_RESOLVE (INTRO-10) answer for pages never touched?
 * A kernel's reports only resident pages (t2sim.ko), and the pagemap
 * fallback too: their buffers are populated at alloc, which the oracle's
 * MEM-7 predictions and the suite's translations need.  A target that
 * resolves every page of a mapping (the preload device) gets lazy buffers,
 * and a program's RSS is what it touches.
 */
static void dev_probe_lazy(struct dev_priv *d, int fd)
{
	struct t2sim_resolve r;
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	memset(&r, 0, sizeof(r));
	r.vaddr = (uint64_t)(uintptr_t)p;
	d->lazy = dev_intro(d, fd, T2SIM_RESOLVE, &r, sizeof(r)) == 0 &&
		  r.phys != T2SIM_NOT_BACKED;
	munmap(p, 4096);
}

static void dev_take_baseline(struct dev_priv *d, int fd)
{
	struct t2sim_counters c;

	d->based = 1;
	dev_probe_lazy(d, fd);
	memset(&c, 0, sizeof(c));
	if (dev_intro(d, fd, T2SIM_COUNTERS, &c, sizeof(c)))
		return; /* no introspection: nothing to rebase */
	d->locked_base = c.locked;
	d->crash_base = c.crash_points;
}

static int dev_open_container(struct t2_backend *be)
{
	int fd = dev_open_path(be, "vfio");

	if (fd >= 0 && !dev_of(be)->based)
		dev_take_baseline(dev_of(be), fd);
	return fd;
}

static int dev_open_group(struct t2_backend *be, unsigned int group)
{
	char leaf[16];

	snprintf(leaf, sizeof(leaf), "%u", group);
	return dev_open_path(be, leaf);
}

static int dev_close(struct t2_backend *be, int fd)
{
	dev_untrack(dev_of(be), fd);
	return close(fd) ? -errno : 0;
}

/* An introspection ioctl on fd, through the side node when there is one. */
static long dev_intro_ioctl(struct dev_priv *d, int fd, unsigned long cmd,
			    unsigned long arg)
{
	struct t2vfio_intro w;

	if (d->intro_fd < 0)
		return ioctl(fd, cmd, arg);
	memset(&w, 0, sizeof(w));
	w.argsz = sizeof(w);
	w.fd = fd;
	w.cmd = cmd;
	w.arg = arg;
	return ioctl(d->intro_fd, T2VFIO_INTRO, &w);
}

static long dev_ioctl(struct t2_backend *be, int fd, unsigned long cmd, unsigned long arg)
{
	long r;

	t2_announce(fd, cmd, arg);
	if (t2sim_is_intro_cmd(cmd))
		r = dev_intro_ioctl(dev_of(be), fd, cmd, arg);
	else
		r = ioctl(fd, cmd, arg);
	if (r < 0)
		return -errno;
	if (cmd == VFIO_GROUP_GET_DEVICE_FD)
		dev_track(dev_of(be), (int)r);
	return r;
}

static int log2u64(uint64_t v)
{
	int n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

static uint64_t pow2_at_least(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p < (1ull << 63))
		p <<= 1;
	return p;
}

/*
 * MEM-1 on real memory.  The virtual side of MEM-3 and MEM-4 is kept: a
 * hugepage buffer starts at a multiple of its size rounded up to a power of
 * two, and one PROT_NONE page (never backed, never pinnable) follows every
 * buffer.  Physical contiguity is the kernel's business (MEM-7).
 */
static int dev_buf_alloc(struct t2_backend *be, uint64_t size, uint64_t page_size,
			 uint64_t *vaddr)
{
	/* populated at once unless the target resolves untouched pages
	 * (dev_probe_lazy); what bounds the memory is the executor's
	 * per-program cap (T2_BUF_CAP) and its freeing at each program's end */
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED |
		    (dev_of(be)->lazy ? 0 : MAP_POPULATE);
	uint64_t align, span, start, end;
	void *res, *p;

	if (size == 0 || page_size < 4096 || (page_size & (page_size - 1)) ||
	    size % page_size)
		return -EINVAL;
	align = page_size > 4096 ? pow2_at_least(size) : 4096;
	if (align < page_size)
		align = page_size;
	if (size > UINT64_MAX / 4 || align > UINT64_MAX / 4)
		return -ENOMEM;
	span = size + align + 4096;
	if (page_size > 4096)
		flags |= MAP_HUGETLB | (log2u64(page_size) << MAP_HUGE_SHIFT);
	res = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED)
		return -errno;
	start = ((uint64_t)(uintptr_t)res + align - 1) & ~(align - 1);
	p = mmap((void *)(uintptr_t)start, size, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p == MAP_FAILED) {
		int e = errno;

		munmap(res, span);
		return -e;
	}
	/* keep [start, start + size) and the guard page after it */
	end = (uint64_t)(uintptr_t)res + span;
	if (start > (uint64_t)(uintptr_t)res)
		munmap(res, start - (uint64_t)(uintptr_t)res);
	if (start + size + 4096 < end)
		munmap((void *)(uintptr_t)(start + size + 4096), end - (start + size + 4096));
	*vaddr = start;
	return 0;
}

static int dev_buf_free(struct t2_backend *be, uint64_t vaddr, uint64_t size)
{
	(void)be;
	/* the buffer and its guard page */
	return munmap((void *)(uintptr_t)vaddr, size + 4096) ? -errno : 0;
}

/* MSIC-5 on a real fd: the page at a reserved address, its guard page kept
 * PROT_NONE so that buf_free's munmap of page + guard frees only ours. */
static int dev_mmap(struct t2_backend *be, int fd, uint64_t len, int prot, int flags,
		    uint64_t offset, uint64_t *vaddr)
{
	size_t span = len <= 4096 ? 8192 : (size_t)len + 4096;
	void *res, *p;

	(void)be;
	if (!len || len > (1ull << 40))
		return -EINVAL;
	res = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED)
		return -errno;
	p = mmap(res, (size_t)len, prot, flags | MAP_FIXED, fd, (off_t)offset);
	if (p == MAP_FAILED) {
		int e = errno;

		munmap(res, span);
		return -e;
	}
	*vaddr = (uint64_t)(uintptr_t)p;
	return 0;
}

static int dev_translate(struct t2_backend *be, int fd, struct t2sim_translate *t)
{
	return dev_intro(dev_of(be), fd, T2SIM_TRANSLATE, t, sizeof(*t));
}

static int dev_counters(struct t2_backend *be, int fd, struct t2sim_counters *c)
{
	struct dev_priv *d = dev_of(be);
	int ret = dev_intro(d, fd, T2SIM_COUNTERS, c, sizeof(*c));

	if (ret == 0) {
		c->locked -= d->locked_base;
		c->crash_points -= d->crash_base;
	}
	return ret;
}

static int dev_fail_nth(struct t2_backend *be, int fd, struct t2sim_fail_nth *f)
{
	return dev_intro(dev_of(be), fd, T2SIM_FAIL_NTH, f, sizeof(*f));
}

static int dev_platform(struct t2_backend *be, int fd, struct t2sim_platform *p)
{
	return dev_intro(dev_of(be), fd, T2SIM_PLATFORM, p, sizeof(*p));
}

/* INTRO-10 on a target without T2SIM_RESOLVE: /proc/self/pagemap (root only). */
static int dev_resolve(struct t2_backend *be, int fd, struct t2sim_resolve *r)
{
	struct dev_priv *d = dev_of(be);
	uint64_t entry;
	int ret;

	/* a page never touched has no frame yet: give it one, as a pin would
	 * (fails harmlessly where nothing writable is mapped); before asking
	 * the module too, whose resolver walks the page tables without faulting */
	madvise((void *)(uintptr_t)(r->vaddr & ~4095ull), 4096, MADV_POPULATE_WRITE);
	ret = dev_intro(dev_of(be), fd, T2SIM_RESOLVE, r, sizeof(*r));
	if (ret != -ENOTTY && ret != -EINVAL)
		return ret;
	if (d->pagemap_fd < 0)
		return -ENOTTY;
	if (pread(d->pagemap_fd, &entry, sizeof(entry), (off_t)(r->vaddr / 4096 * 8)) !=
	    (ssize_t)sizeof(entry))
		return -ENOTTY;
	if (!(entry & (1ull << 63)) || !(entry & ((1ull << 55) - 1))) {
		r->phys = T2SIM_NOT_BACKED;
		r->page_size = 0;
		return 0;
	}
	r->phys = (entry & ((1ull << 55) - 1)) * 4096 + r->vaddr % 4096;
	r->page_size = 4096;
	return 0;
}

/* Close what is still open, if each fd is still the file it was. */
static void dev_destroy(struct t2_backend *be)
{
	struct dev_priv *d = dev_of(be);
	struct stat st;

	while (d->nfds) {
		struct dev_fd *f = &d->fds[--d->nfds];

		if (!fstat(f->fd, &st) && st.st_dev == f->dev && st.st_ino == f->ino)
			close(f->fd);
	}
	free(d->fds);
	if (d->pagemap_fd >= 0)
		close(d->pagemap_fd);
	if (d->intro_fd >= 0)
		close(d->intro_fd);
	free(be->priv);
	free(be);
}

static const struct t2_backend_ops dev_ops = {
	.name = "dev",
	.device = 1,
	.open_container = dev_open_container,
	.open_group = dev_open_group,
	.close = dev_close,
	.ioctl = dev_ioctl,
	.buf_alloc = dev_buf_alloc,
	.buf_free = dev_buf_free,
	.mmap = dev_mmap,
	.translate = dev_translate,
	.counters = dev_counters,
	.fail_nth = dev_fail_nth,
	.platform = dev_platform,
	.resolve = dev_resolve,
	.destroy = dev_destroy,
	.reset = t2_be_no_reset,
};

/*
 * The side node: T2_INTRO_NODE names it (it must open); under a VFIO core
 * variant (T2_CORE) the module's default node is used when present.
 * The fd, -1 for none, or -EINVAL with a message.
 */
static int dev_open_intro(const struct t2_config *cfg, char *err, size_t errlen)
{
	const char *node = cfg->intro_node;
	int fd, v = cfg->core;

	if (node) {
		fd = open(node, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			snprintf(err, errlen, "T2_INTRO_NODE: cannot open '%s': %s", node,
				 strerror(errno));
		return fd < 0 ? -EINVAL : fd;
	}
	if (v != T2_CORE_LINUX61)
		return -1;
	fd = open(T2VFIO_NODE, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -1 : fd;
}

int t2_dev_backend_open(const struct t2_config *cfg, struct t2_backend **out,
			char *err, size_t errlen)
{
	const char *root = cfg->root && *cfg->root ? cfg->root : "/dev/vfio";
	struct t2_backend *be;
	struct dev_priv *d;
	char path[300];

	if (strlen(root) >= sizeof(d->root)) {
		snprintf(err, errlen, "T2_ROOT: path too long: '%s'", root);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/vfio", root);
	if (access(path, R_OK | W_OK)) {
		int e = errno;

		snprintf(err, errlen, "device backend: cannot use container node '%s': %s",
			 path, strerror(e));
		return -e;
	}
	if (t2_announce_init(cfg->announce, err, errlen))
		return -EINVAL;
	be = calloc(1, sizeof(*be));
	d = calloc(1, sizeof(*d));
	if (!be || !d) {
		free(be);
		free(d);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	snprintf(d->root, sizeof(d->root), "%s", root);
	d->pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	d->intro_fd = dev_open_intro(cfg, err, errlen);
	if (d->intro_fd == -EINVAL) {
		if (d->pagemap_fd >= 0)
			close(d->pagemap_fd);
		free(be);
		free(d);
		return -EINVAL;
	}
	be->ops = &dev_ops;
	be->priv = d;
	*out = be;
	return 0;
}
