#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install the dependencies,
# build Cutout, start the project's fake Rembg server (a local test double,
# no account needed) and start the app against it. Closing the app stops
# the server. The same build talks to the real service when started
# without the CUTOUT_* variables.
#   usage: bash tools/demo.sh [--no-install]
set -euo pipefail
cd "$(dirname "$0")/.."

install=yes
if [ "${1:-}" = "--no-install" ]; then install=no; shift; fi
if [ "$install" = yes ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    $(grep -v '^#' .ci/packages.txt)
fi

[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build

log=$(mktemp -t cutout-demo-server.XXXXXX)
coproc SERVER { exec ./_build/tests/fake-server/cutout-fake-server --port 0 --log "$log.jsonl"; }
read -r url <&"${SERVER[0]}"
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
echo "Fake Rembg server (a test double) at $url; request log: $log.jsonl"

export GSETTINGS_SCHEMA_DIR="$PWD/_build/data"
export CUTOUT_API_URL="$url" CUTOUT_ACCOUNT_URL="$url"
# The fake server's demo key; never a real one.
export CUTOUT_API_KEY=test-key-valid
./_build/src/ui/cutout "$@"
