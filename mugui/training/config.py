"""Training configuration: a frozen dataclass that validates itself and round-trips to JSON."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from mugui.architecture import ARCHITECTURE_HELP, ARCHITECTURES, CNN_FILTERS, CnnSpec, Spec
from mugui.bugs import BUGS
from mugui.errors import ConfigError
from mugui.model import MAX_UNITS, MIN_UNITS, layer_sizes

SCHEDULES = ("mean", "sequential")
SHUFFLES = ("epoch", "once", "never")


@dataclass(frozen=True)
class FieldRange:
    """The accepted range of one numeric training setting: the one source for the config's
    validation, the window's spin boxes and the command line's help."""

    low: float
    high: float
    help: str
    whole: bool = True

    @property
    def bounds(self) -> str:
        """``low..high`` written as the user types them."""
        if self.whole:
            return f"{int(self.low)}..{int(self.high)}"
        return f"{self.low:g}..{self.high:g}"

    @property
    def text(self) -> str:
        """``help (low..high)`` as the command line shows it."""
        return f"{self.help} ({self.bounds})"

    def check(self, field: str, value) -> None:
        """Raise ConfigError unless ``value`` is a number of the right kind inside the range."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            kind = "a whole number" if self.whole else "a number"
            raise ConfigError(field, f"must be {kind}, got {_short(value)}")
        if self.whole and not isinstance(value, int):
            raise ConfigError(field, f"must be a whole number, got {_short(value)}")
        if value != value or not self.low <= value <= self.high:
            raise ConfigError(field, f"must be in {self.bounds}, got {_short(value)}")


MAX_STYLE_STROKES = 20_000


@dataclass(frozen=True)
class FieldChoice:
    """The accepted values of one named-choice training setting, with the help of each: the
    one source for validation, the window's combo box and the command line."""

    choices: tuple[str, ...]
    help: str
    choice_help: dict[str, str]

    @property
    def text(self) -> str:
        return f"{self.help}: " + "; ".join(f"{c}: {self.choice_help[c]}" for c in self.choices)

    def check(self, field: str, value) -> None:
        if not isinstance(value, str) or value not in self.choices:
            raise ConfigError(
                field, f"must be one of {', '.join(self.choices)}, got {_short(value)}"
            )


FIELD_CHOICES: dict[str, FieldChoice] = {
    "architecture": FieldChoice(ARCHITECTURES, "the network", ARCHITECTURE_HELP),
}
# Bugs that are maths of the MLP's per-layer loop and have no CNN counterpart.
MLP_ONLY_BUGS = {
    "double_hidden_grad": "it doubles the MLP's hidden-layer gradient inside its per-sample loop"
}

LAYER_UNITS = FieldRange(MIN_UNITS, MAX_UNITS, "hidden units")
# The spins hold 32-bit integers; numpy's generators take any seed, so the range is the spins'.
FIELD_RANGES: dict[str, FieldRange] = {
    "hidden": LAYER_UNITS,
    "hidden2": FieldRange(
        MIN_UNITS, MAX_UNITS, "units of an optional second hidden layer, 0 = none"
    ),
    "lr": FieldRange(1e-6, 10.0, "learning rate", whole=False),
    "momentum": FieldRange(0.0, 0.999, "SGD momentum", whole=False),
    "batch_size": FieldRange(1, 4096, "mini-batch size"),
    "epochs": FieldRange(1, 1000, "passes over the training data"),
    "seed": FieldRange(0, 2**31 - 1, "random seed"),
    "weight_decay": FieldRange(0.0, 1.0, "L2 weight decay", whole=False),
    "style_strokes": FieldRange(
        0,
        MAX_STYLE_STROKES,
        "synthetic drawings of the catalogued handwriting styles (crossed 7, flagged 1, "
        "one-stroke 4, ...) added to a digit training set, 0 = none",
    ),
    "outlier_exposure": FieldRange(
        0,
        MAX_STYLE_STROKES,
        "non-digit drawings (letters, scribbles) added to a digit training set with the uniform "
        "target, so that the drawing probe answers '?' on what is not a digit, 0 = none",
    ),
    "elastic": FieldRange(
        0.0,
        100.0,
        "elastic distortion strength α in pixels when augmenting (Simard et al. 2003; "
        "0 = affine jitter only)",
        whole=False,
    ),
}


@dataclass(frozen=True)
class Switch:
    """An on/off training setting: the one source for its validation, the command line's flag
    (``--name``) and the window's check box (title and tooltip)."""

    title: str
    help: str
    tooltip: str


SWITCHES: dict[str, Switch] = {
    "augment": Switch(
        "Augment",
        "train on digits randomly rotated (±15°), scaled (0.85-1.15), shifted (±2 px), "
        "re-stroked and elastically distorted, fresh every epoch",
        "Every epoch sees each training digit randomly rotated (±15°), scaled (0.85–1.15),\n"
        "shifted (±2 px), made thicker or thinner and elastically distorted (strength α below):\n"
        "new distortions each epoch, the same ones for the same seed. Slower to converge.",
    ),
    "deskew": Switch(
        "Deskew",
        "straighten every digit by its second moments (training, test and drawn digits alike)",
        "Shear every digit upright by its second moments (the classic MNIST deskew)\n"
        "before the model sees it: the training and test digits, and later every digit\n"
        "you draw or predict. The model file records it, so its inputs are always\n"
        "deskewed the same way.",
    ),
}


@dataclass(frozen=True)
class TrainConfig:
    """Everything that determines a training run; same config and seed give identical weights.

    ``schedule`` "mean" takes one step with the mean gradient of each mini-batch; "sequential"
    is the C original's: forward a group of ``batch_size`` samples, then update per sample, layer
    by layer (batch_size 1 is plain per-sample SGD). ``shuffle`` is "epoch" (reshuffle every
    epoch), "once" (one fixed shuffle, as miniMNIST-c) or "never". ``style_strokes`` synthetic
    drawings of handwriting styles (``mugui.drawing.style_strokes``) are added to the training
    rows of a digit data set, only of the digits it holds. ``outlier_exposure`` drawings that
    are not digits (``mugui.drawing.outlier_drawings``) are added to a digit set too, trained
    toward the uniform target (outlier exposure, Hendrycks et al. 2019).
    """

    hidden: int = 256
    hidden2: int = 0
    lr: float = 0.01
    momentum: float = 0.9
    batch_size: int = 64
    epochs: int = 15
    seed: int = 0
    weight_decay: float = 0.0
    style_strokes: int = 0
    outlier_exposure: int = 0
    schedule: str = "mean"
    shuffle: str = "epoch"
    bugs: tuple[str, ...] = ()
    augment: bool = False
    record_updates: bool = False
    architecture: str = "mlp"
    deskew: bool = False
    elastic: float = 34.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "bugs", tuple(self.bugs))
        self.validate()

    def validate(self, n_train: int | None = None) -> TrainConfig:
        """Raise ConfigError naming the first absurd field; return self when all is well."""
        for field, allowed in FIELD_RANGES.items():
            value = getattr(self, field)
            if not (field == "hidden2" and value == 0 and not isinstance(value, bool)):
                allowed.check(field, value)
        for field, choice in FIELD_CHOICES.items():
            choice.check(field, getattr(self, field))
        if not isinstance(self.schedule, str) or self.schedule not in SCHEDULES:
            raise ConfigError(
                "schedule", f"must be one of {', '.join(SCHEDULES)}, got {self.schedule!r}"
            )
        if not isinstance(self.shuffle, str) or self.shuffle not in SHUFFLES:
            raise ConfigError(
                "shuffle", f"must be one of {', '.join(SHUFFLES)}, got {self.shuffle!r}"
            )
        for name in self.bugs:
            if not isinstance(name, str) or name not in BUGS:
                raise ConfigError("bugs", f"unknown bug {_short(name)}; known: {', '.join(BUGS)}")
        if len(set(self.bugs)) != len(self.bugs):
            raise ConfigError("bugs", "a bug is listed twice")
        if self.architecture == "cnn":
            self._check_cnn()
        for name in (*SWITCHES, "record_updates"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(name, f"is true or false, got {_short(getattr(self, name))}")
        if n_train is not None and self.batch_size > n_train:
            raise ConfigError(
                "batch_size",
                f"{self.batch_size} is larger than the training set ({n_train} samples)",
            )
        return self

    def _check_cnn(self) -> None:
        """What the CNN cannot do, refused with the reason."""
        if self.schedule != "mean":
            raise ConfigError(
                "schedule",
                "the CNN trains batched (mean schedule) only; the per-sample 'sequential' "
                "schedule of the C programs is the MLP's",
            )
        if self.hidden2:
            raise ConfigError(
                "hidden2", "the CNN has one dense hidden layer ('hidden'); set hidden2 to 0"
            )
        for bug in self.bugs:
            if bug in MLP_ONLY_BUGS:
                raise ConfigError(
                    "bugs", f"'{bug}' does not apply to the CNN: {MLP_ONLY_BUGS[bug]}"
                )

    @property
    def sizes(self) -> tuple[int, ...]:
        """The MLP's layer sizes (for the CNN, see ``spec``)."""
        return layer_sizes(self.hidden, self.hidden2)

    @property
    def spec(self) -> Spec:
        """The architecture to build: the MLP's layer sizes, or the CNN with ``hidden`` dense units."""
        if self.architecture == "cnn":
            return CnnSpec(CNN_FILTERS[0], CNN_FILTERS[1], self.hidden)
        return self.sizes

    def replace(self, **changes) -> TrainConfig:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["bugs"] = list(self.bugs)
        return data

    @classmethod
    def from_dict(cls, data) -> TrainConfig:
        """The config stored in ``data`` (parsed JSON); ConfigError for anything else."""
        if not isinstance(data, dict):
            raise ConfigError("config", f"must be a JSON object, got {type(data).__name__}")
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = [key for key in data if key not in known]
        if unknown:
            raise ConfigError(_short(unknown[0]), "is not a training setting")
        bugs = data.get("bugs", ())
        if not isinstance(bugs, list | tuple):
            raise ConfigError("bugs", f"must be a list of names, got {_short(bugs)}")
        fields: dict[str, Any] = {k: tuple(v) if k == "bugs" else v for k, v in data.items()}
        return cls(**fields)


def _short(value) -> str:
    """``repr(value)`` cut to a readable length (settings files can hold anything)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "a number too large to use"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
