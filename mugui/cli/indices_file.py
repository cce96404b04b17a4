"""Reading a file of training-set indices (``--forget-indices``, ``--record-indices``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mugui.errors import DataError


def read_indices(path: Path) -> np.ndarray:
    """Integers from a .npy file (no pickles) or a text file of whitespace-separated integers."""
    if not path.is_file():
        raise DataError(f"no forget-indices file at {path}")
    if path.suffix.lower() == ".npy":
        try:
            values = np.load(path, allow_pickle=False)
        except (ValueError, OSError, EOFError) as exc:
            raise DataError(f"{path} is not a readable .npy array of integers") from exc
        if values.dtype.kind not in "iu":
            raise DataError(f"{path} holds {values.dtype} values; forget indices must be integers")
        return values.reshape(-1).astype(np.int64)
    try:
        words = path.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path} is not a readable text file of integers") from exc
    try:
        return np.array([int(word) for word in words], dtype=np.int64)
    except ValueError as exc:
        raise DataError(f"{path}: {str(exc).split(': ')[-1]} is not an integer index") from exc
