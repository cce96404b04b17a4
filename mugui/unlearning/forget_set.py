"""What to forget: a set of training indices, and a description of how it was chosen."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError


@dataclass(frozen=True, eq=False)
class ForgetSet:
    """The forget set is ``indices`` of the training set; the retain set is the rest.

    ``classes`` lists the classes forgotten *whole* (every training sample of the class), so
    that metrics can also look at the test samples of those classes.
    """

    kind: str  # "class", "fraction", "count", "random", "indices", "user"
    indices: np.ndarray
    classes: tuple[int, ...]
    description: str
    n_train: int

    def __post_init__(self) -> None:
        if self.indices.size == 0:
            raise UnlearningError(f"the forget set ({self.description}) is empty")

    def retain_indices(self) -> np.ndarray:
        keep = np.ones(self.n_train, dtype=bool)
        keep[self.indices] = False
        return np.flatnonzero(keep)

    def target_classes(self, train_labels: np.ndarray) -> tuple[int, ...]:
        """The classes whose test samples stand for the forget set: the whole classes forgotten,
        or the one class a fraction or count was drawn from; empty for random samples."""
        if self.classes:
            return tuple(self.classes)
        if self.kind in ("fraction", "count"):
            return tuple(int(c) for c in np.unique(train_labels[self.indices]))
        return ()

    def mask(self) -> np.ndarray:
        """Boolean mask over the training set, True for samples to forget."""
        out = np.zeros(self.n_train, dtype=bool)
        out[self.indices] = True
        return out

    def key(self) -> str:
        """A stable identity for caching reference models."""
        import hashlib

        return hashlib.sha256(self.indices.astype(np.int64).tobytes()).hexdigest()[:16]

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "description": self.description,
            "size": int(self.indices.size),
            "retain_size": int(self.n_train - self.indices.size),
            "classes": list(self.classes),
        }


def _check_digit(dataset: Dataset, digit: int) -> int:
    if (
        isinstance(digit, bool)
        or not isinstance(digit, int | np.integer)
        or not 0 <= int(digit) <= 9
    ):
        raise UnlearningError(f"unknown class {digit!r}: classes are 0..9")
    return int(digit)


def forget_class(dataset: Dataset, digit: int) -> ForgetSet:
    """Every training sample of class ``digit``."""
    digit = _check_digit(dataset, digit)
    name = dataset.class_names[digit]
    indices = np.flatnonzero(dataset.train_y == digit)
    return ForgetSet("class", indices, (digit,), f"class {name}", dataset.n_train)


def forget_fraction(dataset: Dataset, digit: int, fraction: float, seed: int = 0) -> ForgetSet:
    """A random ``fraction`` (0 < f <= 1) of class ``digit``'s training samples."""
    digit = _check_digit(dataset, digit)
    if not 0.0 < float(fraction) <= 1.0:
        raise UnlearningError(f"the fraction must be in (0, 1], got {fraction}")
    pool = np.flatnonzero(dataset.train_y == digit)
    count = max(1, round(float(fraction) * pool.size))
    chosen = np.sort(np.random.default_rng(seed).choice(pool, count, replace=False))
    classes = (digit,) if count == pool.size else ()
    label = f"{fraction:.0%} of class {dataset.class_names[digit]} ({count} samples)"
    return ForgetSet("fraction", chosen, classes, label, dataset.n_train)


def forget_count(dataset: Dataset, digit: int, count: int, seed: int = 0) -> ForgetSet:
    """``count`` random training samples of class ``digit``."""
    digit = _check_digit(dataset, digit)
    pool = np.flatnonzero(dataset.train_y == digit)
    if not 1 <= int(count) <= pool.size:
        raise UnlearningError(
            f"class {digit} has {pool.size} training samples; cannot forget {count}"
        )
    chosen = np.sort(np.random.default_rng(seed).choice(pool, int(count), replace=False))
    classes = (digit,) if int(count) == pool.size else ()
    return ForgetSet(
        "count",
        chosen,
        classes,
        f"{count} samples of class {dataset.class_names[digit]}",
        dataset.n_train,
    )


def forget_random(dataset: Dataset, count: int, seed: int = 0) -> ForgetSet:
    """``count`` training samples drawn uniformly at random, any class."""
    if not 1 <= int(count) < dataset.n_train:
        raise UnlearningError(f"cannot forget {count} random samples of {dataset.n_train}")
    chosen = np.sort(np.random.default_rng(seed).choice(dataset.n_train, int(count), replace=False))
    return ForgetSet("random", chosen, (), f"{count} random samples", dataset.n_train)


def forget_indices(dataset: Dataset, indices) -> ForgetSet:
    """Explicit training-set indices (e.g. from ``--forget-indices FILE``); a repeat is an error."""
    given = np.asarray(indices, dtype=np.int64).ravel()
    indices, counts = np.unique(given, return_counts=True)
    if (counts > 1).any():
        repeated = indices[counts > 1]
        shown = ", ".join(map(str, repeated[:10])) + (", …" if repeated.size > 10 else "")
        raise UnlearningError(
            f"forget indices repeat {repeated.size} value(s): {shown}; give each sample once"
        )
    if indices.size and (indices[0] < 0 or indices[-1] >= dataset.n_train):
        raise UnlearningError(f"forget indices must lie in 0..{dataset.n_train - 1}")
    if indices.size >= dataset.n_train:
        raise UnlearningError("cannot forget the whole training set")
    return ForgetSet("indices", indices, (), f"{indices.size} chosen samples", dataset.n_train)


def forget_user_data(dataset: Dataset) -> ForgetSet:
    """The user's own drawn samples ("my data")."""
    if dataset.n_user == 0:
        raise UnlearningError("there is no 'my data' to forget: add drawn samples first")
    return ForgetSet(
        "user",
        dataset.user_indices,
        (),
        f"my data ({dataset.n_user} drawn samples)",
        dataset.n_train,
    )


def merge(sets: list[ForgetSet]) -> ForgetSet:
    """One forget set holding every sample of ``sets`` (several digits picked at once)."""
    if not sets:
        raise UnlearningError("pick at least one digit to forget")
    if len(sets) == 1:
        return sets[0]
    indices = np.unique(np.concatenate([s.indices for s in sets]))
    classes = tuple(sorted({c for s in sets for c in s.classes}))
    kind = sets[0].kind if all(s.kind == sets[0].kind for s in sets) else "indices"
    description = " + ".join(s.description for s in sets)
    return ForgetSet(kind, indices, classes, description, sets[0].n_train)
