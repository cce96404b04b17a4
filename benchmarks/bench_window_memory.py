"""The window's memory through a session: start → default run → its typicality check → a forget
and its Verify → idle.

    .venv/bin/python benchmarks/bench_window_memory.py [--cold] [--idle SECONDS] [--json FILE]

Starts the real window in this process (Qt offscreen unless a platform is set), clicks Train
(healthy preset) once the window is shown, waits for the run to end and for the model's
typicality check (fitted at the run's end on the kernels, or afterwards when the run ended on
the numpy stand-ins of a first start), then forgets the digit 5 with the panel's default method
(the demo's step 4) and presses Verify, and stays idle ``--idle`` seconds. With ``--cold`` numba's cache is an empty
temporary folder, as on a first launch (the helper processes compile the kernels; those that no
helper compiles are compiled in the window when first used). The window process's resident
memory (``/proc/self/status``: VmRSS now, VmHWM its peak so far) is read every 50 ms;
reported at each step, in MB, with the seconds since the start. Target (README, Performance):
the peak ≤ 400 MB.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

TIMEOUT_S = 900.0


def memory_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB (Linux; kB in the file)."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


class Recorder:
    """Runs the event loop until a condition holds, reading the memory as it goes."""

    def __init__(self, app):
        self.app = app
        self.steps: list[dict] = []
        self.trace: list[tuple[float, float]] = []  # (s, VmRSS MB) about every second
        self.highest_rss = 0.0

    def spin(self, until, what: str) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not until():
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {TIMEOUT_S:.0f} s for {what}")
            self.app.processEvents()
            time.sleep(0.05)
            rss = memory_mb()[0]
            self.highest_rss = max(self.highest_rss, rss)
            now = time.perf_counter() - STARTED
            if not self.trace or now - self.trace[-1][0] >= 1.0:
                self.trace.append((now, rss))
        self.mark(what)

    def idle(self, seconds: float, what: str) -> None:
        end = time.monotonic() + seconds
        self.spin(lambda: time.monotonic() >= end, what)

    def mark(self, what: str) -> None:
        rss, hwm = memory_mb()
        step = {"step": what, "s": time.perf_counter() - STARTED, "rss_mb": rss, "peak_mb": hwm}
        self.steps.append(step)
        print(
            f"{step['s']:7.1f} s  rss {rss:6.1f} MB  peak {hwm:6.1f} MB  {what}",
            file=sys.stderr,
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="start with an empty numba cache")
    parser.add_argument("--idle", type=float, default=40.0, help="seconds idle at the end")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="mugui-window-memory-"))
    if args.cold:
        os.environ["NUMBA_CACHE_DIR"] = str(scratch / "numba")
    os.environ["MUGUI_REFERENCE_CACHE"] = str(scratch / "references")  # Verify retrains
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings

    from mugui.gui.app import create_application
    from mugui.gui.lab_demo import DEMO_DIGIT
    from mugui.gui.main_window import MainWindow
    from mugui.typicality import typicality_of

    app = create_application(["mugui-window-memory"])
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.show()
    app.processEvents()
    recorder = Recorder(app)
    recorder.mark("window shown")
    window.toolbar.train_button.click()
    recorder.spin(lambda: window.worker is None, "run ended")
    recorder.spin(lambda: typicality_of(window.model) is not None, "typicality check fitted")
    recorder.spin(lambda: window.warm_up_task.all_ready, "every kernel loaded")
    ended: list[str] = []
    window.lab.run_finished.connect(ended.append)
    picker = window.lab.panel.picker  # the demo's step 4: forget the digit 5
    picker.set_mode("class")
    picker.set_digits([DEMO_DIGIT])
    window.lab.forget()
    if not window.lab.busy:
        raise RuntimeError(f"Forget did not start: {window.statusBar().currentMessage()}")
    recorder.spin(lambda: "unlearn" in ended, "forget ended")
    window.lab.verify()
    recorder.spin(lambda: "verify" in ended, "verify ended")
    recorder.idle(args.idle, f"idle {args.idle:.0f} s")
    errors = window.lab.last_error
    figures = {
        "cache": "cold" if args.cold else "warm",
        "peak_rss_mb": memory_mb()[1],
        "highest_rss_sampled_mb": recorder.highest_rss,
        "forgot": window.lab.outcome.forget.description if window.lab.outcome else None,
        "error": None if errors is None else str(errors),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
        "steps": recorder.steps,
        "trace": recorder.trace,
    }
    window.close()
    text = json.dumps(figures)
    text = json.dumps(json.loads(text, parse_float=lambda v: round(float(v), 1)))  # 0.1 MB, s
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
