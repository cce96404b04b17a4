"""WindowColumns: the window's three columns — settings panels, live plots, drawing probe.

The left column scrolls; the centre holds the curves and per-class bars beside the confusion
matrix and hidden weights; the right holds the probe. Splitters let the user resize each part.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QSplitter, QVBoxLayout, QWidget

from mugui.gui.collapsible_section import CollapsibleSection

PANEL_MIN_WIDTH = 250
PROBE_MIN_WIDTH = 260
DEFAULT_COLUMN_SIZES = (270, 680, 330)


class WindowColumns(QSplitter):
    """Panels | plots | probe; :attr:`splitters` names every splitter (their states are saved)."""

    def __init__(
        self,
        sections: dict[str, CollapsibleSection],
        curves: QWidget,
        per_class: QWidget,
        confusion: QWidget,
        hidden_weights: QWidget,
        probe: QWidget,
    ):
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("columns")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 6)
        for section in sections.values():
            left_layout.addWidget(section)
        left_layout.addStretch(1)
        self.panel_column = QScrollArea()
        self.panel_column.setObjectName("panelColumn")
        self.panel_column.setWidget(left)
        self.panel_column.setWidgetResizable(True)
        self.panel_column.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.panel_column.setMinimumWidth(PANEL_MIN_WIDTH)

        self.curves_split = QSplitter(Qt.Orientation.Vertical)
        self.curves_split.addWidget(curves)
        self.curves_split.addWidget(per_class)
        self.curves_split.setStretchFactor(0, 2)
        self.curves_split.setStretchFactor(1, 1)
        self.matrix_split = QSplitter(Qt.Orientation.Vertical)
        self.matrix_split.addWidget(confusion)
        self.matrix_split.addWidget(hidden_weights)
        self.plots = QSplitter(Qt.Orientation.Horizontal)
        self.plots.setObjectName("plotArea")
        self.plots.addWidget(self.curves_split)
        self.plots.addWidget(self.matrix_split)

        self.probe_column = QWidget()
        right_layout = QVBoxLayout(self.probe_column)
        right_layout.setContentsMargins(6, 6, 6, 6)
        right_layout.addWidget(probe)
        self.probe_column.setMinimumWidth(PROBE_MIN_WIDTH)

        self.addWidget(self.panel_column)
        self.addWidget(self.plots)
        self.addWidget(self.probe_column)
        self.setStretchFactor(1, 1)
        self.setSizes(list(DEFAULT_COLUMN_SIZES))

    @property
    def splitters(self) -> dict[str, QSplitter]:
        """Every splitter by the settings key its state is saved under."""
        return {
            "columns": self,
            "plots": self.plots,
            "curves": self.curves_split,
            "matrix": self.matrix_split,
        }
