#!/bin/bash
# run.sh — the one command that runs Cutout's benchmarks and writes tests/bench/RESULTS.md
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from anywhere, as root or with sudo for the apt step):
#   tests/bench/run.sh
# Environment:
#   BENCH_N=200          photographs in the batch benchmark (~5 MB each)
#   BENCH_ROUNDS=3       rounds per measurement (medians are reported)
#   BENCH_BUILDDIR=_bench  the optimised build directory (relative to the source root)
#   BENCH_ONLY=batch,memory,history,preview,startup,drop,history-ui  a subset
#   BENCH_CACHE=/tmp/cutout-bench-photos  where the generated photographs are kept
# Never part of `meson test`: it reports figures and never fails on them.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${BENCH_BUILDDIR:-_bench}
case $build in /*) ;; *) build=$src/$build ;; esac

# Inputs and tools: the photographs come from gnome-backgrounds.
need=()
[ -d /usr/share/backgrounds/gnome ] || need+=(gnome-backgrounds)
command -v convert >/dev/null || need+=(imagemagick)
command -v curl >/dev/null || need+=(curl)
[ -x /usr/bin/time ] || need+=(time)
command -v npm >/dev/null || need+=(npm)
command -v xvfb-run >/dev/null || need+=(xvfb xauth)
command -v dbus-run-session >/dev/null || need+=(dbus)
command -v gnome-text-editor >/dev/null || need+=(gnome-text-editor)
if [ ${#need[@]} -gt 0 ]; then
  echo "[bench] installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

# The optimised build.
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$src" -Dbuildtype=release -Dtests=true
fi
# The start-up benchmark needs the app itself: a bench folder made by an
# older run.sh without the UI gets it now.
meson configure "$build" -Dui=true >/dev/null
ninja -C "$build" src/cli/cutout-cli tests/fake-server/cutout-fake-server src/core/libcutout-core.a \
  src/ui/cutout data/gschemas.compiled tests/bench-history-ui

# The C benchmarks link the release build's static core library.
pkgs="glib-2.0 gio-2.0 gio-unix-2.0 libsoup-3.0 json-glib-1.0 gdk-pixbuf-2.0 sqlite3 libsecret-1 nettle"
for prog in bench-history bench-preview bench-soup-floor; do
  cc -O2 -Wall -Wextra -I"$src/src/core" -I"$build" -o "$build/$prog" "$here/$prog.c" \
     "$build/src/core/libcutout-core.a" $(pkg-config --cflags --libs $pkgs) -lm
done

# The start-up probe: plain Xlib, it measures any app the same way.
cc -O2 -Wall -Wextra -o "$build/bench-startup" "$here/bench-startup.c" $(pkg-config --cflags --libs x11)

# The baseline Node wrapper, in a throw-away folder.
npm_dir=$(mktemp -d /tmp/cutout-bench-npm-XXXXXX)
trap 'rm -rf "$npm_dir"' EXIT
export BENCH_NODE_PATH= BENCH_REMBG_VERSION=
if command -v node >/dev/null && npm view @remove-background-ai/rembg.js version >/dev/null 2>&1; then
  (cd "$npm_dir" && npm init -y >/dev/null &&
     npm install --no-audit --no-fund --silent @remove-background-ai/rembg.js >/dev/null)
  BENCH_NODE_PATH=$npm_dir/node_modules
  BENCH_REMBG_VERSION=$(node -p "require('$npm_dir/node_modules/@remove-background-ai/rembg.js/package.json').version")
else
  echo "[bench] @remove-background-ai/rembg.js unavailable: the batch runs without it" >&2
fi

python3 "$here/bench.py" "$build" "$here/RESULTS.md"
