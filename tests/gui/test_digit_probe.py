"""Drawing on the probe shows the model's 28×28 input and its prediction as you draw."""

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from mugui.drawing.preprocess import to_model_input
from mugui.gui.digit_probe import DigitProbe
from mugui.model import Model


class ConstantModel:
    """Stands in for a trained model: always the same probabilities."""

    def __init__(self, digit):
        self.probabilities = np.full((1, 10), 0.01, np.float32)
        self.probabilities[0, digit] = 0.91

    def predict_proba(self, x):
        assert x.shape == (1, 784) and x.dtype == np.float32
        return self.probabilities


def draw_one(canvas):
    w, h = canvas.width(), canvas.height()
    QTest.mousePress(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(w // 2, h // 5)
    )
    for step in range(1, 21):
        QTest.mouseMove(canvas, QPoint(w // 2, h // 5 + step * (3 * h // 5) // 20))
    QTest.mouseRelease(
        canvas,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(w // 2, 4 * h // 5),
    )


def make_probe(qtbot):
    probe = DigitProbe()
    qtbot.addWidget(probe)
    probe.resize(340, 640)
    probe.show()
    qtbot.waitExposed(probe)
    return probe


def label_text(probe):
    return probe.bars.findChild(type(probe.bars._label), "predictionLabel").text()


def test_the_input_view_shows_exactly_the_engines_preprocessing(qtbot):
    probe = make_probe(qtbot)
    draw_one(probe.canvas)
    qtbot.waitUntil(lambda: probe.input_view.pixels().max() > 0, timeout=2_000)
    probe.predict_now()
    expected = np.rint(to_model_input(probe.canvas.array()) * 255).astype(np.uint8)
    assert np.array_equal(probe.input_view.pixels(), expected)


def test_a_prediction_appears_while_drawing_and_disappears_on_clear(qtbot):
    probe = make_probe(qtbot)
    probe.set_model(ConstantModel(1))
    assert label_text(probe) == ""
    draw_one(probe.canvas)
    qtbot.waitUntil(lambda: label_text(probe) == "1", timeout=2_000)
    probe.clear_button.click()
    qtbot.waitUntil(lambda: label_text(probe) == "", timeout=2_000)
    assert probe.input_view.pixels().max() == 0


def test_without_a_model_there_is_no_prediction_but_a_hint(qtbot):
    probe = make_probe(qtbot)
    draw_one(probe.canvas)
    probe.predict_now()
    assert label_text(probe) == "" and "Train" in probe.status.text()


def test_undo_and_brush_controls_act_on_the_canvas(qtbot):
    probe = make_probe(qtbot)
    probe.brush.setValue(30)
    assert probe.canvas.brush_size == 30
    draw_one(probe.canvas)
    probe.undo_button.click()
    assert probe.canvas.is_empty()


def test_the_abstain_threshold_turns_a_weak_prediction_into_a_question_mark(qtbot):
    probe = make_probe(qtbot)
    probe.set_model(ConstantModel(4))
    draw_one(probe.canvas)
    probe.predict_now()
    assert label_text(probe) == "4"
    probe.abstain.setValue(95)
    assert label_text(probe) == "?"


def test_a_real_model_classifies_the_drawing_within_milliseconds(qtbot):
    probe = make_probe(qtbot)
    probe.abstain.setValue(0)  # an untrained model is unsure of everything
    probe.set_model(Model.init((784, 32, 10), seed=0))
    draw_one(probe.canvas)
    probe.predict_now()
    probe.predict_now()
    assert label_text(probe) in {str(d) for d in range(10)}
    assert probe.last_latency_ms < 50


def test_while_kernels_compile_the_probe_draws_but_waits_to_classify(qtbot):
    probe = make_probe(qtbot)
    probe.set_model(ConstantModel(2))
    probe.set_ready(False)
    draw_one(probe.canvas)
    probe.predict_now()
    assert label_text(probe) == "" and "Preparing" in probe.status.text()
    probe.set_ready(True)
    assert label_text(probe) == "2" and probe.status.text() == ""


def test_the_canvas_says_forgotten_for_a_forgotten_class_when_asked(qtbot):
    probe = DigitProbe()
    qtbot.addWidget(probe)
    model = Model.init((784, 16, 10), 0)
    _, (w, b) = model.layers()
    w[:] = 0.0
    b[:] = 0.0
    b[5] = 5.0  # a model that sees a 5 in everything
    model.meta["unlearning"] = {"forget": {"classes": [5]}}
    probe.set_model(model)
    probe.canvas.set_brush_size(20)
    ink = np.zeros_like(probe.canvas.array())
    ink[100:180, 120:140] = 1.0
    probe._on_canvas_changed(ink)
    probe.predict_now()
    assert probe.bars.prediction_text == "5"
    probe.forgotten_answer.setCurrentIndex(probe.forgotten_answer.findData("forgotten"))
    assert probe.bars.prediction_text == "forgotten"
    probe.forgotten_answer.setCurrentIndex(probe.forgotten_answer.findData("abstain"))
    assert probe.bars.prediction_text == "?"


def confident_model_with_typicality(threshold: float) -> Model:
    """A model that sees a 5 in everything (p ≈ 0.99), with typicality statistics fitted for its
    weights on a few noise images and then given ``threshold``."""
    from mugui.typicality import META_KEY, Source, Typicality, fit_typicality

    model = Model.init((784, 16, 10), 0)
    _, (w, b) = model.layers()
    w[:] = 0.0
    b[:] = 0.0
    b[5] = 5.0
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (200, 784), dtype=np.uint8)
    labels = np.arange(200) % 10
    stats = fit_typicality(model, [Source("noise", images, labels, images, labels)])
    assert stats is not None
    record = stats.to_meta()
    forced = {"threshold": threshold, "spread_threshold": threshold}  # the MLP's class spreads too
    record["components"] = [{**c, **forced} for c in record["components"]]
    if "prototypes" in record:
        record["prototypes"] = {**record["prototypes"], "threshold": threshold}
    assert Typicality.from_meta(record) is not None
    model.meta[META_KEY] = record
    return model


def draw_bar(probe):
    probe.canvas.set_brush_size(20)
    ink = np.zeros_like(probe.canvas.array())
    ink[100:180, 120:140] = 1.0
    probe._on_canvas_changed(ink)
    probe.predict_now()


def test_a_drawing_unlike_the_training_data_gets_a_question_mark_with_the_reason(qtbot):
    probe = make_probe(qtbot)
    probe.set_model(confident_model_with_typicality(threshold=-1.0))  # nothing is typical
    draw_bar(probe)
    assert label_text(probe) == "?"
    assert probe.status.textFormat() == Qt.TextFormat.PlainText
    assert probe.status.text() == '"?": unlike anything it was trained on.'
    probe.abstain.setValue(0)  # "off" turns the model's abstaining off, the check included
    assert label_text(probe) == "5" and probe.status.text() == ""


def test_the_check_passes_typical_drawings_and_is_dropped_for_changed_weights(qtbot):
    probe = make_probe(qtbot)
    model = confident_model_with_typicality(threshold=1e30)  # everything is typical
    probe.set_model(model)
    draw_bar(probe)
    assert label_text(probe) == "5" and probe.status.text() == ""
    flagging = confident_model_with_typicality(threshold=-1.0)
    flagging.params[0] += np.float32(0.5)  # other weights: the statistics no longer apply
    probe.set_model(flagging)
    assert label_text(probe) == "5"
