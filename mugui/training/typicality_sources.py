"""What a run's typicality check is fitted on (``mugui.typicality``): its digits, by kind.

The data set's training rows are one kind, held out against the even half of its test split
(the half the temperature is fitted on), at its 99.5th percentile: they face the prototypes'
99th as well. The style strokes a run trains on are the other: the
first ``style_strokes`` drawings of the style-stroke sequence, held out against the
``HELD_OUT_DRAWINGS`` that follow them — drawn like them, never trained on. The non-digits of
outlier exposure are in neither: they are a source of their own, marked ``non_digits``, that
only the non-digit gate (``mugui.non_digit_gate``) learns from. Given the retained data after
unlearning, the same rules leave the forget set out, and a forgotten class's style strokes with
it.
"""

from __future__ import annotations

import numpy as np

from mugui.data.dataset import DIGIT_NAMES, Dataset
from mugui.training.config import TrainConfig
from mugui.training.style_mix import OUTLIER_SEED, STYLE_SEED
from mugui.typicality import Source
from mugui_kernels.train_args import OUTLIER_LABEL

HELD_OUT_DRAWINGS = 1000
DATA_SET_QUANTILE = 99.5  # with the prototypes' 99 %, about 1.5 % of held-out digits abstain
DRAWN_SPREADS = 99.8  # the class spreads of drawn digits: the stress set keeps its score
DATA_SET = "the data set's digits"
DRAWN = "drawn digits (style strokes)"
NON_DIGITS = "non-digits (outlier exposure)"


def typicality_sources(dataset: Dataset, config: TrainConfig) -> list[Source]:
    """The data set's digits, the drawn ones when the run trains on style strokes, and its
    non-digits when it trains on those."""
    sources = [
        Source(
            DATA_SET,
            dataset.train_x,
            dataset.train_y,
            dataset.test_x[0::2],
            dataset.test_y[0::2],
            quantile=DATA_SET_QUANTILE,
        )
    ]
    if config.style_strokes > 0 and tuple(dataset.class_names) == DIGIT_NAMES:
        from mugui.drawing.style_strokes import style_strokes

        n = config.style_strokes
        images, labels = style_strokes(
            n + HELD_OUT_DRAWINGS, seed=STYLE_SEED, digits=np.unique(dataset.train_y).tolist()
        )
        held_x, held_y = images[n:], labels[n:]
        sources.append(
            Source(DRAWN, images[:n], labels[:n], held_x, held_y, spread_quantile=DRAWN_SPREADS)
        )
    if config.outlier_exposure > 0 and tuple(dataset.class_names) == DIGIT_NAMES:
        from mugui.drawing.outlier_drawings import outlier_drawings

        drawings = outlier_drawings(config.outlier_exposure, seed=OUTLIER_SEED)
        labels = np.full(drawings.shape[0], OUTLIER_LABEL, np.uint8)
        held = (drawings[:0], labels[:0])
        sources.append(Source(NON_DIGITS, drawings, labels, *held, non_digits=True))
    return sources
