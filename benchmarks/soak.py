"""Soak: many runs in one process must not grow its memory (RSS growth <= 20 MB after warm-up).

    python benchmarks/soak.py window --runs 50          # 50 training runs in one window
    python benchmarks/soak.py engine --cycles 100       # train -> unlearn -> verify, 100 times

Each prints the resident set size after the warm-up runs and at the end, and exits 1 when it
grew by more than the limit. Small runs (a 32-unit layer, one epoch on 2,000 digits) keep the
wall time short; the memory a run keeps alive does not depend on its length.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LIMIT_MB = 20.0
WARM_UP = 5


def rss_mb() -> float:
    """This process's resident set size (Linux /proc)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def small_dataset():
    from mugui.data.dataset import Dataset
    from mugui.data.load import load_dataset

    full = load_dataset("bundled")
    return Dataset(
        "bundled (2,000)",
        full.train_x[:2000].copy(),
        full.train_y[:2000].copy(),
        full.test_x[:500].copy(),
        full.test_y[:500].copy(),
    )


def soak_window(runs: int, hidden: int, epochs: int) -> list[float]:
    """Train ``runs`` times in one MainWindow, the way a user clicks Train again and again."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from mugui.gui import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(warm_up_kernels=False)
    window.dataset = small_dataset()
    window.hyperparameters.hidden.setValue(hidden)
    window.hyperparameters.epochs.setValue(epochs)
    window.show()
    figures = []
    for run in range(runs):
        window.start_training()
        while window.worker is not None:
            app.processEvents()
            time.sleep(0.005)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        gc.collect()
        figures.append(rss_mb())
        print(f"run {run + 1:3d}: RSS {figures[-1]:7.1f} MB", flush=True)
    window.close()
    return figures


def soak_engine(cycles: int, hidden: int, epochs: int) -> list[float]:
    """Train, unlearn one digit by fine-tuning and verify, ``cycles`` times in one process."""
    from mugui.runs.events import run_to_end
    from mugui.runs.unlearn import UnlearnSpec, unlearn_events
    from mugui.runs.verify import verify_events
    from mugui.training.config import TrainConfig
    from mugui.training.trainer import Trainer
    from mugui.unlearning.forget_set import forget_class

    dataset = small_dataset()
    figures = []
    for cycle in range(cycles):
        config = TrainConfig(hidden=hidden, epochs=epochs, seed=cycle)
        trainer = Trainer(dataset, config)
        for _ in trainer.run():
            pass
        original = trainer.model
        spec = UnlearnSpec(original, dataset, forget_class(dataset, cycle % 10), "finetune")
        outcome = run_to_end(unlearn_events(spec))
        run_to_end(verify_events(original, outcome, dataset, config=config, seeds=0))
        del trainer, original, spec, outcome
        gc.collect()
        figures.append(rss_mb())
        print(f"cycle {cycle + 1:3d}: RSS {figures[-1]:7.1f} MB", flush=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("window", "engine"))
    parser.add_argument("--runs", type=int, default=50, help="window: training runs")
    parser.add_argument("--cycles", type=int, default=100, help="engine: cycles")
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.what == "window":
        figures = soak_window(args.runs, args.hidden, args.epochs)
    else:
        figures = soak_engine(args.cycles, args.hidden, args.epochs)
    base = figures[min(WARM_UP, len(figures)) - 1]
    growth = figures[-1] - base
    print(
        f"{args.what}: {len(figures)} runs in {time.perf_counter() - started:.0f} s; RSS after "
        f"{min(WARM_UP, len(figures))} warm-up runs {base:.1f} MB, at the end {figures[-1]:.1f} MB, "
        f"growth {growth:+.1f} MB (limit {LIMIT_MB:.0f} MB)"
    )
    return 0 if growth <= LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
