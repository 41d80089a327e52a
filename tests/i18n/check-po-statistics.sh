#!/bin/sh
# check-po-statistics.sh — a catalogue must be valid and fully translated
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-po-statistics.sh FILE.po
# Runs msgfmt --check (format strings, plural forms, header) and fails
# unless every message is translated and none is fuzzy.

set -eu

po=$1
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) || {
  printf '%s\n' "$stats"
  echo "FAIL: msgfmt --check rejected $po" >&2
  exit 1
}
printf '%s: %s\n' "$po" "$stats"

# The line reads like "705 translated messages, 2 fuzzy translations,
# 3 untranslated messages."; missing parts count as zero.
count () {
  printf '%s\n' "$stats" | sed -n "s/.*\\b\\([0-9][0-9]*\\) $1.*/\\1/p" | head -n 1
}
translated=$(count 'translated message')
fuzzy=$(count 'fuzzy translation')
untranslated=$(count 'untranslated message')

status=0
if [ -z "$translated" ] || [ "$translated" -eq 0 ]; then
  echo "FAIL: $po has no translated messages" >&2
  status=1
fi
if [ -n "$fuzzy" ] && [ "$fuzzy" -ne 0 ]; then
  echo "FAIL: $po has $fuzzy fuzzy messages" >&2
  status=1
fi
if [ -n "$untranslated" ] && [ "$untranslated" -ne 0 ]; then
  echo "FAIL: $po has $untranslated untranslated messages" >&2
  status=1
fi

# Every plural entry must give all the forms the header announces.
nplurals=$(sed -n 's/.*Plural-Forms: *nplurals=\([0-9]*\);.*/\1/p' "$po" | head -n 1)
if [ -z "$nplurals" ]; then
  echo "FAIL: $po has no Plural-Forms header" >&2
  status=1
else
  short=$(awk -v want="$nplurals" '
    function flush () {
      if (plural && forms < want) print id
      plural = 0; instr = 0
    }
    /^msgid_plural / { plural = 1; forms = 0; id = $0; instr = 0; next }
    plural && /^msgstr\[[0-9]+\] / {
      s = $0; sub(/^msgstr\[[0-9]+\] /, "", s)
      instr = 1
      counted = (s != "\"\"")
      if (counted) forms++
      next
    }
    plural && instr && /^"/ {
      if (!counted && $0 != "\"\"") { counted = 1; forms++ }
      next
    }
    /^$/ { flush () }
    END { flush () }
  ' "$po")
  if [ -n "$short" ]; then
    printf 'FAIL: plural messages without all %s forms:\n%s\n' "$nplurals" "$short" >&2
    status=1
  fi
fi

exit $status
