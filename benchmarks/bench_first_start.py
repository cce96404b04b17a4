"""How long a speaker waits on a first start (cold numba cache) and on later starts (warm).

    .venv/bin/python benchmarks/bench_first_start.py [--cold] [--json FILE]

Starts the real window in this process (Qt offscreen unless a platform is set) and clicks Train
(healthy preset) the moment the window is shown. With ``--cold`` numba's cache is an empty
temporary folder, as on a first launch; without it, the cache of earlier runs is used. Reports,
in seconds since the process started: the window shown and answering events ("usable"), the
first training progress, the training kernels ready (the run switches to them at the next
epoch) and every kernel compiled; also the process's CPU seconds until usable (steadier than
the wall time on a loaded machine) and its peak resident memory until every kernel was loaded
(the window's own; the compiler helper processes of a cold start are separate). Targets: cold — first progress ≤ 3 s, all kernels ≤ 15 s;
warm — usable ≤ 2 s.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()
CPU_STARTED = time.process_time()  # after the interpreter's own start-up, before any import

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="start with an empty numba cache")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="mugui-first-start-"))
    if args.cold:
        os.environ["NUMBA_CACHE_DIR"] = str(scratch / "numba")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings

    from mugui.gui.app import create_application
    from mugui.gui.main_window import MainWindow
    from mugui.training.events import Progress

    app = create_application(["mugui-first-start"])
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.show()
    app.processEvents()
    figures = {
        "cache": "cold" if args.cold else "warm",
        "usable_s": time.perf_counter() - STARTED,
        # CPU seconds of this process (every thread) until then: on a loaded machine far
        # steadier than the wall time, so before/after comparisons can use it
        "usable_cpu_s": time.process_time() - CPU_STARTED,
    }
    window.toolbar.train_button.click()
    first: list[float] = []
    window.worker.progress.connect(
        lambda batch: (
            first or first.append(time.perf_counter() - STARTED)
            if isinstance(batch[-1], Progress)
            else None
        )
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        app.processEvents()
        if "training_kernels_s" not in figures and window.warm_up_task.training_ready.is_set():
            figures["training_kernels_s"] = time.perf_counter() - STARTED
        if window.warm_up_task.all_ready:
            figures["all_kernels_s"] = time.perf_counter() - STARTED
            break
        time.sleep(0.005)
    while not first and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    figures["first_progress_s"] = first[0] if first else None
    figures["numpy_epochs_so_far"] = (
        window.worker.trainer.epochs_on_numpy if window.worker else None
    )
    figures["status"] = window.statusBar().currentMessage()
    # the window process's own peak (Linux reports KiB); the helpers' memory is not counted
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # whether mugui's own modules came from compiled bytecode (.pyc), as they do for an installed
    # app; a checkout run with PYTHONDONTWRITEBYTECODE=1 compiles them from source at every start
    figures["bytecode"] = os.path.exists(sys.modules["mugui.gui.main_window"].__cached__)
    # a window with a running thread hides and closes when it ends: wait for that, or the
    # interpreter exits under the running training thread and Qt aborts
    window.close()
    closing_deadline = time.monotonic() + 120
    while not window.closed and time.monotonic() < closing_deadline:
        app.processEvents()
        window.close()
        time.sleep(0.01)
    text = json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()})
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
