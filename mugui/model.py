"""The MLP: layer sizes plus one flat float32 parameter vector (see ``mugui_kernels.layout``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mugui.errors import ConfigError
from mugui_kernels import forward, layout

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
    """A multilayer perceptron 784 -> H (ReLU) [-> H2 (ReLU)] -> 10 (softmax)."""

    sizes: tuple[int, ...]
    params: np.ndarray
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sizes = tuple(int(s) for s in self.sizes)
        if len(self.sizes) < 3 or self.sizes[0] != N_INPUTS or self.sizes[-1] != N_OUTPUTS:
            raise ConfigError("sizes", f"an MLP maps 784 inputs to 10 outputs, got {self.sizes}")
        if any(s < 1 for s in self.sizes):
            raise ConfigError("sizes", f"every layer needs at least one unit, got {self.sizes}")
        self.params = np.ascontiguousarray(self.params, dtype=np.float32)
        expected = layout.count_params(self.sizes)
        if self.params.shape != (expected,):
            raise ConfigError(
                "params", f"{self.sizes} needs {expected} parameters, got {self.params.shape}"
            )
        self._sizes_array = layout.as_sizes(self.sizes)

    @classmethod
    def init(cls, sizes: tuple[int, ...], seed: int) -> Model:
        """He-uniform weights as in the C original, w = (U(0,1) - 0.5)*2*sqrt(2/fan_in); zero biases."""
        rng = np.random.default_rng(seed)
        params = np.zeros(layout.count_params(sizes), dtype=np.float32)
        for (w_slice, _), fan_in in zip(layout.layer_slices(sizes), sizes[:-1], strict=True):
            n = w_slice.stop - w_slice.start
            scale = np.float32(np.sqrt(2.0 / fan_in))
            params[w_slice] = (
                (rng.random(n, dtype=np.float32) - np.float32(0.5)) * np.float32(2.0) * scale
            )
        return cls(tuple(sizes), params)

    @property
    def sizes_array(self) -> np.ndarray:
        return self._sizes_array

    @property
    def hidden_sizes(self) -> tuple[int, ...]:
        return self.sizes[1:-1]

    def copy(self) -> Model:
        return Model(self.sizes, self.params.copy(), dict(self.meta))

    def layers(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(W (in, out), b (out,)) views of each layer into ``params``."""
        return [
            (self.params[w].reshape(a, b), self.params[bs])
            for (w, bs), a, b in zip(
                layout.layer_slices(self.sizes), self.sizes[:-1], self.sizes[1:], strict=True
            )
        ]

    def is_finite(self) -> bool:
        return bool(np.isfinite(self.params).all())

    def predict_proba(self, x: np.ndarray, flags: int = 0) -> np.ndarray:
        """Probabilities (N, 10) for uint8 pixels (0..255) or float32 inputs in [0, 1]."""
        x = _as_rows(x)
        if x.dtype == np.uint8:
            return forward.forward_probs(self.params, self._sizes_array, x, np.int64(flags))
        return forward.forward_probs_float(
            self.params,
            self._sizes_array,
            np.ascontiguousarray(x, dtype=np.float32),
            np.int64(flags),
        )

    def predict(self, x: np.ndarray, flags: int = 0) -> np.ndarray:
        return self.predict_proba(x, flags).argmax(axis=1)

    def hidden(self, x: np.ndarray, layer: int = 0) -> np.ndarray:
        """Post-ReLU activations of hidden layer ``layer`` for uint8 images."""
        x = _as_rows(x)
        if x.dtype != np.uint8:
            x = np.clip(np.rint(x * 255.0), 0, 255).astype(np.uint8)
        return forward.hidden_activations(
            self.params, self._sizes_array, x, np.int64(layer), np.int64(0)
        )


def _as_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim == 1 or (x.ndim == 2 and x.shape == (28, 28)):
        x = x.reshape(1, -1)
    elif x.ndim == 3:
        x = x.reshape(x.shape[0], -1)
    if x.ndim != 2 or x.shape[1] != N_INPUTS:
        raise ConfigError("input", f"expected images of 784 pixels, got shape {x.shape}")
    return np.ascontiguousarray(x)
