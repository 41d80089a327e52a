#!/bin/sh
# fuzz-run.sh — runs one libFuzzer target of Cutout over its committed corpus
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: fuzz-run.sh EXECUTABLE NAME SECONDS [LIBFUZZER-ARGS...]
# CUTOUT_FUZZ_SECONDS overrides SECONDS. New inputs go to a scratch corpus
# in the build directory (never into the committed seeds), crashes to
# fuzz-work/NAME/artifacts/ there.
set -eu

exe=$1
name=$2
seconds=${CUTOUT_FUZZ_SECONDS:-$3}
shift 3

src=${CUTOUT_FUZZ_SOURCE_DIR:-$(cd "$(dirname "$0")" && pwd)}
work=$(cd "$(dirname "$exe")" && pwd)/fuzz-work/$name
mkdir -p "$work/corpus" "$work/artifacts"

if [ -f "$src/dict/$name.dict" ]; then
  set -- "$@" "-dict=$src/dict/$name.dict"
fi

# Leaks count as findings (libFuzzer's -detect_leaks is on by default);
# undefined behaviour aborts (also compiled in with -fno-sanitize-recover).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

exec "$exe" \
  -max_total_time="$seconds" \
  -error_exitcode=1 \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" \
  "$@" \
  "$work/corpus" "$src/corpus/$name"
