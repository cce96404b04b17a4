"""A panel's contents stacked top to bottom: the vertical layout most panels are built on."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


def column(
    parent: QWidget,
    *widgets: QWidget,
    margins: tuple[int, int, int, int] = (0, 0, 0, 0),
    spacing: int | None = None,
) -> QVBoxLayout:
    """``parent``'s layout: ``widgets`` from the top down, inside ``margins`` (left, top, right,
    bottom) and ``spacing`` pixels apart (the style's spacing when None). Returned so that the
    caller can add more rows."""
    layout = QVBoxLayout(parent)
    layout.setContentsMargins(*margins)
    if spacing is not None:
        layout.setSpacing(spacing)
    for widget in widgets:
        layout.addWidget(widget)
    return layout
