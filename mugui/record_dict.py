"""record_dict: a dataclass record's fields as plain Python values, for its ``to_dict``.

numpy arrays become lists of Python numbers and tuples become lists, so the result goes to JSON
and compares equal to what a JSON reader gives back; other values are kept as they are.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import numpy as np


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    return value


def record_dict(record: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """``{field name: plain value}`` for every field of ``record`` but those in ``skip``, in order."""
    return {f.name: _plain(getattr(record, f.name)) for f in fields(record) if f.name not in skip}
