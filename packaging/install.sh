#!/usr/bin/env bash
# Install mugui from this unpacked archive for the current user (default prefix ~/.local):
#   ./install.sh [--prefix DIR]      the app in DIR/lib/mugui, `mugui` in DIR/bin, menu entry and icons
#   ./install.sh --uninstall [--prefix DIR]
set -euo pipefail

APP_ID=io.github.mugui.mugui
here="$(cd "$(dirname "$0")" && pwd)"
prefix="$HOME/.local"
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
                  prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) action=uninstall; shift ;;
        -h|--help) sed -n '2,4s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"
app="$prefix/lib/mugui"
# letters beyond ASCII are fine (/home/josé); quotes, $, %, | or & would need escaping in the
# menu entry or the sed below
case "$(printf '%s' "$prefix" | LC_ALL=C tr -d 'A-Za-z0-9._/+@ \200-\377-')" in
    ?*) echo "install.sh: choose a prefix without quotes, \$, % or similar: $prefix" >&2; exit 2 ;;
esac
share="$prefix/share"
icon_files() { (cd "$here/share" && find icons -type f); }

refresh_menus() {
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$share/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null && [ -f "$share/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true
    fi
}

if [ "$action" = uninstall ]; then
    rm -rf "$app"
    [ -L "$prefix/bin/mugui" ] && rm -f "$prefix/bin/mugui"
    rm -f "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml"
    icon_files | while read -r icon; do rm -f "$share/$icon"; done
    refresh_menus
    echo "mugui removed from $prefix (your settings and models are kept)"
    exit 0
fi

[ -x "$here/mugui/mugui" ] || { echo "install.sh: $here/mugui/mugui is missing; unpack the whole archive" >&2; exit 2; }
if [ -e "$app" ] && [ ! -x "$app/mugui" ]; then
    echo "install.sh: $app exists and is not a mugui install; not touching it" >&2
    exit 2
fi
mkdir -p "$prefix/lib" "$prefix/bin" "$share/applications" "$share/metainfo"
rm -rf "$app.new"
cp -a "$here/mugui" "$app.new"
rm -rf "$app"
mv "$app.new" "$app"
ln -sfn "$app/mugui" "$prefix/bin/mugui"
icon_files | while read -r icon; do
    mkdir -p "$share/$(dirname "$icon")"
    cp "$here/share/$icon" "$share/$icon"
done
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/"
# The menu entry starts this install by its absolute path, so it works without PATH changes.
sed -e "s|^Exec=.*|Exec=\"$app/mugui\"|" \
    "$here/share/applications/$APP_ID.desktop" > "$share/applications/$APP_ID.desktop"
refresh_menus
echo "mugui installed in $app"
echo "start it from the applications menu or with: $prefix/bin/mugui"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "($prefix/bin is not on your PATH; add it to start mugui by name)" ;;
esac
