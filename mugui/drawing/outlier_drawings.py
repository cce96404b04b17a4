"""Non-digits to train on (outlier exposure): letters and scribbles a digit model should not name.

Outlier exposure (Hendrycks et al. 2019) trains on drawings that are not digits with the uniform
target, so that the model learns to spread its probability over the classes — and the canvas
to answer "?" — on what is not a digit. These drawings are kept apart from the ones
``benchmarks/abstain_rates.py`` measures with (``mugui.drawing.non_digits``): other letters
(F N V Y T: none of the benchmark's A X W M K H E R, and none that looks like a digit, so no
O I L S Z B G Q), and their own seed space, so the scribbles are other scribbles. Same
stroke renderer (its numba pen), manners and preprocessing as the window's canvas.

Drawing ``i`` of a seed is always the same: a letter when ``i`` is even, a scribble when odd,
in manner ``i // 2`` (cycling), from the seed sequence ``(OUTLIER_DOMAIN, seed, i)``. The first
``SHIPPED`` drawings of seed 0 ship with mugui (``resources/outlier_drawings.npz``, rebuilt by
``resources/rebuild_outlier_drawings.py``) because drawing costs about 8 ms each, most of it
the canvas's preprocessing; the rest are drawn when asked for and kept for the process.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import numpy as np

from mugui.drawing.non_digits import MANNERS, scribble
from mugui.drawing.preprocess import to_model_input_u8
from mugui.drawing.strokes import CANVAS_SIZE, Stroke, line, manner_placed, manner_size, render_pen
from mugui.errors import DataError

OUTLIER_DOMAIN = 0x0E7A  # the training non-digits' seed space (the benchmark uses plain seeds)
SHIPPED_FILE = "outlier_drawings.npz"
SHIPPED_SEED = 0

TRAINING_LETTERS: dict[str, list[Stroke]] = {
    "F": [line((0.8, 0.05), (0.25, 0.05), (0.25, 0.95)), line((0.25, 0.48), (0.7, 0.48))],
    "N": [line((0.2, 0.95), (0.2, 0.05), (0.8, 0.95), (0.8, 0.05))],
    "V": [line((0.12, 0.05), (0.5, 0.95), (0.88, 0.05))],
    "Y": [line((0.12, 0.05), (0.5, 0.5), (0.88, 0.05)), line((0.5, 0.5), (0.5, 0.95))],
    "T": [line((0.1, 0.07), (0.9, 0.07)), line((0.5, 0.07), (0.5, 0.95))],
}


def outlier_drawings(n: int, seed: int = 0) -> np.ndarray:
    """The first ``n`` non-digit training drawings of ``seed`` as (n, 784) uint8: letters and
    scribbles in turn, in every manner (a read-only array, shared)."""
    if n < 0:
        raise DataError(f"the number of outlier drawings must be >= 0, got {n}")
    return _sequence(int(n), int(seed))


@lru_cache(maxsize=2)
def _sequence(n: int, seed: int) -> np.ndarray:
    images = np.zeros((n, 784), np.uint8)
    start = 0
    if seed == SHIPPED_SEED:
        ready = shipped()
        start = min(n, ready.shape[0])
        images[:start] = ready[:start]
    for i in range(start, n):
        images[i] = draw_one(i, seed)
    images.flags.writeable = False
    return images


def draw_one(i: int, seed: int) -> np.ndarray:
    """Drawing ``i`` of ``seed``'s sequence: its model input (784 uint8)."""
    rng = np.random.default_rng((OUTLIER_DOMAIN, seed, i))
    manner = MANNERS[(i // 2) % len(MANNERS)]
    if i % 2 == 0:
        letters = list(TRAINING_LETTERS.values())
        strokes = letters[(i // 2) % len(letters)]
    else:
        strokes = scribble(rng, int(rng.integers(4, 9)))
    side, width = manner_size(manner, rng, CANVAS_SIZE, thick=(30.0, 40.0), small=(0.2, 0.3))
    placed, _ = manner_placed(strokes, manner, rng, CANVAS_SIZE, side)
    canvas = render_pen([(stroke, np.full(len(stroke), width)) for stroke in placed], CANVAS_SIZE)
    return to_model_input_u8(canvas).reshape(-1)


def generate(n: int, seed: int) -> np.ndarray:
    """The first ``n`` drawings of ``seed``, all drawn now (what the shipped file holds)."""
    images = np.zeros((n, 784), np.uint8)
    for i in range(n):
        images[i] = draw_one(i, seed)
    return images


@lru_cache(maxsize=1)
def shipped() -> np.ndarray:
    """The shipped drawings of seed 0 (none when the file is missing: they are drawn instead)."""
    resource = files("mugui_resources") / SHIPPED_FILE
    try:
        with resource.open("rb") as stream, np.load(stream, allow_pickle=False) as npz:
            images = npz["images"]
    except FileNotFoundError:
        return np.zeros((0, 784), np.uint8)
    except (OSError, ValueError, KeyError) as error:
        raise DataError(
            f"the shipped outlier drawings {SHIPPED_FILE} are damaged: {error}"
        ) from None
    if images.dtype != np.uint8 or images.ndim != 2 or images.shape[1] != 784:
        raise DataError(f"the shipped outlier drawings {SHIPPED_FILE} are not mugui's")
    return images
