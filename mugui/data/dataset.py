"""The in-memory data set every part of mugui works on."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mugui.errors import DataError

N_PIXELS = 28 * 28
N_CLASSES = 10
DIGIT_NAMES = tuple(str(d) for d in range(N_CLASSES))


@dataclass(frozen=True, eq=False)
class Dataset:
    """Train and test images (uint8, one row of 784 pixels each) with their labels.

    ``n_user`` counts the user's own drawn samples ("my data"), which are always the
    last rows of the training set, so that "forget my data" is a real request.
    """

    name: str
    train_x: np.ndarray
    train_y: np.ndarray
    test_x: np.ndarray
    test_y: np.ndarray
    class_names: tuple[str, ...] = DIGIT_NAMES
    source: str = ""
    n_user: int = 0
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for part, x, y in (
            ("train", self.train_x, self.train_y),
            ("test", self.test_x, self.test_y),
        ):
            if x.dtype != np.uint8 or x.ndim != 2 or x.shape[1] != N_PIXELS:
                raise DataError(
                    f"{part} images must be uint8 of shape (N, 784), got {x.dtype} {x.shape}"
                )
            if y.dtype != np.uint8 or y.ndim != 1 or y.shape[0] != x.shape[0]:
                raise DataError(
                    f"{part} labels must be uint8 of shape ({x.shape[0]},), got {y.dtype} {y.shape}"
                )
            if y.size and int(y.max()) >= N_CLASSES:
                raise DataError(f"{part} labels must lie in 0..9, found {int(y.max())}")
        if self.train_x.shape[0] == 0:
            raise DataError("the training set is empty")
        if len(self.class_names) != N_CLASSES:
            raise DataError("a data set needs exactly 10 class names")
        if not 0 <= self.n_user <= self.train_x.shape[0]:
            raise DataError("n_user must count rows of the training set")

    @property
    def n_train(self) -> int:
        return int(self.train_x.shape[0])

    @property
    def n_test(self) -> int:
        return int(self.test_x.shape[0])

    @property
    def user_indices(self) -> np.ndarray:
        """Training-set indices of the user's own samples ("my data")."""
        return np.arange(self.n_train - self.n_user, self.n_train, dtype=np.int64)

    def with_user_samples(self, images: np.ndarray, labels: np.ndarray) -> Dataset:
        """A copy with ``images``/``labels`` appended to the training set as "my data"."""
        images = np.asarray(images)
        labels = np.asarray(labels)
        if images.dtype != np.uint8 or images.ndim != 2 or images.shape[1] != N_PIXELS:
            raise DataError("user samples must be uint8 rows of 784 pixels")
        if labels.shape != (images.shape[0],):
            raise DataError("one label per user sample is needed")
        return Dataset(
            name=self.name,
            train_x=np.concatenate([self.train_x, images]),
            train_y=np.concatenate([self.train_y, labels.astype(np.uint8)]),
            test_x=self.test_x,
            test_y=self.test_y,
            class_names=self.class_names,
            source=self.source,
            n_user=self.n_user + images.shape[0],
            extra=dict(self.extra),
        )

    def without_user_samples(self) -> Dataset:
        """The data set as loaded, without "my data"."""
        if self.n_user == 0:
            return self
        keep = self.n_train - self.n_user
        return Dataset(
            name=self.name,
            train_x=self.train_x[:keep],
            train_y=self.train_y[:keep],
            test_x=self.test_x,
            test_y=self.test_y,
            class_names=self.class_names,
            source=self.source,
            extra=dict(self.extra),
        )

    def describe(self) -> dict:
        """A JSON-ready summary (for model metadata and `mugui data info`)."""
        from mugui.data.fingerprint import train_fingerprint

        return {
            "name": self.name,
            "source": self.source,
            "fingerprint": train_fingerprint(self),
            "n_train": self.n_train,
            "n_test": self.n_test,
            "n_user": self.n_user,
            "class_names": list(self.class_names),
            "train_class_counts": np.bincount(self.train_y, minlength=N_CLASSES).tolist(),
            "test_class_counts": np.bincount(self.test_y, minlength=N_CLASSES).tolist(),
        }
