"""Reading a file of training-set indices (``--forget-indices``, ``--record-indices``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mugui.errors import DataError
from mugui.npz_reader import read_npy

MAX_BYTES = 80_000_000  # ten million 64-bit indices, far more than any training set holds


def read_indices(path: Path) -> np.ndarray:
    """Integers from a .npy file (no pickles) or a text file of whitespace-separated integers."""
    if not path.is_file():
        raise DataError(f"no forget-indices file at {path}")
    if path.suffix.lower() == ".npy":
        try:
            with path.open("rb") as stream:
                values = read_npy(stream, str(path), DataError, "file of indices", MAX_BYTES, "iu")
        except OSError as exc:
            raise DataError(f"{path} is not a readable .npy array of integers") from exc
        return values.reshape(-1).astype(np.int64)
    if path.stat().st_size > MAX_BYTES:
        raise DataError(f"{path} is larger than {MAX_BYTES:,} bytes; it is not a list of indices")
    try:
        words = path.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path} is not a readable text file of integers") from exc
    try:
        return np.array([int(word) for word in words], dtype=np.int64)
    except ValueError as exc:
        raise DataError(f"{path}: {str(exc).split(': ')[-1]} is not an integer index") from exc
