"""A model: its architecture's spec plus one flat float32 parameter vector.

The MLP's spec is its layer sizes (layout in ``mugui_kernels.layout``), the CNN's a
:class:`mugui.architecture.CnnSpec` (``mugui_kernels.cnn_layout``); ``mugui.network_kernels``
runs the right kernels for either.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mugui.architecture import CnnSpec, Spec, architecture_of, describe
from mugui.deskew import model_inputs
from mugui.errors import ConfigError
from mugui_kernels import layout_sizes

N_INPUTS = 784
N_OUTPUTS = 10
MIN_UNITS = 16  # the hidden-layer sizes the kernels and the window support
MAX_UNITS = 1024
MAX_HIDDEN_LAYERS = 2


def layer_sizes(hidden: int, hidden2: int = 0) -> tuple[int, ...]:
    """784 -> hidden (-> hidden2) -> 10."""
    return (N_INPUTS, hidden, hidden2, N_OUTPUTS) if hidden2 else (N_INPUTS, hidden, N_OUTPUTS)


def unsupported_sizes(sizes: tuple[int, ...]) -> str:
    """Why the engine cannot use layer ``sizes`` (read from a file), or ``""`` when it can."""
    hidden = sizes[1:-1]
    if len(sizes) < 3 or sizes[0] != N_INPUTS or sizes[-1] != N_OUTPUTS:
        return f"an MLP maps 784 inputs to 10 outputs, got {sizes}"
    if len(hidden) > MAX_HIDDEN_LAYERS:
        return f"at most {MAX_HIDDEN_LAYERS} hidden layers are supported, got {len(hidden)}"
    if any(not MIN_UNITS <= units <= MAX_UNITS for units in hidden):
        return f"hidden layers hold {MIN_UNITS}..{MAX_UNITS} units, got {sizes}"
    return ""


@dataclass(eq=False)
class Model:
    """A network and its flat parameters: an MLP 784 -> H (ReLU) [-> H2 (ReLU)] -> 10 when
    ``spec`` is a tuple of layer sizes, the LeNet-5-like CNN when it is a ``CnnSpec``.

    For the CNN, ``sizes``, ``hidden_sizes``, ``layers()`` and ``hidden()`` describe its dense
    head (pooled features -> hidden -> 10), the part a dense-layer method can act on.
    """

    spec: Spec
    params: np.ndarray
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.spec, CnnSpec):
            problem = self.spec.problem()
            if problem:
                raise ConfigError("architecture", problem)
            expected = self.spec.n_params
            self._sizes_array = self.spec.as_array()
        else:
            self.spec = tuple(int(s) for s in self.spec)
            if len(self.spec) < 3 or self.spec[0] != N_INPUTS or self.spec[-1] != N_OUTPUTS:
                raise ConfigError("sizes", f"an MLP maps 784 inputs to 10 outputs, got {self.spec}")
            if any(s < 1 for s in self.spec):
                raise ConfigError("sizes", f"every layer needs at least one unit, got {self.spec}")
            expected = layout_sizes.count_params(self.spec)
            self._sizes_array = layout_sizes.as_sizes(self.spec)
        self.params = np.ascontiguousarray(self.params, dtype=np.float32)
        if self.params.shape != (expected,):
            raise ConfigError(
                "params", f"{self.describe()} needs {expected} parameters, got {self.params.shape}"
            )

    @classmethod
    def init(cls, spec: Spec, seed: int) -> Model:
        """He-uniform weights as in the C original, w = (U(0,1) - 0.5)*2*sqrt(2/fan_in); zero biases."""
        rng = np.random.default_rng(seed)
        shapes = _layer_shapes(spec)
        slices = _layer_slices(spec)
        params = np.zeros(slices[-1][1].stop, dtype=np.float32)
        for (w_slice, _), (fan_in, _) in zip(slices, shapes, strict=True):
            n = w_slice.stop - w_slice.start
            scale = np.float32(np.sqrt(2.0 / fan_in))
            params[w_slice] = (
                (rng.random(n, dtype=np.float32) - np.float32(0.5)) * np.float32(2.0) * scale
            )
        return cls(spec, params)

    @property
    def architecture(self) -> str:
        """ "mlp" or "cnn"."""
        return architecture_of(self.spec)

    @property
    def is_cnn(self) -> bool:
        return isinstance(self.spec, CnnSpec)

    @property
    def sizes(self) -> tuple[int, ...]:
        """The MLP's layer sizes; the CNN's dense head (features, hidden, 10)."""
        return self.spec.dense_sizes if isinstance(self.spec, CnnSpec) else self.spec

    @property
    def sizes_array(self) -> np.ndarray:
        """The int64 shape array this architecture's kernels take."""
        return self._sizes_array

    @property
    def hidden_sizes(self) -> tuple[int, ...]:
        return self.sizes[1:-1]

    def describe(self) -> str:
        """A short name: ``(784, 256, 10)`` or ``CNN 8-16-256``."""
        return describe(self.spec)

    def copy(self) -> Model:
        return Model(self.spec, self.params.copy(), dict(self.meta))

    def layer_shapes(self) -> list[tuple[int, int]]:
        """(fan-in, units) of every weight matrix in the flat vector (the CNN's convs too)."""
        return _layer_shapes(self.spec)

    def layer_slices(self) -> list[tuple[slice, slice]]:
        """(weights slice, biases slice) of every layer in ``params`` (the CNN's convs too)."""
        return _layer_slices(self.spec)

    def layers(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(W (in, out), b (out,)) views into ``params`` of each dense layer (the CNN's head)."""
        slices = self.layer_slices()[-(len(self.sizes) - 1) :]
        return [
            (self.params[w].reshape(a, b), self.params[bs])
            for (w, bs), a, b in zip(slices, self.sizes[:-1], self.sizes[1:], strict=True)
        ]

    def first_layer_filters(self) -> np.ndarray:
        """The CNN's first-layer filters as (C1, 5, 5) images (a view-free copy)."""
        if not isinstance(self.spec, CnnSpec):
            raise ConfigError("architecture", "only a CNN has convolution filters")
        w, _ = self.layer_slices()[0]
        return self.params[w].reshape(25, self.spec.c1).T.reshape(self.spec.c1, 5, 5).copy()

    def is_finite(self) -> bool:
        return bool(np.isfinite(self.params).all())

    def predict_proba(self, x: np.ndarray, flags: int = 0) -> np.ndarray:
        """Probabilities (N, 10) for uint8 pixels (0..255) or float32 inputs in [0, 1].

        Inputs pass the model's input step first (deskewing, for a model trained deskewed).
        """
        from mugui import network_kernels  # numba loads when a model first runs, not at import

        x = model_inputs(self.meta, _as_rows(x))
        if x.dtype == np.uint8:
            return network_kernels.probs_u8(self, x, flags)
        return network_kernels.probs_float(self, x, flags)

    def predict(self, x: np.ndarray, flags: int = 0) -> np.ndarray:
        return self.predict_proba(x, flags).argmax(axis=1)

    def hidden(self, x: np.ndarray, layer: int = 0) -> np.ndarray:
        """Post-ReLU activations of hidden layer ``layer`` (the CNN: its dense hidden layer)."""
        from mugui import network_kernels

        return network_kernels.hidden_u8(self, self._u8_inputs(x), layer)

    def conv_features(self, x: np.ndarray) -> np.ndarray:
        """The CNN's pooled convolution features, flattened: what its dense hidden layer reads."""
        from mugui import network_kernels

        if not self.is_cnn:
            raise ConfigError("architecture", "only a CNN has convolution features")
        return network_kernels.conv_features_u8(self, self._u8_inputs(x))

    def _u8_inputs(self, x: np.ndarray) -> np.ndarray:
        """Rows after the model's input step, as uint8 pixels (float inputs in [0, 1] rounded)."""
        x = model_inputs(self.meta, _as_rows(x))
        if x.dtype != np.uint8:
            x = np.clip(np.rint(x * 255.0), 0, 255).astype(np.uint8)
        return x


def _layer_shapes(spec: Spec) -> list[tuple[int, int]]:
    if isinstance(spec, CnnSpec):
        return spec.layer_shapes()
    return list(zip(spec[:-1], spec[1:], strict=True))


def _layer_slices(spec: Spec) -> list[tuple[slice, slice]]:
    return spec.layer_slices() if isinstance(spec, CnnSpec) else layout_sizes.layer_slices(spec)


def _as_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim == 1 or (x.ndim == 2 and x.shape == (28, 28)):
        x = x.reshape(1, -1)
    elif x.ndim == 3:
        x = x.reshape(x.shape[0], -1)
    if x.ndim != 2 or x.shape[1] != N_INPUTS:
        raise ConfigError("input", f"expected images of 784 pixels, got shape {x.shape}")
    return np.ascontiguousarray(x)
