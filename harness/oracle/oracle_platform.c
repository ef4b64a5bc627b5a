/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * oracle_platform.c - the oracle's own reading of the platform description:
 * the PLAT-2 text form (presets and keys of PLAT-3, banks of PLAT-5, groups of
 * PLAT-8) and the INTRO-9 struct a backend reports.  Written from the spec,
 * independently of the simulator's parser: every error names the key.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "oracle/oracle_int.h"

#define KiB (1ull << 10)
#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define MSIIR_LIMIT 0x1000000ull	/* PLAT-3: offsets below 16 MiB */
#define MAX_ENTRIES 64			/* group.N / device.N entries while parsing */

const char *const ora_design_letter[ORA_NDESIGNS] = {
#define T2_MSI_DESIGN(letter, value, section, summary) [value] = #letter,
#include "t2/msi_designs.def"
#undef T2_MSI_DESIGN
};

struct preset {
	const char *name;
	uint32_t cpus;
	uint32_t msi_banks;
	uint64_t msiir0;		/* bank b at msiir0 + b * 0x1000 (PLAT-5) */
};

static const struct preset presets[] = {
	{ "p4080", 8, 3, 0x44140 },
	{ "t4240", 24, 4, 0x44148 },
};

/* PLAT-8: both presets use this table. */
static const struct {
	uint32_t num;
	uint32_t nliodns;
	uint32_t liodn[2];
} preset_groups[] = {
	{ 0, 1, { 0x010 } },
	{ 1, 1, { 0x011 } },
	{ 2, 2, { 0x020, 0x021 } },
	{ 3, 1, { 0x030 } },
	{ 4, 1, { 0x030 } },
	{ 5, 1, { 0x4ff } },
};

struct entry {
	uint32_t num;
	bool present;			/* the group exists */
	bool dev_set;
	uint32_t nliodns;
	uint32_t liodn[T2SIM_MAX_GROUP_LIODNS];
	char dev[T2SIM_DEVNAME_LEN];
};

struct parse {
	struct ora_plat *p;
	struct entry e[MAX_ENTRIES];
	uint32_t ne;
	uint32_t msiir_known;		/* banks with an offset: the preset's, or msiir.B */
	char *err;
	size_t errlen;
};

static int fail(char *err, size_t errlen, const char *fmt, const char *key, const char *val)
{
	if (err && errlen)
		snprintf(err, errlen, fmt, key, val);
	return -EINVAL;
}

/* decimal or 0x hex, optional K/M/G/T (binary) suffix; no sign, no overflow */
static int parse_num(const char *s, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	unsigned int base = 10, d;
	const char *q = s;

	if (!*q)
		return -EINVAL;
	if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
		base = 16;
		q += 2;
		if (!*q)
			return -EINVAL;
	}
	for (; *q; q++) {
		char ch = *q;

		if (ch >= '0' && ch <= '9')
			d = (unsigned int)(ch - '0');
		else if (base == 16 && ch >= 'a' && ch <= 'f')
			d = (unsigned int)(ch - 'a' + 10);
		else if (base == 16 && ch >= 'A' && ch <= 'F')
			d = (unsigned int)(ch - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	if (q == s)
		return -EINVAL;
	if (*q) {
		switch (*q) {
		case 'K': case 'k': mul = KiB; break;
		case 'M': case 'm': mul = MiB; break;
		case 'G': case 'g': mul = GiB; break;
		case 'T': case 't': mul = 1ull << 40; break;
		default: return -EINVAL;
		}
		if (q[1])
			return -EINVAL;
		if (v > UINT64_MAX / mul)
			return -EINVAL;
		v *= mul;
	}
	*out = v;
	return 0;
}

/* plain decimal index ("group.12"), up to max */
static int parse_index(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return -EINVAL;
	}
	*out = v;
	return 0;
}

static bool valid_devname(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 1 || n > 31)
		return false;
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == ':' ||
		      ch == '.' || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

static void sort_u32(uint32_t *v, uint32_t n)
{
	uint32_t i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint32_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static struct entry *entry_get(struct parse *ps, uint32_t num)
{
	uint32_t i;

	for (i = 0; i < ps->ne; i++)
		if (ps->e[i].num == num)
			return &ps->e[i];
	if (ps->ne == MAX_ENTRIES)
		return NULL;
	ps->e[ps->ne] = (struct entry){ .num = num };
	return &ps->e[ps->ne++];
}

static int parse_hugepages(const char *key, const char *val, struct ora_plat *p, char *err,
			   size_t errlen)
{
	char buf[128];
	char *tok, *save = NULL;
	uint32_t n = 0, i, j;
	uint64_t sz[T2SIM_MAX_HUGE] = { 0 };

	if (strlen(val) >= sizeof(buf))
		return fail(err, errlen, "platform: key '%s': value '%s' is too long", key, val);
	strcpy(buf, val);
	for (tok = strtok_r(buf, "+", &save); tok; tok = strtok_r(NULL, "+", &save)) {
		uint64_t v;

		if (parse_num(tok, &v) || !ora_is_pow2(v) || v < 8 * KiB || v > GiB)
			return fail(err, errlen,
				    "platform: key '%s': '%s' is not a power of two from 8K to 1G",
				    key, tok);
		if (n == T2SIM_MAX_HUGE)
			return fail(err, errlen, "platform: key '%s': more than 4 sizes in '%s'",
				    key, val);
		for (i = 0; i < n; i++)
			if (sz[i] == v)
				return fail(err, errlen,
					    "platform: key '%s': size '%s' given twice", key, tok);
		sz[n++] = v;
	}
	/* an empty value is "no hugepages"; "2M++1G" is refused */
	if (*val && (val[0] == '+' || val[strlen(val) - 1] == '+' || strstr(val, "++")))
		return fail(err, errlen, "platform: key '%s': empty size in '%s'", key, val);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && sz[j - 1] > sz[j]; j--) {
			uint64_t t = sz[j];

			sz[j] = sz[j - 1];
			sz[j - 1] = t;
		}
	memcpy(p->huge, sz, sizeof(sz));
	return 0;
}

static int parse_liodns(const char *key, const char *val, struct entry *e, char *err,
			size_t errlen)
{
	char buf[128];
	char *tok, *save = NULL;
	uint32_t n = 0, i;

	if (strlen(val) >= sizeof(buf))
		return fail(err, errlen, "platform: key '%s': value '%s' is too long", key, val);
	if (!*val) {
		e->present = false;	/* PLAT-3: empty removes the group */
		return 0;
	}
	if (val[0] == '+' || val[strlen(val) - 1] == '+' || strstr(val, "++"))
		return fail(err, errlen, "platform: key '%s': empty LIODN in '%s'", key, val);
	strcpy(buf, val);
	for (tok = strtok_r(buf, "+", &save); tok; tok = strtok_r(NULL, "+", &save)) {
		uint64_t v;

		if (parse_num(tok, &v) || v >= ORA_MAX_LIODN)
			return fail(err, errlen,
				    "platform: key '%s': LIODN '%s' is not a number below 0x500",
				    key, tok);
		if (n == T2SIM_MAX_GROUP_LIODNS)
			return fail(err, errlen,
				    "platform: key '%s': more than 4 LIODNs in '%s'", key, val);
		for (i = 0; i < n; i++)
			if (e->liodn[i] == v)
				return fail(err, errlen,
					    "platform: key '%s': LIODN '%s' given twice", key, tok);
		e->liodn[n++] = (uint32_t)v;
	}
	sort_u32(e->liodn, n);
	e->nliodns = n;
	e->present = true;
	return 0;
}

static int num_key(const char *key, const char *val, uint64_t lo, uint64_t hi, bool pow2,
		   uint64_t *out, char *err, size_t errlen)
{
	uint64_t v;

	if (parse_num(val, &v) || v < lo || v > hi || (pow2 && !ora_is_pow2(v)))
		return fail(err, errlen, "platform: key '%s': value '%s' is out of range", key,
			    val);
	*out = v;
	return 0;
}

/*
 * The numeric keys of PLAT-3, one row each: the allowed range, power of two
 * or not, an alignment, a word allowed instead of a number, and the field
 * that holds the value (the same name in struct ora_plat and in the INTRO-9
 * struct, which ora_plat_from_struct() checks against the same rows and
 * ora_plat_to_struct() fills from them).
 */
struct num_key {
	const char *key;
	uint64_t lo, hi;
	bool pow2;
	uint64_t align;                 /* 0: any; else the value is a multiple */
	const char *align_what;         /* "4 KiB aligned" */
	const char *word;               /* "unlimited", or NULL */
	uint64_t word_val;
	bool struct_zero_ok;            /* INTRO-9 only: 0 means "none" (ram in the module) */
	size_t off, size;               /* in struct ora_plat */
	size_t soff, ssize;             /* in struct t2sim_platform */
};

#define NK_FIELD(f) offsetof(struct ora_plat, f), sizeof(((struct ora_plat *)0)->f), \
	offsetof(struct t2sim_platform, f), sizeof(((struct t2sim_platform *)0)->f)

static const struct num_key num_keys[] = {
	{ "max_windows", 1, 65536, true, 0, NULL, NULL, 0, false, NK_FIELD(max_windows) },
	{ "spaace_pool", 0, 65536, false, 0, NULL, NULL, 0, false, NK_FIELD(spaace_pool) },
	{ "cpus", 1, 1024, false, 0, NULL, NULL, 0, false, NK_FIELD(cpus) },
	{ "msi_banks", 0, T2SIM_MAX_BANKS, false, 0, NULL, NULL, 0, false, NK_FIELD(msi_banks) },
	{ "ccsr_base", 0, UINT64_MAX, false, 0x1000, "4 KiB aligned", NULL, 0, false,
	  NK_FIELD(ccsr_base) },
	{ "memlock", 0, UINT64_MAX - 0xfff, false, 0x1000, "a multiple of 4096", "unlimited",
	  T2SIM_MEMLOCK_UNLIMITED, false, NK_FIELD(memlock) },
	{ "ram", GiB, 1ull << 63, true, 0, NULL, NULL, 0, true, NK_FIELD(ram) },
	{ "cap_ipc_lock", 0, 1, false, 0, NULL, NULL, 0, false, NK_FIELD(cap_ipc_lock) },
};

static uint64_t field_get(const void *base, size_t off, size_t size)
{
	uint32_t v32;
	uint64_t v64;

	if (size == sizeof(v32)) {
		memcpy(&v32, (const char *)base + off, sizeof(v32));
		return v32;
	}
	memcpy(&v64, (const char *)base + off, sizeof(v64));
	return v64;
}

static void field_set(void *base, size_t off, size_t size, uint64_t v)
{
	uint32_t v32 = (uint32_t)v;

	if (size == sizeof(v32))
		memcpy((char *)base + off, &v32, sizeof(v32));
	else
		memcpy((char *)base + off, &v, sizeof(v));
}

/* A row's range and alignment checks; `what` names the key or field in the message. */
static int num_check(const struct num_key *k, uint64_t v, const char *what, const char *val,
		     char *err, size_t errlen)
{
	if (v < k->lo || v > k->hi || (k->pow2 && !ora_is_pow2(v))) {
		if (err && errlen)
			snprintf(err, errlen, "%s '%s': value '%s' is out of range", what, k->key,
				 val);
		return -EINVAL;
	}
	if (k->align && v % k->align) {
		if (err && errlen)
			snprintf(err, errlen, "%s '%s': value '%s' is not %s", what, k->key, val,
				 k->align_what);
		return -EINVAL;
	}
	return 0;
}

/* key=val for a row of num_keys: 0, or -EINVAL naming the key. */
static int set_num_key(const struct num_key *k, const char *val, struct ora_plat *p, char *err,
		       size_t errlen)
{
	uint64_t v;
	int r;

	if (k->word && !strcmp(val, k->word)) {
		v = k->word_val;
	} else {
		if (parse_num(val, &v))
			return fail(err, errlen, "platform: key '%s': value '%s' is out of range",
				    k->key, val);
		r = num_check(k, v, "platform: key", val, err, errlen);
		if (r)
			return r;
	}
	field_set(p, k->off, k->size, v);
	return 0;
}

/* The INTRO-9 struct's values against the same rows. */
static int check_num_fields(const struct t2sim_platform *sp, struct ora_plat *p, char *err,
			    size_t errlen)
{
	char val[24];
	size_t i;
	int r;

	for (i = 0; i < sizeof(num_keys) / sizeof(num_keys[0]); i++) {
		const struct num_key *k = &num_keys[i];
		uint64_t v = field_get(sp, k->soff, k->ssize);

		if (!(k->word && v == k->word_val) && !(k->struct_zero_ok && !v)) {
			snprintf(val, sizeof(val), "%#llx", (unsigned long long)v);
			r = num_check(k, v, "platform struct: field", val, err, errlen);
			if (r)
				return r;
		}
		field_set(p, k->off, k->size, v);
	}
	return 0;
}

static int set_key(struct parse *ps, const char *key, const char *val)
{
	struct ora_plat *p = ps->p;
	char *err = ps->err;
	size_t el = ps->errlen;
	uint64_t v;
	size_t i;
	int r;

	if (!strcmp(key, "hugepages"))
		return parse_hugepages(key, val, p, err, el);
	for (i = 0; i < sizeof(num_keys) / sizeof(num_keys[0]); i++)
		if (!strcmp(key, num_keys[i].key))
			return set_num_key(&num_keys[i], val, p, err, el);
	if (!strncmp(key, "msiir.", 6)) {
		uint64_t b;

		if (parse_index(key + 6, T2SIM_MAX_BANKS - 1, &b))
			return fail(err, el, "platform: unknown key '%s'%s", key, "");
		r = num_key(key, val, 0, MSIIR_LIMIT - 1, false, &v, err, el);
		if (!r) {
			p->msiir_off[b] = v;
			ps->msiir_known |= 1u << b;
		}
		return r;
	}
	if (!strcmp(key, "msi_policy")) {
		if (!strcmp(val, "exclusive"))
			p->policy = T2SIM_POLICY_EXCLUSIVE;
		else if (!strcmp(val, "shared"))
			p->policy = T2SIM_POLICY_SHARED;
		else
			return fail(err, el,
				    "platform: key '%s': value '%s' is not exclusive or shared",
				    key, val);
		return 0;
	}
	if (!strcmp(key, "msi_design")) {
		/* spec 9a DESIGN-1: one letter of the MSI designs, either case */
		for (i = 0; i < ORA_NDESIGNS; i++)
			if (!strcasecmp(val, ora_design_letter[i])) {
				p->design = (uint32_t)i;
				return 0;
			}
		return fail(err, el, "platform: key '%s': value '%s' is not A, B, C or D", key,
			    val);
	}
	if (!strncmp(key, "group.", 6) || !strncmp(key, "device.", 7)) {
		bool is_group = key[0] == 'g';
		uint64_t num;
		struct entry *e;

		if (parse_index(key + (is_group ? 6 : 7), UINT32_MAX, &num))
			return fail(err, el, "platform: unknown key '%s'%s", key, "");
		e = entry_get(ps, (uint32_t)num);
		if (!e)
			return fail(err, el, "platform: key '%s': too many group keys%s", key, "");
		if (is_group)
			return parse_liodns(key, val, e, err, el);
		if (!valid_devname(val))
			return fail(err, el,
				    "platform: key '%s': '%s' is not 1..31 chars of [a-z0-9:._-]",
				    key, val);
		strcpy(e->dev, val);
		e->dev_set = true;
		return 0;
	}
	return fail(err, el, "platform: unknown key '%s'%s", key, "");
}

static void preset_defaults(const struct preset *pr, struct parse *ps)
{
	struct ora_plat *p = ps->p;
	uint32_t i, b;

	memset(p, 0, sizeof(*p));
	p->huge[0] = 2 * MiB;
	p->huge[1] = GiB;
	p->max_windows = 256;
	p->spaace_pool = 2048;
	p->cpus = pr->cpus;
	p->msi_banks = pr->msi_banks;
	/* PLAT-5 gives offsets for the preset's banks only (docs/oracle.md) */
	for (b = 0; b < pr->msi_banks; b++)
		p->msiir_off[b] = pr->msiir0 + (uint64_t)b * 0x1000;
	ps->msiir_known = (1u << pr->msi_banks) - 1;
	p->ccsr_base = 0xffe000000ull;
	p->policy = T2SIM_POLICY_EXCLUSIVE;
	p->memlock = 4 * GiB;
	p->cap_ipc_lock = 0;
	p->ram = 32 * GiB;
	p->type2 = T2_TYPE2_VALUE;
	ps->ne = 0;
	for (i = 0; i < sizeof(preset_groups) / sizeof(preset_groups[0]); i++) {
		struct entry *e = &ps->e[ps->ne++];

		*e = (struct entry){ .num = preset_groups[i].num, .present = true,
				     .nliodns = preset_groups[i].nliodns };
		memcpy(e->liodn, preset_groups[i].liodn, sizeof(preset_groups[i].liodn));
	}
}

static int entries_to_groups(struct parse *ps)
{
	struct ora_plat *p = ps->p;
	uint32_t i, j, n = 0;
	char key[32];

	for (i = 0; i < ps->ne; i++) {
		struct entry *e = &ps->e[i];

		if (!e->present) {
			if (e->dev_set) {
				snprintf(key, sizeof(key), "device.%u", e->num);
				return fail(ps->err, ps->errlen,
					    "platform: key '%s': group %s does not exist", key,
					    key + 7);
			}
			continue;
		}
		if (n == T2SIM_MAX_GROUPS) {
			snprintf(key, sizeof(key), "group.%u", e->num);
			return fail(ps->err, ps->errlen,
				    "platform: key '%s': more than 16 groups%s", key, "");
		}
		p->grp[n].num = e->num;
		p->grp[n].nliodns = e->nliodns;
		memcpy(p->grp[n].liodn, e->liodn, sizeof(e->liodn));
		if (e->dev_set)
			strcpy(p->grp[n].dev, e->dev);
		else
			snprintf(p->grp[n].dev, sizeof(p->grp[n].dev), "t2dev%u", e->num);
		n++;
	}
	/* ascending group number (CORE-14, INTRO-9) */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && p->grp[j - 1].num > p->grp[j].num; j--) {
			struct ora_group_desc t = p->grp[j];

			p->grp[j] = p->grp[j - 1];
			p->grp[j - 1] = t;
		}
	p->ngroups = n;
	return 0;
}

int ora_plat_finish(struct ora_plat *p, char *err, size_t errlen)
{
	uint32_t i, j, k;
	char key[32];

	/* 9a: the oracle models the designs whose section it implements */
	if (!ora_design_ops(p->design))
		return fail(err, errlen, "platform: key 'msi_design': value '%s': %s",
			    ora_design_letter[p->design], "design not modelled by the oracle");

	if (p->ram && p->ccsr_base < p->ram)
		return fail(err, errlen, "platform: key '%s': CCSR base lies inside RAM%s",
			    "ccsr_base", "");
	if (p->ccsr_base > UINT64_MAX - MSIIR_LIMIT)
		return fail(err, errlen, "platform: key '%s': CCSR base is too high%s",
			    "ccsr_base", "");
	for (i = 0; i < p->msi_banks; i++)
		for (j = 0; j < i; j++)
			if (ora_doorbell(p, i) == ora_doorbell(p, j)) {
				snprintf(key, sizeof(key), "msiir.%u", i);
				return fail(err, errlen,
					    "platform: key '%s': shares its doorbell page with %s",
					    key, "another bank");
			}
	/* dense LIODN ids, in ascending value */
	p->ndl = 0;
	for (i = 0; i < p->ngroups; i++)
		for (k = 0; k < p->grp[i].nliodns; k++) {
			uint32_t v = p->grp[i].liodn[k];

			for (j = 0; j < p->ndl && p->dl_value[j] != v; j++)
				;
			if (j == p->ndl)
				p->dl_value[p->ndl++] = v;
		}
	sort_u32(p->dl_value, p->ndl);
	for (i = 0; i < p->ngroups; i++) {
		p->grp[i].dmask = 0;
		for (k = 0; k < p->grp[i].nliodns; k++)
			for (j = 0; j < p->ndl; j++)
				if (p->dl_value[j] == p->grp[i].liodn[k])
					p->grp[i].dmask |= 1ull << j;
	}
	return 0;
}

int ora_plat_parse(const char *s, struct ora_plat *p, char *err, size_t errlen)
{
	struct parse *ps;
	char *buf, *tok, *save = NULL;
	const struct preset *pr = NULL;
	size_t i;
	int r = 0;

	if (!s)
		s = "p4080";
	ps = calloc(1, sizeof(*ps));
	buf = strdup(s);
	if (!ps || !buf) {
		free(ps);
		free(buf);
		return fail(err, errlen, "platform: %s%s", "out of memory", "");
	}
	ps->p = p;
	ps->err = err;
	ps->errlen = errlen;
	/* the preset is the text before the first comma (strtok_r would skip empties) */
	tok = buf;
	save = strchr(buf, ',');
	if (save)
		*save++ = '\0';
	for (i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		if (!strcmp(tok, presets[i].name))
			pr = &presets[i];
	if (!pr) {
		r = fail(err, errlen, "platform: unknown preset '%s'%s (p4080 or t4240)", tok,
			 "");
		goto out;
	}
	preset_defaults(pr, ps);
	while (save) {
		char *eq;

		tok = save;
		save = strchr(tok, ',');
		if (save)
			*save++ = '\0';
		eq = strchr(tok, '=');
		if (!*tok) {
			r = fail(err, errlen, "platform: empty key in '%s'%s", s, "");
			goto out;
		}
		if (!eq) {
			r = fail(err, errlen, "platform: key '%s' has no '=value'%s", tok, "");
			goto out;
		}
		*eq = '\0';
		r = set_key(ps, tok, eq + 1);
		if (r)
			goto out;
	}
	for (i = 0; i < p->msi_banks; i++)
		if (!(ps->msiir_known & (1u << i))) {
			char val[48];

			snprintf(val, sizeof(val), "%u needs msiir.%zu", p->msi_banks, i);
			r = fail(err, errlen, "platform: key '%s': value %s (no default offset)",
				 "msi_banks", val);
			goto out;
		}
	r = entries_to_groups(ps);
	if (!r)
		r = ora_plat_finish(p, err, errlen);
out:
	free(buf);
	free(ps);
	return r;
}

int ora_plat_from_struct(const struct t2sim_platform *sp, struct ora_plat *p, char *err,
			 size_t errlen)
{
	uint32_t i, j, k, nh = 0;
	char key[48];
	int r;

	memset(p, 0, sizeof(*p));
	if (sp->page_size != ORA_PAGE)
		return fail(err, errlen, "platform struct: field '%s': not 4096%s", "page_size",
			    "");
	r = check_num_fields(sp, p, err, errlen);
	if (r)
		return r;
	if (sp->msi_policy > T2SIM_POLICY_SHARED)
		return fail(err, errlen, "platform struct: field '%s': out of range%s",
			    "msi_policy", "");
	if (sp->type2_value != 2 && sp->type2_value != 1000 && sp->type2_value != 7)
		return fail(err, errlen, "platform struct: field '%s': not 2, 1000 or 7%s",
			    "type2_value", "");
	if (sp->ngroups > T2SIM_MAX_GROUPS)
		return fail(err, errlen, "platform struct: field '%s': more than 16%s", "ngroups",
			    "");
	if (sp->msi_design >= ORA_NDESIGNS)
		return fail(err, errlen, "platform struct: field '%s': not a design (9a)%s",
			    "msi_design", "");
	p->policy = sp->msi_policy;
	p->design = sp->msi_design;
	for (i = 0; i < sp->msi_banks; i++) {
		if (sp->msiir[i] < sp->ccsr_base || sp->msiir[i] - sp->ccsr_base >= MSIIR_LIMIT) {
			snprintf(key, sizeof(key), "msiir[%u]", i);
			return fail(err, errlen,
				    "platform struct: field '%s': not inside CCSR%s", key, "");
		}
		p->msiir_off[i] = sp->msiir[i] - sp->ccsr_base;
	}
	for (i = 0; i < T2SIM_MAX_HUGE; i++) {
		uint64_t v = sp->hugepage_sizes[i];

		if (!v)
			continue;
		if (!ora_is_pow2(v) || v < 8 * KiB || v > GiB || (nh && p->huge[nh - 1] >= v))
			return fail(err, errlen,
				    "platform struct: field '%s': bad or unsorted size%s",
				    "hugepage_sizes", "");
		p->huge[nh++] = v;
	}
	p->switches = sp->switches;
	p->type2 = sp->type2_value;
	p->ngroups = sp->ngroups;
	for (i = 0; i < sp->ngroups; i++) {
		const struct t2sim_group_desc *g = &sp->groups[i];
		struct ora_group_desc *d = &p->grp[i];

		snprintf(key, sizeof(key), "groups[%u]", i);
		if (g->nliodns < 1 || g->nliodns > T2SIM_MAX_GROUP_LIODNS)
			return fail(err, errlen, "platform struct: field '%s': bad nliodns%s", key,
				    "");
		if (i && g->group <= sp->groups[i - 1].group)
			return fail(err, errlen,
				    "platform struct: field '%s': groups not ascending%s", key, "");
		if (!memchr(g->device, '\0', sizeof(g->device)) || !valid_devname(g->device))
			return fail(err, errlen, "platform struct: field '%s': bad device name%s",
				    key, "");
		d->num = g->group;
		d->nliodns = 0;
		for (k = 0; k < g->nliodns; k++) {
			if (g->liodn[k] >= ORA_MAX_LIODN)
				return fail(err, errlen,
					    "platform struct: field '%s': LIODN >= 0x500%s", key,
					    "");
			for (j = 0; j < d->nliodns && d->liodn[j] != g->liodn[k]; j++)
				;
			if (j == d->nliodns)
				d->liodn[d->nliodns++] = g->liodn[k];
		}
		sort_u32(d->liodn, d->nliodns);
		strcpy(d->dev, g->device);
	}
	return ora_plat_finish(p, err, errlen);
}

void ora_plat_to_struct(const struct ora_plat *p, struct t2sim_platform *sp)
{
	const struct num_key *k;
	uint32_t i;

	sp->page_size = (uint32_t)ORA_PAGE;
	for (k = num_keys; k < num_keys + sizeof(num_keys) / sizeof(num_keys[0]); k++)
		field_set(sp, k->soff, k->ssize, field_get(p, k->off, k->size));
	sp->msi_policy = p->policy;
	sp->msi_design = p->design;
	for (i = 0; i < T2SIM_MAX_BANKS; i++)
		sp->msiir[i] = i < p->msi_banks ? ora_msiir(p, i) : 0;
	for (i = 0; i < T2SIM_MAX_HUGE; i++)
		sp->hugepage_sizes[i] = p->huge[i];
	sp->switches = p->switches;
	sp->type2_value = p->type2;
	sp->ngroups = p->ngroups;
	memset(sp->groups, 0, sizeof(sp->groups));
	for (i = 0; i < p->ngroups; i++) {
		sp->groups[i].group = p->grp[i].num;
		sp->groups[i].nliodns = p->grp[i].nliodns;
		memcpy(sp->groups[i].liodn, p->grp[i].liodn, sizeof(p->grp[i].liodn));
		memcpy(sp->groups[i].device, p->grp[i].dev, sizeof(p->grp[i].dev));
	}
}
