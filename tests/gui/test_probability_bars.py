"""Probability bars: the big label names the predicted digit, nothing for an empty canvas, "?" to abstain."""

import numpy as np
from PySide6.QtCore import Qt

from mugui.gui.probability_bars import ProbabilityBars


def probabilities(top, p):
    values = np.full(10, (1 - p) / 9)
    values[top] = p
    return values


def test_the_label_shows_the_most_probable_digit(qtbot):
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    label = bars.findChild(type(bars._label), "predictionLabel")
    assert label.text() == ""
    bars.set_probabilities(probabilities(7, 0.9))
    assert label.text() == "7"
    bars.set_probabilities(None)
    assert label.text() == ""


def test_a_threshold_abstains_with_a_question_mark(qtbot):
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.set_probabilities(probabilities(3, 0.4))
    assert bars.prediction_text == "3"
    bars.set_abstain_threshold(0.5)
    assert bars.prediction_text == "?"
    bars.set_probabilities(probabilities(3, 0.6))
    assert bars.prediction_text == "3"


def test_it_paints_without_errors(qtbot):
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.resize(300, 200)
    bars.set_probabilities(probabilities(1, 0.7))
    assert not bars.grab().isNull()


def test_forgotten_answer_policy_changes_what_a_forgotten_class_reads(qtbot):
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    confident_five = np.array([0.01] * 5 + [0.91] + [0.01] * 4)
    bars.set_probabilities(confident_five)
    bars.set_answer_policy("argmax", (5,))
    assert bars.prediction_text == "5"
    bars.set_answer_policy("forgotten", (5,))
    assert bars.prediction_text == "forgotten"
    bars.set_answer_policy("abstain", (5,))
    assert bars.prediction_text == "?"
    bars.set_answer_policy("forgotten", ())
    assert bars.prediction_text == "5"


def test_an_unusual_input_counts_as_unsure_and_names_its_reason(qtbot):
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.set_abstain_threshold(0.5)
    bars.set_probabilities(probabilities(4, 0.99), unusual="unlike anything it was trained on")
    assert bars.prediction_text == "?"
    assert bars.reason == "unlike anything it was trained on"
    label = bars.findChild(type(bars._label), "predictionLabel")
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.toolTip() == "abstains: unlike anything it was trained on"
    bars.set_answer_policy("forgotten", (4,))
    assert bars.prediction_text == "forgotten"
    bars.set_answer_policy("argmax", ())
    bars.set_abstain_threshold(0.0)
    assert bars.prediction_text == "4" and bars.reason == ""
