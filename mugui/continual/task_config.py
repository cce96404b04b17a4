"""The settings of a task-by-task run: the tasks, epochs per task, and synaptic intelligence."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from mugui.continual.tasks import describe_tasks, parse_tasks
from mugui.errors import ConfigError
from mugui.training.config import TrainConfig


@dataclass(frozen=True)
class TaskConfig:
    """``train`` gives the network, learning rate, momentum, batch size and seed (mean schedule,
    no bugs); each task trains for ``epochs_per_task``. ``si_strength`` is the SI penalty's c
    (0 = off: plain sequential training), ``damping`` its ξ. ``dynamic`` gives every task its own
    block of hidden units, frozen once the task is learnt."""

    tasks: tuple[tuple[int, ...], ...]
    train: TrainConfig = TrainConfig()
    epochs_per_task: int = 3
    si_strength: float = 0.0
    damping: float = 0.1
    dynamic: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.tasks, str):
            object.__setattr__(self, "tasks", parse_tasks(self.tasks))
        object.__setattr__(self, "tasks", tuple(tuple(int(c) for c in t) for t in self.tasks))
        if self.train.schedule != "mean" or self.train.bugs or self.train.augment:
            raise ConfigError(
                "train", "task-by-task training uses the mean schedule without bugs or augmentation"
            )
        if not isinstance(self.epochs_per_task, int) or not 1 <= self.epochs_per_task <= 100:
            raise ConfigError("epochs_per_task", f"must be 1..100, got {self.epochs_per_task!r}")
        if not 0.0 <= float(self.si_strength) <= 1e6:
            raise ConfigError("si_strength", f"must be 0..1e6, got {self.si_strength!r}")
        if not 1e-6 <= float(self.damping) <= 10.0:
            raise ConfigError("damping", f"must be 1e-6..10, got {self.damping!r}")
        if self.dynamic and self.train.hidden2:
            raise ConfigError("dynamic", "the dynamic network has one hidden layer")
        if self.dynamic and self.train.hidden < 4 * len(self.tasks):
            raise ConfigError(
                "hidden", f"{self.train.hidden} units are too few for {len(self.tasks)} task blocks"
            )

    @property
    def description(self) -> str:
        return describe_tasks(self.tasks)

    def replace(self, **changes) -> TaskConfig:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return {
            "tasks": [list(t) for t in self.tasks],
            "train": self.train.to_dict(),
            "epochs_per_task": self.epochs_per_task,
            "si_strength": float(self.si_strength),
            "damping": float(self.damping),
            "dynamic": bool(self.dynamic),
        }

    @classmethod
    def from_dict(cls, data: dict) -> TaskConfig:
        try:
            return cls(
                tasks=tuple(tuple(t) for t in data["tasks"]),
                train=TrainConfig.from_dict(data["train"]),
                epochs_per_task=int(data["epochs_per_task"]),
                si_strength=float(data["si_strength"]),
                damping=float(data["damping"]),
                dynamic=bool(data["dynamic"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError("tasks", f"the stored task settings are incomplete ({exc})") from None
