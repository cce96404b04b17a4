"""Render the application icon's PNG sizes from resources/icons/mugui.svg (run after editing the SVG).

    .venv/bin/python packaging/render_icons.py

Writes resources/icons/mugui-SIZE.png for the sizes desktops ask for (hicolor theme); the window,
the desktop entry and the packaged app all use these files and the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "mugui.svg"))
    if not renderer.isValid():
        sys.stderr.write("render_icons: mugui.svg is not a valid SVG\n")
        return 2
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = ICONS / f"mugui-{size}.png"
        image.save(str(path))
        print(f"wrote {path.relative_to(ICONS.parents[1])}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
