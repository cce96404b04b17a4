"""The runs: live events in order, a result at the end, cancellation that changes nothing."""

import threading

import numpy as np
import pytest

from mugui.runs.events import ForgetCurvePoint, RelearnPoint, RunDone, RunProgress, run_to_end
from mugui.runs.relearn import relearn_events
from mugui.runs.unlearn import UnlearnOutcome, UnlearnSpec, unlearn_events
from mugui.training.control import RunControl
from mugui.unlearning.forget_set import forget_class
from mugui.unlearning.reference_cache import retrain_reference
from mugui.unlearning.registry import Cancelled

from .conftest import SMALL, zero_class_outputs


def test_unlearning_streams_progress_and_forget_curve_then_the_outcome(blob_data, blob_model):
    forget = forget_class(blob_data, 5)
    original = blob_model.params.copy()
    spec = UnlearnSpec(
        blob_model, blob_data, forget, "random_labels", {"epochs": 3, "lr": 0.05}, config=SMALL
    )
    events = list(unlearn_events(spec))
    assert isinstance(events[0], RunProgress) and isinstance(events[-1], RunDone)
    curve = [e for e in events if isinstance(e, ForgetCurvePoint)]
    assert [p.step for p in curve] == list(range(len(curve))) and len(curve) >= 3
    assert curve[0].forget_accuracy > 0.5 and curve[-1].forget_accuracy < curve[0].forget_accuracy
    assert curve[0].per_class_accuracy.shape == (10,)
    fractions = [e.fraction for e in events if isinstance(e, RunProgress)]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    outcome = events[-1].result
    assert isinstance(outcome, UnlearnOutcome) and outcome.seconds > 0
    assert outcome.params["epochs"] == 3 and outcome.forget is forget
    assert np.array_equal(blob_model.params, original)


def test_stopping_an_unlearning_raises_cancelled_and_keeps_the_original(blob_data, blob_model):
    forget = forget_class(blob_data, 5)
    original = blob_model.params.copy()
    control = RunControl()
    spec = UnlearnSpec(
        blob_model, blob_data, forget, "gradient_ascent", {"epochs": 20}, config=SMALL
    )
    events = unlearn_events(spec, control)
    with pytest.raises(Cancelled):
        for event in events:
            if isinstance(event, ForgetCurvePoint) and event.step == 1:
                control.stop()
    assert np.array_equal(blob_model.params, original)


def test_closing_a_run_early_stops_its_worker_thread(blob_data, blob_model):
    forget = forget_class(blob_data, 5)
    spec = UnlearnSpec(
        blob_model, blob_data, forget, "gradient_ascent", {"epochs": 50}, config=SMALL
    )
    control = RunControl()
    events = unlearn_events(spec, control)
    for event in events:
        if isinstance(event, ForgetCurvePoint) and event.step == 1:
            break
    events.close()
    assert control.is_stopped
    assert not any(t.name == "mugui-run" for t in threading.enumerate())


def test_relearn_race_yields_both_models_step_by_step(blob_data, blob_model):
    forget = forget_class(blob_data, 5)
    hidden = zero_class_outputs(blob_model, 5)
    reference = retrain_reference(blob_data, SMALL, forget, seed=1)
    events = list(relearn_events(hidden, reference, blob_model, blob_data, forget, SMALL))
    points = [e for e in events if isinstance(e, RelearnPoint)]
    outcomes = events[-1].result
    for who in ("unlearned", "reference"):
        steps = [p.step for p in points if p.who == who]
        assert steps == list(range(len(steps)))
        assert outcomes[who].steps == len(steps) - 1
    assert outcomes["unlearned"].steps < outcomes["reference"].steps


def test_run_to_end_returns_the_result_and_shows_every_event(blob_data, blob_model):
    forget = forget_class(blob_data, 5)
    seen = []
    spec = UnlearnSpec(blob_model, blob_data, forget, "output_zero", config=SMALL)
    outcome = run_to_end(unlearn_events(spec), seen.append)
    assert isinstance(outcome, UnlearnOutcome) and isinstance(seen[-1], RunDone)


def test_a_finished_helper_thread_never_stops_the_shared_control(monkeypatch):
    """The helper thread may still be alive after handing over its result (seen under load: the
    timing repeats then found the control stopped); the control must stay usable."""
    import mugui.runs.background as background

    monkeypatch.setattr(background.threading.Thread, "is_alive", lambda self: True)
    control = RunControl()
    assert run_to_end(background.callback_events(lambda emit: emit(RunDone(1)), control)) == 1
    assert not control.is_stopped
