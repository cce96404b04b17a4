"""Where a first start's compile time goes: numba's frontend against LLVM's stages, per helper.

    .venv/bin/python benchmarks/compile_buckets.py [--serial] [--top 12] [--json FILE]

Starts the first start's two helper processes (``kernel_compilation.HELPERS``) side by side on
one empty numba cache, as the window does (``--serial``: one after the other, the second then
loads what the first compiled). Each helper times, in CPU seconds of its own process, every
function numba compiles (exclusive of the functions compiled inside it) and splits it into:

- ``frontend``: numba's own Python work (bytecode, type inference, lowering to LLVM IR, the
  CPython wrapper, saving to the cache);
- ``function_passes``: LLVM's per-function optimisation of each new module, before linking;
- ``module_passes``: LLVM's optimisation of the final module, after every callee's module is
  linked into it (``CPUCodeLibrary._optimize_final_module``): a callee that is not inlined is
  optimised again in every function that links it;
- ``machine_code``: turning the final module into machine code (MCJIT's ``finalize_object``);
- ``parse_link``: parsing numba's IR text, linking, verifying.

``outside`` is the rest of the process's CPU time (imports, the warm-up's own Python, cache
look-ups). The timers wrap methods of ``numba.core.codegen`` that are internal to numba: on a
numba without them the helpers still run and only the totals are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BUCKETS = ("frontend", "function_passes", "module_passes", "machine_code", "parse_link")
# numba.core.codegen methods -> the bucket their CPU time goes to (``add_ir_module`` and
# ``finalize`` contain the first two; what is left of them is parsing and linking)
TIMED = {
    ("CPUCodeLibrary", "_optimize_functions"): "function_passes",
    ("CPUCodeLibrary", "_optimize_final_module"): "module_passes",
    ("JITCodeLibrary", "_finalize_specific"): "machine_code",
    ("CPUCodeLibrary", "add_ir_module"): "llvm_total",
    ("CPUCodeLibrary", "finalize"): "llvm_total",
}


def _child(out: Path, parts: list[str]) -> int:
    """Run ``parts`` in this process with the timers on; write the figures to ``out``."""
    from numba.core import codegen, event

    clock = time.process_time
    stack: list[dict] = []  # the compiles in progress, innermost last
    compiled: list[dict] = []
    timed = True

    def timer(method, bucket):
        def timed_method(self, *args, **kwargs):
            started = clock()
            try:
                return method(self, *args, **kwargs)
            finally:
                if stack:
                    stack[-1][bucket] += clock() - started

        return timed_method

    for (cls_name, name), bucket in TIMED.items():
        cls = getattr(codegen, cls_name, None)
        if cls is None or not callable(getattr(cls, name, None)):
            timed = False
            continue
        setattr(cls, name, timer(getattr(cls, name), bucket))

    class Compiles(event.Listener):
        def on_start(self, ev):
            func = ev.data["dispatcher"].py_func
            name = f"{func.__module__}.{func.__qualname__}"
            stack.append(defaultdict(float, name=name, started=clock(), inner=0.0))

        def on_end(self, ev):
            entry = stack.pop()
            seconds = clock() - entry["started"]
            if stack:
                stack[-1]["inner"] += seconds
            own = seconds - entry["inner"]
            llvm = entry["llvm_total"]
            staged = entry["function_passes"] + entry["module_passes"] + entry["machine_code"]
            compiled.append(
                {
                    "name": entry["name"],
                    "depth": len(stack),
                    "cpu_s": own,
                    "frontend": own - llvm,
                    "function_passes": entry["function_passes"],
                    "module_passes": entry["module_passes"],
                    "machine_code": entry["machine_code"],
                    "parse_link": llvm - staged,
                }
            )

    event.register("numba:compile", Compiles())
    from mugui.training.kernel_compilation import run_part

    part_seconds = {}
    for part in parts:
        started = clock()
        run_part(part)
        part_seconds[part] = round(clock() - started, 2)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    total = usage.ru_utime + usage.ru_stime
    buckets = {b: sum(c[b] for c in compiled) for b in BUCKETS} if timed else {}
    figures = {
        "parts": parts,
        "cpu_s": round(total, 1),
        "part_cpu_s": part_seconds,
        "compiles": len(compiled),
        "timed": timed,
        "buckets": {b: round(s, 1) for b, s in buckets.items()},
        "outside": round(total - sum(c["cpu_s"] for c in compiled), 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024),
        "functions": sorted(compiled, key=lambda c: -c["cpu_s"]),
    }
    out.write_text(json.dumps(figures))
    return 0


def _run_helpers(helpers: tuple[tuple[str, ...], ...], serial: bool) -> list[dict]:
    """Each helper in a child process on one empty cache; their figures."""
    with tempfile.TemporaryDirectory(prefix="mugui-buckets-") as scratch:
        env = dict(os.environ, NUMBA_CACHE_DIR=os.path.join(scratch, "cache"))
        outs = [Path(scratch, f"helper{k}.json") for k in range(len(helpers))]
        children = []
        for out, parts in zip(outs, helpers, strict=True):
            command = [sys.executable, __file__, "--child", str(out), *parts]
            children.append(subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL))
            if serial:
                children[-1].wait()
        for child in children:
            if child.wait() != 0:
                raise SystemExit(f"a helper failed (status {child.returncode})")
        return [json.loads(out.read_text()) for out in outs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serial", action="store_true", help="one helper after the other")
    parser.add_argument("--top", type=int, default=12, help="the costliest functions to list")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(Path(args.child[0]), args.child[1:])
    from mugui.training.kernel_compilation import HELPERS

    load = round(os.getloadavg()[0], 2)
    started = time.perf_counter()
    helpers = _run_helpers(HELPERS, args.serial)
    report = {
        "load_average": [load, round(os.getloadavg()[0], 2)],
        "wall_s": round(time.perf_counter() - started, 1),
        "serial": args.serial,
        "helpers": helpers,
    }
    for helper in helpers:
        print(
            f"[{' '.join(helper['parts'])}] {helper['cpu_s']} CPU s, {helper['compiles']} "
            f"functions compiled, outside compiles {helper['outside']}: {helper['buckets']}"
        )
        for row in helper["functions"][: args.top]:
            stages = " ".join(f"{b} {row[b]:.2f}" for b in BUCKETS)
            print(f"    {row['cpu_s']:5.2f}  {row['name']} (depth {row['depth']}): {stages}")
    print(f"wall {report['wall_s']} s, load average {load} -> {report['load_average'][1]}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
