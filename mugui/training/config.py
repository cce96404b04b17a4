"""Training configuration: a frozen dataclass that validates itself and round-trips to JSON."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from mugui.bugs import BUGS
from mugui.errors import ConfigError
from mugui.model import layer_sizes

SCHEDULES = ("mean", "sequential")
SHUFFLES = ("epoch", "once", "never")


@dataclass(frozen=True)
class TrainConfig:
    """Everything that determines a training run; same config and seed give identical weights.

    ``schedule`` "mean" takes one step with the mean gradient of each mini-batch; "sequential"
    is the C original's: forward a group of ``batch_size`` samples, then update per sample, layer
    by layer (batch_size 1 is plain per-sample SGD). ``shuffle`` is "epoch" (reshuffle every
    epoch), "once" (one fixed shuffle, as miniMNIST-c) or "never".
    """

    hidden: int = 256
    hidden2: int = 0
    lr: float = 0.01
    momentum: float = 0.9
    batch_size: int = 64
    epochs: int = 15
    seed: int = 0
    weight_decay: float = 0.0
    schedule: str = "mean"
    shuffle: str = "epoch"
    bugs: tuple[str, ...] = ()
    augment: bool = False
    record_updates: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "bugs", tuple(self.bugs))
        self.validate()

    def validate(self, n_train: int | None = None) -> TrainConfig:
        """Raise ConfigError naming the first absurd field; return self when all is well."""
        _int_in("hidden", self.hidden, 16, 1024)
        if self.hidden2 != 0:
            _int_in("hidden2", self.hidden2, 16, 1024)
        _float_in("lr", self.lr, 0.0, 10.0, low_open=True)
        _float_in("momentum", self.momentum, 0.0, 0.999)
        _int_in("batch_size", self.batch_size, 1, 4096)
        _int_in("epochs", self.epochs, 1, 1000)
        _int_in("seed", self.seed, 0, 2**32 - 1)
        _float_in("weight_decay", self.weight_decay, 0.0, 1.0)
        if self.schedule not in SCHEDULES:
            raise ConfigError(
                "schedule", f"must be one of {', '.join(SCHEDULES)}, got {self.schedule!r}"
            )
        if self.shuffle not in SHUFFLES:
            raise ConfigError(
                "shuffle", f"must be one of {', '.join(SHUFFLES)}, got {self.shuffle!r}"
            )
        for name in self.bugs:
            if name not in BUGS:
                raise ConfigError("bugs", f"unknown bug {name!r}; known: {', '.join(BUGS)}")
        if len(set(self.bugs)) != len(self.bugs):
            raise ConfigError("bugs", "a bug is listed twice")
        if not isinstance(self.augment, bool) or not isinstance(self.record_updates, bool):
            raise ConfigError("augment", "augment and record_updates are true or false")
        if n_train is not None and self.batch_size > n_train:
            raise ConfigError(
                "batch_size",
                f"{self.batch_size} is larger than the training set ({n_train} samples)",
            )
        return self

    @property
    def sizes(self) -> tuple[int, ...]:
        return layer_sizes(self.hidden, self.hidden2)

    def replace(self, **changes) -> TrainConfig:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["bugs"] = list(self.bugs)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> TrainConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(sorted(unknown)[0], "is not a training setting")
        return cls(**{k: tuple(v) if k == "bugs" else v for k, v in data.items()})


def _int_in(field: str, value, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(field, f"must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise ConfigError(field, f"must be between {low} and {high}, got {value}")


def _float_in(field: str, value, low: float, high: float, low_open: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(field, f"must be a number, got {value!r}")
    value = float(value)
    if value != value or (value <= low if low_open else value < low) or value > high:
        bound = f"> {low}" if low_open else f">= {low}"
        raise ConfigError(field, f"must be {bound} and <= {high}, got {value}")
