"""Milliseconds to turn a 280×280 drawing into the model's 28×28 input (the GUI does it per stroke).

.venv/bin/python benchmarks/bench_preprocess.py [--repeat 2000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from mugui.drawing.preprocess import to_model_input
from mugui.drawing.strokes import VARIANTS, user_drawings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000, help="canvases timed per variant")
    args = parser.parse_args()
    drawings = list(user_drawings(per_variant=2, seed=0))
    started = time.perf_counter()
    to_model_input(drawings[0][2])
    print(
        f"first call (numba kernel load or compile): {(time.perf_counter() - started) * 1e3:.0f} ms"
    )
    for variant in VARIANTS:
        canvases = [canvas for name, _, canvas in drawings if name == variant]
        times = np.empty(args.repeat)
        for i in range(args.repeat):
            started = time.perf_counter()
            to_model_input(canvases[i % len(canvases)])
            times[i] = time.perf_counter() - started
        print(
            f"{variant:7s} median {np.median(times) * 1e3:.2f} ms  p95 {np.percentile(times, 95) * 1e3:.2f} ms"
        )
    blank = np.zeros((280, 280), np.float32)
    started = time.perf_counter()
    for _ in range(args.repeat):
        to_model_input(blank)
    print(f"blank   mean {(time.perf_counter() - started) / args.repeat * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
