"""Is there a digit's worth of ink on the canvas? Checked before the model is asked.

Preprocessing blows any ink up to MNIST's 20×20 box, so a dot, a comma or a short dash would
reach the model as a large blob and get a confident answer. A digit is a stroke several pen
widths long: when the ink's longest side is under ``MIN_LENGTH_IN_WIDTHS`` stroke widths, or it
covers fewer than ``MIN_INK_PIXELS`` pixels, the answer is "?" without asking the model. A tiny
but well-formed digit (a 0 in a corner drawn with a thin pen) passes: the test is relative to
the pen, not to the canvas.
"""

from __future__ import annotations

import numpy as np

from mugui.drawing.preprocess import INK_THRESHOLD, as_unit_float

MIN_LENGTH_IN_WIDTHS = 2.5
MIN_INK_PIXELS = 12
NO_INK = "no ink"
TOO_LITTLE_INK = "too little ink for a digit"


def ink_problem(canvas: np.ndarray) -> str:
    """``""`` when the canvas (light ink on dark, any size) may hold a digit, else the reason."""
    ink = as_unit_float(canvas) > INK_THRESHOLD
    if not ink.any():
        return NO_INK
    if int(ink.sum()) < MIN_INK_PIXELS:
        return TOO_LITTLE_INK
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    crop = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    longest = max(crop.shape)
    from mugui_kernels.drawing import signed_edge_distance  # numba, imported on first use

    inside = signed_edge_distance(np.pad(crop, 2))
    width = 4.0 * float(inside[np.pad(crop, 2)].mean())  # as preprocess measures strokes
    if longest < MIN_LENGTH_IN_WIDTHS * max(width, 1.0):
        return TOO_LITTLE_INK
    return ""
