"""A typicality fit on rows the non-digit gate was already fitted on reuses that gate: the gate
learns from pixels only, with a fixed seed, so it is the same for every model of those rows."""

from __future__ import annotations

import numpy as np
import pytest

from mugui import non_digit_gate_memo
from mugui.model import Model
from mugui.non_digit_gate import fit_gate
from mugui.training.config import TrainConfig
from mugui.typicality import Source, fit_typicality
from tests.conftest import make_blobs


@pytest.fixture
def sources() -> list[Source]:
    data = make_blobs(n_train=600, n_test=400)
    non_digits = np.random.default_rng(1).integers(0, 256, (150, 784)).astype(np.uint8)
    labels = np.full(150, 10, np.uint8)
    return [
        Source("digits", data.train_x, data.train_y, data.test_x, data.test_y),
        Source("non-digits", non_digits, labels, non_digits[:0], labels[:0], non_digits=True),
    ]


def test_a_second_model_of_the_same_rows_gets_the_same_gate_and_other_rows_their_own(
    sources, monkeypatch
):
    monkeypatch.setattr(non_digit_gate_memo, "_GATES", {}, raising=False)  # a fresh process
    first = fit_typicality(Model.init(TrainConfig(hidden=16).spec, seed=0), sources)
    second = fit_typicality(Model.init(TrainConfig(hidden=32).spec, seed=1), sources)
    assert first is not None and second is not None and first.gate is not None
    assert second.gate is first.gate  # not fitted again (a new fit makes new arrays)
    fresh = fit_gate([sources[0].train_x], sources[1].train_x, [sources[0].held_x])
    assert fresh is not None
    for name in ("hidden_weights", "hidden_bias", "out_weights", "out_bias", "threshold"):
        np.testing.assert_array_equal(getattr(first.gate, name), getattr(fresh, name))
    assert not first.gate.hidden_weights.flags.writeable  # models share it: nobody changes it

    changed = sources[1].train_x.copy()
    changed[0, 0] ^= 1  # one pixel of one non-digit: other rows, a gate of their own
    digits, non_digits = sources
    other = Source("non-digits", changed, non_digits.train_y, changed[:0], non_digits.held_y,
                   non_digits=True)  # fmt: skip
    third = fit_typicality(Model.init(TrainConfig(hidden=16).spec, seed=0), [digits, other])
    assert third is not None and third.gate is not None and third.gate is not first.gate
    fresh = fit_gate([digits.train_x], changed, [digits.held_x])
    assert fresh is not None
    np.testing.assert_array_equal(third.gate.hidden_weights, fresh.hidden_weights)
