"""Membership inference: can an attacker tell forget samples from data the model never saw?

- ``mia_auc``: a loss-threshold attack's ROC AUC separating forget samples (low loss = member)
  from unseen test samples of the same classes; 0.5 means no membership signal.
- ``mia_efficacy`` (SalUn, Fan et al. 2024): a logistic regression on confidence features,
  trained to tell retain samples (members) from test samples (non-members), is applied to the
  forget set; the figure is the fraction judged non-member. It is trivially 1.0 when the forget
  samples are all misclassified, so it says little beside the references' value.
"""

from __future__ import annotations

import numpy as np

from mugui.data.dataset import Dataset
from mugui.unlearning.forget_set import ForgetSet
from mugui.verification.logistic import fit_logistic
from mugui.verification.outputs import LOG_FLOOR, Outputs, cross_entropy, true_class_probs


def roc_auc(member_scores: np.ndarray, nonmember_scores: np.ndarray) -> float:
    """P(member score > non-member score) + ½ P(tie), by the Mann–Whitney rank sum."""
    members = np.asarray(member_scores, dtype=np.float64)
    nonmembers = np.asarray(nonmember_scores, dtype=np.float64)
    scores = np.concatenate([members, nonmembers])
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    ranks = (ends - (counts - 1) / 2.0)[inverse]  # 1-based ranks, ties share their mean rank
    n1, n0 = members.size, nonmembers.size
    return float((ranks[:n1].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def mia_auc(outputs: Outputs, dataset: Dataset, forget: ForgetSet) -> float | None:
    """Loss-threshold attack AUC: forget samples vs test samples of the forget set's classes."""
    forget_labels = dataset.train_y[forget.indices]
    unseen = np.isin(dataset.test_y, np.unique(forget_labels))
    if not unseen.any():
        return None
    forget_loss = cross_entropy(outputs.train[forget.indices], forget_labels)
    test_loss = cross_entropy(outputs.test[unseen], dataset.test_y[unseen])
    return roc_auc(-forget_loss, -test_loss)


def confidence_features(probs: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """[p of the true class, max p, entropy, loss] per sample: what a black-box attacker sees."""
    clipped = np.clip(probs, LOG_FLOOR, 1.0)
    entropy = -(probs * np.log(clipped)).sum(axis=1)
    p_true = true_class_probs(probs, labels)
    return np.column_stack([p_true, probs.max(axis=1), entropy, cross_entropy(probs, labels)])


def mia_efficacy(outputs: Outputs, dataset: Dataset, forget: ForgetSet) -> float:
    """Fraction of forget samples an attacker trained on retain-vs-test judges non-member.

    The attacker learns from every retain sample (the classes are weighted equally, so no random
    subsample is needed and the figure no longer depends on one). It reads confidence, so a
    forget sample the model misclassifies looks unseen: with forget accuracy 0 the figure is 1.0
    whatever the hidden layers still hold; compare it with the references (noise floor).
    """
    retain = forget.retain_indices()
    members = confidence_features(outputs.train[retain], dataset.train_y[retain])
    nonmembers = confidence_features(outputs.test, dataset.test_y)
    attack = fit_logistic(
        np.vstack([members, nonmembers]),
        np.concatenate([np.ones(len(members)), np.zeros(len(nonmembers))]),
    )
    targets = confidence_features(outputs.train[forget.indices], dataset.train_y[forget.indices])
    return float((attack.predict_proba(targets) < 0.5).mean())


def attack_losses(
    outputs: Outputs, dataset: Dataset, forget: ForgetSet
) -> tuple[np.ndarray, np.ndarray]:
    """The losses the threshold attack compares: forget samples (members) and unseen test samples
    of the same classes (non-members; every test sample for a random forget set)."""
    forget_labels = dataset.train_y[forget.indices]
    unseen = np.isin(dataset.test_y, np.unique(forget_labels))
    if not unseen.any():
        unseen = np.ones(dataset.n_test, dtype=bool)
    members = cross_entropy(outputs.train[forget.indices], forget_labels)
    return members, cross_entropy(outputs.test[unseen], dataset.test_y[unseen])
