"""Relearn time: hidden knowledge comes back in a few steps, absent knowledge takes longer."""

import pytest

from mugui.training.control import RunControl
from mugui.unlearning.forget_set import forget_class
from mugui.unlearning.reference_cache import retrain_reference
from mugui.unlearning.registry import Cancelled
from mugui.unlearning.relearn import relearn

from .conftest import SMALL, zero_class_outputs


def test_relearning_counts_the_steps_until_the_forget_set_is_known_again(blob_data, blob_model):
    forget = forget_class(blob_data, 5)
    for model in (zero_class_outputs(blob_model, 5), retrain_reference(blob_data, SMALL, forget)):
        result = relearn(model, blob_model, blob_data, forget, SMALL)
        assert result.steps is not None and result.steps >= 1
        assert result.curve[0] < 0.1 and result.curve[-1] >= result.target
        assert all(a < result.target for a in result.curve[:-1])
        assert len(result.curve) == result.steps + 1


def test_a_model_that_still_knows_the_forget_set_needs_no_steps(blob_data, blob_model):
    result = relearn(
        blob_model, blob_model, blob_data, forget_class(blob_data, 5), SMALL, on="forget"
    )
    assert result.steps == 0


def test_relearning_stops_at_max_steps_and_on_cancel(blob_data, blob_model):
    forget = forget_class(blob_data, 5)
    zeroed = zero_class_outputs(blob_model, 5)
    bounded = relearn(zeroed, blob_model, blob_data, forget, SMALL.replace(lr=1e-6), max_steps=5)
    assert bounded.steps is None and len(bounded.curve) == 6
    control = RunControl()
    control.stop()
    with pytest.raises(Cancelled):
        relearn(zeroed, blob_model, blob_data, forget, SMALL, control=control)
