/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * personality.c - switch names and selection (PERS-1, PERS-2, PERS-9), crash points
 * (PERS-4), and the small string builder the core uses for messages.
 */
#include "internal.h"

/* ------------------------------------------------------------ strings */
size_t t2_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

void t2_str_init(struct t2_str *b, char *buf, size_t len)
{
	b->buf = buf;
	b->len = len;
	b->pos = 0;
	if (buf && len)
		buf[0] = '\0';
}

void t2_str_putn(struct t2_str *b, const char *s, size_t n)
{
	size_t i;

	if (!b->buf || !b->len)
		return;
	for (i = 0; i < n && s[i] && b->pos + 1 < b->len; i++)
		b->buf[b->pos++] = s[i];
	b->buf[b->pos] = '\0';
}

void t2_str_put(struct t2_str *b, const char *s)
{
	t2_str_putn(b, s, (size_t)-1);
}

void t2_str_dec(struct t2_str *b, u64 v)
{
	char tmp[24];
	int i = 23;

	tmp[i] = '\0';
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	t2_str_put(b, tmp + i);
}

void t2_str_hex(struct t2_str *b, u64 v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	int i = 23;

	tmp[i] = '\0';
	do {
		tmp[--i] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	tmp[--i] = 'x';
	tmp[--i] = '0';
	t2_str_put(b, tmp + i);
}

/* ------------------------------------------------------------ switches */
struct t2_switch_desc {
	const char *name;
	u64 bit;
};

/* sdk2013's switches, then designs2013's (PERS-9): one name space */
static const struct t2_switch_desc t2_switches[] = {
#define T2_SWITCH(name, bit, matrix, summary) { #name, 1ull << (bit) },
#include "t2/switches.def"
#undef T2_SWITCH
#define T2_DSWITCH(name, bit, design, summary) { #name, 1ull << (bit) },
#include "t2/designs2013.def"
#undef T2_DSWITCH
};

#define T2_NSWITCHES (sizeof(t2_switches) / sizeof(t2_switches[0]))

/* "B1 B2 ... L3", for messages */
static const char t2_switch_list[] = ""
#define T2_SWITCH(name, bit, matrix, summary) #name " "
#include "t2/switches.def"
#undef T2_SWITCH
#define T2_DSWITCH(name, bit, design, summary) #name " "
#include "t2/designs2013.def"
#undef T2_DSWITCH
	"all";

const char *t2_switch_name(u64 sw_bit)
{
	size_t i;

	for (i = 0; i < T2_NSWITCHES; i++)
		if (t2_switches[i].bit == sw_bit)
			return t2_switches[i].name;
	return "B?";
}

/*
 * Switch and personality names are matched without regard to case (the one
 * rule for every front end: t2h, t2conf, the fuzz targets and the module's
 * defects=/personality= parameters, docs/spec.md PERS-2): "b6" and "B6"
 * name the same switch; messages and reports print the table's spelling.
 * The platform's msi_design letter is matched the same way (DESIGN-1).
 */
bool t2_name_eq(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++) {
		char x = a[i], y = b[i];

		if (x >= 'a' && x <= 'z')
			x = (char)(x - 'a' + 'A');
		if (y >= 'a' && y <= 'z')
			y = (char)(y - 'a' + 'A');
		if (!y || x != y)
			return false;
	}
	return b[alen] == '\0';
}

int t2_switches_parse(const char *list, u64 *mask, char *err, size_t errlen)
{
	struct t2_str e;
	const char *p = list ? list : "";
	u64 m = 0;

	t2_str_init(&e, err, errlen);
	while (*p) {
		const char *q = p;
		size_t n, i;
		bool found = false;

		while (*q && *q != ',')
			q++;
		n = (size_t)(q - p);
		if (n == 3 && t2_name_eq(p, n, "ALL")) {
			m |= T2_SW_ALL;
			found = true;
		}
		for (i = 0; !found && i < T2_NSWITCHES; i++) {
			if (t2_name_eq(p, n, t2_switches[i].name)) {
				m |= t2_switches[i].bit;
				found = true;
			}
		}
		if (!found && n) {
			t2_str_put(&e, "unknown defect switch '");
			t2_str_putn(&e, p, n);
			t2_str_put(&e, "' (known: ");
			t2_str_put(&e, t2_switch_list);
			t2_str_put(&e, ")");
			return -EINVAL;
		}
		p = *q ? q + 1 : q;
	}
	*mask = m;
	return 0;
}

void t2_switches_format(u64 mask, char *buf, size_t len)
{
	struct t2_str b;
	size_t i;
	bool any = false;

	t2_str_init(&b, buf, len);
	for (i = 0; i < T2_NSWITCHES; i++) {
		if (!(mask & t2_switches[i].bit))
			continue;
		if (any)
			t2_str_put(&b, ",");
		t2_str_put(&b, t2_switches[i].name);
		any = true;
	}
	if (!any)
		t2_str_put(&b, "none");
}

int t2_personality_parse(const char *name, u64 *mask)
{
	if (!name || t2_name_eq(name, t2_strlen(name), "spec")) {
		*mask = 0;
		return 0;
	}
	if (t2_name_eq(name, t2_strlen(name), "sdk2013")) {
		*mask = T2_SW_ALL;
		return 0;
	}
	if (t2_name_eq(name, t2_strlen(name), "designs2013")) {
		*mask = T2_SW_DESIGNS; /* PERS-9 */
		return 0;
	}
	return -EINVAL;
}

/* ------------------------------------------------------------ crash points */
long t2_crash(struct t2_sim *s, u64 sw_bit, const char *reason)
{
	char line[160];
	struct t2_str b;

	os_atomic_inc(&s->crash_points);
	t2_str_init(&b, line, sizeof(line));
	t2_str_put(&b, "t2sim: ");
	t2_str_put(&b, t2_switch_name(sw_bit));
	t2_str_put(&b, ": reference crash: ");
	t2_str_put(&b, reason);
	os_log(s->env, line);
	return -T2_ECRASH;
}
