"""PerClassPlot: test accuracy of each of the ten classes as a bar graph."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from mugui.gui.theme import Theme, make_theme
from mugui.gui.titled_plot import StillPlotView

N_CLASSES = 10
TITLE = "Per-class test accuracy"


class PerClassPlot(StillPlotView):
    """Ten bars on a fixed 0–100 % scale, with the mean accuracy as a dashed line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("perClassPlot", TITLE, parent=parent)
        self.plot.setLabel("bottom", "class")
        self.plot.setLabel("left", "accuracy")
        self.plot.setXRange(-0.6, N_CLASSES - 0.4, padding=0)
        # Room above 100% and below 0% so that those tick labels are never dropped at the ends.
        self.plot.setYRange(-0.08, 1.08, padding=0)
        self.plot.getAxis("left").setTicks([[(0.0, "0%"), (0.5, "50%"), (1.0, "100%")]])
        self.plot.getAxis("left").setStyle(hideOverlappingLabels=False)
        self._accuracy = np.zeros(N_CLASSES)
        self._bars = pg.BarGraphItem(x=np.arange(N_CLASSES), height=self._accuracy, width=0.72)
        self.plot.addItem(self._bars)
        self._mean = pg.InfiniteLine(angle=0, movable=False)
        self._mean.setVisible(False)
        self.plot.addItem(self._mean)
        self.set_class_names(tuple(str(d) for d in range(N_CLASSES)))
        self.set_theme(make_theme(dark=False))

    @property
    def accuracy(self) -> np.ndarray:
        return self._accuracy.copy()

    def set_class_names(self, names: tuple[str, ...]) -> None:
        short = [name if len(name) <= 6 else name[:5] + "…" for name in names]
        self.plot.getAxis("bottom").setTicks([list(enumerate(short))])

    def set_accuracy(self, per_class: np.ndarray) -> None:
        """Show one accuracy in [0, 1] per class (NaN for a class absent from the test set)."""
        self._accuracy = np.nan_to_num(np.asarray(per_class, dtype=np.float64).reshape(N_CLASSES))
        self._bars.setOpts(height=self._accuracy)
        self._mean.setValue(float(self._accuracy.mean()))
        self._mean.setVisible(True)

    def clear(self) -> None:
        self._accuracy = np.zeros(N_CLASSES)
        self._bars.setOpts(height=self._accuracy)
        self._mean.setVisible(False)

    def set_theme(self, theme: Theme) -> None:
        self.panel.set_theme(theme)
        # Without a grid the axis may draw its end labels (0%, 100%) past the plot's edge.
        self.plot.showGrid(x=False, y=False)
        self._bars.setOpts(brush=pg.mkBrush(theme.train), pen=pg.mkPen(theme.train))
        self._mean.setPen(pg.mkPen(theme.muted, width=1.5, style=Qt.PenStyle.DashLine))
