"""The non-digit gate that ships with mugui, fitted once for the default drawing model's data.

The gate (``mugui.non_digit_gate``) depends on the rows it learns from, not on the model: the
same digits, non-digits and held-out digits always give the same gate. So the one for the
*Healthy default* on the bundled digits — the drawing probe's default, and the benchmark's —
is fitted offline with the ``STRONG`` recipe (three networks of 256 hidden units, rows moved by
up to 2 pixels, trained against the run's 4,000 non-digits and 20,000 more of the training
generator's seed ``POOL_SEED``, which no run trains on and the benchmark never draws) and ships
as ``resources/non_digit_gate.npz`` (weights as float16; its threshold was set with them as
kept), made by ``resources/rebuild_non_digit_gate.py``. A run whose rows have the file's digest
takes it instead of fitting the quick gate at its end; any other run (other data, other counts,
the retained rows after unlearning) fits the quick one as before.
"""

from __future__ import annotations

import zipfile
from functools import lru_cache
from importlib.resources import files

import numpy as np

from mugui.non_digit_gate import RECORD_ARRAYS, NonDigitGate, gate_from_record

SHIPPED_FILE = "non_digit_gate.npz"
POOL_SEED = 1  # the outlier sequence's seed the extra non-digits come from (runs use 0)
POOL_COUNT = 40_000


def shipped_gate(digest: str) -> NonDigitGate | None:
    """The shipped gate when it was fitted on the rows of ``digest``; else None."""
    found = _load()
    if found is None or found[0] != digest:
        return None
    return found[1]


@lru_cache(maxsize=1)
def _load() -> tuple[str, NonDigitGate] | None:
    """(digest, gate) of the shipped file; None when it is missing or damaged (a run then
    fits the quick gate: the file only saves work and adds strength, it is never needed)."""
    resource = files("mugui_resources") / SHIPPED_FILE
    try:
        with resource.open("rb") as stream, np.load(stream, allow_pickle=False) as npz:
            entry: dict = {key: np.asarray(npz[key], np.float32) for key in RECORD_ARRAYS}
            entry["out_bias"] = float(npz["out_bias"])
            entry["threshold"] = float(npz["threshold"])
            digest = str(npz["digest"])
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
        return None
    gate = gate_from_record(entry)
    if gate is None:
        return None
    for array in (gate.hidden_weights, gate.hidden_bias, gate.out_weights):
        array.flags.writeable = False  # every model that takes it shares these arrays
    return digest, gate


def shipped_arrays(gate: NonDigitGate, digest: str) -> dict[str, np.ndarray]:
    """What the shipped file holds for ``gate`` (fitted on the rows of ``digest``)."""
    arrays: dict[str, np.ndarray] = {
        key: np.asarray(getattr(gate, key), np.float16) for key in RECORD_ARRAYS
    }
    arrays["out_bias"] = np.array(gate.out_bias, np.float64)
    arrays["threshold"] = np.array(gate.threshold, np.float64)
    arrays["digest"] = np.array(digest)
    return arrays
