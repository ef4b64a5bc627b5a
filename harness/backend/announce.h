/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * announce.h - T2_ANNOUNCE: the ioctl about to be issued, written to a file
 * (the kernel log in the guests) first; see announce.c.
 */
#ifndef T2_ANNOUNCE_H
#define T2_ANNOUNCE_H

#include <stddef.h>

/* Opens path (the configuration's T2_ANNOUNCE; NULL: none) once per process
 * (backends call it when they open): 0, or -EINVAL with a message when it
 * does not open. */
int t2_announce_init(const char *path, char *err, size_t errlen);
/* One line "t2h: ioctl NAME[(ATTRIBUTE)] on fd N" to $T2_ANNOUNCE; nothing
 * when it is unset. */
void t2_announce(int fd, unsigned long cmd, unsigned long arg);

#endif
