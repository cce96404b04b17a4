"""Fixtures for verification tests: a small model trained on blobs, and a private reference cache."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.data.dataset import Dataset
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.unlearning.reference_cache import DEFAULT_CACHE
from mugui.unlearning.registry import METHODS, Method, UnlearnRequest, UnlearnResult
from mugui.verification.outputs import Outputs
from tests.conftest import make_blobs

SMALL = TrainConfig(hidden=32, epochs=3, batch_size=32)


@pytest.fixture(autouse=True)
def private_reference_cache(tmp_path, monkeypatch):
    """Each test starts with empty reference caches, so a reference is trained (and timed)."""
    monkeypatch.setenv("MUGUI_REFERENCE_CACHE", str(tmp_path / "references"))
    DEFAULT_CACHE.clear_memory()


def make_blob_data(n_train: int = 600, n_test: int = 300, seed: int = 0) -> Dataset:
    """The shared blobs, noisier (learnable in a few epochs, not perfectly)."""
    return make_blobs(n_train, n_test, seed, noise=90.0)


@pytest.fixture(scope="module")
def blob_data() -> Dataset:
    return make_blob_data()


@pytest.fixture(scope="module")
def blob_model(blob_data) -> Model:
    model, _ = train(blob_data, SMALL)
    return model


def zero_class_outputs(model: Model, digit: int) -> Model:
    """The output_zero idea by hand: the class's output weights and bias set to zero."""
    hidden = model.copy()
    w, b = hidden.layers()[-1]
    w[:, digit] = 0.0
    b[digit] = 0.0
    return hidden


def outputs_from(train_true_prob: np.ndarray, test_true_prob: np.ndarray, data: Dataset) -> Outputs:
    """Outputs whose true-class probability is given per sample, the rest spread evenly."""

    def rows(p_true, labels):
        probs = np.repeat(((1.0 - p_true) / 9.0)[:, None], 10, axis=1)
        probs[np.arange(labels.size), labels] = p_true
        return probs

    return Outputs(rows(train_true_prob, data.train_y), rows(test_true_prob, data.test_y))


@pytest.fixture
def tiny_method(monkeypatch):
    """Register a method (name, function) for one test only."""

    def add(name: str, func) -> str:
        def run(request: UnlearnRequest) -> UnlearnResult:
            return UnlearnResult(func(request), {"by": "test"})

        method = Method(name, name, "test method", "", "", (), run)
        monkeypatch.setitem(METHODS, name, method)
        return name

    return add
