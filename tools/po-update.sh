#!/bin/sh
# po-update.sh — brings po/POTFILES.in and every catalogue up to date with the sources
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tools/po-update.sh
# Adds the source files with translatable strings that po/POTFILES.in
# lacks (and drops the ones that are gone), extracts a template with the
# same keywords as tests/i18n/check-po-current.sh, merges it into each
# po/<lang>.po, and lists per language the messages still to translate
# (new ones are empty; changed ones come back marked fuzzy).
set -eu
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same search as tests/i18n/check-potfiles.sh.
{
  find src -name '*.c' -type f -print0 |
    xargs -0 grep -lE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_)[[:space:]]*\(|g_d?n?gettext[[:space:]]*\(|g_dpgettext2?[[:space:]]*\(|(^|[^A-Za-z0-9_])d?ngettext[[:space:]]*\(' || true
  find data -type f \( -name '*.ui' -o -name '*.xml' -o -name '*.xml.in' \) -print0 |
    xargs -0 grep -l 'translatable="yes"' || true
  grep -v '^#' po/POTFILES.in | grep -E '\.(desktop\.in|metainfo\.xml\.in|gschema\.xml)$' || true
} | while read -r f; do [ -f "$f" ] && echo "$f"; done | sort -u > "$tmp/found"
grep -v '^#' po/POTFILES.in | sed -e 's/[[:space:]]*$//' -e '/^$/d' |
  while read -r f; do [ -f "$f" ] && echo "$f"; done | sort -u > "$tmp/kept"
sort -u "$tmp/found" "$tmp/kept" > "$tmp/files"
{ grep '^#' po/POTFILES.in || true; cat "$tmp/files"; } > po/POTFILES.in

xgettext --package-name=cutout --files-from="$tmp/files" --directory=. \
  --output="$tmp/cutout.pot" \
  --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
  --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format \
  --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format

for lang in $(grep -v '^#' po/LINGUAS); do
  msgmerge --quiet --update --backup=none --no-fuzzy-matching "po/$lang.po" "$tmp/cutout.pot"
  msgattrib --no-obsolete --output-file="po/$lang.po" "po/$lang.po"
  echo "== $lang: to translate"
  msgattrib --untranslated --no-obsolete "po/$lang.po" | grep -A3 '^msgid' | grep -v '^--' || true
  msgattrib --only-fuzzy --no-obsolete "po/$lang.po" | grep -A3 '^msgid' | grep -v '^--' || true
done
