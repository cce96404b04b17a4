"""Typicality: does an input look like the digits the model was trained on, in its own features?

Softmax confidence is a poor sign of "this is not a digit at all": a letter R can get a 9 at
0.99. The model's last hidden layer says more (Lee et al. 2018, the "Mahalanobis" detector):
fit one Gaussian per class on the features of the training digits — per-class means, one shared
covariance — and call an input *atypical* when its squared Mahalanobis distance to the nearest
class mean is above a threshold: the 99th percentile of the same distance over held-out digits,
so about one held-out digit in a hundred is called atypical. Only digits are fitted: the
non-digits a model was trained on toward the uniform target (outlier exposure) are left out, and
so is everything the benchmarks measure.

A model trained on a data set plus drawn digits (style strokes) sees two kinds of digit: scanned
pen digits, widely spread, and the canvas's drawings, tightly packed. One Gaussian per class for
both would take the wide spread's threshold for the drawings too, and let a drawn letter pass.
So each kind is a *component* with its own means, covariance and threshold (the data set's on
held-out test digits, the drawings' on drawings the model never trained on), and an input is
typical when it is typical for either.

The statistics belong to one set of weights: they carry a digest of the parameters they were
fitted for, and :func:`typicality_of` ignores them when the weights differ (an unlearned model
would otherwise keep the forgotten class's prototype). ``mugui.typicality_sources`` says what a
run fits them on; model files keep the arrays as ``.npz`` members (``mugui.typicality_file``).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import numpy as np

META_KEY = "typicality"
QUANTILE = 99.0  # percent of held-out digits that pass
MIN_HELD_OUT = 100  # fewer held-out digits (or training rows) than this: a component is skipped
MIN_PER_CLASS = 2
SHRINK = 1e-2  # no direction of the covariance thinner than 1% of the mean variance
UNLIKE_TRAINING = "unlike anything it was trained on"


def params_digest(model) -> str:
    """A digest of ``model``'s weights: statistics fitted for other weights are not used."""
    return hashlib.blake2b(np.ascontiguousarray(model.params).tobytes(), digest_size=16).hexdigest()


def features(model, inputs: np.ndarray) -> np.ndarray:
    """The last hidden layer's activations (the CNN's dense hidden layer), float64."""
    return np.asarray(model.hidden(inputs, len(model.hidden_sizes) - 1), np.float64)


@dataclass(frozen=True)
class Source:
    """Training digits of one kind, and held-out digits of the same kind for the threshold."""

    name: str
    train_x: np.ndarray
    train_y: np.ndarray
    held_x: np.ndarray
    held_y: np.ndarray


@dataclass(frozen=True)
class Component:
    """Class means, the shared precision (inverse covariance) and the threshold of one kind."""

    name: str
    classes: tuple[int, ...]
    means: np.ndarray  # (classes, features) float32
    precision: np.ndarray  # (features, features) float32
    threshold: float

    def distances(self, feats: np.ndarray) -> np.ndarray:
        """Squared Mahalanobis distance of each row of ``feats`` to its nearest class mean."""
        precision = self.precision.astype(np.float64)
        best = np.full(feats.shape[0], np.inf)
        for mean in self.means.astype(np.float64):
            centred = feats - mean
            best = np.minimum(best, ((centred @ precision) * centred).sum(axis=1))
        return best


@dataclass(frozen=True)
class Typicality:
    components: tuple[Component, ...]
    digest: str

    def atypical(self, model, inputs: np.ndarray) -> np.ndarray:
        """True for the rows of ``inputs`` (784 pixels each) atypical for every component."""
        feats = features(model, inputs)
        far = np.ones(feats.shape[0], bool)
        for component in self.components:
            far &= component.distances(feats) > component.threshold
        return far

    def to_meta(self) -> dict:
        """The record kept in ``model.meta`` (arrays as arrays; model files store them apart)."""
        return {
            "digest": self.digest,
            "quantile": QUANTILE,
            "components": [
                {
                    "name": c.name,
                    "classes": list(c.classes),
                    "threshold": c.threshold,
                    "means": c.means,
                    "precision": c.precision,
                }
                for c in self.components
            ],
        }

    @classmethod
    def from_meta(cls, record) -> Typicality | None:
        """The statistics of a ``model.meta`` record, or None when absent or malformed."""
        if not isinstance(record, dict) or not isinstance(record.get("components"), list):
            return None
        components = []
        for entry in record["components"]:
            component = _component(entry)
            if component is None:
                return None
            components.append(component)
        if not components or not isinstance(record.get("digest"), str):
            return None
        return cls(tuple(components), record["digest"])


def _component(entry) -> Component | None:
    if not isinstance(entry, dict):
        return None
    means, precision = entry.get("means"), entry.get("precision")
    if not isinstance(means, np.ndarray) or not isinstance(precision, np.ndarray):
        return None
    try:
        classes = tuple(int(c) for c in entry["classes"])
        threshold = float(entry["threshold"])
        name = str(entry["name"])
    except (KeyError, TypeError, ValueError):
        return None
    shapes_ok = (
        means.ndim == 2
        and means.shape[0] == len(classes) >= 1
        and precision.shape == (means.shape[1], means.shape[1])
        and means.dtype.kind == precision.dtype.kind == "f"
    )
    if not shapes_ok or not math.isfinite(threshold):
        return None
    if not (np.isfinite(means).all() and np.isfinite(precision).all()):
        return None
    return Component(name, classes, means, precision, threshold)


def fit_component(model, source: Source) -> Component | None:
    """One component from ``source``'s digits (labels 0..9; others are left out); None with
    too few training rows or held-out digits of its classes."""
    train_y = np.asarray(source.train_y)
    digits = train_y < 10
    train_x, train_y = source.train_x[digits], train_y[digits]
    counts = np.bincount(train_y.astype(np.int64), minlength=10)
    classes = tuple(int(c) for c in np.flatnonzero(counts >= MIN_PER_CLASS))
    keep = np.isin(train_y, classes)
    held = np.isin(np.asarray(source.held_y), classes)
    if int(keep.sum()) < MIN_HELD_OUT or int(held.sum()) < MIN_HELD_OUT:
        return None
    feats = features(model, train_x[keep])
    labels = train_y[keep]
    index = np.searchsorted(np.asarray(classes), labels)
    means = np.stack([feats[labels == c].mean(axis=0) for c in classes])
    residuals = feats - means[index]
    covariance = residuals.T @ residuals / residuals.shape[0]
    values, vectors = np.linalg.eigh(covariance)
    floor = max(float(np.trace(covariance)) / covariance.shape[0], 1e-12) * SHRINK
    precision = (vectors / np.maximum(values, floor)) @ vectors.T
    component = Component(
        source.name, classes, means.astype(np.float32), precision.astype(np.float32), 0.0
    )
    held_distances = component.distances(features(model, source.held_x[held]))
    threshold = float(np.percentile(held_distances, QUANTILE))
    if not math.isfinite(threshold):
        return None
    return Component(source.name, classes, component.means, component.precision, threshold)


def fit_typicality(model, sources: list[Source]) -> Typicality | None:
    """The statistics of every source that has enough digits; None when none has."""
    components = [c for c in (fit_component(model, s) for s in sources) if c is not None]
    return Typicality(tuple(components), params_digest(model)) if components else None


def fit_into(model, sources: list[Source]) -> dict:
    """Fit and keep the statistics in ``model.meta`` (replacing any); returns a short record."""
    stats = fit_typicality(model, sources)
    if stats is None:
        model.meta.pop(META_KEY, None)
        return {"fitted": False, "why": "too few digits to fit"}
    model.meta[META_KEY] = stats.to_meta()
    return {
        "fitted": True,
        "components": [
            {"name": c.name, "classes": list(c.classes), "threshold": c.threshold}
            for c in stats.components
        ],
    }


def typicality_of(model) -> Typicality | None:
    """``model``'s statistics when they were fitted for its current weights, else None."""
    meta = getattr(model, "meta", None)
    if not isinstance(meta, dict) or not hasattr(model, "params"):
        return None
    stats = Typicality.from_meta(meta.get(META_KEY))
    if stats is None or stats.digest != params_digest(model):
        return None
    return stats
