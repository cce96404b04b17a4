"""The rows a run trains on: the data set's, plus the style strokes and the non-digits (outlier
exposure) its config asks for.

Style strokes (``mugui.drawing.style_strokes``) are drawings of digits, so they join digit data
sets only (not Fashion-MNIST or another set with its own class names), and only of the digits
the training set holds: a reference retrained without a forgotten class never sees that class
in them either. They come after every real row, so the data set's indices (forget sets, "my
data", record groups) keep their meaning. The non-digits (``mugui.drawing.outlier_drawings``)
come last, labelled ``OUTLIER_LABEL`` (past the classes): the kernels train them toward the
uniform target and never count them correct.
"""

from __future__ import annotations

import numpy as np

from mugui.data.dataset import DIGIT_NAMES, Dataset
from mugui.training.config import TrainConfig
from mugui_kernels.train_args import OUTLIER_LABEL

STYLE_SEED = 0  # the style strokes are data, the same for every training seed
OUTLIER_SEED = 0  # so are the non-digits


def training_rows(dataset: Dataset, config: TrainConfig) -> tuple[np.ndarray, np.ndarray]:
    """(images, labels) to train on: ``dataset``'s training rows, the style strokes, then the
    non-digits labelled ``OUTLIER_LABEL``."""
    if tuple(dataset.class_names) != DIGIT_NAMES:
        return dataset.train_x, dataset.train_y
    images, labels = [dataset.train_x], [dataset.train_y]
    if config.style_strokes > 0:
        from mugui.drawing.style_strokes import style_strokes

        style_x, style_y = style_strokes(
            config.style_strokes, seed=STYLE_SEED, digits=np.unique(dataset.train_y).tolist()
        )
        images.append(style_x)
        labels.append(style_y)
    if config.outlier_exposure > 0:
        from mugui.drawing.outlier_drawings import outlier_drawings

        images.append(outlier_drawings(config.outlier_exposure, seed=OUTLIER_SEED))
        labels.append(np.full(config.outlier_exposure, OUTLIER_LABEL, np.uint8))
    if len(images) == 1:
        return dataset.train_x, dataset.train_y
    return np.concatenate(images), np.concatenate(labels)
