"""HiddenMapView: the hidden space before and after unlearning, the forgotten digits in red."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from mugui.gui.plain_plot import plain_plot
from mugui.gui.theme import Theme, make_theme, style_plot

TITLES = ("Hidden space: original", "Hidden space: unlearned")


class HiddenMapView(QWidget):
    """Two scatter plots (``hiddenMapBefore``, ``hiddenMapAfter``) of the first hidden layer on a
    fixed sample of training digits, projected on its two principal axes."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.widgets: list[pg.PlotWidget] = []
        self.others: list[pg.ScatterPlotItem] = []
        self.forgotten: list[pg.ScatterPlotItem] = []
        for name in ("hiddenMapBefore", "hiddenMapAfter"):
            widget, plot = plain_plot(self, name)
            plot.hideAxis("left")
            plot.hideAxis("bottom")
            others = pg.ScatterPlotItem(size=4, pen=None)
            forgotten = pg.ScatterPlotItem(size=5, pen=None)
            plot.addItem(others)
            plot.addItem(forgotten)
            layout.addWidget(widget)
            self.widgets.append(widget)
            self.others.append(others)
            self.forgotten.append(forgotten)
        self.counts = (0, 0)
        self.set_theme(make_theme(dark=False))

    def set_maps(self, before: np.ndarray, after: np.ndarray, forgotten: np.ndarray) -> None:
        """Coordinates (n, 2) of the same samples under each model; ``forgotten`` marks the rows of
        the forget set's digits."""
        forgotten = np.asarray(forgotten, dtype=bool)
        for coords, others, marked in zip(
            (before, after), self.others, self.forgotten, strict=True
        ):
            others.setData(x=coords[~forgotten, 0], y=coords[~forgotten, 1])
            marked.setData(x=coords[forgotten, 0], y=coords[forgotten, 1])
        self.counts = (int((~forgotten).sum()), int(forgotten.sum()))

    def set_theme(self, theme: Theme) -> None:
        muted = pg.mkColor(theme.muted)
        muted.setAlpha(90)
        for widget, others, marked, title in zip(
            self.widgets, self.others, self.forgotten, TITLES, strict=True
        ):
            widget.setBackground(theme.plot_background)
            style_plot(widget.getPlotItem(), theme, title)
            others.setBrush(pg.mkBrush(muted))
            marked.setBrush(pg.mkBrush(theme.marker))
