"""The fields of the training kernel's argument struct, and what the kernel reports in ``stats``.

``train_range(args, start, stop)`` (``epoch``'s for the MLP, ``cnn_train``'s for the CNN, whose
``sizes`` is its shape) takes a struct (a named tuple, which numba passes whole) with
these fields, built in one place with these dtypes, ``mugui.training.kernel_args.training_args``,
so the kernel is compiled for one signature only:

- ``params``, ``velocity``: float32 (n_params,), trained in place
- ``sizes``: int64 (layers + 1,)
- ``images``: uint8 (N, inputs), C-contiguous; ``labels``: uint8 (N,)
- ``order``: int64, the epoch's sample order
- ``sample_groups``: int64 (N,), record-group bits per sample (Amnesiac unlearning)
- ``record``: float32 (groups, n_params), or (0, 1) when not recording
- ``stats``: float64 (N_STATS,), accumulated by the kernel
- ``halt``: int64 (1,), set non-zero from another thread to stop promptly
- ``batch_size``, ``schedule`` (flags.SCHEDULE_*), ``flags`` (the bug switches): int64
- ``lr``, ``momentum``, ``weight_decay``: float32

The one-step kernels (``epoch.sgd_step``, ``cnn_train.sgd_step``) take their settings as one struct
too, built by ``mugui.training.kernel_args.step_settings``: ``lr``, ``momentum``,
``weight_decay`` (float32), ``flags`` (int64), ``temperature``, ``clip_norm`` (float64) and
``mask`` (float32, one per parameter, or empty for none), in this order.
"""

import numpy as np

STAT_LOSS, STAT_CORRECT, STAT_SEEN, STAT_DIVERGED, STAT_HALTED = 0, 1, 2, 3, 4
N_STATS = 5
# A training label past the last class (255 in the uint8 labels) marks a non-digit row of
# outlier exposure: its target is uniform (1/n_out for every class), it is never "correct"
# (``batch_score``). Here, numba-free, for the engine's numpy side.
OUTLIER_LABEL = 255
# below this, probabilities and velocities are flushed to zero (``forward``, ``update``, and
# the numpy stand-in): float32 subnormals made every later product ~10x slower
TINY = np.float32(1e-30)
HALTED_BETWEEN_BATCHES = 1  # stats[STAT_HALTED]: the parameters are those after a whole batch
HALTED_MID_BATCH = 2  # ... a batch was left half-applied: the caller restores its copy
