/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * prog.c - the program model: op defaults (from the op table, ops.def,
 * expanded in op.c) and the small list operations the tools share (append,
 * remove, compare).  The two forms live in prog_text.c and prog_bin.c.
 */
#include <errno.h>
#include <linux/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "prog/prog.h"
#include "t2/abi.h"

static const char *const profile_names[T2P_NPROFILES] = {
	[T2P_PROFILE_ALL] = "all",
	[T2P_PROFILE_GEOMETRY] = "geometry",
	[T2P_PROFILE_MSI] = "msi",
};

const char *t2p_profile_name(unsigned int profile)
{
	return profile < T2P_NPROFILES ? profile_names[profile] : "all";
}

int t2p_profile_find(const char *name)
{
	int i;

	for (i = 0; i < T2P_NPROFILES; i++)
		if (!strcmp(name, profile_names[i]))
			return i;
	return -1;
}

char t2p_kind_letter(unsigned int kind)
{
	static const char letters[T2P_NKINDS] = { '#', 'c', 'g', 'd', 'b' };

	return kind < T2P_NKINDS ? letters[kind] : '?';
}

/*
 * The binary decoder calls this for every op: a copy of an all-zero op
 * (padding included, like a memset, but in a few vector moves) and table
 * lookups.
 */
void t2p_op_init(struct t2p_op *op, unsigned int code)
{
	static const struct t2p_op zero;

	if (code >= T2P_NOPCODES)
		code = T2P_OP_API_VERSION;
	*op = zero;
	op->code = (uint8_t)code;
	op->argsz = t2p_opinfo[code].argsz;
	op->flags = t2p_opinfo[code].flags;
}

uint32_t t2p_default_argsz(unsigned int code)
{
	return code < T2P_NOPCODES ? t2p_opinfo[code].argsz : 0;
}

uint32_t t2p_default_flags(unsigned int code)
{
	return code < T2P_NOPCODES ? t2p_opinfo[code].flags : 0;
}

void t2p_init(struct t2p_prog *p)
{
	snprintf(p->platform, sizeof(p->platform), "%s", T2P_DEFAULT_PLATFORM);
	p->profile = T2P_PROFILE_ALL;
	p->nops = 0;
}

int t2p_append(struct t2p_prog *p, const struct t2p_op *op)
{
	if (p->nops >= T2P_MAX_OPS)
		return -ENOSPC;
	p->ops[p->nops++] = *op;
	return 0;
}

void t2p_remove(struct t2p_prog *p, unsigned int at, unsigned int n)
{
	if (at >= p->nops)
		return;
	if (n > p->nops - at)
		n = p->nops - at;
	memmove(&p->ops[at], &p->ops[at + n], (p->nops - at - n) * sizeof(p->ops[0]));
	p->nops -= n;
}

int t2p_op_cmp(const struct t2p_op *a, const struct t2p_op *b)
{
	unsigned int i, n;

	if (a->code != b->code || a->null_arg != b->null_arg || a->flags != b->flags ||
	    a->argsz != b->argsz || a->name_len != b->name_len)
		return 1;
	for (i = 0; i < 4; i++)
		if (a->a[i].kind != b->a[i].kind || a->a[i].idx != b->a[i].idx ||
		    a->a[i].val != b->a[i].val)
			return 1;
	n = a->name_len == T2P_NAME_NONUL ? 0 : a->name_len;
	if (n > T2P_NAME_MAX)
		n = T2P_NAME_MAX;
	return memcmp(a->name, b->name, n) != 0;
}

int t2p_cmp(const struct t2p_prog *a, const struct t2p_prog *b)
{
	unsigned int i;

	if (strcmp(a->platform, b->platform) || a->profile != b->profile || a->nops != b->nops)
		return 1;
	for (i = 0; i < a->nops; i++)
		if (t2p_op_cmp(&a->ops[i], &b->ops[i]))
			return 1;
	return 0;
}

int t2p_field_is_u32(unsigned int field)
{
	switch (field) {
	case T2P_F_COUNT:
	case T2P_F_ATTR:
	case T2P_F_BANK:
	case T2P_F_CPU:
	case T2P_F_CACHE:
	case T2P_F_PROT:
	case T2P_F_NTH:
	case T2P_F_LIDX:
	case T2P_F_GNUM:
	case T2P_F_CMD:
	case T2P_F_ARGSZ:
	case T2P_F_FLAGS:
	case T2P_F_CFD:
	case T2P_F_SEED:
		return 1;
	default:
		return 0;
	}
}

unsigned long t2p_cmd_host(uint64_t cmd)
{
	uint32_t g = (uint32_t)cmd, size = (g >> 16) & 0x3fff, dir = g >> 30, hdir;

	hdir = dir ? ((dir & 1) ? _IOC_WRITE : 0) | ((dir & 2) ? _IOC_READ : 0) : _IOC_NONE;
	if (size > _IOC_SIZEMASK) {
		size &= _IOC_SIZEMASK;
		hdir = 0;       /* only where _IOC_NONE is not 0: no _IOC makes it */
	}
	return (unsigned long)hdir << _IOC_DIRSHIFT | (unsigned long)size << _IOC_SIZESHIFT |
	       (g & 0xffff);
}

uint32_t t2p_cmd_prog(unsigned long host)
{
	unsigned long hdir = (host >> _IOC_DIRSHIFT) & _IOC_DIRMASK;
	uint32_t dir = ((hdir & _IOC_WRITE) ? 1u : 0u) | ((hdir & _IOC_READ) ? 2u : 0u);

	return T2P_IOC(dir, _IOC_TYPE(host), _IOC_NR(host), _IOC_SIZE(host));
}

void t2p_device_name(const struct t2p_op *op, char name[T2P_NAME_BUF])
{
	size_t n;

	if (op->name_len == T2P_NAME_NONUL) {
		memset(name, 'a', T2P_NAME_BUF);
		return;
	}
	n = op->name_len > T2P_NAME_MAX ? T2P_NAME_MAX : op->name_len;
	memcpy(name, op->name, n);
	name[n] = '\0';
}

const char *t2p_platform(const struct t2p_prog *p)
{
	return p->platform[0] ? p->platform : T2P_DEFAULT_PLATFORM;
}
