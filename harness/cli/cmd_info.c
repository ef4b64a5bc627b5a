/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * cmd_info.c - `t2h info`: what this build and backend are: the platform (from
 * introspection, INTRO-9), the personality and switches, and the ABI numbers
 * as this build encodes them (from ioctls.def and simioctls.def).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "backend/platform_match.h"
#include "t2h.h"

static void print_switches(uint64_t sw)
{
	char buf[160];

	t2_format_switches(sw, buf, sizeof(buf));
	printf("personality:  %s\n", sw == 0 ? "spec" :
	       sw == (uint64_t)T2_SW_ALL ? "sdk2013" :
	       sw == T2_SW_DESIGNS ? "designs2013" : "spec + switches");
	printf("switches:     %s\n", buf);
#define T2_SWITCH(name, bit, matrix, summary)                                  \
	if (sw & (1ull << (bit)))                                              \
		printf("  SDK-%-4s %s%s\n", #name, summary, matrix ? "" : " (leniency)");
#include "t2/switches.def"
#undef T2_SWITCH
#define T2_DSWITCH(name, bit, design, summary)                                 \
	if (sw & (1ull << (bit)))                                              \
		printf("  %-8s %s (design %s)\n", #name, summary, #design);
#include "t2/designs2013.def"
#undef T2_DSWITCH
}

static void print_platform(const struct t2sim_platform *p)
{
	unsigned int i, k;

	printf("platform:\n");
	printf("  page_size    %u\n", p->page_size);
	printf("  max_windows  %u\n", p->max_windows);
	printf("  spaace_pool  %u\n", p->spaace_pool);
	printf("  cpus         %u\n", p->cpus);
	printf("  msi_banks    %u (policy %s)\n", p->msi_banks,
	       p->msi_policy == T2SIM_POLICY_SHARED ? "shared" : "exclusive");
	printf("  msi_design   %s (rules %s-n)\n", t2_msi_design_letter(p->msi_design),
	       t2_msi_design_section(p->msi_design));
	printf("  ccsr_base    0x%" PRIx64 "\n", (uint64_t)p->ccsr_base);
	for (i = 0; i < p->msi_banks && i < T2SIM_MAX_BANKS; i++)
		printf("  msiir[%u]     0x%" PRIx64 "\n", i, (uint64_t)p->msiir[i]);
	printf("  hugepages   ");
	for (i = 0; i < T2SIM_MAX_HUGE; i++)
		if (p->hugepage_sizes[i])
			printf(" 0x%" PRIx64, (uint64_t)p->hugepage_sizes[i]);
	printf("\n");
	if (p->memlock == T2SIM_MEMLOCK_UNLIMITED)
		printf("  memlock      unlimited\n");
	else
		printf("  memlock      0x%" PRIx64 "\n", (uint64_t)p->memlock);
	printf("  cap_ipc_lock %u\n", p->cap_ipc_lock);
	printf("  ram          0x%" PRIx64 "\n", (uint64_t)p->ram);
	printf("  type2_value  %u\n", p->type2_value);
	for (i = 0; i < p->ngroups && i < T2SIM_MAX_GROUPS; i++) {
		const struct t2sim_group_desc *g = &p->groups[i];

		printf("  group %-2u     %.*s liodns", g->group, T2SIM_DEVNAME_LEN, g->device);
		for (k = 0; k < g->nliodns && k < T2SIM_MAX_GROUP_LIODNS; k++)
			printf(" 0x%03x", g->liodn[k]);
		printf("\n");
	}
}

static void print_abi(void)
{
	printf("abi:\n  type2 value  %d (VFIO_FSL_PAMU_IOMMU)\n", T2_TYPE2_VALUE);
#define T2_IOCTL(name, n, fd, arg, minsz, flagmask) \
	printf("  %-36s 0x%08x minsz %d\n", #name, (unsigned int)(name), minsz);
#include "t2/ioctls.def"
#undef T2_IOCTL
#define T2SIM_IOCTL(name, n, fd, minsz, flagmask) \
	printf("  %-36s 0x%08x minsz %d\n", #name, (unsigned int)(name), minsz);
#include "t2/simioctls.def"
#undef T2SIM_IOCTL
}

int t2h_cmd_info(struct t2h_ctx *ctx, int argc, char **argv)
{
	struct t2_backend *be;
	struct t2sim_platform plat;
	char err[256];
	int fd, r;

	(void)argv;
	if (argc > 1)
		return t2h_usage_error("info", "unexpected argument '%s'", argv[1]);
	r = t2_backend_open(&ctx->cfg, &be, err, sizeof(err));
	if (r)
		return t2h_usage_error("info", "%s", err);
	printf("backend:      %s\n", be->ops->name);
	print_switches(ctx->cfg.switches);
	fd = be->ops->open_container(be);
	memset(&plat, 0, sizeof(plat));
	if (fd < 0) {
		printf("platform:     unavailable (open container: %s)\n", strerror(-fd));
	} else {
		r = be->ops->platform(be, fd, &plat);
		if (r)
			printf("platform:     no introspection (%s)\n", strerror(-r));
		else
			print_platform(&plat);
		be->ops->close(be, fd);
	}
	print_abi();
	t2_backend_close(be);
	return 0;
}
