#!/bin/sh
# check-potfiles.sh — po/POTFILES.in must list every file with translatable strings
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.sh SOURCE_ROOT
# Fails naming each source file with translatable strings that
# po/POTFILES.in leaves out, and each listed file that does not exist.

set -eu

root=$1
cd "$root"
potfiles=po/POTFILES.in

listed=$(mktemp)
found=$(mktemp)
trap 'rm -f "$listed" "$found"' EXIT

# Entries: every line that is not blank or a comment.
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$potfiles" | sort -u > "$listed"

{
  # C sources: gettext calls and the glib macros _(), N_(), C_(), NC_(), Q_().
  find src -name '*.c' -type f -print0 |
    xargs -0 grep -lE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_)[[:space:]]*\(|g_d?n?gettext[[:space:]]*\(|g_dpgettext2?[[:space:]]*\(|(^|[^A-Za-z0-9_])d?ngettext[[:space:]]*\(' || true
  # GtkBuilder files and any XML marked for translation.
  find data -type f \( -name '*.ui' -o -name '*.xml' -o -name '*.xml.in' \) -print0 |
    xargs -0 grep -lE 'translatable="yes"|<_|<summary|<description' || true
  # Desktop entries and AppStream metadata are always translated.
  find data -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.appdata.xml.in' \) -print
} | sed 's|^\./||' | sort -u > "$found"

status=0
missing=$(comm -23 "$found" "$listed")
if [ -n "$missing" ]; then
  echo "FAIL: files with translatable strings missing from $potfiles:" >&2
  printf '  %s\n' $missing >&2
  status=1
fi

while read -r file; do
  if [ ! -f "$file" ]; then
    echo "FAIL: $potfiles lists $file, which does not exist" >&2
    status=1
  fi
done < "$listed"

if [ $status -eq 0 ]; then
  echo "$potfiles lists all $(wc -l < "$found") files with translatable strings ($(wc -l < "$listed") entries)"
fi
exit $status
