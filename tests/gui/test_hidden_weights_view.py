"""Hidden-unit weights are tiled as 28×28 images, each scaled to its own largest weight."""

import numpy as np

from mugui.gui.hidden_weights_view import HiddenWeightsView, weight_mosaic


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
