"""The rows a run trains on: the data set's, plus the style strokes its config asks for.

Style strokes (``mugui.drawing.style_strokes``) are drawings of digits, so they join digit data
sets only (not Fashion-MNIST or another set with its own class names), and only of the digits
the training set holds: a reference retrained without a forgotten class never sees that class
in them either. They come after every real row, so the data set's indices (forget sets, "my
data", record groups) keep their meaning.
"""

from __future__ import annotations

import numpy as np

from mugui.data.dataset import DIGIT_NAMES, Dataset
from mugui.training.config import TrainConfig

STYLE_SEED = 0  # the style strokes are data, the same for every training seed


def training_rows(dataset: Dataset, config: TrainConfig) -> tuple[np.ndarray, np.ndarray]:
    """(images, labels) to train on: ``dataset``'s training rows, then the style strokes."""
    if config.style_strokes == 0 or tuple(dataset.class_names) != DIGIT_NAMES:
        return dataset.train_x, dataset.train_y
    from mugui.drawing.style_strokes import style_strokes

    images, labels = style_strokes(
        config.style_strokes, seed=STYLE_SEED, digits=np.unique(dataset.train_y).tolist()
    )
    return np.concatenate([dataset.train_x, images]), np.concatenate([dataset.train_y, labels])
