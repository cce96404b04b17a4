"""A confusion-matrix cell's gallery shows the digits the matrix counted, whichever model is current."""

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from tests.gui.conftest import train_small


def click_cell(window, true, predicted):
    view = window.confusion.plot_widget
    point = window.confusion.plot.vb.mapViewToScene(QPointF(predicted, true))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(point))


def test_after_another_model_becomes_current_a_cell_still_opens_the_matrix_models_digits(
    qtbot, lab_window
):
    """After a Forget or a snapshot click the current model is not the one the matrix shows:
    the gallery opened "True 4, predicted 9: 7 misclassified" under a cell that read 5."""
    window = lab_window
    train_small(qtbot, window, epochs=1)
    first = window.lab.timeline.snapshots[-1]
    train_small(qtbot, window, epochs=4)
    counts = window.confusion.counts.copy()
    window.lab.make_current(first)  # the canvas and the next Forget use the first run now
    assert window.model is first.model
    data = window.dataset
    guesses = first.model.predict_proba(data.test_x).argmax(axis=1)
    theirs = np.zeros((10, 10), int)
    np.add.at(theirs, (data.test_y, guesses), 1)
    differ = np.abs(theirs - counts) - 1000 * np.eye(10, dtype=int)  # off the diagonal
    true, predicted = np.unravel_index(int(differ.argmax()), counts.shape)
    assert theirs[true, predicted] != counts[true, predicted]
    click_cell(window, true, predicted)
    qtbot.waitUntil(window.gallery.isVisible, timeout=2_000)
    assert window.gallery.count == counts[true, predicted]
    window.gallery.close()
