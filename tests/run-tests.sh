#!/usr/bin/env bash
# Builds (if needed) and runs the whole test suite the way CI does: under a
# virtual X display and a private D-Bus session bus, so that UI and keyring
# tests never touch the desktop they are started from.
#   usage: bash tests/run-tests.sh [BUILD_DIR] [meson test arguments…]
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-_build}
shift || true
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dwerror=true || exit 1
fi
meson compile -C "$build" || exit 1
exec xvfb-run -a -s "-screen 0 1280x1024x24" \
  dbus-run-session -- \
  meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
