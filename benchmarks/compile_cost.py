"""What a first start's kernel compilation costs: CPU seconds and peak memory per part.

    .venv/bin/python benchmarks/compile_cost.py [--parts training rest cnn] [--json FILE]

Runs ``python -m mugui.training.kernel_compilation PART`` in a child process per part, each with
an empty numba cache, twice: with the kernels' LLVM options (``mugui_kernels.compiler_options``:
loop-strength reduction off) and with LLVM's defaults (the option switched back on in the child
before it compiles). CPU seconds (user + system, from the child's rusage) depend far less than
wall time on what else runs; on a quiet 2-core machine a first launch's two helpers take about
the larger helper's CPU seconds of wall time. Peak RSS is each child's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mugui.training.kernel_compilation import PARTS

CHILD = (
    "import sys, llvmlite.binding as llvm, mugui_kernels\n"
    "if sys.argv[1] == 'llvm-default':\n"
    "    llvm.set_option('compile_cost', '-disable-lsr=false')\n"
    "from mugui.training.kernel_compilation import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)


def compile_part(part: str, options: str) -> dict:
    """Compile one part in a fresh child with an empty cache; its CPU s, wall s and peak RSS."""
    with tempfile.TemporaryDirectory(prefix="mugui-compile-") as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, options, part], env=env, stdout=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(child.pid, 0)
        if status != 0:
            raise SystemExit(f"compiling {part} ({options}) failed (status {status})")
        return {
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "wall_s": round(time.perf_counter() - started, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", nargs="+", default=list(PARTS), choices=list(PARTS))
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    figures: dict = {"load_average_at_start": round(os.getloadavg()[0], 2)}
    for part in args.parts:
        for options in ("mugui", "llvm-default"):
            figures[f"{part} ({options})"] = result = compile_part(part, options)
            print(f"{part:9s} {options:13s} {result}", flush=True)
    figures["load_average_at_end"] = round(os.getloadavg()[0], 2)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
