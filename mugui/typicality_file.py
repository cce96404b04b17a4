"""How files keep a model's typicality statistics: the arrays as ``.npz`` members, the rest —
names, classes, thresholds, the weights' digest, the members' names — in the JSON metadata.

A precision matrix is features² numbers (65,536 for 256 hidden units): as JSON it would swell
the metadata past its limit for the largest networks, so it is stored as float32 like the
weights. The CNN's prototypes of its convolution features are float16 members: the fit keeps
them in float16 and thresholds them so, and 1,000 of them take 0.5 MB. Reading is tolerant: a
file without the statistics (written before them), or with members missing, damaged or of the
wrong shape, loads with no typicality check; one written before the convolution prototypes
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


def split(meta: dict, prefix: str = PREFIX) -> tuple[dict, dict[str, np.ndarray]]:
    """``meta`` with the statistics' arrays replaced by member names, and those members."""
    record = meta.get(META_KEY)
    if record is None:
        return meta, {}
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


def join(meta: dict, names: set[str], read: Callable[[str, int], np.ndarray]) -> dict:
    """``meta`` with the statistics' arrays read back (``read(name, max_bytes)``), or without
    the statistics when anything about them is missing or wrong."""
    record = meta.get(META_KEY)
    if record is None:
        return meta
    try:
        components = []
        for entry in record["components"]:
            loaded = dict(entry)
            for key in (*ARRAYS, *(k for k in SPREAD_ARRAYS if k in entry)):
                name = entry[key]
                if not isinstance(name, str) or name not in names:
                    return without(meta)
                loaded[key] = read(name, MAX_BYTES)
            components.append(loaded)
        restored = {**record, "components": components}
        for key in PROTOTYPES:
            if key in record:
                name = record[key]["centres"]
                if not isinstance(name, str) or name not in names:
                    return without(meta)
                restored[key] = {**record[key], "centres": read(name, MAX_BYTES)}
        if GATE in record:
            gate = dict(record[GATE])
            for key in GATE_ARRAYS:
                name = gate[key]
                if not isinstance(name, str) or name not in names:
                    return without(meta)
                gate[key] = read(name, MAX_BYTES)
            restored[GATE] = gate
        joined = {**meta, META_KEY: restored}
    except (MuguiError, KeyError, TypeError):
        return without(meta)
    return joined if Typicality.from_meta(joined[META_KEY]) is not None else without(meta)


def without(meta: dict) -> dict:
    """``meta`` without typicality statistics."""
    return {k: v for k, v in meta.items() if k != META_KEY}
