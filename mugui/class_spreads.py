"""Class spreads: each class's own shape in a model's features, for the typicality check.

The check's Gaussians (``mugui.typicality``) share one covariance between the classes: every
class is taken to be as wide as the average class in every direction. A 1 spreads along a few
directions, an 8 along others; a letter whose features sit beside a class's mean but off the
directions that class's digits vary in looks typical under the shared spread. So each class
also keeps its **own** spread: the ``RANK`` directions its training digits vary in most
(eigenvectors of its covariance) with their variances; every other direction counts at the
``SHRINK`` floor (a tenth of the mean variance), which also holds the kept variances up. The
squared distance to a class under that spread is

    |r|² / floor − Σ_k (1/floor − 1/variance_k) (u_k · r)²,  r = features − class mean,

which is the Mahalanobis distance of the class's covariance floored and cut to ``RANK``
directions — 64 of 256 kept ~ the same answers as all of them, in a quarter of the room
(64 KB a class in float32). An input is far when that distance to its nearest class is above
what a set share of held-out digits stay within.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

RANK = 64  # directions kept a class
SHRINK = 0.1  # no direction thinner than this share of the mean within-class variance
ROWS_AT_ONCE = 64  # rows whose distances to every class are taken in one product


@dataclass(frozen=True)
class ClassSpreads:
    """Per class: its mean, its widest directions and their weights; the floor and threshold."""

    means: np.ndarray  # (classes, features) float32
    directions: np.ndarray  # (classes, RANK, features) float32, unit rows (zero rows unused)
    weights: np.ndarray  # (classes, RANK) float32: 1/floor − 1/variance (0 for unused rows)
    floor: float  # the variance every other direction counts at
    threshold: float

    @cached_property
    def _products(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """What a distance multiplies by, made once: every direction as one matrix's columns,
        each class mean along its directions, the means in float64 and their squared norms."""
        classes, rank, width = self.directions.shape
        columns = np.ascontiguousarray(self.directions.reshape(classes * rank, width).T)
        at_means = np.einsum("crf,cf->cr", self.directions, self.means)
        means = self.means.astype(np.float64)
        return columns, at_means, means, (means * means).sum(axis=1)

    def distances(self, feats: np.ndarray) -> np.ndarray:
        """Squared distance of each row of ``feats`` to its nearest class under its spread
        (two matrix products a block of rows: a drawing costs about as much as one layer)."""
        columns, at_means, means, norms = self._products
        classes, rank = self.weights.shape
        feats = np.asarray(feats)
        best = np.full(feats.shape[0], np.inf)
        for start in range(0, feats.shape[0], ROWS_AT_ONCE):
            rows = feats[start : start + ROWS_AT_ONCE].astype(np.float64)
            # features of a diverged model overflow float32 here: inf - inf made such a row
            # -inf or NaN away, i.e. typical; a distance that is not a number is taken as far
            with np.errstate(over="ignore", invalid="ignore"):
                along = (rows.astype(np.float32) @ columns).reshape(-1, classes, rank) - at_means
                squared = (rows * rows).sum(axis=1)[:, None] - 2.0 * rows @ means.T + norms
                squared /= self.floor
                squared -= (along * along * self.weights).sum(axis=2)
            squared[~np.isfinite(squared)] = np.inf
            best[start : start + ROWS_AT_ONCE] = squared.min(axis=1)
        return best


def fit_spreads(
    feats: np.ndarray,
    labels: np.ndarray,
    classes: tuple[int, ...],
    held: np.ndarray,
    quantile: float,
) -> ClassSpreads | None:
    """The spreads of ``classes`` (rows of ``feats`` labelled so), thresholded so that
    ``quantile`` percent of the ``held`` features pass; a class at a time (one features²
    covariance in memory). None when the floor or the threshold is not a finite number."""
    width = feats.shape[1]
    means = np.empty((len(classes), width), np.float32)
    spread = 0.0
    for i, c in enumerate(classes):  # the class's rows as they are: no float64 copy yet
        rows = feats[labels == c]
        mean = rows.mean(axis=0, dtype=np.float64)
        means[i] = mean
        spread += float(np.einsum("ij,ij->", rows, rows, dtype=np.float64))
        spread -= rows.shape[0] * float(mean @ mean)
    floor = spread / max(feats.shape[0], 1) / width * SHRINK
    if not (math.isfinite(floor) and floor > 0.0):
        return None
    rank = min(RANK, width)
    directions = np.zeros((len(classes), rank, width), np.float32)
    weights = np.zeros((len(classes), rank), np.float32)
    for i, c in enumerate(classes):
        residuals = feats[labels == c].astype(np.float64)
        residuals -= residuals.mean(axis=0)
        values, vectors = np.linalg.eigh(residuals.T @ residuals / residuals.shape[0])
        wide = np.flatnonzero(values > floor)[::-1][:rank]  # widest first
        directions[i, : wide.size] = vectors[:, wide].T
        weights[i, : wide.size] = 1.0 / floor - 1.0 / values[wide]
    spreads = ClassSpreads(means, directions, weights, floor, 0.0)
    with np.errstate(invalid="ignore"):  # a diverged model's held rows are at inf: inf - inf
        threshold = float(np.percentile(spreads.distances(held), quantile))
    if not math.isfinite(threshold):
        return None
    return ClassSpreads(means, directions, weights, floor, threshold)
