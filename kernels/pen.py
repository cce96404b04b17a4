"""Painting pen strokes whose width changes along the stroke (fast pen: thin, slow pen: thick).

A stroke is a polyline of points, each with its own width. Every segment is a capsule whose
radius runs linearly from one end's half-width to the other's; coverage is 1 inside it and
falls to 0 over one pixel at its edge (anti-aliased), and strokes combine by maximum, like
the constant-width renderer in ``mugui.drawing.strokes``.
"""

import math

from numba import njit


@njit(nogil=True, cache=True)
def paint_pen_stroke(canvas, xs, ys, widths):
    """Paint one stroke into the float32 ``canvas`` (rows, cols) in place.

    ``xs``, ``ys`` (canvas pixels; pixel (r, c) spans [c, c+1) × [r, r+1)) and ``widths`` are
    float64 arrays of one length; a single point paints a round dot.
    """
    rows, cols = canvas.shape
    n = xs.shape[0]
    segments = max(n - 1, 1)
    for i in range(segments):
        j = min(i + 1, n - 1)
        ax, ay, bx, by = xs[i], ys[i], xs[j], ys[j]
        ra, rb = 0.5 * widths[i], 0.5 * widths[j]
        reach = max(ra, rb) + 1.0
        c0 = max(int(math.floor(min(ax, bx) - reach)), 0)
        c1 = min(int(math.ceil(max(ax, bx) + reach)), cols)
        r0 = max(int(math.floor(min(ay, by) - reach)), 0)
        r1 = min(int(math.ceil(max(ay, by) + reach)), rows)
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        for r in range(r0, r1):
            py = r + 0.5
            for c in range(c0, c1):
                px = c + 0.5
                t = 0.0
                if length2 > 0.0:
                    t = ((px - ax) * dx + (py - ay) * dy) / length2
                    t = min(max(t, 0.0), 1.0)
                qx = px - (ax + t * dx)
                qy = py - (ay + t * dy)
                coverage = ra + t * (rb - ra) - math.sqrt(qx * qx + qy * qy) + 0.5
                if coverage > 1.0:
                    coverage = 1.0
                if coverage > canvas[r, c]:
                    canvas[r, c] = coverage
