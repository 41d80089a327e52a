#!/usr/bin/env bash
# validate-icons.sh — checks the application icons: well-formed SVG of the
# right size, self-contained, and a symbolic icon GTK can recolor.
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   usage: validate-icons.sh ICON_DIR APP_ID
set -u

icon_dir=$1
app_id=$2
status=0

fail () {
  echo "FAIL: $*" >&2
  status=1
}

if ! command -v xmllint >/dev/null; then
  echo "SKIP: xmllint is not installed (libxml2-utils)" >&2
  exit 77
fi

check_svg () {
  local file=$1 size=$2 value
  if [ ! -f "$file" ]; then
    fail "$file does not exist"
    return
  fi
  if ! xmllint --noout "$file"; then
    fail "$file is not well-formed XML"
    return
  fi
  value=$(xmllint --xpath 'concat(local-name(/*), " ", namespace-uri(/*))' "$file")
  [ "$value" = "svg http://www.w3.org/2000/svg" ] || fail "$file: root is '$value', not an SVG element"
  for attr in width height; do
    value=$(xmllint --xpath "string(/*/@$attr)" "$file")
    [ "$value" = "$size" ] || fail "$file: $attr is '$value', expected $size"
  done
  value=$(xmllint --xpath 'string(/*/@viewBox)' "$file")
  [ "$value" = "0 0 $size $size" ] || fail "$file: viewBox is '$value'"
  # Self-contained: no text (fonts differ), no embedded or linked images,
  # no scripts, no references to other files.
  value=$(xmllint --xpath 'count(//*[local-name()="text" or local-name()="image" or local-name()="script" or local-name()="foreignObject"])' "$file")
  [ "$value" = 0 ] || fail "$file has $value text, image, script or foreignObject elements"
  value=$(xmllint --xpath 'count(//@*[local-name()="href"][not(starts-with(., "#"))])' "$file")
  [ "$value" = 0 ] || fail "$file links to $value outside resources"
}

scalable="$icon_dir/hicolor/scalable/apps/$app_id.svg"
symbolic="$icon_dir/hicolor/symbolic/apps/$app_id-symbolic.svg"

check_svg "$scalable" 128
check_svg "$symbolic" 16

if [ -f "$symbolic" ]; then
  # GTK recolors a symbolic icon by overriding the fill of its shapes, so
  # it must be drawn with fills of the one Adwaita foreground color only:
  # no strokes, no other colors, no gradients, no opacity tricks.
  colors=$(grep -Eoi '#[0-9a-f]{6}\b|#[0-9a-f]{3}\b|rgba?\(' "$symbolic" | tr 'A-F' 'a-f' | sort -u)
  [ "$colors" = "#2e3436" ] || fail "$symbolic uses colors other than #2e3436: $(echo $colors)"
  value=$(xmllint --xpath 'count(//@*[local-name()="stroke"][. != "none"]) + count(//*[local-name()="linearGradient" or local-name()="radialGradient" or local-name()="pattern"])' "$symbolic")
  [ "$value" = 0 ] || fail "$symbolic has strokes, gradients or patterns"
  if grep -q 'stroke:' "$symbolic"; then
    fail "$symbolic sets a stroke in a style"
  fi
fi

[ "$status" -eq 0 ] && echo "ok: icons of $app_id"
exit "$status"
