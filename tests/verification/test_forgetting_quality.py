"""The NeurIPS 2023 forgetting-quality score: retrain vs retrain scores high, doing nothing scores 0."""

import numpy as np
import pytest

from mugui.unlearning.forget_set import forget_class
from mugui.unlearning.reference_cache import retrain_reference
from mugui.verification.forgetting_quality import (
    EPSILON_CAP,
    example_epsilons,
    forget_score,
    forgetting_quality,
    logit_confidence,
)

from .conftest import SMALL


def test_points_halve_per_half_unit_of_epsilon_up_to_ln_n_minus_one():
    # N = 16: ⌈ln 15⌉ = 3, so six buckets of 0.5 earn 1, ½, ¼, ⅛, 1/16, 1/32 and ε >= 3 earns 0.
    eps = np.array([0.0, 0.49, 0.5, 1.2, 2.99, 3.0, EPSILON_CAP])
    points = [forget_score(np.array([e]), 16) for e in eps]
    assert points == [1.0, 1.0, 0.5, 0.25, 1 / 32, 0.0, 0.0]


def test_logit_confidence_is_log_odds_of_the_true_class():
    probs = np.array([[0.8, 0.2] + [0.0] * 8, [0.1] * 10])
    conf = logit_confidence(probs, np.array([0, 3]))
    assert conf == pytest.approx([np.log(4.0), np.log(1 / 9)])


def test_identical_populations_score_far_better_than_separated_ones():
    rng = np.random.default_rng(0)
    same = forget_score(
        example_epsilons(rng.normal(size=(16, 300)), rng.normal(size=(16, 300))), 16
    )
    apart = forget_score(
        example_epsilons(rng.normal(size=(16, 300)) + 4, rng.normal(size=(16, 300))), 16
    )
    assert same > 0.15
    assert apart < 0.02


def test_a_deterministic_population_gets_the_epsilon_cap():
    rng = np.random.default_rng(1)
    constant = np.repeat(rng.normal(size=(1, 50)), 8, axis=0)
    assert (example_epsilons(constant, rng.normal(size=(8, 50))) == EPSILON_CAP).all()


def test_retrain_versus_retrain_is_high_and_the_untouched_original_is_low(
    blob_data, blob_model, tiny_method
):
    forget = forget_class(blob_data, 2)

    def retrain(request):
        return retrain_reference(
            request.dataset, request.config, request.forget, request.config.seed
        )

    exact = forgetting_quality(
        blob_model, tiny_method("exact", retrain), {}, blob_data, forget, SMALL, n=6
    )
    nothing = forgetting_quality(
        blob_model, tiny_method("nothing", lambda r: r.model), {}, blob_data, forget, SMALL, n=6
    )
    assert exact.forget_score > 0.1
    assert exact.score == pytest.approx(exact.forget_score, rel=0.1)
    assert nothing.forget_score == 0.0
    assert nothing.to_dict()["n"] == 6
