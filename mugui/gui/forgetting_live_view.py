"""ForgettingLiveView: forget, retain and test accuracy while a method runs, and per-class bars."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from mugui.gui.integer_axis import IntegerAxis
from mugui.gui.legend_corner import LegendCorner
from mugui.gui.split_view import fill_with_split
from mugui.gui.theme import Theme, make_theme
from mugui.gui.titled_plot import TitledPlot

N_CLASSES = 10
CURVES = ("forget", "retain", "test")


class ForgettingLiveView(QWidget):
    """Top: ``forgetRetainPlot``, three accuracy curves over the method's steps. Bottom: the
    per-class test accuracy, the forgotten classes drawn in the warning colour. Their titles are
    labels that wrap (in the plots' scenes they made the plots wider than a narrow tab)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # whole steps, as the training plots' epochs (a one-step method's axis read 0, 0.2 … 1.0)
        self.curve_panel = TitledPlot(
            "forgetRetainPlot",
            "Forgetting: forget / retain / test accuracy",
            {"bottom": IntegerAxis("bottom")},
            parent=self,
            labels=("step", "accuracy"),
        )
        self.curve_widget, self.curve_plot = self.curve_panel.widget, self.curve_panel.plot
        self.curve_plot.hideButtons()
        self.curve_plot.setYRange(0.0, 1.0, padding=0.04)
        self.legend = self.curve_plot.addLegend(offset=(10, -10))
        self.curves = {
            name: self.curve_plot.plot([], [], name=f"{name} set" if name != "test" else "test")
            for name in CURVES
        }
        self.legend_corner = LegendCorner(self.curve_plot, corner=(0, 1))
        for curve in self.curves.values():
            self.legend_corner.watch(curve)
        self.bar_panel = TitledPlot(
            "forgetClassBars", "Per-class test accuracy, % (forgotten in red)", parent=self
        )
        self.bar_widget, self.bar_plot = self.bar_panel.widget, self.bar_panel.plot
        self.bar_plot.hideButtons()
        self.bar_plot.setMouseEnabled(x=False, y=False)
        self.bar_plot.setXRange(-0.6, N_CLASSES - 0.4, padding=0)
        # room above 100 % and below 0 % so that those labels are not dropped at the ends (the
        # axis read only "50%", as the training tab's per-class plot did before)
        self.bar_plot.setYRange(-0.08, 1.08, padding=0)
        self.bar_plot.getAxis("bottom").setTicks([[(d, str(d)) for d in range(N_CLASSES)]])
        # "100", not "100%": no wider than the curve's "0.8" above, so that the tab (which
        # scrolls up and down, never sideways) asks for no more width than before
        self.bar_plot.getAxis("left").setTicks([[(0.0, "0"), (0.5, "50"), (1.0, "100")]])
        self.bar_plot.getAxis("left").setStyle(hideOverlappingLabels=False)
        self.bars = pg.BarGraphItem(x=np.arange(N_CLASSES), height=np.zeros(N_CLASSES), width=0.72)
        self.bar_plot.addItem(self.bars)
        fill_with_split(self, self.curve_panel, self.bar_panel)
        self.points: dict[str, list[tuple[float, float]]] = {name: [] for name in CURVES}
        self.per_class = np.zeros(N_CLASSES)
        self.highlighted: tuple[int, ...] = ()
        self.set_theme(make_theme(dark=False))

    def reset(self, highlighted: tuple[int, ...]) -> None:
        """Start a new run; ``highlighted`` classes are the ones being forgotten."""
        self.highlighted = tuple(highlighted)
        self.points = {name: [] for name in CURVES}
        for curve in self.curves.values():
            curve.setData([], [])
        self._paint_bars()

    def add_point(
        self,
        step: float,
        forget: float | None,
        retain: float | None,
        test: float | None,
        per_class: np.ndarray | None = None,
    ) -> None:
        """One measurement while the method runs (None leaves a curve as it is)."""
        for name, value in zip(CURVES, (forget, retain, test), strict=True):
            if value is None:
                continue
            self.points[name].append((float(step), float(value)))
            xs, ys = zip(*self.points[name], strict=True)
            self.curves[name].setData(np.array(xs), np.array(ys))
        if per_class is not None:
            self.set_per_class(per_class)

    def set_per_class(self, per_class: np.ndarray) -> None:
        self.per_class = np.nan_to_num(np.asarray(per_class, dtype=np.float64).reshape(N_CLASSES))
        self._paint_bars()

    def _paint_bars(self) -> None:
        brushes = [
            pg.mkBrush(self._theme.marker if d in self.highlighted else self._theme.train)
            for d in range(N_CLASSES)
        ]
        self.bars.setOpts(height=self.per_class, brushes=brushes, pens=[None] * N_CLASSES)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.curve_panel.set_theme(theme)
        self.bar_panel.set_theme(theme)
        # as the training tab's per-class plot: with a grid the axis drops its end labels
        self.bar_plot.showGrid(x=False, y=False)
        colours = {"forget": theme.marker, "retain": theme.train, "test": theme.test}
        for name, curve in self.curves.items():
            curve.setPen(pg.mkPen(colours[name], width=theme.line_width))
        self._paint_bars()
