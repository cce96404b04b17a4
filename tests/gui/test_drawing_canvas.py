"""The drawing canvas: the left mouse button draws ink, strokes can be undone and cleared."""

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from mugui.gui.drawing_canvas import CANVAS_PIXELS, DrawingCanvas


def drag(widget, points, button=Qt.MouseButton.LeftButton):
    QTest.mousePress(widget, button, Qt.KeyboardModifier.NoModifier, QPoint(*points[0]))
    for x, y in points[1:]:
        QTest.mouseMove(widget, QPoint(x, y))
    QTest.mouseRelease(widget, button, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1]))


def make_canvas(qtbot):
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(CANVAS_PIXELS, CANVAS_PIXELS)
    canvas.show()
    qtbot.waitExposed(canvas)
    return canvas


def test_a_new_canvas_is_black_and_empty(qtbot):
    canvas = make_canvas(qtbot)
    assert canvas.objectName() == "drawingCanvas"
    assert canvas.is_empty()
    ink = canvas.array()
    assert ink.shape == (CANVAS_PIXELS, CANVAS_PIXELS) and ink.dtype == np.float32
    assert ink.max() == 0.0


def test_dragging_with_the_left_button_draws_white_ink_where_the_mouse_went(qtbot):
    canvas = make_canvas(qtbot)
    arrays = []
    canvas.changed.connect(arrays.append)
    drag(canvas, [(140, 40), (140, 100), (140, 160), (140, 240)])
    ink = canvas.array()
    assert canvas.stroke_count == 1
    assert ink[140, 140] > 0.9 and ink.max() <= 1.0
    assert ink[140, 20] == 0.0
    assert arrays and np.array_equal(arrays[-1], ink)


def test_the_right_button_does_not_draw(qtbot):
    canvas = make_canvas(qtbot)
    drag(canvas, [(100, 100), (200, 200)], button=Qt.MouseButton.RightButton)
    assert canvas.is_empty() and canvas.array().max() == 0.0


def test_undo_removes_only_the_last_stroke_and_clear_removes_all(qtbot):
    canvas = make_canvas(qtbot)
    drag(canvas, [(60, 40), (60, 240)])
    drag(canvas, [(220, 40), (220, 240)])
    assert canvas.array()[140, 220] > 0.9
    canvas.undo_stroke()
    ink = canvas.array()
    assert canvas.stroke_count == 1
    assert ink[140, 220] == 0.0 and ink[140, 60] > 0.9
    canvas.clear()
    assert canvas.is_empty() and canvas.array().max() == 0.0


def test_brush_size_sets_the_stroke_width(qtbot):
    canvas = make_canvas(qtbot)
    canvas.set_brush_size(8)
    drag(canvas, [(140, 40), (140, 240)])
    thin = int((canvas.array()[140] > 0.5).sum())
    canvas.clear()
    canvas.set_brush_size(40)
    drag(canvas, [(140, 40), (140, 240)])
    thick = int((canvas.array()[140] > 0.5).sum())
    assert 6 <= thin <= 10 and 38 <= thick <= 42


def test_a_larger_widget_maps_the_mouse_to_the_same_canvas_pixels(qtbot):
    canvas = make_canvas(qtbot)
    canvas.resize(2 * CANVAS_PIXELS, 2 * CANVAS_PIXELS)
    drag(canvas, [(280, 80), (280, 480)])
    assert canvas.array()[140, 140] > 0.9
