"""Train a schedule of tasks one after another, with synaptic intelligence if asked."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np

from mugui.continual.events import TaskEpochEnd, TaskStarted
from mugui.continual.gradient_steps import train_range_by_gradients
from mugui.continual.task_config import TaskConfig
from mugui.continual.task_units import task_heads, trainable_mask, unit_owners, wire_task_heads
from mugui.data.dataset import Dataset
from mugui.errors import ConfigError
from mugui.evaluation import evaluate
from mugui.model import Model
from mugui.training.control import RunControl
from mugui.training.events import Finished, Progress
from mugui.training.kernel_args import training_args
from mugui.training.trainer import epoch_lr
from mugui_kernels.epoch import shuffle_order
from mugui_kernels.synaptic import consolidate, train_task_range
from mugui_kernels.train_args import N_STATS, STAT_CORRECT, STAT_LOSS, STAT_SEEN

REPORTS_PER_EPOCH = 10
NO_SI = np.empty((0, 0), dtype=np.float32)
NO_MASK = np.empty(0, dtype=np.float32)


def task_accuracies(model: Model, dataset: Dataset, tasks) -> tuple[tuple[float, ...], object]:
    """Test accuracy on each task's classes (argmax over all classes), and the full evaluation."""
    result = evaluate(model, dataset.test_x, dataset.test_y)
    predicted = result.probs.argmax(axis=1)
    per_task = []
    for classes in tasks:
        rows = np.isin(dataset.test_y, classes)
        per_task.append(
            float((predicted[rows] == dataset.test_y[rows]).mean()) if rows.any() else 0.0
        )
    return tuple(per_task), result


class TaskTrainer:
    """After ``run()``: ``model``, ``importance`` (tasks × parameters, SI's per-task Ω) and
    ``history`` (one dict per epoch). The model's metadata records the schedule."""

    def __init__(self, dataset: Dataset, config: TaskConfig, control: RunControl | None = None):
        config.train.validate()
        for classes in config.tasks:
            if not np.isin(dataset.train_y, classes).any():
                raise ConfigError("tasks", f"the data has no training samples of task {classes}")
        self.dataset = dataset
        self.config = config
        self.control = control or RunControl()
        self.model = Model.init(config.train.spec, config.train.seed)
        self.velocity = np.zeros_like(self.model.params)
        self.si = np.zeros((3, self.model.params.size), dtype=np.float32)
        self.si[2] = self.model.params
        self.importance = np.zeros((len(config.tasks), self.model.params.size), dtype=np.float32)
        self.owners = unit_owners(config.train.hidden, len(config.tasks))
        if config.dynamic:
            wire_task_heads(self.model, self.owners, config.tasks)
        self.history: list[dict] = []
        self.finished = ""

    def run(self) -> Iterator[TaskStarted | Progress | TaskEpochEnd | Finished]:
        cfg = self.config
        total_epochs = len(cfg.tasks) * cfg.epochs_per_task
        started = time.perf_counter()
        epoch = 0
        for task, classes in enumerate(cfg.tasks):
            yield TaskStarted(task, classes)
            indices = np.flatnonzero(np.isin(self.dataset.train_y, classes)).astype(np.int64)
            mask, heads = NO_MASK, NO_MASK
            if cfg.dynamic:
                mask = trainable_mask(self.model, self.owners, task, classes)
                heads = task_heads(classes, self.model.sizes[-1])
            self.velocity[:] = 0.0
            for task_epoch in range(1, cfg.epochs_per_task + 1):
                epoch += 1
                lr = epoch_lr(self.task_schedule, task_epoch)
                outcome = yield from self._epoch(
                    task, epoch, total_epochs, indices, mask, heads, lr
                )
                if outcome:
                    yield from self._finish(outcome, started)
                    return
            self.importance[task] = consolidate(self.si, self.model.params, np.float32(cfg.damping))
        yield from self._finish("completed", started)

    @property
    def task_schedule(self):
        """Each task's training config: the MLP's learning rate is constant, the CNN's falls
        linearly over each task's epochs, as the retrain reference trains it (``meta["config"]``)."""
        return self.config.train.replace(epochs=self.config.epochs_per_task)

    def _epoch(self, task, epoch, total_epochs, indices, mask, heads, lr):
        cfg, train = self.config, self.config.train
        order = indices.copy()
        shuffle_order(order, np.int64(train.seed * 1_000_003 + epoch), np.int64(0))
        n = order.size
        batch = min(train.batch_size, n)
        step = max(batch, (n // REPORTS_PER_EPOCH) // batch * batch)
        stats = np.zeros(N_STATS)
        t0 = time.perf_counter()
        si = self.si if cfg.si_strength > 0 or not cfg.dynamic else NO_SI
        train_range = self._range_trainer(order, batch, stats, si, mask, heads, lr)
        for start in range(0, n, step):
            if not self.control.wait_while_paused():
                return "stopped"
            stop = min(n, start + step)
            reached = train_range(start, stop)
            if reached < stop or not self.model.is_finite():
                return "diverged"
            seen = max(stats[STAT_SEEN], 1)
            elapsed = time.perf_counter() - t0
            rate = stop / elapsed if elapsed > 0 else 0.0
            left = (total_epochs - epoch) * n + (n - stop)
            yield Progress(
                epoch, total_epochs, stop / n, stats[STAT_LOSS] / seen, stats[STAT_CORRECT] / seen,
                rate, left / rate if rate > 0 else float("inf"),
            )  # fmt: skip
        per_task, result = task_accuracies(self.model, self.dataset, cfg.tasks)
        seen = max(stats[STAT_SEEN], 1)
        end = TaskEpochEnd(
            task=task,
            epoch=epoch,
            loss=float(stats[STAT_LOSS] / seen),
            train_accuracy=float(stats[STAT_CORRECT] / seen),
            test_accuracy=result.accuracy,
            per_task_accuracy=per_task,
            per_class_accuracy=result.per_class_accuracy,
            seconds=time.perf_counter() - t0,
        )
        self.history.append(end.to_dict())
        yield end
        return ""

    def _range_trainer(self, order, batch, stats, si, mask, heads, lr):
        """(start, stop) -> where training stopped: the MLP's numba loop, or the CNN's steps
        from its gradient kernel (``gradient_steps``), with the same SI, mask and heads."""
        cfg, train, model = self.config, self.config.train, self.model
        strength = np.float32(cfg.si_strength)
        if model.is_cnn:
            x, y = self.dataset.train_x, self.dataset.train_y
            return lambda start, stop: train_range_by_gradients(
                model, self.velocity, x, y, order, start, stop, batch, lr, train.momentum,
                si, float(strength), mask, heads, stats,
            )  # fmt: skip
        args = training_args(
            model.params,
            self.velocity,
            model.sizes_array,
            self.dataset.train_x,
            self.dataset.train_y,
            order,
            batch_size=batch,
            lr=lr,
            momentum=train.momentum,
            stats=stats,
        )
        return lambda start, stop: train_task_range(args, start, stop, si, strength, mask, heads)

    def _finish(self, reason: str, started: float) -> Iterator[Finished]:
        self.finished = reason
        messages = {
            "stopped": "stopped by the user",
            "diverged": "the loss became non-finite; try a smaller learning rate or SI strength",
        }
        # the retrain reference repeats one task's training on the remaining data
        self.model.meta["config"] = self.task_schedule.to_dict()
        self.model.meta["tasks"] = {
            **self.config.to_dict(),
            "history": self.history,
            "finished": reason,
            "seconds": time.perf_counter() - started,
        }
        self.model.meta["data"] = {
            "name": self.dataset.name,
            "n_train": self.dataset.n_train,
            "n_test": self.dataset.n_test,
        }
        yield Finished(reason, messages.get(reason, ""))

    def extra_arrays(self) -> dict[str, np.ndarray]:
        """What a model file keeps so that a task can be forgotten later."""
        return {"task_importance": self.importance, "task_units": self.owners}
