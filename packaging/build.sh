#!/usr/bin/env bash
# Build the desktop app and its archive, then check the archive where a user would unpack it:
#   dist/mugui/                                 the one-folder app (run dist/mugui/mugui)
#   dist/mugui-VERSION-linux-x86_64.tar.gz      the app, install.sh, menu entry, metainfo, icons
# Steps: PyInstaller (packaging/mugui.spec); shrink the bundle (packaging/shrink.py: strip, empty
# ICU data, LLVM compressed; needs strip and cc); compile the kernels once with --self-test and ship
# them in the bundle; stage and pack the archive; unpack it in a temporary folder and run its
# --self-test twice from there with an empty per-user cache (the second run must compile nothing);
# print the sizes and the ten largest files. Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

step() { printf '\n== %s\n' "$*"; }
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

step "build environment (.venv-build)"
[ -x .venv-build/bin/python ] || python3 -m venv .venv-build
.venv-build/bin/pip install -q . pyinstaller
version="$(.venv-build/bin/python -c 'import mugui; print(mugui.__version__)')"
name="mugui-$version-linux-x86_64"

step "PyInstaller: dist/mugui"
.venv-build/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build \
    packaging/mugui.spec

step "shrink dist/mugui"
.venv-build/bin/python packaging/shrink.py dist/mugui

step "compile the kernels once and ship them in the bundle"
warm="$root/build/kernel-cache"
rm -rf "$warm"
(cd build && env -u NUMBA_CACHE_LOCATOR_CLASSES NUMBA_CACHE_DIR="$warm" QT_QPA_PLATFORM=offscreen \
    "$root/dist/mugui/mugui" --self-test)
shipped="$root/dist/mugui/_internal/numba_cache"
rm -rf "$shipped"
mkdir -p "$shipped"
cp -R "$warm"/*/. "$shipped/"
echo "shipped $(find "$shipped" -name '*.nbc' | wc -l) compiled kernels ($(du -sh "$shipped" | cut -f1))"

step "archive: dist/$name.tar.gz"
packaging/stage.sh dist/mugui "dist/$name"
tar -C dist -czf "dist/$name.tar.gz" "$name"
rm -rf "dist/${name:?}"

step "unpack elsewhere and run --self-test twice"
check="$(mktemp -d "${TMPDIR:-/tmp}/mugui-check.XXXXXX")"
trap 'rm -rf "$check"' EXIT
tar -C "$check" -xzf "dist/$name.tar.gz"
for run in 1 2; do
    started="$(now)"
    (cd "$check" && env -u NUMBA_CACHE_DIR -u NUMBA_CACHE_LOCATOR_CLASSES XDG_CACHE_HOME="$check/cache" \
        XDG_CONFIG_HOME="$check/config" QT_QPA_PLATFORM=offscreen "$check/$name/mugui/mugui" --self-test) \
        | tee "$check/run$run.txt"
    echo "run $run: $(seconds "$started" "$(now)") s from start to exit"
done
grep -q ", 0 compiled$" "$check/run2.txt" || { echo "the second run compiled kernels" >&2; exit 1; }

step "sizes"
echo "dist/mugui: $(du -sm dist/mugui | cut -f1) MB in $(find dist/mugui -type f | wc -l) files;" \
    "archive $(du -sm "dist/$name.tar.gz" | cut -f1) MB"
echo "ten largest files (MB):"
find dist/mugui -type f -printf '%s %P\n' | sort -rn | head -10 \
    | awk '{ printf "  %6.1f  %s\n", $1 / 1048576, $2 }'
echo "built dist/$name.tar.gz"
