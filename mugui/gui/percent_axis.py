"""PercentAxis: a 0–100 % axis that labels only as many ticks as fit without running together:
every 20 %, else 0 / 50 / 100 %, else 0 and 100 % (the fixed 20 % ticks of a short accuracy
plot overlapped at 1024×700 and in presentation mode on a 1280×720 screen)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics

GAP_LINES = 1.3  # labelled ticks at least this many label heights apart
MINOR = 0.1  # unlabelled ticks (and grid lines) every 10 %


class PercentAxis(pg.AxisItem):
    """Labelled ticks every ``steps[i]`` of 0..1 for the first step whose labels fit."""

    def __init__(self, orientation: str, steps: tuple[float, ...] = (0.2, 0.5, 1.0)):
        super().__init__(orientation)
        self.steps = steps

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802,N803
        metrics = QFontMetrics(self.style.get("tickFont") or QFont())
        label = metrics.height() * GAP_LINES
        pixels_per_unit = size / max(abs(maxVal - minVal), 1e-9)
        step = next((s for s in self.steps if s * pixels_per_unit >= label), self.steps[-1])
        major = [round(i * step, 6) for i in range(int(round(1 / step)) + 1)]
        minor = [v / 10 for v in range(11) if v / 10 not in major]
        return [(step, major), (MINOR, minor)]

    def tickStrings(self, values: list, scale: float, spacing: float) -> list[str]:  # noqa: N803
        if spacing == MINOR:
            return [""] * len(values)
        return [f"{v * 100:.0f}%" for v in values]
