"""Training throughput of the engine against references of the *same* training, in one run.

Every contender runs on one thread (mugui pins BLAS to one; PyTorch is set to one), so its CPU
time is its work, little changed by other processes sharing the cores; ratios compare CPU
times, and wall times are kept beside them. The repetitions are interleaved (engine, numpy,
PyTorch, engine, ...) so that a change in the machine's load hits all alike; each figure is the
median of the repetitions, with its range.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mugui.data.load import load_dataset
from mugui.model import Model
from mugui.training import reference
from mugui.training.kernel_args import training_args
from mugui_kernels.epoch import train_range

C_SOURCE = Path(__file__).resolve().parents[2] / "benchmarks" / "c_reference" / "per_sample_sgd.c"
# As the C original was built: -ffast-math flushes float32 subnormals to zero (as the engine
# does); without it the per-sample loop runs ~4x slower on them.
C_FLAGS = ("-O3", "-march=native", "-ffast-math")
SIZES = (784, 256, 10)
FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")


Seconds = tuple[float, float]  # (wall, CPU) of one run


class Stopwatch:
    """Wall and CPU time since creation."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def seconds(self) -> Seconds:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


@dataclass(frozen=True)
class Timing:
    """(wall, CPU) seconds of repeated runs of one contender: medians and ranges."""

    runs: tuple[Seconds, ...]

    @property
    def median(self) -> float:
        """Median CPU seconds."""
        return float(np.median([cpu for _, cpu in self.runs]))

    def to_dict(self, scale: float = 1.0) -> dict:
        cpu = [c * scale for _, c in self.runs]
        wall = [w * scale for w, _ in self.runs]
        return {
            "median": float(np.median(cpu)),
            "min": min(cpu),
            "max": max(cpu),
            "wall_median": float(np.median(wall)),
            "wall_min": min(wall),
            "wall_max": max(wall),
            "runs": len(self.runs),
        }


def interleaved(contenders: dict[str, Callable[[], Seconds | None]], repeats: int) -> dict:
    """Run each contender once per round, ``repeats`` rounds; a contender returning None
    (not available) is dropped."""
    runs: dict[str, list[Seconds]] = {name: [] for name in contenders}
    live = dict(contenders)
    for _ in range(repeats):
        for name, run in list(live.items()):
            seconds = run()
            if seconds is None:
                del live[name]
                runs.pop(name)
            else:
                runs[name].append(seconds)
    return {name: Timing(tuple(values)) for name, values in runs.items()}


def tiled_digits(n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` real digits: the bundled training set repeated (realistic ink sparsity)."""
    data = load_dataset("bundled")
    reps = -(-n // data.n_train)
    return np.tile(data.train_x, (reps, 1))[:n], np.tile(data.train_y, reps)[:n]


def fashion(n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The first ``n`` Fashion-MNIST training images (~50% non-zero), when installed."""
    if not FASHION_MNIST.is_dir():
        return None
    data = load_dataset(FASHION_MNIST)
    return data.train_x[:n], data.train_y[:n]


def engine_seconds(images, labels, batch_size: int, schedule: int, lr: float = 0.01) -> Seconds:
    """Seconds of one epoch through the epoch kernel (after one warm-up batch)."""
    model = Model.init(SIZES, 0)
    velocity = np.zeros_like(model.params)
    n = len(labels)
    order = np.arange(n, dtype=np.int64)
    args = training_args(
        model.params, velocity, model.sizes_array, images, labels, order, batch_size=batch_size,
        schedule=schedule, lr=lr, momentum=0.9,
    )  # fmt: skip

    def run(stop: int) -> None:
        train_range(args, 0, stop)

    run(batch_size)
    watch = Stopwatch()
    run(n)
    return watch.seconds()


def numpy_seconds(images, labels, batch_size: int, schedule: int, lr: float = 0.01) -> Seconds:
    model = Model.init(SIZES, 0)
    velocity = np.zeros_like(model.params)
    watch = Stopwatch()
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
    return watch.seconds()


def torch_seconds(images, labels, batch_size: int = 64) -> Seconds | None:
    """The same mini-batch training in PyTorch (CPU, one thread), when it is installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, dampening=0.0)
    loss_fn = torch.nn.CrossEntropyLoss()
    x_all = torch.from_numpy(images)
    y_all = torch.from_numpy(labels.astype(np.int64))
    watch = Stopwatch()
    for i in range(0, len(labels), batch_size):
        x = x_all[i : i + batch_size].float() / 255.0
        opt.zero_grad()
        loss_fn(net(x), y_all[i : i + batch_size]).backward()
        opt.step()
    return watch.seconds()


class CPerSample:
    """The C original's per-sample SGD, compiled once with ``C_FLAGS``, run on given data."""

    def __init__(self, images, labels, lr: float = 0.0005):
        self._tmp = tempfile.TemporaryDirectory()
        folder = Path(self._tmp.name)
        self.exe = folder / "per_sample_sgd"
        compiler = shutil.which("cc") or shutil.which("gcc")
        self.available = compiler is not None and C_SOURCE.exists()
        if self.available:
            subprocess.run(
                [compiler, *C_FLAGS, "-o", str(self.exe), str(C_SOURCE), "-lm"],
                check=True,
                capture_output=True,
            )
        (folder / "x.f32").write_bytes((images.astype(np.float32) / 255).tobytes())
        (folder / "y.u8").write_bytes(labels.astype(np.uint8).tobytes())
        self.args = [str(folder / "x.f32"), str(folder / "y.u8"), str(len(labels)), "256", str(lr), "0.9"]  # fmt: skip

    def seconds(self) -> Seconds | None:
        """The program's own timing of its training loop (file reading excluded)."""
        if not self.available:
            return None
        out = subprocess.run(
            [str(self.exe), *self.args], check=True, capture_output=True, text=True
        )
        wall, cpu = out.stdout.split()
        return float(wall), float(cpu)

    def close(self) -> None:
        self._tmp.cleanup()


def sgemm_gflops(size: int = 2048, repeats: int = 3) -> float:
    """The machine's float32 matrix-multiply throughput per CPU second (numpy's BLAS, one
    thread): the best of ``repeats``."""
    a = np.random.default_rng(0).random((size, size), dtype=np.float32)
    np.dot(a, a)
    best = float("inf")
    for _ in range(repeats):
        watch = Stopwatch()
        np.dot(a, a)
        best = min(best, watch.seconds()[1])
    return 2 * size**3 / best / 1e9


def epoch_flops(n: int) -> float:
    """Dense FLOPs of one epoch: forward and weight-gradient products for both layers, plus the
    hidden-gradient product of the output layer (nothing is backpropagated to the pixels).
    The sparse first layer does fewer, so the fraction of the sgemm limit can exceed 1."""
    hidden, output = 784 * 256, 256 * 10
    return float(2 * (2 * hidden + 3 * output) * n)
