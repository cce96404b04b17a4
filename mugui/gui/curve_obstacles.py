"""Where a plot's curves run, in scene pixels: what a label or a legend must not cover."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF


def scene_segments(view: pg.ViewBox, curves: list[pg.PlotDataItem]) -> tuple[np.ndarray, float]:
    """The shown ``curves``' segments as rows (x0, y0, x1, y1), and each point as a segment of
    no length (its symbol), in scene coordinates; and half the widest pen or symbol."""
    to_scene = view.childTransform() * view.sceneTransform()
    segments, half_width = [np.zeros((0, 4))], 0.0
    for curve in curves:
        xs, ys = curve.getData()
        if curve.scene() is None or not curve.isVisible() or xs is None or len(xs) == 0:
            continue
        x, y = np.asarray(xs, float), np.asarray(ys, float)
        if len(x) == len(y) + 1:  # a step histogram's edges and heights: its outline's corners
            x, y = np.repeat(x, 2)[1:-1], np.repeat(y, 2)
        keep = np.isfinite(x) & np.isfinite(y)
        x, y = x[keep], y[keep]
        sx = to_scene.m11() * x + to_scene.m21() * y + to_scene.dx()
        sy = to_scene.m12() * x + to_scene.m22() * y + to_scene.dy()
        segments.append(np.column_stack([sx[:-1], sy[:-1], sx[1:], sy[1:]]))
        segments.append(np.column_stack([sx, sy, sx, sy]))  # a lone point (its symbol)
        pen = curve.opts["pen"]
        width = pg.mkPen(pen).widthF() if pen is not None else 0.0
        symbol = curve.opts["symbolSize"] if curve.opts["symbol"] is not None else 0.0
        half_width = max(half_width, width / 2, symbol / 2)
    return np.concatenate(segments), half_width


def crossings(segments: np.ndarray, rect: QRectF) -> int:
    """How many segments (rows x0, y0, x1, y1; a point when both ends are equal) have a part
    inside ``rect``: their bounding boxes overlap and the rectangle's corners do not all lie on
    one side of the segment's line."""
    x0, y0, x1, y1 = segments.T
    left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
    boxes = (
        (np.minimum(x0, x1) <= right)
        & (np.maximum(x0, x1) >= left)
        & (np.minimum(y0, y1) <= bottom)
        & (np.maximum(y0, y1) >= top)
    )
    sides = np.stack(
        [(x1 - x0) * (cy - y0) - (y1 - y0) * (cx - x0)
         for cx, cy in ((left, top), (right, top), (right, bottom), (left, bottom))]
    )  # fmt: skip
    one_side = np.all(sides > 0, axis=0) | np.all(sides < 0, axis=0)
    return int(np.count_nonzero(boxes & ~one_side))


def crosses(segments: np.ndarray, rect: QRectF) -> bool:
    """True if any segment has a part inside ``rect`` (see :func:`crossings`)."""
    return crossings(segments, rect) > 0
