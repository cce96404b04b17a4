"""How files keep a model's typicality statistics: the arrays as ``.npz`` members, the rest —
names, classes, thresholds, the weights' digest, the members' names — in the JSON metadata.

A precision matrix is features² numbers (65,536 for 256 hidden units): as JSON it would swell
the metadata past its limit for the largest networks, so it is stored as float32 like the
weights. The CNN's prototypes of its convolution features are float16 members: the fit keeps
them in float16 and thresholds them so, and 1,000 of them take 0.5 MB. Reading is tolerant: a
file without the statistics (written before them), or with members missing, damaged or of the
wrong shape (of another width than the model's last hidden layer included), loads with no
typicality check and ``DROPPED_KEY`` in its metadata, for the loader's caller to say so; one written before the convolution prototypes
checks without them, and one written before the class spreads (``mugui.class_spreads``:
``typicality_0_spread_directions``… members, 640 KB a component at 256 hidden units) or the
non-digit gate (``mugui.non_digit_gate``: ``typicality_gate_hidden_weights``… members, 200 KB)
without those. The gate's members are float16 when that keeps every value exactly, as it does
for the shipped gate (``mugui.shipped_gate``, whose weights are float16), else float32.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mugui.errors import MuguiError
from mugui.model import MAX_UNITS
from mugui.non_digit_gate import RECORD_ARRAYS as GATE_ARRAYS
from mugui.typicality import CONV, GATE, META_KEY, SPREAD_ARRAYS, Typicality

PREFIX = "typicality_"
ARRAYS = ("means", "precision")
# the prototypes' members, as the fit keeps them (the CNN's convolution ones in float16)
PROTOTYPES = {"prototypes": np.float32, CONV: np.float16}
MAX_BYTES = 4 * MAX_UNITS * MAX_UNITS  # a float32 precision of the widest hidden layer
# in a loaded model's metadata (never in a file): its file held statistics that were unusable
DROPPED_KEY = "typicality_dropped"


def split(meta: dict, prefix: str = PREFIX) -> tuple[dict, dict[str, np.ndarray]]:
    """``meta`` with the statistics' arrays replaced by member names, and those members."""
    record = meta.get(META_KEY)
    if record is None:
        return without(meta), {}
    if Typicality.from_meta(record) is None:
        return without(meta), {}
    arrays: dict[str, np.ndarray] = {}
    components = []
    for i, component in enumerate(record["components"]):
        entry = dict(component)
        for key in (*ARRAYS, *(k for k in SPREAD_ARRAYS if k in component)):
            name = f"{prefix}{i}_{key}"
            arrays[name] = np.asarray(component[key], np.float32)
            entry[key] = name
        components.append(entry)
    stored = {**record, "components": components}
    for key, dtype in PROTOTYPES.items():
        if key in record:
            name = f"{prefix}{key}"
            arrays[name] = np.asarray(record[key]["centres"], dtype)
            stored[key] = {**record[key], "centres": name}
    if GATE in record:
        gate = dict(record[GATE])
        for key in GATE_ARRAYS:
            name = f"{prefix}gate_{key}"
            arrays[name] = _compact(gate[key])
            gate[key] = name
        stored[GATE] = gate
    return {**meta, META_KEY: stored}, arrays


def _compact(values) -> np.ndarray:
    """float16 when that keeps every value exactly (the shipped gate's weights), else float32."""
    full = np.asarray(values, np.float32)
    half = full.astype(np.float16)
    return half if np.array_equal(half.astype(np.float32), full) else full


def join(
    meta: dict, names: set[str], read: Callable[[str, int], np.ndarray], width: int | None = None
) -> dict:
    """``meta`` with the statistics' arrays read back (``read(name, max_bytes)``), or without
    the statistics (and with ``DROPPED_KEY``) when anything about them is missing or wrong,
    their number of features when it is not ``width`` included."""
    record = meta.get(META_KEY)
    if record is None:
        return without(meta)
    try:
        components = []
        for entry in record["components"]:
            loaded = dict(entry)
            for key in (*ARRAYS, *(k for k in SPREAD_ARRAYS if k in entry)):
                name = entry[key]
                if not isinstance(name, str) or name not in names:
                    return dropped(meta)
                loaded[key] = read(name, MAX_BYTES)
            components.append(loaded)
        restored = {**record, "components": components}
        for key in PROTOTYPES:
            if key in record:
                name = record[key]["centres"]
                if not isinstance(name, str) or name not in names:
                    return dropped(meta)
                restored[key] = {**record[key], "centres": read(name, MAX_BYTES)}
        if GATE in record:
            gate = dict(record[GATE])
            for key in GATE_ARRAYS:
                name = gate[key]
                if not isinstance(name, str) or name not in names:
                    return dropped(meta)
                gate[key] = read(name, MAX_BYTES)
            restored[GATE] = gate
        joined = {**meta, META_KEY: restored}
    except (MuguiError, KeyError, TypeError, ValueError, AttributeError):
        return dropped(meta)
    usable = Typicality.from_meta(joined[META_KEY], width) is not None
    return without(joined, keep=True) if usable else dropped(meta)


def without(meta: dict, keep: bool = False) -> dict:
    """``meta`` without typicality statistics (``keep``: but with them) and without
    ``DROPPED_KEY``."""
    return {k: v for k, v in meta.items() if k != DROPPED_KEY and (keep or k != META_KEY)}


def dropped(meta: dict) -> dict:
    """``meta`` without its unusable statistics, marked so."""
    return {**without(meta), DROPPED_KEY: True}


def was_dropped(meta: dict) -> bool:
    """Whether a loaded model's file held typicality statistics that could not be used."""
    return meta.get(DROPPED_KEY) is True
