"""`mugui --self-test`: prove an installed mugui works, offscreen, in a few seconds, one line per step.

It compiles (or loads) the kernels, trains one short epoch on the bundled digits, unlearns a digit,
predicts a drawn digit, draws the main window offscreen and says how many kernels it compiled,
so a packaged build can be checked where it was unpacked (the second run must compile nothing).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable

import numpy as np

from mugui import __version__

FORGET_DIGIT = 3
DRAWN_DIGIT = 7
UNLEARN_METHOD = "gradient_ascent"


class SelfTestFailure(Exception):
    """A step produced a result that a working install cannot produce."""


def kernel_dispatchers() -> list:
    """Every numba dispatcher of the imported kernel modules."""
    from numba.core.dispatcher import Dispatcher

    found = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("mugui_kernels") and module is not None:
            for value in vars(module).values():
                if isinstance(value, Dispatcher):
                    found[id(value)] = value
    return list(found.values())


def kernel_counts() -> tuple[int, int]:
    """(signatures loaded from the cache, signatures compiled) over every kernel so far."""
    loaded = compiled = 0
    for dispatcher in kernel_dispatchers():
        loaded += sum(dispatcher.stats.cache_hits.values())
        compiled += sum(dispatcher.stats.cache_misses.values())
    return loaded, compiled


def step_kernels() -> str:
    from mugui.training.cnn_warmup import warm_up_cnn
    from mugui.training.warmup import warm_up

    # the CNN's too, so a packaged build ships them (its build runs this once to fill the cache)
    seconds = warm_up() + warm_up_cnn()
    loaded, compiled = kernel_counts()
    return f"{loaded} kernel signatures loaded from the cache, {compiled} compiled, {seconds:.1f} s"


def step_train(state: dict) -> str:
    from mugui.data.bundled import load_bundled
    from mugui.evaluation import evaluate
    from mugui.training.config import TrainConfig
    from mugui.training.trainer import train

    dataset = load_bundled()
    model, _ = train(dataset, TrainConfig(epochs=1, hidden=64))
    accuracy = evaluate(model, dataset.test_x, dataset.test_y).accuracy
    if accuracy < 0.8:
        raise SelfTestFailure(f"one epoch reached only {accuracy:.3f} test accuracy")
    state.update(dataset=dataset, model=model)
    return f"one epoch on {dataset.n_train} bundled digits: test accuracy {accuracy:.3f}"


def step_unlearn(state: dict) -> str:
    from mugui.training.config import TrainConfig
    from mugui.unlearning.forget_set import forget_class
    from mugui.unlearning.registry import UnlearnRequest, run_method

    dataset, model = state["dataset"], state["model"]
    forget = forget_class(dataset, FORGET_DIGIT)
    request = UnlearnRequest(model, dataset, forget, {}, TrainConfig(epochs=1, hidden=64))
    unlearned = run_method(UNLEARN_METHOD, request).model

    def accuracy(on: Callable, indices: np.ndarray) -> float:
        return float((on(dataset.train_x[indices]).argmax(1) == dataset.train_y[indices]).mean())

    before = accuracy(model.predict_proba, forget.indices)
    after = accuracy(unlearned.predict_proba, forget.indices)
    if after >= before:
        raise SelfTestFailure(f"{UNLEARN_METHOD} left digit {FORGET_DIGIT} at {after:.3f}")
    state["unlearned"] = unlearned
    return f"{UNLEARN_METHOD} forgot digit {FORGET_DIGIT}: its accuracy {before:.3f} -> {after:.3f}"


def step_predict(state: dict) -> str:
    from mugui.drawing.preprocess import to_model_input
    from mugui.drawing.strokes import drawn_digit

    image = to_model_input(drawn_digit(DRAWN_DIGIT)).reshape(1, -1)
    probabilities = state["unlearned"].predict_proba(image)[0]
    digit = int(np.argmax(probabilities))
    if digit != DRAWN_DIGIT:
        raise SelfTestFailure(f"a drawn {DRAWN_DIGIT} was read as {digit}")
    return f"a drawn {DRAWN_DIGIT} is read as {digit} (p = {probabilities[digit]:.2f})"


def step_window() -> str:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings

    from mugui.gui.app import create_application
    from mugui.gui.main_window import MainWindow

    app = create_application(["mugui"])
    with tempfile.TemporaryDirectory(prefix="mugui-self-test-") as folder:
        settings = QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings)
        window.show()
        app.processEvents()
        picture = window.grab()
        window.close()
        app.processEvents()
    if picture.isNull() or app.windowIcon().isNull():
        raise SelfTestFailure("the main window or its icon could not be drawn")
    return f"main window drawn offscreen ({picture.width()}x{picture.height()}), icon set"


def run_self_test() -> int:
    """Run every step, printing one line each; 0 when all pass, 1 at the first failure."""
    started = time.perf_counter()
    state: dict = {}
    steps = (
        ("kernels", step_kernels),
        ("train", lambda: step_train(state)),
        ("unlearn", lambda: step_unlearn(state)),
        ("predict", lambda: step_predict(state)),
        ("window", step_window),
    )
    print(f"mugui {__version__} self-test", flush=True)
    for name, step in steps:
        step_started = time.perf_counter()
        try:
            line = step()
        except Exception as exc:  # noqa: BLE001 - the self-test reports any failure in one line
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
            return 1
        print(f"ok   {name}: {line} [{time.perf_counter() - step_started:.1f} s]", flush=True)
    loaded, compiled = kernel_counts()
    print(
        f"passed in {time.perf_counter() - started:.1f} s; "
        f"kernels: {loaded} loaded from the cache, {compiled} compiled",
        flush=True,
    )
    return 0
