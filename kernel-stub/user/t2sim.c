/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * t2sim.c - the in-process simulator's C API (t2sim.h, spec INTRO-4): one
 * core instance, its os_env, the handle table and the node paths
 * "/dev/vfio/vfio" and "/dev/vfio/N".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "t2sim.h"
#include "shim.h"
#include "core/t2core.h"

struct t2sim {
	struct os_env env;
	struct t2_sim *core;
};

int t2sim_create(struct t2sim **out, const char *platform, uint64_t switches,
		 char *err, size_t errlen)
{
	struct t2sim_platform plat;
	struct t2sim *sim;
	int r;

	if (err && errlen)
		err[0] = '\0';
	r = t2_platform_parse(platform, &plat, err, errlen);
	if (r)
		return r;
	if (switches & ~((uint64_t)T2_SW_ALL | T2_SW_DESIGNS)) {
		if (err)
			snprintf(err, errlen, "switches: unknown bits 0x%llx",
				 (unsigned long long)(switches &
							     ~((uint64_t)T2_SW_ALL | T2_SW_DESIGNS)));
		return -EINVAL;
	}
	sim = calloc(1, sizeof(*sim));
	if (!sim)
		return -ENOMEM;
	sim->env.memlock = plat.memlock;
	sim->env.cap_ipc_lock = plat.cap_ipc_lock != 0;
	sim->env.verbose = getenv("T2SIM_VERBOSE") != NULL;
	r = umem_create(&sim->env.mem, &plat);
	if (!r)
		r = t2_sim_create(&sim->core, &plat, switches, &sim->env);
	if (r) {
		if (err)
			snprintf(err, errlen, "t2sim: cannot create the instance (%s)",
				 strerror(-r));
		umem_destroy(sim->env.mem);
		free(sim);
		return r;
	}
	*out = sim;
	return 0;
}

/* Close every open handle through the ordinary close path, in fd order. */
static void close_all(struct t2sim *sim)
{
	int fd;

	for (fd = 0; fd < sim->env.nhandles; fd++) {
		struct t2_file *f;

		/* most slots are free: skip them without the table lock */
		if (fd < SHIM_LOW_FDS && !__atomic_load_n(&sim->env.low[fd], __ATOMIC_ACQUIRE))
			continue;
		f = shim_handle_take(&sim->env, fd);
		if (f)
			t2_close(sim->core, f);
	}
	/* MSI fds closed while mapped: drop the mappings, then close them */
	for (;;) {
		void *file = umem_msi_drop_closed(sim->env.mem);

		if (!file)
			break;
		t2_close(sim->core, file);
	}
}

void t2sim_destroy(struct t2sim *sim)
{
	if (!sim)
		return;
	close_all(sim);
	t2_sim_destroy(sim->core);
	umem_destroy(sim->env.mem);
	free(sim->env.handles);
	free(sim);
}

/*
 * Close, then reset the core, then the memory (the core's reset drops the
 * SDK-B7 orphan pins, which still point into it), then the shim's own state.
 * The table keeps its room: every slot is free again, so numbers restart at 0.
 */
int t2sim_reset(struct t2sim *sim)
{
	int r;

	close_all(sim);
	r = t2_sim_reset(sim->core);
	if (r)
		return r;
	umem_reset(sim->env.mem);
	__atomic_store_n(&sim->env.locked, 0, __ATOMIC_SEQ_CST);
	return 0;
}

/* "/dev/vfio/N": N decimal, no sign, no leading zero (except "0"). */
static int parse_group(const char *s, uint32_t *num)
{
	uint64_t v = 0;
	size_t i, n = strlen(s);

	if (!n || n > 9 || (n > 1 && s[0] == '0'))
		return -ENOENT;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -ENOENT;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*num = (uint32_t)v;
	return 0;
}

int t2sim_open(struct t2sim *sim, const char *path)
{
	static const char root[] = "/dev/vfio/";
	struct t2_file *f;
	uint32_t num;
	int r, fd;

	if (!path || strncmp(path, root, sizeof(root) - 1))
		return -ENOENT;
	path += sizeof(root) - 1;
	if (!strcmp(path, "vfio")) {
		r = t2_open_container(sim->core, &f);
	} else {
		r = parse_group(path, &num);
		if (!r)
			r = t2_open_group(sim->core, num, &f);
	}
	if (r)
		return r;
	fd = shim_handle_install(&sim->env, f);
	if (fd < 0)
		t2_close(sim->core, f);
	return fd;
}

int t2sim_close(struct t2sim *sim, int fd)
{
	struct t2_file *f = shim_handle_take(&sim->env, fd);

	if (!f)
		return -EBADF;
	/* a mapped MSI fd lives on until its last munmap (MSIC-13) */
	if (t2_file_kind(f) != T2_FILE_MSI || !umem_msi_close(sim->env.mem, f))
		t2_close(sim->core, f);
	return 0;
}

int t2sim_mmap(struct t2sim *sim, int fd, uint64_t len, int prot, int flags,
	       uint64_t offset, uint64_t *vaddr)
{
	struct t2_file *f = shim_handle_get(&sim->env, fd);
	uint32_t bank;
	int r;

	if (!f)
		return -EBADF;
	r = t2_msi_mmap(sim->core, f, offset, len, (uint32_t)prot, (uint32_t)flags, &bank);
	if (r)
		return r;
	return umem_msi_map(sim->env.mem, f, bank, (uint32_t)prot, vaddr);
}

long t2sim_ioctl(struct t2sim *sim, int fd, unsigned long cmd, unsigned long arg)
{
	struct t2_file *f = shim_handle_get(&sim->env, fd);

	if (!f)
		return -EBADF;
	return t2_ioctl(sim->core, f, cmd, arg);
}

int t2sim_mem_alloc(struct t2sim *sim, uint64_t size, uint64_t page_size,
		    uint64_t *vaddr)
{
	return umem_alloc(sim->env.mem, size, page_size, vaddr);
}

int t2sim_mem_free(struct t2sim *sim, uint64_t vaddr)
{
	void *file = NULL;

	if (umem_msi_unmap(sim->env.mem, vaddr, &file))
		return umem_free(sim->env.mem, vaddr);
	if (file)
		t2_close(sim->core, file); /* the last mapping of a closed MSI fd */
	return 0;
}

int t2sim_mem_adopt(struct t2sim *sim, uint64_t vaddr, uint64_t size, uint64_t page_size)
{
	return umem_adopt(sim->env.mem, vaddr, size, page_size);
}

void t2sim_mem_forget(struct t2sim *sim, uint64_t vaddr, uint64_t len)
{
	umem_forget(sim->env.mem, vaddr, len);
}

void t2sim_set_checked_copies(struct t2sim *sim, int on)
{
	sim->env.checked_copies = on != 0;
}

int t2sim_translate(struct t2sim *sim, int group_fd, struct t2sim_translate *t)
{
	return (int)t2sim_ioctl(sim, group_fd, T2SIM_TRANSLATE, (unsigned long)t);
}

int t2sim_counters(struct t2sim *sim, int container_fd, struct t2sim_counters *c)
{
	return (int)t2sim_ioctl(sim, container_fd, T2SIM_COUNTERS, (unsigned long)c);
}

int t2sim_fail_nth(struct t2sim *sim, int fd, struct t2sim_fail_nth *f)
{
	return (int)t2sim_ioctl(sim, fd, T2SIM_FAIL_NTH, (unsigned long)f);
}

int t2sim_platform(struct t2sim *sim, int fd, struct t2sim_platform *p)
{
	return (int)t2sim_ioctl(sim, fd, T2SIM_PLATFORM, (unsigned long)p);
}

int t2sim_resolve(struct t2sim *sim, int fd, struct t2sim_resolve *r)
{
	return (int)t2sim_ioctl(sim, fd, T2SIM_RESOLVE, (unsigned long)r);
}

void t2sim_set_log(struct t2sim *sim, void (*log)(void *ctx, const char *line),
		   void *ctx)
{
	sim->env.log = log;
	sim->env.logctx = ctx;
}
