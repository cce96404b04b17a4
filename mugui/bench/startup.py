"""Start-up costs: JIT compilation of the kernels, cold (empty cache) and warm (cached)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

WARM_UP = "from mugui.training.warmup import warm_up; print(warm_up())"


def jit_seconds(cache_dir: str) -> float:
    """Seconds of ``warm_up()`` in a fresh interpreter whose numba cache lives in ``cache_dir``."""
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir)
    out = subprocess.run(
        [sys.executable, "-c", WARM_UP], env=env, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def cold_and_warm_jit() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as cache:
        return jit_seconds(cache), jit_seconds(cache)
