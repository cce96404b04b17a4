"""The non-digit gates fitted in this process, kept by the rows they were fitted on.

The non-digit gate (``mugui.non_digit_gate``) learns from pixels only, with a fixed seed: the same
digits, non-digits and held-out digits give the same gate, whatever model it goes with. So a
typicality fit on rows already fitted on (the next run of the same preset with another learning
rate or hidden size, a second window, `mugui train` again in the same process) reuses that gate
instead of fitting it again (1.06-1.15 CPU s on the *Healthy default*'s rows, load 2.6-3.3). The
rows are known by a BLAKE2b digest of their shapes and bytes (15 CPU ms for those 20,000 rows,
load 3.4); the last ``GATES_KEPT`` gates are kept (200 KB each), their arrays read-only since
models share them.
"""

from __future__ import annotations

import hashlib
import threading

import numpy as np

from mugui.non_digit_gate import NonDigitGate, fit_gate

GATES_KEPT = 4
_LOCK = threading.Lock()
_GATES: dict[str, NonDigitGate | None] = {}  # rows' digest -> its gate (None: too few rows)


def rows_digest(digits: list[np.ndarray], non_digits: np.ndarray, held: list[np.ndarray]) -> str:
    """A digest of every array's role, shape, type and bytes."""
    digest = hashlib.blake2b(digest_size=16)
    for role, arrays in (("digits", digits), ("non-digits", [non_digits]), ("held", held)):
        digest.update(f"{role}:{len(arrays)};".encode())
        for array in arrays:
            rows = np.ascontiguousarray(array)
            digest.update(f"{rows.shape};{rows.dtype.str};".encode())
            digest.update(rows.view(np.uint8).data)  # the bytes, not a copy of them
    return digest.hexdigest()


def gate_for(
    digits: list[np.ndarray], non_digits: np.ndarray, held: list[np.ndarray]
) -> NonDigitGate | None:
    """:func:`mugui.non_digit_gate.fit_gate` of these rows, fitted once a process."""
    key = rows_digest(digits, non_digits, held)
    with _LOCK:
        if key in _GATES:
            return _GATES[key]
    gate = fit_gate(digits, non_digits, held)  # outside the lock: a fit takes a second
    if gate is not None:
        for array in (gate.hidden_weights, gate.hidden_bias, gate.out_weights):
            array.flags.writeable = False
    with _LOCK:
        _GATES.pop(key, None)
        _GATES[key] = gate
        while len(_GATES) > GATES_KEPT:
            del _GATES[next(iter(_GATES))]
    return gate
