"""LegendCorner: a plot's legend in the corner of its view where it covers no curve.

A legend fixed in one corner hid the curve that ended there (the relearn race's unlearned model
falling to 0 % under a bottom-right legend). The corners are tried, the current one first (a
legend does not jump while it is free), then the plot's own, then the others; where every corner
covers some curve, the one that covers fewest points and segments is kept.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF

from mugui.gui.curve_obstacles import crossings, scene_segments

MARGIN_PX = 10  # between the legend and the view's sides
CORNERS = ((1, 0), (0, 0), (1, 1), (0, 1))  # (x, y) of the view: top right, top left, …


class LegendCorner:
    """Keeps ``plot.legend`` clear of the plot's curves (``curves``, or every data item)."""

    def __init__(
        self,
        plot: pg.PlotItem,
        corner: tuple[int, int] = (1, 0),
        curves: list[pg.PlotDataItem] | None = None,
    ):
        self.plot = plot
        self.legend: pg.LegendItem = plot.legend
        self.preferred = corner
        self.corner = corner
        self._curves = curves
        self._placing = False
        plot.vb.sigResized.connect(self.place)
        plot.vb.sigRangeChanged.connect(self.place)
        self.legend.geometryChanged.connect(self.place)  # a new entry or font
        self.place()

    @property
    def curves(self) -> list[pg.PlotDataItem]:
        if self._curves is not None:
            return self._curves
        return [item for item in self.plot.listDataItems() if isinstance(item, pg.PlotDataItem)]

    def watch(self, curve: pg.PlotDataItem) -> None:
        """Place the legend again whenever ``curve``'s data change."""
        curve.sigPlotChanged.connect(self.place)

    def rect_at(self, corner: tuple[int, int]) -> QRectF:
        """The legend's rectangle in scene pixels, were it in ``corner``."""
        view = self.plot.vb.sceneBoundingRect()
        size = self.legend.sceneBoundingRect().size()
        x, y = corner
        left = view.left() + MARGIN_PX if x == 0 else view.right() - MARGIN_PX - size.width()
        top = view.top() + MARGIN_PX if y == 0 else view.bottom() - MARGIN_PX - size.height()
        return QRectF(left, top, size.width(), size.height())

    def place(self, *_changed: object) -> None:
        """Move the legend to the first corner where it covers no curve (or covers fewest)."""
        if self._placing:
            return
        self._placing = True
        try:
            segments, half_width = scene_segments(self.plot.vb, self.curves)
            order = [self.corner, self.preferred, *CORNERS]
            best: tuple[int, tuple[int, int]] | None = None
            for corner in dict.fromkeys(order):  # each once, in that order
                rect = self.rect_at(corner)
                near = rect.adjusted(-half_width, -half_width, half_width, half_width)
                covered = crossings(segments, near)
                if best is None or covered < best[0]:
                    best = (covered, corner)
                if covered == 0:
                    break
            assert best is not None
            self._anchor(best[1])
        finally:
            self._placing = False

    def _anchor(self, corner: tuple[int, int]) -> None:
        self.corner = corner
        x, y = corner
        offset = (MARGIN_PX if x == 0 else -MARGIN_PX, MARGIN_PX if y == 0 else -MARGIN_PX)
        self.legend.anchor(itemPos=corner, parentPos=corner, offset=offset)
