/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * fuzz_blind.c - the benchmark's baseline (docs/benchmarks.md): a blind
 * fuzzer in the style of Trinity, judged by the same executor and oracle as
 * the real targets, so that only the input generation differs.
 *
 * What it knows, as a syscall fuzzer does:
 *  - a pool of open descriptors, made once before the calls (two container
 *    nodes, every group node of the default platform) and a pool of user
 *    memory (three buffers: 4 KiB pages, 2 MiB and 1 GiB hugepages);
 *  - the ioctl numbers of include/t2/ioctls.def, and how many argument words
 *    each one takes, and which word is a pointer or an fd (the ioctl's generic
 *    op in harness/prog/ops.def: the words are its operands).
 * What it does not know: what any field means.  Each call is an fd picked
 * from the pool, an ioctl picked from the table, and the argument's words
 * filled by one generic value generator (random bits, small numbers, powers
 * of two, boundary values, a pool fd, an address in the pool memory), the
 * same for every word of every ioctl.  No sequences, no steering, the
 * default platform only, no device accesses or fault injection: the final
 * translation sweep of the executor is the only device traffic.
 *
 * Every input byte string is a program: the bytes are the random stream and
 * the calls stop when it runs out.  Under libFuzzer this is a structure-blind
 * coverage-guided fuzzer; driven by ci/bench/rand_main.c (random bytes, no
 * feedback) it is the Trinity-style baseline.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec/exec.h"
#include "prog/op.h"
#include "prog/prog.h"
#include "t2/abi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* ------------------------------------------------------------ the ioctl table */

enum blind_fd { BFD_CONTAINER, BFD_GROUP };

/* The ioctls and their fd kinds; each one's argument (which words, which is
 * a pointer or an fd) is its generic op's row in harness/prog/ops.def. */
struct blind_ioctl {
	uint32_t cmd;
	uint8_t fd;     /* enum blind_fd */
};

static const struct blind_ioctl blind_ioctls[] = {
#define T2_IOCTL(name, n, fdkind, argkind, minsz, mask) \
	{ name, BFD_##fdkind },
#include "t2/ioctls.def"
#undef T2_IOCTL
};
#define NIOCTLS (sizeof(blind_ioctls) / sizeof(blind_ioctls[0]))

/* ------------------------------------------------------------ the pools */

/* Descriptor pool: c0, c1, g0..g5, then the first two device fds (if any
 * call ever opens one).  Buffers: b0..b2 below. */
#define NCONT 2
#define NGROUPS 6
#define NDEV 2
#define NPOOL (NCONT + NGROUPS + NDEV)

static const struct {
	uint64_t page, size;
} blind_bufs[] = {
	{ 4096, 16 * 4096 },
	{ 2ull << 20, 4ull << 20 },
	{ 1ull << 30, 1ull << 30 },
};
#define NBUFS (sizeof(blind_bufs) / sizeof(blind_bufs[0]))

static struct t2p_arg pool_fd(unsigned int i)
{
	struct t2p_arg a = { T2P_K_C, 0, 0 };

	i %= NPOOL;
	if (i < NCONT) {
		a.idx = (uint8_t)i;
	} else if (i < NCONT + NGROUPS) {
		a.kind = T2P_K_G;
		a.idx = (uint8_t)(i - NCONT);
	} else {
		a.kind = T2P_K_D;
		a.idx = (uint8_t)(i - NCONT - NGROUPS);
	}
	return a;
}

/* ------------------------------------------------------------ the random stream */

struct blind_src {
	const uint8_t *p;
	size_t n;
};

static uint8_t take8(struct blind_src *s)
{
	if (!s->n)
		return 0;
	s->n--;
	return *s->p++;
}

static uint64_t take_n(struct blind_src *s, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)take8(s) << (8 * i);
	return v;
}

/* What a word is, as far as a syscall fuzzer knows. */
enum blind_word { W_PLAIN, W_FD, W_ADDR };

static const uint64_t boundary[] = {
	0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 4096,
	0x7fffffff, 0x80000000u, 0xffffffffu, 0x100000000ull,
	0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull,
};

/*
 * The one generic value generator.  An fd or an address from the pools is
 * meaningful only in a word that is an fd or a pointer; elsewhere it is
 * just the number it would be.
 */
static struct t2p_arg blind_value(struct blind_src *s, enum blind_word w)
{
	struct t2p_arg a = { T2P_K_NUM, 0, 0 };
	uint8_t sel = take8(s) % 8, b;

	switch (sel) {
	case 3:
		a.val = take8(s);
		break;
	case 4:
		b = take8(s);
		a.val = 1ull << (b & 63);
		if ((b >> 6) == 1)
			a.val -= 1;
		else if ((b >> 6) == 2)
			a.val += 1;
		break;
	case 5:
		a.val = boundary[take8(s) % (sizeof(boundary) / sizeof(boundary[0]))];
		break;
	case 6:
		b = take8(s);
		if (w == W_FD)
			return pool_fd(b);
		a.val = 3 + b % NPOOL;  /* the number an fd would have */
		break;
	case 7: {
		unsigned int i = take8(s) % NBUFS;
		uint64_t pages = blind_bufs[i].size / 4096;
		uint64_t off = (take_n(s, 2) % pages) * 4096;

		if (w == W_ADDR) {
			a.kind = T2P_K_B;
			a.idx = (uint8_t)i;
			a.val = off;
		} else {
			a.val = 0x7f0000000000ull + off;
		}
		break;
	}
	default:
		a.val = take_n(s, 8);
		break;
	}
	return a;
}

static uint64_t blind_num(struct blind_src *s)
{
	return blind_value(s, W_PLAIN).val;
}

/* SET_CONTAINER's __s32: a pool fd, or a number no one has open. */
static struct t2p_arg blind_fdword(struct blind_src *s)
{
	struct t2p_arg a = blind_value(s, W_FD);
	int32_t v = (int32_t)(uint32_t)a.val;

	if (a.kind != T2P_K_NUM)
		return a;
	if (v >= 0 && v < T2P_RAWFD_MIN) {
		/* a small number that is not one of ours: a descriptor never opened */
		a.kind = T2P_K_C;
		a.idx = T2P_MAX_HANDLES - 1;
		a.val = 0;
	}
	return a;
}

/* ------------------------------------------------------------ building the program */

static void add(struct t2p_prog *p, const struct t2p_op *op)
{
	(void)t2p_append(p, op);
}

static void preamble(struct t2p_prog *p)
{
	struct t2p_op op;
	unsigned int i;

	for (i = 0; i < NCONT; i++) {
		t2p_op_init(&op, T2P_OP_CONTAINER);
		add(p, &op);
	}
	for (i = 0; i < NGROUPS; i++) {
		t2p_op_init(&op, T2P_OP_GROUP);
		op.a[0].val = i;
		add(p, &op);
	}
	for (i = 0; i < NBUFS; i++) {
		t2p_op_init(&op, T2P_OP_ALLOC);
		op.a[0].val = blind_bufs[i].page;
		op.a[1].val = blind_bufs[i].size;
		add(p, &op);
	}
}

static void name_call(struct blind_src *s, struct t2p_op *op)
{
	unsigned int len = take8(s) % (T2P_NAME_MAX + 1), i;

	op->null_arg = take8(s) % 16 == 0;
	for (i = 0; i < len; i++) {
		op->name[i] = (char)take8(s);
		if (!op->name[i])
			break;
	}
	op->name_len = (uint8_t)i;
}

/*
 * The op of the program model that issues exactly this ioctl (its GENERIC
 * row in ops.def: every input an operand), its inputs from the stream in
 * the argument's order: the pointer (now and then NULL, as a syscall fuzzer
 * passes), argsz, flags, then operands 1..3, each a word of its width; a
 * pointer word gets an address, a descriptor word a descriptor.
 */
static void fill_op(struct blind_src *s, struct t2p_op *op)
{
	const struct t2p_opinfo *oi = &t2p_opinfo[op->code];
	unsigned int i;

	if (oi->field[1] == T2P_F_NAME) {
		name_call(s, op);
		return;
	}
	if (oi->extras & T2P_X_NULL)
		op->null_arg = take8(s) % 16 == 0;
	if (oi->extras & T2P_X_ARGSZ)
		op->argsz = (uint32_t)blind_num(s);
	if (oi->extras & T2P_X_FLAGS)
		op->flags = (uint32_t)blind_num(s);
	for (i = 1; i < 4 && oi->field[i] != T2P_F_NONE; i++) {
		if (oi->field[i] == T2P_F_VADDR)
			op->a[i] = blind_value(s, W_ADDR);
		else if (oi->field[i] == T2P_F_CFD)
			op->a[i] = blind_fdword(s);
		else if (t2p_field_is_u32(oi->field[i]))
			op->a[i].val = (uint32_t)blind_num(s);
		else
			op->a[i].val = blind_num(s);
	}
}

/* One call: returns 0, or -1 when the stream has run out. */
static int blind_call(struct blind_src *s, struct t2p_prog *p)
{
	const struct blind_ioctl *io;
	struct t2p_arg fd;
	struct t2p_op op;

	if (!s->n)
		return -1;
	fd = pool_fd(take8(s));
	io = &blind_ioctls[take8(s) % NIOCTLS];
	if ((io->fd == BFD_CONTAINER) != (fd.kind == T2P_K_C) || fd.kind == T2P_K_D ||
	    t2p_op_of_ioctl(io->cmd) < 0) {
		/* the wrong kind of fd: the argument is never looked at (ERR-6);
		 * an ioctl no op issues: its number, raw */
		t2p_op_init(&op, T2P_OP_IOCTL);
		op.a[0] = fd;
		op.a[1].val = t2p_cmd_prog(io->cmd);
		op.a[2].val = 0x800;
		add(p, &op);
		return 0;
	}
	t2p_op_init(&op, (unsigned int)t2p_op_of_ioctl(io->cmd));
	fill_op(s, &op);
	op.a[0] = fd;
	add(p, &op);
	return 0;
}

/* Builds the program an input stands for. */
static void blind_build(const uint8_t *data, size_t size, struct t2p_prog *p)
{
	struct blind_src s = { data, size };

	t2p_init(p);
	preamble(p);
	while (p->nops < T2P_MAX_OPS && blind_call(&s, p) == 0)
		;
}

/* ------------------------------------------------------------ the target */

/* The process-wide cache: a context, never a verdict. */
static struct t2x_ctx *blind_ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct t2x_config cfg;
	char err[256];

	(void)argc;
	(void)argv;
	if (blind_ctx)
		return 0;
	if (t2x_config_from_env(&cfg, err, sizeof(err))) {
		fprintf(stderr, "fuzz_blind: %s\n", err);
		exit(2);
	}
	if (cfg.be.fuzz_trace)
		cfg.trace = stderr;
	if (t2x_ctx_new(&cfg, &blind_ctx)) {
		fprintf(stderr, "fuzz_blind: out of memory\n");
		exit(2);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct t2p_prog *p;
	struct t2x_result res;

	LLVMFuzzerInitialize(NULL, NULL);
	p = malloc(sizeof(*p));
	if (!p)
		return 0;
	blind_build(data, size, p);
	t2x_run(blind_ctx, p, &res);
	if (res.verdict == T2X_FINDING) {
		fprintf(stderr, "==t2h-finding== %s\n", res.f.sig);
		t2x_print_result(stderr, p, &res);
		t2p_fprint(p, stderr);
		free(p);
		abort();
	}
	free(p);
	return 0;
}
