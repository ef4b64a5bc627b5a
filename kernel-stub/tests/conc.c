/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * conc.c - concurrency (CONC-1..CONC-3, CONC-5): threads hammer one
 * instance in the spec personality and the state ends consistent (run it
 * under FLAVOR=tsan for CONC-5); then SDK-B8, whose unlocked MSI path loses
 * a record under the same kind of load (skipped under TSan, which would
 * rightly report that race).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include "ktest.h"

#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif
#ifndef UNDER_TSAN
#define UNDER_TSAN 0
#endif

#define WS (64 * MIB)     /* geometry 1 GiB, 16 windows */
#define ITERS 2000

struct worker {
	struct kt *k;
	int id;
	uint64_t buf;
	long errors;
	atomic_int *lost;     /* B8: set when a record was lost */
	long iters;
};

static void *spec_worker(void *arg)
{
	struct worker *w = arg;
	struct kt *k = w->k;
	uint64_t iova = (uint64_t)w->id * WS, u;
	long i;

	for (i = 0; i < w->iters; i++) {
		struct vfio_pamu_attr a;
		struct t2sim_counters c;

		if (kt_map(k, w->buf, iova, WS, RW))
			w->errors++;
		if (w->id < 3) {
			if (kt_msi_map(k, (uint32_t)w->id, 12 * WS + iova, RW))
				w->errors++;
			if (kt_msi_unmap(k, 12 * WS + iova))
				w->errors++;
		}
		if (kt_get_attr(k, VFIO_ATTR_WINDOWS, &a) || a.attr_info.windows != 16)
			w->errors++;
		c = kt_counters(k);
		if (c.pins != (uint64_t)c.dma_windows * (WS / 4096) || c.dma_claimed != c.dma_windows * WS)
			w->errors++; /* INTRO-2: a state between two ioctls */
		if (kt_xlate(k, 0, 0, iova, 0).result != T2SIM_XLATE_OK)
			w->errors++;
		if (kt_unmap(k, iova, WS, &u) || u != WS)
			w->errors++;
	}
	return NULL;
}

static void spec_threads(void)
{
	const int g0[] = { 0 };
	struct worker w[4];
	pthread_t t[4];
	struct t2sim_counters c;
	struct kt k;
	long errors = 0;
	int i;

	kt_setup(&k, "p4080", 0, g0, 1, GIB, 16);
	for (i = 0; i < 4; i++) {
		w[i] = (struct worker){ .k = &k, .id = i, .iters = ITERS };
		w[i].buf = kt_alloc(&k, WS, 2 * MIB);
	}
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, spec_worker, &w[i]);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		errors += w[i].errors;
	}
	CHECK_EQ(errors, 0, "CONC-2: %d threads x %d rounds, every call as in a serial order", 4, ITERS);
	c = kt_counters(&k);
	tap_ok(!c.dma_windows && !c.msi_windows && !c.msi_records && !c.pins && !c.sim_pins &&
	       !c.locked && !c.enabled, "CONC-3: shared state back to baseline");
	kt_fini(&k);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *b8_worker(void *arg)
{
	struct worker *w = arg;
	struct kt *k = w->k;
	uint64_t iova = (uint64_t)w->id * WS;
	long i;

	double end = now() + 10.0; /* the race needs overlap; give it time under load */

	for (i = 0; !atomic_load(w->lost) && (i % 1024 || now() < end); i++) {
		if (kt_msi_map(k, (uint32_t)w->id, iova, RW))
			continue;
		if (kt_msi_unmap(k, iova) == -EINVAL)
			atomic_store(w->lost, 1);
	}
	return NULL;
}

static void b8_lost_record(void)
{
	const int g0[] = { 0 };
	struct worker w[3];
	pthread_t t[3];
	atomic_int lost = 0;
	struct kt k;
	int i;

	if (UNDER_TSAN) {
		tap_skip("ThreadSanitizer reports B8's race (as intended)", "B8: a lost MSI record");
		return;
	}
	kt_setup(&k, "p4080", T2_SW_B8, g0, 1, GIB, 16);
	for (i = 0; i < 3; i++) {
		w[i] = (struct worker){ .k = &k, .id = i, .lost = &lost };
		pthread_create(&t[i], NULL, b8_worker, &w[i]);
	}
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	tap_ok(atomic_load(&lost), "B8: concurrent MAP_MSI_BANK loses a record; its UNMAP fails EINVAL");
	if (atomic_load(&lost)) {
		struct t2sim_counters c = kt_counters(&k);

		tap_ok(c.msi_windows > c.msi_records, "B8: the window stays valid without a record (%u > %u)",
		       c.msi_windows, c.msi_records);
	}
	kt_fini(&k);
}

/* SDK-B8 calls racing with release and a new SET_IOMMU: memory-safe (ASan). */
static void *b8_attr_worker(void *arg)
{
	struct worker *w = arg;
	long i;

	for (i = 0; i < w->iters; i++) {
		kt_set_geometry(w->k, 0, GIB - 1);
		kt_set_windows(w->k, 16);
		kt_msi_map(w->k, (uint32_t)w->id, (uint64_t)w->id * WS, RW);
		kt_msi_unmap(w->k, (uint64_t)w->id * WS);
	}
	return NULL;
}

static void b8_release_race(void)
{
	const int g0[] = { 0 };
	struct worker w[2];
	pthread_t t[2];
	struct t2sim_counters c;
	struct kt k;
	int i;

	if (UNDER_TSAN) {
		tap_skip("ThreadSanitizer reports B8's race (as intended)", "B8: racing release");
		return;
	}
	kt_setup(&k, "p4080", T2_SW_B8, g0, 1, GIB, 16);
	for (i = 0; i < 2; i++) {
		w[i] = (struct worker){ .k = &k, .id = i, .iters = 3000 };
		pthread_create(&t[i], NULL, b8_attr_worker, &w[i]);
	}
	for (i = 0; i < 3000; i++) {
		kt_ioctl(&k, k.g[0], VFIO_GROUP_UNSET_CONTAINER, NULL);
		kt_group_join(&k, 0);
		t2sim_ioctl(k.sim, k.c, VFIO_SET_IOMMU, T2_TYPE2_VALUE);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	kt_ioctl(&k, k.g[0], VFIO_GROUP_UNSET_CONTAINER, NULL);
	c = kt_counters(&k);
	tap_ok(!c.backend && !c.sim_spaaces && !c.sim_pins,
	       "B8: attribute and MSI calls racing with release stay memory-safe");
	kt_fini(&k);
}

int main(void)
{
	tap_plan(-1);
	spec_threads();
	b8_lost_record();
	b8_release_race();
	return tap_done();
}
