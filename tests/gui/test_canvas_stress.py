"""Stress-set drawings drawn with the mouse on the window's canvas are read right by the default model.

The default drawing model (the window's default preset, trained once on the bundled digits)
must read at least 95 % of a sample of the stress set — drawings it never trained on — when
they arrive the way a user's do: mouse presses, moves and releases on the canvas widget,
preprocessed by the probe, the answer read from ``predictionLabel``; a "?" (unsure, or unlike
anything the model was trained on: the typicality check is on, as for a model trained in the
window) counts as wrong.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from mugui.drawing.stress_set import stress_drawing
from mugui.drawing.style_catalogue import STYLES
from mugui.gui.drawing_canvas import CANVAS_PIXELS
from mugui.gui.main_window import MainWindow
from mugui.typicality import typicality_of

PER_STYLE = 3  # 90 drawings
MIN_EVENT_GAP = 3.0  # canvas pixels between two mouse events, at least


@pytest.fixture
def default_model(healthy_default_mlp):
    return healthy_default_mlp  # trained once for the session (tests/conftest.py), only read


def mouse_path(points: np.ndarray, origin: np.ndarray, scale: float) -> list[QPoint]:
    """Widget positions along ``points`` (canvas pixels), at least MIN_EVENT_GAP apart."""
    kept = [points[0]]
    for p in points[1:-1]:
        if np.hypot(*(p - kept[-1])) >= MIN_EVENT_GAP:
            kept.append(p)
    if len(points) > 1:
        kept.append(points[-1])
    return [QPoint(*np.rint(origin + p * scale).astype(int).tolist()) for p in kept]


def draw_on(window: MainWindow, strokes) -> None:
    canvas = window.probe.canvas
    side = min(canvas.width(), canvas.height())
    origin = np.array([(canvas.width() - side) / 2, (canvas.height() - side) / 2])
    scale = side / CANVAS_PIXELS
    for points, widths in strokes:
        window.probe.brush.setValue(int(round(float(np.mean(widths)))))  # the slider's brush
        path = mouse_path(points, origin, scale)
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, path[0])
        for position in path[1:]:
            QTest.mouseMove(canvas, position)
        QTest.mouseRelease(
            canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, path[-1]
        )


def test_stress_drawings_drawn_through_the_canvas_are_read_right(qtbot, default_model):
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    assert typicality_of(default_model) is not None  # the check is on for this model
    window.set_model(default_model)
    label = window.findChild(QLabel, "predictionLabel")
    assert label is not None
    answers, wrong = [], []
    for index, style in enumerate(STYLES):
        for k in range(PER_STYLE):
            drawing = stress_drawing(index, k)
            window.probe.clear()
            draw_on(window, drawing.strokes)
            assert window.probe.canvas.stroke_count == len(drawing.strokes)
            window.probe.predict_now()
            said = label.text()
            answers.append(said == str(style.digit))
            if not answers[-1]:
                wrong.append(f"{style.name}#{k} → {said!r}")
    accuracy = float(np.mean(answers))
    print(f"canvas: {accuracy:.1%} of {len(answers)} stress drawings right; wrong: {wrong}")
    assert len(answers) == PER_STYLE * len(STYLES)
    assert accuracy >= 0.95, f"{accuracy:.1%} right; wrong: {wrong}"
