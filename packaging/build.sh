#!/usr/bin/env bash
# Build the desktop app into dist/mugui/ (one folder; run dist/mugui/mugui).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-build
.venv-build/bin/pip install -q . pyinstaller
.venv-build/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/mugui.spec
echo "built dist/mugui/mugui"
