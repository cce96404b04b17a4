"""RelearnRacePlot: forget accuracy of the unlearned model and of the reference while both relearn."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from mugui.gui.column_layout import column
from mugui.gui.legend_corner import LegendCorner
from mugui.gui.theme import Theme, make_theme
from mugui.gui.titled_plot import TitledPlot

RUNNERS = {"unlearned": "unlearned model", "reference": "retrained reference"}


class RelearnRacePlot(QWidget):
    """``relearnPlot``: one curve per runner, step by step; hidden knowledge climbs back at once,
    true forgetting does not. A dashed line marks the target (the original's forget accuracy)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.points: dict[str, list[tuple[int, float]]] = {who: [] for who in RUNNERS}
        labels = ("training steps on the full data", "forget-set accuracy")
        self.panel = TitledPlot("relearnPlot", "Relearn race", parent=self, labels=labels)
        self.plot_widget, self.plot = self.panel.widget, self.panel.plot
        self.plot.hideButtons()
        self.plot.setYRange(0.0, 1.0, padding=0.02)
        self.plot.addLegend(offset=(-10, -10))
        self.curves = {who: self.plot.plot([], [], name=label) for who, label in RUNNERS.items()}
        self.legend_corner = LegendCorner(self.plot, corner=(1, 1))
        for curve in self.curves.values():
            self.legend_corner.watch(curve)
        self.target = pg.InfiniteLine(angle=0, movable=False)
        self.target.setVisible(False)
        self.plot.addItem(self.target)
        column(self, self.panel)
        self.set_theme(make_theme(dark=False))

    def reset(self, target: float | None = None, title: str = "Relearn race") -> None:
        self.panel.set_title(title)
        self.points = {who: [] for who in RUNNERS}
        for curve in self.curves.values():
            curve.setData([], [])
        self.target.setVisible(target is not None)
        if target is not None:
            self.target.setValue(target)

    def add_point(self, step: int, who: str, forget_accuracy: float) -> None:
        self.points[who].append((int(step), float(forget_accuracy)))
        xs, ys = zip(*self.points[who], strict=True)
        self.curves[who].setData(np.array(xs), np.array(ys))

    def set_curve(self, who: str, curve: list[float]) -> None:
        """A whole relearn curve at once (forget accuracy after 0, 1, 2… steps)."""
        self.points[who] = list(enumerate(float(v) for v in curve))
        self.curves[who].setData(np.arange(len(curve)), np.asarray(curve, dtype=np.float64))

    def steps(self, who: str) -> int:
        return self.points[who][-1][0] if self.points[who] else 0

    def set_theme(self, theme: Theme) -> None:
        self.panel.set_theme(theme)
        colours = {"unlearned": theme.marker, "reference": theme.test}
        for who, curve in self.curves.items():
            curve.setPen(pg.mkPen(colours[who], width=theme.line_width))
        self.target.setPen(pg.mkPen(theme.muted, width=1.5, style=Qt.PenStyle.DashLine))
