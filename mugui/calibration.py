"""Honest confidence: temperature scaling (Guo et al. 2017) and the expected calibration error.

A network's softmax is rarely calibrated: among answers given with 90% confidence, not 90% are
right. Dividing the logits by one temperature T, fitted to minimise the negative log-likelihood
on held-out digits, fixes most of that without changing any answer (the arg-max is the same).
The trainer fits T when a run ends and keeps it in the model (``meta["temperature"]``; files
without it have T = 1). Softmax of log-probabilities divided by T is softmax of the logits
divided by T, so T applies to the probabilities any model returns.

The held-out digits are half of the test split (every other test digit, the split being stored
shuffled); the other half measures the calibration error before and after, so the figure is not
taken on the digits T was fitted to. One scalar is all that is fitted there, and no answer
changes, so the test accuracy is untouched.
"""

from __future__ import annotations

import math

import numpy as np

META_KEY = "temperature"
MIN_T, MAX_T = 0.05, 20.0
MIN_SAMPLES = 100  # fewer held-out digits than this: T stays 1
BINS = 15
_FLOOR = 1e-30  # probabilities are flushed to zero below ~1e-30; their log is taken from here
_TOLERANCE = 1e-4  # in log T
_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0


def temperature_of(meta: dict) -> float:
    """The model's temperature from its metadata: 1 when absent or unusable (older files)."""
    value = meta.get(META_KEY) if isinstance(meta, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 1.0
    return float(value) if math.isfinite(value) and MIN_T <= value <= MAX_T else 1.0


def temper(probs: np.ndarray, temperature: float) -> np.ndarray:
    """Rows of probabilities re-softmaxed at ``temperature`` (1 returns them unchanged)."""
    probs = np.asarray(probs)
    if temperature == 1.0:
        return probs
    logits = np.log(np.maximum(probs.astype(np.float64), _FLOOR)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    out = np.exp(logits)
    out /= out.sum(axis=1, keepdims=True)
    return out.astype(np.float32)


def calibrated_proba(model, x: np.ndarray) -> np.ndarray:
    """``model.predict_proba(x)`` at the model's fitted temperature: what the answer paths use."""
    return temper(model.predict_proba(x), temperature_of(getattr(model, "meta", {})))


def fit_temperature(probs: np.ndarray, labels: np.ndarray) -> float:
    """The T in [0.05, 20] minimising the negative log-likelihood of ``labels``."""
    logp = np.log(np.maximum(np.asarray(probs, np.float64), _FLOOR))
    rows = np.arange(labels.shape[0])
    labels = np.asarray(labels, np.int64)

    def nll(log_t: float) -> float:
        z = logp / math.exp(log_t)
        z -= z.max(axis=1, keepdims=True)
        return float(-(z[rows, labels] - np.log(np.exp(z).sum(axis=1))).mean())

    return math.exp(_golden_minimum(nll, math.log(MIN_T), math.log(MAX_T)))


def _golden_minimum(f, low: float, high: float) -> float:
    """The minimum of a unimodal ``f`` on [low, high] by golden-section search (the NLL is
    convex in 1/T, so unimodal in log T). Numpy alone: the packaged app ships no scipy.optimize."""
    a, b = low, high
    c, d = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    fc, fd = f(c), f(d)
    while b - a > _TOLERANCE:
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - _GOLDEN * (b - a)
            fc = f(c)
        else:
            a, c, fc = c, d, fd
            d = a + _GOLDEN * (b - a)
            fd = f(d)
    return (a + b) / 2.0


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, bins: int = BINS) -> float:
    """ECE: the sample-weighted mean |accuracy − confidence| over ``bins`` equal-width bins."""
    probs = np.asarray(probs, np.float64)
    confidence = probs.max(axis=1)
    correct = probs.argmax(axis=1) == np.asarray(labels)
    which = np.minimum((confidence * bins).astype(np.int64), bins - 1)
    error = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            error += inside.sum() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(error / max(len(confidence), 1))


def calibrate(model, test_x: np.ndarray, test_y: np.ndarray, proba=None) -> dict:
    """Fit ``model``'s temperature on the even test digits, measure ECE on the odd ones; store T.

    ``proba`` computes the probabilities (default ``model.predict_proba``; the trainer passes its
    numpy stand-in while the kernels still compile). Returns the record kept in
    ``meta["calibration"]``; T stays 1 with too few test digits.
    """
    proba = proba or model.predict_proba
    fit_x, fit_y = test_x[0::2], test_y[0::2]
    check_x, check_y = test_x[1::2], test_y[1::2]
    if fit_y.shape[0] < MIN_SAMPLES or check_y.shape[0] < MIN_SAMPLES:
        model.meta[META_KEY] = 1.0
        return {"temperature": 1.0, "fitted_on": "nothing (too few test digits)"}
    temperature = fit_temperature(proba(fit_x), fit_y)
    raw = proba(check_x)
    if not np.isfinite(raw).all() or not math.isfinite(temperature):
        model.meta[META_KEY] = 1.0
        return {"temperature": 1.0, "fitted_on": "nothing (non-finite outputs)"}
    model.meta[META_KEY] = temperature
    return {
        "temperature": temperature,
        "fitted_on": f"the even half of the test split ({fit_y.shape[0]} digits)",
        "measured_on": f"the odd half of the test split ({check_y.shape[0]} digits)",
        "ece_before": expected_calibration_error(raw, check_y),
        "ece_after": expected_calibration_error(temper(raw, temperature), check_y),
    }
