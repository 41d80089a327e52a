#!/usr/bin/env bash
# validate-desktop.sh — checks the merged desktop file: desktop-file-validate
# reports nothing, and the entries GNOME relies on are there.
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   usage: validate-desktop.sh DESKTOP_FILE ICON_DIR
set -u

desktop=$1
icon_dir=$2
status=0

fail () {
  echo "FAIL: $*" >&2
  status=1
}

if ! command -v desktop-file-validate >/dev/null; then
  echo "SKIP: desktop-file-validate is not installed (desktop-file-utils)" >&2
  exit 77
fi

# Errors make it exit non-zero; warnings and hints only print. Any of them
# fails this test.
output=$(desktop-file-validate "$desktop" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] || [ -n "$output" ]; then
  printf '%s\n' "$output" >&2
  fail "desktop-file-validate exited with $rc and said the above"
fi

# The value of KEY in the [Desktop Entry] group (untranslated).
value () {
  sed -n '/^\[Desktop Entry\]/,/^\[/{s/^'"$1"'=//p}' "$desktop" | head -n1
}

app_id=$(basename "$desktop" .desktop)

expect () {
  local key=$1 expected=$2 actual
  actual=$(value "$key")
  [ "$actual" = "$expected" ] || fail "$key is '$actual', expected '$expected'"
}

expect Type Application
expect Name Cutout
expect Exec 'cutout %U'
expect Icon "$app_id"
expect Terminal false
expect StartupNotify true
expect DBusActivatable false
expect MimeType 'image/png;image/jpeg;image/webp;image/bmp;image/tiff;image/gif;'

for key in GenericName Comment Keywords Categories; do
  [ -n "$(value "$key")" ] || fail "$key is missing or empty"
done
case ";$(value Categories)" in
  *";Graphics;"*) ;;
  *) fail "Categories lacks the main category Graphics" ;;
esac
case "$(value Keywords)" in
  *";") ;;
  *) fail "Keywords must end with a semicolon" ;;
esac

# Icon= names an icon that the project installs (under the base ID).
base_id=${app_id%.Devel}
[ -f "$icon_dir/hicolor/scalable/apps/$base_id.svg" ] \
  || fail "no scalable icon for $base_id in $icon_dir"

[ "$status" -eq 0 ] && echo "ok: $desktop"
exit "$status"
