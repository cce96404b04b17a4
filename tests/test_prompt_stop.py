"""Stop (and pause) reach into a long sequential batch: the kernel returns within one sample,
and the trainer puts the model back to where the interrupted slice began."""

import numpy as np
from numba.typed import List

from mugui.data.bundled import load_bundled
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.events import Finished
from mugui.training.kernel_args import training_args
from mugui.training.trainer import Trainer
from mugui_kernels import epoch as epoch_kernels
from mugui_kernels import flags as F
from mugui_kernels.epoch import train_range
from mugui_kernels.sequential import sequential_update
from mugui_kernels.step import WS_ACTS, WS_DELTAS, WS_PROBS, WS_SPARSE, make_workspace
from mugui_kernels.train_args import HALTED_BETWEEN_BATCHES, HALTED_MID_BATCH, STAT_HALTED

SIZES = (784, 32, 10)


def test_sequential_update_returns_before_any_sample_once_halted():
    sizes = np.asarray(SIZES, np.int64)
    params = Model.init(SIZES, 0).params
    kept = params.copy()
    velocity = np.zeros_like(params)
    n = 64
    ws = make_workspace(sizes, n)
    ws[WS_PROBS][:] = 0.1
    ws[WS_ACTS][1][:] = 1.0  # live hidden units: an update would move every weight
    ws[WS_ACTS][0][:] = 1.0
    targets = np.zeros((n, 10), np.float32)
    targets[:, 3] = 1.0
    halt = np.ones(1, np.int64)
    # typed lists: a Python list of arrays is a reflected list, which numba is deprecating
    acts, deltas = List(ws[WS_ACTS]), List(ws[WS_DELTAS])
    done = sequential_update(
        params, velocity, sizes, acts, ws[WS_PROBS], targets, n, np.float32(0.1),
        np.float32(0.9), np.float32(0.0), np.int64(0), False, ws[WS_SPARSE],
        np.zeros(784, np.int64), 0, deltas, halt,
    )  # fmt: skip
    assert done == -1, "a halted update reports that it did not finish the batch"
    assert np.array_equal(params, kept) and not velocity.any()
    halt[0] = 0
    done = sequential_update(
        params, velocity, sizes, acts, ws[WS_PROBS], targets, n, np.float32(0.1),
        np.float32(0.9), np.float32(0.0), np.int64(0), False, ws[WS_SPARSE],
        np.zeros(784, np.int64), 0, deltas, halt,
    )  # fmt: skip
    assert done == n and not np.array_equal(params, kept)


def test_a_halted_range_returns_where_it_began_and_leaves_the_parameters():
    data = load_bundled()
    images, labels = data.train_x[:40], data.train_y[:40]
    params = Model.init(SIZES, 1).params.copy()
    kept = params.copy()
    args = training_args(
        params, np.zeros_like(params), np.asarray(SIZES), images, labels, np.arange(40),
        batch_size=20, schedule=F.SCHEDULE_SEQUENTIAL, lr=0.01, momentum=0.9,
        halt=np.ones(1, np.int64),
    )  # fmt: skip
    assert train_range(args, 0, 40) == 0
    assert args.stats[STAT_HALTED] == HALTED_BETWEEN_BATCHES
    assert np.array_equal(params, kept)


def test_stop_sets_the_kernel_flag_and_resume_clears_a_pause():
    control = RunControl()
    control.pause()
    assert control.halt[0] == 1
    control.resume()
    assert control.halt[0] == 0
    control.stop()
    control.resume()
    assert control.halt[0] == 1, "a stopped run stays halted"


def test_the_trainer_restores_a_half_applied_batch_when_stopped(blobs, monkeypatch):
    """The kernel comes back from a stop in the middle of a batch with scribbled parameters;
    the run ends 'stopped' with the model and momentum of the slice's start."""
    control = RunControl()
    config = TrainConfig(hidden=32, epochs=1, batch_size=64, schedule="sequential")
    trainer = Trainer(blobs, config, control=control)
    start = trainer.model.params.copy()
    real = epoch_kernels.train_range  # the trainer imports it from there when a slice runs

    def interrupted(args, begin, end):
        args.params[:] += 1.0  # what a half-done batch leaves behind
        args.velocity[:] = 5.0
        args.stats[STAT_HALTED] = HALTED_MID_BATCH
        control.stop()
        return begin

    monkeypatch.setattr(epoch_kernels, "train_range", interrupted)
    events = list(trainer.run())
    monkeypatch.setattr(epoch_kernels, "train_range", real)
    assert events[-1] == Finished("stopped", "stopped by the user during epoch 1")
    assert np.array_equal(trainer.model.params, start)
    assert not trainer.velocity.any()
    assert trainer.history.samples == 0
