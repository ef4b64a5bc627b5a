# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# t2harness: one flat Makefile.  FLAVOR selects the toolchain and the build
# directory, so every flavor builds the same file lists:
#   make                 gcc -O2 (build/gcc)
#   make FLAVOR=asan     clang, ASan+UBSan (build/asan)
#   make FLAVOR=tsan     clang, ThreadSanitizer (build/tsan)
# Data flows one way: include/ -> kernel-stub/ -> harness/{tap,backend} ->
# harness/oracle -> harness/prog -> harness/exec -> conformance/, fuzzers/,
# harness/cli/.

FLAVOR ?= gcc
T2_TYPE2_VALUE ?= 2
B := build/$(FLAVOR)

ifeq ($(FLAVOR),gcc)
CC := gcc
SANFLAGS :=
OPTFLAGS := -O2 -g
else ifeq ($(FLAVOR),asan)
CC := clang
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPTFLAGS := -O1 -g
else ifeq ($(FLAVOR),tsan)
CC := clang
SANFLAGS := -fsanitize=thread
OPTFLAGS := -O1 -g
else ifeq ($(FLAVOR),clang)
CC := clang
SANFLAGS :=
OPTFLAGS := -O2 -g
else
$(error unknown FLAVOR '$(FLAVOR)': use gcc, clang, asan or tsan)
endif

WARNFLAGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes

# Cross builds (docs/board.md): make CROSS=powerpc64-linux-gnu- builds the
# programs that run on a board as static binaries in build/<triplet>/, with
# gcc's FLAVOR flags.  T2_RUN runs a program of this build: empty for the
# host, qemu-user for a cross build (binfmt_misc may not be registered).
CROSS ?=
T2_RUN ?=
ifneq ($(CROSS),)
ifneq ($(FLAVOR),gcc)
$(error CROSS= builds with FLAVOR=gcc only)
endif
CROSS_TRIPLET := $(patsubst %-,%,$(CROSS))
# (a type2 value other than 2 builds apart: the board bundle carries each)
B := build/$(CROSS_TRIPLET)$(if $(filter-out 2,$(T2_TYPE2_VALUE)),-type$(T2_TYPE2_VALUE))
CC := $(CROSS)gcc
SANFLAGS := -static
# 32-bit gcc 12 sees a size_t errlen up to 4 GiB > INT_MAX in every
# snprintf(err, errlen, "%s", ...) and warns of truncation it cannot prove.
WARNFLAGS += $(if $(filter powerpc-%,$(CROSS)),-Wno-format-truncation)
# ppc32 has no 64-bit atomic instructions: gcc calls libatomic for them.
CROSS_LDLIBS := $(if $(filter powerpc-%,$(CROSS)),-latomic)
# 64-bit inode numbers and sizes for stat/readdir in 32-bit programs
CROSS_CPPFLAGS := $(if $(filter powerpc-%,$(CROSS)),-D_FILE_OFFSET_BITS=64)
T2_RUN := $(or $(QEMU_USER),$(if $(filter powerpc64-%,$(CROSS)),qemu-ppc64-static,$(if $(filter powerpc-%,$(CROSS)),qemu-ppc-static)))
endif

CPPFLAGS := -Iinclude -Ikernel-stub -Ikernel-stub/user -Iharness \
	-DT2_TYPE2_VALUE=$(T2_TYPE2_VALUE) -D_GNU_SOURCE $(CROSS_CPPFLAGS)
CFLAGS := -std=gnu11 $(OPTFLAGS) $(WARNFLAGS) $(SANFLAGS) -MD -MP
LDFLAGS := $(SANFLAGS)
LDLIBS := -lpthread $(CROSS_LDLIBS)

# ---------------------------------------------------------------- simulator core
# OS-neutral: these files include only kernel-stub/os.h and include/t2/.
CORE_SRCS := \
	kernel-stub/core/dispatch.c \
	kernel-stub/core/container.c \
	kernel-stub/core/domain.c \
	kernel-stub/core/attr.c \
	kernel-stub/core/dma.c \
	kernel-stub/core/dma_b3.c \
	kernel-stub/core/msi.c \
	kernel-stub/core/design.c \
	kernel-stub/core/msi_a.c \
	kernel-stub/core/msi_b.c \
	kernel-stub/core/msi_c.c \
	kernel-stub/core/release.c \
	kernel-stub/core/xlate.c \
	kernel-stub/core/intro.c \
	kernel-stub/core/platform.c \
	kernel-stub/core/faults.c \
	kernel-stub/core/personality.c \
	kernel-stub/core/points.c

# user-space shim and in-process API (kernel-stub/user)
SHIM_SRCS := \
	kernel-stub/user/os_user.c \
	kernel-stub/user/umem.c \
	kernel-stub/user/t2sim.c \
	kernel-stub/user/sched.c

# ---------------------------------------------------------------- harness library
# the TAP/KTAP core (harness/tap/)
TAP_SRCS := \
	harness/tap/tap.c

# backends: the one ops table and its kinds (harness/backend/)
BACKEND_SRCS := \
	harness/backend/ioctl.c \
	harness/backend/backend.c \
	harness/backend/config.c \
	harness/backend/backend_kinds.c \
	harness/backend/backend_stub.c \
	harness/backend/backend_dev.c \
	harness/backend/core_variant.c \
	harness/backend/platform_match.c \
	harness/backend/announce.c \
	harness/backend/threads.c

# the oracle: the spec as an executable model (harness/oracle/)
ORACLE_SRCS := \
	harness/oracle/oracle.c \
	harness/oracle/oracle_backend.c \
	harness/oracle/oracle_platform.c \
	harness/oracle/oracle_design.c \
	harness/oracle/oracle_group.c \
	harness/oracle/oracle_attr.c \
	harness/oracle/oracle_dma.c \
	harness/oracle/oracle_msi.c \
	harness/oracle/oracle_msib.c \
	harness/oracle/oracle_msi_c.c \
	harness/oracle/oracle_xlate.c \
	harness/oracle/oracle_intro.c \
	harness/oracle/oracle_mem.c \
	harness/oracle/oracle_snap.c

# the program model: ops, text and binary forms (harness/prog/)
PROG_SRCS := \
	harness/prog/prog.c \
	harness/prog/prog_file.c \
	harness/prog/prog_text.c \
	harness/prog/prog_bin.c \
	harness/prog/op.c \
	harness/prog/prog_block.c

# the executor: program on backend and oracle, checks (harness/exec/)
EXEC_SRCS := \
	harness/exec/exec.c \
	harness/exec/exec_ops.c \
	harness/exec/exec_check.c \
	harness/exec/exec_block.c \
	harness/exec/exec_cache.c \
	harness/exec/exec_iso.c \
	harness/exec/observe.c \
	harness/exec/found_with.c \
	harness/exec/race.c \
	harness/exec/block.c \
	harness/exec/lin.c \
	harness/exec/inv.c \
	harness/exec/inv_design.c

HARNESS_SRCS := $(TAP_SRCS) $(BACKEND_SRCS) $(ORACLE_SRCS) $(PROG_SRCS) $(EXEC_SRCS)

# ---------------------------------------------------------------- programs
# each: name := main source; linked with the libraries above
CLI_SRCS := \
	harness/cli/t2h.c \
	harness/cli/cmd_info.c \
	harness/cli/cmd_replay.c \
	harness/cli/cmd_show.c \
	harness/cli/cmd_min.c \
	harness/cli/cmd_cprog.c \
	harness/cli/t2h_io.c
CORE_TEST_SRCS := \
	kernel-stub/tests/seq.c \
	kernel-stub/tests/errors.c \
	kernel-stub/tests/plat.c \
	kernel-stub/tests/failnth.c \
	kernel-stub/tests/switches.c \
	kernel-stub/tests/msi_c.c \
	kernel-stub/tests/conc.c \
	kernel-stub/tests/random.c
CONFORMANCE_SRCS := \
	conformance/runner.c \
	conformance/framework.c \
	conformance/fixture.c \
	conformance/abi.c \
	conformance/core.c \
	conformance/variant.c \
	conformance/plat.c \
	conformance/attr.c \
	conformance/windows.c \
	conformance/stash.c \
	conformance/map.c \
	conformance/unmap.c \
	conformance/msi.c \
	conformance/msi_a.c \
	conformance/msi_b.c \
	conformance/msi_c.c \
	conformance/domain.c \
	conformance/acct.c \
	conformance/release.c \
	conformance/atomicity.c \
	conformance/iso.c \
	conformance/intro.c \
	conformance/conc.c \
	conformance/conc_pairs.c

CORE_OBJS := $(CORE_SRCS:%.c=$(B)/%.o)
SHIM_OBJS := $(SHIM_SRCS:%.c=$(B)/%.o)
HARNESS_OBJS := $(HARNESS_SRCS:%.c=$(B)/%.o)
LIBSIM := $(B)/libt2sim.a
LIBH := $(B)/libt2harness.a

CLI_OBJS := $(CLI_SRCS:%.c=$(B)/%.o)
T2H := $(B)/t2h
LIBS := $(LIBH) $(LIBSIM)

.PHONY: all check clean
all: $(LIBSIM) $(LIBH) $(T2H)

$(T2H): $(CLI_OBJS) $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJS) $(LIBS) $(LDLIBS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBSIM): $(CORE_OBJS) $(SHIM_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(LIBH): $(HARNESS_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# ---------------------------------------------------------------- preload device
# libt2dev.so (kernel-stub/preload, docs/devices.md): the simulator as a device
# for the host, from position-independent objects of its own, without
# sanitizers (it is loaded into programs built any way).
PRELOAD_SRCS := $(CORE_SRCS) $(SHIM_SRCS) kernel-stub/preload/t2dev.c
PRELOAD_OBJS := $(PRELOAD_SRCS:%.c=$(B)/pic/%.o)
T2DEV_SO := $(B)/libt2dev.so

$(B)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(filter-out $(SANFLAGS),$(CFLAGS)) -fPIC -c -o $@ $<

$(T2DEV_SO): $(PRELOAD_OBJS)
	$(CC) -shared -o $@ $^ -ldl -lpthread

# make fuzz-dev's device: the same sources with libFuzzer's edge counters (no
# sanitizer, weak stubs for processes without libFuzzer), so that the
# campaign is guided by the device's code as make fuzz is by the stub's
T2DEV_FUZZ_SO := build/fuzz/lf/libt2dev.so
T2DEV_FUZZ_OBJS := $(PRELOAD_SRCS:%.c=build/fuzz/lf/pic/%.o) \
	build/fuzz/lf/pic/kernel-stub/preload/cov_stubs.o

build/fuzz/lf/pic/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_CFLAGS) -O1 -fPIC \
		-fsanitize-coverage=inline-8bit-counters,pc-table -c -o $@ $<

$(T2DEV_FUZZ_SO): $(T2DEV_FUZZ_OBJS)
	clang -shared -o $@ $^ -ldl -lpthread

# ---------------------------------------------------------------- binary decoder
# The decoder's output for a fixed seeded input set, against a stored hash:
# corpora are binary programs and must keep decoding to the same programs.
PROG_DECODE_FP := $(B)/harness/prog/tests/prog_decode_fp
$(PROG_DECODE_FP): $(B)/harness/prog/tests/prog_decode_fp.o $(B)/harness/tap/tap.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: check-prog-decode
check-prog-decode: $(PROG_DECODE_FP)
	$(T2_RUN) $(PROG_DECODE_FP)

check: check-prog-decode

# ---------------------------------------------------------------- oracle tests
# The oracle (harness/oracle/*.c) links without the simulator core.
ORACLE_OBJS := $(patsubst %.c,$(B)/%.o,$(ORACLE_SRCS))
ORACLE_TEST_SRCS := \
	harness/oracle/tests/oracle_sequence.c \
	harness/oracle/tests/oracle_errors.c \
	harness/oracle/tests/oracle_failnth.c \
	harness/oracle/tests/oracle_msi.c \
	harness/oracle/tests/oracle_spaace.c \
	harness/oracle/tests/oracle_platform.c \
	harness/oracle/tests/oracle_random.c
ORACLE_TESTS := $(ORACLE_TEST_SRCS:%.c=$(B)/%)

$(ORACLE_TESTS): $(B)/%: $(B)/%.o $(ORACLE_OBJS) $(B)/harness/tap/tap.o \
		$(B)/harness/backend/core_variant.o $(B)/harness/oracle/tests/oracle_drive.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: check-oracle
check-oracle: $(ORACLE_TESTS)
	@set -e; for t in $(ORACLE_TESTS); do echo "# $$t"; $(T2_RUN) $$t; done

# differential smoke test: needs the simulator core (libt2sim) and the stub backend
ORACLE_VS_STUB := $(B)/harness/oracle/tests/oracle_vs_stub
$(ORACLE_VS_STUB): $(B)/harness/oracle/tests/oracle_vs_stub.o $(B)/harness/oracle/tests/oracle_drive.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: check-oracle-stub
check-oracle-stub: $(ORACLE_VS_STUB)
	$(T2_RUN) $(ORACLE_VS_STUB)

check: check-oracle check-oracle-stub

# t2sim_reset through the stub's ->reset: a reset instance answers every
# corpus program exactly like a fresh one (harness/exec/tests/stub_reset.c)
STUB_RESET := $(B)/harness/exec/tests/stub_reset
$(STUB_RESET): $(B)/harness/exec/tests/stub_reset.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: check-reset
check-reset: $(STUB_RESET)
	prove --failures --exec '$(T2_RUN)' $(STUB_RESET)

check: check-reset
check: all

# ---------------------------------------------------------------- core tests
# kernel-stub/tests: TAP programs on the t2sim API directly (no harness library).
CORE_TESTS := $(CORE_TEST_SRCS:%.c=$(B)/%)
CORE_TEST_LIB := $(B)/kernel-stub/tests/ktest.o $(B)/harness/tap/tap.o

$(CORE_TESTS): $(B)/%: $(B)/%.o $(CORE_TEST_LIB) $(LIBSIM)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: check-core bench-stub
check-core: $(CORE_TESTS)
	prove --failures --exec '$(T2_RUN)' $(CORE_TESTS)

BENCH_STUB := $(B)/kernel-stub/user/bench_stub
$(BENCH_STUB): $(B)/kernel-stub/user/bench_stub.o $(LIBSIM)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# figures only (ops/s, ns/op); never a verdict
bench-stub: $(BENCH_STUB)
	$(BENCH_STUB)

check: check-core

# ---------------------------------------------------------------- conformance suite
# One program, TAP 13 / KTAP; see docs/conformance.md.
T2CONF := $(B)/conformance/t2conf
CONFORMANCE_OBJS := $(CONFORMANCE_SRCS:%.c=$(B)/%.o)
all: $(T2CONF)

$(T2CONF): $(CONFORMANCE_OBJS) $(LIBH) $(LIBSIM)
	$(CC) $(LDFLAGS) -o $@ $(CONFORMANCE_OBJS) $(LIBH) $(LIBSIM) $(LDLIBS)

.PHONY: check-conformance check-tsan spec-coverage kill-matrix
# programs with race_msi and concurrent blocks, for check-tsan
TSAN_BLOCK_PROGS := \
	corpus/msi/race.t2p \
	corpus/msi/block.t2p \
	corpus/surface/conc_dma.t2p \
	corpus/surface/conc_close.t2p
check-conformance: $(T2CONF)
	prove --failures --exec '$(T2_RUN)' $(T2CONF)

# The suite on every other MSI design the simulator implements (spec 9a),
# p4080 and t4240, stub and oracle (ci/check-designs.sh).
.PHONY: check-designs
check-designs: $(T2CONF) $(T2H)
	T2_RUN="$(T2_RUN)" sh ci/check-designs.sh $(T2CONF) $(T2H)
check: check-designs

# Every rule ID of docs/spec.md and the tests that cite it; fails on an
# uncovered normative rule.
spec-coverage: $(T2CONF)
	perl conformance/spec-coverage.pl docs/spec.md $(T2CONF)

# The suite against each SDK-B defect alone (and L1..L3 beside it).
kill-matrix: $(T2CONF)
	perl conformance/kill-matrix.pl include/t2/switches.def "$(strip $(T2_RUN) $(T2CONF))"

# The suite on each MSI design (p4080 and t4240), then with each designs2013
# switch of that design alone: N/N killed per design (issue #19).
.PHONY: kill-matrix-designs
kill-matrix-designs: $(T2CONF)
	sh conformance/kill-matrix-designs.sh "$(strip $(T2_RUN) $(T2CONF))"
check: kill-matrix-designs

check-tsan:
	$(MAKE) FLAVOR=tsan build/tsan/conformance/t2conf build/tsan/kernel-stub/tests/conc
	T2_TIMEOUT=120 prove --failures --exec '' build/tsan/conformance/t2conf
	prove --failures --exec '' build/tsan/kernel-stub/tests/conc
	$(MAKE) FLAVOR=tsan build/tsan/t2h
	# concurrent blocks: the stub's scheduler, then real threads (race.c)
	build/tsan/t2h replay -n 3 $(TSAN_BLOCK_PROGS)
	T2_BACKEND=oracle build/tsan/t2h replay -n 3 $(TSAN_BLOCK_PROGS)

check: check-conformance spec-coverage kill-matrix

# The kernel's KTAP parser (kunit.py of linux-source-6.1) on t2conf --ktap and
# on the guest streams check-kernel / check-uml / check-vfio-core left; its
# counts must equal the runner's (ci/check-ktap.sh).
.PHONY: check-ktap
check-ktap: $(T2CONF)
	sh ci/check-ktap.sh $(T2CONF)
check: check-ktap

# ---------------------------------------------------------------- lock mutants
# One suite per mutant of kernel-stub/core/points.h (locks.def sections
# removed, COMMIT points of points.def split): only the core is rebuilt, with
# -DT2_LOCK_MUTANT=T2_MUT_<name>, into $(B)/mutants/<name>/.  The list comes
# from the two tables; docs/concurrency.md.
ifneq ($(MUTANT),)
MUT_B := $(B)/mutants/$(MUTANT)
MUT_CORE_OBJS := $(CORE_SRCS:%.c=$(MUT_B)/%.o)

$(MUT_B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DT2_LOCK_MUTANT=T2_MUT_$(MUTANT) $(CFLAGS) -c -o $@ $<

$(MUT_B)/t2conf: $(MUT_CORE_OBJS) $(SHIM_OBJS) $(CONFORMANCE_OBJS) $(LIBH)
	$(CC) $(LDFLAGS) -o $@ $(CONFORMANCE_OBJS) $(LIBH) $(MUT_CORE_OBJS) $(SHIM_OBJS) $(LDLIBS)
endif

.PHONY: check-lock-mutants
# MUTANT_FUZZ_SECONDS (default 20; 0 skips) of fuzz_surface per mutant.
MUTANT_FUZZ_SECONDS ?= 20
check-lock-mutants: $(T2CONF)
	$(if $(filter 0,$(MUTANT_FUZZ_SECONDS)),,$(MAKE) deps-clang fuzz-seeds)
	MUTANT_FUZZ_SECONDS=$(MUTANT_FUZZ_SECONDS) perl conformance/lock-mutants.pl \
		kernel-stub/core/locks.def kernel-stub/core/points.def $(B) $(FLAVOR)

clean:
	rm -rf build

-include $(shell find build -name '*.d' -type f 2>/dev/null)

# ---------------------------------------------------------------- kernel module and guests (docs/kernel.md)
# The t2sim module (kernel-stub/module) against KDIR (default: the newest
# Debian headers), and the guest runs: qemu TCG on Debian's kernel, and the
# KASAN User-mode Linux.  See ci/check-kernel.sh.  Guests run static copies of
# the programs, linked from the gcc objects.
KBINS_DIR := $(B)/kernel-bins
KBINS := $(KBINS_DIR)/dev_smoke $(KBINS_DIR)/t2conf $(KBINS_DIR)/t2h

$(KBINS_DIR)/dev_smoke: $(B)/ci/dev_smoke.o $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $^ $(LDLIBS)

$(KBINS_DIR)/t2conf: $(CONFORMANCE_OBJS) $(LIBH) $(LIBSIM)
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $^ $(LDLIBS)

$(KBINS_DIR)/t2h: $(CLI_OBJS) $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $^ $(LDLIBS)

# a cross guest has no busybox: its /init runs the suite itself (ci/guest_init.c)
ifneq ($(CROSS),)
KBINS += $(KBINS_DIR)/guest_init
$(KBINS_DIR)/guest_init: $(B)/ci/guest_init.o
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $^
endif

.PHONY: module kernel-bins check-kernel check-uml check-kernel-runners
module:
	ci/module-build.sh

kernel-bins: $(KBINS)

check-kernel:
	ci/check-kernel.sh qemu

check-uml:
	ci/check-kernel.sh uml

# the resumable runs (MODULES=, ci/kernel-items.sh) against t2crash.ko's planted
# crashes: a verdict per item, one crash record per crashing item, its title
.PHONY: check-kernel-crashes
check-kernel-crashes: kernel-bins
	ci/check-kernel-crashes.sh qemu

# the differential report of MODULES= ... REFERENCE=sdk2013 on a stub stand-in
.PHONY: check-kernel-reference
check-kernel-reference: kernel-bins
	sh ci/check-kernel-reference.sh
check: check-kernel-reference

# the runners' own verdicts (PASS, KERNEL, TIMEOUT) on a trivial module
check-kernel-runners:
	ci/runner-selftest.sh qemu
	ci/runner-selftest.sh uml

# ---------------------------------------------------------------- behind the VFIO core (docs/vfio-core.md)
# t2vfio.ko: the simulator as an IOMMU driver of the kernel's own VFIO core,
# driven through /dev/vfio in a qemu guest.  See docs/vfio-core.md.
.PHONY: vfio-module vfio-bins check-vfio-core check-vfio-core-uml
vfio-module:
	ci/vfio-core-build.sh

$(KBINS_DIR)/vfio_rate: $(B)/ci/vfio_rate.o
	@mkdir -p $(dir $@)
	$(CC) -static -o $@ $^

vfio-bins: $(KBINS) $(KBINS_DIR)/vfio_rate

check-vfio-core:
	ci/vfio-core.sh qemu

# the same module in the KASAN + lockdep + kmemleak UML (spec sections only)
check-vfio-core-uml:
	ci/vfio-core.sh uml

# ---------------------------------------------------------------- packages (ci/install-deps.sh)
# What a target needs from Debian's packages, through the one installer (it
# installs only what is missing; the Makefile itself installs nothing).
.PHONY: deps-clang deps-afl deps-cross deps-report
deps-clang deps-afl deps-cross deps-report: deps-%:
	ci/install-deps.sh $*

# ---------------------------------------------------------------- fuzzing (docs/fuzzing.md)
# One source per target in fuzzers/, but for the executor-driven targets:
# one source, fuzzers/fuzz_exec.c, built once per profile (FUZZ_PROFILE_T).
# Each builds four ways from the same library sources:
#   build/fuzz/lf/fuzz_T      libFuzzer + ASan + UBSan (what `make fuzz` runs)
#   build/fuzz/lfn/fuzz_T     libFuzzer, no sanitizer (exec/s measurements)
#   build/fuzz/afl/fuzz_T     AFL++ persistent mode (afl-clang-fast)
#   build/fuzz/aflcmp/fuzz_T  AFL++ CmpLog binary (afl-fuzz -c)
# and, under gcc, $(B)/fuzzers/fuzz_T: a plain replay main for `make check`.
FUZZ_TARGETS := surface geometry msi parsers
# Comparison tracing costs ~40% of the run time and the decoder already steers
# values; `make FUZZ_COV= ...` turns it back on.
FUZZ_COV ?= -fno-sanitize-coverage=trace-cmp
FUZZ_EXEC_TARGETS := surface geometry msi
FUZZ_PROFILE_surface := T2P_PROFILE_ALL
FUZZ_PROFILE_geometry := T2P_PROFILE_GEOMETRY
FUZZ_PROFILE_msi := T2P_PROFILE_MSI
# the targets' sources before fuzz_exec.c: dependency files of older builds
# name them, and must not stop make
fuzzers/fuzz_surface.c fuzzers/fuzz_geometry.c fuzzers/fuzz_msi.c:
FUZZ_LIB_SRCS := $(CORE_SRCS) $(SHIM_SRCS) $(HARNESS_SRCS)
FUZZ_SECONDS ?= 600
FUZZ_CFLAGS := -std=gnu11 -g $(WARNFLAGS) -MD -MP

FUZZ_lf_CC := clang
FUZZ_lf_CFLAGS := -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer $(FUZZ_COV)
FUZZ_lf_LDFLAGS := -fsanitize=fuzzer,address,undefined
FUZZ_lf_NOCOV := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_lfn_CC := clang
FUZZ_lfn_CFLAGS := -O2 -fsanitize=fuzzer-no-link $(FUZZ_COV)
FUZZ_lfn_LDFLAGS := -fsanitize=fuzzer
FUZZ_lfn_NOCOV := -O2
FUZZ_afl_CC := afl-clang-fast
FUZZ_afl_CFLAGS := -O2
FUZZ_afl_LDFLAGS :=
FUZZ_afl_NOCOV := -O2
FUZZ_aflcmp_CC := AFL_LLVM_CMPLOG=1 afl-clang-fast
FUZZ_aflcmp_CFLAGS := -O2
FUZZ_aflcmp_LDFLAGS :=
FUZZ_aflcmp_NOCOV := -O2

# Coverage feedback comes from the system under test (kernel-stub/) and the
# program decoders (harness/prog/*, what the parser target tests); the
# rest of the harness (oracle, executor) is built without fuzzer
# instrumentation (sanitizers kept), which is most of the speed.
FUZZ_COV_DIRS := kernel-stub/% harness/prog/%
define FUZZ_VARIANT
build/fuzz/$(1)/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(FUZZ_$(1)_CC) $$(CPPFLAGS) $$(FUZZ_CFLAGS) \
		$$(if $$(filter $(FUZZ_COV_DIRS),$$<),$$(FUZZ_$(1)_CFLAGS),$$(FUZZ_$(1)_NOCOV)) -c -o $$@ $$<
$$(FUZZ_EXEC_TARGETS:%=build/fuzz/$(1)/fuzzers/fuzz_%.o): build/fuzz/$(1)/fuzzers/fuzz_%.o: fuzzers/fuzz_exec.c
	@mkdir -p $$(dir $$@)
	$$(FUZZ_$(1)_CC) $$(CPPFLAGS) -DFUZZ_PROFILE=$$(FUZZ_PROFILE_$$*) $$(FUZZ_CFLAGS) \
		$$(FUZZ_$(1)_NOCOV) -c -o $$@ $$<
FUZZ_$(1)_LIBOBJS := $$(FUZZ_LIB_SRCS:%.c=build/fuzz/$(1)/%.o)
build/fuzz/$(1)/fuzz_%: build/fuzz/$(1)/fuzzers/fuzz_%.o $$(FUZZ_$(1)_LIBOBJS) $(2)
	$$(FUZZ_$(1)_CC) $$(FUZZ_$(1)_LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(eval $(call FUZZ_VARIANT,lf,))
$(eval $(call FUZZ_VARIANT,lfn,))
$(eval $(call FUZZ_VARIANT,afl,build/fuzz/afl/fuzzers/afl_driver.o))
$(eval $(call FUZZ_VARIANT,aflcmp,build/fuzz/aflcmp/fuzzers/afl_driver.o))

# A lock mutant's fuzz targets (check-lock-mutants; MUTANT as above).
ifneq ($(MUTANT),)
# the mutant's fuzz targets (libFuzzer, no sanitizer: the executor's oracle
# is the detector), only the core rebuilt
MUT_FZ := build/fuzz/lfn/mutants/$(MUTANT)
MUT_FZ_CORE_OBJS := $(CORE_SRCS:%.c=$(MUT_FZ)/%.o)

$(MUT_FZ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_lfn_CC) $(CPPFLAGS) -DT2_LOCK_MUTANT=T2_MUT_$(MUTANT) $(FUZZ_CFLAGS) \
		$(FUZZ_lfn_CFLAGS) -c -o $@ $<

$(MUT_FZ)/fuzz_%: build/fuzz/lfn/fuzzers/fuzz_%.o $(MUT_FZ_CORE_OBJS) \
		$(filter-out $(CORE_SRCS:%.c=build/fuzz/lfn/%.o),$(FUZZ_lfn_LIBOBJS))
	$(FUZZ_lfn_CC) $(FUZZ_lfn_LDFLAGS) -o $@ $^ $(LDLIBS)
endif

# plain replay mains (gcc, or whatever FLAVOR says)
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(B)/fuzzers/fuzz_%)
$(FUZZ_EXEC_TARGETS:%=$(B)/fuzzers/fuzz_%.o): $(B)/fuzzers/fuzz_%.o: fuzzers/fuzz_exec.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DFUZZ_PROFILE=$(FUZZ_PROFILE_$*) $(CFLAGS) -c -o $@ $<
$(B)/fuzzers/fuzz_%: $(B)/fuzzers/fuzz_%.o $(B)/fuzzers/replay_main.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $(B)/fuzzers/fuzz_$*.o $(B)/fuzzers/replay_main.o $(LIBS) $(LDLIBS)

# seeds: corpus/T/*.t2p (text) -> build/fuzz/seeds/T/*.bin (binary)
# (the parser target takes its seeds as they are, text included)
FUZZ_SEED_TEXT := $(foreach t,$(FUZZ_EXEC_TARGETS),$(wildcard corpus/$(t)/*.t2p))
FUZZ_SEEDS := $(FUZZ_SEED_TEXT:corpus/%.t2p=build/fuzz/seeds/%.bin) \
	$(patsubst corpus/%,build/fuzz/seeds/%,$(wildcard corpus/parsers/*))
build/fuzz/seeds/%.bin: corpus/%.t2p $(T2H)
	@mkdir -p $(dir $@)
	$(T2H) encode $< $@
build/fuzz/seeds/parsers/%: corpus/parsers/%
	@mkdir -p $(dir $@)
	cp $< $@

.PHONY: fuzz fuzz-build fuzz-afl fuzz-seeds check-fuzz-replay check-corpus
fuzz-seeds: $(FUZZ_SEEDS)

fuzz-build: deps-clang
	$(MAKE) $(FUZZ_TARGETS:%=build/fuzz/lf/fuzz_%) $(FUZZ_TARGETS:%=build/fuzz/lfn/fuzz_%) \
		$(T2H) fuzz-seeds

# the AFL++ builds of every target (plain and CmpLog)
fuzz-afl: deps-afl
	$(MAKE) $(FUZZ_TARGETS:%=build/fuzz/afl/fuzz_%) $(FUZZ_TARGETS:%=build/fuzz/aflcmp/fuzz_%)

# The README's main command: fuzz the embedded simulator (spec by default;
# FUZZ_SECONDS, T2_PERSONALITY, T2_DEFECTS change it), exit 1 on a finding.
fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) T2H=$(T2H) sh fuzzers/run-fuzz.sh $(FUZZ_TARGETS)
# the same campaign on the preload device (docs/devices.md): the device's own
# T2DEV_* variables configure it, e.g. make fuzz-dev T2DEV_DEFECTS=B6
.PHONY: fuzz-dev
fuzz-dev: fuzz-build $(T2DEV_FUZZ_SO)
	rm -rf build/fuzz/devroot
	LD_PRELOAD=$(abspath $(T2DEV_FUZZ_SO)) T2_BACKEND=dev T2_ROOT=$(abspath build/fuzz/devroot) \
	FUZZ_OUT=build/fuzz/run-dev \
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_THROUGHPUT_SECONDS=0 T2H=$(T2H) \
	sh fuzzers/run-fuzz.sh $(filter-out parsers,$(FUZZ_TARGETS))

# The seed corpus through every target's replay main (spec personality:
# every seed must pass), plus random inputs for the parsers.
check-fuzz-replay: $(FUZZ_REPLAY)
	@set -e; for t in $(FUZZ_EXEC_TARGETS); do \
	  T2_DEFECTS= $(T2_RUN) $(B)/fuzzers/fuzz_$$t corpus/$$t; done
	$(T2_RUN) $(B)/fuzzers/fuzz_parsers corpus/surface corpus/geometry corpus/msi corpus/parsers \
		-rand 20000 1

# Every seed and every regression program, with its expected verdict, under
# spec and under each personality/defect set its file names.
check-corpus: $(T2H)
	T2_RUN="$(T2_RUN)" sh fuzzers/check-corpus.sh $(T2H)

check: check-fuzz-replay check-corpus

# the dictionaries' MSI design headers match msi_designs.def (issue #19)
.PHONY: check-fuzz-dicts
check-fuzz-dicts:
	sh fuzzers/dict-designs.sh --check
check: check-fuzz-dicts

# The t2h tools themselves: program forms (*.bin, --binary/--text), t2h min.
.PHONY: check-t2h
check-t2h: $(T2H)
	sh harness/cli/check-t2h.sh $(T2H)
check: check-t2h

# Concurrent blocks through t2h: shapes, round trip, the linearizability
# oracle's verdicts, min and cprog (docs/concurrency.md).
.PHONY: check-blocks
check-blocks: $(T2H)
	sh harness/cli/check-blocks.sh $(T2H)
check: check-blocks
.PHONY: check-limits
check-limits: $(T2H)
	sh harness/cli/check-limits.sh $(T2H)
check: check-limits

# the executor's observation levels and T2_ANNOUNCE (harness/exec/observe.c, announce.c)
.PHONY: check-observe
check-observe: $(T2H)
	sh harness/cli/check-observe.sh $(T2H)
check: check-observe

# the device backend on the preload device (docs/devices.md); gcc build only
.PHONY: check-dev
check-dev: $(T2DEV_SO) $(T2H) $(B)/conformance/t2conf
	sh ci/check-dev.sh $(abspath $(T2DEV_SO)) $(T2H) $(B)/conformance/t2conf
check: check-dev

# Findings say how to reproduce them (saved configuration, make fuzz's
# command, figures up to a finding) and abort through frames named after
# them (fuzzers/check-findings.sh).
.PHONY: check-findings
check-findings: $(FUZZ_REPLAY) $(T2H)
	sh fuzzers/check-findings.sh $(B)/fuzzers $(T2H)
check: check-findings

# Every object make builds on the way is kept (a pattern rule's objects are
# intermediates, deleted at the end, and their .d files then have make build
# them again: a second `make fuzz` compiled ~94 objects).  ci/check-make-keep.sh
# checks it.
.SECONDARY:
.PHONY: check-make-keep
check-make-keep: $(LIBS)
	sh ci/check-make-keep.sh
check: check-make-keep

# ---------------------------------------------------------------- benchmark (docs/benchmarks.md)
# `make bench BENCH_SECONDS=N` (N caps each detection run; default 300):
# simulator throughput, exec/s per fuzz target (libFuzzer and AFL++, with and
# without ASan+UBSan), the detection matrix of SDK-B1..B16 with the blind
# Trinity-style baseline (fuzzers/fuzz_blind.c driven by ci/bench/rand_main.c).
# Writes docs/benchmarks.md and docs/benchmarks.json; see ci/bench/bench.py.
BENCH_SECONDS ?= 300
BENCH_TARGETS := $(FUZZ_TARGETS) blind
FUZZ_aflasan_CC := AFL_USE_ASAN=1 AFL_USE_UBSAN=1 afl-clang-fast
FUZZ_aflasan_CFLAGS := -O1 -fno-omit-frame-pointer
FUZZ_aflasan_LDFLAGS :=
FUZZ_aflasan_NOCOV := -O1 -fno-omit-frame-pointer
$(eval $(call FUZZ_VARIANT,aflasan,build/fuzz/aflasan/fuzzers/afl_driver.o))

# a fuzz target on the feedback-free driver (random inputs, no coverage)
$(B)/bench/rand_%: $(B)/fuzzers/fuzz_%.o $(B)/ci/bench/rand_main.o $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(B)/fuzzers/fuzz_$*.o $(B)/ci/bench/rand_main.o $(LIBS) $(LDLIBS)

.PHONY: bench bench-build
bench-build: deps-clang fuzz-afl
	$(MAKE) FLAVOR=gcc \
		$(foreach v,lf lfn afl aflasan aflcmp,$(BENCH_TARGETS:%=build/fuzz/$(v)/fuzz_%)) \
		$(BENCH_TARGETS:%=build/gcc/fuzzers/fuzz_%) build/gcc/bench/rand_blind \
		build/gcc/bench/rand_surface build/gcc/t2h build/gcc/conformance/t2conf \
		build/gcc/kernel-stub/user/bench_stub fuzz-seeds

bench: bench-build
	BENCH_SECONDS=$(BENCH_SECONDS) python3 ci/bench/bench.py

# Time to detect each SDK-B defect alone, from the seeds and from nothing.
.PHONY: fuzz-ttd
fuzz-ttd: fuzz-build
	sh fuzzers/ttd.sh seeds
	TTD_MAX=120 sh fuzzers/ttd.sh empty surface

# Time to detect each designs2013 switch (MSI designs' natural defects):
# median of TTD_RUNS (3) runs, TTD_MAX (60) s cap (fuzzers/ttd-designs.sh).
.PHONY: fuzz-ttd-designs
fuzz-ttd-designs: fuzz-build
	sh fuzzers/ttd-designs.sh

# docs/msi-designs.md: the MSI designs A, B, C, D compared by measurement
# (ci/msi-report/report.py; tables, gnuplot charts, verdict; about 35 min at
# load 8, nearly all of it the time-to-find runs from design D's seeds;
# MSI_REPORT_SKIP=ttd leaves the fuzzing out: under a minute).
.PHONY: msi-report
msi-report: deps-report fuzz-build $(T2H) $(T2CONF)
	python3 ci/msi-report/report.py

# the libFuzzer targets inside the qemu guest against t2sim.ko
# (ci/fuzz-kernel.sh; T2_KERNEL_MODULE_ARGS="defects=B6" for a defect)
.PHONY: fuzz-kernel
fuzz-kernel: deps-clang
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(filter-out parsers,$(FUZZ_TARGETS))" \
		ci/fuzz-kernel.sh

# time to detect each defect of the preload device (T2DEV_DEFECTS=Bn) from
# the seeds, TTD_MAX seconds per target at most (docs/devices.md)
.PHONY: fuzz-dev-ttd
fuzz-dev-ttd: fuzz-build $(T2DEV_FUZZ_SO)
	rm -rf build/fuzz/devroot-ttd
	LD_PRELOAD=$(abspath $(T2DEV_FUZZ_SO)) T2_BACKEND=dev \
	T2_ROOT=$(abspath build/fuzz/devroot-ttd) TTD_DEFECTS_VAR=T2DEV_DEFECTS \
	TTD_OUT=build/fuzz/ttd-dev sh fuzzers/ttd.sh seeds

# ---------------------------------------------------------------- CI and campaigns (docs/ci.md)
# .ci/run (ci/gate.sh) is the PR gate.  These are the unattended runs:
#   make nightly NIGHTLY_SECONDS=300   ci/nightly: libFuzzer + AFL++ campaign, triage, report
#   make oss-fuzz-test                 ci/oss-fuzz-build.sh as OSS-Fuzz runs it (libFuzzer, AFL++)
#   make coverage                      llvm-cov HTML of the simulator core, per-rule view
NIGHTLY_SECONDS ?= 300
NIGHTLY_ARGS ?=
.PHONY: nightly oss-fuzz-test coverage
nightly:
	ci/nightly $(NIGHTLY_ARGS) $(NIGHTLY_SECONDS)

# ci/nightly --kernel-replay's stub-vs-kernel comparison on canned verdicts (no VM)
.PHONY: check-nightly-kernel
check-nightly-kernel:
	sh ci/nightly-lib/check-verdict-diff.sh
check: check-nightly-kernel

oss-fuzz-test:
	ci/oss-fuzz-test.sh

coverage:
	ci/coverage.sh

# ---------------------------------------------------------------- behaviour fingerprint
# A refactoring changes no verdict: what t2h makes of the corpus and of 3000
# seeded fuzzed inputs (show; replay under spec, sdk2013 and each switch
# alone), one sha256 per part, against ci/behaviour-fp.baseline (its own list
# of files and switches, so new ones do not count; the corpus parts as at
# 49c5f7e, the fuzz parts since the binary form's version 5).
# A deliberate change of behaviour: make behaviour-fp-record, said in the commit.
.PHONY: check-behaviour behaviour-fp-record
check-behaviour: $(T2H)
	ci/behaviour-fp.sh --check ci/behaviour-fp.baseline $(T2H)

behaviour-fp-record: $(T2H)
	ci/behaviour-fp.sh $(T2H) > build/behaviour-fp.baseline
	mv build/behaviour-fp.baseline ci/behaviour-fp.baseline

# ---------------------------------------------------------------- PowerPC (docs/board.md)
# make CROSS=powerpc-linux-gnu- / CROSS=powerpc64-linux-gnu- builds what runs
# on a board (static, in build/<triplet>/); check-cross runs the check suites
# of both under qemu-user and compares what ppc64 (big-endian) and this host
# make of the corpus and of fuzzed inputs (ci/cross-fp.sh).
BOARD_BINS := \
	$(T2H) \
	$(T2CONF) \
	$(FUZZ_REPLAY) \
	$(CORE_TESTS) \
	$(ORACLE_TESTS) \
	$(ORACLE_VS_STUB) \
	$(STUB_RESET) \
	$(PROG_DECODE_FP)
ifneq ($(CROSS),)
all: $(BOARD_BINS)
endif
CROSS_TARGETS := powerpc-linux-gnu- powerpc64-linux-gnu-
CROSS_FP_INPUTS ?= 3000
# what check-cross runs for one target (under $(T2_RUN))
CROSS_CHECKS := \
	check-prog-decode \
	check-core \
	check-oracle \
	check-oracle-stub \
	check-reset \
	check-conformance \
	kill-matrix \
	check-fuzz-replay \
	check-corpus

.PHONY: check-cross check-cross-one check-cprog-cross
# under instruction emulation a test is slower: longer timeouts (a hang is
# still stopped), so no verdict depends on the machine's load
check-cross-one: all
	T2_TIMEOUT=300 T2_KILL_TIMEOUT=120 $(MAKE) $(CROSS_CHECKS)

# t2h cprog output (a corpus program with its finding) compiles with each cross compiler
CPROG_CROSS_SRC := corpus/regress/b4-map-1-6.t2p
check-cprog-cross: $(T2H)
	@mkdir -p build/cprog-cross
	$(T2H) --defects B4 cprog $(CPROG_CROSS_SRC) -o build/cprog-cross/repro.c
	set -e; for c in $(CROSS_TARGETS); do \
	  $${c}gcc -std=gnu11 -O2 -Wall -Wextra -Werror -static \
		-o build/cprog-cross/repro-$${c%-} build/cprog-cross/repro.c; done

check-cross: deps-cross
	set -e; for c in $(CROSS_TARGETS); do $(MAKE) CROSS=$$c check-cross-one; done
	$(MAKE) $(T2H) check-cprog-cross
	$(MAKE) CROSS=powerpc64-linux-gnu- build/powerpc64-linux-gnu/t2h
	ci/cross-fp.sh $(T2H) build/powerpc64-linux-gnu/t2h qemu-ppc64-static $(CROSS_FP_INPUTS)

# The board bundle: t2h and t2conf for each type2 value, corpus/ and one
# busybox script (ci/board-run.sh); see docs/board.md.
BOARD_TYPE2_VALUES ?= 2 1000 7
.PHONY: board-bundle board-bins check-board-bundle
board-bins: $(T2H) $(T2CONF)

board-bundle:
ifeq ($(CROSS),)
	$(error board-bundle needs CROSS=powerpc-linux-gnu- or CROSS=powerpc64-linux-gnu-)
endif
	set -e; for v in $(BOARD_TYPE2_VALUES); do \
	  $(MAKE) CROSS=$(CROSS) T2_TYPE2_VALUE=$$v board-bins; done
	ci/board-bundle.sh $(CROSS_TRIPLET) $(BOARD_TYPE2_VALUES)

# The bundle unpacked in an empty busybox chroot, run under qemu-user against
# the simulator; its KTAP must parse (ci/board-test.sh).
check-board-bundle: board-bundle
	ci/board-test.sh build/board/t2board-$(CROSS_TRIPLET).tar.gz $(T2_RUN)

# The big-endian kernel: ppc64 e6500 under qemu ppce500 (ci/check-kernel.sh ppc)
.PHONY: check-kernel-ppc
check-kernel-ppc:
	ci/check-kernel.sh ppc
