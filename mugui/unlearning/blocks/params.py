"""Parameters that many methods share, written once: momentum, learning rate, batch sizes, epochs."""

from __future__ import annotations

from mugui.unlearning.registry import Param


def momentum(help: str = "SGD momentum.") -> Param:
    return Param("momentum", 0.9, 0.0, 0.999, help)


def learning_rate(default: float, help: str = "SGD learning rate.", low: float = 1e-6) -> Param:
    return Param("lr", default, low, 1.0, help)


def batch_size(help: str, default: int = 64, name: str = "batch_size", low: int = 1) -> Param:
    return Param(name, default, low, 4096, help)


def epochs(
    default: int | float,
    help: str,
    high: int | float = 50,
    low: int | float = 1,
    name: str = "epochs",
) -> Param:
    """Whole passes when ``default`` is an int, fractions allowed when it is a float."""
    return Param(name, default, low, high, help)


def sgd(batch_help: str, batch_name: str = "batch_size") -> tuple[Param, Param]:
    """Momentum and a batch size (``batch_help`` says of what): every SGD method's last two."""
    return momentum(), batch_size(batch_help, name=batch_name)
