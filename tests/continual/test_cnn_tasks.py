"""The CNN learns task by task (SI on its flat parameters, the dynamic network on its dense
head) and forgets a task with si_forget and unit_removal."""

import numpy as np
import pytest

from mugui.architecture import CnnSpec
from mugui.continual.events import TaskStarted
from mugui.continual.gradient_steps import train_range_by_gradients
from mugui.continual.reference import cnn_gradient, importance_of_task, si_step
from mugui.continual.task_config import TaskConfig
from mugui.continual.task_trainer import TaskTrainer, task_accuracies
from mugui.continual.task_units import shared_layers
from mugui.data.bundled import load_bundled
from mugui.data.dataset import Dataset
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.unlearning.forget_task import forget_task
from mugui.unlearning.registry import UnlearnRequest, run_method
from mugui_kernels.synaptic import consolidate
from mugui_kernels.train_args import N_STATS, STAT_SEEN

pytestmark = pytest.mark.slow
SPEC = CnnSpec(2, 3, 16)
TRAIN = TrainConfig(architecture="cnn", hidden=32, lr=0.03)


@pytest.fixture(scope="module")
def digits() -> Dataset:
    bundled = load_bundled()
    return Dataset(
        "digits", bundled.train_x, bundled.train_y, bundled.test_x[:600], bundled.test_y[:600],
    )  # fmt: skip


def _trained(digits, **settings) -> tuple[TaskTrainer, np.ndarray]:
    """A trained task model (the bundled digits, ~4 s), and its parameters when the second
    task started."""
    trainer = TaskTrainer(digits, TaskConfig("halves", TRAIN, epochs_per_task=2, **settings))
    after_first = None
    for event in trainer.run():
        if isinstance(event, TaskStarted) and event.task == 1:
            after_first = trainer.model.params.copy()
    assert trainer.finished == "completed" and trainer.model.is_cnn
    return trainer, after_first


@pytest.fixture(scope="module")
def with_si(digits):
    return _trained(digits, si_strength=10_000.0)[0]


@pytest.fixture(scope="module")
def dynamic(digits):
    return _trained(digits, dynamic=True)


@pytest.mark.parametrize("strength", [0.0, 5.0])
@pytest.mark.parametrize("with_heads", [False, True])
@pytest.mark.parametrize("with_mask", [False, True])
def test_cnn_si_steps_match_the_numpy_reference(strength, with_heads, with_mask):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(24, 784), dtype=np.uint8)
    labels = rng.integers(0, 10, size=24).astype(np.uint8)
    heads = np.zeros(10, dtype=np.float32)
    heads[[1, 4, 7]] = 1.0
    if with_heads:
        labels = np.array([1, 4, 7], dtype=np.uint8)[labels % 3]
    model = Model.init(SPEC, 3)
    initial, params_r = model.params.copy(), model.params.copy()
    vel_k, vel_r = np.zeros_like(params_r), np.zeros_like(params_r)
    si_k = np.zeros((3, params_r.size), dtype=np.float32)
    si_k[1] = rng.random(params_r.size, dtype=np.float32)  # importance of earlier tasks
    si_k[2] = params_r + rng.normal(0, 0.01, params_r.size).astype(np.float32)  # anchor
    si_r = si_k.copy()
    mask = (rng.random(params_r.size) < 0.7).astype(np.float32) if with_mask else None
    no = np.empty(0, dtype=np.float32)
    order, lr, mu, batch = np.arange(24, dtype=np.int64), 0.05, 0.9, 8
    stats = np.zeros(N_STATS)
    reached = train_range_by_gradients(
        model, vel_k, images, labels, order, 0, 24, batch, lr, mu, si_k, strength,
        no if mask is None else mask, heads if with_heads else no, stats,
    )  # fmt: skip
    assert reached == 24 and stats[STAT_SEEN] == 24
    for start in range(0, 24, batch):
        x = images[start : start + batch].astype(np.float32) / np.float32(255.0)
        onehot = np.eye(10, dtype=np.float32)[labels[start : start + batch]]
        si_step(
            params_r, vel_r, SPEC, x, onehot, np.float32(lr), np.float32(mu), si_r, strength,
            mask=mask, heads=heads if with_heads else None, gradient_of=cnn_gradient,
        )  # fmt: skip
    np.testing.assert_allclose(model.params, params_r, atol=5e-5)
    np.testing.assert_allclose(si_k[0], si_r[0], atol=1e-6, rtol=1e-3)
    assert np.abs(si_k[0]).sum() > 0  # the path integral moved
    if mask is not None:
        frozen = mask == 0
        np.testing.assert_array_equal(model.params[frozen], initial[frozen])
    expected = importance_of_task(si_r, params_r, 0.1)
    got = consolidate(si_k, model.params, np.float32(0.1))
    np.testing.assert_allclose(got, expected, atol=1e-4, rtol=1e-2)


def test_the_cnn_learns_task_by_task_and_si_keeps_some_of_the_first_task(digits, with_si):
    plain, _ = _trained(digits)
    assert plain.history[1]["per_task_accuracy"][0] > 0.8  # the first task was learnt...
    assert plain.history[-1]["per_task_accuracy"][0] < 0.1  # ...and forgotten without SI
    kept, learnt = with_si.history[-1]["per_task_accuracy"]
    assert kept >= plain.history[-1]["per_task_accuracy"][0] + 0.2 and learnt > 0.8
    assert with_si.importance.shape == (2, with_si.model.params.size)
    assert (with_si.importance > 0).any(axis=1).all()  # every task owns some weights
    assert with_si.model.meta["config"]["architecture"] == "cnn"


@pytest.mark.parametrize("mode", ["zero", "randomize"])
@pytest.mark.parametrize("task", [1, 2])
def test_si_forget_makes_the_cnn_forget_a_task_and_keep_the_other(digits, with_si, mode, task):
    forget = forget_task(digits, with_si.model, task)
    request = UnlearnRequest(
        with_si.model.copy(), digits, forget, {"mode": mode}, TRAIN, extras=with_si.extra_arrays()
    )
    result = run_method("si_forget", request)
    after = task_accuracies(result.model, digits, with_si.config.tasks)[0]
    assert result.model.is_cnn and result.info["weights_changed"] > 0
    assert after[task - 1] <= 0.05
    assert after[2 - task] > 0.8


def test_the_dynamic_cnn_freezes_its_convolutions_after_the_first_task(dynamic):
    trainer, after_first = dynamic
    for weights, biases in shared_layers(trainer.model):
        np.testing.assert_array_equal(trainer.model.params[weights], after_first[weights])
        np.testing.assert_array_equal(trainer.model.params[biases], after_first[biases])
    assert len(shared_layers(trainer.model)) == 2
    assert min(trainer.history[-1]["per_task_accuracy"]) > 0.5


@pytest.mark.parametrize("task", [1, 2])
def test_unit_removal_forgets_a_task_of_the_dynamic_cnn_and_leaves_the_other_exactly(
    digits, dynamic, task
):
    trainer, _ = dynamic
    model = trainer.model
    forget = forget_task(digits, model, task)
    request = UnlearnRequest(model.copy(), digits, forget, {}, TRAIN, extras=trainer.extra_arrays())
    result = run_method("unit_removal", request)
    gone, kept_task = task - 1, 2 - task
    kept_units = trainer.owners != gone
    kept_classes = list(trainer.config.tasks[kept_task])
    before_hidden, after_hidden = model.hidden(digits.test_x), result.model.hidden(digits.test_x)
    np.testing.assert_array_equal(after_hidden[:, kept_units], before_hidden[:, kept_units])
    (_, _), (w_before, b_before) = model.layers()
    (_, _), (w_after, b_after) = result.model.layers()
    np.testing.assert_array_equal(w_after[np.ix_(kept_units, kept_classes)],
                                  w_before[np.ix_(kept_units, kept_classes)])  # fmt: skip
    np.testing.assert_array_equal(b_after[kept_classes], b_before[kept_classes])
    assert not w_after[~kept_units].any()  # the forgotten task's units are cut out

    def kept_logits(m, hidden):
        (_, _), (w, b) = m.layers()
        return hidden @ w[:, kept_classes] + b[kept_classes]

    # the kept task's outputs are exactly as before the removal
    np.testing.assert_array_equal(
        kept_logits(result.model, after_hidden), kept_logits(model, before_hidden)
    )
    after = task_accuracies(result.model, digits, trainer.config.tasks)[0]
    assert after[gone] == 0.0 and after[kept_task] > 0.8
