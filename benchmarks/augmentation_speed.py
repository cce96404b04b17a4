"""How long augmentation takes against the training it feeds, measured in one run.

Times ``augment_batch`` on 10,000 bundled digits (affine jitter only, and with the elastic
distortion) and deskewing them, against one epoch of the default MLP on the 8,000 training
digits; prints milliseconds per 10,000 images (wall and CPU) and the ratios. Each figure is the
median of ``--repeat`` runs after one warm-up. Say the machine's load beside the figures.

    .venv/bin/python benchmarks/augmentation_speed.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import numpy as np

from mugui.data.load import load_dataset
from mugui.deskew import deskew
from mugui.training.augmentation import augment_batch
from mugui.training.config import TrainConfig
from mugui.training.trainer import train


def timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``work`` after one warm-up call."""
    work()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return float(np.median(walls)), float(np.median(cpus))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = load_dataset("bundled")
    images = np.concatenate([data.train_x, data.test_x])[:10_000]
    seeds = iter(range(10_000))
    figures = {
        "affine jitter + stroke": timed(
            lambda: augment_batch(images, next(seeds), elastic=0.0), args.repeat
        ),
        "with elastic (α 34, σ 4)": timed(lambda: augment_batch(images, next(seeds)), args.repeat),
        "deskew": timed(lambda: deskew(images), args.repeat),
    }
    one_epoch = timed(lambda: train(data, TrainConfig(epochs=1)), args.repeat)
    per_10k = 10_000 / data.n_train
    epoch_wall, epoch_cpu = one_epoch[0] * per_10k, one_epoch[1] * per_10k
    print(f"load average {os.getloadavg()[0]:.1f}; medians of {args.repeat}, per 10,000 images")
    print(
        f"{'default MLP training epoch':28s} {epoch_wall * 1000:7.0f} ms wall {epoch_cpu * 1000:7.0f} ms CPU"
    )
    for name, (wall, cpu) in figures.items():
        print(
            f"{name:28s} {wall * 1000:7.0f} ms wall {cpu * 1000:7.0f} ms CPU "
            f"= {wall / epoch_wall:.2f} of an epoch (wall), {cpu / epoch_cpu:.2f} (CPU)"
        )


if __name__ == "__main__":
    main()
