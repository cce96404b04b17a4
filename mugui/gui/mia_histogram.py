"""MiaHistogram: the losses a membership attack compares, members (forget set) vs non-members."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from mugui.gui.column_layout import column
from mugui.gui.legend_corner import LegendCorner
from mugui.gui.theme import Theme, make_theme
from mugui.gui.titled_plot import TitledPlot

BINS = 30
MAX_LOSS = 12.0  # losses are clipped here for the histogram (a sure wrong answer is ~27)


def loss_histogram(losses: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Share of ``losses`` per bin (clipped into the last bin), so groups of any size compare."""
    counts, _ = np.histogram(np.clip(losses, edges[0], edges[-1] - 1e-9), bins=edges)
    return counts / max(1, losses.size)


class MiaHistogram(QWidget):
    """``miaPlot``: two step histograms; when they overlap, the attack cannot tell them apart."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        labels = ("loss (−log p of the true digit)", "share of samples")
        self.panel = TitledPlot("miaPlot", "Membership attack", parent=self, labels=labels)
        self.plot_widget, self.plot = self.panel.widget, self.panel.plot
        self.plot.hideButtons()
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.plot.addLegend(offset=(-10, 10))
        self.members = self.plot.plot([], [], stepMode="center", name="forget set")
        self.nonmembers = self.plot.plot([], [], stepMode="center", name="unseen test")
        self.legend_corner = LegendCorner(self.plot, corner=(1, 0))
        for curve in (self.members, self.nonmembers):
            self.legend_corner.watch(curve)
        self.edges = np.linspace(0.0, MAX_LOSS, BINS + 1)
        self.member_share = np.zeros(BINS)
        self.nonmember_share = np.zeros(BINS)
        self.title = "Membership attack"
        column(self, self.panel)
        self.set_theme(make_theme(dark=False))

    def set_losses(self, members: np.ndarray, nonmembers: np.ndarray, title: str) -> None:
        self.member_share = loss_histogram(np.asarray(members), self.edges)
        self.nonmember_share = loss_histogram(np.asarray(nonmembers), self.edges)
        self.members.setData(self.edges, self.member_share)
        self.nonmembers.setData(self.edges, self.nonmember_share)
        self.title = title
        self.panel.set_title(title)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.panel.set_theme(theme)
        self.members.setPen(pg.mkPen(theme.marker, width=theme.line_width))
        self.nonmembers.setPen(pg.mkPen(theme.test, width=theme.line_width))
