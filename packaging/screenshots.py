"""Screenshots of the real mugui window for the README, made without a display.

    .venv/bin/python packaging/screenshots.py [--out docs/screenshots]
    xvfb-run -s "-screen 0 1920x1080x24" .venv/bin/python packaging/screenshots.py   # under X

Without a display it uses Qt's offscreen platform with a virtual 1920×1080 screen. Each shot
drives the window as a user would (preset, Train, drawing on the canvas), waits for the moment
worth showing and grabs the whole window:

- ``training.png``: the healthy preset mid-training, with a drawn 7 being classified;
- ``learning_backwards.png``: the nn.c preset, test accuracy falling epoch after epoch;
- ``culprit_unticked.png``: nn.c with ``batch_image_index`` unticked mid-run: it recovers;
- ``presentation.png``: presentation mode (dark, larger fonts) at 1920×1080;
- ``sizes``: nn.c learning backwards beside a faded run without ``batch_image_index``, at
  ``window_1024x700.png``, ``window_1366x768.png``, ``window_1920x1080.png`` and in presentation
  mode, ``presentation_light_16x9.png`` (1920×1080) and ``presentation_dark_16x10.png``
  (1920×1200, a second offscreen screen).
- ``unlearning.png`` (1366×768, demo mode on): the Unlearning panel and the Forgetting tab after
  fine-tuning forgot every 5;
- ``verify.png`` (1366×768): the Verify tab after zeroing the 5's output unit, verified and raced;
- ``relearn_race.png``: the relearn race plot of that run, on its own;
- ``compare_canvas.png`` (1366×768): a drawn 5 read by the unlearned model, the trained one and the
  retrained reference side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

SCREEN = (1920, 1080)
SCREEN_16X10 = (1920, 1200)
SIZES = ((1024, 700), (1366, 768), (1920, 1080))
SIZES_EPOCHS = 12
SIZES_HIDDEN = 64
WINDOW = (1280, 800)
BACKWARDS_EPOCHS = 20
REPORT_SECONDS = 15.0
LAPTOP = (1366, 768)
SEVEN = [[(0.22, 0.2), (0.5, 0.17), (0.78, 0.18), (0.62, 0.45), (0.5, 0.66), (0.42, 0.85)],
         [(0.36, 0.5), (0.7, 0.49)]]  # fmt: skip
FIVE = [[(0.7, 0.18), (0.35, 0.18), (0.32, 0.48), (0.55, 0.42), (0.7, 0.55), (0.66, 0.78),
         (0.45, 0.86), (0.3, 0.8)]]  # fmt: skip


def use_offscreen_screen(folder: Path) -> None:
    """Unless a platform is chosen (e.g. xcb under xvfb-run), render offscreen on a big screen."""
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY"):
        return
    config = folder / "offscreen.json"
    screens, x = [], 0
    for number, (width, height) in enumerate((SCREEN, SCREEN_16X10)):
        screens.append({"name": f"stage{number}", "x": x, "y": 0, "width": width,
                        "height": height, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1})  # fmt: skip
        x += width
    config.write_text(json.dumps({"screens": screens}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--only", nargs="*", help="names of the shots to make (default: all)")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="mugui-shots-"))
    use_offscreen_screen(scratch)

    from PySide6.QtCore import QPoint, QSettings, Qt
    from PySide6.QtTest import QTest

    from mugui.gui.app import create_application
    from mugui.gui.main_window import MainWindow

    app = create_application(["mugui-screenshots"])

    def wait_until(condition, timeout: float = 3600.0) -> None:
        """Run the event loop until ``condition()``, saying every few seconds how training goes."""
        deadline = time.monotonic() + timeout
        next_report = time.monotonic() + REPORT_SECONDS
        while not condition():
            now = time.monotonic()
            if now > deadline:
                raise TimeoutError("the window did not reach the state to photograph")
            if now > next_report:
                next_report = now + REPORT_SECONDS
                for window in app.topLevelWidgets():
                    if isinstance(window, MainWindow) and window.isVisible():
                        status = window.training_status
                        print(f"  … {status.bar.format()}  {status.rate.text()}", flush=True)
            app.processEvents()
            time.sleep(0.01)

    def settle(seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def new_window(name: str) -> MainWindow:
        settings = QSettings(str(scratch / f"{name}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings)
        window.resize(*WINDOW)
        window.show()
        wait_until(lambda: not window.warm_up_task.is_running())
        settle()
        return window

    def draw(window: MainWindow, strokes) -> None:
        canvas = window.probe.canvas
        side = min(canvas.width(), canvas.height())
        left, top = (canvas.width() - side) // 2, (canvas.height() - side) // 2

        def point(x: float, y: float) -> QPoint:
            return QPoint(left + int(x * side), top + int(y * side))

        for stroke in strokes:
            QTest.mousePress(
                canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point(*stroke[0])
            )
            for (x0, y0), (x1, y1) in zip(stroke, stroke[1:], strict=False):
                for step in range(1, 9):
                    t = step / 8
                    QTest.mouseMove(canvas, point(x0 + t * (x1 - x0), y0 + t * (y1 - y0)))
            QTest.mouseRelease(
                canvas,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
                point(*stroke[-1]),
            )
        window.probe.predict_now()

    def save(window: MainWindow, name: str) -> None:
        settle(0.4)
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        print(f"wrote {path} ({window.width()}×{window.height()})", flush=True)

    def training(window: MainWindow) -> None:
        window.choose_preset("healthy")
        window.toolbar.train_button.click()
        draw(window, SEVEN)
        wait_until(lambda: window.curves.accuracy_points >= 6)
        window.probe.predict_now()
        save(window, "training")

    def learning_backwards(window: MainWindow) -> None:
        window.choose_preset("nnc")
        window.hyperparameters.epochs.setValue(BACKWARDS_EPOCHS)
        window.toolbar.train_button.click()
        wait_until(lambda: window.worker is None)
        draw(window, SEVEN)
        save(window, "learning_backwards")

    def culprit_unticked(window: MainWindow) -> None:
        window.choose_preset("nnc")
        window.hyperparameters.epochs.setValue(BACKWARDS_EPOCHS)
        window.toolbar.train_button.click()
        wait_until(lambda: window.curves.accuracy_points >= BACKWARDS_EPOCHS // 2)
        window.bug_panel.checks["batch_image_index"].click()
        wait_until(lambda: window.worker is None)
        draw(window, SEVEN)
        save(window, "culprit_unticked")

    def presentation(window: MainWindow) -> None:
        window.choose_preset("healthy")
        window.set_dark_theme(True)
        window.toggle_presentation(True)
        settle()
        window.toolbar.train_button.click()
        draw(window, SEVEN)
        wait_until(lambda: window.curves.accuracy_points >= 8)
        window.probe.predict_now()
        save(window, "presentation")
        window.toggle_presentation(False)
        window.set_dark_theme(False)

    def sizes(window: MainWindow) -> None:
        window.choose_preset("nnc")
        window.hyperparameters.hidden.setValue(SIZES_HIDDEN)
        window.hyperparameters.epochs.setValue(SIZES_EPOCHS)
        window.bug_panel.checks["batch_image_index"].click()
        window.toolbar.train_button.click()
        wait_until(lambda: window.worker is None)
        window.bug_panel.reset_to_preset()
        window.hyperparameters.hidden.setValue(SIZES_HIDDEN)
        window.hyperparameters.epochs.setValue(SIZES_EPOCHS)
        window.toolbar.train_button.click()
        wait_until(lambda: window.worker is None)
        draw(window, SEVEN)
        for width, height in SIZES:
            window.resize(width, height)
            save(window, f"window_{width}x{height}")
        for screen, theme, name in ((0, False, "light_16x9"), (1, True, "dark_16x10")):
            target = app.screens()[screen]
            window.move(target.geometry().topLeft() + QPoint(20, 20))
            window.windowHandle().setScreen(target)
            window.set_dark_theme(theme)
            window.toggle_presentation(True)
            settle()
            window.probe.predict_now()
            save(window, f"presentation_{name}")
            window.toggle_presentation(False)
        window.set_dark_theme(False)

    def unlearning(window: MainWindow) -> None:
        """Train, forget the 5s by fine-tuning (live view), then by zeroing their output unit:
        verify it and race it back against the retrained reference."""
        os.environ.setdefault("MUGUI_REFERENCE_CACHE", str(scratch / "references"))
        lab = window.lab
        window.resize(*LAPTOP)
        window.set_demo_mode(True)
        for name in ("data", "hyperparameters", "bugs"):
            window.sections[name].set_expanded(False)
        window.choose_preset("healthy")
        window.toolbar.train_button.click()
        wait_until(lambda: window.worker is None)
        lab.panel.method_form.set_method("finetune")
        lab.panel.method_form.set_param("epochs", 3)
        lab.run_demo_step(4)
        wait_until(lambda: not lab.busy)
        save(window, "unlearning")
        lab.panel.method_form.set_method("output_zero")
        lab.run_demo_step(4)
        wait_until(lambda: not lab.busy)
        lab.run_demo_step(5)
        wait_until(lambda: not lab.busy)
        lab.run_demo_step(6)
        wait_until(lambda: not lab.busy)
        save(window, "verify")
        lab.verify_view.race.grab().save(str(args.out / "relearn_race.png"))
        print(f"wrote {args.out / 'relearn_race.png'}", flush=True)
        trained = lab.timeline.snapshots[0].name
        lab.compare.choose(0, trained)
        lab.compare.choose(1, "retrained reference")
        draw(window, FIVE)
        save(window, "compare_canvas")

    shots = {
        "training": training,
        "learning_backwards": learning_backwards,
        "culprit_unticked": culprit_unticked,
        "presentation": presentation,
        "sizes": sizes,
        "unlearning": unlearning,
    }
    unknown = set(args.only or ()) - set(shots)
    if unknown:
        parser.error(f"unknown shots: {', '.join(sorted(unknown))}")
    args.out.mkdir(parents=True, exist_ok=True)
    for name, shot in shots.items():
        if args.only and name not in args.only:
            continue
        window = new_window(name)
        try:
            shot(window)
        finally:
            window.close()  # stops the training and waits for its thread
    return 0


if __name__ == "__main__":
    sys.exit(main())
