"""DigitProbe: draw a digit, see the 28×28 image the model gets and what the model thinks of it."""

from __future__ import annotations

import time

import numpy as np
import shiboken6
from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from mugui.calibration import calibrated_proba
from mugui.deskew import model_inputs
from mugui.drawing.ink_check import ink_problem
from mugui.drawing.preprocess import is_blank, to_model_input
from mugui.forgotten_answer import POLICIES, POLICY_TITLES, forgotten_classes
from mugui.gui.controls import combo_box, push_button, wrapping_label
from mugui.gui.drawing_canvas import DEFAULT_BRUSH, DrawingCanvas
from mugui.gui.model_input_view import ModelInputView
from mugui.gui.probability_bars import ProbabilityBars
from mugui.gui.theme import Theme
from mugui.model import Model
from mugui.typicality import UNLIKE_TRAINING, Typicality, typicality_of

THROTTLE_MS = 15
DEFAULT_ABSTAIN_PERCENT = 50.0  # "?" below 50% calibrated confidence
INPUT_EMS = 8.5  # side of the model-input view, in font point sizes
COMPACT_INPUT_EMS = 7
STATUS_LINES = 2


class DigitProbe(QWidget):
    """The right column: canvas with brush size, clear and undo; the model's input; its prediction.

    Predictions are throttled: a stroke is classified at once, then at most every ``THROTTLE_MS``
    ms (the last change always gets its prediction), so a fast mouse never queues up work.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.canvas = DrawingCanvas(self)
        self.brush = QSlider(Qt.Orientation.Horizontal, self)
        self.brush.setObjectName("brushSlider")
        self.brush.setRange(6, 48)
        self.brush.setValue(DEFAULT_BRUSH)
        self.brush.setToolTip("Brush size")
        self.undo_button = push_button(
            self, "Undo", "undoStrokeButton", "Undo stroke: remove the last stroke (Ctrl+Z)"
        )
        self.clear_button = push_button(
            self, "Clear", "clearCanvasButton", "Clear the canvas (Ctrl+L)"
        )
        self.input_view = ModelInputView(self)
        self.input_view.setFixedSize(100, 100)
        self.bars = ProbabilityBars(self)
        self.abstain = QDoubleSpinBox(self)
        self.abstain.setObjectName("abstainSpin")
        self.abstain.setRange(0.0, 100.0)
        self.abstain.setDecimals(0)
        self.abstain.setSingleStep(5.0)
        self.abstain.setPrefix("below ")
        self.abstain.setSuffix(" %")
        self.abstain.setSpecialValueText("off")
        self.abstain.setValue(DEFAULT_ABSTAIN_PERCENT)
        self.abstain.setToolTip(
            'Show "?" when the model\'s top probability is below this. The probabilities are\n'
            "calibrated (temperature scaling fitted when the model was trained), so 50% means\n"
            "the model is right about half the time at that confidence. A drawing unlike\n"
            "anything the model was trained on (far from every class in its hidden layer)\n"
            'also gets "?", unless this is off. A dot or a dash too short to be a digit\n'
            'always gets "?".'
        )
        self.forgotten_answer = combo_box(self, "forgottenAnswerCombo")
        # as wide as its longest answer: never elided
        self.forgotten_answer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for policy in POLICIES:
            self.forgotten_answer.addItem(POLICY_TITLES[policy], policy)
        self.forgotten_answer.setToolTip(
            "What a model made to forget a class answers when you draw that class:\n"
            'the most probable class (any leftover knowledge shows), the word "forgotten",\n'
            'or "?" (also when it is unsure, below the abstain threshold).'
        )
        self.status = wrapping_label(self, "hint")

        self._point_size = 10.0
        self.brush_label = QLabel("Brush", self)
        self.input_label = QLabel("Model input (28×28)", self)
        self.input_label.setWordWrap(True)  # as wide as the view, on two lines if need be
        self.abstain_label = QLabel("Abstain", self)
        self.forgotten_label = QLabel("Forgotten class", self)
        self.forgotten_label.setWordWrap(True)
        self.compact = False
        self._arrange()

        self._model: Model | None = None
        self._typicality: Typicality | None = None
        self._ready = True
        self._ink = self.canvas.array()
        self.last_latency_ms = float("nan")
        self._last_prediction = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.predict_now)
        self.canvas.changed.connect(self._on_canvas_changed)
        self.brush.valueChanged.connect(self.canvas.set_brush_size)
        self.undo_button.clicked.connect(self.canvas.undo_stroke)
        self.clear_button.clicked.connect(self.canvas.clear)
        self.abstain.valueChanged.connect(self._set_threshold)
        self.bars.set_abstain_threshold(self.abstain.value() / 100)
        self.forgotten_answer.currentIndexChanged.connect(self._apply_answer_policy)
        self._show_status()

    def set_compact(self, compact: bool) -> None:
        """Lay the probe out in a row (canvas, controls, bars) to sit under the plots."""
        if compact != self.compact:
            self.compact = compact
            self._arrange()
            self._size_input_view()

    def _arrange(self) -> None:
        """Put the widgets in a column (right of the plots) or a row (under them)."""
        old = self.layout()
        if old is not None:
            shiboken6.delete(old)  # deletes the layouts only; the widgets stay children of self
        brush = QHBoxLayout()
        brush.addWidget(self.brush_label)
        brush.addWidget(self.brush, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.clear_button)
        if self.compact:
            abstain = QHBoxLayout()
            abstain.addWidget(self.abstain_label)
            abstain.addWidget(self.abstain, 1)
            forgotten = QHBoxLayout()
            forgotten.addWidget(self.forgotten_label)
            forgotten.addWidget(self.forgotten_answer, 1)
            drawing = QVBoxLayout()
            drawing.addWidget(self.canvas, 1)
            controls = QVBoxLayout()
            for part in (brush, buttons, abstain, forgotten):
                controls.addLayout(part)
            # the status beside the model's input, not under it: a row under the plots is too
            # short for both (at 1024×700 a wrapped status was drawn over the input view)
            seen = QHBoxLayout()
            seen.addWidget(self.input_view)
            seen.addWidget(self.status, 1)
            controls.addLayout(seen)
            layout = QHBoxLayout(self)
            layout.addLayout(drawing, 3)
            layout.addLayout(controls, 0)
            layout.addWidget(self.bars, 4)
        else:
            tools = QHBoxLayout()
            tools.addLayout(brush, 1)
            tools.addLayout(buttons)
            seen = QVBoxLayout()
            seen.addWidget(self.input_label)
            seen.addWidget(self.input_view)
            seen.addStretch(1)
            # each setting's name above its control: beside the model's input a column is
            # too narrow for both side by side in presentation mode (they were cut there)
            side = QVBoxLayout()
            for widget in (
                self.abstain_label,
                self.abstain,
                self.forgotten_label,
                self.forgotten_answer,
            ):
                side.addWidget(widget)
            side.addWidget(self.status, 1)
            middle = QHBoxLayout()
            middle.addLayout(seen)
            middle.addLayout(side, 1)
            layout = QVBoxLayout(self)
            layout.addWidget(self.canvas, 5)
            layout.addLayout(tools)
            layout.addLayout(middle)
            layout.addWidget(self.bars, 3)
        layout.setContentsMargins(0, 0, 0, 0)
        self.input_label.setVisible(not self.compact)  # in a row the view's tooltip names it

    def set_ready(self, ready: bool) -> None:
        """While not ready (kernels still compiling) the canvas draws but nothing is classified,
        so that the GUI thread never waits for a compiler."""
        self._ready = ready
        self._show_status()
        if ready:
            self.predict_now()

    def set_model(self, model: Model | None) -> None:
        """Probe ``model`` from now on (the canvas is re-classified at once)."""
        self._model = model
        # None unless fitted for these very weights (an unlearned model is refitted, or has none)
        self._typicality = typicality_of(model) if model is not None else None
        self._apply_answer_policy()
        self._show_status()
        self.predict_now()

    @Slot(float)
    def _set_threshold(self, percent: float) -> None:
        self.bars.set_abstain_threshold(percent / 100)
        self._show_status()

    @Slot()
    def _apply_answer_policy(self) -> None:
        forgotten = forgotten_classes(getattr(self._model, "meta", {}))
        self.bars.set_answer_policy(self.forgotten_answer.currentData(), forgotten)
        self._show_status()

    def clear(self) -> None:
        self.canvas.clear()

    def set_theme(self, theme: Theme) -> None:
        self._point_size = theme.point_size
        self.bars.set_theme(theme)
        self._size_input_view()
        # room for a two-line status ("?" and why) however short the column: it was squeezed
        # to one line and cut in presentation mode on a 1280×720 screen
        self.status.setMinimumHeight(STATUS_LINES * QFontMetrics(theme.font()).lineSpacing())

    def _size_input_view(self) -> None:
        side = int(self._point_size * (COMPACT_INPUT_EMS if self.compact else INPUT_EMS))
        self.input_view.setFixedSize(side, side)

    @Slot(object)
    def _on_canvas_changed(self, ink: np.ndarray) -> None:
        self._ink = ink
        if self._timer.isActive():
            return
        since_ms = (time.perf_counter() - self._last_prediction) * 1000
        if since_ms >= THROTTLE_MS:
            self.predict_now()
        else:
            self._timer.start(int(THROTTLE_MS - since_ms) + 1)

    @Slot()
    def predict_now(self) -> None:
        """Preprocess the canvas, show the model's input and classify it (about a millisecond)."""
        started = time.perf_counter()
        self._timer.stop()
        if not self._ready:
            return
        if is_blank(self._ink):
            self.input_view.set_image(np.zeros((28, 28), np.float32))
            self.bars.set_probabilities(None)
        else:
            image = to_model_input(self._ink)
            # the view shows what the model sees: deskewed too for a model trained deskewed
            seen = model_inputs(getattr(self._model, "meta", {}), image.reshape(1, -1))
            self.input_view.set_image(seen.reshape(28, 28))
            if self._model is None:
                self.bars.set_probabilities(None)
            else:
                probabilities = calibrated_proba(self._model, image.reshape(1, -1))[0]
                problem = ink_problem(self._ink)
                unusual = (
                    UNLIKE_TRAINING
                    if not problem
                    and self._typicality is not None
                    and self._typicality.atypical(self._model, image.reshape(1, -1))[0]
                    else ""
                )
                self.bars.set_probabilities(probabilities, abstain=problem, unusual=unusual)
        self._show_status()
        self._last_prediction = time.perf_counter()
        self.last_latency_ms = (self._last_prediction - started) * 1000

    def _show_status(self) -> None:
        if not self._ready:
            text = "Preparing the drawing kernels…"
        elif self._model is None:
            text = "Train or load a model to see its predictions."
        elif self.bars.reason:
            text = f'"?": {self.bars.reason}.' if self.bars.prediction_text == "?" else ""
        else:
            text = ""
        self.status.setText(text)
