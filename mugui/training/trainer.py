"""The trainer: a generator of events that drives the numba kernels.

It runs an epoch in slices of a few tens of milliseconds, so that progress is reported at
least ten times per epoch and pause/stop act within about 50 ms; any thread can steer it
through a :class:`RunControl`. Slices start on batch boundaries (for the fused per-sample
kernel, on its canonical points: ``kernel_args.slice_quantum``), so the result is bit-identical
however the epoch is sliced.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from mugui import typicality
from mugui.architecture import describe
from mugui.bugs import bug_flags, likely_culprit
from mugui.calibration import calibrate
from mugui.data.dataset import Dataset
from mugui.deskew import META_KEY as DESKEW_KEY
from mugui.deskew import deskew
from mugui.errors import ConfigError
from mugui.evaluation import evaluate
from mugui.model import Model
from mugui.training import numpy_backend
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.events import BugsChanged, EpochEnd, Finished, Progress
from mugui.training.kernel_args import slice_quantum, training_args
from mugui.training.recording import UpdateRecorder
from mugui.training.style_mix import training_rows
from mugui.training.typicality_sources import typicality_sources
from mugui.training.work_meter import add_gradient_samples
from mugui_kernels import flags as kflags
from mugui_kernels.train_args import (
    HALTED_MID_BATCH,
    N_STATS,
    OUTLIER_LABEL,
    STAT_CORRECT,
    STAT_DIVERGED,
    STAT_HALTED,
    STAT_LOSS,
    STAT_SEEN,
)

SLICE_SECONDS = 0.03
MIN_REPORTS_PER_EPOCH = 10


@dataclass
class History:
    """What happened in a run: one dict per epoch (the train JSON's keys), bug switches, the ending."""

    config: dict
    epochs: list[dict] = field(default_factory=list)
    bug_changes: list[dict] = field(default_factory=list)
    finished: str = ""
    message: str = ""
    seconds: float = 0.0
    samples: int = 0

    def reproducible_dict(self) -> dict:
        """The history without wall-clock timings: what a model file keeps, identical across runs."""
        data = self.to_dict()
        for key in ("seconds", "samples_per_second"):
            data.pop(key)
        data["epochs"] = [{k: v for k, v in e.items() if k != "seconds"} for e in data["epochs"]]
        return data

    def to_dict(self) -> dict:
        return {
            "config": self.config,
            "epochs": self.epochs,
            "bug_changes": self.bug_changes,
            "finished": self.finished,
            "message": self.message,
            "seconds": self.seconds,
            "samples_per_second": self.samples / self.seconds if self.seconds > 0 else 0.0,
        }


class Trainer:
    """Train ``model`` (a fresh one from ``config.seed`` when None) on ``dataset``.

    ``kernels_ready`` (when given) is asked at the start of each epoch: while it answers False
    the epoch runs on the numpy stand-ins of :mod:`mugui.training.numpy_backend` (a first start
    whose kernels still compile elsewhere); ``epochs_on_numpy`` counts those epochs.
    """

    def __init__(
        self,
        dataset: Dataset,
        config: TrainConfig,
        model: Model | None = None,
        control: RunControl | None = None,
        record_groups: dict[str, np.ndarray] | None = None,
        kernels_ready: Callable[[], bool] | None = None,
        velocity: np.ndarray | None = None,
        fit_typicality: bool = False,
    ) -> None:
        config.validate(dataset.n_train)
        self.kernels_ready = kernels_ready
        # a model handed to the user (the window's, `mugui train`'s) gets the typicality check
        # fitted when the run ends; references, shards and sweeps skip its cost
        self.fit_typicality = fit_typicality
        self.epochs_on_numpy = 0
        self.dataset = dataset
        self.config = config
        self.control = control or RunControl()
        if model is not None and model.spec != config.spec:
            raise ConfigError(
                "hidden",
                f"the model has layers {model.describe()}, the settings ask for {describe(config.spec)}",
            )
        self.model = model.copy() if model is not None else Model.init(config.spec, config.seed)
        # momentum to resume from (a checkpoint's); training from scratch starts at rest
        self.velocity = (
            np.zeros_like(self.model.params) if velocity is None else velocity.astype(np.float32)
        )
        # the model's input step: with deskew, every later input of this model is deskewed too
        if config.deskew:
            self.model.meta[DESKEW_KEY] = True
        else:
            self.model.meta.pop(DESKEW_KEY, None)
        # typicality statistics belong to the weights they were fitted for: refitted at the end
        self.model.meta.pop(typicality.META_KEY, None)
        self._train_images: np.ndarray | None = None
        self._last_on_numpy = False  # the last epoch ran on the numpy stand-ins
        self.history = History(config=config.to_dict())
        self.bugs = config.bugs
        self.train_x, self.train_y = training_rows(dataset, config)
        # non-digits (outlier exposure) are never right or wrong: the train accuracy skips them
        self.outlier_rows = self.train_y == OUTLIER_LABEL
        self._outliers_seen = 0
        self.recorder = (
            UpdateRecorder.for_training(dataset, self.model, record_groups)
            if config.record_updates
            else UpdateRecorder.empty(dataset.n_train)
        )
        # the style strokes after the data set's rows belong to no record group
        extra = self.train_x.shape[0] - dataset.n_train
        self.sample_groups = np.concatenate(
            [self.recorder.sample_groups, np.zeros(extra, dtype=np.int64)]
        )

    def run(self) -> Iterator[Progress | EpochEnd | BugsChanged | Finished]:
        cfg = self.config
        n = int(self.train_x.shape[0])
        order = np.arange(n, dtype=np.int64)
        slice_samples = cfg.batch_size
        started = time.perf_counter()
        total_samples = cfg.epochs * n
        for epoch in range(1, cfg.epochs + 1):
            pending = self.control.take_pending_bugs()
            if pending is not None and pending != self.bugs:
                self.bugs = pending
                self.history.bug_changes.append({"epoch": epoch, "bugs": list(pending)})
                yield BugsChanged(epoch, pending)
            flags = bug_flags(self.bugs)
            images = self._epoch_images(epoch)
            on_numpy = self._epoch_on_numpy()
            self._last_on_numpy = on_numpy
            self._order_for_epoch(order, epoch, flags, on_numpy)
            stats = np.zeros(N_STATS)
            self._outliers_seen = 0
            lr = np.float32(epoch_lr(cfg, epoch))
            args = training_args(
                self.model.params,
                self.velocity,
                self.model.sizes_array,
                images,
                self.train_y,
                order,
                batch_size=cfg.batch_size,
                lr=lr,
                momentum=cfg.momentum,
                weight_decay=cfg.weight_decay,
                schedule=_schedule(cfg),
                flags=flags,
                sample_groups=self.sample_groups,
                record=self.recorder.record,
                stats=stats,
                halt=self.control.halt,
            )
            epoch_start = time.perf_counter()
            position = 0
            # slices span whole quanta (batches, or the per-sample kernel's canonical points)
            quantum = cfg.batch_size if self.model.is_cnn or on_numpy else slice_quantum(args)
            reports_every = max(quantum, (n // MIN_REPORTS_PER_EPOCH) // quantum * quantum)
            while position < n:
                if not self.control.wait_while_paused():
                    yield from self._finish(
                        "stopped", f"stopped by the user during epoch {epoch}", started
                    )
                    return
                span = max(quantum, min(slice_samples, reports_every) // quantum * quantum)
                stop = min(n, position + span)
                before = self.model.params.copy()
                velocity_before = self.velocity.copy()
                stats_before = stats.copy()
                t0 = time.perf_counter()
                # the kernels (numba) are imported on first use: a run on the numpy stand-ins
                # never imports numba
                if self.model.is_cnn:
                    from mugui import network_kernels

                    network_kernels.train_cnn_range(args, position, stop)
                elif on_numpy:
                    numpy_backend.train_range(args, position, stop)
                else:
                    from mugui_kernels.epoch import train_range

                    reached = train_range(args, position, stop)
                    if stats[STAT_HALTED]:  # paused or stopped within the slice
                        if stats[STAT_HALTED] == HALTED_MID_BATCH:
                            self.model.params[:] = before
                            self.velocity[:] = velocity_before
                            stats[:] = stats_before
                        else:
                            stats[STAT_HALTED] = 0
                            self._count_outliers(order, position, reached)
                            self.history.samples += reached - position
                            add_gradient_samples(reached - position, self.model.params.size)
                            position = reached
                        continue
                elapsed = time.perf_counter() - t0
                if stats[STAT_DIVERGED] or not self.model.is_finite():
                    self.model.params[:] = before
                    self.velocity[:] = velocity_before
                    yield from self._finish(
                        "diverged", _divergence_message(self.bugs, epoch), started
                    )
                    return
                done = stop - position
                self._count_outliers(order, position, stop)
                position = stop
                self.history.samples += done
                add_gradient_samples(done, self.model.params.size)
                rate = done / elapsed if elapsed > 0 else 0.0
                if rate > 0:
                    slice_samples = max(
                        cfg.batch_size, int(rate * SLICE_SECONDS) // cfg.batch_size * cfg.batch_size
                    )
                seen = max(stats[STAT_SEEN], 1)
                remaining = total_samples - ((epoch - 1) * n + position)
                yield Progress(
                    epoch,
                    cfg.epochs,
                    position / n,
                    stats[STAT_LOSS] / seen,
                    self._train_accuracy(stats),
                    rate,
                    remaining / rate if rate > 0 else float("inf"),
                )
            self.epochs_on_numpy += on_numpy
            yield self._end_of_epoch(
                epoch, flags, stats, time.perf_counter() - epoch_start, on_numpy
            )
        yield from self._finish("completed", "", started)

    def train_images(self) -> np.ndarray:
        """The training images as the model sees them: deskewed once when the config says so."""
        if self._train_images is None:
            x = self.train_x  # the data set's rows plus any style strokes
            self._train_images = deskew(x) if self.config.deskew else x
        return self._train_images

    def _epoch_images(self, epoch: int) -> np.ndarray:
        if not self.config.augment:
            return self.train_images()
        from mugui.training.augmentation import augment_batch

        return augment_batch(
            self.train_images(),
            seed=self.config.seed * 100_003 + epoch,
            elastic=self.config.elastic,
        )

    @property
    def typicality_left_out(self) -> bool:
        """True when the run was to fit the typicality check but could not: its last epoch ran
        on the numpy stand-ins, and the check's features need the kernels. The window fits it
        later (``mugui.gui.typicality_catch_up``) on :func:`typicality_sources` of
        :attr:`dataset` and :attr:`config`, once the kernels are ready."""
        return self.fit_typicality and self._last_on_numpy and self.model.is_finite()

    def _epoch_on_numpy(self) -> bool:
        """True while the kernels are not ready and the epoch can run without them (the
        numpy stand-ins are the MLP's; a CNN waits for its kernels)."""
        if (
            self.model.is_cnn
            or self.kernels_ready is None
            or self.config.record_updates
            or self.config.augment
            or self.config.deskew
        ):
            return False
        return not self.kernels_ready()

    def _numpy_proba(self, images: np.ndarray) -> np.ndarray:
        """Probabilities from the numpy stand-in (the kernels still compile elsewhere)."""
        return numpy_backend.evaluate(self.model, images, np.zeros(len(images), np.int64)).probs

    def _order_for_epoch(self, order: np.ndarray, epoch: int, flags: int, on_numpy: bool) -> None:
        order[:] = np.arange(order.shape[0])
        if self.config.shuffle == "never":
            return
        seed = (
            self.config.seed
            if self.config.shuffle == "once"
            else self.config.seed * 1_000_003 + epoch
        )
        if on_numpy:
            numpy_backend.shuffle_order(order, seed, flags)
        else:
            from mugui_kernels.epoch import shuffle_order

            shuffle_order(order, np.int64(seed), np.int64(flags))

    def _count_outliers(self, order: np.ndarray, start: int, stop: int) -> None:
        """Add the non-digit rows among ``order[start:stop]`` (just trained) to the epoch's count."""
        self._outliers_seen += int(np.count_nonzero(self.outlier_rows[order[start:stop]]))

    def _train_accuracy(self, stats: np.ndarray) -> float:
        """The epoch's running accuracy on the digit rows trained so far (non-digits left out)."""
        return float(stats[STAT_CORRECT] / max(stats[STAT_SEEN] - self._outliers_seen, 1))

    def _end_of_epoch(
        self, epoch: int, flags: int, stats: np.ndarray, seconds: float, on_numpy: bool = False
    ) -> EpochEnd:
        data = self.dataset
        measure = numpy_backend.evaluate if on_numpy else evaluate
        test = measure(self.model, data.test_x, data.test_y, flags & kflags.NO_NORMALIZE)
        if flags & kflags.EVAL_ON_TRAIN:
            reported, reported_on = (
                measure(
                    self.model, data.train_x, data.train_y, flags & kflags.NO_NORMALIZE
                ).accuracy,
                "train",
            )
        else:
            reported, reported_on = test.accuracy, "test"
        seen = max(stats[STAT_SEEN], 1)
        end = EpochEnd(
            epoch=epoch,
            loss=float(stats[STAT_LOSS] / seen),
            train_accuracy=self._train_accuracy(stats),
            test_accuracy=test.accuracy,
            per_class_accuracy=test.per_class_accuracy,
            confusion=test.confusion,
            seconds=seconds,
            bugs=self.bugs,
            reported_accuracy=float(reported),
            reported_on=reported_on,
        )
        self.history.epochs.append(end.to_dict())
        self.last_epoch = end
        return end

    def _finish(self, reason: str, message: str, started: float) -> Iterator[Finished]:
        self.history.finished = reason
        self.history.message = message
        self.history.seconds = time.perf_counter() - started
        self.model.meta["history"] = self.history.reproducible_dict()
        self.model.meta["config"] = self.config.to_dict()
        self.model.meta["data"] = {
            "name": self.dataset.name,
            "n_train": self.dataset.n_train,
            "n_test": self.dataset.n_test,
        }
        # honest confidence: the temperature the answer paths (canvas, predict) divide by
        self.model.meta["calibration"] = calibrate(
            self.model,
            self.dataset.test_x,
            self.dataset.test_y,
            self._numpy_proba if self._last_on_numpy else None,
        )
        # typicality: the training digits' features, for the "?" on what is unlike all of them
        if self.fit_typicality and not self._last_on_numpy and self.model.is_finite():
            typicality.fit_into(self.model, typicality_sources(self.dataset, self.config))
        yield Finished(reason, message)


def train(
    dataset: Dataset,
    config: TrainConfig,
    model: Model | None = None,
    control: RunControl | None = None,
    on_event=None,
    fit_typicality: bool = False,
) -> tuple[Model, History]:
    """Run a whole training synchronously; ``on_event`` sees every event. With
    ``fit_typicality`` the model gets its typicality check fitted when the run ends."""
    trainer = Trainer(dataset, config, model, control, fit_typicality=fit_typicality)
    for event in trainer.run():
        if on_event is not None:
            on_event(event)
    return trainer.model, trainer.history


def epoch_lr(config: TrainConfig, epoch: int) -> float:
    """The learning rate of ``epoch`` (1-based): the MLP's is constant; the CNN's falls linearly,
    ``lr·(1 − (epoch − 1)/epochs)``, which is what brings it to 98% in a few epochs."""
    if config.architecture != "cnn":
        return config.lr
    return config.lr * (1.0 - (epoch - 1) / config.epochs)


def _schedule(config: TrainConfig) -> int:
    return kflags.SCHEDULE_SEQUENTIAL if config.schedule == "sequential" else kflags.SCHEDULE_MEAN


def _divergence_message(bugs: tuple[str, ...], epoch: int) -> str:
    culprit = likely_culprit(bugs)
    cause = (
        f"; the likely cause is the bug '{culprit}'" if culprit else "; try a smaller learning rate"
    )
    return f"weights or loss became non-finite (NaN/Inf) in epoch {epoch}{cause}. The model from before the blow-up is kept."
