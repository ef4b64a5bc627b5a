/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_backend.c - the oracle as a backend (kind "oracle"): the ops table of
 * backend.h over one oracle.  A mutex makes each op atomic (CONC-2), so the
 * conformance suite's threaded tests can drive it; the oracle itself stays
 * lock-free for the fuzzers, which use it from one thread.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "oracle/oracle.h"

struct ob {
	struct t2_oracle *o;
	pthread_mutex_t lock;
};

static struct ob *ob(struct t2_backend *be)
{
	return be->priv;
}

static struct t2_oracle *lock(struct t2_backend *be)
{
	pthread_mutex_lock(&ob(be)->lock);
	return ob(be)->o;
}

static void unlock(struct t2_backend *be)
{
	pthread_mutex_unlock(&ob(be)->lock);
}

static int ob_open_container(struct t2_backend *be)
{
	int r;
	struct t2_oracle *o = lock(be);

	r = t2_oracle_open_container(o);
	unlock(be);
	return r;
}

static int ob_open_group(struct t2_backend *be, unsigned int group)
{
	int r;
	struct t2_oracle *o = lock(be);

	r = t2_oracle_open_group(o, group);
	unlock(be);
	return r;
}

static int ob_close(struct t2_backend *be, int fd)
{
	int r;
	struct t2_oracle *o = lock(be);

	r = t2_oracle_close(o, fd);
	unlock(be);
	return r;
}

static long ob_ioctl(struct t2_backend *be, int fd, unsigned long cmd, unsigned long arg)
{
	long r;
	struct t2_oracle *o = lock(be);

	r = t2_oracle_ioctl(o, fd, cmd, arg);
	unlock(be);
	return r;
}

static int ob_buf_alloc(struct t2_backend *be, uint64_t size, uint64_t page_size,
			uint64_t *vaddr)
{
	int r;
	struct t2_oracle *o = lock(be);

	r = t2_oracle_buf_alloc(o, size, page_size, vaddr);
	unlock(be);
	return r;
}

static int ob_buf_free(struct t2_backend *be, uint64_t vaddr, uint64_t size)
{
	int r;
	struct t2_oracle *o = lock(be);

	(void)size;	/* the base names the buffer (MEM-5) */
	r = t2_oracle_buf_free(o, vaddr);
	unlock(be);
	return r;
}

static int ob_mmap(struct t2_backend *be, int fd, uint64_t len, int prot, int flags,
		   uint64_t offset, uint64_t *vaddr)
{
	int r;
	struct t2_oracle *o = lock(be);

	*vaddr = 0;
	r = t2_oracle_mmap(o, fd, len, prot, flags, offset, vaddr);
	unlock(be);
	return r;
}

/* The introspection ops take the struct exactly as the ioctl does. */
static int ob_translate(struct t2_backend *be, int fd, struct t2sim_translate *t)
{
	return (int)ob_ioctl(be, fd, T2SIM_TRANSLATE, (unsigned long)t);
}

static int ob_counters(struct t2_backend *be, int fd, struct t2sim_counters *c)
{
	return (int)ob_ioctl(be, fd, T2SIM_COUNTERS, (unsigned long)c);
}

static int ob_fail_nth(struct t2_backend *be, int fd, struct t2sim_fail_nth *f)
{
	return (int)ob_ioctl(be, fd, T2SIM_FAIL_NTH, (unsigned long)f);
}

static int ob_platform(struct t2_backend *be, int fd, struct t2sim_platform *p)
{
	return (int)ob_ioctl(be, fd, T2SIM_PLATFORM, (unsigned long)p);
}

static int ob_resolve(struct t2_backend *be, int fd, struct t2sim_resolve *r)
{
	return (int)ob_ioctl(be, fd, T2SIM_RESOLVE, (unsigned long)r);
}

static void ob_destroy(struct t2_backend *be)
{
	struct ob *b = ob(be);

	t2_oracle_free(b->o);
	pthread_mutex_destroy(&b->lock);
	free(b);
	free(be);
}

static const struct t2_backend_ops oracle_ops = {
	.name = "oracle",
	.open_container = ob_open_container,
	.open_group = ob_open_group,
	.close = ob_close,
	.ioctl = ob_ioctl,
	.buf_alloc = ob_buf_alloc,
	.buf_free = ob_buf_free,
	.mmap = ob_mmap,
	.translate = ob_translate,
	.counters = ob_counters,
	.fail_nth = ob_fail_nth,
	.platform = ob_platform,
	.resolve = ob_resolve,
	.destroy = ob_destroy,
	.reset = t2_be_no_reset,
};

int t2_oracle_backend_wrap(struct t2_oracle *o, struct t2_backend **out)
{
	struct t2_backend *be = calloc(1, sizeof(*be));
	struct ob *b = calloc(1, sizeof(*b));

	if (!be || !b) {
		free(be);
		free(b);
		return -ENOMEM;
	}
	b->o = o;
	pthread_mutex_init(&b->lock, NULL);
	be->ops = &oracle_ops;
	be->priv = b;
	*out = be;
	return 0;
}

int t2_oracle_backend_open(const char *platform, struct t2_backend **out, char *err,
			   size_t errlen)
{
	struct t2_oracle *o;
	int r = t2_oracle_new(platform, &o, err, errlen);

	if (r)
		return r;
	r = t2_oracle_backend_wrap(o, out);
	if (r) {
		t2_oracle_free(o);
		if (err && errlen)
			snprintf(err, errlen, "oracle: out of memory");
	}
	return r;
}

int t2_oracle_kind_open(const struct t2_config *cfg, struct t2_backend **out,
			char *err, size_t errlen)
{
	int r = t2_oracle_backend_open(cfg ? cfg->platform : NULL, out, err, errlen);

	if (!r && cfg)
		t2_oracle_set_core(t2_oracle_of_backend(*out), cfg->core);
	return r;
}

struct t2_oracle *t2_oracle_of_backend(struct t2_backend *be)
{
	return be && be->ops == &oracle_ops ? ob(be)->o : NULL;
}
