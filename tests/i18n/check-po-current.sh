#!/bin/sh
# check-po-current.sh — catalogues must translate every message of the sources
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-po-current.sh SOURCE_ROOT
# Extracts a fresh template from the files in po/POTFILES.in with the
# keywords of meson's "glib" gettext preset, then requires every
# catalogue in po/LINGUAS to translate each of its messages (msgcmp).

set -eu

root=$1
cd "$root"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' po/POTFILES.in > "$tmp/files"

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

total=$(msgattrib --no-obsolete "$tmp/cutout.pot" | grep -c '^msgid ' || true)
# The header entry is not a message.
total=$((total - 1))
if [ "$total" -le 0 ]; then
  echo "FAIL: no messages extracted from po/POTFILES.in" >&2
  exit 1
fi

status=0
languages=$(sed -e 's/#.*//' po/LINGUAS)
for lang in $languages; do
  # Without --use-fuzzy and --use-untranslated, msgcmp also fails for
  # a message that is present but fuzzy or untranslated.
  if msgcmp "po/$lang.po" "$tmp/cutout.pot"; then
    echo "po/$lang.po translates all $total messages of the sources"
  else
    echo "FAIL: po/$lang.po is out of date with the sources (run the cutout-update-po target)" >&2
    status=1
  fi
done
exit $status
