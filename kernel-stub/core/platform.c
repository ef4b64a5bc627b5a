/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * platform.c - the platform description (PLAT-2, PLAT-3, PLAT-5, PLAT-8):
 * presets p4080 and t4240, "preset[,key=value]..." overrides, and the
 * validation of every key.  OS-neutral: every error names its key.
 */
#include "internal.h"

#define KIB 1024ull
#define MIB (1024ull * KIB)
#define GIB (1024ull * MIB)
#define CCSR_SPAN 0x1000000ull

struct plat_group {
	u32 num;
	u32 nliodn;
	u32 liodn[T2SIM_MAX_GROUP_LIODNS];
	char device[T2SIM_DEVNAME_LEN];
};

struct plat_devname {
	u32 num;
	char name[T2SIM_DEVNAME_LEN];
	const char *key;     /* for the error message */
	size_t keylen;
};

struct plat_parse {
	struct t2sim_platform *p;
	u64 off[T2SIM_MAX_BANKS];
	u32 off_set;         /* mask of banks with an MSIIR offset */
	u32 nhuge;
	u64 huge[T2SIM_MAX_HUGE];
	u32 ngroups;
	struct plat_group groups[T2SIM_MAX_GROUPS];
	u32 ndev;
	struct plat_devname dev[T2SIM_MAX_GROUPS];
	struct t2_str err;
	const char *key;     /* current key, for messages */
	size_t keylen;
	const char *val;
	size_t vallen;
};

/* ------------------------------------------------------------ messages */
static int perr_key(struct plat_parse *pp, const char *what)
{
	t2_str_put(&pp->err, "platform: key '");
	t2_str_putn(&pp->err, pp->key, pp->keylen);
	t2_str_put(&pp->err, "': ");
	t2_str_put(&pp->err, what);
	return -EINVAL;
}

static int perr_val(struct plat_parse *pp, const char *what)
{
	t2_str_put(&pp->err, "platform: key '");
	t2_str_putn(&pp->err, pp->key, pp->keylen);
	t2_str_put(&pp->err, "': value '");
	t2_str_putn(&pp->err, pp->val, pp->vallen);
	t2_str_put(&pp->err, "' ");
	t2_str_put(&pp->err, what);
	return -EINVAL;
}

static int perr_range(struct plat_parse *pp, u64 lo, u64 hi, bool hex)
{
	perr_val(pp, "out of range ");
	if (hex) {
		t2_str_hex(&pp->err, lo);
		t2_str_put(&pp->err, "..");
		t2_str_hex(&pp->err, hi);
	} else {
		t2_str_dec(&pp->err, lo);
		t2_str_put(&pp->err, "..");
		t2_str_dec(&pp->err, hi);
	}
	return -EINVAL;
}

/* ------------------------------------------------------------ scanning */
static bool str_eq(const char *a, size_t alen, const char *b)
{
	size_t blen = t2_strlen(b);

	return alen == blen && !os_memcmp(a, b, alen);
}

static bool str_prefix(const char *a, size_t alen, const char *prefix)
{
	size_t plen = t2_strlen(prefix);

	return alen >= plen && !os_memcmp(a, prefix, plen);
}

/* Decimal or 0x-hex; with `suffix`, an optional K/M/G/T (powers of 1024). */
static int parse_num(const char *v, size_t n, bool suffix, u64 *out)
{
	u64 x = 0, mul = 1, base = 10;
	size_t i = 0;

	if (n >= 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (suffix && n > i) {
		switch (v[n - 1]) {
		case 'k': case 'K': mul = KIB; n--; break;
		case 'm': case 'M': mul = MIB; n--; break;
		case 'g': case 'G': mul = GIB; n--; break;
		case 't': case 'T': mul = 1024 * GIB; n--; break;
		default: break;
		}
	}
	if (i >= n)
		return -EINVAL;
	for (; i < n; i++) {
		char c = v[i];
		u64 d;

		if (c >= '0' && c <= '9')
			d = (u64)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (u64)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (u64)(c - 'A' + 10);
		else
			return -EINVAL;
		if (x > (~0ull - d) / base)
			return -ERANGE;
		x = x * base + d;
	}
	if (mul > 1 && x > ~0ull / mul)
		return -ERANGE;
	*out = x * mul;
	return 0;
}

/* The whole value as a number in [lo, hi]. */
static int val_num(struct plat_parse *pp, bool suffix, u64 lo, u64 hi, bool hex,
		   u64 *out)
{
	int r = parse_num(pp->val, pp->vallen, suffix, out);

	if (r == -EINVAL)
		return perr_val(pp, "is not a number");
	if (r || *out < lo || *out > hi)
		return perr_range(pp, lo, hi, hex);
	return 0;
}

/* ------------------------------------------------------------ presets */
static const struct plat_group preset_groups[] = {
	{ 0, 1, { 0x010 }, "t2dev0" },
	{ 1, 1, { 0x011 }, "t2dev1" },
	{ 2, 2, { 0x020, 0x021 }, "t2dev2" },
	{ 3, 1, { 0x030 }, "t2dev3" },
	{ 4, 1, { 0x030 }, "t2dev4" },
	{ 5, 1, { 0x4ff }, "t2dev5" },
};

static int preset(struct plat_parse *pp, const char *name, size_t n)
{
	struct t2sim_platform *p = pp->p;
	u32 i;

	p->page_size = 4096;
	p->max_windows = 256;
	p->spaace_pool = 2048;
	p->msi_policy = T2SIM_POLICY_EXCLUSIVE;
	p->ccsr_base = T2_REF_CCSR;
	p->memlock = 4 * GIB;
	p->cap_ipc_lock = 0;
	p->ram = 32 * GIB;
	p->type2_value = T2_TYPE2_VALUE;
	pp->nhuge = 2;
	pp->huge[0] = 2 * MIB;
	pp->huge[1] = GIB;
	pp->ngroups = sizeof(preset_groups) / sizeof(preset_groups[0]);
	for (i = 0; i < pp->ngroups; i++)
		pp->groups[i] = preset_groups[i];
	if (str_eq(name, n, "p4080")) {
		p->cpus = 8;
		p->msi_banks = 3;
		for (i = 0; i < 3; i++)
			pp->off[i] = 0x44140 + i * 0x1000;
		pp->off_set = 0x7;
		return 0;
	}
	if (str_eq(name, n, "t4240")) {
		p->cpus = 24;
		p->msi_banks = 4;
		for (i = 0; i < 4; i++)
			pp->off[i] = 0x44148 + i * 0x1000;
		pp->off_set = 0xf;
		return 0;
	}
	t2_str_put(&pp->err, "platform: unknown preset '");
	t2_str_putn(&pp->err, name, n);
	t2_str_put(&pp->err, "' (known: p4080, t4240)");
	return -EINVAL;
}

/* ------------------------------------------------------------ keys */
static int key_hugepages(struct plat_parse *pp)
{
	const char *v = pp->val, *end = pp->val + pp->vallen;
	u64 sizes[T2SIM_MAX_HUGE];
	u32 n = 0, i, j;

	while (v < end) {
		const char *q = v;
		u64 x;

		while (q < end && *q != '+')
			q++;
		if (parse_num(v, (size_t)(q - v), true, &x) || !t2_pow2(x) ||
		    x < 8 * KIB || x > GIB)
			return perr_val(pp, "is not a '+' list of powers of two from 8K to 1G");
		for (i = 0; i < n; i++)
			if (sizes[i] == x)
				return perr_val(pp, "repeats a size");
		if (n == T2SIM_MAX_HUGE)
			return perr_val(pp, "has more than 4 sizes");
		sizes[n++] = x;
		v = q < end ? q + 1 : q;
		if (q + 1 == end)
			return perr_val(pp, "ends with '+'");
	}
	/* ascending (INTRO-9) */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && sizes[j - 1] > sizes[j]; j--) {
			u64 t = sizes[j];

			sizes[j] = sizes[j - 1];
			sizes[j - 1] = t;
		}
	pp->nhuge = n;
	for (i = 0; i < n; i++)
		pp->huge[i] = sizes[i];
	return 0;
}

/* 9a: one letter of msi_designs.def, either case (DESIGN-1), a design the
 * core implements. */
static int key_msi_design(struct plat_parse *pp)
{
	static const char *const letters[T2_MSI_DESIGNS] = {
#define T2_MSI_DESIGN(letter, value, section, summary) [value] = #letter,
#include "t2/msi_designs.def"
#undef T2_MSI_DESIGN
	};
	u32 v;

	for (v = 0; v < T2_MSI_DESIGNS; v++) {
		if (!t2_name_eq(pp->val, pp->vallen, letters[v]))
			continue;
		if (!t2_msi_design_get(v))
			return perr_val(pp, "names a design this simulator does not implement");
		pp->p->msi_design = v;
		return 0;
	}
	return perr_val(pp, "is not A, B, C or D");
}

static struct plat_group *find_group(struct plat_parse *pp, u32 num)
{
	u32 i;

	for (i = 0; i < pp->ngroups; i++)
		if (pp->groups[i].num == num)
			return &pp->groups[i];
	return NULL;
}

static int key_group(struct plat_parse *pp, u32 num)
{
	const char *v = pp->val, *end = pp->val + pp->vallen;
	struct plat_group ng, *g;
	u32 i, j;

	os_memset(&ng, 0, sizeof(ng));
	ng.num = num;
	while (v < end) {
		const char *q = v;
		u64 x;
		int r;

		while (q < end && *q != '+')
			q++;
		r = parse_num(v, (size_t)(q - v), false, &x);
		if (r == -EINVAL)
			return perr_val(pp, "is not a '+' list of LIODNs");
		if (r || x >= T2_LIODN_LIMIT)
			return perr_range(pp, 0, T2_LIODN_LIMIT - 1, true);
		for (i = 0; i < ng.nliodn; i++)
			if (ng.liodn[i] == x)
				return perr_val(pp, "repeats a LIODN");
		if (ng.nliodn == T2SIM_MAX_GROUP_LIODNS)
			return perr_val(pp, "has more than 4 LIODNs");
		ng.liodn[ng.nliodn++] = (u32)x;
		if (q + 1 == end)
			return perr_val(pp, "ends with '+'");
		v = q < end ? q + 1 : q;
	}
	for (i = 1; i < ng.nliodn; i++)
		for (j = i; j > 0 && ng.liodn[j - 1] > ng.liodn[j]; j--) {
			u32 t = ng.liodn[j];

			ng.liodn[j] = ng.liodn[j - 1];
			ng.liodn[j - 1] = t;
		}
	g = find_group(pp, num);
	if (!ng.nliodn) {
		/* empty: remove the group */
		if (g) {
			*g = pp->groups[pp->ngroups - 1];
			pp->ngroups--;
		}
		return 0;
	}
	if (g) {
		os_memcpy(ng.device, g->device, sizeof(ng.device));
		*g = ng;
		return 0;
	}
	if (pp->ngroups == T2SIM_MAX_GROUPS)
		return perr_key(pp, "more than 16 groups");
	{
		struct t2_str d;

		t2_str_init(&d, ng.device, sizeof(ng.device));
		t2_str_put(&d, "t2dev");
		t2_str_dec(&d, num);
	}
	pp->groups[pp->ngroups++] = ng;
	return 0;
}

static int key_device(struct plat_parse *pp, u32 num)
{
	struct plat_devname *d = NULL;
	size_t i;

	if (pp->vallen < 1 || pp->vallen > T2SIM_DEVNAME_LEN - 1)
		return perr_val(pp, "is not 1..31 characters of [a-z0-9:._-]");
	for (i = 0; i < pp->vallen; i++) {
		char c = pp->val[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' ||
		      c == '.' || c == '_' || c == '-'))
			return perr_val(pp, "is not 1..31 characters of [a-z0-9:._-]");
	}
	for (i = 0; i < pp->ndev; i++)
		if (pp->dev[i].num == num)
			d = &pp->dev[i];
	if (!d) {
		if (pp->ndev == T2SIM_MAX_GROUPS)
			return perr_key(pp, "more than 16 device names");
		d = &pp->dev[pp->ndev++];
	}
	os_memset(d, 0, sizeof(*d));
	d->num = num;
	os_memcpy(d->name, pp->val, pp->vallen);
	d->key = pp->key;
	d->keylen = pp->keylen;
	return 0;
}

/* "name.N" with N decimal in [0, max]. */
static int key_index(struct plat_parse *pp, size_t prefix, u64 max, u32 *out)
{
	u64 x;
	const char *k = pp->key + prefix;
	size_t n = pp->keylen - prefix;
	size_t i;

	for (i = 0; i < n; i++)
		if (k[i] < '0' || k[i] > '9')
			break;
	if (!n || i != n || parse_num(k, n, false, &x) || x > max) {
		t2_str_put(&pp->err, "platform: unknown key '");
		t2_str_putn(&pp->err, pp->key, pp->keylen);
		t2_str_put(&pp->err, "'");
		return -EINVAL;
	}
	*out = (u32)x;
	return 0;
}

static int one_key(struct plat_parse *pp)
{
	struct t2sim_platform *p = pp->p;
	const char *k = pp->key;
	size_t kl = pp->keylen;
	u64 x;
	u32 idx;
	int r;

	if (str_eq(k, kl, "hugepages"))
		return key_hugepages(pp);
	if (str_eq(k, kl, "max_windows")) {
		r = val_num(pp, false, 1, 65536, false, &x);
		if (!r && !t2_pow2(x))
			return perr_val(pp, "is not a power of two");
		p->max_windows = (u32)x;
		return r;
	}
	if (str_eq(k, kl, "spaace_pool")) {
		r = val_num(pp, false, 0, 65536, false, &x);
		p->spaace_pool = (u32)x;
		return r;
	}
	if (str_eq(k, kl, "cpus")) {
		r = val_num(pp, false, 1, 1024, false, &x);
		p->cpus = (u32)x;
		return r;
	}
	if (str_eq(k, kl, "msi_banks")) {
		r = val_num(pp, false, 0, T2SIM_MAX_BANKS, false, &x);
		p->msi_banks = (u32)x;
		return r;
	}
	if (str_prefix(k, kl, "msiir.")) {
		r = key_index(pp, 6, T2SIM_MAX_BANKS - 1, &idx);
		if (r)
			return r;
		r = val_num(pp, false, 0, CCSR_SPAN - 1, true, &x);
		if (r)
			return r;
		pp->off[idx] = x;
		pp->off_set |= 1u << idx;
		return 0;
	}
	if (str_eq(k, kl, "ccsr_base")) {
		r = val_num(pp, true, 0, ~0ull - CCSR_SPAN + 1, true, &x);
		if (!r && (x & 0xfff))
			return perr_val(pp, "is not 4 KiB aligned");
		p->ccsr_base = x;
		return r;
	}
	if (str_eq(k, kl, "msi_policy")) {
		if (str_eq(pp->val, pp->vallen, "exclusive"))
			p->msi_policy = T2SIM_POLICY_EXCLUSIVE;
		else if (str_eq(pp->val, pp->vallen, "shared"))
			p->msi_policy = T2SIM_POLICY_SHARED;
		else
			return perr_val(pp, "is not 'exclusive' or 'shared'");
		return 0;
	}
	if (str_eq(k, kl, "msi_design"))
		return key_msi_design(pp);
	if (str_eq(k, kl, "memlock")) {
		if (str_eq(pp->val, pp->vallen, "unlimited")) {
			p->memlock = T2SIM_MEMLOCK_UNLIMITED;
			return 0;
		}
		r = parse_num(pp->val, pp->vallen, true, &x);
		if (r == -EINVAL)
			return perr_val(pp, "is not a number or 'unlimited'");
		if (r)
			return perr_val(pp, "is too large");
		if (x & 0xfff)
			return perr_val(pp, "is not a multiple of 4096");
		p->memlock = x;
		return 0;
	}
	if (str_eq(k, kl, "cap_ipc_lock")) {
		r = val_num(pp, false, 0, 1, false, &x);
		p->cap_ipc_lock = (u32)x;
		return r;
	}
	if (str_eq(k, kl, "ram")) {
		r = parse_num(pp->val, pp->vallen, true, &x);
		if (r == -EINVAL)
			return perr_val(pp, "is not a number");
		if (r || !t2_pow2(x) || x < GIB)
			return perr_val(pp, "is not a power of two of at least 1G");
		p->ram = x;
		return 0;
	}
	if (str_prefix(k, kl, "group.")) {
		r = key_index(pp, 6, 1023, &idx);
		return r ? r : key_group(pp, idx);
	}
	if (str_prefix(k, kl, "device.")) {
		r = key_index(pp, 7, 1023, &idx);
		return r ? r : key_device(pp, idx);
	}
	t2_str_put(&pp->err, "platform: unknown key '");
	t2_str_putn(&pp->err, k, kl);
	t2_str_put(&pp->err, "'");
	return -EINVAL;
}

/* ------------------------------------------------------------ whole description */
static int finish(struct plat_parse *pp)
{
	struct t2sim_platform *p = pp->p;
	u32 i, j;

	if (p->ccsr_base < p->ram) {
		t2_str_put(&pp->err, "platform: key 'ccsr_base': value ");
		t2_str_hex(&pp->err, p->ccsr_base);
		t2_str_put(&pp->err, " lies inside RAM [0, ");
		t2_str_hex(&pp->err, p->ram);
		t2_str_put(&pp->err, ")");
		return -EINVAL;
	}
	for (i = 0; i < p->msi_banks; i++) {
		if (!(pp->off_set & (1u << i))) {
			t2_str_put(&pp->err, "platform: key 'msi_banks': value ");
			t2_str_dec(&pp->err, p->msi_banks);
			t2_str_put(&pp->err, " needs msiir.");
			t2_str_dec(&pp->err, i);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if ((pp->off[i] >> 12) == (pp->off[j] >> 12)) {
				t2_str_put(&pp->err, "platform: key 'msiir.");
				t2_str_dec(&pp->err, i);
				t2_str_put(&pp->err, "': doorbell page shared with bank ");
				t2_str_dec(&pp->err, j);
				return -EINVAL;
			}
		}
	}
	for (i = 0; i < T2SIM_MAX_BANKS; i++)
		p->msiir[i] = i < p->msi_banks ? p->ccsr_base + pp->off[i] : 0;
	for (i = 0; i < T2SIM_MAX_HUGE; i++)
		p->hugepage_sizes[i] = i < pp->nhuge ? pp->huge[i] : 0;
	for (i = 0; i < pp->ndev; i++) {
		struct plat_group *g = find_group(pp, pp->dev[i].num);

		if (!g) {
			t2_str_put(&pp->err, "platform: key '");
			t2_str_putn(&pp->err, pp->dev[i].key, pp->dev[i].keylen);
			t2_str_put(&pp->err, "': no group ");
			t2_str_dec(&pp->err, pp->dev[i].num);
			return -EINVAL;
		}
		os_memcpy(g->device, pp->dev[i].name, sizeof(g->device));
	}
	/* groups ascending by number (CORE-14, INTRO-9) */
	for (i = 1; i < pp->ngroups; i++)
		for (j = i; j > 0 && pp->groups[j - 1].num > pp->groups[j].num; j--) {
			struct plat_group t = pp->groups[j];

			pp->groups[j] = pp->groups[j - 1];
			pp->groups[j - 1] = t;
		}
	p->ngroups = pp->ngroups;
	os_memset(p->groups, 0, sizeof(p->groups));
	for (i = 0; i < pp->ngroups; i++) {
		struct t2sim_group_desc *d = &p->groups[i];

		d->group = pp->groups[i].num;
		d->nliodns = pp->groups[i].nliodn;
		for (j = 0; j < d->nliodns; j++)
			d->liodn[j] = pp->groups[i].liodn[j];
		os_memcpy(d->device, pp->groups[i].device, sizeof(d->device));
		d->device[T2SIM_DEVNAME_LEN - 1] = '\0';
	}
	return 0;
}

int t2_platform_parse(const char *text, struct t2sim_platform *p, char *err,
		      size_t errlen)
{
	struct plat_parse *pp;
	const char *s = text ? text : "p4080"; /* "" names no preset: refused */
	const char *q;
	int r;

	os_memset(p, 0, sizeof(*p));
	pp = os_zalloc(sizeof(*pp));
	if (!pp)
		return -ENOMEM;
	pp->p = p;
	t2_str_init(&pp->err, err, errlen);
	for (q = s; *q && *q != ','; q++)
		;
	r = preset(pp, s, (size_t)(q - s));
	while (!r && *q) {
		const char *k = q + 1, *eq, *e;

		for (e = k; *e && *e != ','; e++)
			;
		for (eq = k; eq < e && *eq != '='; eq++)
			;
		pp->key = k;
		pp->keylen = (size_t)(eq - k);
		if (eq == e) {
			if (!pp->keylen) {
				t2_str_put(&pp->err, "platform: empty item in '");
				t2_str_put(&pp->err, s);
				t2_str_put(&pp->err, "'");
				r = -EINVAL;
			} else {
				r = perr_key(pp, "missing '=value'");
			}
			break;
		}
		pp->val = eq + 1;
		pp->vallen = (size_t)(e - eq - 1);
		r = one_key(pp);
		q = e;
	}
	if (!r)
		r = finish(pp);
	if (r)
		os_memset(p, 0, sizeof(*p));
	os_free(pp);
	return r;
}
