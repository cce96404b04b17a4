"""A drawn canvas → the 28×28 image the model sees, made the way MNIST's digits were made.

MNIST fitted each digit into a 20×20 box (keeping its aspect ratio, anti-aliased) and moved its
centre of mass to the centre of a 28×28 field. Users also draw with a pen 2 or 40 pixels wide, so
the strokes are first re-drawn at MNIST's stroke weight: the signed distance to the ink edge is
thresholded at a new level, which thickens thin strokes and thins thick ones around the same
centre line. Numpy plus numba kernels for resizing and distances; about a millisecond per canvas.
"""

from __future__ import annotations

import numpy as np

FIELD = 28  # side of the model's input image
BOX = 20  # MNIST fits the ink into a BOX×BOX square...
CENTRE = 14.0  # ...and puts its centre of mass here (row and column index; MNIST's mean is 14.0)
STROKE_WIDTH = 2.5  # MNIST's median stroke width in pixels of the 28×28 image (2·area/perimeter)
INK_THRESHOLD = 0.2  # a pixel brighter than this is ink
_OVERSAMPLE = 4  # strokes are re-weighted at 4× the final resolution, then area-averaged down
_WORK = BOX * _OVERSAMPLE
_MARGIN = 8  # room around the working image for strokes to grow into


def as_unit_float(image: np.ndarray) -> np.ndarray:
    """A 2-D image as float32 in [0, 1]: uint8 and floats above 1 are read as 0..255."""
    image = np.asarray(image)
    if image.ndim != 2:
        raise ValueError(f"a canvas must be a 2-D array, got shape {image.shape}")
    out = image.astype(np.float32)
    if image.dtype == np.uint8 or (out.size and float(out.max()) > 1.0):
        out /= 255.0
    return np.clip(out, 0.0, 1.0, out=out)


def has_dark_ink(image: np.ndarray) -> bool:
    """True when the background (the median of the border pixels) is light: dark ink on paper."""
    img = as_unit_float(image)
    border = np.concatenate([img[0], img[-1], img[:, 0], img[:, -1]])
    return bool(np.median(border) > 0.5)


def bright_ink(image: np.ndarray) -> np.ndarray:
    """The image as float32 in [0, 1] with light ink on a dark background, inverting if needed."""
    img = as_unit_float(image)
    return 1.0 - img if has_dark_ink(img) else img


def is_blank(canvas: np.ndarray) -> bool:
    """True when the canvas holds no ink (its model input would be all zeros)."""
    return not bool((as_unit_float(canvas) > INK_THRESHOLD).any())


def to_model_input(canvas: np.ndarray) -> np.ndarray:
    """The 28×28 float32 image in [0, 1] for a canvas with light ink on a dark background.

    Crops to the ink, re-draws the strokes at MNIST's weight, fits them into 20×20 keeping the
    aspect ratio (area averaging) and puts their centre of mass at (14, 14). Blank → zeros.
    """
    img = as_unit_float(canvas)
    box = _ink_box(img > INK_THRESHOLD)
    out = np.zeros((FIELD, FIELD), np.float32)
    if box is None:
        return out
    r0, r1, c0, c1 = box
    strokes = _restroke(_to_working_size(img[r0:r1, c0:c1]))
    box = _ink_box(strokes > 0.0)
    if box is None:
        return out
    r0, r1, c0, c1 = box
    # area averaging sums float32 overlaps: a fully inked pixel can come out one ulp above 1
    digit = np.clip(_fit(strokes[r0:r1, c0:c1], BOX), 0.0, 1.0)
    mass = digit.sum()
    rows, cols = digit.shape
    com_row = float(digit.sum(axis=1) @ np.arange(rows)) / mass
    com_col = float(digit.sum(axis=0) @ np.arange(cols)) / mass
    top = int(np.clip(round(CENTRE - com_row), 0, FIELD - rows))
    left = int(np.clip(round(CENTRE - com_col), 0, FIELD - cols))
    out[top : top + rows, left : left + cols] = digit
    return out


def to_model_input_u8(canvas: np.ndarray) -> np.ndarray:
    """:func:`to_model_input` as uint8 0..255, the storage format of the data sets."""
    return np.rint(to_model_input(canvas) * 255.0).astype(np.uint8)


def _ink_box(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    """Half-open (row0, row1, col0, col1) bounding box of the set pixels, or None."""
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(ink.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def _to_working_size(crop: np.ndarray) -> np.ndarray:
    """The cropped ink resized so its long side is ``_WORK`` pixels, with a blank margin."""
    work = _fit(crop, _WORK)
    return np.pad(work, _MARGIN)


def _restroke(work: np.ndarray) -> np.ndarray:
    """Anti-aliased coverage of the same strokes re-drawn at MNIST's weight.

    The stroke width ``w`` is 4× the mean signed distance inside the ink (a flat stroke's inner
    distances spread evenly over 0..w/2). The target width accounts for the final fit: after
    re-stroking, the ink's long side shrinks or grows by the width change before it becomes BOX.
    """
    from mugui_kernels.drawing import signed_edge_distance  # numba, imported on first use

    mask = work > 0.3 * float(work.max())
    distance = signed_edge_distance(mask)
    width = 4.0 * float(distance[mask].mean())
    target = STROKE_WIDTH * (_WORK - width) / (BOX - STROKE_WIDTH)
    target = max(target, STROKE_WIDTH * _OVERSAMPLE * 0.5)
    level = (width - target) / 2.0
    return np.clip(distance - level + 0.5, 0.0, 1.0)


def _fit(image: np.ndarray, side: int) -> np.ndarray:
    """The image scaled so its long side spans ``side`` pixels, keeping the aspect ratio exactly.

    The short side is not rounded: its last pixel column (or row) is only partly covered.
    """
    from mugui_kernels.drawing import resize

    return resize(np.ascontiguousarray(image, dtype=np.float32), side / max(image.shape))
