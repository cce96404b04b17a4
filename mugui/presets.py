"""Presets: full training configurations that reproduce the seeds' programs, and a healthy one."""

from __future__ import annotations

from dataclasses import dataclass

from mugui.config_changes import config_changes
from mugui.errors import ConfigError
from mugui.training.config import TrainConfig

PRESET_KEY = "preset"  # a model file's metadata: the preset its run started from


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    description: str
    config: TrainConfig


DRAWING_STYLE_STROKES = 6000  # the default drawing model's (README: Drawing, the stress set)
DRAWING_OUTLIERS = 4000  # its non-digits with the uniform target (README: Honest confidence)

_MINIMNISTC = TrainConfig(
    lr=0.0005,
    momentum=0.9,
    batch_size=1,
    schedule="sequential",
    shuffle="once",
    epochs=20,
    bugs=("output_relu", "double_hidden_grad"),
)
# nn.c: miniMNIST-c with mini-batches of 5, each one image against 5 labels, never shuffled.
_NNC = _MINIMNISTC.replace(
    batch_size=5, epochs=50, bugs=(*_MINIMNISTC.bugs, "batch_image_index", "no_shuffle")
)

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "healthy",
            "Healthy default",
            "No bugs: mini-batches of 64, lr 0.01, momentum 0.9, reshuffled every epoch, 15 epochs; "
            f"{DRAWING_STYLE_STROKES} style strokes (drawings in the handwriting styles MNIST "
            "barely holds) join the digits, so the drawing probe reads how people write, and "
            f"{DRAWING_OUTLIERS} non-digits (letters, symbols, scribbles) trained toward 'no idea' (the "
            "uniform target), so it answers '?' on what is not a digit.",
            TrainConfig(style_strokes=DRAWING_STYLE_STROKES, outlier_exposure=DRAWING_OUTLIERS),
        ),
        Preset(
            "minimnistc",
            "miniMNIST-c",
            "The parent program: per-sample SGD, lr 0.0005, momentum 0.9, data shuffled once, "
            "20 epochs on an 80/20 split, with its two quirks (ReLU on the output logits, hidden "
            "gradient accumulated twice). It learns fine.",
            _MINIMNISTC,
        ),
        Preset(
            "nnc",
            "nn.c as published",
            "miniMNIST-c plus nn.c's own bugs: each mini-batch of 5 trains one image against 5 "
            "labels (batch_image_index) and the shuffle never runs. Test accuracy peaks early, "
            "then falls epoch after epoch: the network 'learns backwards'.",
            _NNC,
        ),
        Preset(
            "debugc",
            "debug.c as described",
            "The write-up's 'fixed' program: batch index repaired, no shuffle, 10 epochs, and an "
            "accuracy measured on the training data (its 99.98%). mugui shows the true test "
            "accuracy beside it.",
            _NNC.replace(epochs=10, bugs=(*_MINIMNISTC.bugs, "no_shuffle", "eval_on_train")),
        ),
        Preset(
            "cnn",
            "LeNet-like CNN",
            "The convolutional network: conv 5×5 ×8 → pool → conv 5×5 ×16 → pool → 256 → 10, "
            "mini-batches of 64, lr 0.05 falling linearly to 0, momentum 0.9, 6 epochs: "
            "≥ 98% on the bundled digits in a few seconds.",
            TrainConfig(architecture="cnn", lr=0.05, epochs=6),
        ),
    )
}


def get_preset(name: str) -> Preset:
    if name not in PRESETS:
        raise ConfigError("preset", f"unknown preset {name!r}; known: {', '.join(PRESETS)}")
    return PRESETS[name]


def closest_preset(config: TrainConfig) -> str:
    """The preset ``config`` differs least from (fewest changed bugs and settings; the first
    listed on a tie): the base of "Custom (from …)" for a model that does not record its own."""
    return min(PRESETS, key=lambda name: len(config_changes(PRESETS[name].config, config)))


def preset_of(meta: dict, config: TrainConfig) -> str:
    """The preset a model's run started from: the one its metadata records (files saved since
    the window records it), else the closest to its configuration (older files)."""
    recorded = meta.get(PRESET_KEY)
    if isinstance(recorded, str) and recorded in PRESETS:
        return recorded
    return closest_preset(config)
