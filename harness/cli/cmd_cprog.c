/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * cmd_cprog.c - `t2h cprog FILE [-o OUT.c]`: writes a standalone C reproducer
 * of a program: raw ioctl(2) calls with named constants against /dev/vfio
 * (or the root given as its first argument, e.g. /dev/t2sim), buildable with
 * `gcc -o repro repro.c` alone (the ABI is written into the file), printing
 * TAP.  Every op is a test point whose expected result is the oracle's
 * prediction; comments name the rule that decides it and the rule the
 * program violated.  The program is run once here (on the configured
 * backend) to get the predictions and the finding; the reproducer stops
 * after the op where the finding showed, with a check of what went wrong
 * (return value, argument bytes, a counter, a translation, or the
 * counter invariants).
 *
 * A concurrent block (docs/concurrency.md) becomes one function per thread
 * (pthreads, started from one barrier); each call's result is kept and,
 * after the join, checked where the finding is (the call no serial order
 * explains: expected the oracle's answer) and printed for the others,
 * whose answers depend on the order.  The block's schedule seed reproduces
 * the interleaving on the stub; on a device the race may need reruns.
 * Build with `gcc -pthread`.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/exec.h"
#include "exec/found_with.h"
#include "prog/op.h"
#include "prog/prog.h"
#include "t2h.h"
#include "t2/abi.h"
#include "t2/sim.h"

struct pred {
	int have;
	long bret, oret;
	const char *rule;
};

struct cprog {
	FILE *f;
	int in_thread;          /* emitting a block's thread: keep results in ret[] */
	const struct t2p_prog *p;
	struct pred pred[T2P_MAX_OPS];
	struct t2x_result res;
	unsigned int count[T2P_NKINDS];
};

static void on_op(void *ctx, unsigned int op, long bret, long oret, const char *rule)
{
	struct cprog *c = ctx;

	if (op >= T2P_MAX_OPS)
		return;
	c->pred[op].have = 1;
	c->pred[op].bret = bret;
	c->pred[op].oret = oret;
	c->pred[op].rule = rule ? rule : "-";
}

/* ------------------------------------------------------------ the fixed part */

/* Does a row before (i, j) fill the same member of the same struct? */
static int pinned_before(unsigned int i, unsigned int j)
{
	const struct t2p_layout *l = &t2p_layout[i];
	unsigned int k, n;

	for (k = 0; k <= i; k++)
		for (n = 0; n < t2p_layout[k].nputs && (k < i || n < j); n++)
			if (t2p_layout[k].argk == T2P_ARGK_STRUCT && !strcmp(t2p_layout[k].type, l->type) &&
			    !strcmp(t2p_layout[k].put[n].member, l->put[j].member))
				return 1;
	return 0;
}

/* Pins every struct member the op table fills (ops.def) at the offset and
 * size the ABI header gives it, so that the structs written above cannot
 * drift from the bytes the executor passed. */
static void emit_abi_pins(FILE *f)
{
	unsigned int i, j;

	for (i = 0; i < T2P_NOPCODES; i++) {
		const struct t2p_layout *l = &t2p_layout[i];

		if (l->argk != T2P_ARGK_STRUCT)
			continue;
		if (!pinned_before(i, 0))
			fprintf(f, "_Static_assert(sizeof(struct %s) == %u, \"%s\");\n", l->type,
				l->minsz, l->ioctl);
		for (j = 0; j < l->nputs; j++) {
			const struct t2p_put *pt = &l->put[j];

			if (pt->src == T2P_PUT_POISON_FROM || pt->src == T2P_PUT_POISON_AFTER ||
			    pinned_before(i, j))
				continue;
			fprintf(f, "_Static_assert(offsetof(struct %s, %s) == %u && sizeof(((struct %s *)0)"
				"->%s) == %u, \"%s.%s\");\n", l->type, pt->member, pt->off, l->type,
				pt->member, pt->width, l->type, pt->member);
		}
	}
	fprintf(f, "\n");
}

static void emit_abi(FILE *f)
{
	fprintf(f, "/* The type2 ABI (spec section 2) and the introspection ABI (section 17). */\n");
	fprintf(f, "#define VFIO_TYPE (';')\n#define VFIO_BASE 100\n");
#define T2_IOCTL(name, n, fd, arg, minsz, flagmask) \
	fprintf(f, "#define %-36s _IO(VFIO_TYPE, VFIO_BASE + %d)\n", #name, n);
#include "t2/ioctls.def"
#undef T2_IOCTL
	fprintf(f, "#define T2SIM_TYPE ('7')\n#define T2SIM_BASE 0x40\n");
#define T2SIM_IOCTL(name, n, fd, minsz, flagmask) \
	fprintf(f, "#define %-36s _IO(T2SIM_TYPE, T2SIM_BASE + %d)\n", #name, n);
#include "t2/simioctls.def"
#undef T2SIM_IOCTL
	fprintf(f, "#define T2_TYPE2_VALUE %d\n", T2_TYPE2_VALUE);
#define T2_DMA_FLAG(name, short, bit, design) \
	fprintf(f, "#define %s (1u << %d)\n", #name, bit);
#include "t2/dmaflags.def"
#undef T2_DMA_FLAG
	fprintf(f,
		"#define VFIO_ATTR_GEOMETRY 0\n#define VFIO_ATTR_WINDOWS 1\n#define VFIO_ATTR_PAMU_STASH 2\n"
		"#define T2SIM_XLATE_WRITE (1u << 0)\n#define T2SIM_FAIL_ARM (1u << 0)\n\n");
	fprintf(f,
		"struct vfio_group_status { uint32_t argsz, flags; };\n"
		"struct vfio_iommu_type1_dma_map { uint32_t argsz, flags; uint64_t vaddr, iova, size; };\n"
		"struct vfio_iommu_type1_dma_unmap { uint32_t argsz, flags; uint64_t iova, size; };\n"
		"struct vfio_pamu_msi_bank_map { uint32_t argsz, flags, msi_bank_index, pad0; uint64_t iova; };\n"
		"struct vfio_pamu_msi_bank_unmap { uint32_t argsz, flags; uint64_t iova; };\n"
		"struct vfio_group_msi_fd { uint32_t argsz, flags, banks, pad0; };\n"
		"struct vfio_pamu_attr {\n"
		"\tuint32_t argsz, flags, attribute, pad0;\n"
		"\tunion {\n"
		"\t\tstruct { uint64_t aperture_start, aperture_end; } attr;\n"
		"\t\tuint32_t windows;\n"
		"\t\tstruct { uint32_t cpu, cache; } stash;\n"
		"\t} attr_info;\n"
		"};\n"
		"struct t2sim_translate { uint32_t argsz, flags, liodn_index, pad0; uint64_t iova;\n"
		"\tuint32_t result, liodn; uint64_t phys; uint32_t msi_bank, msi_flags; };\n"
		"struct t2sim_counters { uint32_t argsz, flags, backend, enabled, windows, dma_windows,\n"
		"\tmsi_windows, msi_records; uint64_t window_size, dma_claimed, pins, spaaces;\n"
		"\tuint32_t groups, liodns_linked, liodns_valid, pad0; uint64_t sim_pins, sim_spaaces;\n"
		"\tint64_t locked; uint64_t crash_points; };\n"
		"struct t2sim_fail_nth { uint32_t argsz, flags, nth, remaining, fired, pad0; };\n"
		"_Static_assert(sizeof(struct t2sim_counters) == 112, \"INTRO-6\");\n");
	emit_abi_pins(f);
}

static void emit_helpers(FILE *f)
{
	fprintf(f,
		"#define DEAD(i) (0x40000000 + (i)) /* a descriptor no one has open */\n"
		"static int ntest, nfail;\n\n"
		"static __attribute__((unused)) const char *en(long v)\n{\n"
		"\tstatic char buf[32];\n\n"
		"\tswitch (-v) {\n"
		"\tcase EPERM: return \"EPERM\";\n\tcase ENOENT: return \"ENOENT\";\n"
		"\tcase EBADF: return \"EBADF\";\n\tcase ENOMEM: return \"ENOMEM\";\n"
		"\tcase EFAULT: return \"EFAULT\";\n\tcase EBUSY: return \"EBUSY\";\n"
		"\tcase ENODEV: return \"ENODEV\";\n\tcase EINVAL: return \"EINVAL\";\n"
		"\tcase ENOSPC: return \"ENOSPC\";\n\tcase ENOTTY: return \"ENOTTY\";\n"
		"\t}\n\tsnprintf(buf, sizeof(buf), \"%%ld\", v);\n\treturn buf;\n}\n\n"
		"static __attribute__((unused)) void check(const char *what, long got, long want, const char *rule)\n{\n"
		"\tchar g[32];\n\n"
		"\tsnprintf(g, sizeof(g), \"%%s\", en(got));\n"
		"\tif (got == want) {\n"
		"\t\tprintf(\"ok %%d - %%s = %%s [%%s]\\n\", ++ntest, what, g, rule);\n"
		"\t} else {\n"
		"\t\tprintf(\"not ok %%d - %%s = %%s, expected %%s [%%s]\\n\", ++ntest, what, g,\n"
		"\t\t       en(want), rule);\n"
		"\t\tnfail++;\n\t}\n}\n\n"
		"static __attribute__((unused)) void skip(const char *what, const char *why)\n{\n"
		"\tprintf(\"ok %%d - %%s # SKIP %%s\\n\", ++ntest, what, why);\n}\n\n"
		"static __attribute__((unused)) long xioctl(int fd, unsigned long cmd, void *arg)\n{\n"
		"\tlong r = ioctl(fd, cmd, arg);\n\n\treturn r < 0 ? -errno : r;\n}\n\n"
		"/* a raw number of the program: asm-generic _IOC layout, to this host's */\n"
		"static __attribute__((unused)) unsigned long cmd_host(uint32_t g)\n{\n"
		"\tunsigned long size = (g >> 16) & 0x3fff, dir = g >> 30, hdir;\n\n"
		"\thdir = dir ? ((dir & 1) ? _IOC_WRITE : 0) | ((dir & 2) ? _IOC_READ : 0) : _IOC_NONE;\n"
		"\tif (size > _IOC_SIZEMASK) {\n\t\tsize &= _IOC_SIZEMASK;\n\t\thdir = 0;\n\t}\n"
		"\treturn hdir << _IOC_DIRSHIFT | size << _IOC_SIZESHIFT | (g & 0xffff);\n}\n\n"
		"static __attribute__((unused)) int open_node(const char *root, const char *name)\n{\n"
		"\tchar path[512];\n\tint fd;\n\n"
		"\tsnprintf(path, sizeof(path), \"%%s/%%s\", root, name);\n"
		"\tfd = open(path, O_RDWR);\n\treturn fd < 0 ? -errno : fd;\n}\n\n"
		"/* MEM-1: 4 KiB pages, or hugepages of the given size */\n"
		"static __attribute__((unused)) void *alloc_buf(uint64_t size, uint64_t page)\n{\n"
		"\tint flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, shift = 0;\n"
		"\tvoid *p;\n\n"
		"\tif (!size || !page || size %% page)\n\t\treturn NULL;\n"
		"\tif (page != 4096) {\n"
		"\t\twhile ((1ull << shift) < page)\n\t\t\tshift++;\n"
		"\t\tflags |= MAP_HUGETLB | (shift << MAP_HUGE_SHIFT);\n\t}\n"
		"\tp = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, -1, 0);\n"
		"\tif (p == MAP_FAILED) {\n"
		"\t\tprintf(\"# alloc of 0x%%llx bytes of 0x%%llx pages failed: %%s\\n\",\n"
		"\t\t       (unsigned long long)size, (unsigned long long)page, strerror(errno));\n"
		"\t\treturn NULL;\n\t}\n\treturn p;\n}\n\n"
		"/* The counter invariants of spec section 18 (INV-5, 6, 17, 18, 19, 28). */\n"
		"static __attribute__((unused)) void check_counters(const char *what, int fd)\n{\n"
		"\tstruct t2sim_counters c = { .argsz = sizeof(c) };\n"
		"\tuint64_t ws;\n\tint ok = 1;\n\tlong r = xioctl(fd, T2SIM_COUNTERS, &c);\n\n"
		"\tif (r == -ENOTTY || r == -EINVAL) {\n\t\tskip(what, \"no introspection\");\n\t\treturn;\n\t}\n"
		"\tws = c.window_size;\n"
		"\tprintf(\"# %%s: backend %%u enabled %%u windows %%u dma %%u msi %%u records %%u ws 0x%%llx\"\n"
		"\t       \" pins %%llu spaaces %%llu linked %%u valid %%u sim_pins %%llu locked %%lld crash %%llu\\n\",\n"
		"\t       what, c.backend, c.enabled, c.windows, c.dma_windows, c.msi_windows,\n"
		"\t       c.msi_records, (unsigned long long)ws, (unsigned long long)c.pins,\n"
		"\t       (unsigned long long)c.spaaces, c.liodns_linked, c.liodns_valid,\n"
		"\t       (unsigned long long)c.sim_pins, (long long)c.locked,\n"
		"\t       (unsigned long long)c.crash_points);\n"
		"\tif (c.crash_points)\n\t\tok = 0, printf(\"# INV-28: crash_points != 0\\n\");\n"
		"\tif (c.backend && !!c.enabled != (c.dma_windows > 0))\n"
		"\t\tok = 0, printf(\"# INV-6: enabled != (dma_windows > 0)\\n\");\n"
		"\tif (c.backend && c.liodns_valid != (c.enabled ? c.liodns_linked : 0))\n"
		"\t\tok = 0, printf(\"# INV-6: valid LIODNs != linked while enabled\\n\");\n"
		"\tif (c.backend && c.dma_claimed != c.dma_windows * ws)\n"
		"\t\tok = 0, printf(\"# INV-5: dma_claimed != dma_windows x ws\\n\");\n"
		"\tif (c.backend && c.msi_records != c.msi_windows)\n"
		"\t\tok = 0, printf(\"# INV-5: msi_records != msi_windows\\n\");\n"
		"\tif (c.backend && c.pins != c.dma_windows * (ws / 4096))\n"
		"\t\tok = 0, printf(\"# INV-17: pins != dma_windows x ws / 4096\\n\");\n"
		"\tif (c.backend && c.spaaces != (c.windows > 1 ? (uint64_t)c.liodns_linked * (c.windows - 1) : 0))\n"
		"\t\tok = 0, printf(\"# INV-18: spaaces != linked x (n - 1)\\n\");\n"
		"\tif (!c.backend && (c.windows || c.dma_windows || c.msi_windows || c.pins || c.spaaces ||\n"
		"\t\t\t   c.liodns_linked))\n"
		"\t\tok = 0, printf(\"# INV-19: state without a backend\\n\");\n"
		"\tprintf(\"%%s %%d - %%s counter invariants\\n\", ok ? \"ok\" : \"not ok\", ++ntest, what);\n"
		"\tnfail += !ok;\n}\n\n"
		"static __attribute__((unused)) void check_field(const char *what, int fd, size_t off, size_t size, uint64_t want,\n"
		"\t\t\tconst char *rule)\n{\n"
		"\tstruct t2sim_counters c = { .argsz = sizeof(c) };\n"
		"\tuint64_t v = 0;\n\tlong r = xioctl(fd, T2SIM_COUNTERS, &c);\n\n"
		"\tif (r == -ENOTTY || r == -EINVAL) {\n\t\tskip(what, \"no introspection\");\n\t\treturn;\n\t}\n"
		"\tmemcpy(&v, (char *)&c + off, size);\n"
		"\tif (v == want) {\n\t\tprintf(\"ok %%d - %%s = %%llu [%%s]\\n\", ++ntest, what, (unsigned long long)v, rule);\n"
		"\t} else {\n"
		"\t\tprintf(\"not ok %%d - %%s = %%llu, expected %%llu [%%s]\\n\", ++ntest, what,\n"
		"\t\t       (unsigned long long)v, (unsigned long long)want, rule);\n"
		"\t\tnfail++;\n\t}\n}\n\n"
		"/* result | msi_flags << 8 of a translation (INTRO-5), or -errno */\n"
		"static __attribute__((unused)) long xlate(int gfd, uint32_t lidx, uint64_t iova, int write)\n{\n"
		"\tstruct t2sim_translate t = { .argsz = sizeof(t), .liodn_index = lidx, .iova = iova };\n"
		"\tlong r;\n\n"
		"\tt.flags = write ? T2SIM_XLATE_WRITE : 0;\n"
		"\tr = xioctl(gfd, T2SIM_TRANSLATE, &t);\n"
		"\tif (r)\n\t\treturn r;\n"
		"\tprintf(\"# translate liodn 0x%%x iova 0x%%llx: result %%u phys 0x%%llx bank %%d flags %%u\\n\",\n"
		"\t       t.liodn, (unsigned long long)iova, t.result, (unsigned long long)t.phys,\n"
		"\t       (int)t.msi_bank, t.msi_flags);\n"
		"\treturn t.result | t.msi_flags << 8;\n}\n\n");
}

/* ------------------------------------------------------------ per op */

static void fd_expr(const struct t2p_arg *a, char *buf, size_t len)
{
	if (a->kind >= T2P_K_C && a->kind <= T2P_K_D)
		snprintf(buf, len, "%c[%u]", t2p_kind_letter(a->kind), a->idx);
	else
		snprintf(buf, len, "DEAD(%u)", a->idx);
}

static void flags_expr(uint32_t flags, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	/* MAP_DMA's named bits (include/t2/dmaflags.def), then the rest in hex */
#define T2_DMA_FLAG(name, short, bit, design) \
	if ((flags & name) && n < len) { \
		n += (size_t)snprintf(buf + n, len - n, "%s" #name, n ? " | " : ""); \
		flags &= ~(uint32_t)name; \
	}
#include "t2/dmaflags.def"
#undef T2_DMA_FLAG
	if ((flags || !n) && n < len)
		snprintf(buf + n, len - n, "%s0x%x", n ? " | " : "", flags);
}

static const char *attr_name(uint64_t v)
{
	switch (v) {
	case VFIO_ATTR_GEOMETRY:
		return "VFIO_ATTR_GEOMETRY";
	case VFIO_ATTR_WINDOWS:
		return "VFIO_ATTR_WINDOWS";
	case VFIO_ATTR_PAMU_STASH:
		return "VFIO_ATTR_PAMU_STASH";
	default:
		return NULL;
	}
}

/* An operand of field class `field` as C: named where it names a constant,
 * u32 fields in decimal, the others in hex. */
static void value_expr(unsigned int field, const struct t2p_arg *a, char *buf, size_t len)
{
	const char *an = field == T2P_F_ATTR ? attr_name(a->val) : NULL;

	if (an)
		snprintf(buf, len, "%s", an);
	else if (field == T2P_F_VADDR && a->kind == T2P_K_B)
		snprintf(buf, len, "(uint64_t)(uintptr_t)b[%u] + 0x%" PRIx64, a->idx, a->val);
	else if (field == T2P_F_EXT && a->val == T2_TYPE2_VALUE)
		snprintf(buf, len, "T2_TYPE2_VALUE");
	else if (t2p_field_is_u32(field))
		snprintf(buf, len, "%" PRIu64, a->val);
	else
		snprintf(buf, len, "0x%" PRIx64, a->val);
}

static void emit_check(struct cprog *c, unsigned int i, const char *expr, int is_fd)
{
	const struct pred *pr = &c->pred[i];
	FILE *f = c->f;

	if (c->in_thread) {
		fprintf(f, "\t\t(void)what;\n\t\tret[%u] = %s;\n", i, expr);
		return;
	}
	if (!pr->have) {
		fprintf(f, "\t\t(void)(%s); /* not compared: needs what the backend lacked */\n",
			expr);
		return;
	}
	if (is_fd)
		fprintf(f, "\t\tlong r = %s;\n\n\t\tcheck(what, r < 0 ? r : 0, %ld, \"%s\");\n", expr,
			pr->oret < 0 ? pr->oret : 0, pr->rule);
	else
		fprintf(f, "\t\tcheck(what, %s, %ld, \"%s\");\n", expr, pr->oret, pr->rule);
}

/*
 * A struct argument from the op's row (ops.def): argsz, then each member
 * the row fills, by name; the union words of a generic SET_ATTR and the
 * poisoned bytes after it.  The bytes are the ones the executor passed.
 */
static void emit_struct(struct cprog *c, const struct t2p_op *op, const struct t2p_layout *l)
{
	const struct t2p_opinfo *oi = &t2p_opinfo[op->code];
	const struct t2p_put *pt;
	FILE *f = c->f;
	char v[96];

	fprintf(f, "\t\tstruct %s s = {\n\t\t\t.argsz = %u,\n", l->type, op->argsz);
	for (pt = l->put; pt < l->put + l->nputs; pt++) {
		if (pt->src == T2P_PUT_FLAGS)
			flags_expr(op->flags, v, sizeof(v));
		else if (pt->src == T2P_PUT_CONST && !strcmp(pt->member, "attribute") &&
			 attr_name(pt->v))
			snprintf(v, sizeof(v), "%s", attr_name(pt->v));
		else if (pt->src == T2P_PUT_CONST)
			snprintf(v, sizeof(v), "0x%" PRIx32, pt->v);
		else if (pt->src == T2P_PUT_ARG || pt->src == T2P_PUT_VADDR)
			value_expr(oi->field[pt->v], &op->a[pt->v], v, sizeof(v));
		else
			continue;
		fprintf(f, "\t\t\t.%s = %s,\n", pt->member, v);
	}
	fprintf(f, "\t\t};\n");
	for (pt = l->put; pt < l->put + l->nputs; pt++) {
		const struct t2p_arg *a = &op->a[pt->v];

		if (pt->src == T2P_PUT_WORDS && (uint32_t)a[-1].val == VFIO_ATTR_GEOMETRY)
			fprintf(f, "\t\tconst uint64_t w[2] = { 0x%" PRIx64 ", 0x%" PRIx64 " };\n",
				a[0].val, a[1].val);
		else if (pt->src == T2P_PUT_WORDS)
			/* by u32 field, as the executor writes them (t2p_put_attr_words):
			 * the same fields on any host */
			fprintf(f, "\t\tconst uint32_t w[4] = { 0x%" PRIx32 ", 0x%" PRIx32
				", 0x%" PRIx32 ", 0x%" PRIx32 " };\n", (uint32_t)a[0].val,
				(uint32_t)(a[0].val >> 32), (uint32_t)a[1].val,
				(uint32_t)(a[1].val >> 32));
		else if (pt->src == T2P_PUT_POISON_FROM || pt->src == T2P_PUT_POISON_AFTER)
			fprintf(f, "\t\tmemset((char *)&s + %u, 0x%02x, %u); /* to be ignored or left "
				"alone */\n", pt->off, T2P_ARG_POISON, pt->width);
		else
			continue;
		if (pt->src == T2P_PUT_WORDS)
			fprintf(f, "\t\tmemcpy(&s.%s, w, sizeof(w));\n", pt->member);
	}
	fprintf(f, "\n");
}

/* An op that is one ioctl (its row's call, op.h): the argument, the call,
 * its check; a handle it makes is kept (or marked dead). */
static void emit_call(struct cprog *c, unsigned int i, const struct t2p_op *op,
		      unsigned int idx)
{
	const struct t2p_opinfo *oi = &t2p_opinfo[op->code];
	const struct t2p_layout *l = &t2p_layout[op->code];
	FILE *f = c->f;
	const char *arg = op->null_arg ? "NULL" : "&s";
	char fd[32], v[96], expr[200];
	unsigned int j;

	fd_expr(&op->a[0], fd, sizeof(fd));
	switch (l->argk) {
	case T2P_ARGK_VALUE:
		value_expr(oi->field[l->ai], &op->a[l->ai], v, sizeof(v));
		snprintf(expr, sizeof(expr), "xioctl(%s, %s, (void *)(uintptr_t)%s%s)", fd, l->ioctl,
			 v, strcmp(v, "T2_TYPE2_VALUE") ? "ull" : "");
		break;
	case T2P_ARGK_RAW:
		snprintf(expr, sizeof(expr), "xioctl(%s, cmd_host(0x%" PRIx64 "), (void *)(uintptr_t)0x%"
			 PRIx64 ")", fd, op->a[l->aic].val & 0xffffffffu, op->a[l->ai].val & 0xfff);
		break;
	case T2P_ARGK_S32:
		if (op->a[l->ai].kind == T2P_K_NUM)
			fprintf(f, "\t\tint32_t v = %d;\n\n", (int32_t)(uint32_t)op->a[l->ai].val);
		else {
			fd_expr(&op->a[l->ai], v, sizeof(v));
			fprintf(f, "\t\tint32_t v = %s;\n\n", v);
		}
		if (op->null_arg)
			fprintf(f, "\t\t(void)v;\n");
		snprintf(expr, sizeof(expr), "xioctl(%s, %s, %s)", fd, l->ioctl,
			 op->null_arg ? "NULL" : "&v");
		break;
	case T2P_ARGK_STRING:
		if (op->name_len == T2P_NAME_NONUL) {
			fprintf(f, "\t\tstatic char name[4200];\n\n\t\tmemset(name, 'a', sizeof(name));"
				" /* no NUL within 4096 bytes */\n");
		} else {
			fprintf(f, "\t\tstatic const char name[] = \"");
			for (j = 0; j < op->name_len && j < T2P_NAME_MAX; j++)
				fprintf(f, "\\x%02x", (unsigned char)op->name[j]);
			fprintf(f, "\";\n\n");
		}
		snprintf(expr, sizeof(expr), "xioctl(%s, %s, %s)", fd, l->ioctl,
			 op->null_arg ? "NULL" : "(void *)name");
		break;
	case T2P_ARGK_STRUCT:
		emit_struct(c, op, l);
		if (op->null_arg)
			fprintf(f, "\t\t(void)s;\n");
		snprintf(expr, sizeof(expr), "xioctl(%s, %s, %s)", fd, l->ioctl, arg);
		break;
	default:
		snprintf(expr, sizeof(expr), "xioctl(%s, %s, NULL)", fd, l->ioctl);
		break;
	}
	if (oi->creates != T2P_K_NUM) {
		char h = t2p_kind_letter(oi->creates);

		fprintf(f, "\t\t%c[%u] = (int)%s;\n", h, idx, expr);
		snprintf(expr, sizeof(expr), "%c[%u]", h, idx);
		emit_check(c, i, expr, 1);
		fprintf(f, "\t\tif (%c[%u] < 0)\n\t\t\t%c[%u] = DEAD(%u);\n", h, idx, h, idx, idx);
		return;
	}
	emit_check(c, i, expr, 0);
	if (l->argk == T2P_ARGK_STRUCT && c->res.verdict == T2X_FINDING && c->res.f.op == i &&
	    c->res.f.kind == T2X_FK_BYTES && !c->in_thread)
		fprintf(f, "\t\tcheck(\"argument byte %" PRIu64 "\", ((unsigned char *)&s)[%" PRIu64
			"], %" PRIu64 ", \"%s\");\n",
			c->res.f.iova, c->res.f.iova, c->res.f.want, c->res.f.id);
}

static void emit_op(struct cprog *c, unsigned int i)
{
	const struct t2p_op *op = &c->p->ops[i];
	const struct t2p_opinfo *oi = &t2p_opinfo[op->code];
	FILE *f = c->f;
	char line[256], fd[32], expr[200], h = t2p_kind_letter(oi->creates);
	unsigned int k = oi->creates, idx = 0, j;

	if (k != T2P_K_NUM)
		idx = c->count[k]++;
	t2p_print_op_in(c->p, i, line, sizeof(line));
	fprintf(f, "\n\t/* op %u: %s", i, line);
	if (c->pred[i].have)
		fprintf(f, "\n\t * expected %ld by %s", c->pred[i].oret, c->pred[i].rule);
	if (c->res.verdict == T2X_FINDING && c->res.f.op == i)
		fprintf(f, "\n\t * FINDING: %s violated here (%s)", c->res.f.id, c->res.f.sig);
	fprintf(f, " */\n\t{\n\t\tconst char *what = \"op %u: ", i);
	for (j = 0; line[j]; j++)
		fputs(line[j] == '"' ? "\\\"" : line[j] == '\\' ? "\\\\" : (char[2]){ line[j], 0 },
		      f);
	fprintf(f, "\";\n\n");
	fd_expr(&op->a[0], fd, sizeof(fd));
	switch (oi->run) {
	case T2P_RUN_IOCTL:
		emit_call(c, i, op, idx);
		break;
	case T2P_RUN_OPEN:
		if (k == T2P_K_C)
			fprintf(f, "\t\tc[%u] = open_node(root, \"vfio\");\n", idx);
		else
			fprintf(f, "\t\t%c[%u] = open_node(root, \"%" PRIu64 "\");\n", h, idx,
				op->a[0].val);
		snprintf(expr, sizeof(expr), "%c[%u]", h, idx);
		emit_check(c, i, expr, 1);
		fprintf(f, "\t\tif (%c[%u] < 0)\n\t\t\t%c[%u] = DEAD(%u);\n", h, idx, h, idx, idx);
		break;
	case T2P_RUN_CLOSE:
		snprintf(expr, sizeof(expr), "close(%s) ? -errno : 0", fd);
		emit_check(c, i, expr, 0);
		/* (in a block: after the join) */
		if (op->a[0].kind >= T2P_K_C && op->a[0].kind <= T2P_K_D && !c->in_thread)
			fprintf(f, "\t\t%s = DEAD(%u);\n", fd, op->a[0].idx);
		break;
	case T2P_RUN_ALLOC:
		fprintf(f, "\t\t(void)what;\n\t\tb[%u] = alloc_buf(0x%" PRIx64 ", 0x%" PRIx64
			");\n\t\tbsz[%u] = 0x%" PRIx64 ";\n", idx, op->a[1].val, op->a[0].val, idx,
			op->a[1].val);
		break;
	case T2P_RUN_FREE:
		fprintf(f, "\t\t(void)what;\n\t\tif (b[%u])\n\t\t\tmunmap(b[%u], bsz[%u]);\n",
			op->a[0].idx, op->a[0].idx, op->a[0].idx);
		break;
	case T2P_RUN_MMAP:
		/* MSIC-5: one page of an MSI fd */
		fprintf(f, "\t\tvoid *p = mmap(NULL, 4096, %" PRIu64 ", %u, %s, 0x%" PRIx64 ");\n"
			"\t\tlong mr = p == MAP_FAILED ? -errno : 0;\n\n"
			"\t\tb[%u] = p == MAP_FAILED ? NULL : p;\n\t\tbsz[%u] = 4096;\n", op->a[2].val,
			op->flags, fd, op->a[1].val * 4096, idx, idx);
		emit_check(c, i, "mr", 0);
		break;
	case T2P_RUN_ACCESS:
		fprintf(f, "\t\tlong r = xlate(%s, %" PRIu64 ", 0x%" PRIx64 "ull, %d);\n\n", fd,
			op->a[3].val, op->a[1].val, (int)op->a[2].val);
		if (c->pred[i].have)
			fprintf(f, "\t\tif (r == -ENOTTY)\n\t\t\tskip(what, \"no introspection\");\n"
				"\t\telse\n\t\t\tcheck(what, r, %ld, \"ISO-2\");\n", c->pred[i].oret);
		else
			fprintf(f, "\t\t(void)r;\n");
		break;
	case T2P_RUN_FAIL_NTH:
		fprintf(f, "\t\tstruct t2sim_fail_nth s = { .argsz = sizeof(s), .flags = T2SIM_FAIL_ARM,"
			" .nth = %" PRIu64 " };\n\t\tlong r = xioctl(ctl, T2SIM_FAIL_NTH, &s);\n\n"
			"\t\tif (r == -ENOTTY)\n\t\t\tskip(what, \"no introspection\");\n"
			"\t\telse\n\t\t\tcheck(what, r, 0, \"INTRO-8\");\n", op->a[0].val);
		break;
	default:                /* race_msi and markers: not reproduced as calls */
		fprintf(f, "\t\t(void)what;\n");
		break;
	}
	fprintf(f, "\t}\n");
}

/* The thread functions of every block up to op `last`, before main. */
static void emit_block_threads(struct cprog *c, unsigned int last)
{
	struct t2p_block b;
	unsigned int i, t, k;

	for (i = 0; i < last; i++) {
		if (t2p_block_at(c->p, i, &b))
			continue;
		for (t = 0; t < b.nthreads; t++) {
			fprintf(c->f, "/* op %u: block %u, thread %u */\n"
				"static void *block%u_thread%u(void *unused)\n{\n"
				"\t(void)unused;\n\tpthread_barrier_wait(&barrier);\n", i, b.seed, t,
				i, t);
			c->in_thread = 1;
			for (k = 0; k < b.n[t]; k++)
				emit_op(c, b.first[t] + k);
			c->in_thread = 0;
			fprintf(c->f, "\treturn NULL;\n}\n\n");
		}
		i = b.end;
	}
}

/* A block in main: its threads from one barrier, then their results. */
static unsigned int emit_block(struct cprog *c, unsigned int i)
{
	const struct t2p_prog *p = c->p;
	struct t2p_block b;
	unsigned int t, k, j;
	char line[256];

	if (t2p_block_at(p, i, &b))
		return i;
	fprintf(c->f, "\n\t/* op %u: block %u - %u threads from one barrier (on the stub, the\n"
		"\t * schedule seed %u reproduces the interleaving; on a device a race may\n"
		"\t * need reruns).  Results depend on the order: the finding's call is\n"
		"\t * checked, the others printed. */\n\t{\n\t\tpthread_t th[%u];\n\n"
		"\t\tpthread_barrier_init(&barrier, NULL, %u);\n", i, b.seed, b.nthreads, b.seed,
		b.nthreads, b.nthreads);
	for (t = 0; t < b.nthreads; t++)
		fprintf(c->f, "\t\tpthread_create(&th[%u], NULL, block%u_thread%u, NULL);\n", t, i,
			t);
	fprintf(c->f, "\t\tfor (int t = 0; t < %u; t++)\n\t\t\tpthread_join(th[t], NULL);\n"
		"\t\tpthread_barrier_destroy(&barrier);\n", b.nthreads);
	for (t = 0; t < b.nthreads; t++)
		for (k = 0; k < b.n[t]; k++) {
			unsigned int o = b.first[t] + k;
			const struct t2p_op *op = &p->ops[o];

			t2p_print_op_in(p, o, line, sizeof(line));
			for (j = 0; line[j]; j++)
				if (line[j] == '"' || line[j] == '\\')
					line[j] = '\'';
			if (c->res.verdict == T2X_FINDING && c->res.f.op == o &&
			    c->res.f.kind == T2X_FK_RET)
				fprintf(c->f, "\t\tcheck(\"op %u: %s\", ret[%u], %ld, \"%s\");\n", o,
					line, o, (long)c->res.f.want, c->res.f.id);
			else
				fprintf(c->f, "\t\tprintf(\"# op %u (thread %u): %s = %%s\\n\", "
					"en(ret[%u]));\n", o, t, line, o);
			if (t2p_opinfo[op->code].run == T2P_RUN_CLOSE && op->a[0].kind >= T2P_K_C &&
			    op->a[0].kind <= T2P_K_D)
				fprintf(c->f, "\t\tif (!ret[%u])\n\t\t\t%c[%u] = DEAD(%u);\n", o,
					t2p_kind_letter(op->a[0].kind), op->a[0].idx, op->a[0].idx);
		}
	fprintf(c->f, "\t}\n");
	return b.end;
}

/* After the op where the finding showed: check what went wrong. */
static void emit_finding_check(struct cprog *c)
{
	const struct t2x_finding *fd = &c->res.f;
	FILE *f = c->f;
	static const struct {
		const char *name;
		size_t off, size;
	} fields[] = {
#define F(x) { #x, offsetof(struct t2sim_counters, x), sizeof(((struct t2sim_counters *)0)->x) }
		F(backend), F(enabled), F(windows), F(dma_windows), F(msi_windows), F(msi_records),
		F(window_size), F(dma_claimed), F(pins), F(spaaces), F(groups), F(liodns_linked),
		F(liodns_valid), F(sim_pins), F(sim_spaaces), F(locked), F(crash_points),
#undef F
	};
	unsigned int i;

	fprintf(f, "\n\t/* the finding: %s\n\t *   %s */\n", fd->sig, fd->what);
	if (fd->kind == T2X_FK_COUNTER) {
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (!strcmp(fields[i].name, fd->field))
				break;
		if (i < sizeof(fields) / sizeof(fields[0])) {
			char where[16];

			if (fd->cidx >= 0)
				snprintf(where, sizeof(where), "c[%d]", fd->cidx);
			else
				snprintf(where, sizeof(where), "ctl");
			fprintf(f, "\tcheck_field(\"%s %s\", %s, %zu, %zu, 0x%" PRIx64 "ull, \"%s\");\n",
				fd->cidx >= 0 ? "container" : "platform", fd->field, where,
				fields[i].off, fields[i].size, fd->want, fd->id);
		}
	} else if (fd->kind == T2X_FK_XLATE) {
		fprintf(f, "\tfor (int i = 0; i < 64; i++)\n"
			"\t\tif (g[i] >= 0 && g[i] < DEAD(0) && gnum[i] == %u) {\n"
			"\t\t\tlong r = xlate(g[i], %u, 0x%" PRIx64 "ull, %u);\n\n"
			"\t\t\tif (r == -ENOTTY)\n\t\t\t\tskip(\"translation\", \"no introspection\");\n"
			"\t\t\telse\n\t\t\t\tcheck(\"translation of group %u iova 0x%" PRIx64
			"\", r, %" PRIu64 ", \"%s\");\n\t\t\tbreak;\n\t\t}\n",
			fd->gnum, fd->lidx, fd->iova, fd->write, fd->gnum, fd->iova, fd->want, fd->id);
	} else if (fd->kind == T2X_FK_OTHER) {
		fprintf(f, "\tfor (int i = 0; i < 64; i++)\n\t\tif (c[i] >= 0 && c[i] < DEAD(0))\n"
			"\t\t\tcheck_counters(\"container\", c[i]);\n"
			"\tcheck_counters(\"platform\", ctl);\n");
	}
}

int t2h_cmd_cprog(struct t2h_ctx *ctx, int argc, char **argv)
{
	struct t2x_config cfg;
	struct cprog *c;
	struct t2p_prog *p;
	const char *in = NULL, *out = NULL;
	char line[400];
	struct t2_found_with fw;
	unsigned int i, last;
	int r = 0, a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "-o") && a + 1 >= argc)
			return t2h_usage_error("cprog", "option '-o' needs an argument");
		else if (!strcmp(argv[a], "-o"))
			out = argv[++a];
		else if (t2h_form_option(ctx, argv[a]))
			continue;
		else if (argv[a][0] == '-')
			return t2h_usage_error("cprog", "unknown option '%s'", argv[a]);
		else if (!in)
			in = argv[a];
		else
			return t2h_usage_error("cprog", "one FILE only ('%s')", argv[a]);
	}
	if (!in)
		return t2h_usage_error("cprog", "no FILE given");
	r = t2h_check_output("cprog", in, out);
	if (r)
		return r;
	c = calloc(1, sizeof(*c));
	p = malloc(sizeof(*p));
	if (!c || !p) {
		free(c);
		free(p);
		return t2h_usage_error("cprog", "out of memory");
	}
	r = t2h_load(ctx, "cprog", in, p, &fw, NULL);
	if (!r)
		r = t2h_use_found_with(ctx, "cprog", in, &fw);
	if (r)
		goto done;
	memset(&cfg, 0, sizeof(cfg));
	cfg.be = ctx->cfg;
	cfg.checks = T2X_CHECK_ALL;
	cfg.observe = ctx->observe;
	cfg.on_op = on_op;
	cfg.on_op_ctx = c;
	c->p = p;
	t2x_run_once(&cfg, p, &c->res);
	if (c->res.verdict == T2X_ERROR) {
		r = t2h_usage_error("cprog", "%s: %s", in, c->res.error);
		goto done;
	}
	c->f = t2h_open_out("cprog", in, out, "w", &r);
	if (!c->f)
		goto done;
	t2_found_with_format(&ctx->cfg, t2p_platform(p), cfg.observe, line, sizeof(line));
	last = c->res.verdict == T2X_FINDING && c->res.f.op < p->nops ? c->res.f.op + 1 : p->nops;
	/* a finding inside a block: the whole block */
	for (i = 0; i < last; i++) {
		struct t2p_block b;

		if (!t2p_block_at(p, i, &b)) {
			if (last > b.begin && last <= b.end)
				last = b.end + 1;
			i = b.end;
		}
	}
	fprintf(c->f, "/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */\n"
		"/* Copyright (c) 2026 The t2harness authors */\n"
		"/*\n * Reproducer written by `t2h cprog %s`.\n * Platform: %s\n"
		" * Generated under (predictions and finding): %s\n"
		" * Observation level: %s (it issues what the replay issued: %s)\n", in,
		t2p_platform(p), line + strlen(T2_FOUND_WITH) + 1, t2x_observe_name(cfg.observe),
		cfg.observe == T2X_OBSERVE_NONE ? "the program's ops only" :
		cfg.observe == T2X_OBSERVE_PROGRAM ? "the program's ops and introspection queries" :
		"the program's ops, then the check of the finding");
	if (c->res.verdict == T2X_FINDING)
		fprintf(c->f, " * Finding: %s at op %u\n *   %s\n", c->res.f.sig, c->res.f.op,
			c->res.f.what);
	else
		fprintf(c->f, " * The program found nothing on the backend it was generated with.\n");
	fprintf(c->f, " * Expected values are the spec's (the oracle's prediction).\n"
		" * Build: gcc -pthread -o repro repro.c   Run: ./repro [ROOT]  (default /dev/vfio)\n"
		" * Output: TAP; exit 1 if a check fails, 4 (a skip) when ROOT has no device.\n */\n"
		"#define _GNU_SOURCE\n#include <errno.h>\n#include <fcntl.h>\n#include <stddef.h>\n"
		"#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
		"#include <pthread.h>\n#include <sys/ioctl.h>\n#include <sys/mman.h>\n#include <unistd.h>\n"
		"#ifndef MAP_HUGE_SHIFT\n#define MAP_HUGE_SHIFT 26\n#endif\n\n");
	emit_abi(c->f);
	emit_helpers(c->f);
	/* file scope: a block's threads use them */
	fprintf(c->f, "static int c[64], g[64], d[64], ctl;\nstatic unsigned int gnum[64];\n"
		"static void *b[64];\nstatic uint64_t bsz[64];\n"
		"static pthread_barrier_t barrier;\nstatic long ret[%d]; /* a block's results */\n\n",
		T2P_MAX_OPS);
	emit_block_threads(c, last);
	memset(c->count, 0, sizeof(c->count));
	fprintf(c->f, "int main(int argc, char **argv)\n{\n"
		"\tconst char *root = argc > 1 ? argv[1] : \"/dev/vfio\";\n\n"
		"\tfor (int i = 0; i < 64; i++) {\n"
		"\t\tc[i] = g[i] = d[i] = DEAD(i);\n\t\tgnum[i] = ~0u;\n\t}\n"
		"\t(void)gnum;\n\t(void)bsz;\n\t(void)b;\n\t(void)barrier;\n\t(void)ret;\n"
		"\tprintf(\"TAP version 13\\n\");\n"
		"\t/* a container with no group: platform counters and fail-nth */\n"
		"\tctl = open_node(root, \"vfio\");\n"
		"\t/* kselftest: no device is a skip (exit 4), not a list of failures */\n"
		"\tif (ctl < 0) {\n"
		"\t\tprintf(\"1..0 # SKIP %%s/vfio: %%s\\n\", root, strerror(-ctl));\n"
		"\t\treturn 4;\n\t}\n");
	for (i = 0; i < last; i++) {
		if (p->ops[i].code == T2P_OP_BLOCK) {
			i = emit_block(c, i);
			continue;
		}
		emit_op(c, i);
		if (t2p_opinfo[p->ops[i].code].run == T2P_RUN_OPEN &&
		    t2p_opinfo[p->ops[i].code].creates == T2P_K_G)
			fprintf(c->f, "\tgnum[%u] = %" PRIu64 ";\n", c->count[T2P_K_G] - 1,
				p->ops[i].a[0].val);
	}
	/* the check reads state through introspection: not at level none */
	if (c->res.verdict == T2X_FINDING && cfg.observe != T2X_OBSERVE_NONE)
		emit_finding_check(c);
	fprintf(c->f, "\tprintf(\"1..%%d\\n\", ntest);\n\treturn nfail ? 1 : 0;\n}\n");
	r = t2h_close_out("cprog", c->f, out);
done:
	free(c);
	free(p);
	return r;
}
