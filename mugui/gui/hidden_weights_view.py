"""HiddenWeightsView: the input weights of the first hidden units, each as a 28×28 image."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from mugui.gui.theme import Theme, make_theme
from mugui.gui.titled_plot import StillPlotView

SIDE = 28
GAP = 2
MAX_UNITS = 36
LEVELS = (-1.0, 1.0)


def weight_mosaic(weights: np.ndarray, max_units: int = MAX_UNITS) -> np.ndarray:
    """Tile the first units' weights (columns of a (784, H) matrix) into one square-ish image.

    Each tile is divided by its largest absolute weight so that every unit's pattern is visible on
    the fixed levels -1..1; gaps between tiles are 0 (the neutral colour).
    """
    weights = np.asarray(weights, dtype=np.float32)
    units = min(weights.shape[1], max_units)
    columns = math.ceil(math.sqrt(units))
    rows = math.ceil(units / columns)
    mosaic = np.zeros((rows * (SIDE + GAP) - GAP, columns * (SIDE + GAP) - GAP), np.float32)
    for unit in range(units):
        tile = weights[:, unit].reshape(SIDE, SIDE)
        scale = float(np.max(np.abs(tile)))
        tile = tile / scale if np.isfinite(scale) and scale > 0 else np.zeros_like(tile)
        row, column = divmod(unit, columns)
        top, left = row * (SIDE + GAP), column * (SIDE + GAP)
        mosaic[top : top + SIDE, left : left + SIDE] = tile
    return mosaic


class HiddenWeightsView(StillPlotView):
    """Red for positive, blue for negative weights; a trained unit shows a stroke detector."""

    def __init__(self, parent: QWidget | None = None):
        tip = (
            "Input weights of the first hidden units, each scaled to its largest weight "
            "(red positive, blue negative)"
        )
        super().__init__("hiddenWeightsPlot", "Hidden-unit weights", tip, parent)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.invertY(True)
        self.plot.setAspectLocked(True)
        self._image = pg.ImageItem(levels=LEVELS)
        self._image.setColorMap(pg.colormap.get("CET-D1"))
        self.plot.addItem(self._image)
        self._units = 0
        self._total_units = 0
        self._theme = make_theme(dark=False)
        self.set_theme(self._theme)

    @property
    def units_shown(self) -> int:
        return self._units

    def set_weights(self, weights: np.ndarray) -> None:
        """Show the first hidden units of a (784, H) first-layer weight matrix."""
        mosaic = weight_mosaic(weights)
        self._units = min(weights.shape[1], MAX_UNITS)
        self._total_units = int(weights.shape[1])
        self._image.setImage(mosaic, levels=LEVELS, autoLevels=False)
        self.plot.setRange(xRange=(0, mosaic.shape[1]), yRange=(0, mosaic.shape[0]), padding=0.01)
        self._retitle()

    def clear(self) -> None:
        self._units = 0
        self._total_units = 0
        self._image.clear()
        self._retitle()

    @property
    def title(self) -> str:
        return self.panel.title.text()

    def _retitle(self) -> None:
        if self._units:
            title = f"Hidden-unit weights ({self._units} of {self._total_units})"
        else:
            title = "Hidden-unit weights"
        self.panel.set_title(title)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.panel.set_theme(theme)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.showGrid(x=False, y=False)
        self._retitle()
