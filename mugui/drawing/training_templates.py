"""The training strokes' shapes: each catalogued style as key points, jittered and smoothed.

Written independently of the stress set's ``stress_templates`` (which draw arcs and lines with
their own proportions): here a style is a few key points per pen stroke in a unit square, each
moved a little at random, then rounded by corner cutting (Chaikin), except at the points marked
sharp. Only the style catalogue is shared, so the benchmark's shapes are never trained on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from mugui.drawing.strokes import Stroke

Template = Callable[[np.random.Generator], list[Stroke]]
Key = tuple[float, float]
JITTER = 0.022  # standard deviation of each key point's random move, in units of the digit


def curve(
    rng: np.random.Generator, keys: Sequence[Key], sharp: Sequence[int] = (), jitter: float = JITTER
) -> Stroke:
    """A stroke through jittered ``keys``, rounded everywhere but at the indices in ``sharp``."""
    points = np.asarray(keys, dtype=np.float64) + rng.normal(0.0, jitter, (len(keys), 2))
    cuts = sorted({0, len(points) - 1, *sharp})
    runs = [_chaikin(points[a : b + 1], 3) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]
    return np.vstack([runs[0]] + [r[1:] for r in runs[1:]]) if runs else points


def _chaikin(points: np.ndarray, rounds: int) -> np.ndarray:
    """Corner cutting that keeps both end points."""
    for _ in range(rounds):
        if len(points) < 3:
            return points
        q = 0.75 * points[:-1] + 0.25 * points[1:]
        r = 0.25 * points[:-1] + 0.75 * points[1:]
        middle = np.empty((2 * len(q), 2))
        middle[0::2], middle[1::2] = q, r
        points = np.vstack([points[:1], middle[1:-1], points[-1:]])
    return points


def ring(
    cx: float, cy: float, rx: float, ry: float, start: float, sweep: float, n: int
) -> list[Key]:
    """``n`` key points around an ellipse from ``start`` degrees, ``sweep`` degrees on (90° = down)."""
    a = np.radians(start + np.linspace(0.0, sweep, n))
    return [(cx + rx * float(np.cos(t)), cy + ry * float(np.sin(t))) for t in a]


def _path(text: str) -> list[Key]:
    """Key points written as "x y, x y, ..." (fractions of the canvas)."""
    pairs = (point.split() for point in text.split(","))
    return [(float(x), float(y)) for x, y in pairs]


def _r(rng: np.random.Generator, low: float, high: float) -> float:
    return float(rng.uniform(low, high))


def t_zero_oval(rng):
    return [curve(rng, ring(0.5, 0.5, _r(rng, 0.22, 0.34), 0.42, -95, -370 - _r(rng, 0, 25), 11))]


def t_zero_open_top(rng):
    gap = _r(rng, 30, 80)
    return [curve(rng, ring(0.5, 0.5, _r(rng, 0.22, 0.34), 0.42, -90 - gap / 2, -360 + gap, 11))]


def t_one_plain(rng):
    x = _r(rng, 0.42, 0.58)
    return [
        curve(rng, [(x, 0.08), (x + _r(rng, -0.05, 0.05), 0.5), (x + _r(rng, -0.08, 0.08), 0.92)])
    ]


def t_one_flag(rng):
    x = _r(rng, 0.5, 0.6)
    flag = (x - _r(rng, 0.15, 0.34), _r(rng, 0.2, 0.38))
    return [curve(rng, [flag, (x, 0.08), (x - 0.03, 0.92)], sharp=[1])]


def t_one_flag_base(rng):
    x = _r(rng, 0.5, 0.6)
    w = _r(rng, 0.14, 0.28)
    flag = (x - _r(rng, 0.15, 0.32), _r(rng, 0.2, 0.36))
    stem = curve(rng, [flag, (x, 0.08), (x - 0.02, 0.9)], sharp=[1])
    return [stem, curve(rng, [(x - w, 0.91), (x + w, 0.9)])]


def _two_hook(rng) -> list[Key]:
    return [(0.24, 0.3), (0.34, 0.13), (0.56, 0.09), (0.74, 0.22), (0.7, 0.42), (0.46, 0.66)]


def t_two_plain(rng):
    keys = _two_hook(rng) + [(_r(rng, 0.18, 0.26), 0.9), (_r(rng, 0.76, 0.86), 0.89)]
    return [curve(rng, keys, sharp=[6])]


def t_two_looped(rng):
    r = _r(rng, 0.06, 0.1)
    keys = _two_hook(rng) + [
        (0.26, 0.82),
        (0.26 + r, 0.9),
        (0.26 + 2 * r, 0.84),
        (0.26 + r, 0.78),
        (0.3, 0.88),
        (0.8, 0.89),
    ]
    return [curve(rng, keys)]


def t_two_z_crossed(rng):
    top = (
        [(0.22, 0.13), (0.5, 0.1), (0.78, 0.12)]
        if rng.random() < 0.5
        else [(0.24, 0.2), (0.5, 0.09), (0.76, 0.16)]
    )
    y = _r(rng, 0.44, 0.56)
    return [
        curve(rng, top + [(0.22, 0.9), (0.8, 0.9)], sharp=[2, 3]),
        curve(rng, [(_r(rng, 0.26, 0.36), y), (_r(rng, 0.62, 0.74), y - 0.02)]),
    ]


def t_three_plain(rng):
    keys = _path(
        "0.26 0.18, 0.48 0.08, 0.7 0.2, 0.6 0.4, 0.42 0.47, 0.64 0.54, 0.74 0.72, 0.56 0.9, 0.28 0.86"
    )
    return [curve(rng, keys, sharp=[4])]


def t_three_flat_top(rng):
    keys = _path("0.24 0.1, 0.76 0.1, 0.44 0.44, 0.68 0.52, 0.74 0.72, 0.56 0.9, 0.26 0.85")
    return [curve(rng, keys, sharp=[1, 2])]


def t_four_closed(rng):
    bar, apex = _r(rng, 0.55, 0.66), (_r(rng, 0.5, 0.64), 0.08)
    return [
        curve(rng, [apex, (0.2, bar), (0.82, bar)], sharp=[1]),
        curve(rng, [apex, (apex[0] + 0.01, 0.5), (apex[0] + 0.02, 0.92)]),
    ]


def t_four_open(rng):
    bar, x = _r(rng, 0.5, 0.6), _r(rng, 0.62, 0.74)
    return [
        curve(rng, [(0.27, 0.1), (0.23, bar), (0.8, bar)], sharp=[1]),
        curve(rng, [(x, 0.1), (x - 0.02, 0.92)]),
    ]


def t_four_one_stroke_open(rng):
    bar, x = _r(rng, 0.5, 0.6), _r(rng, 0.62, 0.72)
    keys = [(0.26, 0.1), (0.23, bar), (x + 0.04, bar), (x + 0.02, 0.1), (x - 0.01, 0.92)]
    return [curve(rng, keys, sharp=[1, 2, 3])]


def t_four_zigzag(rng):
    bar, x = _r(rng, 0.52, 0.62), _r(rng, 0.58, 0.68)
    rise = _r(rng, 0.15, 0.32)
    keys = [(0.52, 0.08), (0.2, bar), (0.82, bar - 0.02), (x + 0.03, bar - rise), (x - 0.02, 0.92)]
    return [curve(rng, keys, sharp=[1, 2, 3])]


def t_four_che(rng):
    bar, x = _r(rng, 0.46, 0.56), _r(rng, 0.66, 0.74)
    keys = [(0.26, 0.1), (0.26, bar - 0.14), (0.34, bar), (x, bar), (x, 0.1), (x - 0.02, 0.92)]
    return [curve(rng, keys, sharp=[0, 3, 4])]


def _five_keys(rng) -> list[Key]:
    c = _r(rng, 0.42, 0.5)
    return [
        (0.3, 0.1),
        (0.27, c),
        (0.5, c - 0.04),
        (0.72, c + 0.1),
        (0.74, 0.74),
        (0.54, 0.91),
        (0.26, 0.84),
    ]


def t_five_plain(rng):
    keys = _five_keys(rng)
    return [curve(rng, keys, sharp=[1]), curve(rng, [keys[0], (_r(rng, 0.72, 0.82), 0.1)])]


def t_five_one_stroke(rng):
    keys = _five_keys(rng)
    return [curve(rng, [(_r(rng, 0.72, 0.82), 0.1)] + keys, sharp=[1, 2])]


def t_six_plain(rng):
    keys = _path(
        "0.68 0.08, 0.42 0.24, 0.28 0.5, 0.3 0.8, 0.5 0.92, 0.72 0.78, 0.66 0.52, 0.46 0.5, 0.3 0.62"
    )
    return [curve(rng, keys)]


def t_six_straight(rng):
    keys = _path("0.64 0.08, 0.28 0.62, 0.36 0.9, 0.62 0.9, 0.72 0.7, 0.52 0.5, 0.3 0.62")
    return [curve(rng, keys, sharp=[1])]


def t_six_open_loop(rng):
    keys = _path("0.68 0.08, 0.42 0.24, 0.28 0.5, 0.3 0.8, 0.5 0.92, 0.72 0.8, 0.68 0.6")
    return [curve(rng, keys)]


def _seven_keys(rng, tick: bool) -> tuple[list[Key], list[int]]:
    keys: list[Key] = [(0.2, _r(rng, 0.2, 0.28))] if tick else []
    keys += [(0.2, 0.12), (_r(rng, 0.76, 0.84), 0.12), (_r(rng, 0.34, 0.48), 0.92)]
    return keys, [1, 2] if tick else [1]


def t_seven_plain(rng):
    keys, sharp = _seven_keys(rng, False)
    return [curve(rng, keys, sharp)]


def t_seven_crossed(rng):
    keys, sharp = _seven_keys(rng, rng.random() < 0.4)
    y = _r(rng, 0.46, 0.58)
    x = keys[-2][0] + (keys[-1][0] - keys[-2][0]) * (y - 0.12) / 0.8
    w = _r(rng, 0.12, 0.22)
    return [curve(rng, keys, sharp), curve(rng, [(x - w, y), (x + w, y - 0.02)])]


def t_seven_serif(rng):
    keys, sharp = _seven_keys(rng, True)
    return [curve(rng, keys, sharp)]


def _eight_keys(w_top: float, w_bottom: float) -> list[Key]:
    return [
        (0.5 + w_top, 0.16), (0.5, 0.08), (0.5 - w_top, 0.24), (0.5, 0.46), (0.5 + w_bottom, 0.68),
        (0.5, 0.92), (0.5 - w_bottom, 0.7), (0.5, 0.46), (0.5 + w_top, 0.28), (0.5 + w_top * 0.8, 0.14),
    ]  # fmt: skip


def t_eight_plain(rng):
    return [curve(rng, _eight_keys(_r(rng, 0.17, 0.24), _r(rng, 0.22, 0.3)))]


def t_eight_two_loop(rng):
    m = _r(rng, 0.44, 0.5)
    return [
        curve(rng, ring(0.5, m / 2 + 0.04, _r(rng, 0.15, 0.22), m / 2 - 0.04, 90, 380, 9)),
        curve(rng, ring(0.5, (m + 0.92) / 2, _r(rng, 0.2, 0.28), (0.92 - m) / 2, -90, -380, 9)),
    ]


def t_eight_narrow(rng):
    return [curve(rng, _eight_keys(_r(rng, 0.08, 0.12), _r(rng, 0.1, 0.14)), jitter=0.012)]


def t_eight_slanted(rng):
    shear = _r(rng, 0.3, 0.6)
    return [
        np.column_stack([s[:, 0] - shear * (s[:, 1] - 0.5), s[:, 1]]) for s in t_eight_plain(rng)
    ]


def _nine_loop(rng) -> list[Key]:
    return [(0.72, 0.2), (0.5, 0.08), (0.26, 0.2), (0.3, 0.46), (0.56, 0.5), (0.72, 0.3)]


def t_nine_straight(rng):
    return [curve(rng, _nine_loop(rng) + [(0.71, 0.6), (_r(rng, 0.62, 0.72), 0.92)], sharp=[5])]


def t_nine_hooked(rng):
    tail = [(0.7, 0.6), (0.68, 0.82), (0.58, 0.92), (_r(rng, 0.4, 0.5), _r(rng, 0.82, 0.9))]
    return [curve(rng, _nine_loop(rng) + tail, sharp=[5])]


def t_nine_curved_tail(rng):
    tail = [(0.7, 0.56), (0.6, 0.82), (0.42, 0.92), (_r(rng, 0.2, 0.32), _r(rng, 0.82, 0.88))]
    return [curve(rng, _nine_loop(rng) + tail, sharp=[5])]


TRAINING_TEMPLATES: dict[str, Template] = {
    "0-oval": t_zero_oval,
    "0-open-top": t_zero_open_top,
    "1-plain": t_one_plain,
    "1-flag": t_one_flag,
    "1-flag-base": t_one_flag_base,
    "2-plain": t_two_plain,
    "2-looped": t_two_looped,
    "2-z-crossed": t_two_z_crossed,
    "3-plain": t_three_plain,
    "3-flat-top": t_three_flat_top,
    "4-closed": t_four_closed,
    "4-open": t_four_open,
    "4-one-stroke-open": t_four_one_stroke_open,
    "4-zigzag": t_four_zigzag,
    "4-che": t_four_che,
    "5-plain": t_five_plain,
    "5-one-stroke": t_five_one_stroke,
    "6-plain": t_six_plain,
    "6-straight": t_six_straight,
    "6-open-loop": t_six_open_loop,
    "7-plain": t_seven_plain,
    "7-crossed": t_seven_crossed,
    "7-serif": t_seven_serif,
    "8-plain": t_eight_plain,
    "8-two-loop": t_eight_two_loop,
    "8-narrow": t_eight_narrow,
    "8-slanted": t_eight_slanted,
    "9-straight": t_nine_straight,
    "9-hooked": t_nine_hooked,
    "9-curved-tail": t_nine_curved_tail,
}
