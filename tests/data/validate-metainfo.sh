#!/usr/bin/env bash
# validate-metainfo.sh — checks the merged AppStream metainfo: appstreamcli
# finds no error and no warning (informational and pedantic notes are
# allowed), and the entries software centres show are there and agree with
# the desktop file and the project.
#
# Copyright 2026 The Cutout developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   usage: validate-metainfo.sh METAINFO_FILE DESKTOP_FILE PROJECT_VERSION
set -u

metainfo=$1
desktop=$2
version=$3
status=0

fail () {
  echo "FAIL: $*" >&2
  status=1
}

for tool in appstreamcli xmllint; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (appstream, libxml2-utils)" >&2
    exit 77
  fi
done

# --no-net: screenshots and URLs are not fetched (no network in CI).
# appstreamcli exits non-zero on errors and warnings; a line starting with
# E: or W: is checked as well in case a version only prints them.
output=$(appstreamcli validate --no-net "$metainfo" 2>&1)
rc=$?
printf '%s\n' "$output"
if [ "$rc" -ne 0 ]; then
  fail "appstreamcli validate exited with $rc"
fi
if printf '%s\n' "$output" | grep -Eq '^(E|W): '; then
  fail "appstreamcli validate reported errors or warnings"
fi

# The text of an XPath expression (empty when nothing matches).
xpath () {
  xmllint --xpath "$1" "$metainfo" 2>/dev/null
}

expect () {
  local what=$1 actual=$2 expected=$3
  [ "$actual" = "$expected" ] || fail "$what is '$actual', expected '$expected'"
}

desktop_id=$(basename "$desktop")
app_id=${desktop_id%.desktop}

expect "component type" "$(xpath 'string(/component/@type)')" desktop-application
expect "id" "$(xpath 'string(/component/id)')" "$app_id"
expect "launchable" "$(xpath 'string(/component/launchable[@type="desktop-id"])')" "$desktop_id"
expect "project_license" "$(xpath 'string(/component/project_license)')" GPL-3.0-or-later
expect "metadata_license" "$(xpath 'string(/component/metadata_license)')" CC0-1.0
expect "name" "$(xpath 'string(/component/name[not(@xml:lang)])')" Cutout
expect "developer id" "$(xpath 'string(/component/developer/@id)')" io.github.cutoutapp
[ -n "$(xpath 'string(/component/developer/name)')" ] || fail "developer has no name"
[ -n "$(xpath 'string(/component/summary[not(@xml:lang)])')" ] || fail "summary is missing"
expect "translation domain" "$(xpath 'string(/component/translation[@type="gettext"])')" cutout

# The description says what the app does, that the service is a third
# party's, and lists the features.
expect "description paragraphs ≥ 2" "$(xpath 'count(/component/description/p[not(@xml:lang)]) >= 2')" true
expect "feature list ≥ 5" "$(xpath 'count(/component/description/ul/li[not(@xml:lang)]) >= 5')" true
description=$(xpath 'string(/component/description)')
case "$description" in
  *"third-party"*) ;;
  *) fail "the description does not say that the service is a third party's" ;;
esac

# The newest release is the project's version.
expect "newest release" "$(xpath 'string(/component/releases/release[1]/@version)')" "$version"
[ -n "$(xpath 'string(/component/releases/release[1]/@date)')" ] || fail "the newest release has no date"
[ -n "$(xpath 'string(/component/releases/release[1]/description/p)')" ] || fail "the newest release has no description"

# Screenshots: one default, each an https image with a caption.
expect "screenshots" "$(xpath 'count(/component/screenshots/screenshot)')" 4
expect "default screenshots" "$(xpath 'count(/component/screenshots/screenshot[@type="default"])')" 1
expect "screenshots without https image" \
  "$(xpath 'count(/component/screenshots/screenshot[not(starts-with(normalize-space(image), "https://"))])')" 0
expect "screenshots without caption" \
  "$(xpath 'count(/component/screenshots/screenshot[not(caption[not(@xml:lang)])])')" 0
for name in queue-running-light queue-running-dark usage-light history-light; do
  expect "screenshot $name" \
    "$(xpath "count(/component/screenshots/screenshot/image[contains(., '/data/screenshots/$name.png')])")" 1
  # The metainfo points at the repository's copy: it must be committed.
  expect "screenshot file $name" "$([ -f "$(dirname "$0")/../../data/screenshots/$name.png" ] && echo yes)" yes
done

expect "content rating" "$(xpath 'string(/component/content_rating/@type)')" oars-1.1
expect "display length" "$(xpath 'string(/component/requires/display_length[@compare="ge"])')" 360
expect "binary cutout" "$(xpath 'count(/component/provides/binary[.="cutout"])')" 1
expect "binary cutout-cli" "$(xpath 'count(/component/provides/binary[.="cutout-cli"])')" 1
expect "branding colors" "$(xpath 'count(/component/branding/color[@type="primary"])')" 2
for url in homepage bugtracker vcs-browser; do
  case "$(xpath "string(/component/url[@type='$url'])")" in
    https://*) ;;
    *) fail "url type $url is missing or not https" ;;
  esac
done

[ "$status" -eq 0 ] && echo "ok: $metainfo"
exit "$status"
