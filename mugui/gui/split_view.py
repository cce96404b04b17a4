"""fill_with_split: a view filled with two views one above the other, split 3:2 (the user can drag)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget


def fill_with_split(view: QWidget, top: QWidget, bottom: QWidget) -> QSplitter:
    """Lay ``top`` over ``bottom`` in a vertical splitter that fills ``view``, edge to edge."""
    split = QSplitter(Qt.Orientation.Vertical, view)
    split.addWidget(top)
    split.addWidget(bottom)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    layout = QVBoxLayout(view)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(split)
    return split
