/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * announce.c - T2_ANNOUNCE=FILE: the device backend writes each ioctl it is
 * about to issue to FILE, one line, before issuing it.  In the kernel guests
 * FILE is /dev/kmsg: a write there is in the kernel log before the ioctl
 * runs, so when the driver under test oopses the crash report can name the
 * ioctl the harness was in (ci/kernel-crash.sh; the line is at info level,
 * kept off a loglevel=5 console and replayed there by panic_print).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include "backend/announce.h"
#include "t2/abi.h"
#include "t2/sim.h"

/* One per process, opened by the first backend: -1 none, -2 not looked at. */
static int announce_fd = -2;

int t2_announce_init(const char *path, char *err, size_t errlen)
{
	if (announce_fd != -2)
		return 0;
	if (!path || !*path) {
		announce_fd = -1;
		return 0;
	}
	announce_fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_APPEND, 0644);
	if (announce_fd < 0) {
		snprintf(err, errlen, "T2_ANNOUNCE: cannot open '%s': %s", path, strerror(errno));
		announce_fd = -2;
		return -EINVAL;
	}
	return 0;
}

static const char *cmd_name(unsigned long cmd)
{
	switch (cmd) {
#define T2_IOCTL(name, n, fd, arg, minsz, flagmask) case name: return #name;
#include "t2/ioctls.def"
#undef T2_IOCTL
#define T2SIM_IOCTL(name, n, fd, minsz, flagmask) case name: return #name;
#include "t2/simioctls.def"
#undef T2SIM_IOCTL
	default:
		return NULL;
	}
}

/* The attribute of a GET_ATTR/SET_ATTR argument, read without trusting the
 * pointer (tests pass bad ones on purpose): -1 when unreadable. */
static long attr_of(unsigned long arg)
{
	struct vfio_pamu_attr a;
	struct iovec local = { &a, offsetof(struct vfio_pamu_attr, attribute) + sizeof(a.attribute) };
	struct iovec remote = { (void *)arg, local.iov_len };

	if (!arg || process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != (ssize_t)local.iov_len)
		return -1;
	return a.attribute;
}

void t2_announce(int fd, unsigned long cmd, unsigned long arg)
{
	int afd = announce_fd;
	static const char *const attrs[] = { "GEOMETRY", "WINDOWS", "PAMU_STASH" };
	const char *name = cmd_name(cmd);
	char line[160], what[48] = "";
	long at;
	int n;

	if (afd < 0)
		return;
	if (cmd == VFIO_IOMMU_PAMU_GET_ATTR || cmd == VFIO_IOMMU_PAMU_SET_ATTR) {
		at = attr_of(arg);
		if (at >= 0 && at < 3)
			snprintf(what, sizeof(what), "(%s)", attrs[at]);
		else if (at >= 0)
			snprintf(what, sizeof(what), "(%ld)", at);
	}
	if (name)
		n = snprintf(line, sizeof(line), "<6>t2h: ioctl %s%s on fd %d\n", name, what, fd);
	else
		n = snprintf(line, sizeof(line), "<6>t2h: ioctl 0x%lx on fd %d\n", cmd, fd);
	/* best effort: a failed announcement must not change the run */
	if (write(afd, line, (size_t)n) < 0)
		return;
}
