"""Strokes (polylines of (x, y) points) painted onto a numpy canvas, and digits drawn as users do.

The GUI paints with QPainter; this Qt-free renderer (anti-aliased, round caps and joins) lets the
tests, benchmarks and CLI draw the same kind of pictures. ``DIGIT_STROKES`` holds a few ways of
writing each digit in a unit square (x right, y down), pen-stroke by pen-stroke, and the
transformations below turn them into the thin, thick, small, off-centre and shaky drawings that
real users make.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

Stroke = np.ndarray  # (n, 2) float: x, y in canvas pixels (pixel (r, c) spans [c, c+1) × [r, r+1))
CANVAS_SIZE = 280


def render(
    strokes: Sequence[Stroke], width: float, size: int | tuple[int, int] = CANVAS_SIZE
) -> np.ndarray:
    """A float32 canvas (rows, cols) in [0, 1] with the strokes painted white, ``width`` px wide."""
    rows, cols = (size, size) if isinstance(size, int) else size
    canvas = np.zeros((rows, cols), np.float32)
    for stroke in strokes:
        paint_stroke(canvas, np.asarray(stroke, dtype=np.float64).reshape(-1, 2), width)
    return canvas


def render_pen(
    strokes: Sequence[tuple[Stroke, np.ndarray]], size: int | tuple[int, int] = CANVAS_SIZE
) -> np.ndarray:
    """Like :func:`render` for strokes of (points, widths): each point has its own pen width."""
    from mugui_kernels.pen import paint_pen_stroke  # numba, imported on first use

    rows, cols = (size, size) if isinstance(size, int) else size
    canvas = np.zeros((rows, cols), np.float32)
    for points, widths in strokes:
        points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        widths = np.broadcast_to(np.asarray(widths, dtype=np.float64), (len(points),))
        paint_pen_stroke(
            canvas,
            np.ascontiguousarray(points[:, 0]),
            np.ascontiguousarray(points[:, 1]),
            np.ascontiguousarray(widths),
        )
    return canvas


def paint_stroke(canvas: np.ndarray, points: np.ndarray, width: float) -> None:
    """Paint one polyline in place: coverage is 1 within width/2 of it, ramping to 0 over a pixel."""
    if len(points) == 1:
        points = np.vstack([points, points])
    radius = width / 2.0
    for a, b in zip(points[:-1], points[1:], strict=True):
        lo = np.floor(np.minimum(a, b) - radius - 1).astype(int)
        hi = np.ceil(np.maximum(a, b) + radius + 1).astype(int)
        c0, r0 = np.maximum(lo, 0)
        c1, r1 = min(hi[0], canvas.shape[1]), min(hi[1], canvas.shape[0])
        if c0 >= c1 or r0 >= r1:
            continue
        px = np.arange(c0, c1) + 0.5
        py = np.arange(r0, r1)[:, None] + 0.5
        d = b - a
        length2 = float(d @ d)
        t = (
            0.0
            if length2 == 0
            else np.clip(((px - a[0]) * d[0] + (py - a[1]) * d[1]) / length2, 0, 1)
        )
        dist = np.hypot(px - (a[0] + t * d[0]), py - (a[1] + t * d[1]))
        coverage = np.clip(radius - dist + 0.5, 0.0, 1.0).astype(np.float32)
        np.maximum(canvas[r0:r1, c0:c1], coverage, out=canvas[r0:r1, c0:c1])


def arc(
    cx: float, cy: float, rx: float, ry: float, start: float, end: float, n: int = 24
) -> Stroke:
    """Points on an elliptical arc; angles in degrees, 90° pointing down (screen coordinates)."""
    angle = np.radians(np.linspace(start, end, n))
    return np.column_stack([cx + rx * np.cos(angle), cy + ry * np.sin(angle)])


def line(*points: tuple[float, float]) -> Stroke:
    """A polyline through the given (x, y) points."""
    return np.asarray(points, dtype=np.float64)


def chain(*parts: Stroke) -> Stroke:
    """One pen stroke made of consecutive parts (the pen is not lifted between them)."""
    return np.vstack(parts)


DIGIT_STROKES: dict[int, list[list[Stroke]]] = {
    0: [
        [arc(0.5, 0.5, 0.3, 0.42, 260, 630)],
        [arc(0.5, 0.5, 0.26, 0.4, 280, -60)],
    ],
    1: [
        [line((0.52, 0.08), (0.48, 0.92))],
        [line((0.34, 0.26), (0.56, 0.08), (0.52, 0.92))],
    ],
    2: [
        [chain(arc(0.5, 0.32, 0.26, 0.22, 200, 400), line((0.22, 0.9), (0.8, 0.9)))],
        [chain(arc(0.48, 0.3, 0.24, 0.2, 190, 380), line((0.3, 0.75), (0.2, 0.9), (0.8, 0.88)))],
    ],
    3: [
        [chain(arc(0.48, 0.29, 0.25, 0.19, 205, 450), arc(0.48, 0.69, 0.28, 0.21, 270, 515))],
        [
            chain(
                line((0.25, 0.1), (0.75, 0.1), (0.45, 0.45)), arc(0.48, 0.68, 0.28, 0.22, 260, 515)
            )
        ],
    ],
    4: [
        [line((0.58, 0.08), (0.2, 0.62), (0.82, 0.62)), line((0.63, 0.3), (0.63, 0.92))],
        [line((0.25, 0.1), (0.22, 0.52), (0.78, 0.52)), line((0.72, 0.1), (0.7, 0.92))],
    ],
    5: [
        [line((0.75, 0.1), (0.3, 0.1), (0.27, 0.46)), arc(0.5, 0.67, 0.28, 0.23, 235, 510)],
        [
            chain(line((0.3, 0.1), (0.27, 0.46)), arc(0.5, 0.67, 0.28, 0.23, 235, 510)),
            line((0.3, 0.1), (0.78, 0.1)),
        ],
    ],
    6: [
        [chain(arc(0.66, 0.6, 0.42, 0.52, 250, 180), arc(0.5, 0.7, 0.26, 0.2, 180, -175))],
        [chain(line((0.65, 0.08), (0.3, 0.5)), arc(0.5, 0.68, 0.25, 0.22, 220, -140))],
    ],
    7: [
        [line((0.2, 0.12), (0.8, 0.12), (0.4, 0.92))],
        [line((0.2, 0.12), (0.8, 0.12), (0.42, 0.92)), line((0.38, 0.52), (0.74, 0.52))],
    ],
    8: [
        [chain(arc(0.5, 0.3, 0.21, 0.19, 90, 450), arc(0.5, 0.69, 0.26, 0.21, 270, -90))],
        [chain(arc(0.5, 0.29, 0.22, 0.2, 20, -290), arc(0.5, 0.69, 0.25, 0.21, 270, 630))],
    ],
    9: [
        [chain(arc(0.48, 0.32, 0.24, 0.21, 0, -360), line((0.72, 0.32), (0.68, 0.92)))],
        [chain(arc(0.48, 0.3, 0.23, 0.2, 350, -10), line((0.71, 0.3), (0.45, 0.92)))],
    ],
}


def place(strokes: Sequence[Stroke], left: float, top: float, side: float) -> list[Stroke]:
    """Unit-square strokes mapped onto the square of ``side`` pixels at (left, top)."""
    return [np.asarray(s) * side + (left, top) for s in strokes]


def scaled(strokes: Sequence[Stroke], factor: float, about: tuple[float, float]) -> list[Stroke]:
    """Strokes scaled by ``factor`` around the point ``about``."""
    centre = np.asarray(about, dtype=np.float64)
    return [(np.asarray(s) - centre) * factor + centre for s in strokes]


def shifted(strokes: Sequence[Stroke], dx: float, dy: float) -> list[Stroke]:
    """Strokes moved by (dx, dy) pixels."""
    return [np.asarray(s) + (dx, dy) for s in strokes]


def rotated(strokes: Sequence[Stroke], degrees: float, about: tuple[float, float]) -> list[Stroke]:
    """Strokes turned clockwise on screen by ``degrees`` around the point ``about``."""
    a = np.radians(degrees)
    turn = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
    centre = np.asarray(about, dtype=np.float64)
    return [(np.asarray(s) - centre) @ turn + centre for s in strokes]


def slanted(strokes: Sequence[Stroke], shear: float, about_y: float) -> list[Stroke]:
    """Strokes leaning right by ``shear`` pixels of x per pixel of height above ``about_y``."""
    return [np.column_stack([s[:, 0] - shear * (s[:, 1] - about_y), s[:, 1]]) for s in strokes]


def jittered(
    strokes: Sequence[Stroke], amount: float, seed: int, step: float = 3.0
) -> list[Stroke]:
    """Strokes resampled every ``step`` px with wobble of about ``amount`` px, like a trackpad."""
    rng = np.random.default_rng(seed)
    out = []
    for s in strokes:
        s = np.asarray(s, dtype=np.float64)
        seg = np.hypot(*np.diff(s, axis=0).T)
        arclen = np.concatenate([[0.0], np.cumsum(seg)])
        t = np.linspace(0.0, arclen[-1], max(2, int(arclen[-1] / step) + 1))
        dense = np.column_stack([np.interp(t, arclen, s[:, 0]), np.interp(t, arclen, s[:, 1])])
        drift = np.cumsum(rng.normal(0.0, amount * 0.3, dense.shape), axis=0)
        drift -= np.linspace(0.0, 1.0, len(dense))[:, None] * drift[-1]  # ends where the pen ended
        out.append(dense + drift + rng.normal(0.0, amount * 0.5, dense.shape))
    return out


def drawn_digit(
    digit: int,
    style: int = 0,
    *,
    width: float = 18.0,
    side: float = 220.0,
    left: float | None = None,
    top: float | None = None,
    size: int = CANVAS_SIZE,
) -> np.ndarray:
    """A canvas with ``digit`` written in the given style, centred unless a corner is given."""
    left = (size - side) / 2 if left is None else left
    top = (size - side) / 2 if top is None else top
    return render(place(DIGIT_STROKES[digit][style], left, top, side), width, size)


VARIANTS = ("normal", "thin", "thick", "small", "corner", "jitter", "slant", "narrow")


def user_drawings(
    per_variant: int = 1, seed: int = 0, size: int = CANVAS_SIZE
) -> Iterator[tuple[str, int, np.ndarray]]:
    """(variant, digit, canvas) for every digit, style and variant, randomised reproducibly.

    The variants are what users do: a normal pen, a 2–4 px pen, a 35–45 px pen, a digit a
    fifth of the canvas tall, a digit in a corner, trackpad wobble, a slant, a narrow digit;
    each also placed a little off-centre and turned by up to 10°.
    """
    rng = np.random.default_rng(seed)
    for variant in VARIANTS:
        for digit, styles in DIGIT_STROKES.items():
            for strokes in styles:
                for _ in range(per_variant):
                    yield variant, digit, _variant_canvas(variant, strokes, rng, size)


def _variant_canvas(
    variant: str, strokes: list[Stroke], rng: np.random.Generator, size: int
) -> np.ndarray:
    """One randomised drawing of ``strokes`` in the manner named by ``variant``."""
    side, width = manner_size(variant, rng, size, thick=(35.0, 45.0), small=(0.15, 0.25))
    left = top = None
    if variant == "corner":
        side = size * rng.uniform(0.3, 0.45)
        width = side * rng.uniform(0.06, 0.12)
        left = rng.choice([4.0, size - side - 4.0])
        top = rng.choice([4.0, size - side - 4.0])
    placed, centre = manner_placed(strokes, variant, rng, size, side, left, top)
    if variant == "narrow":
        placed = [
            np.column_stack([(s[:, 0] - centre[0]) * 0.6 + centre[0], s[:, 1]]) for s in placed
        ]
    return render(placed, width, size)


def manner_size(
    manner: str,
    rng: np.random.Generator,
    size: int,
    thick: tuple[float, float],
    small: tuple[float, float],
) -> tuple[float, float]:
    """A drawing's side and pen width (pixels of a ``size`` canvas) drawn at random: ordinary,
    or a pen 2-4 px wide ("thin"), ``thick`` px wide ("thick"), a side of ``small`` times the
    canvas ("small"); any other manner draws the ordinary ones."""
    side = size * rng.uniform(0.6, 0.85)
    width = size * rng.uniform(0.045, 0.08)
    if manner == "thin":
        width = rng.uniform(2.0, 4.0)
    elif manner == "thick":
        width = rng.uniform(*thick)
    elif manner == "small":
        side, width = size * rng.uniform(*small), rng.uniform(3.0, 8.0)
    return side, width


def manner_placed(
    strokes: Sequence[Stroke],
    manner: str,
    rng: np.random.Generator,
    size: int,
    side: float,
    left: float | None = None,
    top: float | None = None,
) -> tuple[list[Stroke], tuple[float, float]]:
    """``strokes`` placed in a ``side`` square (near the centre unless ``left``/``top`` say),
    turned a little, then shaken ("jitter") or slanted ("slant"); with the square's centre."""
    left = (size - side) / 2 + rng.uniform(-0.05, 0.05) * size if left is None else left
    top = (size - side) / 2 + rng.uniform(-0.05, 0.05) * size if top is None else top
    centre = (left + side / 2, top + side / 2)
    placed = rotated(place(strokes, left, top, side), rng.uniform(-10.0, 10.0), about=centre)
    if manner == "jitter":
        placed = jittered(
            placed, amount=side * rng.uniform(0.008, 0.02), seed=int(rng.integers(2**31))
        )
    elif manner == "slant":
        placed = slanted(placed, rng.uniform(-0.3, 0.3), about_y=centre[1])
    return placed, centre
