"""The stress set: digits in every catalogued style, written by varied human hands — a benchmark only.

Each drawing is a style's shape from ``stress_templates`` (random proportions), written on the
280×280 canvas by a random :class:`~mugui.drawing.hand.Hand` (mouse or pen, small to large,
anywhere on the pad, leaning, wobbling, overshooting, lifting the pen) and turned into the
model's 28×28 input by the window's own preprocessing. Every random draw comes from the seed
sequence ``(STRESS_DOMAIN, seed, style, k)``: the training strokes draw from another domain and
other shapes, so nothing here is ever trained on (a test checks that no image is shared).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mugui.drawing.hand import HandRanges, random_hand, write
from mugui.drawing.preprocess import to_model_input_u8
from mugui.drawing.stress_templates import STRESS_TEMPLATES
from mugui.drawing.strokes import CANVAS_SIZE, Stroke, render_pen
from mugui.drawing.style_catalogue import STYLES

STRESS_DOMAIN = 0x57E55  # the stress set's seed space (the training strokes use another)
BENCHMARK_SEED = 2026  # the fixed seed of the published per-style figures
PER_STYLE = 60  # drawings per style in the benchmark


@dataclass(frozen=True)
class StressSet:
    """Model inputs (N, 784) uint8, labels (N,) uint8 and each drawing's style name."""

    images: np.ndarray
    labels: np.ndarray
    styles: tuple[str, ...]
    seed: int

    def __len__(self) -> int:
        return int(self.labels.shape[0])


@dataclass(frozen=True)
class StressDrawing:
    """One stress drawing before preprocessing: its style, digit, canvas and pen strokes."""

    style: str
    digit: int
    canvas: np.ndarray
    strokes: list[tuple[np.ndarray, np.ndarray]]


def stress_drawing(style_index: int, k: int, seed: int = BENCHMARK_SEED) -> StressDrawing:
    """The ``k``-th drawing of the catalogue's ``style_index``-th style for ``seed``."""
    style = STYLES[style_index]
    rng = np.random.default_rng([STRESS_DOMAIN, seed, style_index, k])
    skeleton: list[Stroke] = STRESS_TEMPLATES[style.name](rng)
    hand = random_hand(rng, HandRanges())
    strokes = write(skeleton, hand, rng)
    return StressDrawing(style.name, style.digit, render_pen(strokes, CANVAS_SIZE), strokes)


def stress_set(per_style: int = PER_STYLE, seed: int = BENCHMARK_SEED) -> StressSet:
    """``per_style`` drawings of every style, preprocessed as the window does; same seed, same set."""
    if per_style < 1:
        raise ValueError(f"per_style must be at least 1, got {per_style}")
    images, labels, names = [], [], []
    for index, style in enumerate(STYLES):
        for k in range(per_style):
            drawing = stress_drawing(index, k, seed)
            images.append(to_model_input_u8(drawing.canvas).reshape(-1))
            labels.append(style.digit)
            names.append(style.name)
    return StressSet(np.asarray(images, np.uint8), np.asarray(labels, np.uint8), tuple(names), seed)
