#!/usr/bin/env bash
# Lay out the archive's folder: packaging/stage.sh BUNDLE_DIR STAGE_DIR
#   STAGE_DIR/mugui/           the one-folder app (BUNDLE_DIR, copied)
#   STAGE_DIR/install.sh       installs it for the user (~/.local by default)
#   STAGE_DIR/share/           desktop entry, AppStream metainfo and hicolor icons
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: packaging/stage.sh BUNDLE_DIR STAGE_DIR" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$1"
stage="$2"
APP_ID=io.github.mugui.mugui

rm -rf "$stage"
mkdir -p "$stage/share/applications" "$stage/share/metainfo" "$stage/share/icons/hicolor/scalable/apps"
cp -a "$bundle" "$stage/mugui"
cp "$root/packaging/install.sh" "$stage/install.sh"
cp "$root/packaging/$APP_ID.desktop" "$stage/share/applications/"
cp "$root/packaging/$APP_ID.metainfo.xml" "$stage/share/metainfo/"
cp "$root/resources/icons/mugui.svg" "$stage/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for png in "$root"/resources/icons/mugui-*.png; do
    size="${png##*/mugui-}"
    size="${size%.png}"
    mkdir -p "$stage/share/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$stage/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
