"""InspectView: the hidden-space map before and after, above the per-sample inspector."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from mugui.gui.hidden_map_view import HiddenMapView
from mugui.gui.sample_inspector import SampleInspector
from mugui.gui.theme import Theme


class InspectView(QWidget):
    """The centre's *Inspect* tab."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.hidden_map = HiddenMapView(self)
        self.inspector = SampleInspector(self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.hidden_map)
        split.addWidget(self.inspector)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def set_theme(self, theme: Theme) -> None:
        self.hidden_map.set_theme(theme)
