/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * core_variant.c - parse and report the VFIO core variant (core_variant.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "backend/core_variant.h"
#include "t2/abi.h"

static const char *const names[] = { "spec", "linux61" };

int t2_core_variant_parse(const char *name, int *out, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (name && !strcmp(name, names[i])) {
			*out = (int)i;
			return 0;
		}
	}
	snprintf(err, errlen, "T2_CORE: unknown core variant '%s' (spec, linux61)",
		 name ? name : "");
	return -EINVAL;
}

const char *t2_core_variant_name(int v)
{
	return v >= 0 && v < (int)(sizeof(names) / sizeof(names[0])) ? names[v] : "?";
}

const char *t2_core_variant_rules(int v)
{
	return v == T2_CORE_LINUX61 ? "CORE-8 CORE-10 CORE-11 FAIL-1" : "";
}

/*
 * Linux 6.1 (drivers/vfio/vfio_main.c): VFIO_DEVICE_FEATURE reads argsz and
 * flags (8 bytes): EFAULT, then EINVAL for argsz < 8, a flag above bit 18
 * (PROBE), or GET with SET without PROBE; a device without that feature
 * then answers ENOTTY, as t2vfio.ko's devices do for every feature.
 */
int t2_core_device_ioctl_errno(int v, unsigned long cmd, const void *arg)
{
	uint32_t argsz, flags;

	if (v != T2_CORE_LINUX61 || cmd != VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT)
		return ENOTTY;
	if ((uintptr_t)arg < 4096)
		return EFAULT;
	memcpy(&argsz, arg, 4);
	memcpy(&flags, (const char *)arg + 4, 4);
	if (argsz < 8 || (flags & ~0x7ffffu))
		return EINVAL;
	if (!(flags & (1u << 18)) && (flags & (1u << 16)) && (flags & (1u << 17)))
		return EINVAL;
	return ENOTTY;
}
