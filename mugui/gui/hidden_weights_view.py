"""HiddenWeightsView: the input weights of the first hidden units, each as a 28×28 image; for a
CNN, its first-layer filters, each as a 5×5 image."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from mugui.gui.theme import Theme, make_theme
from mugui.gui.titled_plot import StillPlotView
from mugui.model import Model

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
    return tile_mosaic(weights.T.reshape(-1, SIDE, SIDE), max_units)


def tile_mosaic(tiles: np.ndarray, max_units: int = MAX_UNITS, gap: int = GAP) -> np.ndarray:
    """Tile square images (units, side, side) into one square-ish image, as ``weight_mosaic``."""
    side = tiles.shape[1]
    units = min(tiles.shape[0], max_units)
    columns = math.ceil(math.sqrt(units))
    rows = math.ceil(units / columns)
    mosaic = np.zeros((rows * (side + gap) - gap, columns * (side + gap) - gap), np.float32)
    for unit in range(units):
        tile = tiles[unit]
        scale = float(np.max(np.abs(tile)))
        tile = tile / scale if np.isfinite(scale) and scale > 0 else np.zeros_like(tile)
        row, column = divmod(unit, columns)
        top, left = row * (side + gap), column * (side + gap)
        mosaic[top : top + side, left : left + side] = tile
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
        self._filters = False
        self._theme = make_theme(dark=False)
        self.set_theme(self._theme)

    @property
    def units_shown(self) -> int:
        return self._units

    @property
    def shows_filters(self) -> bool:
        """True while the view shows a CNN's convolution filters."""
        return self._filters

    def show_model(self, model: Model) -> None:
        """The first layer of ``model``: an MLP's hidden units or a CNN's filters."""
        if model.is_cnn:
            self.set_filters(model.first_layer_filters())
        else:
            self.set_weights(model.layers()[0][0])

    def set_filters(self, filters: np.ndarray) -> None:
        """Show a CNN's first-layer filters (C1, 5, 5), each scaled to its largest weight."""
        self._filters = True
        self._show(tile_mosaic(np.asarray(filters, dtype=np.float32), gap=1), filters.shape[0])
        self.plot_widget.setToolTip(
            "The CNN's first-layer filters: each 5×5 pattern slides over the whole image, and "
            "where the strokes match it the unit lights up (red positive, blue negative weights)"
        )

    def set_weights(self, weights: np.ndarray) -> None:
        """Show the first hidden units of a (784, H) first-layer weight matrix."""
        self._filters = False
        self._show(weight_mosaic(weights), weights.shape[1])
        self.plot_widget.setToolTip(
            "Input weights of the first hidden units, each scaled to its largest weight "
            "(red positive, blue negative)"
        )

    def _show(self, mosaic: np.ndarray, total: int) -> None:
        self._units = min(total, MAX_UNITS)
        self._total_units = int(total)
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
        if self._units and self._filters:
            title = f"First-layer filters, 5×5 ({self._units} of {self._total_units})"
        elif self._units:
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
