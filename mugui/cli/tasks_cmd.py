"""`mugui tasks`: learn digit groups one after another, with synaptic intelligence if asked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mugui.cli.data_argument import add_data_argument
from mugui.continual.events import TaskEpochEnd, TaskStarted
from mugui.continual.task_config import TaskConfig
from mugui.continual.task_trainer import TaskTrainer
from mugui.continual.tasks import NAMED
from mugui.data.load import load_dataset
from mugui.errors import ConfigError, TrainingDiverged
from mugui.metrics_json import write_metrics
from mugui.model_file import save_model
from mugui.training.config import FIELD_CHOICES, TrainConfig

RECOMMENDED_SI = 10_000.0


HELP = "learn task by task (progressive learning), optionally with synaptic intelligence"
DESCRIPTION = (
    "Train on groups of classes one after another. Without protection the network "
    "forgets earlier tasks (catastrophic forgetting); the synaptic-intelligence penalty keeps "
    "the weights earlier tasks rely on. The saved model can forget a task later with "
    "`mugui unlearn --forget-task K --method si_forget` (or unit_removal for --dynamic)."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_data_argument(p)
    p.add_argument(
        "--tasks",
        default="halves",
        help="classes per task, '|' between tasks: '0-4|5-9', '0,1|2,3|…', or a name: "
        + ", ".join(f"{k} ({v})" for k, v in NAMED.items()),
    )
    p.add_argument("--epochs-per-task", type=int, default=3, dest="epochs_per_task")
    p.add_argument(
        "--si-strength",
        type=float,
        default=0.0,
        dest="si_strength",
        help=f"synaptic-intelligence penalty c (0 = off; {RECOMMENDED_SI:g} works on the bundled digits)",
    )
    p.add_argument("--damping", type=float, default=0.1, help="SI's ξ (default 0.1)")
    p.add_argument(
        "--dynamic", action="store_true", help="give every task its own hidden units (frozen after)"
    )
    p.add_argument(
        "--architecture",
        choices=FIELD_CHOICES["architecture"].choices,
        default="mlp",
        help="mlp (default) or cnn: on the CNN, SI covers every parameter and the dynamic "
        "network's blocks are its dense hidden units (the convolutions learn with task 1, then "
        "stay frozen)",
    )
    p.add_argument("--hidden", type=int, default=256, help="hidden units (the CNN's dense layer)")
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--batch-size", type=int, default=64, dest="batch_size")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", metavar="MODEL.npz", help="save the model (with per-task importances)")
    p.add_argument("--metrics", metavar="FILE.json", help="write per-epoch per-task accuracies")


def run(args) -> int:
    for path in (args.out, args.metrics):
        if path and Path(path).is_dir():
            raise ConfigError("out", f"{path} is a folder, not a file name")
    config = TaskConfig(
        tasks=args.tasks,
        train=TrainConfig(
            architecture=args.architecture,
            hidden=args.hidden,
            lr=args.lr,
            momentum=args.momentum,
            batch_size=args.batch_size,
            seed=args.seed,
            epochs=args.epochs_per_task,
        ),
        epochs_per_task=args.epochs_per_task,
        si_strength=args.si_strength,
        damping=args.damping,
        dynamic=args.dynamic,
    )
    dataset = load_dataset(args.data)
    trainer = TaskTrainer(dataset, config)
    last = None
    for event in trainer.run():
        if isinstance(event, TaskStarted):
            names = ",".join(dataset.class_names[c] for c in event.classes)
            sys.stderr.write(f"task {event.task + 1}: classes {names}\n")
        elif isinstance(event, TaskEpochEnd):
            last = event
            tasks = " ".join(f"{a:.3f}" for a in event.per_task_accuracy)
            sys.stderr.write(f"  epoch {event.epoch}: per-task test accuracy {tasks}\n")
    if trainer.finished != "completed":
        raise TrainingDiverged(
            f"task-by-task training {trainer.finished}; try a smaller --lr or --si-strength"
        )
    if args.out:
        save_model(trainer.model, args.out, extra_arrays=trainer.extra_arrays())
    if args.metrics:
        write_metrics(
            args.metrics,
            {
                "config": config.to_dict(),
                "epochs": trainer.history,
                "final": {
                    "per_task_accuracy": list(last.per_task_accuracy),
                    "test_accuracy": last.test_accuracy,
                },
                "seconds": trainer.model.meta["tasks"]["seconds"],
            },
        )
    first = last.per_task_accuracy[0]
    mode = "dynamic units" if config.dynamic else f"SI c={config.si_strength:g}"
    if trainer.model.is_cnn:
        mode = f"{trainer.model.describe()}, {mode}"
    saved = f"saved to {args.out}" if args.out else "model not saved (use --out)"
    print(
        f"{len(config.tasks)} tasks ({config.description}), {mode}: per-task test accuracy "
        + " ".join(f"{a:.3f}" for a in last.per_task_accuracy)
        + f"; first task kept {first:.1%}; {saved}"
    )
    return 0
