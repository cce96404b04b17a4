"""Drawings that are not digits: letters and scribbles, drawn as users draw, to test abstaining.

The same stroke renderer and the same manners as :func:`mugui.drawing.strokes.user_drawings`
(pen widths, sizes, placement, wobble, slant), so a model that answers "?" on these and a digit
on those tells a digit from what is not one, not one renderer from another. The letters are the
ones no digit resembles (no O, I, S, Z, B, G).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from mugui.drawing.strokes import (
    CANVAS_SIZE,
    Stroke,
    arc,
    chain,
    line,
    manner_placed,
    manner_size,
    render,
)

LETTER_STROKES: dict[str, list[Stroke]] = {
    "A": [line((0.15, 0.95), (0.5, 0.05), (0.85, 0.95)), line((0.3, 0.6), (0.7, 0.6))],
    "X": [line((0.15, 0.05), (0.85, 0.95)), line((0.85, 0.05), (0.15, 0.95))],
    "W": [line((0.05, 0.1), (0.25, 0.92), (0.5, 0.35), (0.75, 0.92), (0.95, 0.1))],
    "M": [line((0.1, 0.95), (0.15, 0.08), (0.5, 0.7), (0.85, 0.08), (0.9, 0.95))],
    "K": [line((0.2, 0.05), (0.2, 0.95)), line((0.8, 0.05), (0.22, 0.55), (0.8, 0.95))],
    "H": [
        line((0.2, 0.05), (0.2, 0.95)),
        line((0.8, 0.05), (0.8, 0.95)),
        line((0.2, 0.5), (0.8, 0.5)),
    ],
    "E": [
        line((0.8, 0.05), (0.2, 0.05), (0.2, 0.95), (0.8, 0.95)),
        line((0.2, 0.5), (0.7, 0.5)),
    ],
    "R": [
        chain(line((0.2, 0.95), (0.2, 0.05)), arc(0.45, 0.28, 0.3, 0.23, -90, 90)),
        line((0.45, 0.51), (0.8, 0.95)),
    ],
}
LETTERS = tuple(LETTER_STROKES)
MANNERS = ("normal", "thin", "thick", "small", "jitter", "slant")


def scribble(rng: np.random.Generator, turns: int = 6) -> list[Stroke]:
    """One pen stroke that wanders about the unit square: smooth random loops, no shape."""
    anchors = rng.uniform(0.08, 0.92, (turns, 2))
    t = np.linspace(0.0, 1.0, 24 * turns)
    knots = np.linspace(0.0, 1.0, turns)
    path = np.column_stack([np.interp(t, knots, anchors[:, k]) for k in range(2)])
    kernel = np.hanning(15)
    kernel /= kernel.sum()
    padded = np.pad(path, ((7, 7), (0, 0)), mode="edge")
    smooth = np.column_stack([np.convolve(padded[:, k], kernel, "valid") for k in range(2)])
    return [smooth]


def non_digit_drawings(
    per_manner: int = 1, seed: int = 0, size: int = CANVAS_SIZE
) -> Iterator[tuple[str, np.ndarray]]:
    """(name, canvas) for every letter and ``len(LETTERS)`` scribbles, in every manner."""
    rng = np.random.default_rng(seed)
    for manner in MANNERS:
        for _ in range(per_manner):
            for letter in LETTERS:
                yield letter, _drawn(LETTER_STROKES[letter], manner, rng, size)
            for _ in LETTERS:
                yield "scribble", _drawn(scribble(rng, int(rng.integers(4, 9))), manner, rng, size)


def _drawn(strokes: list[Stroke], manner: str, rng: np.random.Generator, size: int) -> np.ndarray:
    side, width = manner_size(manner, rng, size, thick=(30.0, 40.0), small=(0.2, 0.3))
    placed, _ = manner_placed(strokes, manner, rng, size, side)
    return render(placed, width, size)
