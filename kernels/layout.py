"""Where each layer's weights and biases sit in the flat float32 parameter vector.

Layer l maps ``sizes[l]`` inputs to ``sizes[l+1]`` outputs: its weights W (in, out), row-major,
then its biases b (out,), one layer after another.
"""

from numba import njit

from .layout_sizes import as_sizes, count_params, layer_slices  # noqa: F401 - re-exported


@njit(nogil=True, cache=True)
def weight_offset(sizes, layer):
    """Offset of layer ``layer``'s weight matrix in the flat vector."""
    off = 0
    for l in range(layer):
        off += sizes[l] * sizes[l + 1] + sizes[l + 1]
    return off


@njit(nogil=True, cache=True)
def n_params(sizes):
    """Total number of parameters of an MLP with these layer sizes."""
    return weight_offset(sizes, sizes.shape[0] - 1)


@njit(nogil=True, cache=True)
def weights(vec, sizes, layer):
    """View of layer ``layer``'s weights (in, out) inside ``vec``."""
    off = weight_offset(sizes, layer)
    fan_in = sizes[layer]
    fan_out = sizes[layer + 1]
    return vec[off : off + fan_in * fan_out].reshape((fan_in, fan_out))


@njit(nogil=True, cache=True)
def biases(vec, sizes, layer):
    """View of layer ``layer``'s biases (out,) inside ``vec``."""
    off = weight_offset(sizes, layer) + sizes[layer] * sizes[layer + 1]
    return vec[off : off + sizes[layer + 1]]
