"""Exports of figures (PNG at twice the screen resolution, SVG) and tables (CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QTableWidget, QTableWidgetItem, QWidget

from mugui.atomic_write import write_atomically
from mugui.errors import MuguiError

PNG_SCALE = 2


def png_bytes(widget: QWidget, scale: int = PNG_SCALE) -> bytes:
    """``widget`` rendered at ``scale`` times its size, as PNG."""
    size = widget.size()
    pixmap = QPixmap(QSize(size.width() * scale, size.height() * scale))
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(widget.palette().window().color())
    painter = QPainter(pixmap)
    try:
        _paint(widget, painter)
    finally:
        painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        raise MuguiError("could not encode the figure as PNG")
    return bytes(buffer.data())


def svg_bytes(widget: QWidget, title: str = "mugui figure") -> bytes:
    """``widget`` drawn as an SVG document (vector lines and text)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(title)
    painter = QPainter(generator)
    try:
        _paint(widget, painter)
    finally:
        painter.end()
    buffer.close()
    return bytes(data)


def _paint(widget: QWidget, painter: QPainter) -> None:
    """Draw ``widget`` with ``painter``; a plot's scene is drawn as vectors, not as a bitmap."""
    if isinstance(widget, QGraphicsView):
        target = QRectF(0, 0, widget.width(), widget.height())
        widget.render(painter, target, widget.viewport().rect())
    else:
        QWidget.render(widget, painter, QPoint(0, 0))


def table_rows(table: QTableWidget) -> tuple[list[str], list[str], list[list[str]]]:
    """(column headers, row headers, cell texts) of a table widget; a row header wrapped onto
    lines or elided to fit a narrow tab is whole again: its user-role data (the Verify table's), or
    else its tooltip, holds the full name (exported before its tab was shown, the Verify table's
    read "Forg… acc…")."""
    columns = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    rows = [_row_name(table.verticalHeaderItem(r), r) for r in range(table.rowCount())]
    cells = [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    return columns, rows, cells


def _row_name(item: QTableWidgetItem | None, row: int) -> str:
    if item is None:
        return str(row)
    full = item.data(Qt.ItemDataRole.UserRole)  # the Verify table's (its tooltip explains it)
    return " ".join((full if isinstance(full, str) else item.toolTip() or item.text()).split())


def table_csv(table: QTableWidget) -> bytes:
    columns, rows, cells = table_rows(table)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["", *columns])
    for name, row in zip(rows, cells, strict=True):
        writer.writerow([name, *row])
    return out.getvalue().encode("utf-8")


def table_json(table: QTableWidget) -> bytes:
    columns, rows, cells = table_rows(table)
    data = {
        name: dict(zip(columns, row, strict=True)) for name, row in zip(rows, cells, strict=True)
    }
    return json.dumps(data, indent=2).encode("utf-8")


def export_all(
    folder: str | Path, figures: dict[str, QWidget], tables: dict[str, QTableWidget]
) -> list[Path]:
    """Write every figure as NAME.png and NAME.svg and every table as NAME.csv and NAME.json."""
    folder = Path(folder)
    if not folder.is_dir():
        raise MuguiError(f"{folder} is not a folder")
    written = []
    for name, widget in figures.items():
        for suffix, data in (("png", png_bytes(widget)), ("svg", svg_bytes(widget, name))):
            written.append(write_atomically(folder / f"{name}.{suffix}", _writer(data)))
    for name, table in tables.items():
        for suffix, data in (("csv", table_csv(table)), ("json", table_json(table))):
            written.append(write_atomically(folder / f"{name}.{suffix}", _writer(data)))
    return written


def _writer(data: bytes):
    return lambda handle: handle.write(data)
