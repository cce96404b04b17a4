"""Per-class accuracy bars on a fixed 0–100 % scale."""

import numpy as np

from mugui.gui.per_class_plot import PerClassPlot


def test_bars_show_each_class_accuracy(qtbot):
    plot = PerClassPlot()
    qtbot.addWidget(plot)
    assert plot.findChild(type(plot.plot_widget), "perClassPlot") is plot.plot_widget
    accuracy = np.linspace(0.5, 0.95, 10)
    plot.set_accuracy(accuracy)
    assert np.allclose(plot.accuracy, accuracy)
    low, high = plot.plot.viewRange()[1]
    assert low <= 0.0 and 1.0 <= high < 1.1
    plot.clear()
    assert plot.accuracy.max() == 0.0


def test_a_missing_class_counts_as_zero(qtbot):
    plot = PerClassPlot()
    qtbot.addWidget(plot)
    accuracy = np.full(10, 0.9)
    accuracy[4] = np.nan
    plot.set_accuracy(accuracy)
    assert plot.accuracy[4] == 0.0
