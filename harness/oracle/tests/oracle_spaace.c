/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_spaace.c - the shared SPAACE pool and LIODN sharing in the oracle:
 * WIN-6 and DOM-5 row 3 exhaustion with a small pool, SPAACE reuse on
 * re-SET (INV-18), shared LIODNs within a container (DOM-6) and across
 * containers (DOM-5 row 2, DOM-9, ISO-7).
 */
#include <stdio.h>
#include "oracle/tests/oracle_test.h"

static uint64_t sim_spaaces(struct t2_oracle *o, int cfd)
{
	return ot_counters(o, cfd).sim_spaaces;
}

static void exhaustion(void)
{
	struct t2_oracle *o = ot_new("p4080,spaace_pool=20");
	int c1 = t2_oracle_open_container(o), c2 = t2_oracle_open_container(o);
	int g2 = t2_oracle_open_group(o, 2), g0 = t2_oracle_open_group(o, 0);
	int g1 = t2_oracle_open_group(o, 1), g5 = t2_oracle_open_group(o, 5);
	struct t2sim_counters k0, k1;
	uint32_t flags;

	ot_set_container(o, g2, c1);
	ot_set_iommu(o, c1);
	ot_set_geom(o, c1, 0, 0xFFFFFFF);
	OT_RULE(ot_set_windows(o, c1, 16), -ENOSPC, "WIN-6");
	OT_RULE(ot_set_windows(o, c1, 8), 0, "WIN-7");
	tap_ok(sim_spaaces(o, c1) == 14, "WIN-7: 7 SPAACEs per LIODN, 2 LIODNs");
	OT_RULE(ot_set_windows(o, c1, 16), -ENOSPC, "WIN-6");
	OT_RULE(ot_set_windows(o, c1, 8), 0, "WIN-7");
	OT_RULE(ot_set_windows(o, c1, 8), 0, "WIN-7");
	tap_ok(sim_spaaces(o, c1) == 14, "INV-18: repeated SETs do not grow the pool use");
	OT_RULE(ot_set_windows(o, c1, 1), 0, "WIN-7");
	tap_ok(sim_spaaces(o, c1) == 0, "WIN-8: n = 1 uses no SPAACE");
	OT_RULE(ot_set_windows(o, c1, 8), 0, "WIN-7");
	/* second container: 6 left */
	ot_set_container(o, g0, c2);
	ot_set_iommu(o, c2);
	ot_set_geom(o, c2, 0, 0xFFFFFFF);
	OT_RULE(ot_set_windows(o, c2, 8), -ENOSPC, "WIN-6");
	OT_RULE(ot_set_windows(o, c2, 4), 0, "WIN-7");
	OT_RULE(ot_set_container(o, g1, c2), 0, "CORE-8");
	tap_ok(sim_spaaces(o, c2) == 20 && ot_counters(o, c2).spaaces == 6,
	       "DOM-3: attach takes n - 1 SPAACEs; pool full");
	k0 = ot_counters(o, c2);
	OT_RULE(ot_set_container(o, g5, c2), -ENOSPC, "DOM-5.3");
	k1 = ot_counters(o, c2);
	ot_status(o, g5, &flags);
	tap_ok(!memcmp(&k0, &k1, sizeof(k0)) && flags == VFIO_GROUP_FLAGS_VIABLE,
	       "DOM-7: a failed attach changes nothing");
	OT_RULE(ot_set_geom(o, c1, 0, 0x1FFFFFFF), 0, "GEOM-4");
	tap_ok(sim_spaaces(o, c1) == 6, "GEOM-4: geometry returns the SPAACEs");
	OT_RULE(ot_set_container(o, g5, c2), 0, "CORE-8");
	tap_ok(sim_spaaces(o, c1) == 9, "DOM-3: now it fits");
	OT_RULE(ot_unset_container(o, g1), 0, "CORE-9");
	tap_ok(sim_spaaces(o, c1) == 6, "DOM-8: detach returns the LIODN's SPAACEs");
	OT_RULE(t2_oracle_close(o, g0), 0, "CORE-12");
	OT_RULE(t2_oracle_close(o, g5), 0, "CORE-12");
	tap_ok(sim_spaaces(o, c1) == 0 && !ot_counters(o, c2).backend,
	       "REL-2: release by closing the last group returns every SPAACE");
	ot_self_check(o, "exhaustion");
	t2_oracle_free(o);
}

static void sharing(void)
{
	struct t2_oracle *o = ot_new("p4080");
	int c1 = t2_oracle_open_container(o), c2 = t2_oracle_open_container(o);
	int g3 = t2_oracle_open_group(o, 3), g4 = t2_oracle_open_group(o, 4);
	struct t2sim_counters k;
	struct t2sim_translate x;
	uint32_t flags;
	uint64_t v;

	ot_set_container(o, g3, c1);
	ot_set_iommu(o, c1);
	ot_set_geom(o, c1, 0, 0xFFFFFFF);
	ot_set_windows(o, c1, 16);
	t2_oracle_buf_alloc(o, 16 * MiB, 2 * MiB, &v);
	ot_map(o, c1, v, 0, 16 * MiB, RW);
	/* DOM-5 row 2 across containers, DOM-9 */
	ot_set_container(o, g4, c2);
	OT_RULE(ot_set_iommu(o, c2), -EBUSY, "DOM-5.2");
	k = ot_counters(o, c2);
	ot_status(o, g4, &flags);
	tap_ok(!k.backend && k.groups == 1 && flags == 3, "DOM-9: group stays, no backend");
	/* ISO-7: the sibling in no backend still translates through c1 */
	x = ot_xlate(o, g4, 0, 0x1000, 0);
	tap_ok(x.result == T2SIM_XLATE_OK && x.liodn == 0x30, "ISO-7: sibling reaches c1");
	OT_RULE(ot_unset_container(o, g4), 0, "CORE-9");
	OT_RULE(ot_set_container(o, g4, c1), 0, "CORE-8");
	k = ot_counters(o, c1);
	tap_ok(k.groups == 2 && k.liodns_linked == 1 && k.spaaces == 15 && k.liodns_valid == 1,
	       "DOM-6: a shared LIODN is attached once");
	OT_RULE(ot_unset_container(o, g3), 0, "CORE-9");
	k = ot_counters(o, c1);
	tap_ok(k.backend && k.liodns_linked == 1 && k.liodns_valid == 1 && k.spaaces == 15,
	       "DOM-6: stays attached while group 4 carries it");
	tap_ok(ot_xlate(o, g3, 0, 0x1000, 0).result == T2SIM_XLATE_OK,
	       "ISO-7: group 3, now in no container, still translates");
	OT_RULE(ot_unset_container(o, g4), 0, "CORE-9");
	k = ot_counters(o, c1);
	tap_ok(!k.backend && !k.liodns_linked && !k.sim_spaaces && !k.locked,
	       "REL-1: last group gone");
	tap_ok(ot_xlate(o, g3, 0, 0x1000, 0).result == T2SIM_XLATE_LIODN_INVALID,
	       "ISO-5: nothing reachable after release");
	OT_RULE(ot_set_container(o, g4, c2), 0, "CORE-8");
	OT_RULE(ot_set_iommu(o, c2), 0, "CORE-5");
	ot_self_check(o, "sharing");
	t2_oracle_free(o);
}

int main(void)
{
	tap_plan(-1);
	exhaustion();
	sharing();
	return tap_done();
}
