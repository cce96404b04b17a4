"""The non-digit gate: a small network on the pixels that tells a digit from what is not one.

The typicality check's other questions look at the model's own hidden layer, and the MLP's
hidden layer places about a third of random scribbles among a digit's drawings: what would tell
them apart is gone by then (a logistic "digit or not" on those features barely helps). So a run
trained with non-digits (outlier exposure) also fits this gate on the **pixels**: one hidden
layer of ReLU units and one output, trained (Adam, ``EPOCHS`` passes, seeded) to answer 1 for
the run's non-digit rows and 0 for its training digits, each side weighing half. An input is
atypical when its score is above what a quantile of the held-out digits of each kind stay below
(the same held-out digits as the other questions; the higher of the two).

How is a :class:`Recipe`. A run fits the ``QUICK`` one when it ends: ``HIDDEN`` units,
``QUANTILE``. The gate depends on the rows only, not on the model, so the *Healthy default*'s
on the bundled digits is fitted once, offline, with the ``STRONG`` one and ships
(``mugui.shipped_gate``): three networks of 256 units from three seeds, their scores averaged
(one layer of 768 units), every training row moved by up to 2 pixels each way at random in
every pass, and many more non-digits.

It never sees the benchmark's letters and scribbles (``mugui.drawing.non_digits``): it learns
from the run's own non-digits (``mugui.drawing.outlier_drawings``, their own seed space). The
rows are converted to floats a batch at a time, so the fit holds no float copy of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

import numpy as np

HIDDEN = 64
EPOCHS = 15
BATCH = 128
LEARNING_RATE = 1e-3
SEED = 0
QUANTILE = 99.5
MIN_ROWS = 100  # fewer non-digits or held-out digits than this: no gate
PIXELS = 784
_BETA1, _BETA2, _EPSILON = 0.9, 0.999, 1e-8
_LOGIT_LIMIT = 80.0  # exp of more overflows float32


def as_unit_rows(inputs: np.ndarray) -> np.ndarray:
    """Rows of 784 pixels as float32 in [0, 1] (uint8 rows are divided by 255)."""
    rows = np.asarray(inputs).reshape(-1, PIXELS)
    if rows.dtype == np.uint8:
        return rows.astype(np.float32) / np.float32(255.0)
    return rows.astype(np.float32, copy=False)


@dataclass(frozen=True)
class NonDigitGate:
    hidden_weights: np.ndarray  # (784, HIDDEN) float32
    hidden_bias: np.ndarray  # (HIDDEN,) float32
    out_weights: np.ndarray  # (HIDDEN,) float32
    out_bias: float
    threshold: float  # scores above it are not digits

    def scores(self, inputs: np.ndarray) -> np.ndarray:
        """The gate's logit for each row (high: not a digit)."""
        hidden = np.maximum(as_unit_rows(inputs) @ self.hidden_weights + self.hidden_bias, 0.0)
        return hidden @ self.out_weights + np.float32(self.out_bias)

    def far(self, inputs: np.ndarray) -> np.ndarray:
        """True for the rows the gate calls no digit."""
        return self.scores(inputs) > self.threshold

    def to_record(self) -> dict:
        """The gate as a typicality record's entry (arrays as arrays, keyed by field name)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


RECORD_ARRAYS = ("hidden_weights", "hidden_bias", "out_weights")


def gate_from_record(entry) -> NonDigitGate | None:
    """The gate of a record's entry; None when it is malformed."""
    try:
        weights, bias, out = (_float_array(entry[key]) for key in RECORD_ARRAYS)
        gate = NonDigitGate(weights, bias, out, float(entry["out_bias"]), float(entry["threshold"]))
    except (KeyError, TypeError, ValueError):
        return None
    hidden = bias.shape[0] if bias.ndim == 1 else -1
    numbers = (weights, bias, out, gate.out_bias, gate.threshold)
    if weights.shape != (PIXELS, hidden) or out.shape != (hidden,):
        return None
    return gate if all(np.isfinite(n).all() for n in numbers) else None


def _float_array(value) -> np.ndarray:
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
        raise TypeError("not an array of floats")
    return np.asarray(value, np.float32)


@dataclass(frozen=True)
class Recipe:
    """How a gate is fitted: its hidden units, how many members (each seeded apart, their
    scores averaged: one layer of ``members × hidden`` units), how far its training rows move
    at random in each pass (pixels each way, 0: never) and the held-out quantile."""

    hidden: int
    members: int
    shift: int
    quantile: float


QUICK = Recipe(HIDDEN, 1, 0, QUANTILE)  # what a run fits when it ends (about 2 CPU s by default)
STRONG = Recipe(256, 3, 2, 98.8)  # the shipped gate's (mugui.shipped_gate), fitted offline


def fit_gate(
    digits: list[np.ndarray],
    non_digits: np.ndarray,
    held: list[np.ndarray],
    recipe: Recipe = QUICK,
) -> NonDigitGate | None:
    """A gate trained on ``digits`` (arrays of rows) against ``non_digits``, thresholded on the
    ``held`` digits; None with too few non-digits or held-out digits."""
    held_rows = sum(h.shape[0] for h in held)
    if non_digits.shape[0] < MIN_ROWS or held_rows < MIN_ROWS:
        return None
    members = [_fit_member(digits, non_digits, recipe, SEED + m) for m in range(recipe.members)]
    return thresholded(_joined(members), held, recipe.quantile)


def thresholded(gate: NonDigitGate, held: list[np.ndarray], quantile: float) -> NonDigitGate | None:
    """``gate`` with the threshold that ``quantile`` % of each kind of ``held`` digit stay
    below (the higher one); None when it is not a number."""
    threshold = max(float(np.percentile(gate.scores(h), quantile)) for h in held if h.shape[0])
    if not math.isfinite(threshold):
        return None
    return replace(gate, threshold=threshold)


def _joined(members: list[NonDigitGate]) -> NonDigitGate:
    """One gate whose score is the mean of the members' (their hidden units side by side)."""
    count = np.float32(len(members))
    return NonDigitGate(
        np.concatenate([m.hidden_weights for m in members], axis=1),
        np.concatenate([m.hidden_bias for m in members]),
        np.concatenate([m.out_weights for m in members]) / count,
        float(np.mean([m.out_bias for m in members], dtype=np.float32)),
        0.0,
    )


def _fit_member(
    digits: list[np.ndarray], non_digits: np.ndarray, recipe: Recipe, seed: int
) -> NonDigitGate:
    """One network of ``recipe.hidden`` units fitted from ``seed`` (no threshold yet)."""
    width = recipe.hidden
    sources = [*digits, non_digits]
    offsets = np.cumsum([0] + [s.shape[0] for s in sources])
    count = int(offsets[-1])
    target = np.zeros(count, np.float32)
    target[offsets[-2] :] = 1.0
    weight = np.where(target == 1.0, 0.5 / non_digits.shape[0], 0.5 / offsets[-2]).astype(
        np.float32
    )
    weight *= count / BATCH
    rng = np.random.default_rng(seed)
    params = [
        (rng.standard_normal((PIXELS, width)) * math.sqrt(2.0 / PIXELS)).astype(np.float32),
        np.zeros(width, np.float32),
        (rng.standard_normal(width) * math.sqrt(1.0 / width)).astype(np.float32),
        np.zeros(1, np.float32),
    ]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    step = 0
    for _ in range(EPOCHS):
        order = rng.permutation(count)
        for start in range(0, count, BATCH):
            rows = order[start : start + BATCH]
            x = _gather(sources, offsets, rows)
            if recipe.shift:
                x = _shifted(x, recipe.shift, rng)
            hidden = np.maximum(x @ params[0] + params[1], 0.0)
            logit = hidden @ params[2] + params[3][0]
            chance = 1.0 / (1.0 + np.exp(-np.clip(logit, -_LOGIT_LIMIT, _LOGIT_LIMIT)))
            error = (chance - target[rows]) * weight[rows]
            back = np.outer(error, params[2]) * (hidden > 0.0)
            grads = (x.T @ back, back.sum(axis=0), hidden.T @ error, error.sum(keepdims=True))
            step += 1
            for k, grad in enumerate(grads):
                first[k] = _BETA1 * first[k] + (1.0 - _BETA1) * grad
                second[k] = _BETA2 * second[k] + (1.0 - _BETA2) * grad * grad
                rate = LEARNING_RATE * math.sqrt(1.0 - _BETA2**step) / (1.0 - _BETA1**step)
                params[k] -= (rate * first[k] / (np.sqrt(second[k]) + _EPSILON)).astype(np.float32)
    return NonDigitGate(params[0], params[1], params[2], float(params[3][0]), 0.0)


def _shifted(x: np.ndarray, shift: int, rng: np.random.Generator) -> np.ndarray:
    """Each row (a 28×28 image) moved by up to ``shift`` pixels each way, the edge left blank."""
    side = 28
    padded = np.pad(x.reshape(-1, side, side), ((0, 0), (shift, shift), (shift, shift)))
    dy, dx = rng.integers(0, 2 * shift + 1, (2, x.shape[0]))
    span = np.arange(side)
    picked = padded[
        np.arange(x.shape[0])[:, None, None],
        (dy[:, None] + span)[:, :, None],
        (dx[:, None] + span)[:, None, :],
    ]
    return picked.reshape(-1, PIXELS)


def _gather(sources: list[np.ndarray], offsets: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Rows (indices over all sources in turn) as float32 in [0, 1]."""
    out = np.empty((rows.shape[0], PIXELS), np.float32)
    which = np.searchsorted(offsets, rows, side="right") - 1
    for s, source in enumerate(sources):
        picked = which == s
        if picked.any():
            out[picked] = as_unit_rows(source[rows[picked] - offsets[s]])
    return out
