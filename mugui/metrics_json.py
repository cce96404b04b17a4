"""Writing metrics as JSON atomically (commands' ``--metrics FILE`` and the window's export)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from mugui.atomic_write import write_atomically


def _clean(value):
    """JSON-ready: numpy to Python, NaN/Inf to null."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return _clean(value.tolist())
    if isinstance(value, np.generic):
        return _clean(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_metrics(path: str | Path, payload: dict) -> Path:
    text = json.dumps(_clean(payload), indent=2, allow_nan=False) + "\n"
    return write_atomically(path, lambda handle: handle.write(text.encode()))
