"""The long fault matrix: what the quick tests sample, run many times. Prints one line per cell.

    python benchmarks/fault_matrix.py                 # everything, default counts
    python benchmarks/fault_matrix.py --only kill     # one row: fuzz, kill, full, settings, gui

fuzz      every reader fuzzed with hypothesis, --examples per reader (tests/test_fuzz_readers.py)
kill      kill -9 at random moments during model, experiment, metrics and CSV saves (--kills each):
          the file is always absent, the old one or the new one, and always loads
full      every kind of save with the file size limited (a full disk): a one-line error, old file kept
settings  --settings random settings files (garbage bytes, wrong types): the window always starts
gui       button spam (Train x20, Pause x300, Stop) and closing during training and data loading
Exit code 1 when any cell finds a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
SAVER = r"""
import json, sys, numpy as np
from mugui.model import Model
from mugui.model_file import save_model
from mugui.experiment import Experiment, save_experiment
from mugui.metrics_json import write_metrics
from mugui.atomic_write import write_atomically
from mugui.training.config import TrainConfig
kind, path = sys.argv[1], sys.argv[2]
model = Model.init((784, 256, 10), seed=0)
print("ready", flush=True)
for i in range(100000):
    if kind == "model":
        save_model(model, path, {"history": {"epochs": list(range(2000))}})
    elif kind == "experiment":
        save_experiment(path, Experiment(model, TrainConfig(), "bundled",
                        np.zeros((500, 784), np.uint8), np.zeros(500, np.uint8)))
    elif kind == "metrics":
        write_metrics(path, {"i": i, "values": list(range(50000))})
    else:
        write_atomically(path, lambda h: h.write(("a,b\n" * 100000).encode()))
"""
KINDS = ("model", "experiment", "metrics", "csv")


def check_file(kind: str, path: Path) -> str:
    """'' when ``path`` is absent or a whole file of ``kind``; else what is wrong."""
    if not path.exists():
        return ""
    try:
        if kind == "model":
            from mugui.model_file import load_model

            load_model(path)
        elif kind == "experiment":
            from mugui.experiment import load_experiment

            load_experiment(path)
        elif kind == "metrics":
            json.loads(path.read_text())
        elif path.read_bytes() != ("a,b\n" * 100000).encode():
            return "CSV content differs"
    except Exception as exc:  # noqa: BLE001 - any failure to read back is the finding
        return f"{type(exc).__name__}: {exc}"
    return ""


def cell_kill(kills: int) -> bool:
    ok = True
    for kind in KINDS:
        damaged, leftovers = 0, 0
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"target.{kind}"
            for _ in range(kills):
                child = subprocess.Popen(
                    [sys.executable, "-c", SAVER, kind, str(path)],
                    stdout=subprocess.PIPE,
                    cwd=ROOT,
                )
                child.stdout.readline()
                time.sleep(random.uniform(0.0, 0.4))
                child.send_signal(signal.SIGKILL)
                child.wait()
                problem = check_file(kind, path)
                damaged += bool(problem)
                leftovers = len(list(Path(folder).glob(".*.tmp")))
        ok &= damaged == 0
        print(
            f"kill -9 x{kills} during {kind} saves: {damaged} damaged files; "
            f"{leftovers} temporary files left (removed by the next save after 60 s)"
        )
    return ok


def cell_full() -> bool:
    from mugui.errors import MuguiError

    ok = True
    for kind in KINDS:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"target.{kind}"
            script = SAVER.replace("for i in range(100000):", "for i in range(1):")
            subprocess.run([sys.executable, "-c", script, kind, str(path)], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
            before = path.read_bytes()
            code = (
                "import resource, signal, sys\n"
                "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
                "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
                + script.replace("import json, sys", "import json")
            )
            run = subprocess.run(
                [sys.executable, "-c", code, kind, str(path)], cwd=ROOT, capture_output=True,
                text=True,
            )  # fmt: skip
            one_line = MuguiError.__name__ in run.stderr and "File too large" in run.stderr
            kept = path.read_bytes() == before
            ok &= kept and one_line
            print(
                f"full disk during a {kind} save: error names the cause {one_line}, old file kept {kept}"
            )
    return ok


def cell_settings(count: int) -> bool:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from mugui.gui import MainWindow

    app = QApplication.instance() or QApplication([])
    keys = ["training/config", "training/preset", "probe/brush", "probe/abstain", "view/dark",
            "window/geometry", "window/columns", "sections/data"]  # fmt: skip
    values = ["[]", "{}", "nan", "-1", "1e308", "99999999999999999999", '{"seed": -5}',
              '{"lr": "x"}', "@ByteArray(\\0\\1)", "true", ""]  # fmt: skip
    failures = 0
    for i in range(count):
        with tempfile.TemporaryDirectory() as folder:
            QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
            settings = QSettings(os.path.join(folder, "s.ini"), QSettings.Format.IniFormat)
            for key in random.sample(keys, random.randint(1, len(keys))):
                settings.setValue(key, random.choice(values))
            if i % 3 == 0:
                settings.setValue("training/config", os.urandom(40).decode("latin-1"))
            settings.sync()
            try:
                window = MainWindow(settings=settings, warm_up_kernels=False)
                window.current_config().validate()
                window.deleteLater()
                app.processEvents()
            except Exception as exc:  # noqa: BLE001
                failures += 1
                print(f"  settings file {i}: {type(exc).__name__}: {exc}")
    print(f"{count} random settings files: {failures} stopped the window")
    return failures == 0


def cell_gui() -> bool:
    from PySide6.QtWidgets import QApplication

    from mugui.gui import MainWindow

    app = QApplication.instance() or QApplication([])

    def settle(window, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.005)

    window = MainWindow(warm_up_kernels=False)
    window.hyperparameters.hidden.setValue(32)
    window.hyperparameters.epochs.setValue(3)
    for _ in range(20):
        window.toolbar.train_button.click()
    for _ in range(300):
        window.toggle_pause()
    window.stop_training()
    settle(window, 2.0)
    spam_ok = window.worker is None
    print(f"Train x20, Pause x300, Stop: back to idle {spam_ok}")
    results = {"spam": spam_ok}
    for what in ("training", "loading"):
        window = MainWindow(warm_up_kernels=False)
        window.show()
        if what == "training":
            window.hyperparameters.epochs.setValue(50)
            window.start_training()
            settle(window, 1.0)
        else:
            window.files.open_data(str(Path("/usr/share/datasets/fashion-mnist")))
        asked = time.perf_counter()
        window.close()
        took = time.perf_counter() - asked
        settle(window, 0.2)
        deadline = time.perf_counter() + 60
        while not window.closed and time.perf_counter() < deadline:
            settle(window, 0.05)
        results[what] = window.closed and took < 1.5
        print(f"close during {what}: returned in {took:.2f} s, closed {window.closed}")
    return all(results.values())


def cell_fuzz(examples: int) -> bool:
    env = dict(os.environ, MUGUI_FUZZ_EXAMPLES=str(examples))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "tests/test_fuzz_readers.py",
         "-W", "ignore"], cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    print(f"fuzz, {examples} examples per reader: {run.stdout.strip().splitlines()[-1]}")
    return run.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("fuzz", "kill", "full", "settings", "gui"))
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=25)
    parser.add_argument("--settings", type=int, default=100)
    args = parser.parse_args(argv)
    cells = {
        "fuzz": lambda: cell_fuzz(args.examples),
        "kill": lambda: cell_kill(args.kills),
        "full": cell_full,
        "settings": lambda: cell_settings(args.settings),
        "gui": cell_gui,
    }
    ok = True
    for name, cell in cells.items():
        if args.only in (None, name):
            ok &= cell()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
