"""Prototypes: the directions a model's features take for each class, for the typicality check.

Class Gaussians (``mugui.typicality``) describe each class by one centre and one shared spread;
a scribble can sit inside that ellipsoid yet point nowhere a digit's features point. So the check
also keeps ``PER_CLASS`` prototypes a class — k-means centres of the unit-length features of its
training digits — and calls an input atypical when the cosine between its features and the
nearest prototype falls below what 99 % of held-out digits reach. k-means starts from a seeded
draw, so the same model and data give the same prototypes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

PER_CLASS = 30
ITERATIONS = 20
SEED = 0
QUANTILE = 99.0


def unit_rows(feats: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (all-zero rows stay zero)."""
    feats = np.asarray(feats, np.float64)
    return feats / np.maximum(np.linalg.norm(feats, axis=1, keepdims=True), 1e-12)


@dataclass(frozen=True)
class Prototypes:
    centres: np.ndarray  # (prototypes, features) float32 (or float16), unit rows
    threshold: float  # cosine distance (1 - cosine) beyond which an input is atypical

    @cached_property
    def _columns(self) -> np.ndarray:
        """The centres as float64 columns, converted once (float16 converts slowly)."""
        return np.ascontiguousarray(self.centres.astype(np.float64).T)

    def distances(self, feats: np.ndarray) -> np.ndarray:
        """1 − the cosine between each row of ``feats`` and its nearest prototype."""
        return 1.0 - (unit_rows(feats) @ self._columns).max(axis=1)


def kmeans(rows: np.ndarray, k: int, seed: int = SEED) -> np.ndarray:
    """``k`` centres of ``rows`` by Lloyd's iterations from a seeded draw of rows."""
    k = min(k, rows.shape[0])
    rng = np.random.default_rng(seed)
    centres = rows[rng.choice(rows.shape[0], k, replace=False)].copy()
    squared = (rows * rows).sum(axis=1)
    for _ in range(ITERATIONS):
        nearest = (
            squared[:, None] - 2.0 * rows @ centres.T + (centres * centres).sum(axis=1)
        ).argmin(axis=1)
        for j in range(k):
            members = rows[nearest == j]
            if members.shape[0]:
                centres[j] = members.mean(axis=0)
    return centres


def fit_prototypes(
    train_feats: np.ndarray | Sequence[np.ndarray],
    train_y: np.ndarray | Sequence[np.ndarray],
    held_feats: np.ndarray,
    per_class: int = PER_CLASS,
    quantile: float = QUANTILE,
    dtype: type = np.float32,
) -> Prototypes | None:
    """``per_class`` prototypes of every class in ``train_y`` (kept as ``dtype``) and the
    threshold that ``quantile`` percent of ``held_feats`` pass; None when there is nothing to
    fit or measure. The training rows may come in blocks (a list of arrays, their labels in a
    list alike), never joined: a class's rows are gathered from each, as unit rows in float64.
    The threshold is measured with the centres as kept, so a file that stores them as
    ``dtype`` checks exactly as the fit did."""
    blocks = [train_feats] if isinstance(train_feats, np.ndarray) else list(train_feats)
    labels = [train_y] if isinstance(train_y, np.ndarray) else list(train_y)
    if sum(b.shape[0] for b in blocks) == 0 or held_feats.shape[0] == 0:
        return None
    centres = []
    for c in np.unique(np.concatenate(labels)):
        rows = np.concatenate([b[y == c] for b, y in zip(blocks, labels, strict=True)])
        centres.append(kmeans(unit_rows(rows), per_class, SEED + int(c)))
    prototypes = Prototypes(unit_rows(np.concatenate(centres)).astype(dtype), 0.0)
    threshold = float(np.percentile(prototypes.distances(held_feats), quantile))
    if not math.isfinite(threshold):
        return None
    return Prototypes(prototypes.centres, threshold)
