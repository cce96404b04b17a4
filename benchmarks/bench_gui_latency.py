"""GUI responsiveness while training: event-loop lateness and draw-to-prediction latency.

    .venv/bin/python benchmarks/bench_gui_latency.py [--seconds 10] [--json FILE]

1. Event-loop latency: a QTimer asks to fire every 10 ms; each firing records how late it came
   (actual interval minus 10 ms). Measured with the window idle, then while the healthy preset
   trains in the worker thread. Target: p99 ≤ 30 ms while training.
2. Draw-to-prediction latency: a mouse move on the canvas, through painting the stroke, the
   engine's preprocessing, the model's prediction and the probability bars, timed from sending
   the event until the prediction is shown (moves are spaced past the throttle so each one
   predicts). Measured idle and while training. Target: ≤ 5 ms.

Runs on Qt's offscreen platform unless a platform is set.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PROBE_MS = 10


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    values = np.asarray(samples_ms, dtype=np.float64)
    return {
        "n": int(values.size),
        "p50_ms": float(np.percentile(values, 50)),
        "p99_ms": float(np.percentile(values, 99)),
        "max_ms": float(values.max()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each measurement")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QPoint, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest

    from mugui.gui.app import create_application
    from mugui.gui.main_window import MainWindow
    from mugui.gui.training_toolbar import RunState

    app = create_application(["mugui-bench"])
    scratch = Path(tempfile.mkdtemp(prefix="mugui-bench-"))
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(1280, 800)
    window.show()

    def spin(seconds: float, until=None) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end and not (until and until()):
            app.processEvents()
            time.sleep(0.001)

    spin(600, until=lambda: not window.warm_up_task.is_running())

    def event_loop_lateness(seconds: float) -> list[float]:
        lateness: list[float] = []
        clock = QElapsedTimer()
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(PROBE_MS)

        def fired() -> None:
            lateness.append(max(0.0, clock.nsecsElapsed() / 1e6 - PROBE_MS))
            clock.restart()

        timer.timeout.connect(fired)
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        clock.start()
        timer.start()
        loop.exec()
        timer.stop()
        return lateness

    def draw_latency(count: int) -> list[float]:
        canvas = window.probe.canvas
        window.probe.clear()
        side = min(canvas.width(), canvas.height())
        x0, y0 = (canvas.width() - side) // 2, (canvas.height() - side) // 2
        latencies: list[float] = []
        QTest.mousePress(
            canvas,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            QPoint(x0 + side // 2, y0 + side // 5),
        )
        for i in range(count):
            spin(0.02)  # past the 15 ms throttle, so this move predicts at once
            angle = i / count * 2 * np.pi
            point = QPoint(
                x0 + int(side * (0.5 + 0.3 * np.sin(angle))),
                y0 + int(side * (0.5 - 0.3 * np.cos(angle))),
            )
            started = time.perf_counter()
            QTest.mouseMove(canvas, point)
            latencies.append((time.perf_counter() - started) * 1000)
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        return latencies

    results: dict[str, dict] = {}
    results["event_loop_idle"] = percentiles(event_loop_lateness(min(args.seconds, 3.0)))
    window.choose_preset("healthy")
    window.hyperparameters.epochs.setValue(1000)
    window.start_training()
    spin(60, until=lambda: window.curves.loss_points > 0)
    results["event_loop_training"] = percentiles(event_loop_lateness(args.seconds))
    results["draw_to_prediction_training"] = percentiles(draw_latency(200))
    rate = window.training_status.rate.text()
    window.stop_training()
    spin(10, until=lambda: window.run_state is RunState.IDLE)
    results["draw_to_prediction_idle"] = percentiles(draw_latency(200))
    window.close()

    print(
        f"GUI latency ({os.environ['QT_QPA_PLATFORM']}, {os.cpu_count()} cores; training: {rate})"
    )
    for name, figures in results.items():
        print(
            f"  {name:28s} p50 {figures['p50_ms']:6.2f} ms   p99 {figures['p99_ms']:6.2f} ms"
            f"   max {figures['max_ms']:6.2f} ms   (n={figures['n']})"
        )
    loop_ok = results["event_loop_training"]["p99_ms"] <= 30.0
    draw_ok = results["draw_to_prediction_idle"]["p50_ms"] <= 5.0
    print(
        f"  targets: event loop p99 ≤ 30 ms while training: {'met' if loop_ok else 'MISSED'}; "
        f"draw-to-prediction ≤ 5 ms: {'met' if draw_ok else 'MISSED'}"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
