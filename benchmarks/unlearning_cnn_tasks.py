"""Forgetting a whole task on the CNN: si_forget and unit_removal against the retrained reference.

Trains the CNN task by task on the bundled digits (0-4, then 5-9; 3 epochs per task, lr 0.01,
batch 64, momentum 0.9): once with synaptic intelligence (c = 10,000) and once as the dynamic
network. Then forgets each task with ``si_forget`` (zero / randomize, its CNN defaults) and
``unit_removal``, and prints the test accuracy on each task's classes (argmax over all ten)
beside the reference: the task lab's retrain (the stored training config, the same seed) on
the other task's data. The README's CNN task table comes from this script.

    nice -n 5 .venv/bin/python benchmarks/unlearning_cnn_tasks.py [--seed S] [--architecture mlp]
"""

from __future__ import annotations

import argparse
import time

from mugui.continual.task_config import TaskConfig
from mugui.continual.task_trainer import TaskTrainer, task_accuracies
from mugui.data.dataset import Dataset
from mugui.data.load import load_dataset
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.unlearning.forget_task import forget_task
from mugui.unlearning.registry import UnlearnRequest, run_method

SI = 10_000.0
FORGET_LIMIT, TOLERANCE = 0.05, 0.02


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--architecture", default="cnn", choices=("cnn", "mlp"))
    p.add_argument("--si-strength", type=float, default=SI, dest="si_strength")
    return p.parse_args()


def trained(data: Dataset, args, dynamic: bool) -> TaskTrainer:
    config = TaskConfig(
        "halves",
        TrainConfig(architecture=args.architecture, seed=args.seed),
        epochs_per_task=3,
        si_strength=0.0 if dynamic else args.si_strength,
        dynamic=dynamic,
    )
    trainer = TaskTrainer(data, config)
    started = time.perf_counter()
    for _ in trainer.run():
        pass
    kind = "dynamic" if dynamic else f"SI c={args.si_strength:g}"
    per_task = " / ".join(f"{a:.3f}" for a in trainer.history[-1]["per_task_accuracy"])
    print(f"{kind}: after task 2 {per_task} ({time.perf_counter() - started:.1f} s)")
    return trainer


def reference(data: Dataset, trainer: TaskTrainer, task: int) -> tuple[float, ...]:
    forget = forget_task(data, trainer.model, task)
    keep = forget.retain_indices()
    retained = Dataset("retain", data.train_x[keep], data.train_y[keep], data.test_x, data.test_y)
    model, _ = train(retained, TrainConfig.from_dict(trainer.model.meta["config"]))
    return task_accuracies(model, data, trainer.config.tasks)[0]


def forget(data, trainer: TaskTrainer, task: int, method: str, params: dict) -> tuple[float, ...]:
    request = UnlearnRequest(
        trainer.model, data, forget_task(data, trainer.model, task), params,
        TrainConfig.from_dict(trainer.model.meta["config"]), extras=trainer.extra_arrays(),
    )  # fmt: skip
    return task_accuracies(run_method(method, request).model, data, trainer.config.tasks)[0]


def main() -> None:
    args = parse_args()
    data = load_dataset("bundled")
    runs = {
        False: [("si_forget", {"mode": "zero"}), ("si_forget", {"mode": "randomize"})],
        True: [("unit_removal", {})],
    }
    print("| model | forget task | method | forget (ref) | retain (ref) | ok |")
    print("|---|---|---|---|---|---|")
    for dynamic, methods in runs.items():
        trainer = trained(data, args, dynamic)
        for task in (1, 2):
            ref = reference(data, trainer, task)
            gone, kept = task - 1, 2 - task
            for method, params in methods:
                after = forget(data, trainer, task, method, params)
                ok = after[gone] <= FORGET_LIMIT and abs(after[kept] - ref[kept]) <= TOLERANCE
                label = method + "".join(f" {k}={v}" for k, v in params.items())
                print(
                    f"| {'dynamic' if dynamic else 'SI'} | {task} | {label} | "
                    f"{after[gone]:.3f} ({ref[gone]:.3f}) | {after[kept]:.3f} ({ref[kept]:.3f}) | "
                    f"{'yes' if ok else 'no'} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
