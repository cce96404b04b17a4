"""A per-example membership attack in the style of U-LiRA (Hayes et al. 2024): can an attacker who
knows the unlearning method tell the unlearned model from a retrained one, sample by sample?

Shadow models stand for both worlds: originals trained with the forget set and then unlearned by
the same method ("unlearned" shadows), and models retrained without it ("retrained" shadows, the
verification's references). For every forget sample the attacker fits a Gaussian to its scaled
confidence ``log p_y − log Σ p_other`` in each world (one variance per world, pooled over the
samples, as LiRA does with few shadows), and calls a target "unlearned" where that likelihood is
the larger. Its accuracy over held-out targets of both kinds is the figure: 0.5 means the attack
cannot tell unlearning from retraining; 1.0 means every forget sample gives the method away. The
population loss-threshold ``mia_auc`` asks something else (forget vs unseen test samples of one
model) and has little power at this scale.
"""

from __future__ import annotations

import numpy as np

MIN_SPREAD = 1e-3


def _gaussian_log_density(x: np.ndarray, mean: np.ndarray, sd: float) -> np.ndarray:
    return -0.5 * ((x - mean) / sd) ** 2 - np.log(sd)


def ulira_scores(
    unlearned_shadows: np.ndarray, retrained_shadows: np.ndarray, target: np.ndarray
) -> np.ndarray:
    """Per-sample log-likelihood ratio "unlearned" vs "retrained" for one target's confidences.

    Shadows are (K, samples) confidences; ``target`` is (samples,).
    """
    mu_u, mu_r = unlearned_shadows.mean(axis=0), retrained_shadows.mean(axis=0)
    sd_u = max(float(np.std(unlearned_shadows - mu_u)), MIN_SPREAD)
    sd_r = max(float(np.std(retrained_shadows - mu_r)), MIN_SPREAD)
    return _gaussian_log_density(target, mu_u, sd_u) - _gaussian_log_density(target, mu_r, sd_r)


def ulira_accuracy(
    unlearned_shadows: np.ndarray,
    retrained_shadows: np.ndarray,
    unlearned_targets: list[np.ndarray],
    retrained_targets: list[np.ndarray],
) -> dict:
    """The attack's balanced accuracy over every (target, forget sample) decision."""
    hits_u = [
        float((ulira_scores(unlearned_shadows, retrained_shadows, t) > 0).mean())
        for t in unlearned_targets
    ]
    hits_r = [
        float((ulira_scores(unlearned_shadows, retrained_shadows, t) <= 0).mean())
        for t in retrained_targets
    ]
    return {
        "accuracy": 0.5 * (float(np.mean(hits_u)) + float(np.mean(hits_r))),
        "on_unlearned": float(np.mean(hits_u)),
        "on_retrained": float(np.mean(hits_r)),
        "shadows": int(unlearned_shadows.shape[0]),
        "targets": len(unlearned_targets) + len(retrained_targets),
        "reads": "0.5: cannot tell unlearned from retrained; 1.0: every forget sample gives it away",
    }
