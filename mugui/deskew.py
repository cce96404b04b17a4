"""Deskewing as a model's input step: a model trained on deskewed digits sees every input deskewed.

``TrainConfig.deskew`` makes the trainer deskew the training images (before any augmentation)
and records ``meta["deskew"] = True`` in the model; :meth:`mugui.model.Model.predict_proba` and
:meth:`~mugui.model.Model.hidden` then deskew whatever they are given (test images, drawn
digits, image files), so every path into the model agrees. Models without the key (older files)
are not deskewed. The shear itself is the numba kernel ``mugui_kernels.deskew``.
"""

from __future__ import annotations

import numpy as np

META_KEY = "deskew"


def deskew(images: np.ndarray) -> np.ndarray:
    """Rows of 784 pixels deskewed: uint8 in → uint8 out (rounded), floats in → float32 out."""
    from mugui_kernels.deskew import deskew_images  # numba, imported on first use

    rows = np.ascontiguousarray(np.asarray(images).reshape(-1, 784))
    out = np.empty(rows.shape, np.float32)
    deskew_images(rows, out)
    if rows.dtype == np.uint8:
        return np.clip(np.rint(out), 0, 255).astype(np.uint8)
    return out


def deskews(meta: dict) -> bool:
    """True when a model's metadata says it was trained on deskewed digits."""
    return isinstance(meta, dict) and meta.get(META_KEY) is True


def model_inputs(meta: dict, rows: np.ndarray) -> np.ndarray:
    """``rows`` (N, 784) as the model with ``meta`` sees them: deskewed if it was trained so."""
    return deskew(rows) if deskews(meta) else rows
