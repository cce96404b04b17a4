"""The window under abuse: repeated runs free their memory, hostile names stay plain text."""

import gc
import weakref

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from mugui.gui import MainWindow
from mugui.gui.training_toolbar import RunState

TRAIN_TIMEOUT = 120_000


@pytest.fixture
def window(qtbot):
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    return window


def small_config(window, epochs=1, hidden=16):
    window.hyperparameters.findChild(object, "epochsSpin").setValue(epochs)
    window.hyperparameters.findChild(object, "hiddenSpin").setValue(hidden)


def wait_idle(qtbot, window):
    qtbot.waitUntil(
        lambda: window.run_state is RunState.IDLE and window.worker is None, timeout=TRAIN_TIMEOUT
    )


def run_pending_deletions() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()


def test_each_finished_run_frees_its_trainer(qtbot, window):
    small_config(window)
    trainers = []
    for _ in range(2):
        window.start_training()
        trainers.append(weakref.ref(window.worker.trainer))
        wait_idle(qtbot, window)
    run_pending_deletions()
    assert [alive() for alive in trainers] == [None, None]


HOSTILE_SETTINGS = [
    "[training]\nconfig=[]\n",
    '[training]\nconfig="{\\"seed\\": 3000000000}"\n',
    '[training]\nconfig="{\\"lr\\": 1e-6, \\"bugs\\": \\"gradient_ascent\\"}"\n',
    "[training]\nconfig=@ByteArray(x)\npreset=nonsense\n",
    "[probe]\nbrush=99999999999999999999\nabstain=nan\n",
    "[probe]\nbrush=abc\nabstain=1e308\n",
    "[window]\ngeometry=@ByteArray(garbage)\ncolumns=xyz\n",
    "[view]\ndark=maybe\n[sections]\ndata=2\n",
]


@pytest.mark.parametrize("text", HOSTILE_SETTINGS)
def test_a_hostile_settings_file_never_stops_the_window(qtbot, isolated_settings, text):
    (isolated_settings / "mugui").mkdir(parents=True)
    (isolated_settings / "mugui" / "mugui.conf").write_text(text)
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    assert window.current_config().validate() is not None


def test_the_spins_take_exactly_the_config_ranges(qtbot):
    from mugui.training.config import FIELD_RANGES

    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    panel = window.hyperparameters
    spins = {
        "hidden": panel.hidden,
        "hidden2": panel.hidden2,
        "lr": panel.lr,
        "momentum": panel.momentum,
        "batch_size": panel.batch,
        "epochs": panel.epochs,
        "seed": panel.seed,
        "weight_decay": panel.weight_decay,
        "style_strokes": panel.style_strokes,
        "outlier_exposure": panel.outlier_exposure,
        "elastic": panel.elastic,
    }
    assert set(spins) == set(FIELD_RANGES)
    for field, spin in spins.items():
        low = FIELD_RANGES[field].low if field != "hidden2" else spin.minimum()
        assert (spin.minimum(), spin.maximum()) == (low, FIELD_RANGES[field].high), field
    panel.lr.setValue(1e-6)
    assert panel.config().lr == 1e-6


def test_a_model_saved_with_an_out_of_range_seed_loads_with_its_layer_size(qtbot, tmp_path):
    from mugui.model import Model
    from mugui.model_file import save_model

    model = Model.init((784, 32, 10), seed=0)
    path = save_model(model, tmp_path / "m.npz", {"config": {"seed": 3_000_000_000, "hidden": 32}})
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.files.load_model_from(path)
    assert window.hyperparameters.hidden.value() == 32


HOSTILE_NAME = '<img width=4000 height=4000 src="file:%2Fdev%2Fzero">'


def test_a_hostile_folder_and_class_names_are_shown_as_plain_text(qtbot, small_dataset):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from mugui.data.dataset import Dataset

    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    hostile = Dataset(
        HOSTILE_NAME,
        small_dataset.train_x,
        small_dataset.train_y,
        small_dataset.test_x,
        small_dataset.test_y,
        class_names=tuple(f"<b>{i}</b>" for i in range(10)),
        source=f"/tmp/{HOSTILE_NAME}",
    )
    window.data_panel.show_dataset(f"/tmp/{HOSTILE_NAME}", hostile)
    window.dataset = hostile
    window.show()
    # labels showing the hostile folder or class names (the plots' own coloured titles are ours)
    showing = [
        label
        for label in window.findChildren(QLabel)
        if "<img" in label.text() or "<b>" in label.text()
    ]
    assert showing, "the hostile name is shown somewhere"
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in showing)
    assert window.data_panel.summary.sizeHint().width() < 1000
    combo = window.data_panel.combo
    tooltip = combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tooltip and "&lt;img" in tooltip


def test_error_dialogs_show_file_names_as_plain_text(qtbot):
    from PySide6.QtCore import Qt

    from mugui.gui.dialogs import show_error, show_warning

    for box in (
        show_error(None, "Cannot load", f"no model file at /tmp/{HOSTILE_NAME}"),
        show_warning(None, "Diverged", HOSTILE_NAME),
    ):
        assert box.textFormat() == Qt.TextFormat.PlainText
        box.close()


def test_closing_during_a_compile_hides_at_once_and_closes_when_it_ends(qtbot):
    import threading
    import time

    release = threading.Event()
    window = MainWindow(warm_up_kernels=False)
    window.show()
    window.tasks.run(lambda: release.wait(30), "slow-compile", lambda _: None, lambda _: None)
    asked = time.perf_counter()
    assert window.close() is False
    assert time.perf_counter() - asked < 2.0  # the window waits at most CLOSE_WAIT_MS (1 s)
    assert window.isHidden() and not window.closed
    release.set()
    qtbot.waitUntil(lambda: window.closed, timeout=10_000)
    window.deleteLater()


def test_deleting_a_window_while_its_task_runs_neither_aborts_nor_calls_back(qtbot):
    import threading

    release = threading.Event()
    results = []
    window = MainWindow(warm_up_kernels=False)
    task = window.tasks.run(lambda: release.wait(30) or 1, "load-data", results.append, print)
    window.deleteLater()
    run_pending_deletions()
    release.set()
    qtbot.waitUntil(lambda: not task_alive(task), timeout=10_000)
    assert results == []


def task_alive(task) -> bool:
    try:
        return task.is_running()
    except RuntimeError:  # already deleted: it ended
        return False


def test_train_waits_while_a_data_folder_loads(qtbot, small_dataset):
    import threading

    release = threading.Event()
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)

    def slow_load(source):
        release.wait(30)
        return small_dataset

    import mugui.gui.window_files as window_files

    original = window_files.load_dataset
    window_files.load_dataset = slow_load
    try:
        window.files.open_data("/some/folder")
        assert not window.toolbar.train_button.isEnabled()
        window.start_training()
        assert window.worker is None
        release.set()
        qtbot.waitUntil(lambda: window.loading_source is None, timeout=10_000)
    finally:
        window_files.load_dataset = original
    assert window.toolbar.train_button.isEnabled()
    assert window.dataset is small_dataset
