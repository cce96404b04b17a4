"""The network architectures a model can have: the MLP (a tuple of layer sizes) or the CNN.

A model's *spec* says which: ``(784, H, [H2,] 10)`` is an MLP, a :class:`CnnSpec` the
LeNet-5-like convolutional network (layout in ``mugui_kernels.cnn_layout``). Both keep every
parameter in one flat float32 vector, so every unlearning method works on either.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mugui_kernels import cnn_shapes, layout_sizes

ARCHITECTURES = ("mlp", "cnn")
ARCHITECTURE_HELP = {
    "mlp": "multilayer perceptron 784 → hidden (ReLU) [→ hidden2] → 10: fast, ~94% on the bundled digits",
    "cnn": (
        "LeNet-5-like convolutional network: conv 5×5 ×8 → pool → conv 5×5 ×16 → pool → "
        "dense hidden → 10; sees strokes as shapes wherever they sit, ~98% on the bundled digits"
    ),
}
CNN_FILTERS = (8, 16)  # C1, C2 of a new CNN (files may hold others within the limits below)
MAX_FILTERS = 64
MIN_HIDDEN, MAX_HIDDEN = 16, 1024


@dataclass(frozen=True)
class CnnSpec:
    """conv 5×5 (c1) → ReLU → pool → conv 5×5 (c2) → ReLU → pool → dense hidden (ReLU) → 10."""

    c1: int = CNN_FILTERS[0]
    c2: int = CNN_FILTERS[1]
    hidden: int = 256

    def problem(self) -> str:
        """Why the engine cannot use this CNN, or ``""`` when it can."""
        values = (self.c1, self.c2, self.hidden)
        if any(isinstance(v, bool) or not isinstance(v, int) for v in values):
            return f"a CNN's filter and unit counts are whole numbers, got {values}"
        if not (1 <= self.c1 <= MAX_FILTERS and 1 <= self.c2 <= MAX_FILTERS):
            return f"a CNN has 1..{MAX_FILTERS} filters per convolution, got {self.c1}, {self.c2}"
        if not MIN_HIDDEN <= self.hidden <= MAX_HIDDEN:
            return f"a CNN's dense layer holds {MIN_HIDDEN}..{MAX_HIDDEN} units, got {self.hidden}"
        return ""

    def as_array(self) -> np.ndarray:
        """[c1, c2, hidden] as the int64 array the CNN kernels take."""
        return np.array([self.c1, self.c2, self.hidden], dtype=np.int64)

    def to_dict(self) -> dict:
        return {"type": "cnn", "c1": self.c1, "c2": self.c2, "hidden": self.hidden}

    @property
    def n_params(self) -> int:
        return cnn_shapes.count_params(self.c1, self.c2, self.hidden)

    @property
    def dense_sizes(self) -> tuple[int, int, int]:
        """The dense head: pooled features → hidden → 10."""
        return (cnn_shapes.features(self.c2), self.hidden, cnn_shapes.N_OUT)

    def layer_shapes(self) -> list[tuple[int, int]]:
        """(fan-in, units) of each weight matrix: conv1, conv2, dense hidden, output."""
        return cnn_shapes.layer_shapes(self.c1, self.c2, self.hidden)

    def layer_slices(self) -> list[tuple[slice, slice]]:
        return cnn_shapes.layer_slices(self.c1, self.c2, self.hidden)


Spec = tuple[int, ...] | CnnSpec


def architecture_of(spec: Spec) -> str:
    """ "cnn" or "mlp"."""
    return "cnn" if isinstance(spec, CnnSpec) else "mlp"


def spec_from_dict(data) -> CnnSpec:
    """The CNN stored in a file's metadata; ValueError with a one-line reason otherwise."""
    if not isinstance(data, dict) or data.get("type") != "cnn":
        raise ValueError(f"the architecture entry must be a CNN description, got {str(data)[:60]}")
    if set(data) != {"type", "c1", "c2", "hidden"}:
        raise ValueError("a CNN is described by its type, c1, c2 and hidden, nothing else")
    spec = CnnSpec(data["c1"], data["c2"], data["hidden"])
    problem = spec.problem()
    if problem:
        raise ValueError(problem)
    return spec


def n_params_of(spec: Spec) -> int:
    """Length of the flat parameter vector of ``spec``."""
    return spec.n_params if isinstance(spec, CnnSpec) else layout_sizes.count_params(spec)


def describe(spec: Spec) -> str:
    """A short name: ``(784, 256, 10)`` or ``CNN 8-16-256``."""
    if isinstance(spec, CnnSpec):
        return f"CNN {spec.c1}-{spec.c2}-{spec.hidden}"
    return str(tuple(spec))
