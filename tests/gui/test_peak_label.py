"""The peak label's collision test: a segment that passes through a rectangle counts, with or
without an end inside; one that passes by does not; a lone point counts only inside."""

import numpy as np
from PySide6.QtCore import QRectF

from mugui.gui.peak_label import crosses

RECT = QRectF(10, 10, 20, 10)  # x 10..30, y 10..20


def test_a_segment_through_the_rectangle_crosses_it_even_with_both_ends_outside():
    assert crosses(np.array([[0.0, 15.0, 40.0, 15.0]]), RECT)  # straight through
    assert crosses(np.array([[5.0, 5.0, 35.0, 25.0]]), RECT)  # diagonally through
    assert crosses(np.array([[15.0, 15.0, 50.0, 50.0]]), RECT)  # one end inside


def test_a_segment_passing_by_or_a_point_outside_does_not_cross():
    assert not crosses(np.array([[0.0, 0.0, 40.0, 5.0]]), RECT)  # above
    assert not crosses(np.array([[0.0, 18.0, 12.0, 30.0]]), RECT)  # past a corner, boxes overlap
    assert not crosses(np.array([[40.0, 15.0, 40.0, 15.0]]), RECT)  # a point beside
    assert crosses(np.array([[20.0, 15.0, 20.0, 15.0]]), RECT)  # a point inside
    assert not crosses(np.zeros((0, 4)), RECT)
