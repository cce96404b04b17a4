"""Rebuild (or check) resources/outlier_drawings.npz: the first non-digit training drawings of seed 0.

The file only saves drawing time: ``mugui.drawing.outlier_drawings`` draws the same images
itself when the file is missing. ``--check`` draws them afresh and compares.

    .venv/bin/python resources/rebuild_outlier_drawings.py [--count 4000] [--check]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from mugui.drawing.outlier_drawings import SHIPPED_COUNT, SHIPPED_FILE, SHIPPED_SEED, generate

TARGET = Path(__file__).resolve().parent / SHIPPED_FILE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=SHIPPED_COUNT)
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args()
    started = time.perf_counter()
    images = generate(args.count, SHIPPED_SEED)
    print(f"drew {args.count} outlier drawings in {time.perf_counter() - started:.1f} s")
    if args.check:
        with np.load(TARGET, allow_pickle=False) as npz:
            same = np.array_equal(npz["images"], images)
        print("identical" if same else "DIFFERENT")
        return 0 if same else 1
    np.savez_compressed(TARGET, images=images)
    print(f"wrote {TARGET} ({TARGET.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
