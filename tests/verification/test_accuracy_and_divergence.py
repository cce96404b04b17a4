"""Accuracies split by forget/retain/test and forgotten class; JS divergence between outputs."""

import numpy as np
import pytest

from mugui.unlearning.forget_set import forget_class, forget_count, forget_random
from mugui.verification.accuracy import accuracies
from mugui.verification.divergence import js_divergence

from .conftest import outputs_from


def test_accuracies_split_forget_retain_and_the_forgotten_class(blob_data):
    forget = forget_class(blob_data, 7)
    wrong_on_7 = np.where(blob_data.train_y == 7, 0.01, 0.9)
    test_wrong_on_7 = np.where(blob_data.test_y == 7, 0.01, 0.9)
    figures = accuracies(outputs_from(wrong_on_7, test_wrong_on_7, blob_data), blob_data, forget)
    assert figures["forget_accuracy"] == 0.0
    assert figures["retain_accuracy"] == 1.0
    assert figures["test_forget_accuracy"] == 0.0
    assert figures["test_retain_accuracy"] == 1.0
    assert figures["test_accuracy"] == pytest.approx(1 - np.mean(blob_data.test_y == 7))


def test_random_samples_have_no_forgotten_class(blob_data):
    forget = forget_random(blob_data, 50)
    ones = np.full(blob_data.n_train, 0.9)
    figures = accuracies(
        outputs_from(ones, np.full(blob_data.n_test, 0.9), blob_data), blob_data, forget
    )
    assert forget.target_classes(blob_data.train_y) == ()
    assert figures["test_forget_accuracy"] is None
    assert figures["test_retain_accuracy"] == figures["test_accuracy"] == 1.0


def test_a_count_of_one_class_looks_at_that_class(blob_data):
    assert forget_count(blob_data, 6, 10).target_classes(blob_data.train_y) == (6,)


def test_js_divergence_is_zero_for_identical_and_one_for_disjoint_outputs():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(10), size=100)
    assert js_divergence(p, p) == pytest.approx(0.0, abs=1e-12)
    a, b = np.eye(10)[np.zeros(5, int)], np.eye(10)[np.ones(5, int)]
    assert js_divergence(a, b) == pytest.approx(1.0)
    q = rng.dirichlet(np.ones(10), size=100)
    assert js_divergence(p, q) == pytest.approx(js_divergence(q, p))
    assert 0.0 < js_divergence(p, q) < 1.0
