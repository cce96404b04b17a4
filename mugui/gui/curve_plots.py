"""CurvePlots: live training loss and train/test accuracy, with a marker wherever bugs were switched.

The accuracy plot marks the test accuracy's peak and last value ("peak 66.6% at epoch 2 → 38.8%"
in its title) and keeps earlier runs as faded curves (:class:`RunOverlay`).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QToolButton, QWidget

from mugui.gui.column_layout import column
from mugui.gui.integer_axis import IntegerAxis
from mugui.gui.peak_label import PeakLabel
from mugui.gui.percent_axis import PercentAxis
from mugui.gui.run_overlay import RunOverlay
from mugui.gui.theme import Theme, make_theme
from mugui.gui.titled_plot import TitledPlot

# the loss plot's largest share of the column's height: the accuracy plot tells the story (the
# learning-backwards peak) under a title of up to three lines, and on a short screen Qt's layout
# gave the two panels equal heights, which left the accuracy plot ~50 px of curves
LOSS_SHARE = 0.4
FOLD_KEYS = "Ctrl+Shift+L"  # shows or folds the loss plot (View → Show / fold the loss plot)
# Shorter than this many times the font's point size, the loss plot folds to its title's strip
# (the figure stays in it) and the accuracy plot takes the height: in presentation mode on a
# 1280×720 screen it had ~100 px of curves and no room for the peak's label
FOLD_BELOW_EMS = 40

PEAK_MARGIN = 0.005  # a peak is annotated once the last value is this far below it
RING_PX = 16  # the rings around the peak and the last value


def _finite_or_nan(values: list[float]) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    array[~np.isfinite(array)] = np.nan
    return array


def peak_summary(epochs: list[int], accuracy: list[float]) -> tuple[int, float, float] | None:
    """``(peak epoch, peak, last)`` when the last value lies clearly below the peak, else None."""
    values = _finite_or_nan(accuracy)
    if values.size < 2 or not np.isfinite(values).any():
        return None
    best = int(np.nanargmax(values))
    last = float(values[-1])
    if best == values.size - 1 or not (values[best] - last >= PEAK_MARGIN or math.isnan(last)):
        return None
    return epochs[best], float(values[best]), last


class CurvePlots(QWidget):
    """Two stacked plots over epochs: loss (``lossPlot``) and accuracy (``accuracyPlot``).

    The loss is drawn at every progress report; accuracies once per epoch. When the program
    reports an accuracy measured on the training data (the ``eval_on_train`` bug), that figure is
    drawn as a third, dashed curve beside the true test accuracy.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.loss_panel = TitledPlot("lossPlot", "Training loss", {"bottom": IntegerAxis("bottom")})
        self.accuracy_panel = TitledPlot(
            "accuracyPlot",
            "Accuracy",
            {"bottom": IntegerAxis("bottom"), "left": PercentAxis("left")},
        )
        self.loss_widget = self.loss_panel.widget
        self.accuracy_widget = self.accuracy_panel.widget
        self.accuracy_widget.setToolTip(
            "test: accuracy on the held-out test set after each epoch\n"
            "train: running accuracy on the training batches during the epoch\n"
            "reported (eval_on_train bug): what the program prints, measured on the training data\n"
            "faded dashed curves: earlier runs' test accuracy (see the list below)"
        )
        self.loss_plot = self.loss_panel.plot
        self.loss_plot.setLabel("bottom", "epoch")
        self.loss_plot.setLabel("left", "loss")
        # losses below 1 read as they are, not as "loss (x0.001)" over 50…500
        self.loss_plot.getAxis("left").enableAutoSIPrefix(False)
        self.accuracy_plot = self.accuracy_panel.plot
        self.accuracy_plot.setLabel("bottom", "epoch")
        self.accuracy_plot.setLabel("left", "accuracy")
        self.accuracy_plot.setYRange(0.0, 1.0, padding=0.04)
        self.accuracy_plot.vb.setLimits(yMin=-0.05, yMax=1.05)
        self.loss_widget.setXLink(self.accuracy_widget)
        self.loss_fold = QToolButton(self.loss_panel)
        self.loss_fold.setObjectName("lossFoldButton")
        self.loss_fold.setAutoRaise(True)
        self.loss_fold.clicked.connect(self.toggle_loss_fold)
        self.loss_panel.header.insertWidget(0, self.loss_fold)
        self._fold_choice: bool | None = None  # the user's, once the button was clicked
        self._folded: bool | None = None
        self.runs = RunOverlay(self.accuracy_plot, self)
        self._column = column(self, self.loss_panel, self.accuracy_panel, self.runs, spacing=2)

        self.loss_curve = self.loss_plot.plot(connect="finite")
        self.train_curve = self.accuracy_plot.plot(symbol="o", symbolSize=6)
        self.test_curve = self.accuracy_plot.plot(symbol="s", symbolSize=7)
        self.reported_curve = pg.PlotDataItem(symbol="t", connect="finite")
        self.peak_marks = pg.ScatterPlotItem(symbol="o", size=RING_PX)
        self.peak_marks.setZValue(5)
        self.accuracy_plot.addItem(self.peak_marks)
        self.peak_label = PeakLabel(
            self.accuracy_plot, [self.test_curve, self.train_curve, self.reported_curve], RING_PX
        )
        self._markers: list[tuple[pg.InfiniteLine, pg.InfiniteLine]] = []
        self._loss_x: list[float] = []
        self._loss_y: list[float] = []
        self._epochs: list[int] = []
        self._train: list[float] = []
        self._test: list[float] = []
        self._reported: list[float] = []
        self._epoch_loss = math.nan
        self._theme = make_theme(dark=False)
        self._titles = ("", "")
        self._without_history: tuple[str, float] | None = None
        self._epochs_shown = 1
        self.set_theme(self._theme)
        self.reset(1)
        self.accuracy_plot.vb.sigResized.connect(self._fit_epochs)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fold_for(event.size().height())
        self._size_loss_panel(event.size().height())
        super().resizeEvent(event)

    def _size_loss_panel(self, height: int) -> None:
        """Shown, the loss plot takes at most ``LOSS_SHARE`` of the height; folded, the strip
        takes its title's height."""
        if self.loss_folded:
            self.loss_panel.setMaximumHeight(16_777_215)
        else:
            self.loss_panel.setMaximumHeight(max(1, int(LOSS_SHARE * height)))

    @property
    def loss_folded(self) -> bool:
        """The loss plot is folded to its title's strip."""
        return self.loss_widget.isHidden()

    def _fold_for(self, height: int) -> None:
        """Fold the loss plot on a short column (unless the user chose), unfold it on a tall one."""
        short = height < FOLD_BELOW_EMS * self._theme.point_size
        self._set_folded(short if self._fold_choice is None else self._fold_choice)

    def _show_loss_title(self) -> None:
        """The loss title; folded, as "Loss: 2.102", short enough for one line of the strip."""
        title = self._titles[0]
        if self.loss_folded:
            title = title.replace("Training loss", "Loss", 1)
        self.loss_panel.set_title(title)

    def toggle_loss_fold(self) -> None:
        """Show the folded loss plot, or fold the shown one (the arrow, or ``FOLD_KEYS``); the
        choice then holds through resizes."""
        self._fold_choice = not self.loss_folded
        self._set_folded(self._fold_choice)

    def _set_folded(self, folded: bool) -> None:
        if folded == self._folded:
            return
        self._folded = folded
        self.loss_widget.setVisible(not folded)
        # folded, the strip keeps only its title's height: the accuracy plot takes the rest
        self._column.setStretch(0, 0 if folded else 1)
        self._column.setStretch(1, 1)
        self._show_loss_title()
        self._size_loss_panel(self.height())
        self.loss_fold.setArrowType(Qt.ArrowType.RightArrow if folded else Qt.ArrowType.DownArrow)
        tip = "Show the loss plot" if folded else "Fold the loss plot: more room for the accuracy"
        self.loss_fold.setToolTip(f"{tip} ({FOLD_KEYS})")

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

    @property
    def loss_title(self) -> str:
        return self._titles[0]

    @property
    def accuracy_title(self) -> str:
        """The accuracy plot's title as plain text (the label shows it in colour)."""
        return self._titles[1]

    @property
    def peak_text(self) -> str:
        """``peak 66.6% at epoch 2 → 38.8%`` once the test accuracy has fallen from a peak."""
        peak = peak_summary(self._epochs, self._test)
        if peak is None:
            return ""
        epoch, best, last = peak
        return f"peak {best:.1%} at epoch {epoch} → {last:.1%}"

    def keep_run(self, label: str) -> None:
        """Keep the current run's test accuracy as a faded curve labelled ``label``."""
        self.runs.keep(np.asarray(self._epochs, float), _finite_or_nan(self._test), label)
        # the peak's label keeps clear of the kept runs' faded curves too
        own = [self.test_curve, self.train_curve, self.reported_curve]
        self.peak_label.curves = own + self.runs.curves
        self.peak_label.place()

    def show_without_history(self, test_accuracy: float, where: str) -> None:
        """A model that came without its training history (``where``: "the file", "the
        experiment"): no curves, and both titles say why, the accuracy's with the test accuracy
        evaluated now (an empty loss plot said nothing, the accuracy title "test · train")."""
        self.reset(1)
        self._without_history = (where, test_accuracy)
        self._retitle()

    def reset(self, epochs: int) -> None:
        """Forget all points and markers; show ``epochs`` epochs on the x axis."""
        self._without_history = None
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
        self.loss_curve.setSymbol(None)
        self.loss_curve.setData([], [])
        self._retitle()
        self.train_curve.setData([], [])
        self.test_curve.setData([], [])
        self._show_reported(False)
        self._mark_peak()
        self._fit_epochs()
        self.loss_plot.enableAutoRange(axis="y")

    def _fit_epochs(self) -> None:
        """Epochs 0 … N, with room in pixels right of the last one for its ring and its tick
        label: a padding of 2 % of the epochs was 3 px in presentation mode on a 1280×720
        screen, so the last value's ring was cut in half and pyqtgraph hid the "10" past the
        axis's end."""
        epochs = self._epochs_shown
        axis = self.accuracy_plot.getAxis("bottom")
        label = QFontMetrics(axis.style.get("tickFont") or QFont()).horizontalAdvance(str(epochs))
        room = max(RING_PX / 2 + 3, label / 2 + 2)
        width = self.accuracy_plot.vb.width()
        right = room * epochs / (width - room) if width > 2 * room else 0.1 * epochs
        self.accuracy_plot.setXRange(0, epochs + right, padding=0)

    def show_epoch_losses(self, epochs: list[int], losses: list[float]) -> None:
        """A loaded history's loss curve: each epoch's mean loss (all a file keeps of it), at
        the epoch's end as on the accuracy plot, ringed so a one-epoch history shows too."""
        self._loss_x[:] = [float(epoch) for epoch in epochs]
        self._loss_y[:] = losses
        self.loss_curve.setSymbol("o")
        self.loss_curve.setData(np.asarray(self._loss_x), _finite_or_nan(self._loss_y))

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
        self._mark_peak()
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

    def _mark_peak(self) -> None:
        """Ring the peak and the last test accuracy, and write the peak near its point."""
        peak = peak_summary(self._epochs, self._test)
        if peak is None:
            self.peak_marks.setData([], [])
            self.peak_label.hide()
            return
        epoch, best, last = peak
        self.peak_marks.setData([epoch, self._epochs[-1]], [best, last])
        self.peak_label.show(f"peak {best:.1%}", [(epoch, best), (self._epochs[-1], last)])

    def _retitle(self) -> None:
        """Put the latest figures in the titles, where the back row can read them."""
        theme = self._theme
        if self._without_history is not None:
            where, accuracy = self._without_history
            self._titles = (
                f"Training loss: not recorded in {where}",
                f"test {accuracy:.1%} (evaluated now) · no training history in {where}",
            )
            self._show_loss_title()
            self.accuracy_panel.set_title(self._titles[1])
            return
        loss = self._epoch_loss
        loss_title = f"Training loss: {loss:.3f}" if math.isfinite(loss) else "Training loss"
        self._titles = (loss_title, self._titles[1])
        self._show_loss_title()
        series = [("test", self._test, theme.test), ("train", self._train, theme.train)]
        if self.shows_reported:
            series.append(("reported", self._reported, theme.marker))
        plain, rich = [], []
        for name, values, colour in series:
            value = f" {values[-1]:.1%}" if values and math.isfinite(values[-1]) else ""
            plain.append(f"{name}{value}")
            rich.append(f"<span style='color:{colour}'>{name}{value}</span>")
        peak = self.peak_text
        if peak:
            plain.append(peak)
            rich.append(f"<span style='color:{theme.marker}'>{peak}</span>")
        self._titles = (loss_title, " · ".join(plain))
        self.accuracy_panel.set_title(" · ".join(rich), rich=True)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._fold_for(self.height())  # the threshold is in the theme's font sizes
        arrow = round(theme.point_size * 1.3)
        self.loss_fold.setIconSize(QSize(arrow, arrow))
        self.loss_fold.setFixedSize(arrow + 4, arrow + 4)  # Fusion draws the arrow to its size
        self.loss_panel.set_theme(theme)
        self.accuracy_panel.set_theme(theme)
        self._retitle()
        self.runs.set_theme(theme)
        self.peak_marks.setPen(pg.mkPen(theme.marker, width=2))
        self.peak_marks.setBrush(pg.mkBrush(None))
        self.peak_label.item.setColor(theme.text)
        self.peak_label.item.fill = pg.mkBrush(self._label_fill())
        self.peak_label.item.setFont(theme.font(0.9, bold=True))
        width = theme.line_width
        self.loss_curve.setPen(pg.mkPen(theme.loss, width=width))
        self.loss_curve.setSymbolBrush(theme.loss)  # a loaded history's epochs
        self.loss_curve.setSymbolPen(theme.loss)
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
        self.loss_curve.setSymbolSize(symbol)
        self.test_curve.setSymbolSize(symbol + 1)
        self.reported_curve.setSymbolSize(symbol + 2)
        for loss_line, accuracy_line in self._markers:
            for line in (loss_line, accuracy_line):
                line.setPen(pg.mkPen(theme.marker, width=2, style=Qt.PenStyle.DashLine))
            loss_line.label.setColor(theme.marker)
            loss_line.label.fill = pg.mkBrush(self._label_fill())
        self._fit_epochs()  # the tick labels' size changed
        self.peak_label.place()  # its size and the curves' widths changed
