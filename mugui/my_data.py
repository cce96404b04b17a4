"""*My data* from files: the user's own drawings, to mix into the training set.

Two sources: an experiment file saved by the window (``File → Save experiment``), which holds
the drawings added with *Add to my data*; or a folder with one subfolder per digit (``0/`` …
``9/``) of image files (PNG, JPEG…, any size, either polarity), each preprocessed exactly as
the canvas is. Either way the drawings become the last rows of the training set
(:meth:`mugui.data.dataset.Dataset.with_user_samples`), where "forget my data" finds them.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from mugui.data.dataset import N_CLASSES, N_PIXELS
from mugui.drawing.image_file import load_model_input
from mugui.errors import DataError
from mugui.experiment import MAX_USER_SAMPLES, load_experiment

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}


def load_my_data(path: str | os.PathLike) -> tuple[np.ndarray, np.ndarray]:
    """(images (n, 784) uint8, labels (n,) uint8) from an experiment file or a digit folder."""
    path = Path(path).expanduser()
    if path.is_dir():
        return _from_folder(path)
    if not path.is_file():
        raise DataError(f"no drawings at {path} (give an experiment file or a folder of 0/..9/)")
    experiment = load_experiment(path)
    if not len(experiment.user_labels):
        raise DataError(f"{path} holds no drawings of your own ('Add to my data' adds them)")
    return experiment.user_images, experiment.user_labels


def _from_folder(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    files: list[tuple[Path, int]] = []
    for digit in range(N_CLASSES):
        sub = folder / str(digit)
        if sub.is_dir():
            files += [
                (f, digit) for f in sorted(sub.iterdir()) if f.suffix.lower() in IMAGE_SUFFIXES
            ]
    if not files:
        raise DataError(f"{folder} has no drawings: put image files in subfolders 0/ to 9/")
    if len(files) > MAX_USER_SAMPLES:
        raise DataError(f"{folder} holds {len(files)} drawings, more than {MAX_USER_SAMPLES}")
    images = np.empty((len(files), N_PIXELS), np.uint8)
    for i, (file, _) in enumerate(files):
        images[i] = np.rint(load_model_input(file).reshape(-1) * 255.0).astype(np.uint8)
    return images, np.array([digit for _, digit in files], np.uint8)
