"""Noise floors: verdicts against the references' spread and doing nothing, hand-computed cases."""

import pytest

from mugui.runs.events import run_to_end
from mugui.runs.unlearn import UnlearnSpec, unlearn_events
from mugui.runs.verify import DEFAULT_SEEDS, verify_events
from mugui.unlearning.forget_set import forget_class
from mugui.verification.noise_floor import distance_floor, figure_floor

from .conftest import SMALL


@pytest.mark.parametrize(
    ("unlearned", "references", "nothing", "verdict"),
    [
        (0.50, [0.49, 0.51, 0.50], 0.90, "indistinguishable"),  # mean 0.5, sd 0.0082, band 0.016
        (0.60, [0.49, 0.51, 0.50], 0.90, "between"),
        (0.95, [0.49, 0.51, 0.50], 0.90, "no_better_than_nothing"),
        (0.90, [0.49, 0.51, 0.50], 0.90, "no_better_than_nothing"),
        (0.70, [0.49, 0.51, 0.50], 0.505, "no_signal"),  # the original is inside the band
        (0.0, [0.0, 0.0, 0.0], 0.98, "indistinguishable"),
        (0.001, [0.0], 0.98, "between"),  # one reference: no spread, only an exact match counts
    ],
)
def test_figure_verdicts(unlearned, references, nothing, verdict):
    floor = figure_floor(unlearned, references, nothing)
    assert floor["verdict"] == verdict
    assert floor["reference_mean"] == pytest.approx(sum(references) / len(references))
    assert floor["do_nothing"] == nothing


def test_distance_floor_uses_the_references_own_distances():
    assert distance_floor(0.005, [0.004, 0.008], 0.013)["verdict"] == "indistinguishable"
    assert distance_floor(0.011, [0.004, 0.008], 0.013)["verdict"] == "between"
    assert distance_floor(0.014, [0.004, 0.008], 0.013)["verdict"] == "no_better_than_nothing"
    assert figure_floor(None, [0.5], 0.5) is None


def test_doing_nothing_is_never_indistinguishable_and_the_json_carries_the_floor(
    blob_data, blob_model, tiny_method
):
    forget = forget_class(blob_data, 5)
    spec = UnlearnSpec(
        blob_model, blob_data, forget, tiny_method("noop", lambda r: r.model), config=SMALL
    )
    outcome = run_to_end(unlearn_events(spec))
    report = run_to_end(verify_events(blob_model, outcome, blob_data, config=SMALL))
    assert DEFAULT_SEEDS >= 3 and len(report["reference_seeds"]) == DEFAULT_SEEDS
    assert SMALL.seed not in report["reference_seeds"]
    floor = report["noise_floor"]
    assert floor["forget_accuracy"]["verdict"] == "no_better_than_nothing"
    assert floor["forget_accuracy"]["do_nothing"] == report["before"]["forget_accuracy"]
    assert floor["avg_gap"]["verdict"] == "no_better_than_nothing"
    assert {f["verdict"] for f in floor.values()} <= {"no_better_than_nothing", "no_signal"}
    for key in ("reference_mean", "reference_sd", "do_nothing", "verdict"):
        assert key in floor["retain_accuracy"]
