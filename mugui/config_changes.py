"""How a training configuration differs from the preset it started from ("Custom (from nn.c)")."""

from __future__ import annotations

import dataclasses
import math

from mugui.training.config import TrainConfig


def config_changes(base: TrainConfig, current: TrainConfig) -> list[str]:
    """``+bug`` / ``−bug`` for each bug switched, ``field value`` for each other changed field."""
    changes = [f"+{name}" for name in current.bugs if name not in base.bugs]
    changes += [f"−{name}" for name in base.bugs if name not in current.bugs]
    for field in dataclasses.fields(TrainConfig):
        if field.name == "bugs":
            continue
        before, after = getattr(base, field.name), getattr(current, field.name)
        same = (
            math.isclose(before, after, rel_tol=1e-6, abs_tol=1e-12)
            if isinstance(before, float)
            else before == after
        )
        if not same:
            changes.append(
                f"{field.name} {after:g}" if isinstance(after, float) else f"{field.name} {after}"
            )
    return changes
