#!/bin/bash
# bench-drop.sh — builds and runs bench-drop: 10,000 files dropped on the real window (issue #4 / #7)
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from anywhere; apt needs root or sudo when xvfb or dbus are missing):
#   tests/bench/bench-drop.sh [N [ROUNDS]] [--json]
# Environment:
#   BENCH_DROP_BUILDDIR=_bench-ui  an optimised build WITH the UI (relative to the source root)
#   BENCH_DROP_DIR=...             where the N small PNG files are made (once)
#   GSK_RENDERER=cairo             the renderer (cairo: no llvmpipe noise under Xvfb)
# Never part of `meson test`: it reports figures and never fails on them.
# From run.sh:  "$here/bench-drop.sh" 10000 3 --json
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${BENCH_DROP_BUILDDIR:-_bench-ui}
case $build in /*) ;; *) build=$src/$build ;; esac

need=()
command -v xvfb-run >/dev/null || need+=(xvfb xauth)
command -v dbus-run-session >/dev/null || need+=(dbus)
if [ ${#need[@]} -gt 0 ]; then
  echo "[bench-drop] installing ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

# The optimised build, with the UI (run.sh's _bench has none).
# Build output goes to stderr: stdout is the report.
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$src" -Dbuildtype=release -Dui=true -Dtests=false >&2
fi
ninja -C "$build" src/core/libcutout-core.a src/ui/libcutout-ui.a src/ui/cutout-resources.c data/gschemas.compiled >&2

# Linked like bench-history and bench-preview, plus the UI library and
# the resources (compiled into the program, as meson does for the app).
pkgs="gtk4 libadwaita-1 glib-2.0 gio-2.0 gio-unix-2.0 libsoup-3.0 json-glib-1.0 gdk-pixbuf-2.0 sqlite3 libsecret-1"
# Newer cores hash with nettle.
if pkg-config --exists nettle; then pkgs="$pkgs nettle"; fi
cc -O2 -Wall -Wextra -I"$src/src/core" -I"$src/src/ui" -I"$build" -I"$build/src/ui" \
   -o "$build/bench-drop" "$here/bench-drop.c" "$build/src/ui/cutout-resources.c" \
   "$build/src/ui/libcutout-ui.a" "$build/src/core/libcutout-core.a" $(pkg-config --cflags --libs $pkgs) -lm

export GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory GSK_RENDERER=${GSK_RENDERER:-cairo}
export NO_AT_BRIDGE=1 GTK_A11Y=test
xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- "$build/bench-drop" "$@"
