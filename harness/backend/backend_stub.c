/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * backend_stub.c - the in-process backend: the simulator core linked into the
 * harness, driven through its C API (kernel-stub/user/t2sim.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "backend/announce.h"
#include "backend/backend_kinds.h"
#include "t2sim.h"

static struct t2sim *sim_of(struct t2_backend *be)
{
	return be->priv;
}

static int stub_open_container(struct t2_backend *be)
{
	return t2sim_open(sim_of(be), "/dev/vfio/vfio");
}

static int stub_open_group(struct t2_backend *be, unsigned int group)
{
	/* "/dev/vfio/N" by hand: snprintf cost more than the open (fuzzing) */
	char path[32] = "/dev/vfio/", digits[12];
	size_t n = 0, at = 10;

	do
		digits[n++] = (char)('0' + group % 10);
	while ((group /= 10) != 0);
	while (n)
		path[at++] = digits[--n];
	path[at] = '\0';
	return t2sim_open(sim_of(be), path);
}

static int stub_close(struct t2_backend *be, int fd)
{
	return t2sim_close(sim_of(be), fd);
}

static long stub_ioctl(struct t2_backend *be, int fd, unsigned long cmd, unsigned long arg)
{
	t2_announce(fd, cmd, arg);
	return t2sim_ioctl(sim_of(be), fd, cmd, arg);
}

static int stub_buf_alloc(struct t2_backend *be, uint64_t size, uint64_t page_size,
			  uint64_t *vaddr)
{
	return t2sim_mem_alloc(sim_of(be), size, page_size, vaddr);
}

static int stub_buf_free(struct t2_backend *be, uint64_t vaddr, uint64_t size)
{
	(void)size;
	return t2sim_mem_free(sim_of(be), vaddr);
}

static int stub_mmap(struct t2_backend *be, int fd, uint64_t len, int prot, int flags,
		     uint64_t offset, uint64_t *vaddr)
{
	return t2sim_mmap(sim_of(be), fd, len, prot, flags, offset, vaddr);
}

static int stub_translate(struct t2_backend *be, int fd, struct t2sim_translate *t)
{
	t->argsz = sizeof(*t);
	return t2sim_translate(sim_of(be), fd, t);
}

static int stub_counters(struct t2_backend *be, int fd, struct t2sim_counters *c)
{
	c->argsz = sizeof(*c);
	return t2sim_counters(sim_of(be), fd, c);
}

static int stub_fail_nth(struct t2_backend *be, int fd, struct t2sim_fail_nth *f)
{
	f->argsz = sizeof(*f);
	return t2sim_fail_nth(sim_of(be), fd, f);
}

static int stub_platform(struct t2_backend *be, int fd, struct t2sim_platform *p)
{
	p->argsz = sizeof(*p);
	return t2sim_platform(sim_of(be), fd, p);
}

static int stub_resolve(struct t2_backend *be, int fd, struct t2sim_resolve *r)
{
	r->argsz = sizeof(*r);
	return t2sim_resolve(sim_of(be), fd, r);
}

static void stub_destroy(struct t2_backend *be)
{
	t2sim_destroy(sim_of(be));
	free(be);
}

static int stub_reset(struct t2_backend *be)
{
	return t2sim_reset(sim_of(be));
}

/* The deterministic scheduler (kernel-stub/user/sched.c). */
static int stub_run_threads(struct t2_backend *be, struct t2sim_sched *sc, unsigned int n,
			    void (*const body[])(void *), void *const arg[])
{
	(void)be;
	return t2sim_sched_run(sc, n, body, arg);
}

static const struct t2_backend_ops stub_ops = {
	.name = "stub",
	.open_container = stub_open_container,
	.open_group = stub_open_group,
	.close = stub_close,
	.ioctl = stub_ioctl,
	.buf_alloc = stub_buf_alloc,
	.buf_free = stub_buf_free,
	.mmap = stub_mmap,
	.translate = stub_translate,
	.counters = stub_counters,
	.fail_nth = stub_fail_nth,
	.platform = stub_platform,
	.resolve = stub_resolve,
	.destroy = stub_destroy,
	.reset = stub_reset,
	.run_threads = stub_run_threads,
};

int t2_stub_backend_open(const struct t2_config *cfg, struct t2_backend **out,
			 char *err, size_t errlen)
{
	struct t2_backend *be;
	struct t2sim *sim;
	int r;

	if (t2_announce_init(cfg->announce, err, errlen))
		return -EINVAL;
	be = calloc(1, sizeof(*be));
	if (!be) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	r = t2sim_create(&sim, cfg->platform, cfg->switches, err, errlen);
	if (r) {
		free(be);
		return r;
	}
	be->ops = &stub_ops;
	be->priv = sim;
	*out = be;
	return 0;
}
