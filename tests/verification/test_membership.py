"""Membership inference: the loss-threshold AUC and SalUn's MIA-efficacy on cases with known answers."""

import numpy as np
import pytest

from mugui.unlearning.forget_set import forget_class, forget_random
from mugui.verification.membership import mia_auc, mia_efficacy, roc_auc
from mugui.verification.outputs import Outputs

from .conftest import outputs_from


def test_roc_auc_is_one_for_perfect_separation_and_half_for_identical_scores():
    rng = np.random.default_rng(0)
    assert roc_auc(np.array([3.0, 4.0, 5.0]), np.array([0.0, 1.0, 2.0])) == 1.0
    assert roc_auc(np.array([0.0, 1.0]), np.array([2.0, 3.0])) == 0.0
    assert roc_auc(np.ones(50), np.ones(70)) == 0.5
    scores = rng.normal(size=(2, 4000))
    assert roc_auc(scores[0], scores[1]) == pytest.approx(0.5, abs=0.03)


def test_a_model_that_memorised_the_forget_set_gives_auc_near_one(blob_data):
    forget = forget_class(blob_data, 3)
    rng = np.random.default_rng(1)
    train_p = np.where(blob_data.train_y == 3, 0.999, 0.9)
    test_p = rng.uniform(0.2, 0.9, blob_data.n_test)
    assert mia_auc(outputs_from(train_p, test_p, blob_data), blob_data, forget) == 1.0


def test_identical_loss_distributions_give_auc_near_half(blob_data):
    forget = forget_random(blob_data, 200, seed=2)
    rng = np.random.default_rng(2)
    outputs = outputs_from(
        rng.uniform(0.1, 1.0, blob_data.n_train), rng.uniform(0.1, 1.0, blob_data.n_test), blob_data
    )
    assert mia_auc(outputs, blob_data, forget) == pytest.approx(0.5, abs=0.07)


def test_mia_auc_compares_with_test_samples_of_the_same_classes_only(blob_data):
    forget = forget_class(blob_data, 4)
    # Test samples of other classes have a tiny loss; only class 4's test samples count.
    train_p = np.full(blob_data.n_train, 0.6)
    test_p = np.where(blob_data.test_y == 4, 0.6, 0.9999)
    assert mia_auc(outputs_from(train_p, test_p, blob_data), blob_data, forget) == 0.5


def test_mia_efficacy_judges_unconfident_forget_samples_non_members(blob_data):
    forget = forget_class(blob_data, 1)
    rng = np.random.default_rng(3)
    members = rng.uniform(0.95, 1.0, blob_data.n_train)
    unseen = rng.uniform(0.05, 0.6, blob_data.n_test)
    forgotten = np.where(blob_data.train_y == 1, 0.1, members)
    remembered = members
    assert mia_efficacy(outputs_from(forgotten, unseen, blob_data), blob_data, forget) > 0.95
    assert mia_efficacy(outputs_from(remembered, unseen, blob_data), blob_data, forget) < 0.05


def test_collapsed_outputs_count_as_uniform(blob_data):
    forget = forget_class(blob_data, 2)
    nan = np.full((blob_data.n_train, 10), np.nan)
    outputs = Outputs.of(
        type("Broken", (), {"predict_proba": lambda self, x: nan[: len(x)]})(), blob_data
    )
    assert np.allclose(outputs.train, 0.1)
    assert mia_auc(outputs, blob_data, forget) == 0.5


def test_mia_efficacy_learns_from_every_retain_sample(blob_data, monkeypatch):
    """It used to draw a random subsample of the retain set (0.09–0.37 for one model by seed)."""
    import mugui.verification.membership as membership

    rows = []
    real = membership.fit_logistic

    def spy(x, y, *args, **kwargs):
        rows.append(len(x))
        return real(x, y, *args, **kwargs)

    monkeypatch.setattr(membership, "fit_logistic", spy)
    forget = forget_class(blob_data, 3)
    probs = np.full(10, 0.1)
    outputs = outputs_from(probs[blob_data.train_y], probs[blob_data.test_y], blob_data)
    membership.mia_efficacy(outputs, blob_data, forget)
    assert rows == [forget.retain_indices().size + blob_data.n_test]
