"""What a model made to forget a class answers when it meets that class."""

import numpy as np
import pytest

from mugui.forgotten_answer import answer, forgotten_classes

CONFIDENT_5 = np.array([0.01] * 5 + [0.91] + [0.01] * 4)
UNSURE_3 = np.array([0.1, 0.1, 0.1, 0.25, 0.1, 0.05, 0.1, 0.1, 0.05, 0.05])


def test_argmax_shows_the_leftover_knowledge():
    said = answer(CONFIDENT_5, forgotten=(5,), policy="argmax")
    assert (said.text, said.digit) == ("5", 5)


def test_argmax_shows_a_forgotten_class_the_refitted_check_finds_unusual():
    # after unlearning the check knows only the retained classes, so a drawn 5 is "unusual";
    # under argmax the leftover 5 is the answer (it read "?" and hid what the model still knows)
    said = answer(CONFIDENT_5, (5,), "argmax", abstain_below=0.5, atypical=True)
    assert (said.text, said.digit) == ("5", 5)
    # anything else unusual still abstains, and so do the other policies
    assert answer(CONFIDENT_5, (), "argmax", abstain_below=0.5, atypical=True).text == "?"
    assert answer(CONFIDENT_5, (3,), "argmax", abstain_below=0.5, atypical=True).text == "?"
    assert answer(CONFIDENT_5, (5,), "abstain", abstain_below=0.5, atypical=True).text == "?"
    assert answer(CONFIDENT_5, (5,), "forgotten", 0.5, atypical=True).text == "forgotten"
    # an unsure forgotten class stays unsure
    assert answer(UNSURE_3, (3,), "argmax", abstain_below=0.5, atypical=True).text == "?"


def test_forgotten_policy_names_a_forgotten_class_instead_of_predicting_it():
    assert answer(CONFIDENT_5, forgotten=(5,), policy="forgotten").text == "forgotten"
    # an unsure answer of a model that forgot something also reads "forgotten"
    assert answer(UNSURE_3, (5,), "forgotten", abstain_below=0.5).text == "forgotten"
    # a model that forgot nothing answers normally
    assert answer(CONFIDENT_5, (), "forgotten").text == "5"


def test_abstain_policy_answers_a_question_mark():
    assert answer(CONFIDENT_5, (5,), "abstain").text == "?"
    assert answer(UNSURE_3, (), "argmax", abstain_below=0.5).text == "?"
    assert answer(UNSURE_3, (5,), "abstain", abstain_below=0.2).text == "3"


def test_forgotten_classes_come_from_the_unlearning_metadata():
    assert forgotten_classes({"unlearning": {"forget": {"classes": [5]}}}) == (5,)
    assert forgotten_classes({"unlearning": {"forget": {"classes": "5"}}}) == ()
    assert forgotten_classes({}) == ()
    with pytest.raises(ValueError):
        answer(CONFIDENT_5, (5,), "guess")
