/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_random.c - seeded random programs (plausible and garbage arguments)
 * on the oracle backend alone: the oracle must never crash, and its own
 * bookkeeping must stay consistent after every op (t2_oracle_self_check).
 * Also prints the oracle's throughput on short programs, for the fuzzers'
 * budget (a figure, never a verdict).  T2_SEED=n picks the seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "oracle/tests/oracle_drive.h"
#include "oracle/tests/oracle_test.h"

#define PROGRAMS 3000
#define OPS 40
#define PERF_PROGRAMS 50000
#define PERF_OPS 10

/* Raw garbage: any fd, any command, any bytes behind arg (ERR-8). */
static int garbage(uint64_t seed)
{
	static const unsigned long known[] = {
		VFIO_GET_API_VERSION, VFIO_CHECK_EXTENSION, VFIO_SET_IOMMU, VFIO_GROUP_GET_STATUS,
		VFIO_GROUP_SET_CONTAINER, VFIO_GROUP_UNSET_CONTAINER, VFIO_GROUP_GET_DEVICE_FD,
		VFIO_IOMMU_MAP_DMA, VFIO_IOMMU_UNMAP_DMA, VFIO_IOMMU_PAMU_GET_ATTR,
		VFIO_IOMMU_PAMU_SET_ATTR, VFIO_IOMMU_PAMU_GET_MSI_BANK_COUNT,
		VFIO_IOMMU_PAMU_MAP_MSI_BANK, VFIO_IOMMU_PAMU_UNMAP_MSI_BANK, T2SIM_TRANSLATE,
		T2SIM_COUNTERS, T2SIM_FAIL_NTH, T2SIM_PLATFORM, T2SIM_RESOLVE,
	};
	struct t2_oracle *o = ot_new("p4080,spaace_pool=64");
	/* 4096 bytes, the last always 0: a GET_DEVICE_FD name stays inside (CORE-10) */
	uint8_t buf[4096] __attribute__((aligned(8))) = { 0 };
	uint64_t x = seed | 1;
	char err[256];
	int i, j;

	for (i = 0; i < 200000; i++) {
		unsigned long cmd, arg;
		int fd;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		for (j = 0; j < 64; j++)
			buf[(x >> (j % 8)) % (sizeof(buf) - 1)] = (uint8_t)(x >> j);
		memcpy(buf, &(uint32_t){ (x & 3) ? 1072 : (uint32_t)x }, 4);
		fd = (int)(x % 24) - 2;
		cmd = x % 5 ? known[(x >> 8) % (sizeof(known) / sizeof(known[0]))] :
			      (unsigned long)(uint32_t)(x >> 16);
		arg = x % 7 ? (unsigned long)buf : (x >> 20) % 4096;
		switch ((x >> 40) % 16) {
		case 0:
			t2_oracle_open_container(o);
			break;
		case 1:
			t2_oracle_open_group(o, (unsigned int)((x >> 44) % 8));
			break;
		case 2:
			t2_oracle_close(o, fd);
			break;
		default:
			t2_oracle_ioctl(o, fd, cmd, arg);
		}
		if ((i & 63) == 0 && t2_oracle_self_check(o, err, sizeof(err))) {
			tap_diag("garbage op %d: %s", i, err);
			t2_oracle_free(o);
			return 1;
		}
	}
	t2_oracle_free(o);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	uint64_t seed = od_seed();
	static const char *const plats[] = {
		"p4080", "t4240,msi_policy=shared", "p4080,spaace_pool=40,memlock=64M",
		"p4080,max_windows=8,cap_ipc_lock=1",
	};
	struct t2_backend *be;
	struct t2_oracle *o;
	struct od d;
	char err[256];
	unsigned long ok[OD_STATS] = { 0 }, all[OD_STATS] = { 0 };
	int p, k, bad = 0;
	unsigned long ops = 0;
	double t0;

	tap_plan(-1);
	tap_diag("seed %llu (T2_SEED to replay)", (unsigned long long)seed);
	for (p = 0; p < PROGRAMS && !bad; p++) {
		const char *plat = plats[p % 4];

		if (t2_oracle_backend_open(plat, &be, err, sizeof(err)))
			tap_bail("%s: %s", plat, err);
		o = t2_oracle_of_backend(be);
		if (od_init(&d, be, 0, seed * 1000003 + (uint64_t)p))
			tap_bail("od_init: %s", d.diff);
		for (k = 0; k < OPS; k++) {
			od_step(&d);
			ops++;
			if (t2_oracle_self_check(o, err, sizeof(err))) {
				tap_diag("program %d (%s) op %d: %s: %s", p, plat, k, d.what, err);
				bad = 1;
				break;
			}
		}
		for (k = 0; k < OD_STATS; k++) {
			ok[k] += d.stat_ok[k];
			all[k] += d.stat_all[k];
		}
		od_fini(&d);
		be->ops->destroy(be);
	}
	for (k = 0; k < OD_STATS; k++)
		if (all[k])
			tap_diag("ioctl class %2d: %6lu calls, %6lu succeeded", k, all[k], ok[k]);
	tap_ok(!bad, "%d random programs, %lu ops: no crash, self-check after every op", p,
	       ops);

	tap_ok(!garbage(seed), "ERR-8: 200000 garbage ops (any fd, cmd, bytes): no crash");

	/* the same programs against a shadow oracle (resolver, registered buffers) */
	for (p = 0, bad = 0; p < PROGRAMS / 3 && !bad; p++) {
		const char *plat = plats[p % 4];

		if (t2_oracle_backend_open(plat, &be, err, sizeof(err)))
			tap_bail("%s: %s", plat, err);
		if (od_init(&d, be, 1, seed * 7919 + (uint64_t)p))
			tap_bail("od_init: %s", d.diff);
		for (k = 0; k < OPS && !bad; k++) {
			bad = od_step(&d) || od_compare_state(&d);
			if (bad)
				tap_diag("program %d (%s) op %d: %s", p, plat, k, d.diff);
		}
		od_fini(&d);
		be->ops->destroy(be);
	}
	tap_ok(!bad, "%d programs: a shadow oracle agrees with the oracle backend", p);

	/* throughput: one oracle, reset between short programs */
	if (t2_oracle_backend_open("p4080", &be, err, sizeof(err)))
		tap_bail("p4080: %s", err);
	o = t2_oracle_of_backend(be);
	t0 = now();
	for (p = 0; p < PERF_PROGRAMS; p++) {
		t2_oracle_reset(o);
		od_init(&d, be, 0, seed + (uint64_t)p);
		for (k = 0; k < PERF_OPS; k++)
			od_step(&d);
		od_fini(&d);
	}
	t0 = now() - t0;
	tap_diag("throughput: %.0f programs/s of %d ops (%.0f ns/op, driver included)",
		 PERF_PROGRAMS / t0, PERF_OPS, t0 * 1e9 / (PERF_PROGRAMS * PERF_OPS));
	tap_ok(1, "throughput measured");
	be->ops->destroy(be);
	return tap_done();
}
