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

Beside the Gaussians, the check keeps prototypes of each class's feature *directions*
(``mugui.feature_prototypes``): an input whose features point away from every prototype is
atypical too, whatever its Mahalanobis distance — this catches scribbles the ellipsoids take in.
The data set's component then passes 99.5 % of its held-out digits (the drawings' 99 %, the
prototypes 99 % of the data set's), so that about 1.5 % of held-out test digits are atypical.

The MLP also keeps each class's own spread (``mugui.class_spreads``: the directions a class's
training digits vary in most, per component): the shared covariance takes every class to be as
wide as the average one, and a letter off the directions its nearest class varies in passes it.
An input off every component's class spreads is atypical too; the data set's digits pass them
at 99 %, the drawn digits at 99.8 % (``Source.spread_quantile``), which keeps the stress set's
score.

An MLP trained with non-digits (outlier exposure) also keeps a non-digit gate
(``mugui.non_digit_gate``): a small network on the pixels, fitted on the run's digits against
its non-digits, for the random scribbles that the hidden layer places among the digits. It is
fitted on the sources marked ``non_digits`` (no kind of digit: no component of their own).
When the run's rows are the ones the shipped gate was fitted on (``mugui.shipped_gate``: the
*Healthy default* on the bundled digits), it takes that stronger gate, and the MLP's data-set
digits then pass each of the other questions at ``GATED_QUANTILE``: the gate catches the
letters and scribbles those looser thresholds let through, for fewer test digits called "?".
A CNN with those rows (the *Healthy default* with the CNN chosen) takes the shipped gate too,
its other questions unchanged; a CNN never fits a gate of its own.

The CNN has a second place to look: the pooled convolution features its dense layer reads, which
still say where strokes are and how they run. There it keeps ``CONV_PER_CLASS`` prototypes a
class as well (float16, which is how files keep them), and both kinds of prototype pass 99.5 %
of the data set's held-out digits, so the CNN's held-out digits are called atypical about as
often as before, but letters that its dense features place among the digits are caught by
their strokes.

The statistics belong to one set of weights: they carry a digest of the parameters they were
fitted for, and :func:`typicality_of` ignores them when the weights differ (an unlearned model
would otherwise keep the forgotten class's prototype). ``mugui.typicality_sources`` says what a
run fits them on; model files keep the arrays as ``.npz`` members (``mugui.typicality_file``).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from mugui.class_spreads import ClassSpreads, fit_spreads
from mugui.feature_prototypes import QUANTILE as PROTOTYPE_QUANTILE
from mugui.feature_prototypes import Prototypes, fit_prototypes
from mugui.non_digit_gate import NonDigitGate, gate_from_record
from mugui.non_digit_gate_memo import gate_for, rows_digest
from mugui.shipped_gate import shipped_gate

META_KEY = "typicality"
QUANTILE = 99.0  # percent of held-out digits of a kind that pass (a source may ask for another)
MIN_HELD_OUT = 100  # fewer held-out digits (or training rows) than this: a component is skipped
MIN_PER_CLASS = 2
SHRINK = 1e-2  # no direction of the covariance thinner than 1% of the mean variance
UNLIKE_TRAINING = "unlike anything it was trained on"
ROWS_AT_ONCE = 256  # rows whose distances to every class mean are taken in one product
FEATURE_ROWS = 2048  # rows whose features are computed at once (the fit's memory stays small)
CONV = "conv_prototypes"  # the record's key for the CNN's convolution-feature prototypes
CONV_PER_CLASS = 100  # the CNN's prototypes of its convolution features, a class
CNN_PROTOTYPE_QUANTILE = 99.5  # percent of held-out digits each kind of CNN prototype passes
GATED_QUANTILE = 99.7  # with the shipped gate: what the data set's digits pass of each question


def params_digest(model) -> str:
    """A digest of ``model``'s weights: statistics fitted for other weights are not used."""
    return hashlib.blake2b(np.ascontiguousarray(model.params).tobytes(), digest_size=16).hexdigest()


def features(model, inputs: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """The last hidden layer's activations (the CNN's dense hidden layer) of ``inputs`` (of its
    ``rows`` when given), float32 as the kernels give them."""
    layer = len(model.hidden_sizes) - 1
    return _in_chunks(lambda x: model.hidden(x, layer), inputs, rows)


def conv_features(model, inputs: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """The CNN's pooled convolution features (what its dense layer reads), float32."""
    return _in_chunks(model.conv_features, inputs, rows)


def _in_chunks(compute, inputs: np.ndarray, rows: np.ndarray | None) -> np.ndarray:
    """``compute`` of ``inputs[rows]`` (every row without ``rows``), ``FEATURE_ROWS`` rows at a
    time into one float32 array: neither the rows picked nor the model's own intermediate
    arrays (the CNN's float copy of its inputs) are ever more than a chunk."""
    count = inputs.shape[0] if rows is None else rows.shape[0]
    if count == 0:
        return np.asarray(compute(inputs[:0]), np.float32)
    out: np.ndarray | None = None
    for start in range(0, count, FEATURE_ROWS):
        stop = min(start + FEATURE_ROWS, count)
        part = inputs[start:stop] if rows is None else inputs[rows[start:stop]]
        feats = compute(part)
        if out is None:
            out = np.empty((count, feats.shape[1]), np.float32)
        out[start:stop] = feats
    assert out is not None
    return out


def _feature_width(model) -> int | None:
    """How many features ``features`` gives for ``model`` (None for a stand-in without sizes)."""
    sizes = getattr(model, "hidden_sizes", None)
    return int(sizes[-1]) if sizes else None


def _is_cnn(model) -> bool:
    return bool(getattr(model, "is_cnn", False))


@dataclass(frozen=True)
class Source:
    """Training digits of one kind, and held-out digits of the same kind for the threshold."""

    name: str
    train_x: np.ndarray
    train_y: np.ndarray
    held_x: np.ndarray
    held_y: np.ndarray
    quantile: float = QUANTILE
    spread_quantile: float = QUANTILE  # the share its held-out digits pass the class spreads
    non_digits: bool = False  # the run's non-digits (outlier exposure): the gate's, not a kind


@dataclass(frozen=True)
class Component:
    """Class means, the shared precision (inverse covariance) and the threshold of one kind."""

    name: str
    classes: tuple[int, ...]
    means: np.ndarray  # (classes, features) float32
    precision: np.ndarray  # (features, features) float32
    threshold: float
    spreads: ClassSpreads | None = None  # each class's own spread (the MLP's; None before)

    @cached_property
    def _float64(self) -> tuple[np.ndarray, np.ndarray]:
        """Means and precision in float64, converted once (not at every drawing)."""
        return self.means.astype(np.float64), self.precision.astype(np.float64)

    def distances(self, feats: np.ndarray) -> np.ndarray:
        """Squared Mahalanobis distance of each row of ``feats`` to its nearest class mean."""
        means, precision = self._float64
        best = np.full(feats.shape[0], np.inf)
        for start in range(0, feats.shape[0], ROWS_AT_ONCE):  # every class in one product
            centred = feats[start : start + ROWS_AT_ONCE, None, :] - means[None]
            squared = ((centred @ precision) * centred).sum(axis=2)
            best[start : start + ROWS_AT_ONCE] = squared.min(axis=1)
        return best


@dataclass(frozen=True)
class Typicality:
    components: tuple[Component, ...]
    digest: str
    prototypes: Prototypes | None = None
    conv_prototypes: Prototypes | None = None  # the CNN's, of its convolution features
    gate: NonDigitGate | None = None  # the MLP's non-digit gate on the pixels (None before)

    def atypical(self, model, inputs: np.ndarray) -> np.ndarray:
        """True for the rows of ``inputs`` (784 pixels each) atypical for every component (by
        the shared spread, or by the class spreads of every component), or pointing away from
        every prototype (of either kind), or called no digit by the non-digit gate."""
        feats = features(model, inputs)
        far = np.ones(feats.shape[0], bool)
        for component in self.components:
            far &= component.distances(feats) > component.threshold
        far |= self._off_class_spreads(feats)
        if self.prototypes is not None:
            far |= self.prototypes.distances(feats) > self.prototypes.threshold
        conv = self.conv_prototypes
        if conv is not None and _is_cnn(model):
            conv_feats = conv_features(model, inputs)
            if conv_feats.shape[1] == conv.centres.shape[1]:  # else not this network's
                far |= conv.distances(conv_feats) > conv.threshold
        if self.gate is not None:
            far |= self.gate.far(inputs)
        return far

    def _off_class_spreads(self, feats: np.ndarray) -> np.ndarray:
        """True for rows off the class spreads of every component (none when one has none)."""
        off = np.ones(feats.shape[0], bool)
        for component in self.components:
            if component.spreads is None:
                return np.zeros(feats.shape[0], bool)
            off &= component.spreads.distances(feats) > component.spreads.threshold
        return off

    def to_meta(self) -> dict:
        """The record kept in ``model.meta`` (arrays as arrays; model files store them apart)."""
        record: dict = {
            "digest": self.digest,
            "components": [_component_record(c) for c in self.components],
        }
        for key, prototypes in (("prototypes", self.prototypes), (CONV, self.conv_prototypes)):
            if prototypes is not None:
                record[key] = {"centres": prototypes.centres, "threshold": prototypes.threshold}
        if self.gate is not None:
            record[GATE] = self.gate.to_record()
        return record

    @classmethod
    def from_meta(cls, record, width: int | None = None) -> Typicality | None:
        """The statistics of a ``model.meta`` record, or None when absent or malformed; with
        ``width``, also None when they are not of that many features (the model's last hidden
        layer): a file's self-consistent arrays of another width crashed the first drawing."""
        if not isinstance(record, dict) or not isinstance(record.get("components"), list):
            return None
        components = []
        for entry in record["components"]:
            component = _component(entry)
            if component is None or component.means.shape[1] != (width or component.means.shape[1]):
                return None
            components.append(component)
        if not components or not isinstance(record.get("digest"), str):
            return None
        prototypes = conv = None
        if "prototypes" in record:  # records written before the prototypes have none
            prototypes = _prototypes(record["prototypes"], components[0].means.shape[1])
            if prototypes is None:
                return None
        if CONV in record:  # only the CNN's, and only records written since
            conv = _prototypes(record[CONV])
            if conv is None:
                return None
        gate = None
        if GATE in record:  # only the MLP's, and only records written since
            gate = gate_from_record(record[GATE])
            if gate is None:
                return None
        return cls(tuple(components), record["digest"], prototypes, conv, gate)


GATE = "non_digit_gate"  # the record's key for the non-digit gate (the MLP's)


SPREAD_ARRAYS = ("spread_means", "spread_directions", "spread_weights")


def _component_record(component: Component) -> dict:
    record = {
        "name": component.name,
        "classes": list(component.classes),
        "threshold": component.threshold,
        "means": component.means,
        "precision": component.precision,
    }
    spreads = component.spreads
    if spreads is not None:
        record.update(
            spread_means=spreads.means,
            spread_directions=spreads.directions,
            spread_weights=spreads.weights,
            spread_floor=spreads.floor,
            spread_threshold=spreads.threshold,
        )
    return record


def _spreads(entry: dict, classes: int, width: int) -> ClassSpreads | None:
    """The class spreads of a component's record; None when they are malformed."""
    arrays = [entry.get(key) for key in SPREAD_ARRAYS]
    if not all(isinstance(a, np.ndarray) and a.dtype.kind == "f" for a in arrays):
        return None
    means, directions, weights = (np.asarray(a, np.float32) for a in arrays)
    try:
        floor, threshold = float(entry["spread_floor"]), float(entry["spread_threshold"])
    except (KeyError, TypeError, ValueError):
        return None
    rank = directions.shape[1] if directions.ndim == 3 else -1
    shapes_ok = (
        means.shape == (classes, width)
        and directions.shape == (classes, rank, width)
        and weights.shape == (classes, rank)
    )
    finite = all(np.isfinite(a).all() for a in (means, directions, weights))
    if not (shapes_ok and finite and math.isfinite(threshold) and floor > 0.0):
        return None
    return ClassSpreads(means, directions, weights, floor, threshold)


def _prototypes(entry, width: int | None = None) -> Prototypes | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("centres"), np.ndarray):
        return None
    centres = entry["centres"]
    try:
        threshold = float(entry["threshold"])
    except (KeyError, TypeError, ValueError):
        return None
    if centres.ndim != 2 or centres.shape[0] < 1 or centres.shape[1] != (width or centres.shape[1]):
        return None
    if centres.dtype.kind != "f" or not np.isfinite(centres).all() or not math.isfinite(threshold):
        return None
    return Prototypes(centres, threshold)


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
    spreads = None
    if "spread_means" in entry:  # records written before the class spreads have none
        spreads = _spreads(entry, len(classes), means.shape[1])
        if spreads is None:
            return None
    return Component(name, classes, means, precision, threshold, spreads)


NO_FEATURES = np.zeros((0, 0))  # an MLP has no convolution features


@dataclass(frozen=True)
class _Fitted:
    """A source's digits as features: what its component and the prototypes are fitted on."""

    source: Source
    classes: tuple[int, ...]
    train: np.ndarray
    labels: np.ndarray
    held: np.ndarray
    conv_train: np.ndarray  # the CNN's convolution features of the same rows (NO_FEATURES)
    conv_held: np.ndarray


def _features_of(model, source: Source) -> _Fitted | None:
    """``source``'s digits (labels 0..9; others are left out) through ``model``; None with too
    few training rows or held-out digits of its classes."""
    train_y = np.asarray(source.train_y)
    classes = _digit_classes(source)
    train = np.flatnonzero(np.isin(train_y, classes))  # rows, not a copy of the images
    held = np.flatnonzero(np.isin(np.asarray(source.held_y), classes))
    if train.shape[0] < MIN_HELD_OUT or held.shape[0] < MIN_HELD_OUT:
        return None
    cnn = _is_cnn(model)
    return _Fitted(
        source,
        classes,
        features(model, source.train_x, train),
        train_y[train],
        features(model, source.held_x, held),
        conv_features(model, source.train_x, train) if cnn else NO_FEATURES,
        conv_features(model, source.held_x, held) if cnn else NO_FEATURES,
    )


def _digit_classes(source: Source) -> tuple[int, ...]:
    """The digits (0..9) ``source`` has at least ``MIN_PER_CLASS`` training rows of."""
    train_y = np.asarray(source.train_y)
    counts = np.bincount(train_y[train_y < 10].astype(np.int64), minlength=10)
    return tuple(int(c) for c in np.flatnonzero(counts >= MIN_PER_CLASS))


def fit_component(fitted: _Fitted, class_spreads: bool = False) -> Component | None:
    """One component: class means and shared precision, thresholded on the held-out digits
    (with ``class_spreads``, each class's own spread too, at the source's spread quantile)."""
    feats, labels, classes = fitted.train, fitted.labels, fitted.classes
    means = np.empty((len(classes), feats.shape[1]))
    covariance = np.zeros((feats.shape[1], feats.shape[1]))
    for i, c in enumerate(classes):  # a class at a time in float64, never every row at once
        residuals = feats[labels == c].astype(np.float64)
        means[i] = residuals.mean(axis=0)
        residuals -= means[i]
        covariance += residuals.T @ residuals
    covariance /= feats.shape[0]
    values, vectors = np.linalg.eigh(covariance)
    floor = max(float(np.trace(covariance)) / covariance.shape[0], 1e-12) * SHRINK
    precision = (vectors / np.maximum(values, floor)) @ vectors.T
    name = fitted.source.name
    component = Component(
        name, classes, means.astype(np.float32), precision.astype(np.float32), 0.0
    )
    threshold = float(np.percentile(component.distances(fitted.held), fitted.source.quantile))
    if not math.isfinite(threshold):
        return None
    spreads = None
    if class_spreads:
        quantile = fitted.source.spread_quantile
        spreads = fit_spreads(feats, labels, classes, fitted.held, quantile)
    return Component(name, classes, component.means, component.precision, threshold, spreads)


def fit_typicality(model, sources: list[Source]) -> Typicality | None:
    """The statistics of every source that has enough digits; None when none has. The
    prototypes come from all of them, thresholded on the first source's held-out digits (the
    CNN's of both kinds at ``CNN_PROTOTYPE_QUANTILE``)."""
    fitted = [
        f for f in (_features_of(model, s) for s in sources if not s.non_digits) if f is not None
    ]
    cnn = _is_cnn(model)
    gate, shipped = _gate(sources, fitted, shipped_only=cnn)
    if shipped and fitted and not cnn:  # the gate catches what the looser questions let pass
        fitted[0] = _gated(fitted[0])
    components = [c for c in (fit_component(f, not cnn) for f in fitted) if c is not None]
    if not components:
        return None
    labels = [f.labels for f in fitted]
    prototype_quantile = GATED_QUANTILE if shipped else PROTOTYPE_QUANTILE
    prototypes = fit_prototypes(
        [f.train for f in fitted],
        labels,
        fitted[0].held,
        quantile=CNN_PROTOTYPE_QUANTILE if cnn else prototype_quantile,
    )
    conv = None
    if cnn:
        conv = fit_prototypes(
            [f.conv_train for f in fitted],
            labels,
            fitted[0].conv_held,
            per_class=CONV_PER_CLASS,
            quantile=CNN_PROTOTYPE_QUANTILE,
            dtype=np.float16,
        )
    return Typicality(tuple(components), params_digest(model), prototypes, conv, gate)


def _gated(fitted: _Fitted) -> _Fitted:
    """The first kind's digits with every quantile of theirs at least ``GATED_QUANTILE``."""
    source = fitted.source
    source = replace(
        source,
        quantile=max(source.quantile, GATED_QUANTILE),
        spread_quantile=max(source.spread_quantile, GATED_QUANTILE),
    )
    return replace(fitted, source=source)


def _gate(
    sources: list[Source], fitted: list[_Fitted], shipped_only: bool = False
) -> tuple[NonDigitGate | None, bool]:
    """The non-digit gate on the fitted sources' digits against the non-digits (None without),
    and whether it is the shipped one (``mugui.shipped_gate``: fitted for exactly these rows);
    with ``shipped_only`` (the CNN's) no other."""
    rows = gate_rows([f.source for f in fitted] + [s for s in sources if s.non_digits])
    if rows is None:
        return None, False
    shipped = shipped_gate(rows_digest(*rows))
    if shipped is not None:
        return shipped, True
    if shipped_only:
        return None, False
    return gate_for(*rows), False  # fitted once a process for these rows


def gate_rows(
    sources: list[Source],
) -> tuple[list[np.ndarray], np.ndarray, list[np.ndarray]] | None:
    """What a gate learns from: each digit source's training rows and held-out rows of its
    digits, and every non-digit source's rows together; None without non-digits."""
    non_digits = [s.train_x for s in sources if s.non_digits]
    if not non_digits:
        return None
    kinds = [(s, _digit_classes(s)) for s in sources if not s.non_digits]
    digits = [_rows_of(s.train_x, s.train_y, classes) for s, classes in kinds]
    held = [_rows_of(s.held_x, s.held_y, classes) for s, classes in kinds]
    return digits, np.concatenate(non_digits), held


def _rows_of(images: np.ndarray, labels: np.ndarray, classes: tuple[int, ...]) -> np.ndarray:
    """The rows of ``classes`` (``images`` itself, not a copy, when every row is one)."""
    keep = np.isin(np.asarray(labels), classes)
    return images if keep.all() else images[keep]


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
    stats = Typicality.from_meta(meta.get(META_KEY), _feature_width(model))
    if stats is None or stats.digest != params_digest(model):
        return None
    return stats
