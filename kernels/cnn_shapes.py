"""The convolutional network's sizes and where its parameters sit, in plain Python (no numba).

Apart from ``cnn_layout`` (which re-exports them beside its kernels) so that the engine can
describe a network without importing numba: the window opens without it.
"""

SIDE = 28
K = 5  # kernel side
S1 = SIDE - K + 1  # 24: first convolution's output side
P1 = S1 // 2  # 12: after the first pool
S2 = P1 - K + 1  # 8: second convolution's output side
P2 = S2 // 2  # 4: after the second pool
N_OUT = 10
N_BLOCKS = 8  # W1, b1, W2, b2, W3, b3, W4, b4


def features(c2: int) -> int:
    """Inputs of the dense head: the second pool's 4×4×C2 values."""
    return P2 * P2 * c2


def layer_shapes(c1: int, c2: int, hidden: int) -> list[tuple[int, int]]:
    """(in, out) of the four weight matrices, for plain-numpy callers."""
    return [(K * K, c1), (K * K * c1, c2), (features(c2), hidden), (hidden, N_OUT)]


def layer_slices(c1: int, c2: int, hidden: int) -> list[tuple[slice, slice]]:
    """(weights slice, biases slice) of each of the four layers in the flat vector."""
    out = []
    off = 0
    for rows, cols in layer_shapes(c1, c2, hidden):
        out.append(
            (slice(off, off + rows * cols), slice(off + rows * cols, off + rows * cols + cols))
        )
        off += rows * cols + cols
    return out


def count_params(c1: int, c2: int, hidden: int) -> int:
    """Number of parameters, in plain Python."""
    return layer_slices(c1, c2, hidden)[-1][1].stop
