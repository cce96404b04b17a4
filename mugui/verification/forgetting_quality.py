"""The NeurIPS 2023 Machine Unlearning challenge's forgetting-quality score.

As in the official scoring (google-deepmind/unlearning_evaluation, ``metric.py``): the method is
run N times from the same original model (different seeds) and N references are retrained from
scratch with different seeds. For each forget sample, the logit-scaled confidence
``log p_y − log Σ_{j≠y} p_j`` under the N unlearned and the N retrained models forms two samples of
N values; single-threshold and two-threshold (interval) attacks try to tell them apart and give
ε = max over attacks of max(log(1−δ−FPR) − log FNR, log(1−δ−FNR) − log FPR), δ = 1e-5. Attacks
with exactly one of FPR, FNR zero are discarded, perfect separation gives ε = ∞, and a
distribution 100× peakier than the other (e.g. a deterministic method) gets the cap ε = 50. A
sample earns 2/2^⌈…⌉ points: 1 for ε in [0, 0.5), ½ for [0.5, 1), … halving per 0.5 up to
⌈ln(N−1)⌉, 0 beyond. F is the mean over the forget set and the final score is
F · (RA_u / RA_r) · (TA_u / TA_r) with mean retain and test accuracies.

The official code scans 0.01-spaced grids of thresholds on confidences from float64 logits; mode
"challenge" does the same. Mode "exact" (the default) evaluates every distinct decision such a
scan can make (a cut between two observed confidences; none between tied values) exactly,
vectorised over the forget set, so N = 16…64 costs milliseconds on top of training the models.
Where every attack on a sample is discarded the score is refused, as the official code refuses.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.parallel import run_parallel
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.reference_cache import reference_seeds, retrain_reference
from mugui.unlearning.registry import Cancelled, UnlearnRequest, run_method
from mugui.verification.outputs import safe_probs, true_class_probs

DELTA = 1e-5
EPSILON_CAP = 50.0
BUCKET_WIDTH = 0.5
PEAKY_RATIO = 0.01
BUFFER = 2.0  # the two-threshold attack's interval length is the peakier spread ± BUFFER
TINY = 1e-45
UNLEARN_SEED_OFFSET = 100_003  # unlearning runs use seeds disjoint from the references'
MIN_MODELS = 3
CHUNK_CELLS = 1 << 20


def logit_confidence(probs: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """log p_y − log Σ_{j≠y} p_j per sample (the LiRA-style scaled confidence)."""
    probs = safe_probs(probs)
    p_true = true_class_probs(probs, labels)
    others = probs.copy()
    others[np.arange(labels.shape[0]), labels.astype(np.int64)] = 0.0
    return np.log(p_true + TINY) - np.log(others.sum(axis=1) + TINY)


def _epsilons_from_rates(fpr: np.ndarray, fnr: np.ndarray, delta: float) -> np.ndarray:
    """ε per attack; ∞ for perfect separation, NaN for discarded attacks."""
    with np.errstate(divide="ignore", invalid="ignore"):
        eps = np.fmax(
            np.log(1.0 - delta - fpr) - np.log(fnr), np.log(1.0 - delta - fnr) - np.log(fpr)
        )
    eps = np.clip(eps, 0.0, None)
    eps = np.where((fpr * fnr == 0.0), np.nan, eps)
    return np.where((fpr == 0.0) & (fnr == 0.0), np.inf, eps)


def _sorted_pool(pos: np.ndarray, neg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per sample (rows), the 2N confidences sorted, and 1 where a value came from ``pos``."""
    values = np.concatenate([pos, neg], axis=0).T  # (S, 2N)
    labels = np.concatenate([np.ones_like(pos), np.zeros_like(neg)], axis=0).T
    order = np.argsort(values, axis=1, kind="stable")
    return np.take_along_axis(values, order, 1), np.take_along_axis(labels, order, 1)


def _single_threshold_eps(pos: np.ndarray, neg: np.ndarray, delta: float) -> np.ndarray:
    """Max ε over rules "confidence ≥ t is positive"; ``pos`` has the larger median."""
    n = pos.shape[0]
    values, labels = _sorted_pool(pos, neg)
    above_pos = np.cumsum(labels[:, ::-1], axis=1)[:, ::-1]  # positives in values[k:]
    above_neg = np.cumsum(1 - labels[:, ::-1], axis=1)[:, ::-1]
    cut_possible = np.ones_like(values, dtype=bool)
    cut_possible[:, 1:] = values[:, 1:] > values[:, :-1]
    eps = _epsilons_from_rates(above_neg / n, 1.0 - above_pos / n, delta)
    eps = np.where(cut_possible, eps, np.nan)
    return _nanmax_rows(eps)


def _double_threshold_eps(pos: np.ndarray, neg: np.ndarray, delta: float) -> np.ndarray:
    """Max ε over rules "l ≤ confidence ≤ r is positive", positive being the peakier sample.

    As officially: the interval length is the peakier spread w ± BUFFER and its right end lies
    in [min + w − BUFFER, max + BUFFER] of the peakier sample.
    """
    n = pos.shape[0]
    pos_spread, neg_spread = np.ptp(pos, axis=0), np.ptp(neg, axis=0)
    swap = pos_spread >= neg_spread
    peaky = np.where(swap, neg, pos)
    other = np.where(swap, pos, neg)
    width = np.minimum(pos_spread, neg_spread)[:, None, None]
    r_low = (peaky.min(axis=0)[:, None, None] + width) - BUFFER
    r_high = peaky.max(axis=0)[:, None, None] + BUFFER
    values, labels = _sorted_pool(peaky, other)
    m = values.shape[1]
    padded = np.pad(values, ((0, 0), (1, 1)), constant_values=(-np.inf, np.inf))
    inside_pos = np.pad(np.cumsum(labels, axis=1), ((0, 0), (1, 0)))
    i = np.arange(m)[:, None]  # interval holds values[i:j]
    j = np.arange(1, m + 1)[None, :]
    # r ∈ [values[j−1], values[j]) ∩ [r_low, r_high], l ∈ (values[i−1], values[i]].
    r_from = np.maximum(padded[:, j], r_low)  # padded[:, j] == values[j−1]
    r_to = np.minimum(padded[:, j + 1], r_high)
    l_from, l_to = padded[:, i], padded[:, i + 1]
    possible = (
        (j > i)[None]
        & (l_from < l_to)  # between tied values there is no room for a left threshold
        & (r_from < r_to)
        & (r_from - l_to <= width + BUFFER)
        & (r_to - l_from > width - BUFFER)
    )
    tp = inside_pos[:, j] - inside_pos[:, i]
    fp = (j - i)[None] - tp
    eps = _epsilons_from_rates(fp / n, 1.0 - tp / n, delta)
    eps = np.where(possible, eps, np.nan)
    return _nanmax_rows(eps.reshape(eps.shape[0], -1))


def _nanmax_rows(eps: np.ndarray) -> np.ndarray:
    kept = np.where(np.isnan(eps), -np.inf, eps).max(axis=1)
    return np.where(np.isneginf(kept), np.nan, kept)


def _positive_negative(
    unlearned: np.ndarray, retrained: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per sample, the population with the higher median confidence first (the attack's positives)."""
    if unlearned.shape != retrained.shape or unlearned.shape[0] < MIN_MODELS:
        raise UnlearningError(
            f"need two (N, samples) confidence arrays with N >= {MIN_MODELS}, "
            f"got {unlearned.shape} and {retrained.shape}"
        )
    retrain_positive = np.median(retrained, axis=0) > np.median(unlearned, axis=0)
    pos = np.where(retrain_positive, retrained, unlearned)
    neg = np.where(retrain_positive, unlearned, retrained)
    return pos, neg


def example_epsilons(
    unlearned: np.ndarray, retrained: np.ndarray, delta: float = DELTA
) -> np.ndarray:
    """ε per forget sample from confidences (N models, S samples) of both populations."""
    pos, neg = _positive_negative(unlearned, retrained)
    chunk = max(1, CHUNK_CELLS // (2 * pos.shape[0]) ** 2)  # bounds the (S, 2N, 2N) arrays
    eps = np.concatenate(
        [
            np.fmax(
                _single_threshold_eps(pos[:, s : s + chunk], neg[:, s : s + chunk], delta),
                _double_threshold_eps(pos[:, s : s + chunk], neg[:, s : s + chunk], delta),
            )
            for s in range(0, pos.shape[1], chunk)
        ]
    )
    return _finish_epsilons(pos, neg, eps)


def _finish_epsilons(pos: np.ndarray, neg: np.ndarray, eps: np.ndarray) -> np.ndarray:
    """The cap for a peaky sample, and the challenge's refusal when every attack was discarded."""
    spreads = np.stack([np.ptp(pos, axis=0), np.ptp(neg, axis=0)])
    peaky = spreads.min(axis=0) < PEAKY_RATIO * spreads.max(axis=0)
    undefined = np.isnan(eps) & ~peaky
    if undefined.any():
        raise UnlearningError(
            f"the forgetting-quality score is undefined for {int(undefined.sum())} forget "
            "sample(s): every attack on them was discarded (the challenge's code stops here too); "
            "use more models (N)"
        )
    return np.clip(np.where(peaky, EPSILON_CAP, eps), 0.0, EPSILON_CAP)


GRID_PER_UNIT = 100  # the challenge's NUM_THRESHOLDS_PER_UNIT


def _rates_in(sorted_values: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Fraction of ``sorted_values`` in [low, high] for each pair of bounds (none when low > high)."""
    inside = np.searchsorted(sorted_values, high, "right") - np.searchsorted(
        sorted_values, low, "left"
    )
    return np.maximum(inside, 0) / sorted_values.size


def _grid_epsilon(pos: np.ndarray, neg: np.ndarray, delta: float) -> float:
    """One sample's ε over the challenge's own threshold grids (0.01 apart), as its code scans them."""
    pos_spread, neg_spread = np.ptp(pos), np.ptp(neg)
    peaky, other = (neg, pos) if pos_spread >= neg_spread else (pos, neg)
    width = min(pos_spread, neg_spread)
    low, high = peaky.min() + width - BUFFER, peaky.max() + BUFFER
    right = np.linspace(low, high, int(np.ceil((high - low) * GRID_PER_UNIT)))
    offsets = np.linspace(-BUFFER, BUFFER, int(np.ceil(2 * BUFFER * GRID_PER_UNIT)))
    left = (right[:, None] - width + offsets[None, :]).ravel()
    right = np.repeat(right, offsets.size)
    tpr_d = _rates_in(np.sort(peaky), left, right)
    fpr_d = _rates_in(np.sort(other), left, right)
    pooled = np.concatenate([pos, neg])
    cuts = np.linspace(pooled.min(), pooled.max(), int(np.ceil(np.ptp(pooled) * GRID_PER_UNIT)))
    tpr_s = 1.0 - np.searchsorted(np.sort(pos), cuts, "left") / pos.size
    fpr_s = 1.0 - np.searchsorted(np.sort(neg), cuts, "left") / neg.size
    tpr = np.concatenate([tpr_d, tpr_s])
    fpr = np.concatenate([fpr_d, fpr_s])
    eps = _epsilons_from_rates(fpr, 1.0 - tpr, delta)
    return float(np.nanmax(eps)) if not np.isnan(eps).all() else np.nan


def example_epsilons_grid(
    unlearned: np.ndarray, retrained: np.ndarray, delta: float = DELTA
) -> np.ndarray:
    """``example_epsilons`` as the challenge's code computes it: its 0.01-spaced threshold grids."""
    pos, neg = _positive_negative(unlearned, retrained)
    eps = np.array([_grid_epsilon(pos[:, k], neg[:, k], delta) for k in range(pos.shape[1])])
    return _finish_epsilons(pos, neg, eps)


def forget_score(epsilons: np.ndarray, n_models: int) -> float:
    """F: mean points, 1 for ε < 0.5 and halving per 0.5 of ε, 0 from ⌈ln(N−1)⌉ on."""
    buckets = int(math.ceil(math.log(n_models - 1)) / BUCKET_WIDTH)
    index = np.floor(np.asarray(epsilons) / BUCKET_WIDTH)
    points = np.where(index < buckets, 2.0 ** -np.minimum(index, 60), 0.0)
    return float(points.mean())


@dataclass(frozen=True)
class ForgettingQuality:
    n: int
    forget_score: float  # F in [0, 1]
    score: float  # F · (RA_u/RA_r) · (TA_u/TA_r)
    epsilons: np.ndarray  # per forget sample
    unlearned_retain_accuracy: float
    unlearned_test_accuracy: float
    retrained_retain_accuracy: float
    retrained_test_accuracy: float
    seconds: float
    mode: str = "exact"

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "forget_score": self.forget_score,
            "score": self.score,
            "median_epsilon": float(np.median(self.epsilons)),
            "unlearned_retain_accuracy": self.unlearned_retain_accuracy,
            "unlearned_test_accuracy": self.unlearned_test_accuracy,
            "retrained_retain_accuracy": self.retrained_retain_accuracy,
            "retrained_test_accuracy": self.retrained_test_accuracy,
            "seconds": self.seconds,
            "mode": self.mode,
        }


def score_from_runs(
    unlearned: list[tuple[np.ndarray, float, float]],
    retrained: list[tuple[np.ndarray, float, float]],
    seconds: float = 0.0,
    mode: str = "exact",
) -> ForgettingQuality:
    """The score from (forget confidences, retain accuracy, test accuracy) of each model."""
    u_conf, u_retain, u_test = (np.array(column) for column in zip(*unlearned, strict=True))
    r_conf, r_retain, r_test = (np.array(column) for column in zip(*retrained, strict=True))
    eps = (example_epsilons_grid if mode == "challenge" else example_epsilons)(u_conf, r_conf)
    f = forget_score(eps, len(unlearned))
    ratio = (u_retain.mean() / r_retain.mean()) * (u_test.mean() / r_test.mean())
    return ForgettingQuality(
        len(unlearned),
        f,
        float(f * ratio),
        eps,
        float(u_retain.mean()),
        float(u_test.mean()),
        float(r_retain.mean()),
        float(r_test.mean()),
        seconds,
        mode,
    )


def logits64(model, images: np.ndarray) -> np.ndarray:
    """float64 logits: the last hidden layer times the output layer in float64 (the challenge
    computes its confidences from logits); an ensemble without one network gives log-probabilities."""
    if not isinstance(model, Model):
        return np.log(np.clip(safe_probs(model.predict_proba(images)), TINY, 1.0))
    hidden = model.hidden(images, len(model.hidden_sizes) - 1).astype(np.float64)
    weights, bias = model.layers()[-1]
    return hidden @ weights.astype(np.float64) + bias.astype(np.float64)


def logit_confidence_from_logits(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The challenge's scaled confidence from logits, in float64 (max logit removed first)."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted)
    probs /= probs.sum(axis=1, keepdims=True)
    return logit_confidence(probs, labels)


MODES = ("exact", "challenge")


def _run_figures(
    model, dataset: Dataset, forget: ForgetSet, mode: str = "exact"
) -> tuple[np.ndarray, float, float]:
    train = model.predict_proba(dataset.train_x)
    test = model.predict_proba(dataset.test_x)
    correct = np.argmax(safe_probs(train), axis=1) == dataset.train_y
    test_acc = float((np.argmax(safe_probs(test), axis=1) == dataset.test_y).mean())
    labels = dataset.train_y[forget.indices]
    if mode == "challenge":
        conf = logit_confidence_from_logits(
            logits64(model, dataset.train_x[forget.indices]), labels
        )
    else:
        conf = logit_confidence(train[forget.indices], labels)
    return conf, float(correct[forget.retain_indices()].mean()), test_acc


def forgetting_quality(
    original: Model,
    method: str,
    params: dict,
    dataset: Dataset,
    forget: ForgetSet,
    config: TrainConfig,
    n: int = 16,
    extras: dict | None = None,
    control: RunControl | None = None,
    on_progress: Callable[[float, str], None] | None = None,
    workers: int | None = None,
    mode: str = "exact",
) -> ForgettingQuality:
    """Run ``method`` N times and retrain N references (cached), in parallel, then score.

    References use seeds other than the original's (as in the challenge, where the original is
    not one of the retrained models), the method runs seeds disjoint from both. ``mode``
    "challenge" scans the challenge's 0.01 threshold grids on float64-logit confidences;
    "exact" evaluates every distinct threshold on the models' probabilities.
    """
    if not MIN_MODELS <= n <= 1024:
        raise UnlearningError(
            f"the forgetting-quality score needs N in {MIN_MODELS}..1024, got {n}"
        )
    if mode not in MODES:
        raise UnlearningError(f"forgetting-quality mode must be one of {', '.join(MODES)}")
    seeds = reference_seeds(config, n)
    control = control or RunControl()
    started = time.perf_counter()

    def unlearn(i: int):
        seed = (config.seed + UNLEARN_SEED_OFFSET + i) % 2**32
        request = UnlearnRequest(
            original, dataset, forget, dict(params), config.replace(seed=seed), control,
            extras=dict(extras or {}),
        )  # fmt: skip
        return _run_figures(run_method(method, request).model, dataset, forget, mode)

    def retrain(i: int):
        model = retrain_reference(dataset, config, forget, seeds[i], control=control)
        return _run_figures(model, dataset, forget, mode)

    jobs = [partial(retrain, i) for i in range(n)] + [partial(unlearn, i) for i in range(n)]

    def progress(done: int, total: int) -> None:
        if on_progress is not None:
            on_progress(done / total, f"{done} of {total} models")

    results = run_parallel(jobs, workers, lambda: control.is_stopped, progress)
    if results is None:
        raise Cancelled("the forgetting-quality run was cancelled")
    return score_from_runs(results[n:], results[:n], time.perf_counter() - started, mode)
