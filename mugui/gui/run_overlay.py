"""RunOverlay: earlier runs' test accuracy as faded, labelled curves, each switched on or off.

"Buggy vs fixed" becomes one picture: when a new run starts, the finished one is kept as a faded
curve on the accuracy plot, listed (with its preset, bugs and figures) in a checkable legend.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QSizePolicy, QWidget

from mugui.gui.theme import Theme, make_theme

MAX_RUNS = 4
RUN_COLOURS = ("#8e24aa", "#00897b", "#f4511e", "#6d4c41")
FADED_ALPHA = 110


class RunOverlay(QListWidget):
    """The legend of kept runs (``runLegend``); draws their curves on ``plot``."""

    def __init__(self, plot: pg.PlotItem, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("runLegend")
        self.setToolTip("Earlier runs, faded on the accuracy plot: untick one to hide it")
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._plot = plot
        self._curves: list[pg.PlotDataItem] = []
        self._theme = make_theme(dark=False)
        self._next_colour = 0
        self.itemChanged.connect(self._on_item_changed)
        self._fit_height()

    @property
    def labels(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    @property
    def curves(self) -> list[pg.PlotDataItem]:
        return list(self._curves)

    def keep(self, epochs: np.ndarray, accuracy: np.ndarray, label: str) -> None:
        """Add a finished run; the oldest is dropped beyond ``MAX_RUNS``."""
        if len(epochs) == 0:
            return
        colour = RUN_COLOURS[self._next_colour % len(RUN_COLOURS)]
        self._next_colour += 1
        curve = pg.PlotDataItem(np.asarray(epochs, float), np.asarray(accuracy, float))
        curve.setZValue(-10)
        self._plot.addItem(curve)
        self._curves.append(curve)
        item = QListWidgetItem(label)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        item.setToolTip(label)
        item.setData(Qt.ItemDataRole.UserRole, colour)
        self.blockSignals(True)
        self.addItem(item)
        self.blockSignals(False)
        while len(self._curves) > MAX_RUNS:
            self._plot.removeItem(self._curves.pop(0))
            self.takeItem(0)
        self._style()
        self._fit_height()

    def set_visible(self, row: int, visible: bool) -> None:
        state = Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked
        self.item(row).setCheckState(state)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._style()
        self._fit_height()

    def _style(self) -> None:
        width = self._theme.line_width * 0.8
        for row, curve in enumerate(self._curves):
            item = self.item(row)
            colour = QColor(item.data(Qt.ItemDataRole.UserRole))
            item.setForeground(colour)
            colour.setAlpha(FADED_ALPHA)
            curve.setPen(pg.mkPen(colour, width=width, style=Qt.PenStyle.DashLine))

    def _fit_height(self) -> None:
        rows = self.count()
        self.setVisible(rows > 0)
        height = self.fontMetrics().height() + 6
        self.setFixedHeight(rows * height + 2 * self.frameWidth() + 2 if rows else 0)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        row = self.row(item)
        if 0 <= row < len(self._curves):
            self._curves[row].setVisible(item.checkState() == Qt.CheckState.Checked)
