"""InspectView: the hidden-space map before and after, above the per-sample inspector."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mugui.gui.hidden_map_view import HiddenMapView
from mugui.gui.sample_inspector import SampleInspector
from mugui.gui.split_view import fill_with_split
from mugui.gui.theme import Theme


class InspectView(QWidget):
    """The centre's *Inspect* tab."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.hidden_map = HiddenMapView(self)
        self.inspector = SampleInspector(self)
        fill_with_split(self, self.hidden_map, self.inspector)

    def set_theme(self, theme: Theme) -> None:
        self.hidden_map.set_theme(theme)
