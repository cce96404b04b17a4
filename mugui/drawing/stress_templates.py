"""The stress set's shapes: each style of the catalogue as arcs and lines with random proportions.

A template takes a random generator and returns the digit's pen strokes in a unit square
(x right, y down), in the order and direction a person writes them. These shapes are the
benchmark's own; the training strokes use the independent ``training_templates``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mugui.drawing.strokes import Stroke, arc, chain, line

Template = Callable[[np.random.Generator], list[Stroke]]


def _u(rng: np.random.Generator, low: float, high: float) -> float:
    return float(rng.uniform(low, high))


def _arc_point(cx: float, cy: float, rx: float, ry: float, angle: float) -> tuple[float, float]:
    a = np.radians(angle)
    return cx + rx * float(np.cos(a)), cy + ry * float(np.sin(a))


def zero_oval(rng):
    start = _u(rng, 250, 290)
    return [
        arc(
            0.5,
            0.5,
            _u(rng, 0.24, 0.33),
            _u(rng, 0.38, 0.44),
            start,
            start - 360 - _u(rng, 0, 30),
            40,
        )
    ]


def zero_open_top(rng):
    gap = _u(rng, 35, 75)
    start = 270 - gap / 2
    return [arc(0.5, 0.5, _u(rng, 0.24, 0.33), _u(rng, 0.38, 0.44), start, start - 360 + gap, 40)]


def one_plain(rng):
    lean = _u(rng, -0.06, 0.06)
    return [line((0.5 + lean, 0.08), (0.5 - lean, 0.92))]


def _flag(rng):
    top = (0.55 + _u(rng, -0.03, 0.03), 0.08)
    flag = (top[0] - _u(rng, 0.16, 0.32), top[1] + _u(rng, 0.1, 0.3))
    return flag, top


def one_flag(rng):
    flag, top = _flag(rng)
    return [line(flag, top, (top[0] - _u(rng, 0.0, 0.06), 0.92))]


def one_flag_base(rng):
    flag, top = _flag(rng)
    foot = top[0] - _u(rng, 0.0, 0.05)
    half = _u(rng, 0.15, 0.26)
    return [line(flag, top, (foot, 0.9)), line((foot - half, 0.91), (foot + half, 0.9))]


def _two_top(rng) -> tuple[Stroke, tuple[float, float]]:
    cx, cy, rx, ry = 0.5, _u(rng, 0.28, 0.34), _u(rng, 0.23, 0.29), _u(rng, 0.18, 0.24)
    end = _u(rng, 370, 395)
    return arc(cx, cy, rx, ry, _u(rng, 190, 215), end), _arc_point(cx, cy, rx, ry, end)


def two_plain(rng):
    top, _ = _two_top(rng)
    corner = (_u(rng, 0.18, 0.26), 0.9)
    return [chain(top, line(corner, (_u(rng, 0.76, 0.86), _u(rng, 0.86, 0.92))))]


def two_looped(rng):
    top, _ = _two_top(rng)
    r = _u(rng, 0.06, 0.09)
    loop = arc(0.26 + r, 0.84 - r * 0.2, r, r * 0.8, 160, 160 - 330, 16)
    return [chain(top, loop, line((_u(rng, 0.78, 0.86), _u(rng, 0.85, 0.92))))]


def two_z_crossed(rng):
    right = _u(rng, 0.74, 0.82)
    if rng.random() < 0.5:
        top = line((0.22, 0.14), (right, 0.12))
    else:
        top = arc(0.5, 0.22, right - 0.5, 0.1, 200, 350, 12)
    stroke = chain(top, line((_u(rng, 0.2, 0.26), 0.9), (_u(rng, 0.76, 0.84), 0.9)))
    y = _u(rng, 0.46, 0.56)
    return [stroke, line((_u(rng, 0.28, 0.36), y), (_u(rng, 0.62, 0.72), y - _u(rng, 0.0, 0.05)))]


def three_plain(rng):
    mid = _u(rng, 0.46, 0.52)
    return [chain(
        arc(0.48, mid / 2 + 0.04, _u(rng, 0.2, 0.27), mid / 2 - 0.04, _u(rng, 195, 220), 450),
        arc(0.48, (mid + 0.92) / 2, _u(rng, 0.25, 0.31), (0.92 - mid) / 2, 270, _u(rng, 500, 525)),
    )]  # fmt: skip


def three_flat_top(rng):
    mid = _u(rng, 0.4, 0.5)
    return [chain(
        line((_u(rng, 0.2, 0.3), 0.1), (_u(rng, 0.7, 0.8), 0.1), (0.45, mid)),
        arc(0.48, (mid + 0.92) / 2, _u(rng, 0.25, 0.31), (0.92 - mid) / 2, 265, _u(rng, 500, 525)),
    )]  # fmt: skip


def four_closed(rng):
    bar = _u(rng, 0.56, 0.66)
    apex = (_u(rng, 0.52, 0.64), 0.08)
    stem = apex[0] + _u(rng, -0.02, 0.04)
    return [
        line(apex, (_u(rng, 0.16, 0.24), bar), (_u(rng, 0.78, 0.86), bar)),
        line(apex, (stem, 0.92)),
    ]


def four_open(rng):
    bar = _u(rng, 0.5, 0.6)
    stem = _u(rng, 0.64, 0.74)
    return [
        line((_u(rng, 0.22, 0.3), 0.1), (_u(rng, 0.2, 0.26), bar), (_u(rng, 0.76, 0.84), bar)),
        line((stem, 0.1), (stem - _u(rng, 0.0, 0.04), 0.92)),
    ]


def four_one_stroke_open(rng):
    bar = _u(rng, 0.5, 0.6)
    stem = _u(rng, 0.62, 0.72)
    return [line(
        (_u(rng, 0.22, 0.3), 0.1), (_u(rng, 0.2, 0.26), bar), (stem + _u(rng, 0.0, 0.05), bar),
        (stem + _u(rng, 0.0, 0.04), 0.1), (stem - _u(rng, 0.0, 0.03), 0.92),
    )]  # fmt: skip


def four_zigzag(rng):
    bar = _u(rng, 0.52, 0.62)
    stem = _u(rng, 0.58, 0.68)
    return [line(
        (_u(rng, 0.45, 0.6), 0.08), (_u(rng, 0.16, 0.24), bar), (_u(rng, 0.78, 0.86), bar - _u(rng, 0.0, 0.04)),
        (stem + _u(rng, 0.0, 0.05), bar - _u(rng, 0.18, 0.32)), (stem - _u(rng, 0.0, 0.04), 0.92),
    )]  # fmt: skip


def four_che(rng):
    left, stem = _u(rng, 0.22, 0.3), _u(rng, 0.66, 0.74)
    bar = _u(rng, 0.46, 0.56)
    r = _u(rng, 0.12, 0.2)
    corner = arc(left + r, bar - r, r, r, 180, 90, 10)
    return [chain(
        line((left, 0.1)), corner, line((stem, bar - _u(rng, -0.02, 0.04)), (stem + _u(rng, -0.02, 0.03), 0.1),
                                        (stem - _u(rng, 0.0, 0.04), 0.92)),
    )]  # fmt: skip


def _five_parts(rng):
    top = _u(rng, 0.08, 0.14)
    corner = (_u(rng, 0.24, 0.32), _u(rng, 0.42, 0.5))
    cy = (corner[1] + 0.92) / 2 + 0.02
    bowl = arc(0.5, cy, _u(rng, 0.26, 0.31), 0.92 - cy, _u(rng, 225, 245), _u(rng, 495, 520))
    return top, corner, bowl


def five_plain(rng):
    top, corner, bowl = _five_parts(rng)
    start = (corner[0] + _u(rng, 0.0, 0.04), top)
    return [
        chain(line(start, corner), bowl),
        line(start, (_u(rng, 0.72, 0.82), top - _u(rng, 0.0, 0.03))),
    ]


def five_one_stroke(rng):
    top, corner, bowl = _five_parts(rng)
    return [chain(line((_u(rng, 0.72, 0.82), top), (corner[0] + 0.03, top + 0.01), corner), bowl)]


def _six_loop(rng, end):
    return arc(0.5, _u(rng, 0.66, 0.72), _u(rng, 0.24, 0.29), _u(rng, 0.19, 0.24), 180, end)


def six_plain(rng):
    stem = arc(_u(rng, 0.62, 0.7), 0.6, _u(rng, 0.38, 0.46), 0.52, _u(rng, 245, 260), 180)
    return [chain(stem, _six_loop(rng, _u(rng, -185, -165)))]


def six_straight(rng):
    return [
        chain(line((_u(rng, 0.58, 0.7), 0.08), (0.27, 0.66)), _six_loop(rng, _u(rng, -190, -165)))
    ]


def six_open_loop(rng):
    stem = arc(_u(rng, 0.62, 0.7), 0.6, _u(rng, 0.38, 0.46), 0.52, _u(rng, 245, 260), 180)
    return [chain(stem, _six_loop(rng, _u(rng, -125, -95)))]


def _seven(rng, tick: bool):
    left, right = _u(rng, 0.16, 0.26), _u(rng, 0.76, 0.84)
    top = _u(rng, 0.1, 0.14)
    foot = (_u(rng, 0.34, 0.46), 0.92)
    start = [(left, top + _u(rng, 0.08, 0.14))] if tick else []
    return line(*start, (left, top), (right, top), foot), (right, top), foot


def seven_plain(rng):
    return [_seven(rng, tick=False)[0]]


def seven_crossed(rng):
    stroke, top, foot = _seven(rng, tick=rng.random() < 0.4)
    f = _u(rng, 0.42, 0.58)
    mid = (top[0] + f * (foot[0] - top[0]), top[1] + f * (foot[1] - top[1]))
    half = _u(rng, 0.14, 0.22)
    return [
        stroke,
        line((mid[0] - half, mid[1] + 0.01), (mid[0] + half, mid[1] - _u(rng, 0.0, 0.03))),
    ]


def seven_serif(rng):
    return [_seven(rng, tick=True)[0]]


def _eight(rng, rx_top, rx_bottom):
    mid = _u(rng, 0.46, 0.52)
    start = _u(rng, -20, 20)
    top = arc(0.5, mid / 2 + 0.04, rx_top, mid / 2 - 0.04, 90 + start, 450 + start)
    bottom = arc(0.5, (mid + 0.92) / 2, rx_bottom, (0.92 - mid) / 2, 270, -90)
    return [chain(top, bottom)]


def eight_plain(rng):
    return _eight(rng, _u(rng, 0.18, 0.23), _u(rng, 0.23, 0.29))


def eight_two_loop(rng):
    mid = _u(rng, 0.44, 0.5)
    a = _u(rng, 60, 120)
    b = _u(rng, 240, 300)
    return [
        arc(0.5, mid / 2 + 0.04, _u(rng, 0.16, 0.22), mid / 2 - 0.04, a, a + 360 + _u(rng, 0, 20)),
        arc(
            0.5,
            (mid + 0.92) / 2,
            _u(rng, 0.21, 0.28),
            (0.92 - mid) / 2,
            b,
            b - 360 - _u(rng, 0, 20),
        ),
    ]


def eight_narrow(rng):
    return _eight(rng, _u(rng, 0.09, 0.13), _u(rng, 0.11, 0.15))


def eight_slanted(rng):
    shear = _u(rng, 0.35, 0.6)
    return [np.column_stack([s[:, 0] - shear * (s[:, 1] - 0.5), s[:, 1]]) for s in eight_plain(rng)]


def _nine_loop(rng):
    cx, cy = _u(rng, 0.45, 0.5), _u(rng, 0.28, 0.34)
    rx, ry = _u(rng, 0.2, 0.26), _u(rng, 0.18, 0.23)
    start = _u(rng, -10, 20)
    return arc(cx, cy, rx, ry, start, start - 360), (cx + rx, cy)


def nine_straight(rng):
    loop, right = _nine_loop(rng)
    return [chain(loop, line(right, (right[0] - _u(rng, 0.0, 0.08), 0.92)))]


def nine_hooked(rng):
    loop, right = _nine_loop(rng)
    bottom = _u(rng, 0.74, 0.8)
    x = right[0] - _u(rng, 0.0, 0.04)
    r = _u(rng, 0.1, 0.16)
    hook = arc(x - r, bottom, r, 0.92 - bottom, 0, _u(rng, 120, 170), 12)
    return [chain(loop, line(right, (x, bottom)), hook)]


def nine_curved_tail(rng):
    loop, right = _nine_loop(rng)
    rx = _u(rng, 0.25, 0.4)
    tail = arc(right[0] - rx, right[1], rx, 0.92 - right[1], 0, _u(rng, 80, 120), 16)
    return [chain(loop, tail)]


STRESS_TEMPLATES: dict[str, Template] = {
    "0-oval": zero_oval,
    "0-open-top": zero_open_top,
    "1-plain": one_plain,
    "1-flag": one_flag,
    "1-flag-base": one_flag_base,
    "2-plain": two_plain,
    "2-looped": two_looped,
    "2-z-crossed": two_z_crossed,
    "3-plain": three_plain,
    "3-flat-top": three_flat_top,
    "4-closed": four_closed,
    "4-open": four_open,
    "4-one-stroke-open": four_one_stroke_open,
    "4-zigzag": four_zigzag,
    "4-che": four_che,
    "5-plain": five_plain,
    "5-one-stroke": five_one_stroke,
    "6-plain": six_plain,
    "6-straight": six_straight,
    "6-open-loop": six_open_loop,
    "7-plain": seven_plain,
    "7-crossed": seven_crossed,
    "7-serif": seven_serif,
    "8-plain": eight_plain,
    "8-two-loop": eight_two_loop,
    "8-narrow": eight_narrow,
    "8-slanted": eight_slanted,
    "9-straight": nine_straight,
    "9-hooked": nine_hooked,
    "9-curved-tail": nine_curved_tail,
}
