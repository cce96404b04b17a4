"""HiddenWeightsView: the input weights of the first hidden units, each as a 28×28 image; for a
CNN, its first-layer filters, each as a 5×5 image."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from mugui.gui.theme import Theme, make_theme
from mugui.gui.titled_plot import StillPlotView
from mugui.model import Model

SIDE = 28
GAP = 2
MAX_UNITS = 36
LEVELS = (-1.0, 1.0)
NEUTRAL_TOWARD_TEXT = 0.07  # a zero weight: the plot's background, this far toward the text
MARGIN_PX = 6  # empty room around the grid, so its last row does not run into the box's edge


def weight_mosaic(
    weights: np.ndarray, max_units: int = MAX_UNITS, columns: int | None = None
) -> np.ndarray:
    """Tile the first units' weights (columns of a (784, H) matrix) into one image.

    Each tile is divided by its largest absolute weight so that every unit's pattern is visible on
    the fixed levels -1..1; gaps between tiles are NaN (drawn transparent: the background).
    """
    return tile_mosaic(unit_tiles(weights), max_units, columns=columns)


def unit_tiles(weights: np.ndarray) -> np.ndarray:
    """The hidden units' input weights (columns of a (784, H) matrix) as (H, 28, 28) images."""
    return np.asarray(weights, dtype=np.float32).T.reshape(-1, SIDE, SIDE)


def grid_columns(units: int, width: float, height: float, side: int, gap: int) -> int:
    """How many columns show ``units`` tiles of ``side`` (plus ``gap``) largest in a box of
    ``width`` × ``height`` pixels (a wide box gets a wide grid); square-ish without a box."""
    if units < 1 or width <= 0 or height <= 0:
        return max(1, math.ceil(math.sqrt(units)))

    def fit(columns: int) -> tuple[float, int]:
        rows = math.ceil(units / columns)
        scale = min(width / (columns * (side + gap) - gap), height / (rows * (side + gap) - gap))
        return scale, -(rows * columns - units)  # the larger tiles, then fewer empty places

    return max(range(1, units + 1), key=fit)


def tile_mosaic(
    tiles: np.ndarray, max_units: int = MAX_UNITS, gap: int = GAP, columns: int | None = None
) -> np.ndarray:
    """Tile square images (units, side, side) into one image of ``columns`` columns (square-ish
    when None), as ``weight_mosaic``."""
    side = tiles.shape[1]
    units = min(tiles.shape[0], max_units)
    columns = max(1, min(units, columns or math.ceil(math.sqrt(units))))
    rows = math.ceil(units / columns)
    mosaic = np.full((rows * (side + gap) - gap, columns * (side + gap) - gap), np.nan, np.float32)
    for unit in range(units):
        tile = tiles[unit]
        scale = float(np.max(np.abs(tile)))
        tile = tile / scale if np.isfinite(scale) and scale > 0 else np.zeros_like(tile)
        row, column = divmod(unit, columns)
        top, left = row * (side + gap), column * (side + gap)
        mosaic[top : top + side, left : left + side] = tile
    return mosaic


def weight_colours(theme: Theme) -> pg.ColorMap:
    """The theme's blue (accent) for negative and red (marker) for positive weights, and for zero
    the plot's background a shade toward the text: dark in the dark theme, where the former
    blue-white-red map (colorcet's CET-D1) put a glaring light panel."""
    ground, text = QColor(theme.plot_background), QColor(theme.text)
    t = NEUTRAL_TOWARD_TEXT
    neutral = QColor.fromRgbF(
        ground.redF() + t * (text.redF() - ground.redF()),
        ground.greenF() + t * (text.greenF() - ground.greenF()),
        ground.blueF() + t * (text.blueF() - ground.blueF()),
    )
    return pg.ColorMap([0.0, 0.5, 1.0], [QColor(theme.accent), neutral, QColor(theme.marker)])


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
        self.image = pg.ImageItem(levels=LEVELS)
        self.plot.addItem(self.image)
        self._tiles: np.ndarray | None = None  # the shown units' weights, tiled to fit the box
        self._gap = GAP
        self._columns = 0
        self.plot.vb.sigResized.connect(self._fit)
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
        self._show(np.asarray(filters, dtype=np.float32), 1)
        self.plot_widget.setToolTip(
            "The CNN's first-layer filters: each 5×5 pattern slides over the whole image, and "
            "where the strokes match it the unit lights up (red positive, blue negative weights)"
        )

    def set_weights(self, weights: np.ndarray) -> None:
        """Show the first hidden units of a (784, H) first-layer weight matrix."""
        self._filters = False
        self._show(unit_tiles(weights), GAP)
        self.plot_widget.setToolTip(
            "Input weights of the first hidden units, each scaled to its largest weight "
            "(red positive, blue negative)"
        )

    def _show(self, tiles: np.ndarray, gap: int) -> None:
        self._units = min(len(tiles), MAX_UNITS)
        self._total_units = len(tiles)
        self._tiles, self._gap, self._columns = tiles[:MAX_UNITS], gap, 0
        self._fit()
        self._retitle()

    def _fit(self) -> None:
        """Lay the tiles out for the box (a wide box gets a wide grid) and show the whole grid
        at one scale, centred, with ``MARGIN_PX`` of room on every side."""
        if self._tiles is None:
            return
        box = self.plot.vb.size()
        width, height = box.width() - 2 * MARGIN_PX, box.height() - 2 * MARGIN_PX
        side = self._tiles.shape[1]
        columns = grid_columns(len(self._tiles), width, height, side, self._gap)
        if columns != self._columns:
            self._columns = columns
            mosaic = tile_mosaic(self._tiles, gap=self._gap, columns=columns)
            self.image.setImage(mosaic, levels=LEVELS, autoLevels=False)
        rows, cols = self.image.image.shape
        if width <= 0 or height <= 0:  # not laid out yet
            self.plot.setRange(xRange=(0, cols), yRange=(0, rows), padding=0.02)
            return
        scale = min(width / cols, height / rows)  # screen pixels a weight
        half_width, half_height = box.width() / scale / 2, box.height() / scale / 2
        self.plot.setRange(
            xRange=(cols / 2 - half_width, cols / 2 + half_width),
            yRange=(rows / 2 - half_height, rows / 2 + half_height),
            padding=0,
        )

    def clear(self) -> None:
        self._units = 0
        self._total_units = 0
        self._tiles = None
        self.image.clear()
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
        self.image.setColorMap(weight_colours(theme))
        self._retitle()
