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
CORE_SRCS :=

# user-space shim and in-process API (kernel-stub/user)
SHIM_SRCS :=

# ---------------------------------------------------------------- harness library
HARNESS_SRCS := \
	harness/tap.c \
	harness/backend.c \
	harness/backend_kinds.c \
	harness/backend_stub.c \
	harness/backend_dev.c

# ---------------------------------------------------------------- programs
# each: name := main source; linked with the libraries above
CLI_SRCS := \
	harness/cli/t2h.c \
	harness/cli/cmd_info.c
CORE_TEST_SRCS :=
CONFORMANCE_SRCS :=

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

check: all

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
