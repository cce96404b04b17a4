"""Where an MLP's layers sit in its flat parameter vector, in plain Python (no numba).

Apart from ``layout`` (which re-exports them beside its kernels) so that the engine can describe
and check a network without importing numba: the window opens without it.
"""

import numpy as np


def layer_slices(sizes) -> list[tuple[slice, slice]]:
    """(weights slice, biases slice) of each layer, for plain-numpy callers."""
    out = []
    off = 0
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        out.append(
            (
                slice(off, off + fan_in * fan_out),
                slice(off + fan_in * fan_out, off + fan_in * fan_out + fan_out),
            )
        )
        off += fan_in * fan_out + fan_out
    return out


def count_params(sizes) -> int:
    """Number of parameters, in plain Python."""
    return int(sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True)))


def as_sizes(sizes) -> np.ndarray:
    """Layer sizes as the int64 array the kernels take."""
    return np.asarray(sizes, dtype=np.int64)
