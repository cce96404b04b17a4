"""Load a folder of MNIST-format IDX files (MNIST, Fashion-MNIST, any 10-class set) as a Dataset.

With the t10k files present they are the test set; with training files only, a fixed stratified
80/20 split is made, as the C original did. Known sets are recognised by the SHA-256 of their
decompressed label files and get their class names; a ``classes.txt`` (10 lines) names any other.
"""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path

import numpy as np

from mugui.data.dataset import DIGIT_NAMES, N_CLASSES, Dataset
from mugui.data.idx import LABEL_MAGIC, read_idx_pair
from mugui.errors import DataError

SPLIT_SEED = 20240607
TEST_FRACTION = 0.2
CLASSES_FILE = "classes.txt"
MAX_CLASSES_FILE_BYTES = 4096  # ten names of at most MAX_CLASS_NAME characters fit many times
MAX_CLASS_NAME = 40
FASHION_NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)

# SHA-256 of the decompressed train-labels file (header included) -> (name, class names).
KNOWN_TRAIN_LABELS = {
    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5": ("MNIST", DIGIT_NAMES),
    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9": (
        "Fashion-MNIST",
        FASHION_NAMES,
    ),
}


def _idx_file(folder: Path, split: str, kind: str) -> Path | None:
    """The IDX file of ``split`` ("train"/"t10k") and ``kind`` ("images"/"labels") in folder.

    Accepts the standard names (``train-images-idx3-ubyte``), the dotted ones
    (``train-images.idx3-ubyte``), each optionally gzipped.
    """
    ndim = 3 if kind == "images" else 1
    for stem in (f"{split}-{kind}-idx{ndim}-ubyte", f"{split}-{kind}.idx{ndim}-ubyte"):
        for name in (stem, stem + ".gz"):
            if (folder / name).is_file():
                return folder / name
    return None


def load_folder(folder: str | os.PathLike) -> Dataset:
    """Read the IDX files of folder into a Dataset, naming the classes where the set is known."""
    folder = Path(folder)
    files = {
        (split, kind): _idx_file(folder, split, kind)
        for split in ("train", "t10k")
        for kind in ("images", "labels")
    }
    if not any(files.values()):
        raise DataError(
            f"{folder} holds no MNIST-format IDX files "
            "(expected train-images-idx3-ubyte and train-labels-idx1-ubyte, optionally .gz)"
        )
    for split in ("train", "t10k"):
        present = [kind for kind in ("images", "labels") if files[split, kind]]
        if len(present) == 1:
            missing = "labels" if present == ["images"] else "images"
            raise DataError(f"{folder} has {split} {present[0]} but no {split} {missing} file")
    if not files["train", "images"]:
        raise DataError(f"{folder} has test (t10k) files but no training files")
    train_x, train_y = read_idx_pair(files["train", "images"], files["train", "labels"])
    name, class_names = _identify(folder, train_y)
    if files["t10k", "images"]:
        test_x, test_y = read_idx_pair(files["t10k", "images"], files["t10k", "labels"])
        split_note = "t10k files are the test set"
    else:
        train_idx, test_idx = stratified_split(train_y, TEST_FRACTION, SPLIT_SEED)
        train_x, train_y, test_x, test_y = (
            train_x[train_idx],
            train_y[train_idx],
            train_x[test_idx],
            train_y[test_idx],
        )
        split_note = "stratified 80/20 split of the training files"
    return Dataset(
        name=name,
        train_x=train_x,
        train_y=train_y,
        test_x=test_x,
        test_y=test_y,
        class_names=class_names,
        source=str(folder.resolve()),
        extra={"split": split_note},
    )


def stratified_split(
    labels: np.ndarray,
    test_fraction: float,
    seed: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Sorted train and test indices with each class split in the same proportion.

    Per-class test counts use the largest-remainder method, so they total round(N·fraction)
    and differ from the exact proportion by less than one sample.
    """
    labels = np.asarray(labels)
    counts = np.bincount(labels, minlength=N_CLASSES)
    exact = counts * test_fraction
    n_test = np.floor(exact).astype(np.int64)
    shortfall = int(round(labels.size * test_fraction)) - int(n_test.sum())
    n_test[np.argsort(-(exact - n_test), kind="stable")[:shortfall]] += 1
    rng = np.random.default_rng(seed)
    test_parts = []
    for c in range(N_CLASSES):
        members = np.flatnonzero(labels == c)
        test_parts.append(rng.permutation(members)[: n_test[c]])
    is_test = np.zeros(labels.size, dtype=bool)
    is_test[np.concatenate(test_parts)] = True
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)


def _identify(folder: Path, train_labels: np.ndarray) -> tuple[str, tuple[str, ...]]:
    """The set's name and class names: from classes.txt, else from the known label files."""
    header = struct.pack(">II", LABEL_MAGIC, train_labels.size)
    digest = hashlib.sha256(header + train_labels.tobytes()).hexdigest()
    name, class_names = KNOWN_TRAIN_LABELS.get(digest, (folder.resolve().name, DIGIT_NAMES))
    marker = folder / CLASSES_FILE
    if marker.is_file():
        try:
            with marker.open("rb") as handle:
                raw = handle.read(MAX_CLASSES_FILE_BYTES + 1)
            lines = raw.decode("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"{marker} cannot be read ({exc})") from None
        if len(raw) > MAX_CLASSES_FILE_BYTES:
            raise DataError(f"{marker} is larger than {MAX_CLASSES_FILE_BYTES} bytes")
        class_names = tuple(line.strip() for line in lines if line.strip())
        if len(class_names) != N_CLASSES:
            raise DataError(
                f"{marker} must name 10 classes, one per line; it names {len(class_names)}"
            )
        if max(len(name) for name in class_names) > MAX_CLASS_NAME:
            raise DataError(f"{marker}: a class name is longer than {MAX_CLASS_NAME} characters")
    return name, class_names
