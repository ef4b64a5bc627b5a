# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# t2harness: one flat Makefile.  FLAVOR selects the toolchain and the build
# directory, so every flavor builds the same file lists:
#   make                 gcc -O2 (build/gcc)
#   make FLAVOR=asan     clang, ASan+UBSan (build/asan)
#   make FLAVOR=tsan     clang, ThreadSanitizer (build/tsan)
# Data flows one way: include/ -> kernel-stub/ -> harness/ -> conformance/,
# fuzzers/, harness/cli/.

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
CPPFLAGS := -Iinclude -Ikernel-stub -Ikernel-stub/user -Iharness \
	-DT2_TYPE2_VALUE=$(T2_TYPE2_VALUE) -D_GNU_SOURCE
CFLAGS := -std=gnu11 $(OPTFLAGS) $(WARNFLAGS) $(SANFLAGS) -MD -MP
LDFLAGS := $(SANFLAGS)
LDLIBS := -lpthread

# ---------------------------------------------------------------- simulator core
# OS-neutral: these files include only kernel-stub/os.h and include/t2/.
CORE_SRCS := \
	kernel-stub/core/dispatch.c \
	kernel-stub/core/container.c \
	kernel-stub/core/domain.c \
	kernel-stub/core/attr.c \
	kernel-stub/core/dma.c \
	kernel-stub/core/msi.c \
	kernel-stub/core/release.c \
	kernel-stub/core/xlate.c \
	kernel-stub/core/intro.c \
	kernel-stub/core/platform.c \
	kernel-stub/core/faults.c \
	kernel-stub/core/personality.c

# user-space shim and in-process API (kernel-stub/user)
SHIM_SRCS := \
	kernel-stub/user/os_user.c \
	kernel-stub/user/umem.c \
	kernel-stub/user/t2sim.c

# ---------------------------------------------------------------- harness library
HARNESS_SRCS := \
	harness/tap.c \
	harness/ioctl.c \
	harness/backend.c \
	harness/backend_kinds.c \
	harness/backend_stub.c \
	harness/backend_dev.c \
	harness/oracle.c \
	harness/oracle_backend.c \
	harness/oracle_platform.c \
	harness/oracle_group.c \
	harness/oracle_attr.c \
	harness/oracle_dma.c \
	harness/oracle_msi.c \
	harness/oracle_xlate.c \
	harness/oracle_intro.c \
	harness/oracle_mem.c \
	harness/prog.c \
	harness/prog_text.c \
	harness/prog_bin.c \
	harness/exec.c \
	harness/inv.c

# ---------------------------------------------------------------- programs
# each: name := main source; linked with the libraries above
CLI_SRCS := \
	harness/cli/t2h.c \
	harness/cli/cmd_info.c \
	harness/cli/cmd_replay.c \
	harness/cli/cmd_show.c \
	harness/cli/cmd_min.c \
	harness/cli/cmd_cprog.c
CORE_TEST_SRCS := \
	kernel-stub/tests/seq.c \
	kernel-stub/tests/errors.c \
	kernel-stub/tests/plat.c \
	kernel-stub/tests/failnth.c \
	kernel-stub/tests/switches.c \
	kernel-stub/tests/conc.c \
	kernel-stub/tests/random.c
CONFORMANCE_SRCS := \
	conformance/runner.c \
	conformance/framework.c \
	conformance/abi.c \
	conformance/core.c \
	conformance/plat.c \
	conformance/attr.c \
	conformance/windows.c \
	conformance/stash.c \
	conformance/map.c \
	conformance/unmap.c \
	conformance/msi.c \
	conformance/domain.c \
	conformance/acct.c \
	conformance/release.c \
	conformance/atomicity.c \
	conformance/iso.c \
	conformance/intro.c \
	conformance/conc.c

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

# ---------------------------------------------------------------- oracle tests
# The oracle (harness/oracle*.c) links without the simulator core.
ORACLE_OBJS := $(patsubst %.c,$(B)/%.o,$(filter harness/oracle%.c,$(HARNESS_SRCS)))
ORACLE_TEST_SRCS := \
	harness/tests/oracle_sequence.c \
	harness/tests/oracle_errors.c \
	harness/tests/oracle_failnth.c \
	harness/tests/oracle_msi.c \
	harness/tests/oracle_spaace.c \
	harness/tests/oracle_platform.c \
	harness/tests/oracle_random.c
ORACLE_TESTS := $(ORACLE_TEST_SRCS:%.c=$(B)/%)

$(ORACLE_TESTS): $(B)/%: $(B)/%.o $(ORACLE_OBJS) $(B)/harness/tap.o \
		$(B)/harness/tests/oracle_drive.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: check-oracle
check-oracle: $(ORACLE_TESTS)
	@set -e; for t in $(ORACLE_TESTS); do echo "# $$t"; $$t; done

# differential smoke test: needs the simulator core (libt2sim) and the stub backend
ORACLE_VS_STUB := $(B)/harness/tests/oracle_vs_stub
$(ORACLE_VS_STUB): $(B)/harness/tests/oracle_vs_stub.o $(B)/harness/tests/oracle_drive.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: check-oracle-stub
check-oracle-stub: $(ORACLE_VS_STUB)
	$(ORACLE_VS_STUB)

check: check-oracle check-oracle-stub
check: all

# ---------------------------------------------------------------- core tests
# kernel-stub/tests: TAP programs on the t2sim API directly (no harness library).
CORE_TESTS := $(CORE_TEST_SRCS:%.c=$(B)/%)
CORE_TEST_LIB := $(B)/kernel-stub/tests/ktest.o $(B)/harness/tap.o

$(CORE_TESTS): $(B)/%: $(B)/%.o $(CORE_TEST_LIB) $(LIBSIM)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: check-core bench-stub
check-core: $(CORE_TESTS)
	prove --failures --exec '' $(CORE_TESTS)

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
check-conformance: $(T2CONF)
	prove --failures --exec '' $(T2CONF)

# Every rule ID of docs/spec.md and the tests that cite it; fails on an
# uncovered normative rule.
spec-coverage: $(T2CONF)
	perl conformance/spec-coverage.pl docs/spec.md $(T2CONF)

# The suite against each SDK-B defect alone (and L1..L3 beside it).
kill-matrix: $(T2CONF)
	perl conformance/kill-matrix.pl include/t2/switches.def $(T2CONF)

check-tsan:
	$(MAKE) FLAVOR=tsan build/tsan/conformance/t2conf
	T2_TIMEOUT=120 prove --failures --exec '' build/tsan/conformance/t2conf

check: check-conformance spec-coverage kill-matrix

clean:
	rm -rf build

-include $(shell find build -name '*.d' -type f 2>/dev/null)

# ---------------------------------------------------------------- kernel (issue #6)
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

.PHONY: module kernel-bins check-kernel check-uml check-kernel-runners
module:
	ci/module-build.sh

kernel-bins: $(KBINS)

check-kernel:
	ci/check-kernel.sh qemu

check-uml:
	ci/check-kernel.sh uml

# the runners' own verdicts (PASS, KERNEL, TIMEOUT) on a trivial module
check-kernel-runners:
	ci/runner-selftest.sh qemu
	ci/runner-selftest.sh uml
