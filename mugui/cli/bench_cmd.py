"""`mugui bench`: the engine's speed against references of the same training, measured in one run."""

from __future__ import annotations

import argparse
import os

from mugui.bench import latency, startup, training_speed
from mugui.bench.training_speed import Timing, interleaved
from mugui.metrics_json import write_metrics
from mugui_kernels.flags import SCHEDULE_MEAN, SCHEDULE_SEQUENTIAL

EPOCH = 60_000


HELP = "measure training speed against numpy/PyTorch/C references"
DESCRIPTION = (
    "784-256-10, momentum SGD, float32, one thread each: CPU (and wall) seconds per "
    "epoch of 60,000 samples for the engine and the references (median and range of "
    "interleaved repetitions), the ratios, and the fraction of this machine's sgemm limit."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--quick",
        action="store_true",
        help="smaller sets, 3 repetitions, no JIT subprocesses (seconds, not minutes)",
    )
    p.add_argument(
        "--repeats", type=int, default=None, help="interleaved repetitions (default 5; quick 3)"
    )
    p.add_argument("--metrics", metavar="FILE.json")


def _scaled(seconds: tuple[float, float], factor: float) -> tuple[float, float]:
    return seconds[0] * factor, seconds[1] * factor


def _range(t: Timing, scale: float = 1.0) -> str:
    d = t.to_dict(scale)
    return f"CPU {d['median']:.3f} s ({d['min']:.3f}-{d['max']:.3f}), wall {d['wall_median']:.3f} s"


def run(args) -> int:
    repeats = args.repeats or (3 if args.quick else 5)
    if repeats < 1:
        print("mugui bench: --repeats must be at least 1")
        return 2
    n = 10_000 if args.quick else EPOCH
    n_per_sample = 1_000 if args.quick else 5_000
    n_numpy_per_sample = n_per_sample // 10  # numpy's per-sample loop is slow; scaled up
    load_before = os.getloadavg()
    images, labels = training_speed.tiled_digits(n)
    scale = EPOCH / n
    batched = interleaved(
        {
            "engine": lambda: training_speed.engine_seconds(images, labels, 64, SCHEDULE_MEAN),
            "numpy": lambda: training_speed.numpy_seconds(images, labels, 64, SCHEDULE_MEAN),
            "torch": lambda: training_speed.torch_seconds(images, labels),
        },
        repeats,
    )
    fashion = training_speed.fashion(n)
    fashion_engine = (
        interleaved(
            {"engine": lambda: training_speed.engine_seconds(*fashion, 64, SCHEDULE_MEAN)}, repeats
        )["engine"]
        if fashion
        else None
    )
    small_x, small_y = images[:n_per_sample], labels[:n_per_sample]
    c_program = training_speed.CPerSample(small_x, small_y)
    try:
        per_sample = interleaved(
            {
                "engine": lambda: training_speed.engine_seconds(
                    small_x, small_y, 1, SCHEDULE_SEQUENTIAL, lr=0.0005
                ),
                "c": c_program.seconds,
                "numpy": lambda: _scaled(
                    training_speed.numpy_seconds(
                        small_x[:n_numpy_per_sample],
                        small_y[:n_numpy_per_sample],
                        1,
                        SCHEDULE_SEQUENTIAL,
                        lr=0.0005,
                    ),
                    n_per_sample / n_numpy_per_sample,
                ),
            },
            repeats,
        )
    finally:
        c_program.close()
    gflops = training_speed.sgemm_gflops()
    limit = training_speed.epoch_flops(EPOCH) / gflops / 1e9  # dense epoch at the sgemm rate
    engine = batched["engine"].median * scale
    torch_ref = batched.get("torch")
    result = {
        "samples": n,
        "repeats": repeats,
        "threads": 1,
        "load_average": {"before": list(load_before), "after": list(os.getloadavg())},
        "epoch_seconds_60k": {name: t.to_dict(scale) for name, t in batched.items()},
        "ratio_to_numpy": engine / (batched["numpy"].median * scale),
        "ratio_to_torch": engine / (torch_ref.median * scale) if torch_ref else None,
        "sgemm_gflops": gflops,
        "sgemm_limit_seconds_60k": limit,
        "fraction_of_sgemm": limit / engine,
        "fashion_mnist": (
            {
                "epoch_seconds_60k": fashion_engine.to_dict(EPOCH / len(fashion[1])),
                "fraction_of_sgemm": limit / (fashion_engine.median * EPOCH / len(fashion[1])),
            }
            if fashion_engine
            else None
        ),
        "per_sample_sgd": {
            "samples": n_per_sample,
            "c_flags": " ".join(training_speed.C_FLAGS),
            "seconds": {name: t.to_dict() for name, t in per_sample.items()},
            "ratio_to_c": (
                per_sample["engine"].median / per_sample["c"].median if "c" in per_sample else None
            ),
            "ratio_to_numpy": per_sample["engine"].median / per_sample["numpy"].median,
        },
    }
    median, p99 = latency.draw_to_prediction_ms()
    result["draw_to_prediction_ms"] = {"median": median, "p99": p99}
    if not args.quick:
        cold, warm = startup.cold_and_warm_jit()
        result["jit_seconds"] = {"cold": cold, "warm": warm}
    if args.metrics:
        write_metrics(args.metrics, result)
    _print(result, batched, per_sample, scale)
    return 0


def _print(result: dict, batched: dict, per_sample: dict, scale: float) -> None:
    load = result["load_average"]["before"]
    print(
        f"{result['repeats']} interleaved repetitions, one thread each; median (range) of CPU "
        f"seconds, ratios of CPU medians; load average {load[0]:.1f} (1 min) at the start"
    )
    print(f"epoch of 60k digits, batch 64 (from {result['samples']} samples):")
    for name, timing in batched.items():
        print(f"  {name:7s} {_range(timing, scale)}")
    if "torch" not in batched:
        print("  torch   not installed (pip install 'mugui[bench]')")
    torch_ratio = result["ratio_to_torch"]
    print(
        f"  engine = {result['ratio_to_numpy']:.2f}x numpy's time"
        + (f", {torch_ratio:.2f}x PyTorch's" if torch_ratio else "")
        + f"; {result['fraction_of_sgemm']:.0%} of the dense sgemm limit "
        f"({result['sgemm_limit_seconds_60k']:.3f} s at {result['sgemm_gflops']:.0f} GFLOP/s, one thread)"
    )
    fashion = result["fashion_mnist"]
    if fashion:
        f = fashion["epoch_seconds_60k"]
        print(
            f"epoch of 60k Fashion-MNIST: engine CPU {f['median']:.3f} s ({f['min']:.3f}-{f['max']:.3f}), "
            f"{fashion['fraction_of_sgemm']:.0%} of the sgemm limit"
        )
    ps = result["per_sample_sgd"]
    print(f"per-sample SGD, {ps['samples']} samples:")
    for name, timing in per_sample.items():
        label = f"C ({ps['c_flags']})" if name == "c" else name
        print(f"  {label:7s} {_range(timing)}")
    if ps["ratio_to_c"]:
        print(f"  engine = {ps['ratio_to_c']:.2f}x the C build's time")
    d = result["draw_to_prediction_ms"]
    print(f"draw-to-prediction {d['median']:.2f} ms (p99 {d['p99']:.2f})")
    if "jit_seconds" in result:
        j = result["jit_seconds"]
        print(f"JIT cold {j['cold']:.1f} s, cached {j['warm']:.1f} s")
