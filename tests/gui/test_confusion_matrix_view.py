"""The confusion matrix heatmap: counts in the cells, colours on fixed levels."""

import numpy as np

from mugui.gui.confusion_matrix_view import ConfusionMatrixView


def test_cells_show_counts_and_levels_stay_fixed(qtbot):
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    assert view.findChild(type(view.plot_widget), "confusionPlot") is view.plot_widget
    confusion = np.diag(np.full(10, 180)) + 2
    confusion[3, 5] = 17
    view.set_counts(confusion)
    assert view.cell_text(0, 0) == "182"
    assert view.cell_text(3, 5) == "17"
    assert view.levels == (0.0, 1.0)
    view.set_counts(confusion * 10)
    assert view.levels == (0.0, 1.0)
    assert int(view.counts.sum()) == int(confusion.sum()) * 10


def test_zero_cells_stay_blank(qtbot):
    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    view.set_counts(np.diag(np.arange(1, 11)))
    assert view.cell_text(0, 1) == ""
    assert view.cell_text(9, 9) == "10"
