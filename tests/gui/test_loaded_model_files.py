"""Model files loaded into the window: their history, however damaged, and the exports after."""

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from mugui.gui.typicality_catch_up import DAMAGED_REFIT_TEXT, DAMAGED_TEXT, FITTED_LOADED_TEXT
from mugui.gui.window_files import UNREADABLE_HISTORY_TEXT
from mugui.typicality import typicality_of
from tests.gui.conftest import TRAIN_TIMEOUT, train_small


@pytest.fixture
def saved(qtbot, lab_window, tmp_path):
    """A window that trained two epochs and saved its model (with its history) to a file."""
    window = lab_window
    train_small(qtbot, window, epochs=2)
    path = tmp_path / "model.npz"
    window.files.save_model_to(path)
    return window, path


def with_history(path, out, change):
    """A copy of the model file at ``path`` with its metadata's history changed by ``change``."""
    arrays = dict(np.load(path, allow_pickle=False))
    meta = json.loads(str(arrays["metadata"]))
    change(meta["history"])
    arrays["metadata"] = np.array(json.dumps(meta))
    np.savez(out, **arrays)
    return out


def test_metrics_of_a_loaded_model_export_as_csv(saved, tmp_path):
    """A file written by ``mugui train --out`` keeps no per-epoch seconds (its history is the
    reproducible one): the CSV export of it raised KeyError 'seconds'."""
    window, path = saved
    cli_like = with_history(
        path, tmp_path / "cli.npz", lambda h: [e.pop("seconds") for e in h["epochs"]]
    )
    window.files.load_model_from(cli_like)
    window.files.export_metrics(tmp_path / "loaded.csv", "csv")
    lines = (tmp_path / "loaded.csv").read_text().splitlines()
    assert len(lines) == 3 and lines[1].startswith("1,")


@pytest.mark.parametrize(
    "change",
    [
        lambda h: h.update(seconds="abc"),
        lambda h: h.update(epochs=[1, 2]),
        lambda h: h["epochs"][0].update(loss=None),
        lambda h: h.update(bug_changes=[{"epoch": 1, "bugs": "no_shuffle"}]),
    ],
    ids=["seconds-text", "epochs-not-dicts", "loss-missing", "bugs-not-a-list"],
)
def test_a_damaged_history_loads_the_model_without_it_and_says_so(saved, tmp_path, change):
    """ValueError / AttributeError / TypeError came out of File → Load model (an "Unexpected
    error" dialog with a traceback) after the panels had taken the file's settings."""
    window, path = saved
    damaged = with_history(path, tmp_path / "damaged.npz", change)
    window.files.run_or_show_error(window.files.load_model_from, damaged)
    assert window.findChild(QMessageBox, "errorDialog") is None
    assert window.windowTitle().startswith("damaged.npz")
    assert window.history is None
    assert window.statusBar().currentMessage() == UNREADABLE_HISTORY_TEXT.format(name="damaged.npz")


def _narrower_check(arrays):
    """The check's arrays one feature narrower than the hidden layer, consistent with each other
    (what loaded and then crashed the first drawing with a broadcasting ValueError)."""
    for name in ("0_means", "0_spread_means", "0_spread_directions", "prototypes"):
        arrays[f"typicality_{name}"] = arrays[f"typicality_{name}"][..., :-1]
    arrays["typicality_0_precision"] = arrays["typicality_0_precision"][:-1, :-1]


def _nan_check(arrays):
    precision = arrays["typicality_0_precision"].copy()
    precision[0, 0] = np.nan
    arrays["typicality_0_precision"] = precision


@pytest.mark.parametrize("change", [_nan_check, _narrower_check], ids=["nan", "narrower"])
def test_a_damaged_typicality_check_is_said_and_fitted_again(saved, tmp_path, qtbot, change):
    """The window said nothing of a file whose check was damaged (it loaded without it, or,
    with arrays of another width, with it, and the first drawing raised)."""
    window, path = saved
    arrays = dict(np.load(path, allow_pickle=False))
    assert "typicality_0_precision" in arrays
    change(arrays)
    np.savez(tmp_path / "damaged.npz", **arrays)
    window.files.run_or_show_error(window.files.load_model_from, tmp_path / "damaged.npz")
    assert window.findChild(QMessageBox, "errorDialog") is None
    said = window.statusBar().currentMessage()
    assert said == DAMAGED_REFIT_TEXT.format(done="Loaded", name="damaged.npz")
    loaded = window.model
    ink = np.zeros_like(window.probe.canvas.array())
    ink[100:180, 120:140] = 1.0
    window.probe._on_canvas_changed(ink)
    assert window.probe._ready
    window.probe.predict_now()  # the check's arrays of another width raised here
    qtbot.waitUntil(lambda: typicality_of(loaded) is not None, timeout=TRAIN_TIMEOUT)
    assert window.statusBar().currentMessage() == FITTED_LOADED_TEXT


def test_an_experiment_with_a_damaged_check_says_so(saved, tmp_path):
    """An experiment's model keeps no fingerprint of its data: its check is not fitted again,
    and the status bar says it is not used (it said "Opened experiment …" and nothing else)."""
    window, _ = saved
    window.lab.save_experiment(tmp_path / "e.npz")
    arrays = dict(np.load(tmp_path / "e.npz", allow_pickle=False))
    _nan_check(arrays)
    np.savez(tmp_path / "damaged.npz", **arrays)
    window.lab.open_experiment(tmp_path / "damaged.npz")
    said = window.statusBar().currentMessage()
    assert said == DAMAGED_TEXT.format(done="Opened", name="damaged.npz")
    assert typicality_of(window.model) is None
