"""A human hand: a digit's skeleton (strokes in a unit square) written on the canvas as people do.

The hand places the digit at some size and position, leans and turns it, stretches or squeezes
it, lets the pen overshoot the ends, wobble and lift off in the middle of a stroke, and moves
faster on straight runs than round corners. A *mouse* reports its position every few
milliseconds, so a fast stroke becomes a few long straight chords drawn with the canvas's
constant brush; a *pen* reports densely and its line is thinner where it moves fast and thicker
where it slows down. Everything random comes from the generator handed in, so a seed gives the
same drawing every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mugui.drawing.strokes import CANVAS_SIZE, Stroke, render_pen

DEVICES = ("mouse", "pen")
MAX_WIDTH_PER_HEIGHT = 0.16  # a thicker pen on a small digit fills its loops: people write bigger
PenStroke = tuple[np.ndarray, np.ndarray]  # (points (n, 2) in canvas pixels, widths (n,))


@dataclass(frozen=True)
class HandRanges:
    """The ranges a hand's traits are drawn from (uniformly unless said otherwise)."""

    heights: tuple[tuple[float, float], ...] = ((0.22, 0.36), (0.4, 0.62), (0.66, 0.88))
    aspect: tuple[float, float] = (0.8, 1.15)
    slant: tuple[float, float] = (-0.2, 0.4)  # x shift per unit of height above the centre
    rotation: tuple[float, float] = (-8.0, 8.0)  # degrees, clockwise on screen
    wobble: tuple[float, float] = (0.0, 0.025)  # slow drift, fraction of the height
    tremor: tuple[float, float] = (0.0, 1.2)  # per-event jitter, pixels
    overshoot: tuple[float, float] = (0.0, 0.07)  # fraction of the height past a stroke's end
    lift: float = 0.15  # chance that a stroke is broken by a pen lift
    pen_width: tuple[float, float] = (6.0, 26.0)  # pixels, mean over the stroke
    mouse_width: tuple[float, float] = (8.0, 34.0)  # the canvas's brush slider runs 6..48
    mouse_gap: tuple[float, float] = (4.0, 22.0)  # pixels between mouse events at full speed


@dataclass(frozen=True)
class Hand:
    """One writer's traits for one drawing."""

    device: str
    height: float  # pixels
    centre: tuple[float, float]
    aspect: float
    slant: float
    rotation: float
    wobble: float
    tremor: float
    overshoot: float
    lift: float
    width: float
    mouse_gap: float


def random_hand(
    rng: np.random.Generator, ranges: HandRanges = HandRanges(), size: int = CANVAS_SIZE
) -> Hand:
    """A hand with traits drawn from ``ranges``: mouse or pen, small, medium or large, anywhere."""
    device = DEVICES[int(rng.integers(2))]
    low, high = ranges.heights[int(rng.integers(len(ranges.heights)))]
    height = size * rng.uniform(low, high)
    half = height / 2 + 4.0
    centre = (float(rng.uniform(half, size - half)), float(rng.uniform(half, size - half)))
    width_range = ranges.pen_width if device == "pen" else ranges.mouse_width
    width = min(rng.uniform(*width_range), height * MAX_WIDTH_PER_HEIGHT)
    return Hand(
        device=device,
        height=float(height),
        centre=centre,
        aspect=float(rng.uniform(*ranges.aspect)),
        slant=float(rng.uniform(*ranges.slant)),
        rotation=float(rng.uniform(*ranges.rotation)),
        wobble=float(rng.uniform(*ranges.wobble)),
        tremor=float(rng.uniform(*ranges.tremor)),
        overshoot=float(rng.uniform(*ranges.overshoot)),
        lift=ranges.lift,
        width=float(max(width, 2.0)),
        mouse_gap=float(rng.uniform(*ranges.mouse_gap)),
    )


def write(
    skeleton: Sequence[Stroke], hand: Hand, rng: np.random.Generator, size: int = CANVAS_SIZE
) -> list[PenStroke]:
    """The pen strokes (points and widths in canvas pixels) of ``skeleton`` written by ``hand``."""
    placed = [_place(_overshoot(_dense(s, 0.01), hand.overshoot, rng), hand) for s in skeleton]
    placed = _keep_inside(placed, hand, size)
    strokes: list[PenStroke] = []
    for points in placed:
        points = _wobble(points, hand, rng)
        for part in _lift(points, hand, rng):
            strokes.append(_sample(part, hand, rng))
    return strokes


def draw(
    skeleton: Sequence[Stroke], hand: Hand, rng: np.random.Generator, size: int = CANVAS_SIZE
) -> np.ndarray:
    """The (size, size) float32 canvas of ``skeleton`` written by ``hand``."""
    return render_pen(write(skeleton, hand, rng, size), size)


def _dense(stroke: Stroke, step: float) -> np.ndarray:
    """The polyline resampled every ``step`` units of length (ends kept)."""
    s = np.asarray(stroke, dtype=np.float64).reshape(-1, 2)
    if len(s) == 1:
        return s.copy()
    arclen = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(s, axis=0).T))])
    t = np.linspace(0.0, arclen[-1], max(2, int(arclen[-1] / step) + 1))
    return np.column_stack([np.interp(t, arclen, s[:, 0]), np.interp(t, arclen, s[:, 1])])


def _overshoot(points: np.ndarray, amount: float, rng: np.random.Generator) -> np.ndarray:
    """Each end carried on along its direction by up to ``amount`` (half the time)."""
    if len(points) < 3 or amount <= 0:
        return points
    parts = [points]
    for end, inner, where in ((points[0], points[2], 0), (points[-1], points[-3], 1)):
        if rng.random() < 0.5:
            direction = end - inner
            norm = float(np.hypot(*direction))
            if norm > 0:
                extra = end + direction / norm * amount * rng.uniform(0.3, 1.0)
                parts.insert(0 if where == 0 else len(parts), extra[None, :])
    return np.vstack(parts)


def _place(points: np.ndarray, hand: Hand) -> np.ndarray:
    """Unit-square points → canvas pixels: squeezed, leaned, turned, scaled and moved."""
    p = points - 0.5
    p[:, 0] *= hand.aspect
    p[:, 0] -= hand.slant * p[:, 1]
    a = np.radians(hand.rotation)
    turn = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
    return p @ turn * hand.height + hand.centre


def _keep_inside(strokes: list[np.ndarray], hand: Hand, size: int) -> list[np.ndarray]:
    """Moved (and, if need be, shrunk) so that the ink stays on the canvas, as a user does."""
    allp = np.vstack(strokes)
    margin = hand.width / 2 + 2.0
    lo, hi = allp.min(axis=0), allp.max(axis=0)
    room = size - 2 * margin
    factor = min(1.0, room / max(float((hi - lo).max()), 1e-9))
    if factor < 1.0:
        middle = (lo + hi) / 2
        strokes = [(s - middle) * factor + middle for s in strokes]
        allp = np.vstack(strokes)
        lo, hi = allp.min(axis=0), allp.max(axis=0)
    shift = np.maximum(margin - lo, 0.0) - np.maximum(hi - (size - margin), 0.0)
    return [s + shift for s in strokes]


def _wobble(points: np.ndarray, hand: Hand, rng: np.random.Generator) -> np.ndarray:
    """A slow drift across the stroke: two random waves along its length."""
    if hand.wobble <= 0 or len(points) < 2:
        return points
    n = len(points)
    u = np.linspace(0.0, 1.0, n)[:, None]
    drift = np.zeros((n, 2))
    for _ in range(2):
        freq = rng.uniform(0.5, 2.5)
        phase = rng.uniform(0, 2 * np.pi, 2)
        drift += np.sin(2 * np.pi * freq * u + phase) * rng.uniform(0.3, 1.0, 2)
    return points + drift * hand.wobble * hand.height * 0.7


def _lift(points: np.ndarray, hand: Hand, rng: np.random.Generator) -> list[np.ndarray]:
    """The stroke, or (at the hand's rate) two pieces with a small gap or overlap between."""
    n = len(points)
    if n < 30 or rng.random() >= hand.lift:
        return [points]
    cut = int(n * rng.uniform(0.3, 0.7))
    gap = int(rng.integers(-3, 5))
    offset = rng.normal(0.0, 0.012 * hand.height, 2)
    return [points[:cut], points[max(cut + gap, 1) :] + offset]


def _speed(points: np.ndarray) -> np.ndarray:
    """Relative pen speed at each point (0..1]: slow at the ends and round tight turns."""
    n = len(points)
    if n < 3:
        return np.ones(n)
    d = np.diff(points, axis=0)
    heading = np.arctan2(d[:, 1], d[:, 0])
    turn = np.abs(np.angle(np.exp(1j * np.diff(heading))))
    turn = np.concatenate([[turn[0]], turn, [turn[-1]]])
    turn = np.convolve(turn, np.ones(5) / 5, mode="same")
    straight = np.exp(-turn * 12.0)
    arclen = np.concatenate([[0.0], np.cumsum(np.hypot(d[:, 0], d[:, 1]))])
    total = max(arclen[-1], 1e-9)
    ramp = np.minimum(1.0, np.minimum(arclen, total - arclen) / (0.12 * total) + 0.25)
    return np.clip((0.3 + 0.7 * straight) * ramp, 0.08, 1.0)


def _sample(points: np.ndarray, hand: Hand, rng: np.random.Generator) -> PenStroke:
    """The device's view of the stroke: mouse events along it, or a pen's dense varying line."""
    speed = _speed(points)
    if len(points) == 1:
        return points, np.full(1, hand.width)
    step = np.hypot(*np.diff(points, axis=0).T)
    if hand.device == "mouse":
        time = np.concatenate([[0.0], np.cumsum(step / ((speed[1:] + speed[:-1]) / 2))])
        events = np.arange(0.0, time[-1], hand.mouse_gap)
        events = np.append(events, time[-1]) if time[-1] - events[-1] > 1e-9 else events
        sampled = np.column_stack(
            [np.interp(events, time, points[:, 0]), np.interp(events, time, points[:, 1])]
        )
        sampled += rng.normal(0.0, hand.tremor, sampled.shape)
        return sampled, np.full(len(sampled), hand.width)
    arclen = np.concatenate([[0.0], np.cumsum(step)])
    spacing = max(2.0, hand.width * 0.25)
    t = np.linspace(0.0, arclen[-1], max(2, int(arclen[-1] / spacing) + 1))
    dense = np.column_stack(
        [np.interp(t, arclen, points[:, 0]), np.interp(t, arclen, points[:, 1])]
    )
    dense += rng.normal(0.0, hand.tremor * 0.3, dense.shape)
    slowness = 1.0 - np.interp(t, arclen, speed)
    widths = hand.width * (0.7 + 0.6 * slowness)
    return dense, widths
