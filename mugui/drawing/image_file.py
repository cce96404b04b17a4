"""Image files (PNG, JPEG... any size and colour mode) → canvases → the model's 28×28 input.

Used by ``mugui predict``: a photo or scan of dark ink on paper and a white-on-black screenshot
both work. Transparent images are laid on a background that contrasts with their ink.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from mugui.drawing.preprocess import bright_ink, is_blank, to_model_input
from mugui.errors import DataError

MAX_SIDE = 1024  # larger images are shrunk first: the digit ends up 20 px tall anyway
MAX_PIXELS = 40_000_000  # checked from the header before decoding (a 40 MP RGBA image is 160 MB)
# Only these decoders are ever run: never PostScript/EPS (Ghostscript) or other exotic formats.
FORMATS = ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP", "PPM")
_MIN_CONTRAST = 0.1  # an image whose ink barely differs from its background counts as blank


def read_canvas(path: str | os.PathLike) -> np.ndarray:
    """The image at ``path`` as a float32 canvas in [0, 1] with bright ink on a black background."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"no image file at {path}")
    try:
        with warnings.catch_warnings():  # the size is checked below, before decoding
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(path, formats=FORMATS)
        with opened as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise DataError(
                    f"{path} is {width:,}×{height:,} pixels; mugui reads images up to "
                    f"{MAX_PIXELS // 1_000_000} megapixels"
                )
            image.draft("L", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced size
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            grey = _flatten(image)
    except UnidentifiedImageError as exc:
        raise DataError(
            f"{path} is not an image mugui reads ({', '.join(FORMATS[:-1])} or {FORMATS[-1]})"
        ) from exc
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise DataError(f"{path} is a damaged image ({exc})") from exc
    return _stretch(bright_ink(grey))


def load_model_input(path: str | os.PathLike) -> np.ndarray:
    """The 28×28 float32 model input for the digit in an image file; a blank image is an error."""
    canvas = read_canvas(path)
    if is_blank(canvas):
        raise DataError(f"{path} shows no ink: nothing to recognise")
    return to_model_input(canvas)


def _flatten(image: Image.Image) -> np.ndarray:
    """Greyscale float32 in [0, 1]; transparent pixels take the colour that contrasts with the ink."""
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        alpha = np.asarray(rgba.getchannel("A"), dtype=np.float32) / 255.0
        grey = np.asarray(rgba.convert("L"), dtype=np.float32) / 255.0
        weight = float(alpha.sum())
        ink_is_dark = weight == 0.0 or float((grey * alpha).sum()) / weight < 0.5
        background = 1.0 if ink_is_dark else 0.0
        return grey * alpha + background * (1.0 - alpha)
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        values = np.asarray(image, dtype=np.float32)
        top = float(values.max())
        return values / top if top > 0 else values
    return np.asarray(image.convert("L"), dtype=np.float32) / 255.0


def _stretch(canvas: np.ndarray) -> np.ndarray:
    """Background (the border's median) to 0 and the brightest ink to 1: grey paper, faint ink."""
    border = np.concatenate([canvas[0], canvas[-1], canvas[:, 0], canvas[:, -1]])
    background = float(np.median(border))
    peak = float(canvas.max())
    if peak - background < _MIN_CONTRAST:
        return np.zeros_like(canvas)
    return np.clip((canvas - background) / (peak - background), 0.0, 1.0)
