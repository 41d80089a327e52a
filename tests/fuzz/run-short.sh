#!/bin/sh
# run-short.sh — builds Cutout's fuzzing configuration and runs every fuzz target briefly
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/fuzz/run-short.sh [SECONDS-PER-TARGET]   (default 20)
#
# For CI: configures a separate build directory with clang and
# -Dfuzzing=true (CUTOUT_FUZZ_BUILDDIR, default /tmp/build-cutout-fuzz),
# builds only the fuzz targets, runs each over its committed corpus for
# the given time, two at a time (libFuzzer uses one core), and ends with
# "fuzz: N passed, N failed". Any crash, leak, undefined behaviour,
# failed property or GLib warning fails its target; the input that did
# it is kept under $CUTOUT_FUZZ_BUILDDIR/tests/fuzz/fuzz-work/<target>/artifacts/.
set -eu

seconds=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${CUTOUT_FUZZ_BUILDDIR:-/tmp/build-cutout-fuzz}
jobs=${CUTOUT_FUZZ_JOBS:-2}

if ! command -v clang >/dev/null 2>&1; then
  echo "run-short.sh: clang is needed (Debian: apt-get install clang)" >&2
  exit 1
fi

# The project's warning flags are tuned for gcc, so no -Dwerror here;
# optimised code fuzzes several times faster than -O0.
if [ -d "$build/meson-private" ]; then
  CC=clang meson setup --reconfigure "$build" "$src" \
    -Dfuzzing=true -Dui=false -Dbuildtype=debugoptimized >/dev/null
else
  CC=clang meson setup "$build" "$src" \
    -Dfuzzing=true -Dui=false -Dbuildtype=debugoptimized >/dev/null
fi

targets=$(sed -n "/^fuzz_targets = {/,/^}/s/^  '\([a-z-]*\)': \[.*\],\$/\1/p" "$here/meson.build")
regressions=$(sed -n "/^fuzz_regressions = {/,/^}/s/^  '\([a-z-]*\)': \[.*\],\$/fuzz-\1-regressions/p" "$here/meson.build")
if [ -z "$targets" ]; then
  echo "run-short.sh: no targets found in $here/meson.build" >&2
  exit 1
fi

exes=
for name in $targets; do
  exes="$exes tests/fuzz/fuzz-$name"
done
# shellcheck disable=SC2086
ninja -C "$build" $exes >/dev/null

logs=$build/tests/fuzz/fuzz-logs
rm -rf "$logs"
mkdir -p "$logs"

run_one () {
  name=$1
  if CUTOUT_FUZZ_SOURCE_DIR=$here LC_ALL=C.UTF-8 GSETTINGS_BACKEND=memory \
     "$here/fuzz-run.sh" "$build/tests/fuzz/fuzz-$name" "$name" "$seconds" \
     >"$logs/$name.log" 2>&1; then
    echo ok >"$logs/$name.result"
  else
    echo fail >"$logs/$name.result"
  fi
}

running=0
for name in $targets; do
  run_one "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait
    running=0
  fi
done
wait

passed=0
failed=0
for name in $targets; do
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$name.log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$name.log")
  if [ "$(cat "$logs/$name.result")" = ok ]; then
    passed=$((passed + 1))
    echo "ok   fuzz-$name: ${runs:-?} runs, ${speed:-?} exec/s"
  else
    failed=$((failed + 1))
    echo "FAIL fuzz-$name (log: $logs/$name.log)"
    grep -E 'ERROR|SUMMARY|fuzz property failed|Test unit written' "$logs/$name.log" | head -n 8 | sed 's/^/     /'
  fi
done

# The inputs of past findings, once each.
# shellcheck disable=SC2086
if meson test -C "$build" --no-rebuild --print-errorlogs $regressions >"$logs/regressions.log" 2>&1; then
  for name in $regressions; do
    passed=$((passed + 1))
    echo "ok   $name"
  done
else
  failed=$((failed + 1))
  echo "FAIL regression tests (log: $logs/regressions.log)"
  grep -E '^ *[0-9]+/[0-9]+ ' "$logs/regressions.log" | sed 's/^/     /'
fi

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
