"""The shapes of the non-digits trained toward "no idea": letters, symbols and scribble kinds.

Outlier exposure (``mugui.drawing.outlier_drawings``) draws these; the abstain benchmark
(``mugui.drawing.non_digits``) measures with others. Kept out on purpose:
- the benchmark's letters A X W M K H E R, and shapes that copy one of them (×, a zigzag);
- anything a digit can look like: the letters O I L S Z B G Q, and C D J U (an open or closed
  0, a hooked 1 or 9), the symbols & ∞ (an 8), @ % (loops of 0, 6 and 9), $ (a 5), ! (a 1),
  ? (a 2 or 7), ↑ ↓ (a flagged 1), a triangle (a closed 4), a box (a 0).
Two of them share strokes with a benchmark letter, which the README says beside the figures:
# with H (its two uprights and a bar) and P with R (its upright and bowl).

Every shape is pen strokes in the unit square (x right, y down), like ``DIGIT_STROKES``.
"""

from __future__ import annotations

import numpy as np

from mugui.drawing.non_digits import scribble
from mugui.drawing.strokes import Stroke, arc, chain, line


def _star() -> list[Stroke]:
    angles = np.radians(-90.0 + 144.0 * np.arange(6))
    return [np.column_stack([0.5 + 0.45 * np.cos(angles), 0.52 + 0.45 * np.sin(angles)])]


def _wave() -> list[Stroke]:
    x = np.linspace(0.05, 0.95, 40)
    return [np.column_stack([x, 0.5 - 0.18 * np.sin(x * 4.0 * np.pi)])]


def _sun() -> list[Stroke]:
    rays = [
        line(
            (0.5 + 0.3 * np.cos(a), 0.5 + 0.3 * np.sin(a)),
            (0.5 + 0.47 * np.cos(a), 0.5 + 0.47 * np.sin(a)),
        )
        for a in np.radians(np.arange(0.0, 360.0, 45.0))
    ]
    return [arc(0.5, 0.5, 0.2, 0.2, 0, 360), *rays]


SHAPES: dict[str, list[Stroke]] = {
    "F": [line((0.8, 0.05), (0.25, 0.05), (0.25, 0.95)), line((0.25, 0.48), (0.7, 0.48))],
    "N": [line((0.2, 0.95), (0.2, 0.05), (0.8, 0.95), (0.8, 0.05))],
    "V": [line((0.12, 0.05), (0.5, 0.95), (0.88, 0.05))],
    "Y": [line((0.12, 0.05), (0.5, 0.5), (0.88, 0.05)), line((0.5, 0.5), (0.5, 0.95))],
    "T": [line((0.1, 0.07), (0.9, 0.07)), line((0.5, 0.07), (0.5, 0.95))],
    "P": [chain(line((0.25, 0.95), (0.25, 0.05)), arc(0.45, 0.27, 0.3, 0.22, -90, 90))],
    "π": [
        line((0.08, 0.22), (0.92, 0.2)),
        line((0.33, 0.21), (0.3, 0.92)),
        line((0.67, 0.21), (0.72, 0.9), (0.82, 0.86)),
    ],
    "+": [line((0.5, 0.08), (0.5, 0.92)), line((0.08, 0.5), (0.92, 0.5))],
    "#": [
        line((0.38, 0.05), (0.3, 0.95)),
        line((0.72, 0.05), (0.64, 0.95)),
        line((0.08, 0.33), (0.95, 0.33)),
        line((0.05, 0.67), (0.92, 0.67)),
    ],
    "→": [line((0.05, 0.5), (0.95, 0.5)), line((0.68, 0.25), (0.95, 0.5), (0.68, 0.75))],
    "←": [line((0.95, 0.5), (0.05, 0.5)), line((0.32, 0.25), (0.05, 0.5), (0.32, 0.75))],
    "star": _star(),
    "heart": [
        chain(
            arc(0.29, 0.3, 0.21, 0.2, 0, -180),
            line((0.08, 0.32), (0.5, 0.92), (0.92, 0.32)),
            arc(0.71, 0.3, 0.21, 0.2, 0, -180)[::-1],
        )
    ],
    "smiley": [
        arc(0.5, 0.5, 0.45, 0.45, 0, 360, n=40),
        line((0.35, 0.33), (0.35, 0.4)),
        line((0.65, 0.33), (0.65, 0.4)),
        arc(0.5, 0.55, 0.22, 0.17, 20, 160),
    ],
    "check": [line((0.08, 0.55), (0.38, 0.92), (0.95, 0.06))],
    "wave": _wave(),
    "sun": _sun(),
}
SCRIBBLES = ("scribble", "two scribbles", "scratch-out")


def scribble_kind(kind: str, rng: np.random.Generator) -> list[Stroke]:
    """A scribble of ``kind`` drawn from ``rng``: one wandering stroke, two of them, or the
    back-and-forth hatching that crosses something out."""
    if kind == "scribble":
        return scribble(rng, int(rng.integers(4, 9)))
    if kind == "two scribbles":
        return scribble(rng, int(rng.integers(3, 6))) + scribble(rng, int(rng.integers(3, 6)))
    if kind == "scratch-out":
        passes = int(rng.integers(5, 10))
        top, bottom = rng.uniform(0.05, 0.3), rng.uniform(0.7, 0.95)
        y = np.linspace(top, bottom, passes) + rng.uniform(-0.03, 0.03, passes)
        x = np.where(np.arange(passes) % 2 == 0, rng.uniform(0.02, 0.15), rng.uniform(0.85, 0.98))
        return [np.column_stack([x, y])]
    raise ValueError(f"unknown scribble kind {kind!r}")
