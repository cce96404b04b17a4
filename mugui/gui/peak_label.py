"""PeakLabel: "peak 68.2%" written near the accuracy curve's peak, where it covers no curve and no
ring and lies inside the plot's view box (written at the peak's height beside it, it sat on the
falling curve and on the ring of the next point).

Places are tried nearest first (above, below, beside; then further up and down) in the view's
pixels, again whenever the view is resized or its range changes. Where none is free (a very short
plot), the label is hidden: the plot's title says the same.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF

from mugui.gui.curve_obstacles import crosses, scene_segments

GAP_PX = 4  # between the label and the ring, and the least room it keeps from a curve
FARTHEST = 4  # rows of label height tried above and below the peak


class PeakLabel:
    """A text on ``plot`` kept clear of ``curves`` and of rings ``ring_px`` across."""

    def __init__(self, plot: pg.PlotItem, curves: list[pg.PlotDataItem], ring_px: float):
        self.plot = plot
        self.curves = curves
        self.ring_px = ring_px
        self.item = pg.TextItem(anchor=(0.0, 0.0))
        self.item.setZValue(6)
        plot.addItem(self.item, ignoreBounds=True)
        self.point: tuple[float, float] | None = None
        self.rings: list[tuple[float, float]] = []
        plot.vb.sigResized.connect(self.place)
        plot.vb.sigRangeChanged.connect(self.place)

    @property
    def text(self) -> str:
        return self.item.toPlainText()

    def show(self, text: str, rings: list[tuple[float, float]]) -> None:
        """Write ``text`` by the first of ``rings`` (data coordinates), clear of all of them."""
        self.item.setText(text)
        self.point, self.rings = rings[0], list(rings)
        self.place()

    def hide(self) -> None:
        self.item.setText("")
        self.point, self.rings = None, []
        self.item.setVisible(False)

    def scene_rect(self) -> QRectF:
        """Where the label is drawn, in scene (pixel) coordinates (its top left at its place)."""
        top_left = self.plot.vb.mapViewToScene(self.item.pos())
        return QRectF(top_left, self.item.textItem.boundingRect().size())

    def obstacles(self) -> tuple[np.ndarray, list[QRectF], float]:
        """The shown curves' segments as rows (x0, y0, x1, y1) and the rings, in scene
        coordinates, and how far a label keeps from a segment (half the widest pen or symbol,
        plus the gap)."""
        view = self.plot.vb
        segments, clearance = scene_segments(view, self.curves)
        half = self.ring_px / 2
        rings = []
        for x, y in self.rings:
            centre = view.mapViewToScene(QPointF(x, y))
            rings.append(QRectF(centre.x() - half, centre.y() - half, 2 * half, 2 * half))
        return segments, rings, clearance + GAP_PX

    def place(self) -> None:
        """Put the label at the nearest free place inside the view box, or hide it."""
        if self.point is None:
            return
        size = self.item.textItem.boundingRect().size()
        box = self.plot.vb.sceneBoundingRect()
        centre = self.plot.vb.mapViewToScene(QPointF(*self.point))
        segments, rings, clearance = self.obstacles()
        for rect in candidates(centre, size.width(), size.height(), self.ring_px / 2 + GAP_PX):
            if not box.adjusted(1, 1, -1, -1).contains(rect):
                continue
            if any(rect.intersects(ring) for ring in rings):
                continue
            if crosses(segments, rect.adjusted(-clearance, -clearance, clearance, clearance)):
                continue
            self.item.setPos(self.plot.vb.mapSceneToView(rect.topLeft()))
            self.item.setVisible(True)
            return
        self.item.setVisible(False)


def candidates(centre: QPointF, width: float, height: float, reach: float) -> Iterator[QRectF]:
    """Label rectangles around ``centre``, nearest first: above, below (centred, to the right,
    to the left), beside at the same height, then each row of label height further away."""
    x, y = centre.x(), centre.y()
    for row in range(FARTHEST + 1):
        lift = reach + row * height
        for top in (y - lift - height, y + lift):
            for left in (x - width / 2, x + reach / 2, x - reach / 2 - width):
                yield QRectF(left, top, width, height)
        if row == 0:
            yield QRectF(x + reach, y - height / 2, width, height)
            yield QRectF(x - reach - width, y - height / 2, width, height)
