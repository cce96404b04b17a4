"""Building the training kernels' argument structs, in one place and with one set of dtypes.

Every caller of ``mugui_kernels.epoch.train_range`` (the trainer, the kernel warm-up, the
benchmarks, the task trainer's ``train_task_range``) gets its :class:`TrainArgs` from
:func:`training_args`, and every caller of an ``sgd_step`` kernel its :class:`StepSettings`
from :func:`step_settings`, so the kernels see one signature each and are compiled once.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from mugui_kernels.train_args import N_STATS

NOT_RECORDING = np.zeros((0, 1), dtype=np.float32)
NO_MASK = np.empty(0, dtype=np.float32)


class TrainArgs(NamedTuple):
    """What ``train_range`` trains and with which settings (fields: ``mugui_kernels.train_args``)."""

    params: np.ndarray
    velocity: np.ndarray
    sizes: np.ndarray
    images: np.ndarray
    labels: np.ndarray
    order: np.ndarray
    sample_groups: np.ndarray
    record: np.ndarray
    stats: np.ndarray
    halt: np.ndarray
    batch_size: np.int64
    schedule: np.int64
    lr: np.float32
    momentum: np.float32
    weight_decay: np.float32
    flags: np.int64


def training_args(
    params: np.ndarray,
    velocity: np.ndarray,
    sizes: np.ndarray,
    images: np.ndarray,
    labels: np.ndarray,
    order: np.ndarray,
    *,
    batch_size: int,
    lr: float,
    momentum: float,
    weight_decay: float = 0.0,
    schedule: int = 0,
    flags: int = 0,
    sample_groups: np.ndarray | None = None,
    record: np.ndarray | None = None,
    stats: np.ndarray | None = None,
    halt: np.ndarray | None = None,
) -> TrainArgs:
    """The kernel's struct. ``params`` and ``velocity`` (float32) are trained in place; ``images``
    and ``labels`` must be uint8; ``stats`` (float64, ``N_STATS``), ``halt`` (int64, 1) and the
    recording arrays are fresh when not given."""
    for name, array in (("params", params), ("velocity", velocity)):
        if array.dtype != np.float32 or array.ndim != 1 or not array.flags.c_contiguous:
            raise TypeError(f"{name} must be a contiguous float32 vector, got {array.dtype}")
    if images.dtype != np.uint8 or labels.dtype != np.uint8:
        raise TypeError(f"images and labels must be uint8, got {images.dtype} and {labels.dtype}")
    return TrainArgs(
        params=params,
        velocity=velocity,
        sizes=np.ascontiguousarray(sizes, dtype=np.int64),
        images=np.ascontiguousarray(images),
        labels=np.ascontiguousarray(labels),
        order=np.ascontiguousarray(order, dtype=np.int64),
        sample_groups=(
            np.zeros(len(labels), dtype=np.int64) if sample_groups is None else sample_groups
        ),
        record=NOT_RECORDING if record is None else record,
        stats=np.zeros(N_STATS) if stats is None else stats,
        halt=np.zeros(1, dtype=np.int64) if halt is None else halt,
        batch_size=np.int64(batch_size),
        schedule=np.int64(schedule),
        lr=np.float32(lr),
        momentum=np.float32(momentum),
        weight_decay=np.float32(weight_decay),
        flags=np.int64(flags),
    )


def slice_quantum(args: TrainArgs) -> int:
    """The samples a slice of an MLP's ``train_range`` must span (counted from the start of the
    order; the order's end may cut the last one short) for the result not to depend on where
    an epoch is cut: its batch size, or the fused per-sample kernel's ``CANONICAL_EVERY``
    (``mugui_kernels.per_sample``: its deferred first-layer steps round where they are taken)."""
    # imported here: only a run on the kernels asks, and the window starts without numba
    from mugui_kernels.epoch import per_sample_fused
    from mugui_kernels.per_sample import CANONICAL_EVERY

    if per_sample_fused.py_func(args):
        return CANONICAL_EVERY
    return int(args.batch_size)


class StepSettings(NamedTuple):
    """How an ``sgd_step`` kernel steps (fields: ``mugui_kernels.train_args``)."""

    lr: np.float32
    momentum: np.float32
    weight_decay: np.float32
    flags: np.int64
    temperature: float
    clip_norm: float
    mask: np.ndarray


def step_settings(
    lr: float,
    momentum: float = 0.9,
    weight_decay: float = 0.0,
    *,
    temperature: float = 1.0,
    clip_norm: float = 0.0,
    mask: np.ndarray | None = None,
) -> StepSettings:
    """The one-step kernels' struct: momentum SGD at ``lr``, the student's softmax at
    ``temperature``, the gradient clipped to ``clip_norm`` (0: never), weights frozen where the
    0/1 ``mask`` (one per parameter) is 0. No bug switch: unlearning steps run healthy."""
    return StepSettings(
        np.float32(lr),
        np.float32(momentum),
        np.float32(weight_decay),
        np.int64(0),
        float(temperature),
        float(clip_norm),
        NO_MASK if mask is None else np.ascontiguousarray(mask, dtype=np.float32),
    )
