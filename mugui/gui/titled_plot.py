"""TitledPlot: a pyqtgraph plot with its title in a wrapping label above it.

A title drawn inside pyqtgraph's scene cannot wrap and makes the plot wider than its column, so
the plot is cut off; a word-wrapped label above the plot takes more lines instead. The plot has a
minimum size in proportion to the font, so axes and ticks always have room.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from mugui.gui.theme import Theme, style_plot

MIN_WIDTH_EMS = 14  # the plot's minimum size, in multiples of the font's point size
MIN_HEIGHT_EMS = 7
TITLE_SCALE = 1.15


class SteadyPlotWidget(pg.PlotWidget):
    """A plot widget whose size hint is its minimum size: a graphics view's hint is its scene's
    size, which pyqtgraph keeps at the size the view had, so layouts shared out by hints gave a
    plot the more room the larger the window had been (at 1366×768 the loss plot had 106 px of
    512 after 2560×1440, 204 px before)."""

    def sizeHint(self) -> QSize:
        return self.minimumSize()


class TitledPlot(QWidget):
    """A title label (``<name>Title``) over a plot widget (``<name>``)."""

    def __init__(
        self,
        name: str,
        title: str,
        axis_items: dict[str, pg.AxisItem] | None = None,
        parent: QWidget | None = None,
        labels: tuple[str, str] = ("", ""),
    ):
        """``labels``: the bottom and left axes' labels (none where empty)."""
        super().__init__(parent)
        self.title = QLabel(title, self)
        self.title.setObjectName(f"{name}Title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.widget = SteadyPlotWidget(self, axisItems=axis_items)
        self.widget.setObjectName(name)
        self.plot: pg.PlotItem = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        for side, label in zip(("bottom", "left"), labels, strict=True):
            if label:
                self.plot.setLabel(side, label)
        # the title's row: a view may put a button beside the title (the loss plot's fold)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(0, 0, 0, 0)
        self.header.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self.header)
        layout.addWidget(self.widget, 1)
        self.plot.vb.sigResized.connect(self._fit_axis_labels)

    def _fit_axis_labels(self) -> None:
        """Show an axis's label ("accuracy") only where the axis is as long as it: a short plot
        cut it (the per-class plot at 1024×700); the title and the ticks still say what it is."""
        view = self.plot.vb.size()
        for side, room in (("left", view.height()), ("bottom", view.width())):
            axis = self.plot.getAxis(side)
            if not axis.labelText:
                continue
            fits = axis.label.boundingRect().width() <= room
            if fits != axis.label.isVisible():
                axis.showLabel(fits)

    def set_title(self, text: str, rich: bool = False) -> None:
        """Plain text, or rich text built by mugui from numbers (never from user input)."""
        fmt = Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText
        self.title.setTextFormat(fmt)
        self.title.setText(text)

    def set_theme(self, theme: Theme) -> None:
        self.widget.setBackground(theme.plot_background)
        style_plot(self.plot, theme)
        self.title.setFont(theme.font(TITLE_SCALE, bold=True))
        self.widget.setMinimumSize(
            int(theme.point_size * MIN_WIDTH_EMS), int(theme.point_size * MIN_HEIGHT_EMS)
        )


class StillPlotView(QWidget):
    """A view that is one :class:`TitledPlot` the user does not pan or zoom (a bar graph, a matrix,
    an image grid): ``panel``, its ``plot_widget`` (tool tip ``tip``) and its ``plot``."""

    def __init__(self, name: str, title: str, tip: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.panel = TitledPlot(name, title)
        self.plot_widget = self.panel.widget
        if tip:
            self.plot_widget.setToolTip(tip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        self.plot = self.panel.plot
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
