"""Non-digits to train on (outlier exposure): letters, symbols and scribbles a digit model should not name.

Outlier exposure (Hendrycks et al. 2019) trains on drawings that are not digits with the uniform
target, so that the model learns to spread its probability over the classes — and the canvas
to answer "?" — on what is not a digit. These drawings are kept apart from the ones
``benchmarks/abstain_rates.py`` measures with (``mugui.drawing.non_digits``): other shapes
(``mugui.drawing.outlier_shapes``: none of the benchmark's letters A X W M K H E R, nothing that
looks like a digit) and their own seed space, so the scribbles are other scribbles. Same
stroke renderer (its numba pen), manners and preprocessing as the window's canvas.

Drawing ``i`` of a seed is always the same, from the seed sequence ``(OUTLIER_DOMAIN, seed, i)``:
a shape when ``i`` is even (the shapes in turn), a scribble when odd (the scribble kinds in turn,
each through every manner), in manner ``i // 2`` (cycling). The first ``SHIPPED_COUNT`` drawings
of seed 0 ship with mugui (``resources/outlier_drawings.npz``, rebuilt by
``resources/rebuild_outlier_drawings.py``) because drawing costs several ms each, most of it
the canvas's preprocessing; the rest are drawn when asked for and kept for the process.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import numpy as np

from mugui.drawing.non_digits import MANNERS
from mugui.drawing.outlier_shapes import SCRIBBLES, SHAPES, scribble_kind
from mugui.drawing.preprocess import to_model_input_u8
from mugui.drawing.strokes import CANVAS_SIZE, manner_placed, manner_size, render_pen
from mugui.errors import DataError

OUTLIER_DOMAIN = 0x0E7A  # the training non-digits' seed space (the benchmark uses plain seeds)
SHIPPED_FILE = "outlier_drawings.npz"
SHIPPED_SEED = 0
SHIPPED_COUNT = 4000  # the Healthy default preset's (mugui.presets.DRAWING_OUTLIERS)


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
    turn = i // 2
    manner = MANNERS[turn % len(MANNERS)]
    if i % 2 == 0:
        strokes = list(SHAPES.values())[turn % len(SHAPES)]
    else:
        strokes = scribble_kind(SCRIBBLES[(turn // len(MANNERS)) % len(SCRIBBLES)], rng)
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
