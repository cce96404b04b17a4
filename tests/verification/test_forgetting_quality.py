"""The NeurIPS 2023 forgetting-quality score: retrain vs retrain scores high, doing nothing scores 0."""

import numpy as np
import pytest

from mugui.errors import UnlearningError
from mugui.unlearning.forget_set import forget_class
from mugui.unlearning.reference_cache import retrain_reference
from mugui.verification.forgetting_quality import (
    EPSILON_CAP,
    example_epsilons,
    example_epsilons_grid,
    forget_score,
    forgetting_quality,
    logit_confidence,
    logit_confidence_from_logits,
    logits64,
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


def _challenge_epsilon(pos: np.ndarray, neg: np.ndarray, delta: float = 1e-5) -> float:
    """One sample's ε written out the way the challenge's scoring code reads (an independent oracle):
    every threshold of its 0.01 grids, counted by broadcast comparison, not by sorting."""
    spread_p, spread_n = np.ptp(pos), np.ptp(neg)
    if min(spread_p, spread_n) / max(spread_p, spread_n) < 0.01:
        return 50.0
    peaky, other = (neg, pos) if spread_p >= spread_n else (pos, neg)
    width = min(spread_p, spread_n)
    lo, hi = peaky.min() + width - 2.0, peaky.max() + 2.0
    right = np.linspace(lo, hi, int(np.ceil((hi - lo) * 100)))
    left = right[:, None] - width + np.linspace(-2.0, 2.0, 400)[None, :]
    right = np.broadcast_to(right[:, None], left.shape)

    def between(values):
        return ((left[..., None] <= values) & (values <= right[..., None])).mean(-1).ravel()

    pooled = np.concatenate([pos, neg])
    cuts = np.linspace(pooled.min(), pooled.max(), int(np.ceil(np.ptp(pooled) * 100)))
    tpr = np.concatenate([between(peaky), (pos[None, :] >= cuts[:, None]).mean(1)])
    fpr = np.concatenate([between(other), (neg[None, :] >= cuts[:, None]).mean(1)])
    fnr = 1 - tpr
    with np.errstate(divide="ignore", invalid="ignore"):
        eps = np.maximum(
            np.log(1 - delta - fpr) - np.log(fnr), np.log(1 - delta - fnr) - np.log(fpr)
        )
    eps = np.clip(eps, 0.0, None)
    eps = np.where((fpr == 0) & (fnr == 0), np.inf, np.where((fpr == 0) | (fnr == 0), np.nan, eps))
    assert not np.isnan(eps).all()
    return min(float(np.nanmax(eps)), 50.0)


def test_a_hand_computed_shift_by_one_gives_ln_2():
    """Unlearned 0,1,2,3 vs retrained 1,2,3,4: the best cut (t = 2) has FPR ½, FNR ¼, so
    ε = ln((1 − δ − ½)/¼) ≈ ln 2, which earns ½ point with N = 4 (buckets up to ⌈ln 3⌉ = 2)."""
    unlearned = np.array([[0.0], [1.0], [2.0], [3.0]])
    retrained = unlearned + 1.0
    expected = np.log((1 - 1e-5 - 0.5) / 0.25)
    for scorer in (example_epsilons, example_epsilons_grid):
        eps = scorer(unlearned, retrained)
        assert eps[0] == pytest.approx(expected, abs=1e-9)
        assert forget_score(eps, 4) == 0.5


def test_tied_confidences_score_as_the_challenge_scores_them():
    """Ties left an empty left-threshold cell counted as an attack (ε inflated, F too low)."""
    rng = np.random.default_rng(3)
    unlearned = rng.integers(0, 4, (8, 16)).astype(float)
    retrained = rng.integers(1, 5, (8, 16)).astype(float)
    positive = np.median(retrained, 0) > np.median(unlearned, 0)
    pos, neg = np.where(positive, retrained, unlearned), np.where(positive, unlearned, retrained)
    oracle = np.array([_challenge_epsilon(pos[:, k], neg[:, k]) for k in range(16)])
    np.testing.assert_allclose(example_epsilons(unlearned, retrained), oracle, atol=1e-9)
    np.testing.assert_allclose(example_epsilons_grid(unlearned, retrained), oracle, atol=1e-9)
    assert forget_score(example_epsilons(unlearned, retrained), 8) == forget_score(oracle, 8)


def test_the_score_is_refused_where_every_attack_is_discarded():
    same = np.ones((4, 3))
    with pytest.raises(UnlearningError, match="undefined"):
        example_epsilons(same, same)
    with pytest.raises(UnlearningError, match="undefined"):
        example_epsilons_grid(same, same)


def test_float64_logit_confidence_matches_probabilities_where_float32_is_exact(
    blob_data, blob_model
):
    images, labels = blob_data.train_x[:50], blob_data.train_y[:50]
    from_logits = logit_confidence_from_logits(logits64(blob_model, images), labels)
    from_probs = logit_confidence(blob_model.predict_proba(images), labels)
    moderate = np.abs(from_probs) < 8
    np.testing.assert_allclose(from_logits[moderate], from_probs[moderate], atol=1e-3)


def test_references_never_use_the_original_seed(blob_data, blob_model, monkeypatch, tiny_method):
    import mugui.verification.forgetting_quality as fq

    seeds = []
    real = fq.retrain_reference

    def spy(dataset, config, forget, seed, **options):
        seeds.append(seed)
        return real(dataset, config, forget, seed, **options)

    monkeypatch.setattr(fq, "retrain_reference", spy)
    forget = forget_class(blob_data, 2)
    quality = forgetting_quality(
        blob_model, tiny_method("nothing", lambda r: r.model), {}, blob_data, forget, SMALL, n=4,
        mode="challenge",
    )  # fmt: skip
    assert sorted(seeds) == [1, 2, 3, 4] and SMALL.seed not in seeds
    assert quality.to_dict()["mode"] == "challenge"
