"""plain_plot: a pyqtgraph plot as the window's views make it.

Named (tests and the screenshot script find it by its object name), without pyqtgraph's context
menu and auto-range button, its axes labelled; a ``still`` plot does not pan or zoom.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget


def plain_plot(
    parent: QWidget, name: str, bottom: str = "", left: str = "", still: bool = False
) -> tuple[pg.PlotWidget, pg.PlotItem]:
    """A new plot widget named ``name`` in ``parent``, and its plot item."""
    widget = pg.PlotWidget(parent)
    widget.setObjectName(name)
    plot = widget.getPlotItem()
    plot.setMenuEnabled(False)
    if still:
        plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    if bottom:
        plot.setLabel("bottom", bottom)
    if left:
        plot.setLabel("left", left)
    return widget, plot
