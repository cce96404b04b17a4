"""The task-forgetting run: method, reference and per-task comparison in one generator."""

import pytest

from mugui.continual.task_config import TaskConfig
from mugui.continual.task_trainer import TaskTrainer
from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError
from mugui.runs.events import RunDone, RunProgress, run_to_end
from mugui.runs.task_forget import task_forget_events
from mugui.training.config import TrainConfig


def _small(blobs: Dataset) -> TaskTrainer:
    trainer = TaskTrainer(blobs, TaskConfig("halves", TrainConfig(hidden=32), epochs_per_task=2,
                                            dynamic=True))  # fmt: skip
    for _ in trainer.run():
        pass
    return trainer


def test_forgetting_a_task_reports_every_task_before_after_and_for_the_reference(blobs):
    trainer = _small(blobs)
    events = list(
        task_forget_events(trainer.model, blobs, trainer.extra_arrays(), 2, "unit_removal")
    )
    fractions = [e.fraction for e in events if isinstance(e, RunProgress)]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    result = events[-1].result
    assert isinstance(events[-1], RunDone)
    assert (
        result.task == 2 and len(result.before) == len(result.after) == len(result.reference) == 2
    )
    assert result.after[1] == 0.0 and result.reference[1] == 0.0  # task 2 is gone in both
    assert result.before[0] > 0.5 and abs(result.after[0] - result.before[0]) < 0.1


def test_a_task_number_out_of_range_is_refused_before_any_work(blobs):
    trainer = _small(blobs)
    with pytest.raises(UnlearningError, match="task must be 1..2"):
        run_to_end(task_forget_events(trainer.model, blobs, trainer.extra_arrays(), 5, "si_forget"))
