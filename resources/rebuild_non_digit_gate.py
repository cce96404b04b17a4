"""Rebuild (or check) resources/non_digit_gate.npz: the shipped non-digit gate (mugui.shipped_gate).

Fits the ``STRONG`` recipe on the rows a *Healthy default* run on the bundled digits gives its
gate (its digits, its 4,000 non-digits and its held-out digits, ``typicality_sources``) plus
``POOL_COUNT`` non-digits of the training generator's seed ``POOL_SEED`` (drawn here, about
70 s; no run trains on them and the benchmark never draws them), keeps the weights as float16
and sets the threshold with them as kept. ``--check`` fits again and compares with the file.

    .venv/bin/python resources/rebuild_non_digit_gate.py [--check]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

from mugui.data.load import load_dataset
from mugui.drawing.outlier_drawings import outlier_drawings
from mugui.non_digit_gate import STRONG, NonDigitGate, fit_gate, thresholded
from mugui.non_digit_gate_memo import rows_digest
from mugui.presets import get_preset
from mugui.shipped_gate import POOL_COUNT, POOL_SEED, SHIPPED_FILE, shipped_arrays
from mugui.training.typicality_sources import typicality_sources
from mugui.typicality import gate_rows

TARGET = Path(__file__).resolve().parent / SHIPPED_FILE


def build() -> dict[str, np.ndarray]:
    """The shipped file's arrays, fitted afresh."""
    sources = typicality_sources(load_dataset("bundled"), get_preset("healthy").config)
    rows = gate_rows(sources)
    assert rows is not None, "the Healthy default trains with non-digits"
    digits, non_digits, held = rows
    started = time.perf_counter()
    pool = outlier_drawings(POOL_COUNT, seed=POOL_SEED)
    print(
        f"drew {POOL_COUNT} non-digits of seed {POOL_SEED} in {time.perf_counter() - started:.1f} s"
    )
    started = time.process_time()
    gate = fit_gate(digits, np.concatenate([non_digits, pool]), held, STRONG)
    assert gate is not None
    print(f"fitted in {time.process_time() - started:.1f} CPU s (load {os.getloadavg()[0]:.1f})")
    kept = shipped_arrays(gate, "")
    rounded = NonDigitGate(
        *(kept[key].astype(np.float32) for key in ("hidden_weights", "hidden_bias", "out_weights")),
        gate.out_bias,
        0.0,
    )
    final = thresholded(rounded, held, STRONG.quantile)
    assert final is not None
    return shipped_arrays(final, rows_digest(digits, non_digits, held))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args()
    arrays = build()
    if args.check:
        with np.load(TARGET, allow_pickle=False) as npz:
            same = set(npz.files) == set(arrays) and all(
                np.array_equal(npz[key], value) for key, value in arrays.items()
            )
        print("identical" if same else "DIFFERENT")
        return 0 if same else 1
    np.savez_compressed(TARGET, **arrays)
    print(f"wrote {TARGET} ({TARGET.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
