"""Hidden-unit weights are tiled as 28×28 images, each scaled to its own largest weight."""

import numpy as np
from PySide6.QtGui import QColor

from mugui.gui.hidden_weights_view import HiddenWeightsView, grid_columns, weight_mosaic
from mugui.gui.theme import make_theme


def test_the_mosaic_tiles_each_unit_scaled_to_its_largest_weight():
    weights = np.zeros((784, 4), np.float32)
    weights[0, 0] = 0.2
    weights[783, 3] = -5.0
    mosaic = weight_mosaic(weights)
    assert mosaic.shape == (28 * 2 + 2, 28 * 2 + 2)
    assert mosaic[0, 0] == 1.0
    assert mosaic[28 + 2 + 27, 28 + 2 + 27] == -1.0


def test_at_most_36_units_are_shown(qtbot):
    view = HiddenWeightsView()
    qtbot.addWidget(view)
    view.set_weights(np.random.default_rng(0).normal(size=(784, 256)).astype(np.float32))
    assert view.units_shown == 36
    assert "36 of 256" in view.title
    view.clear()
    assert view.units_shown == 0


def mean_lightness(view) -> float:
    image = view.plot_widget.grab().toImage()
    step = 4
    values = [
        image.pixelColor(x, y).lightnessF()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    ]
    return sum(values) / len(values)


def test_the_dark_theme_draws_the_weights_on_a_dark_ground_in_blue_and_red(qtbot):
    """Zero weights (most of a tile) take the dark plot's background: the former blue-white-red
    map put a bright panel in the dark window. Negative stays blue, positive red."""
    view = HiddenWeightsView()
    qtbot.addWidget(view)
    view.resize(400, 400)
    view.show()
    view.set_weights(np.random.default_rng(0).normal(size=(784, 64)).astype(np.float32))
    for dark in (False, True):
        theme = make_theme(dark=dark)
        view.set_theme(theme)
        qtbot.wait(20)
        lightness = mean_lightness(view)
        ground = QColor(theme.plot_background).lightnessF()
        assert abs(lightness - ground) < 0.25, (dark, lightness, ground)
        colours = view.image.getColorMap().map([0.0, 1.0], mode="qcolor")
        negative, positive = colours
        assert negative.blue() > negative.red() and positive.red() > positive.blue()


def test_the_grid_takes_the_shape_of_its_box():
    assert grid_columns(36, 300, 300, 28, 2) == 6
    assert grid_columns(36, 600, 200, 28, 2) == 9  # 9 × 4: the largest tiles in a wide box
    assert grid_columns(36, 200, 600, 28, 2) == 4
    assert grid_columns(36, 0, 0, 28, 2) == 6  # not laid out yet: square


def test_the_grid_lies_whole_inside_a_wide_box(qtbot):
    view = HiddenWeightsView()
    qtbot.addWidget(view)
    view.resize(500, 200)
    view.show()
    view.set_weights(np.random.default_rng(0).normal(size=(784, 256)).astype(np.float32))
    qtbot.wait(20)
    box = view.plot.vb.sceneBoundingRect()
    shown = view.image.sceneBoundingRect()
    assert box.adjusted(4, 4, -4, -4).contains(shown)
    assert shown.width() > 2 * shown.height()  # a wide grid, not a 6 × 6 square
