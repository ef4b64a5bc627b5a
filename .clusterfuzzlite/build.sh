#!/bin/bash -eu
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
# Copyright (c) 2026 The t2harness authors
#
# ClusterFuzzLite build script: ci/oss-fuzz-build.sh reads the variables the
# builder sets (CC, CXX, CFLAGS, CXXFLAGS, LIB_FUZZING_ENGINE, OUT, WORK) and
# writes every fuzz target with its seed corpus, dictionary and options.
exec "$SRC/t2harness/ci/oss-fuzz-build.sh"
