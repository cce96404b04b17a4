"""Training throughput of the engine against references of the *same* training, in one run."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from mugui.data.load import load_dataset
from mugui.model import Model
from mugui.training import reference
from mugui_kernels.epoch import train_range

C_SOURCE = Path(__file__).resolve().parents[2] / "benchmarks" / "c_reference" / "per_sample_sgd.c"
SIZES = (784, 256, 10)


def tiled_digits(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` real digits: the bundled training set repeated (realistic ink sparsity)."""
    data = load_dataset("bundled")
    reps = -(-n // data.n_train)
    return np.tile(data.train_x, (reps, 1))[:n], np.tile(data.train_y, reps)[:n]


def engine_seconds(images, labels, batch_size: int, schedule: int, lr: float = 0.01) -> float:
    """Seconds of one epoch through the epoch kernel (after one warm-up batch)."""
    model = Model.init(SIZES, 0)
    velocity = np.zeros_like(model.params)
    n = len(labels)
    order = np.arange(n, dtype=np.int64)
    no_groups, no_record = np.zeros(n, np.int64), np.zeros((0, 1), np.float32)

    def run(stop: int) -> None:
        train_range(
            model.params, velocity, model.sizes_array, images, labels, order, 0, stop, batch_size, schedule,
            np.float32(lr), np.float32(0.9), np.float32(0.0), np.int64(0), no_groups, no_record, np.zeros(4),
        )  # fmt: skip

    run(batch_size)
    started = time.perf_counter()
    run(n)
    return time.perf_counter() - started


def numpy_seconds(images, labels, batch_size: int, schedule: int, lr: float = 0.01) -> float:
    model = Model.init(SIZES, 0)
    velocity = np.zeros_like(model.params)
    started = time.perf_counter()
    reference.train_epoch(
        model.params,
        velocity,
        SIZES,
        images,
        labels,
        np.arange(len(labels)),
        batch_size,
        schedule,
        lr,
        0.9,
    )
    return time.perf_counter() - started


def torch_seconds(images, labels, batch_size: int = 64) -> float | None:
    """The same mini-batch training in PyTorch (CPU), when it is installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, dampening=0.0)
    loss_fn = torch.nn.CrossEntropyLoss()
    x_all = torch.from_numpy(images)
    y_all = torch.from_numpy(labels.astype(np.int64))
    started = time.perf_counter()
    for i in range(0, len(labels), batch_size):
        x = x_all[i : i + batch_size].float() / 255.0
        opt.zero_grad()
        loss_fn(net(x), y_all[i : i + batch_size]).backward()
        opt.step()
    return time.perf_counter() - started


def c_per_sample_seconds(images, labels, lr: float = 0.0005) -> float | None:
    """The C original's per-sample SGD, compiled with -O3 -march=native, when a C compiler exists."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None or not C_SOURCE.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        exe = Path(tmp) / "per_sample_sgd"
        subprocess.run(
            [compiler, "-O3", "-march=native", "-o", str(exe), str(C_SOURCE), "-lm"],
            check=True,
            capture_output=True,
        )
        (Path(tmp) / "x.f32").write_bytes((images.astype(np.float32) / 255).tobytes())
        (Path(tmp) / "y.u8").write_bytes(labels.astype(np.uint8).tobytes())
        out = subprocess.run(
            [str(exe), str(Path(tmp) / "x.f32"), str(Path(tmp) / "y.u8"), str(len(labels)), "256", str(lr), "0.9"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return float(out.stdout.strip())


def sgemm_gflops(size: int = 2048, repeats: int = 3) -> float:
    """The machine's measured float32 matrix-multiply throughput (numpy's BLAS, all cores)."""
    a = np.random.default_rng(0).random((size, size), dtype=np.float32)
    np.dot(a, a)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        np.dot(a, a)
        best = min(best, time.perf_counter() - started)
    return 2 * size**3 / best / 1e9


def epoch_flops(n: int) -> float:
    """FLOPs of one epoch: forward and weight-gradient products for both layers, plus the
    hidden-gradient product of the output layer (nothing is backpropagated to the pixels)."""
    hidden, output = 784 * 256, 256 * 10
    return float(2 * (2 * hidden + 3 * output) * n)
