"""Model files loaded into the window: their history, however damaged, and the exports after."""

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from mugui.gui.window_files import UNREADABLE_HISTORY_TEXT
from tests.gui.conftest import train_small


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
