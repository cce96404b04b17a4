"""Learning the bundled digits task by task (0-4, then 5-9) and forgetting a whole task.

Figures from these runs are quoted in the README (H 256, 3 epochs per task, seed 0).
"""

import numpy as np
import pytest

from mugui.continual.task_config import TaskConfig
from mugui.continual.task_trainer import TaskTrainer, task_accuracies
from mugui.continual.tasks import describe_tasks, parse_tasks
from mugui.data.dataset import Dataset
from mugui.data.load import load_dataset
from mugui.errors import ConfigError, UnlearningError
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.unlearning.forget_set import forget_class
from mugui.unlearning.forget_task import forget_task
from mugui.unlearning.registry import UnlearnRequest, run_method

pytestmark = pytest.mark.slow
SI = 10_000.0


@pytest.fixture(scope="module")
def digits() -> Dataset:
    return load_dataset("bundled")


def _train(digits, si_strength=0.0, dynamic=False) -> TaskTrainer:
    trainer = TaskTrainer(
        digits,
        TaskConfig("halves", TrainConfig(hidden=256), epochs_per_task=3,
                   si_strength=si_strength, dynamic=dynamic),
    )  # fmt: skip
    for _ in trainer.run():
        pass
    assert trainer.finished == "completed"
    return trainer


@pytest.fixture(scope="module")
def with_si(digits) -> TaskTrainer:
    return _train(digits, SI)


@pytest.fixture(scope="module")
def dynamic(digits) -> TaskTrainer:
    return _train(digits, dynamic=True)


def _reference(digits, trainer, forget):
    config = TrainConfig.from_dict(trainer.model.meta["config"])
    keep = forget.retain_indices()
    retained = Dataset(
        "retain", digits.train_x[keep], digits.train_y[keep], digits.test_x, digits.test_y
    )
    model, _ = train(retained, config)
    return task_accuracies(model, digits, trainer.config.tasks)[0]


def test_without_protection_the_first_task_is_forgotten_and_si_keeps_it(digits, with_si):
    plain = _train(digits, 0.0)
    plain_first = plain.history[-1]["per_task_accuracy"][0]
    si_first = with_si.history[-1]["per_task_accuracy"][0]
    assert plain.history[2]["per_task_accuracy"][0] > 0.9  # it was learnt...
    assert plain_first < 0.05  # ...and catastrophically forgotten
    assert si_first >= plain_first + 0.20
    assert with_si.history[-1]["per_task_accuracy"][1] > 0.8  # the second task is still learnt


@pytest.mark.parametrize("mode", ["zero", "randomize"])
@pytest.mark.parametrize("task", [1, 2])
def test_si_forget_brings_the_task_to_the_reference_and_keeps_the_other(
    digits, with_si, mode, task
):
    forget = forget_task(digits, with_si.model, task)
    reference = _reference(digits, with_si, forget)
    request = UnlearnRequest(
        with_si.model, digits, forget, {"mode": mode}, TrainConfig.from_dict(with_si.model.meta["config"]),
        extras=with_si.extra_arrays(),
    )  # fmt: skip
    result = run_method("si_forget", request)
    after = task_accuracies(result.model, digits, with_si.config.tasks)[0]
    forgotten, kept = task - 1, 2 - task
    assert after[forgotten] <= reference[forgotten] + 0.03
    assert abs(after[kept] - reference[kept]) <= 0.03
    assert result.info["weights_changed"] > 0


def test_dynamic_network_keeps_the_first_task_and_unit_removal_matches_the_reference(
    digits, dynamic
):
    assert dynamic.history[-1]["per_task_accuracy"][0] > 0.8
    for task in (1, 2):
        forget = forget_task(digits, dynamic.model, task)
        reference = _reference(digits, dynamic, forget)
        request = UnlearnRequest(
            dynamic.model, digits, forget, {}, TrainConfig.from_dict(dynamic.model.meta["config"]),
            extras=dynamic.extra_arrays(),
        )  # fmt: skip
        after = task_accuracies(
            run_method("unit_removal", request).model, digits, dynamic.config.tasks
        )[0]
        assert after[task - 1] <= reference[task - 1] + 0.03
        assert abs(after[2 - task] - reference[2 - task]) <= 0.03


def test_task_methods_refuse_models_and_forget_sets_that_are_not_tasks(digits, with_si):
    plain_model, _ = train(digits, TrainConfig(hidden=32, epochs=1))
    with pytest.raises(UnlearningError, match="task by task"):
        forget_task(digits, plain_model, 1)
    not_a_task = forget_class(digits, 5)
    request = UnlearnRequest(
        with_si.model, digits, not_a_task, {}, TrainConfig(), extras=with_si.extra_arrays()
    )
    with pytest.raises(UnlearningError, match="not one of the model's tasks"):
        run_method("si_forget", request)
    request.params = {}
    with pytest.raises(UnlearningError, match="dynamic network"):
        run_method("unit_removal", request)
    with pytest.raises(UnlearningError, match="task must be 1..2"):
        forget_task(digits, with_si.model, 3)


def test_task_schedules_parse_and_refuse_nonsense():
    assert parse_tasks("halves") == ((0, 1, 2, 3, 4), (5, 6, 7, 8, 9))
    assert parse_tasks("0,1|2-3") == ((0, 1), (2, 3))
    assert describe_tasks(parse_tasks("pairs")) == "0,1 | 2,3 | 4,5 | 6,7 | 8,9"
    for bad in ("0-4", "0-4|4-9", "0-12|1", "a|b", "1||2"):
        with pytest.raises(ConfigError):
            parse_tasks(bad)
    with pytest.raises(ConfigError, match="mean schedule"):
        TaskConfig("halves", TrainConfig(bugs=("no_shuffle",)))


def test_stop_ends_a_task_run_cleanly(digits):
    trainer = TaskTrainer(digits, TaskConfig("halves", TrainConfig(hidden=32), epochs_per_task=2))
    events = trainer.run()
    next(events)
    trainer.control.stop()
    rest = list(events)
    assert rest[-1].reason == "stopped"
    assert np.isfinite(trainer.model.params).all()
