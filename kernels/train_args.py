"""The training kernel's arguments as one struct: the arrays it reads and writes, and the scalars.

``train_range(args, start, stop)`` takes a :class:`TrainArgs` (a named tuple, which numba passes
as a struct) and the slice bounds. The engine builds it in one place,
``mugui.training.kernel_args.training_args``, with the exact dtypes below, so the kernel is
compiled for one signature only.
"""

from typing import NamedTuple

import numpy as np

STAT_LOSS, STAT_CORRECT, STAT_SEEN, STAT_DIVERGED, STAT_HALTED = 0, 1, 2, 3, 4
N_STATS = 5
HALTED_BETWEEN_BATCHES = 1  # stats[STAT_HALTED]: the parameters are those after a whole batch
HALTED_MID_BATCH = 2  # ... a batch was left half-applied: the caller restores its copy


class TrainArgs(NamedTuple):
    """What ``train_range`` trains and with which settings."""

    params: np.ndarray  # float32 (n_params,): updated in place
    velocity: np.ndarray  # float32 (n_params,): the momentum, updated in place
    sizes: np.ndarray  # int64 (layers + 1,)
    images: np.ndarray  # uint8 (N, inputs), C-contiguous
    labels: np.ndarray  # uint8 (N,)
    order: np.ndarray  # int64: the epoch's sample order
    sample_groups: np.ndarray  # int64 (N,): record-group bits per sample (Amnesiac)
    record: np.ndarray  # float32 (groups, n_params), or (0, 1) when not recording
    stats: np.ndarray  # float64 (N_STATS,): accumulated by the kernel
    halt: np.ndarray  # int64 (1,): set non-zero from another thread to stop promptly
    batch_size: int  # int64
    schedule: int  # int64: flags.SCHEDULE_MEAN or SCHEDULE_SEQUENTIAL
    lr: np.float32
    momentum: np.float32
    weight_decay: np.float32
    flags: int  # int64 bug switches (flags.py)
