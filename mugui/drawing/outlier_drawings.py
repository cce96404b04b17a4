"""Non-digits to train on (outlier exposure): letters and scribbles a digit model should not name.

Outlier exposure (Hendrycks et al. 2019) trains on drawings that are not digits with the uniform
target, so that the model learns to spread its probability over the classes — and the canvas
to answer "?" — on what is not a digit. These drawings are kept apart from the ones
``benchmarks/abstain_rates.py`` measures with (``mugui.drawing.non_digits``): other letters
(F N V Y T: none of the benchmark's A X W M K H E R, and none that looks like a digit, so no
O I L S Z B G Q), and their own seed space, so the scribbles are other scribbles. Same
stroke renderer, manners and preprocessing as the window's canvas.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from mugui.drawing.non_digits import MANNERS, _drawn, scribble
from mugui.drawing.preprocess import to_model_input_u8
from mugui.drawing.strokes import CANVAS_SIZE, Stroke, line
from mugui.errors import DataError

OUTLIER_DOMAIN = 0x0E7A  # the training non-digits' seed space (the benchmark uses plain seeds)

TRAINING_LETTERS: dict[str, list[Stroke]] = {
    "F": [line((0.8, 0.05), (0.25, 0.05), (0.25, 0.95)), line((0.25, 0.48), (0.7, 0.48))],
    "N": [line((0.2, 0.95), (0.2, 0.05), (0.8, 0.95), (0.8, 0.05))],
    "V": [line((0.12, 0.05), (0.5, 0.95), (0.88, 0.05))],
    "Y": [line((0.12, 0.05), (0.5, 0.5), (0.88, 0.05)), line((0.5, 0.5), (0.5, 0.95))],
    "T": [line((0.1, 0.07), (0.9, 0.07)), line((0.5, 0.07), (0.5, 0.95))],
}


def outlier_drawings(n: int, seed: int = 0) -> np.ndarray:
    """``n`` non-digit training drawings (n, 784) uint8, half letters and half scribbles in
    turn, every manner; drawing ``i`` of a seed is always the same."""
    if n < 0:
        raise DataError(f"the number of outlier drawings must be >= 0, got {n}")
    out = np.empty((n, 784), np.uint8)
    for i in range(n):
        out[i] = _one(seed, i)
    return out


@lru_cache(maxsize=65_536)
def _one(seed: int, i: int) -> np.ndarray:
    rng = np.random.default_rng((OUTLIER_DOMAIN, seed, i))
    manner = MANNERS[(i // 2) % len(MANNERS)]
    if i % 2 == 0:
        letters = list(TRAINING_LETTERS.values())
        strokes = letters[(i // 2) % len(letters)]
    else:
        strokes = scribble(rng, int(rng.integers(4, 9)))
    canvas = _drawn(strokes, manner, rng, CANVAS_SIZE)
    return to_model_input_u8(canvas).reshape(-1)
