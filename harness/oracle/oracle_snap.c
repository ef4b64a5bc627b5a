/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_snap.c - saving, restoring and hashing the part of the model that
 * ioctls change, for the linearizability search (harness/exec/lin.c), which
 * tries the serial orders of a concurrent block from one state and merges
 * orders that reach the same state.  The platform, the buffers and the
 * resolver are not saved: no op a block may hold changes them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "oracle/oracle_int.h"

struct t2_oracle_snap {
	struct ora_fd fds[T2_ORACLE_MAX_FDS];
	int fd_low;
	struct ora_grp grp[T2SIM_MAX_GROUPS];
	int8_t owner[ORA_MAX_DLIODN];
	uint64_t spaaces_used, sim_pins, locked;
	uint32_t bank_users[T2SIM_MAX_BANKS];
	bool fault_armed, fault_fired;
	uint32_t fault_remaining;
	const char *rule;
	uint64_t used;                  /* containers in use, by slot */
	struct ora_ctr *ctr[T2_ORACLE_MAX_CONTAINERS];  /* copies, made as needed */
};

int t2_oracle_snap_new(struct t2_oracle_snap **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -ENOMEM;
}

void t2_oracle_snap_free(struct t2_oracle_snap *s)
{
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < T2_ORACLE_MAX_CONTAINERS; i++)
		free(s->ctr[i]);
	free(s);
}

int t2_oracle_save(const struct t2_oracle *o, struct t2_oracle_snap *s)
{
	unsigned int i;

	memcpy(s->fds, o->fds, sizeof(s->fds));
	s->fd_low = o->fd_low;
	memcpy(s->grp, o->grp, sizeof(s->grp));
	memcpy(s->owner, o->owner, sizeof(s->owner));
	s->spaaces_used = o->spaaces_used;
	s->sim_pins = o->sim_pins;
	s->locked = o->locked;
	memcpy(s->bank_users, o->bank_users, sizeof(s->bank_users));
	s->fault_armed = o->fault_armed;
	s->fault_fired = o->fault_fired;
	s->fault_remaining = o->fault_remaining;
	s->rule = o->rule;
	s->used = 0;
	for (i = 0; i < T2_ORACLE_MAX_CONTAINERS; i++) {
		if (!o->ctr[i] || !o->ctr[i]->used)
			continue;
		if (!s->ctr[i] && !(s->ctr[i] = malloc(sizeof(*s->ctr[i]))))
			return -ENOMEM;
		*s->ctr[i] = *o->ctr[i];
		s->used |= 1ull << i;
	}
	return 0;
}

void t2_oracle_restore(struct t2_oracle *o, const struct t2_oracle_snap *s)
{
	unsigned int i;

	memcpy(o->fds, s->fds, sizeof(s->fds));
	o->fd_low = s->fd_low;
	memcpy(o->grp, s->grp, sizeof(s->grp));
	memcpy(o->owner, s->owner, sizeof(s->owner));
	o->spaaces_used = s->spaaces_used;
	o->sim_pins = s->sim_pins;
	o->locked = s->locked;
	memcpy(o->bank_users, s->bank_users, sizeof(s->bank_users));
	o->fault_armed = s->fault_armed;
	o->fault_fired = s->fault_fired;
	o->fault_remaining = s->fault_remaining;
	o->rule = s->rule;
	for (i = 0; i < T2_ORACLE_MAX_CONTAINERS; i++) {
		if (!o->ctr[i])
			continue;
		if (s->used >> i & 1)
			*o->ctr[i] = *s->ctr[i];
		else
			o->ctr[i]->used = false;
	}
}

/* ------------------------------------------------------------ hash */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	h *= 0xff51afd7ed558ccdull;
	return h ^ (h >> 32);
}

static uint64_t mix_bytes(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t v;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&v, b + i, 8);
		h = mix(h, v);
	}
	for (v = 0; i < n; i++)
		v = v << 8 | b[i];
	return mix(h, v);
}

/* Field by field where structs have padding (its bytes are not state). */
static uint64_t mix_ctr(uint64_t h, const struct ora_ctr *c)
{
	unsigned int i;

	h = mix(h, (uint64_t)(uint32_t)c->fd << 32 | c->groups);
	h = mix(h, (uint64_t)c->backend | (uint64_t)c->geom_set << 1 | (uint64_t)c->n << 8);
	h = mix(h, c->start);
	h = mix(h, c->end);
	h = mix(h, c->ws);
	h = mix(h, (uint64_t)c->stash_cpu << 32 | c->stash_cache);
	h = mix(h, c->linked);
	h = mix(h, (uint64_t)c->dma_windows << 32 | c->msi_windows);
	h = mix(h, c->banks);
	for (i = 0; i < ORA_MAX_WIN; i++) {
		const struct ora_win *w = &c->win[i];

		if (w->kind == ORA_WIN_FREE)
			continue;
		h = mix(h, (uint64_t)i | (uint64_t)w->kind << 16 | (uint64_t)w->prot << 24 |
				   (uint64_t)w->bank << 32 | (uint64_t)w->mapped << 40);
		h = mix(h, w->phys);
	}
	return h;
}

uint64_t t2_oracle_state_hash(const struct t2_oracle *o)
{
	uint64_t h = 0x7a2d5c3b1e4f6071ull;
	unsigned int i;

	h = mix_bytes(h, o->fds, sizeof(o->fds));
	h = mix(h, (uint64_t)(uint32_t)o->fd_low);
	for (i = 0; i < T2SIM_MAX_GROUPS; i++)
		h = mix(h, (uint64_t)(uint32_t)o->grp[i].fd << 32 ^
				   (uint64_t)(uint32_t)o->grp[i].ctr << 8 ^ o->grp[i].ndev);
	h = mix_bytes(h, o->owner, sizeof(o->owner));
	h = mix(h, o->spaaces_used);
	h = mix(h, o->sim_pins);
	h = mix(h, o->locked);
	h = mix_bytes(h, o->bank_users, sizeof(o->bank_users));
	h = mix(h, (uint64_t)o->fault_armed | (uint64_t)o->fault_fired << 1 |
			   (uint64_t)o->fault_remaining << 8);
	for (i = 0; i < T2_ORACLE_MAX_CONTAINERS; i++)
		if (o->ctr[i] && o->ctr[i]->used)
			h = mix_ctr(mix(h, i), o->ctr[i]);
	return h;
}
