"""CurvePlots: live training loss and train/test accuracy, with a marker wherever bugs were switched."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from mugui.gui.theme import Theme, make_theme, style_plot


def _finite_or_nan(values: list[float]) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    array[~np.isfinite(array)] = np.nan
    return array


class CurvePlots(QWidget):
    """Two stacked plots over epochs: loss (``lossPlot``) and accuracy (``accuracyPlot``).

    The loss is drawn at every progress report; accuracies once per epoch. When the program
    reports an accuracy measured on the training data (the ``eval_on_train`` bug), that figure is
    drawn as a third, dashed curve beside the true test accuracy.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.loss_widget = pg.PlotWidget(self)
        self.loss_widget.setObjectName("lossPlot")
        self.accuracy_widget = pg.PlotWidget(self)
        self.accuracy_widget.setObjectName("accuracyPlot")
        self.accuracy_widget.setToolTip(
            "test: accuracy on the held-out test set after each epoch\n"
            "train: running accuracy on the training batches during the epoch\n"
            "reported (eval_on_train bug): what the program prints, measured on the training data"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.loss_widget)
        layout.addWidget(self.accuracy_widget)

        self.loss_plot = self.loss_widget.getPlotItem()
        self.loss_plot.setLabel("bottom", "epoch")
        self.loss_plot.setLabel("left", "loss")
        self.loss_plot.setMenuEnabled(False)
        self.accuracy_plot = self.accuracy_widget.getPlotItem()
        self.accuracy_plot.setLabel("bottom", "epoch")
        self.accuracy_plot.setLabel("left", "accuracy")
        self.accuracy_plot.setMenuEnabled(False)
        self.accuracy_plot.setYRange(0.0, 1.0, padding=0.02)
        self.accuracy_plot.getAxis("left").setTicks(
            [[(v / 10, f"{v * 10}%") for v in range(0, 11, 2)], [(v / 10, "") for v in range(11)]]
        )
        self.accuracy_plot.vb.setLimits(yMin=-0.05, yMax=1.05)
        self.loss_widget.setXLink(self.accuracy_widget)

        self.loss_curve = self.loss_plot.plot(connect="finite")
        self.train_curve = self.accuracy_plot.plot(symbol="o", symbolSize=6)
        self.test_curve = self.accuracy_plot.plot(symbol="s", symbolSize=7)
        self.reported_curve = pg.PlotDataItem(symbol="t", connect="finite")
        self._markers: list[tuple[pg.InfiniteLine, pg.InfiniteLine]] = []
        self._loss_x: list[float] = []
        self._loss_y: list[float] = []
        self._epochs: list[int] = []
        self._train: list[float] = []
        self._test: list[float] = []
        self._reported: list[float] = []
        self._epoch_loss = math.nan
        self._theme = make_theme(dark=False)
        self.set_theme(self._theme)
        self.reset(1)

    @property
    def loss_points(self) -> int:
        return len(self._loss_x)

    @property
    def accuracy_points(self) -> int:
        return len(self._epochs)

    @property
    def marker_positions(self) -> list[float]:
        return [loss_line.value() for loss_line, _ in self._markers]

    @property
    def marker_labels(self) -> list[str]:
        return [loss_line.label.toPlainText() for loss_line, _ in self._markers]

    def reset(self, epochs: int) -> None:
        """Forget all points and markers; show ``epochs`` epochs on the x axis."""
        self._epochs_shown = max(1, epochs)
        self._epoch_loss = math.nan
        self._loss_x.clear()
        self._last_report = (0, 0.0, 0.0)
        self._loss_y.clear()
        self._epochs.clear()
        self._train.clear()
        self._test.clear()
        self._reported.clear()
        for loss_line, accuracy_line in self._markers:
            self.loss_plot.removeItem(loss_line)
            self.accuracy_plot.removeItem(accuracy_line)
        self._markers.clear()
        self.loss_curve.setData([], [])
        self._retitle()
        self.train_curve.setData([], [])
        self.test_curve.setData([], [])
        self._show_reported(False)
        self.accuracy_plot.setXRange(0, max(1, epochs), padding=0.02)
        self.loss_plot.enableAutoRange(axis="y")

    def add_progress(self, reports: list[tuple[int, float, float]]) -> None:
        """Add loss points from progress reports ``(epoch, fraction, running_loss)``.

        ``running_loss`` is the mean over the first ``fraction`` of epoch ``epoch`` (1-based);
        plotting it directly would restart the average at every epoch and draw false steps, so
        each point is the loss of the samples since the previous report. The plot is redrawn
        once per call, however many reports it brings.
        """
        for epoch, fraction, running_loss in reports:
            last_epoch, last_fraction, last_loss = self._last_report
            if last_epoch == epoch and fraction > last_fraction:
                loss = (fraction * running_loss - last_fraction * last_loss) / (
                    fraction - last_fraction
                )
            else:
                loss = running_loss
            self._last_report = (epoch, fraction, running_loss)
            self._loss_x.append(epoch - 1 + fraction)
            self._loss_y.append(loss)
        self.loss_curve.setData(np.asarray(self._loss_x), _finite_or_nan(self._loss_y))

    def add_epoch(
        self,
        epoch: int,
        loss: float,
        train_accuracy: float,
        test_accuracy: float,
        reported_on_train: float | None = None,
    ) -> None:
        """Add the figures at the end of ``epoch`` (1-based): its mean loss and accuracies.

        ``reported_on_train`` is the accuracy the program printed when it measured on the
        training data, else None. Titles change only here, once per epoch: re-laying out a plot
        at every progress report would cost the GUI thread more than drawing the points."""
        self._epoch_loss = loss
        self._epochs.append(epoch)
        self._train.append(train_accuracy)
        self._test.append(test_accuracy)
        self._reported.append(math.nan if reported_on_train is None else reported_on_train)
        x = np.asarray(self._epochs, float)
        self.train_curve.setData(x, _finite_or_nan(self._train))
        self.test_curve.setData(x, _finite_or_nan(self._test))
        self._retitle()
        if reported_on_train is not None:
            self._show_reported(True)
        if self.reported_curve.scene() is not None:
            self.reported_curve.setData(x, np.asarray(self._reported))

    @property
    def shows_reported(self) -> bool:
        return self.reported_curve.scene() is not None

    def _show_reported(self, show: bool) -> None:
        if show == self.shows_reported:
            return
        if show:
            self.accuracy_plot.addItem(self.reported_curve)
        else:
            self.accuracy_plot.removeItem(self.reported_curve)
        self.set_theme(self._theme)

    def mark_bug_switch(self, epoch_position: float, text: str) -> None:
        """Draw a labelled vertical line on both plots where the bugs changed.

        The label sits on the side of the line with more room, so it is never cut off."""
        anchor = (1.05, 0.0) if epoch_position > self._epochs_shown / 2 else (-0.05, 0.0)
        pair = []
        for plot in (self.loss_plot, self.accuracy_plot):
            line = pg.InfiniteLine(
                pos=epoch_position,
                angle=90,
                movable=False,
                pen=pg.mkPen(self._theme.marker, width=2, style=Qt.PenStyle.DashLine),
                label=text if plot is self.loss_plot else None,
                labelOpts={
                    "position": 0.92,
                    "color": self._theme.marker,
                    "fill": self._label_fill(),
                    "anchors": [anchor, anchor],
                },
            )
            plot.addItem(line, ignoreBounds=True)
            pair.append(line)
        self._markers.append((pair[0], pair[1]))

    def _label_fill(self) -> QColor:
        fill = QColor(self._theme.plot_background)
        fill.setAlpha(225)
        return fill

    def _retitle(self) -> None:
        """Put the latest figures in the titles, where the back row can read them."""
        theme = self._theme
        size = f"{theme.point_size * 1.15:.0f}pt"
        loss = self._epoch_loss
        loss_title = f"Training loss: {loss:.3f}" if math.isfinite(loss) else "Training loss"
        self.loss_plot.setTitle(loss_title, color=theme.text, size=size, bold=True)
        # The coloured names in the title are the legend (a legend box would hide points); the
        # title stays short, as a wide title would widen the plot beyond its column.
        series = [("test", self._test, theme.test), ("train", self._train, theme.train)]
        if self.shows_reported:
            series.append(("reported", self._reported, theme.marker))
        parts = []
        for name, values, colour in series:
            value = f" {values[-1]:.1%}" if values and math.isfinite(values[-1]) else ""
            parts.append(f"<span style='color:{colour}'>{name}{value}</span>")
        self.accuracy_plot.setTitle(" · ".join(parts), color=theme.text, size=size, bold=True)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for widget in (self.loss_widget, self.accuracy_widget):
            widget.setBackground(theme.plot_background)
        style_plot(self.loss_plot, theme, "Training loss")
        style_plot(self.accuracy_plot, theme, "Accuracy")
        self._retitle()
        width = theme.line_width
        self.loss_curve.setPen(pg.mkPen(theme.loss, width=width))
        self.train_curve.setPen(pg.mkPen(theme.train, width=width))
        self.train_curve.setSymbolBrush(theme.train)
        self.train_curve.setSymbolPen(theme.train)
        self.test_curve.setPen(pg.mkPen(theme.test, width=width))
        self.test_curve.setSymbolBrush(theme.test)
        self.test_curve.setSymbolPen(theme.test)
        self.reported_curve.setPen(pg.mkPen(theme.marker, width=width, style=Qt.PenStyle.DashLine))
        self.reported_curve.setSymbolBrush(theme.marker)
        self.reported_curve.setSymbolPen(theme.marker)
        symbol = max(5.0, theme.point_size * 0.7)
        self.train_curve.setSymbolSize(symbol)
        self.test_curve.setSymbolSize(symbol + 1)
        self.reported_curve.setSymbolSize(symbol + 2)
        for loss_line, accuracy_line in self._markers:
            for line in (loss_line, accuracy_line):
                line.setPen(pg.mkPen(theme.marker, width=2, style=Qt.PenStyle.DashLine))
            loss_line.label.setColor(theme.marker)
            loss_line.label.fill = pg.mkBrush(self._label_fill())
