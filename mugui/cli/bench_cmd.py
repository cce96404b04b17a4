"""`mugui bench`: the engine's speed against references of the same training, measured in one run."""

from __future__ import annotations

from mugui.bench import latency, startup, training_speed
from mugui.metrics_json import write_metrics
from mugui_kernels.flags import SCHEDULE_MEAN, SCHEDULE_SEQUENTIAL


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "bench",
        help="measure training speed against numpy/PyTorch/C references",
        description="784-256-10, momentum SGD, float32: seconds per epoch of 60,000 samples for the engine and "
        "the references, the ratios, and the fraction of this machine's sgemm throughput.",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="smaller sets, no JIT subprocesses (seconds, not minutes)",
    )
    p.add_argument("--metrics", metavar="FILE.json")
    p.set_defaults(func=run)


def run(args) -> int:
    n = 10_000 if args.quick else 60_000
    n_per_sample = 1_000 if args.quick else 5_000
    images, labels = training_speed.tiled_digits(n)
    engine = training_speed.engine_seconds(images, labels, 64, SCHEDULE_MEAN)
    numpy_ref = training_speed.numpy_seconds(images, labels, 64, SCHEDULE_MEAN)
    torch_ref = training_speed.torch_seconds(images, labels)
    small_x, small_y = images[:n_per_sample], labels[:n_per_sample]
    engine_ps = training_speed.engine_seconds(small_x, small_y, 1, SCHEDULE_SEQUENTIAL, lr=0.0005)
    c_ps = training_speed.c_per_sample_seconds(small_x, small_y)
    numpy_ps = (
        training_speed.numpy_seconds(
            small_x[: n_per_sample // 5],
            small_y[: n_per_sample // 5],
            1,
            SCHEDULE_SEQUENTIAL,
            lr=0.0005,
        )
        * 5
    )
    gflops = training_speed.sgemm_gflops()
    scale = 60_000 / n
    result = {
        "samples": n,
        "epoch_seconds_60k": {
            "engine": engine * scale,
            "numpy": numpy_ref * scale,
            "torch": torch_ref * scale if torch_ref else None,
        },
        "speedup_vs_numpy": numpy_ref / engine,
        "speedup_vs_torch": torch_ref / engine if torch_ref else None,
        "sgemm_gflops": gflops,
        "fraction_of_sgemm": training_speed.epoch_flops(n) / engine / 1e9 / gflops,
        "per_sample_sgd": {
            "samples": n_per_sample,
            "engine_seconds": engine_ps,
            "c_original_seconds": c_ps,
            "numpy_seconds": numpy_ps,
            "speedup_vs_c": c_ps / engine_ps if c_ps else None,
            "speedup_vs_numpy": numpy_ps / engine_ps,
        },
    }
    median, p99 = latency.draw_to_prediction_ms()
    result["draw_to_prediction_ms"] = {"median": median, "p99": p99}
    if not args.quick:
        cold, warm = startup.cold_and_warm_jit()
        result["jit_seconds"] = {"cold": cold, "warm": warm}
    if args.metrics:
        write_metrics(args.metrics, result)
    torch_text = (
        f", {result['speedup_vs_torch']:.2f}x PyTorch" if torch_ref else ", PyTorch not installed"
    )
    c_text = f", {result['per_sample_sgd']['speedup_vs_c']:.2f}x the C original" if c_ps else ""
    print(
        f"epoch of 60k (batch 64): engine {engine * scale:.2f} s = {result['speedup_vs_numpy']:.1f}x numpy{torch_text}, "
        f"{result['fraction_of_sgemm']:.0%} of sgemm ({gflops:.0f} GFLOP/s); per-sample SGD{c_text}, "
        f"{result['per_sample_sgd']['speedup_vs_numpy']:.0f}x numpy; draw-to-prediction {median:.2f} ms"
        + (
            f"; JIT cold {result['jit_seconds']['cold']:.1f} s, cached {result['jit_seconds']['warm']:.1f} s"
            if "jit_seconds" in result
            else ""
        )
    )
    return 0
