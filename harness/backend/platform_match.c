/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * platform_match.c - a target's platform against a PLAT-2 string (see
 * platform_match.h); moved here from the conformance runner so that the
 * executor skips programs for another platform by the same rule.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "backend/backend.h"
#include "backend/ioctl.h"
#include "backend/platform_match.h"

static const struct {
	const char *letter, *section;
} msi_designs[T2_MSI_DESIGNS] = {
#define T2_MSI_DESIGN(letter, value, section, summary) [value] = { #letter, section },
#include "t2/msi_designs.def"
#undef T2_MSI_DESIGN
};

const char *t2_msi_design_letter(uint32_t value)
{
	return value < T2_MSI_DESIGNS ? msi_designs[value].letter : "?";
}

const char *t2_msi_design_section(uint32_t value)
{
	return value < T2_MSI_DESIGNS ? msi_designs[value].section : "?";
}

/* The platform a PLAT-2 string describes, as the stub builds it. */
int t2_platform_of(const char *str, struct t2sim_platform *p, char *err, size_t errlen)
{
	struct t2_config cfg = { .kind = "stub", .platform = str };
	struct t2_backend *be;
	int rc, fd;

	rc = t2_backend_open(&cfg, &be, err, errlen);
	if (rc < 0)
		return rc;
	fd = be->ops->open_container(be);
	rc = fd < 0 ? fd : __t2_platform(be, fd, p);
	if (fd >= 0)
		be->ops->close(be, fd);
	t2_backend_close(be);
	if (rc < 0)
		snprintf(err, errlen, "cannot read platform '%s' back: %s", str,
			 strerror(-rc));
	return rc < 0 ? rc : 0;
}

/*
 * 0 when the target (introspection's answer in have) is the platform str
 * describes; else 1 with the first differing field in why, or -errno.  ram
 * and the switches are no part of the comparison; memlock and cap_ipc_lock
 * only when str sets them (PLAT-4: elsewhere they are the caller's own).
 */
int t2_platform_differs(const struct t2sim_platform *have, const char *str,
				char *why, size_t len)
{
	struct t2sim_platform want;
	unsigned int i;

	if (t2_platform_of(str, &want, why, len) < 0)
		return -EINVAL;
#define PLAT_DIFF(f)                                                              \
	do {                                                                          \
		if (memcmp(&have->f, &want.f, sizeof(want.f))) {                      \
			snprintf(why, len, "its %s differs from '%s'", #f, str);      \
			return 1;                                                     \
		}                                                                     \
	} while (0)
	PLAT_DIFF(page_size);
	PLAT_DIFF(max_windows);
	PLAT_DIFF(spaace_pool);
	PLAT_DIFF(cpus);
	PLAT_DIFF(msi_banks);
	PLAT_DIFF(msi_policy);
	PLAT_DIFF(msi_design);
	PLAT_DIFF(ccsr_base);
	PLAT_DIFF(msiir);
	PLAT_DIFF(hugepage_sizes);
	PLAT_DIFF(ngroups);
	for (i = 0; i < T2SIM_MAX_GROUPS; i++)
		PLAT_DIFF(groups[i]);
	if (strstr(str, "memlock="))
		PLAT_DIFF(memlock);
	if (strstr(str, "cap_ipc_lock="))
		PLAT_DIFF(cap_ipc_lock);
#undef PLAT_DIFF
	return 0;
}

int t2_platform_check(const char *str, char *err, size_t errlen)
{
	struct t2sim_platform p;

	return t2_platform_of(str, &p, err, errlen) ? -EINVAL : 0;
}

int t2_platform_below(const struct t2sim_platform *have, const char *ref, char *why,
		      size_t len)
{
	struct t2sim_platform want;

	if (t2_platform_of(ref, &want, why, len) < 0)
		return -EINVAL;
#define PLAT_BELOW(f)                                                                  \
	do {                                                                           \
		if (have->f < want.f) {                                                \
			snprintf(why, len, "its %s (%llu) is below %s's (%llu)", #f, \
				 (unsigned long long)have->f, ref,                     \
				 (unsigned long long)want.f);                          \
			return 1;                                                      \
		}                                                                      \
	} while (0)
	PLAT_BELOW(max_windows);
	PLAT_BELOW(spaace_pool);
	PLAT_BELOW(cpus);
	PLAT_BELOW(msi_banks);
	PLAT_BELOW(ngroups);
#undef PLAT_BELOW
	return 0;
}
