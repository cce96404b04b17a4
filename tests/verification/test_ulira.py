"""The per-example attack: likelihood ratios from shadow models of both worlds, and its accuracy."""

import numpy as np
import pytest

from mugui.runs.events import run_to_end
from mugui.runs.unlearn import UnlearnSpec, unlearn_events
from mugui.runs.verify import verify_events
from mugui.unlearning.forget_set import forget_class
from mugui.verification.ulira import ulira_accuracy

from .conftest import SMALL


def test_separated_worlds_are_told_apart_and_identical_ones_are_not():
    rng = np.random.default_rng(0)
    unlearned = rng.normal(5.0, 1.0, (8, 200))
    retrained = rng.normal(0.0, 1.0, (8, 200))
    apart = ulira_accuracy(
        unlearned, retrained, [rng.normal(5.0, 1.0, 200)], [rng.normal(0.0, 1.0, 200)]
    )
    assert apart["accuracy"] > 0.95
    same = ulira_accuracy(
        unlearned - 5.0, retrained, [rng.normal(0.0, 1.0, 200)], [rng.normal(0.0, 1.0, 200)]
    )
    assert same["accuracy"] == pytest.approx(0.5, abs=0.08)


def test_verification_runs_the_attack_with_shadow_models(blob_data, blob_model):
    forget = forget_class(blob_data, 5)
    spec = UnlearnSpec(blob_model, blob_data, forget, "output_zero", config=SMALL)
    outcome = run_to_end(unlearn_events(spec))
    report = run_to_end(
        verify_events(blob_model, outcome, blob_data, config=SMALL, seeds=1, ulira_shadows=2)
    )
    attack = report["ulira"]
    assert attack["shadows"] == 2 and attack["targets"] == 2
    assert 0.0 <= attack["accuracy"] <= 1.0
