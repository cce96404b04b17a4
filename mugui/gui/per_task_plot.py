"""PerTaskAccuracyPlot: each task's test accuracy epoch by epoch, tasks as coloured bands."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from mugui.gui.column_layout import column
from mugui.gui.legend_corner import LegendCorner
from mugui.gui.plain_plot import plain_plot
from mugui.gui.theme import Theme, make_theme, style_plot

TASK_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22")  # fmt: skip


class PerTaskAccuracyPlot(QWidget):
    """One curve per task over the whole run; a band marks the epochs each task trained, so
    catastrophic forgetting reads as a curve falling once its band has ended."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot_widget, self.plot = plain_plot(
            self, "perTaskPlot", "epoch", "test accuracy", still=True
        )
        column(self, self.plot_widget)
        self.plot.setYRange(0.0, 1.0, padding=0.02)
        self.plot.getAxis("left").setTicks([[(0.0, "0%"), (0.5, "50%"), (1.0, "100%")]])
        self.legend = self.plot.addLegend(offset=(-10, -10))
        self.legend_corner = LegendCorner(self.plot, corner=(1, 1))
        self.tasks: tuple[tuple[int, ...], ...] = ()
        self.values: list[list[float]] = []
        self._curves: list[pg.PlotDataItem] = []
        self._bands: list[pg.LinearRegionItem] = []
        self._theme = make_theme(dark=False)
        self.set_theme(self._theme)

    def start(self, tasks: tuple[tuple[int, ...], ...], epochs_per_task: int) -> None:
        """Clear, then draw one band per task and an empty curve per task."""
        self.plot.clear()
        self.legend.clear()
        self.tasks = tasks
        self.values = [[] for _ in tasks]
        self._curves, self._bands = [], []
        for k, classes in enumerate(tasks):
            colour = TASK_COLOURS[k % len(TASK_COLOURS)]
            band = pg.LinearRegionItem(
                (k * epochs_per_task + 0.5, (k + 1) * epochs_per_task + 0.5),
                movable=False,
                brush=pg.mkBrush(colour + "22"),
                pen=pg.mkPen(None),
            )
            band.setZValue(-10)
            self.plot.addItem(band)
            self._bands.append(band)
            label = pg.TextItem(f"task {k + 1}", color=colour, anchor=(0.5, 0.0))
            label.setPos((k + 0.5) * epochs_per_task + 0.5, 0.99)
            self.plot.addItem(label)
            name = f"task {k + 1} ({','.join(map(str, classes))})"
            curve = self.plot.plot(
                [], [], name=name, pen=pg.mkPen(colour, width=self._theme.line_width),
                symbol="o", symbolSize=6, symbolBrush=colour,
            )  # fmt: skip
            self._curves.append(curve)
            self.legend_corner.watch(curve)
        epochs = len(tasks) * epochs_per_task
        self.plot.setXRange(0.5, epochs + 0.5, padding=0.02)
        step = max(1, epochs // 12)
        self.plot.getAxis("bottom").setTicks([[(e, str(e)) for e in range(1, epochs + 1, step)]])

    def add_epoch(self, per_task_accuracy) -> None:
        for k, value in enumerate(per_task_accuracy[: len(self._curves)]):
            self.values[k].append(float(value))
            self._curves[k].setData(list(range(1, len(self.values[k]) + 1)), self.values[k])

    @property
    def band_count(self) -> int:
        return len(self._bands)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.plot_widget.setBackground(theme.plot_background)
        style_plot(self.plot, theme, "Accuracy on each task (bands: when each task trains)")
