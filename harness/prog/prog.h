/* SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause */
/* Copyright (c) 2026 The t2harness authors */
/*
 * prog.h - the program model the fuzzers, the executor and the tools share.
 *
 * A program is a platform line, an optional profile and a sequence of ops
 * over handles referenced by index: containers c0.., groups g0.., device fds
 * d0.., user buffers b0...  An op that creates a handle takes the next index
 * of its kind, whether or not it succeeds at run time (a failed open leaves a
 * dead handle).  A handle that is dead, closed or never created is passed to
 * the backend as a descriptor no one has open (T2P_DEAD_FD).
 *
 * Two forms, one model:
 *  - text (prog_text.c): one op per line, named constants, '#' comments, hex
 *    numbers - what a bug report shows;
 *  - binary (prog_bin.c): compact and versioned; the decoder accepts every
 *    byte string and steers values toward meaningful ones.
 * Text -> binary -> text is exact for every program the decoder can produce.
 *
 * A concurrent block (docs/concurrency.md) is a run of ops between markers:
 *
 *   block SEED          the schedule seed (u32)
 *   thread              1 to 4 threads, each of 1 to 8 ops that act on
 *     op ...            handles made before the block (t2p_block_op_ok)
 *   thread
 *     op ...
 *   end
 *
 * The threads start from one barrier.  The markers are ops of the table so
 * that the op list stays flat (removal, encoding, indexes); t2p_block_at()
 * reads a block's shape and t2p_normalize() mends one an edit broke.
 */
#ifndef T2_PROG_H
#define T2_PROG_H

#include <stddef.h>
#include <stdint.h>

#define T2P_MAX_OPS 256
#define T2P_MAX_HANDLES 64      /* per kind: indexes 0..63 */
#define T2P_NAME_MAX 32         /* device name bytes, NUL excluded */
#define T2P_NAME_NONUL 0xff     /* name_len: no NUL within 4096 bytes (CORE-10) */
#define T2P_PLATFORM_MAX 200
#define T2P_DEAD_FD 0x40000000  /* + index: a descriptor that is never open */
#define T2P_RAWFD_MIN 0x10000   /* raw fds are negative or at least this */

/* Handle kinds; T2P_K_NUM marks a plain number. */
enum t2p_kind {
	T2P_K_NUM = 0,
	T2P_K_C,        /* container */
	T2P_K_G,        /* group */
	T2P_K_D,        /* device fd */
	T2P_K_B,        /* user buffer */
	T2P_NKINDS
};

/*
 * Field classes: what a field means, how the text form spells it and how the
 * binary decoder steers it.  Handle fields hold a kind + index.
 */
enum t2p_field {
	T2P_F_NONE = 0,
	T2P_F_C,        /* container handle */
	T2P_F_G,        /* group handle */
	T2P_F_B,        /* buffer handle */
	T2P_F_FD,       /* container, group or device handle */
	T2P_F_CFD,      /* SET_CONTAINER's fd: a handle or a raw s32 */
	T2P_F_VADDR,    /* buffer + offset, or a raw user address */
	T2P_F_IOVA,
	T2P_F_SIZE,
	T2P_F_START,    /* aperture_start */
	T2P_F_END,      /* aperture_end, steered from the start just before it */
	T2P_F_COUNT,    /* window count (u32) */
	T2P_F_ATTR,     /* attribute number (u32) */
	T2P_F_U64,      /* raw union word of a generic SET_ATTR */
	T2P_F_BANK,     /* msi_bank_index (u32) */
	T2P_F_EXT,      /* CHECK_EXTENSION / SET_IOMMU value */
	T2P_F_CPU,      /* stash cpu (u32) */
	T2P_F_CACHE,    /* stash cache (u32) */
	T2P_F_NTH,      /* fail-nth N (u32) */
	T2P_F_LIDX,     /* LIODN index of an access (u32) */
	T2P_F_GNUM,     /* group number of a group node (u32) */
	T2P_F_CMD,      /* raw ioctl number (u32) */
	T2P_F_RAWARG,   /* raw ioctl argument, below 4096 (never a real pointer) */
	T2P_F_PAGE,     /* buffer page size */
	T2P_F_ASIZE,    /* buffer size */
	T2P_F_DIR,      /* access direction: 0 read, 1 write */
	T2P_F_NAME,     /* device name (op.name) */
	T2P_F_ARGSZ,    /* argsz override (u32) */
	T2P_F_FLAGS,    /* flags override (u32) */
	T2P_F_SEED,     /* a block's schedule seed (u32) */
	T2P_F_PROT,     /* mmap protection, PROT_* bits (u32; MSIC-5) */
	T2P_NFIELDS
};

/*
 * The op table is harness/prog/ops.def: one row per op with its operands,
 * the call it makes (op.h) and its traits.  T2P_X_*: which ABI overrides an
 * op takes.
 */
#define T2P_X_ARGSZ 1u
#define T2P_X_FLAGS 2u
#define T2P_X_NULL 4u
#define T2P_X_STRUCT (T2P_X_ARGSZ | T2P_X_FLAGS | T2P_X_NULL)

/* How an op runs (ops.def's run column). */
enum t2p_run {
	T2P_RUN_IOCTL = 0,      /* one ioctl on operand 0's descriptor (op.h) */
	T2P_RUN_OPEN,           /* opens a node: a container, or group f0 */
	T2P_RUN_CLOSE,          /* closes descriptor f0 */
	T2P_RUN_ALLOC,          /* a user buffer */
	T2P_RUN_FREE,
	T2P_RUN_ACCESS,         /* a device access (introspection: T2SIM_TRANSLATE) */
	T2P_RUN_FAIL_NTH,       /* arms fault injection (introspection) */
	T2P_RUN_RACE,           /* race_msi: two threads of MAP_MSI/UNMAP_MSI */
	T2P_RUN_MARK,           /* a block marker (docs/concurrency.md) */
	T2P_RUN_MMAP,           /* mmap of an MSI fd (design C, MSIC-5): a new buffer handle */
};

/*
 * Op traits (ops.def's traits column): what the executor knows of an op
 * without running it.  The touch class says which containers an op can
 * change by the rules; the platform-wide counters are checked after every
 * op, and every container after the last one, so a change to a container no
 * rule lets the op touch is still reported, at the end of the program.
 */
#define T2P_T_QUERY 0x01u       /* changes no state by the rules: no state check after it */
#define T2P_T_ATTRS 0x02u       /* the GET_ATTR answers may differ after it (ATTR, CORE-5, REL-2) */
#define T2P_T_CONC 0x04u        /* may stand in a concurrent block: one call that acts
				 * on handles made before the block (no opens: a
				 * descriptor number reused inside a block would name
				 * different objects on the two sides; no buffers, no
				 * fail-nth, no race_msi, no markers) */
#define T2P_T_GENERIC 0x08u     /* its ioctl's generic op: every input an operand (the
				 * op the blind fuzzer issues for that ioctl) */
#define T2P_T_PROBE_IOVA 0x10u  /* the sweep probes its iova operand (first IOVA field) */
#define T2P_T_PROBE_END 0x20u   /* ... and iova + size - 1 (SIZE field) */
#define T2P_T_PROBE_MSI 0x40u   /* ... and the doorbell: iova + the MSIIR offset of its
				 * BANK operand's bank (bank 0 if none); in a block, the
				 * iova itself */
#define T2P_T_TOUCH_SHIFT 8
#define T2P_T_TOUCH_MASK (7u << T2P_T_TOUCH_SHIFT)
/* the containers its operands name and the ones their groups are in (CORE-8,
 * 9, 12: membership moves only between those); a raw number or a raw
 * container fd can name any container: all */
#define T2P_T_TOUCH_MEMBERS (0u << T2P_T_TOUCH_SHIFT)
/* the container operand 0 names (none if it names no container) */
#define T2P_T_TOUCH_OWN (1u << T2P_T_TOUCH_SHIFT)
/* none: the platform-wide counters only (buffers: MEM-5) */
#define T2P_T_TOUCH_PLATFORM (2u << T2P_T_TOUCH_SHIFT)
/* no counter at all, only the fail-nth state (opening a node CORE-6, ISO-8, INTRO-8) */
#define T2P_T_TOUCH_NOTHING (3u << T2P_T_TOUCH_SHIFT)
/* closing: a container PLATFORM, a group or device MEMBERS (its container) */
#define T2P_T_TOUCH_CLOSE (4u << T2P_T_TOUCH_SHIFT)

enum t2p_opcode {
#define T2P_OP(code, ...) T2P_OP_##code,
#include "prog/ops.def"
#undef T2P_OP
	T2P_NOPCODES
};

/* One operand: a handle (kind + index) or a number (kind NUM, val). */
struct t2p_arg {
	uint8_t kind;
	uint8_t idx;
	uint64_t val;   /* number, or the offset of a buffer-relative vaddr */
};

struct t2p_op {
	uint8_t code;           /* enum t2p_opcode */
	uint8_t null_arg;       /* pass a null argument pointer (ERR-2) */
	uint8_t name_len;       /* device name length, or T2P_NAME_NONUL */
	uint8_t pad;
	uint32_t flags;         /* struct flags (default per op) */
	uint32_t argsz;         /* struct argsz (default: minsz) */
	struct t2p_arg a[4];
	char name[T2P_NAME_MAX];
};

/* Profiles: which ops the binary decoder favours (one per fuzz target). */
enum t2p_profile {
	T2P_PROFILE_ALL = 0,
	T2P_PROFILE_GEOMETRY,
	T2P_PROFILE_MSI,
	T2P_NPROFILES
};

struct t2p_prog {
	char platform[T2P_PLATFORM_MAX];   /* PLAT-2 string, never empty */
	uint8_t profile;
	unsigned int nops;
	struct t2p_op ops[T2P_MAX_OPS];
};

/* ------------------------------------------------------------ op table */
struct t2p_opinfo {
	const char *name;
	uint8_t creates;        /* enum t2p_kind created, NUM if none */
	uint8_t field[4];       /* enum t2p_field */
	uint8_t extras;         /* T2P_X_* */
	uint8_t run;            /* enum t2p_run */
	uint32_t argsz;         /* default argsz: the struct's minsz (ABI-3), 0 if none */
	uint32_t flags;         /* default flags */
	uint32_t traits;        /* T2P_T_* */
};

/* ops.def expanded (op.c) */
extern const struct t2p_opinfo t2p_opinfo[T2P_NOPCODES];
/* Default argsz (the struct's minsz, ABI-3; 0 if none) and default flags. */
uint32_t t2p_default_argsz(unsigned int code);
uint32_t t2p_default_flags(unsigned int code);
const char *t2p_profile_name(unsigned int profile);
/* -1 if unknown */
int t2p_profile_find(const char *name);
/* 'c', 'g', 'd', 'b' */
char t2p_kind_letter(unsigned int kind);

/* ------------------------------------------------------------ programs */
void t2p_init(struct t2p_prog *p);
/* A fresh op with the defaults of `code` (argsz = minsz, default flags). */
void t2p_op_init(struct t2p_op *op, unsigned int code);
/* 0, or -ENOSPC when the program is full. */
int t2p_append(struct t2p_prog *p, const struct t2p_op *op);
void t2p_remove(struct t2p_prog *p, unsigned int at, unsigned int n);
/* Field-by-field equality (unused name bytes ignored); 0 if equal. */
int t2p_op_cmp(const struct t2p_op *a, const struct t2p_op *b);
int t2p_cmp(const struct t2p_prog *a, const struct t2p_prog *b);
/* Is field i of op a 32-bit field (values above 2^32-1 are not representable)? */
int t2p_field_is_u32(unsigned int field);
/* The name a DEVICE op passes (CORE-10): its bytes and a NUL, or, for
 * T2P_NAME_NONUL, T2P_NAME_BUF bytes of 'a' with no NUL in them. */
#define T2P_NAME_BUF 4200
void t2p_device_name(const struct t2p_op *op, char name[T2P_NAME_BUF]);
/*
 * Raw ioctl numbers (T2P_F_CMD) are kept in the asm-generic _IOC layout
 * (x86, arm, riscv): nr bits 0..7, type 8..15, size 16..29, direction 30..31
 * with none 0, write 1, read 2; so a program means the same ioctl on every
 * host.  t2p_cmd_host gives the number the host's _IOC makes of the same
 * fields (powerpc: size 13 bits, direction 29..31 with none 1, read 2,
 * write 4); a size the host cannot encode gives a number no _IOC makes
 * there (direction bits 0), never a valid ioctl.  t2p_cmd_prog is the
 * inverse for numbers the host's _IOC made.
 */
#define T2P_IOC(dir, type, nr, size) \
	((uint32_t)(dir) << 30 | (uint32_t)(size) << 16 | (uint32_t)(type) << 8 | (uint32_t)(nr))
#define T2P_IO(type, nr) T2P_IOC(0u, type, nr, 0u)
unsigned long t2p_cmd_host(uint64_t cmd);
uint32_t t2p_cmd_prog(unsigned long host);
/* What t2p_init() and a text without a platform line give. */
#define T2P_DEFAULT_PLATFORM "p4080"
const char *t2p_platform(const struct t2p_prog *p);

/* ------------------------------------------------------------ blocks */
#define T2P_BLOCK_MAX_THREADS 4
#define T2P_BLOCK_MAX_THREAD_OPS 8
/* May op code stand inside a block?  Its T2P_T_CONC trait. */
int t2p_block_op_ok(unsigned int code);
struct t2p_block {
	unsigned int begin;     /* index of the BLOCK marker */
	unsigned int end;       /* index of the END marker */
	unsigned int nthreads;
	unsigned int first[T2P_BLOCK_MAX_THREADS];      /* index of each thread's first op */
	unsigned int n[T2P_BLOCK_MAX_THREADS];          /* and its op count */
	uint32_t seed;
};
/* The block whose BLOCK marker is op i: 0, or -EINVAL if i is no BLOCK
 * marker or the block is not well formed (see above). */
int t2p_block_at(const struct t2p_prog *p, unsigned int i, struct t2p_block *b);
/* Makes every block well formed after an edit (the minimizer removes ops
 * and markers one by one): stray markers go, ops before a block's first
 * thread marker get one, empty threads and blocks go, a thread beyond 8 ops
 * or an op that may not stand in a block ends it, a block left open is
 * closed.  Returns 1 if p changed. */
int t2p_normalize(struct t2p_prog *p);
/* Turns the block at op i into serial ops (threads one after the other). */
void t2p_block_flatten(struct t2p_prog *p, unsigned int i);

/* ------------------------------------------------------------ text form */
/*
 * Parses text (len bytes, need not be NUL-terminated).  On error returns
 * -EINVAL and writes "FILE:LINE:COL: message" into err.
 */
int t2p_parse(const char *text, size_t len, const char *fname, struct t2p_prog *p,
	      char *err, size_t errlen);
/* Prints the canonical text form.  Returns bytes written (as snprintf). */
size_t t2p_print(const struct t2p_prog *p, char *buf, size_t len);
/* One op, without newline (a new handle is printed as index 0). */
size_t t2p_print_op(const struct t2p_op *op, char *buf, size_t len);
/* Op i of p, without newline, its new handle numbered as in the program. */
size_t t2p_print_op_in(const struct t2p_prog *p, unsigned int i, char *buf, size_t len);
/* Prints to a stdio stream (FILE *). */
void t2p_fprint(const struct t2p_prog *p, void *stream);

/* ------------------------------------------------------------ struct arguments */
/* The call an op makes: op.h. */
#define T2P_ARG_MAX 64          /* bytes: the largest minsz of a struct op */
#define T2P_ARG_POISON 0xa5     /* bytes the call must ignore or leave alone */
typedef uint64_t t2p_vaddr_fn(void *ctx, const struct t2p_arg *a);

/* ------------------------------------------------------------ binary form */
#define T2P_BIN_VERSION 5        /* 5: design C's ops; 4: the MSI design (prog_bin.c); 3: blocks; 1..4 decode as before */
#define T2P_BIN_PAD 0x00        /* opcode bytes that make no op */
#define T2P_BIN_PAD_FF 0xff
#define T2P_BIN_LITPLAT 0x80    /* header bit: literal platform string follows */
/* Never fails: every byte string is a program (possibly empty). */
void t2p_decode(const uint8_t *data, size_t len, struct t2p_prog *p);
/* What the decoder made of the bytes, for a note to the user. */
struct t2p_decode_info {
	size_t used;            /* bytes decoded */
	int truncated;          /* the input ends inside the header or an op */
	int cut;                /* T2P_MAX_OPS reached before the end */
};
void t2p_decode_info(const uint8_t *data, size_t len, struct t2p_prog *p,
		     struct t2p_decode_info *info);
/*
 * Encodes p.  Returns the encoded length (which may exceed len: then call
 * again with a larger buffer), never fails.  Values the decoder cannot
 * produce (a handle index above the handles created so far plus 63, an op
 * outside the profile) are encoded as the nearest thing it can.
 */
size_t t2p_encode(const struct t2p_prog *p, uint8_t *buf, size_t len);

/* ------------------------------------------------------------ files (prog_file.c) */
/* Is this file content text (printable) or binary? */
int t2p_looks_binary(const uint8_t *data, size_t len);
/* How a file is read: by name and content (AUTO), or forced. */
enum t2p_form {
	T2P_FORM_AUTO = 0,
	T2P_FORM_TEXT,
	T2P_FORM_BINARY
};
/*
 * The form a file is read in (TEXT or BINARY): a forced form as given;
 * otherwise a name ending in ".bin" or one libFuzzer gives (40 hex digits,
 * maybe after "crash-", "leak-", "timeout-", "oom-" or "slow-unit-") is
 * binary whatever its bytes (a fuzz input may be all printable), and any
 * other file is text if printable.
 */
int t2p_file_form(const char *path, const uint8_t *data, size_t len, int form);
/*
 * Loads a program from a file in `form` (enum t2p_form).  On error returns
 * -errno (or -EINVAL for a parse error) with a message naming the file (and
 * line:col).  t2p_load() is t2p_load_as() with T2P_FORM_AUTO.
 */
int t2p_load_as(const char *path, int form, struct t2p_prog *p, char *err, size_t errlen);
int t2p_load(const char *path, struct t2p_prog *p, char *err, size_t errlen);
/*
 * Loads the bytes of a file (malloc'd, NUL-terminated); 0 or -errno.  A
 * regular file or a pipe (read once, to EOF); a directory gives -EISDIR, any
 * other kind of file -T2P_ENOTFILE, before it is opened.
 */
#define T2P_ENOTFILE 4095
int t2p_read_file(const char *path, uint8_t **data, size_t *len);
/* The message for a t2p_read_file() error. */
const char *t2p_read_strerror(int r);
/*
 * A program from bytes already read (t2p_load_as without the read).  For
 * the binary form, note (if given) gets a sentence when the decoder made
 * little of the input: empty, truncated, no op, or cut at T2P_MAX_OPS.
 */
int t2p_load_bytes(const char *path, const uint8_t *data, size_t len, int form,
		   struct t2p_prog *p, char *err, size_t errlen, char *note, size_t notelen);
/* Length of the valid UTF-8 sequence at s (1..4), 0 if none (or NUL). */
size_t t2p_utf8_len(const uint8_t *s, size_t n);

#endif /* T2_PROG_H */
