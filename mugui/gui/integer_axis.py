"""IntegerAxis: an axis with whole-number ticks (epochs) spaced so that labels never run together."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics

STEPS = (1, 2, 5)
GAP_EMS = 1.5  # free space between two labels, in widths of "0"


def integer_tick_step(low: float, high: float, pixels: float, label_pixels: float) -> int:
    """The smallest step of 1, 2, 5, 10, 20, 50… whose labels fit along ``pixels``."""
    span = max(high - low, 1e-9)
    decade = 1
    while True:
        for base in STEPS:
            step = base * decade
            if span / step * label_pixels <= pixels:
                return step
        decade *= 10


class IntegerAxis(pg.AxisItem):
    """Major ticks at multiples of a whole step chosen from the axis length and the label width."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802,N803
        font = self.style.get("tickFont") or QFont()
        metrics = QFontMetrics(font)
        widest = max(abs(math.floor(minVal)), abs(math.ceil(maxVal)), 1)
        label = metrics.horizontalAdvance(str(widest)) + GAP_EMS * metrics.horizontalAdvance("0")
        if self.orientation in ("left", "right"):
            label = metrics.height() * 1.5
        step = integer_tick_step(minVal, maxVal, size, label)
        first = math.ceil(minVal / step) * step
        values = [float(v) for v in range(int(first), int(math.floor(maxVal)) + 1, step)]
        return [(float(step), values)]

    def tickStrings(self, values: list, scale: float, spacing: float) -> list[str]:  # noqa: N803
        return [str(int(round(v))) for v in values]
