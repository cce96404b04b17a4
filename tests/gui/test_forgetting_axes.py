"""The Forgetting tab's axes read as the training tab's: whole steps, and the per-class bars'
0 and 100 % as well as 50 %."""

import numpy as np
from PySide6 import QtGui

from mugui.gui.forgetting_live_view import ForgettingLiveView


def drawn_labels(plot, side: str) -> list[str]:
    """The tick labels the axis draws now (pyqtgraph leaves out those that do not fit)."""
    canvas = QtGui.QImage(8, 8, QtGui.QImage.Format.Format_ARGB32)
    painter = QtGui.QPainter(canvas)
    try:
        _, _, texts = plot.getAxis(side).generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _, _, text in texts]


def test_a_one_step_method_reads_in_whole_steps_and_percentages(qtbot):
    """SSD forgets in one step: its axis read "0, 0.2, 0.4 … 1.0" steps, and the bars below
    "50%" alone."""
    view = ForgettingLiveView()
    qtbot.addWidget(view)
    view.resize(700, 700)
    view.show()
    qtbot.waitExposed(view)
    view.reset((5,))
    view.add_point(0, 0.99, 0.99, 0.95, np.full(10, 0.95))
    view.add_point(1, 0.66, 0.99, 0.92, np.full(10, 0.9))
    qtbot.wait(20)
    steps = drawn_labels(view.curve_plot, "bottom")
    assert steps and all(label.isdigit() for label in steps), steps
    assert drawn_labels(view.bar_plot, "left") == ["0", "50", "100"]
    assert view.bar_panel.title.text() == "Per-class test accuracy, % (forgotten in red)"
