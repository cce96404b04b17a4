"""The whole story driven through the window's widgets: train, learn backwards, fix, forget 5 by
two methods, verify against retraining, the relearn race; my data; experiments; exports."""

import csv
import json
from xml.etree import ElementTree

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QListWidget,
    QPushButton,
    QTableWidget,
    QWidget,
)

from mugui.errors import MuguiError
from mugui.evaluation import evaluate
from mugui.gui import MainWindow
from mugui.gui.training_toolbar import RunState
from mugui.gui.verify_view import ROWS

TIMEOUT = 120_000


@pytest.fixture
def window(lab_window):
    return lab_window


def child(window, kind, name):
    widget = window.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name}"
    return widget


def click(qtbot, window, name, kind=QPushButton):
    qtbot.mouseClick(child(window, kind, name), Qt.MouseButton.LeftButton)


def train(qtbot, window, preset, epochs=3, hidden=32, untick=()):
    combo = child(window, QComboBox, "presetCombo")
    combo.setCurrentIndex(combo.findData(preset))
    window.findChild(object, "epochsSpin").setValue(epochs)
    window.findChild(object, "hiddenSpin").setValue(hidden)
    for bug in untick:
        child(window, QCheckBox, f"bugCheck_{bug}").setChecked(False)
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(
        lambda: window.run_state is RunState.IDLE and window.worker is None, timeout=TIMEOUT
    )


def run_lab(qtbot, window, button):
    with qtbot.waitSignal(window.lab.run_finished, timeout=TIMEOUT):
        click(qtbot, window, button)
    assert window.lab.last_error is None, window.lab.last_error


def forget_digit(qtbot, window, digit, method):
    buttons = [child(window, object, f"forgetDigitButton_{d}") for d in range(10)]
    for d, button in enumerate(buttons):
        button.setChecked(d == digit)
    mode = child(window, QComboBox, "forgetModeCombo")
    mode.setCurrentIndex(mode.findData("class"))
    methods = child(window, QComboBox, "methodCombo")
    methods.setCurrentIndex(methods.findData(method))
    run_lab(qtbot, window, "unlearnButton")


def test_the_whole_story_train_backwards_fix_forget_verify_relearn(qtbot, window):
    snapshots = child(window, QListWidget, "snapshotList")
    train(qtbot, window, "healthy")
    train(qtbot, window, "nnc")
    train(qtbot, window, "nnc", untick=("batch_image_index",))
    assert snapshots.count() == 3
    assert "nn.c" in snapshots.item(2).text()
    fixed = window.model

    forget_digit(qtbot, window, 5, "finetune")
    live = window.lab.live
    assert live.points["forget"][0][1] > 0.5  # step 0: the original knows its 5s
    assert live.points["forget"][-1][1] < live.points["forget"][0][1] - 0.2  # they fade
    assert live.highlighted == (5,)
    assert window.model is not fixed and snapshots.count() == 4

    window.lab.timeline.choose(2)  # back to the fixed model, as a click on its snapshot does
    assert window.model is fixed
    forget_digit(qtbot, window, 5, "output_zero")
    assert snapshots.count() == 5 and "output_zero" in snapshots.item(4).text()

    run_lab(qtbot, window, "verifyButton")
    table = child(window, QTableWidget, "verifyTable")
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == [
        "original",
        "unlearned",
        "reference",
    ]
    assert table.rowCount() == len(ROWS)
    assert window.lab.verify_view.value("forget_accuracy", "unlearned") == "0.0%"
    assert window.lab.verify_view.value("forget_accuracy", "reference") != "—"
    assert "retrain" in window.lab.verify_view.verdict_label.text()
    assert window.lab.verify_view.mia.member_share.sum() == pytest.approx(1.0)

    run_lab(qtbot, window, "relearnButton")
    race = window.lab.verify_view.race
    assert race.points["unlearned"] and race.points["reference"]
    # Zeroing the output unit only hides the 5s: they come back faster than after retraining.
    assert race.steps("unlearned") < race.steps("reference")
    assert "relearns" in window.lab.verify_view.verdict_label.text()

    compare = window.lab.compare
    assert "retrained reference" in compare.candidates

    inspect = window.lab.inspection.view
    others, fives = inspect.hidden_map.counts
    assert others > 0 and fives > 0
    gallery = child(window, QListWidget, "forgetGallery")
    item = gallery.item(0)
    qtbot.mouseClick(
        gallery.viewport(), Qt.MouseButton.LeftButton, pos=gallery.visualItemRect(item).center()
    )
    table = child(window, QTableWidget, "sampleTable")
    assert table.rowCount() == 3  # original, unlearned, retrained reference
    assert inspect.inspector.cell("original", "predicts") == "5"
    assert inspect.inspector.cell("unlearned", "predicts") != "5"


def test_cancel_leaves_the_current_model_unchanged(qtbot, window):
    train(qtbot, window, "healthy")
    trained = window.model
    params = trained.params.copy()
    child(window, object, "forgetDigitButton_3").setChecked(True)
    methods = child(window, QComboBox, "methodCombo")
    methods.setCurrentIndex(methods.findData("scrub"))
    window.lab.panel.method_form.set_param("epochs", 50)
    with qtbot.waitSignal(window.lab.run_finished, timeout=TIMEOUT):
        click(qtbot, window, "unlearnButton")
        click(qtbot, window, "cancelUnlearnButton")
    assert window.model is trained and np.array_equal(trained.params, params)
    assert "unchanged" in window.lab.panel.status.text()


def draw_stroke(qtbot, window):
    canvas = window.probe.canvas
    w, h = canvas.width(), canvas.height()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(w // 2, h // 6))
    for step in range(1, 20):
        qtbot.mouseMove(canvas, QPoint(w // 2 + step // 5, h // 6 + step * (2 * h // 3) // 20))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(w // 2 + 4, 5 * h // 6))


def test_drawn_my_data_joins_the_training_and_is_forgotten(qtbot, window):
    gallery = window.lab.my_data
    gallery.ask_label = lambda parent, suggested: 7  # the user confirms "7" in the dialog
    n_before = window.dataset.n_train
    for _ in range(3):
        draw_stroke(qtbot, window)
        click(qtbot, window, "addToMyDataButton")
    assert list(gallery.labels) == [7, 7, 7] and gallery.counter.text() == "3 drawings"
    assert gallery.gallery.count() == 3
    assert window.dataset.n_train == n_before + 3 and window.dataset.n_user == 3
    gallery.ask_label = lambda parent, suggested: None  # cancelling the dialog adds nothing
    draw_stroke(qtbot, window)
    click(qtbot, window, "addToMyDataButton")
    assert len(gallery.labels) == 3

    train(qtbot, window, "healthy")
    mode = child(window, QComboBox, "forgetModeCombo")
    mode.setCurrentIndex(mode.findData("user"))
    methods = child(window, QComboBox, "methodCombo")
    methods.setCurrentIndex(methods.findData("finetune"))
    run_lab(qtbot, window, "unlearnButton")
    outcome = window.lab.outcome
    assert outcome.forget.kind == "user" and outcome.forget.indices.size == 3
    assert list(outcome.forget.indices) == list(range(n_before, n_before + 3))


def test_experiments_save_and_reopen_with_snapshots_and_the_report(qtbot, window, tmp_path):
    window.lab.my_data.ask_label = lambda parent, suggested: 1
    draw_stroke(qtbot, window)
    click(qtbot, window, "addToMyDataButton")
    train(qtbot, window, "healthy")
    forget_digit(qtbot, window, 3, "output_zero")
    run_lab(qtbot, window, "verifyButton")
    window.lab.timeline.rename(0, "my first network")
    path = window.lab.save_experiment(tmp_path / "story.npz")

    other = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(other)
    other.dataset = window.dataset.without_user_samples()
    other.lab.open_experiment(path)
    timeline = child(other, QListWidget, "snapshotList")
    assert [timeline.item(r).text() for r in range(timeline.count())] == [
        "my first network",
        window.lab.timeline.snapshots[1].name,
    ]
    assert np.array_equal(other.model.params, window.model.params)
    assert other.dataset.n_user == 1 and list(other.lab.my_data.labels) == [1]
    assert other.lab.verify_view.value("forget_accuracy", "unlearned") == "0.0%"
    other.lab.timeline.choose(0)
    assert np.array_equal(other.model.params, window.lab.timeline.snapshots[0].model.params)


def test_opening_an_experiment_shows_its_network_in_the_training_view(qtbot, window, tmp_path):
    train(qtbot, window, "healthy")
    forget_digit(qtbot, window, 3, "output_zero")
    path = window.lab.save_experiment(tmp_path / "story.npz")
    assert window.statusBar().currentMessage() == "Saved experiment story.npz"
    saved = window.model
    train(qtbot, window, "healthy", epochs=1, hidden=16)  # another network, other plots
    assert window.curves.accuracy_points > 0
    window.lab.open_experiment(path)
    assert np.array_equal(window.model.params, saved.params)
    assert window.windowTitle().startswith("story.npz")
    assert window.statusBar().currentMessage().startswith("Opened experiment story.npz")
    assert window.curves.accuracy_points == 0  # not the other run's curves
    expected = evaluate(saved, window.dataset.test_x, window.dataset.test_y)
    assert np.array_equal(window.confusion.counts, expected.confusion)
    assert window.confusion.counts[3, 3] == 0  # the forgotten 3s, as the experiment's network
    assert window.curves.loss_title == "Training loss: not recorded in the experiment"
    assert window.curves.accuracy_title == (
        f"test {expected.accuracy:.1%} (evaluated now) · no training history in the experiment"
    )
    assert "loaded" in child(window, QWidget, "progressBar").format()


def test_figures_export_as_png_and_svg_and_tables_as_csv_and_json(qtbot, window, tmp_path):
    train(qtbot, window, "healthy")
    forget_digit(qtbot, window, 2, "output_zero")
    run_lab(qtbot, window, "verifyButton")
    window.lab.compare.choose(0, "retrained reference")  # the bars under the canvas: drawn
    qtbot.waitUntil(lambda: window.lab.compare.testAttribute(Qt.WidgetAttribute.WA_Resized))
    written = window.lab.export_figures(tmp_path)
    names = {p.name for p in written}
    for figure in ("forget_retain", "membership_attack", "relearn_race", "compare_probabilities"):
        assert {f"{figure}.png", f"{figure}.svg"} <= names
    png = (tmp_path / "membership_attack.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    plot = window.lab.verify_view.mia.panel  # the plot with its title
    width = int.from_bytes(png[16:20], "big")
    assert width == 2 * plot.width()
    svg = ElementTree.parse(tmp_path / "membership_attack.svg").getroot()
    assert svg.tag.endswith("svg")
    assert "Membership attack" in "".join(svg.itertext())
    rows = list(csv.reader((tmp_path / "verify.csv").open()))
    assert rows[0] == ["", "original", "unlearned", "reference"]
    assert rows[1][0] == "Forget-set accuracy" and rows[1][2] == "0.0%"
    table = json.loads((tmp_path / "verify.json").read_text())
    assert table["Forget-set accuracy"]["unlearned"] == "0.0%"


def test_exporting_before_forgetting_says_so_and_writes_nothing(qtbot, window, tmp_path):
    """It wrote empty plots and an empty table whose row names were elided ("Forg… acc…")."""
    train(qtbot, window, "healthy", epochs=1, hidden=16)
    with pytest.raises(MuguiError, match="nothing to export yet: forget something first"):
        window.lab.export_figures(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_figures_not_drawn_yet_are_left_out_and_the_status_says_which(qtbot, window, tmp_path):
    """Forgotten, never verified, the Inspect tab never shown: the hidden maps were written
    100×30 px ("Hidden spa"), the comparison a blank 640×480 and the empty table."""
    train(qtbot, window, "healthy", epochs=1, hidden=16)
    forget_digit(qtbot, window, 2, "output_zero")
    window.show_view("training")
    names = {p.name for p in window.lab.export_figures(tmp_path)}
    assert {"forget_retain.png", "forget_per_class.svg"} <= names
    for left_out in ("hidden_map_original", "compare_probabilities", "verify_table", "verify"):
        assert not any(name.startswith(f"{left_out}.") for name in names), left_out
    status = window.statusBar().currentMessage()
    left_out = "5 figures not drawn yet were left out"
    assert status == f"Exported {len(names)} files to {tmp_path.name}; {left_out}"


def test_the_verify_table_exports_whole_row_names_before_its_tab_is_shown(qtbot, window, tmp_path):
    """An opened experiment fills the Verify table unseen: its row names, wrapped to a tab never
    laid out, were exported elided ("Forg… acc…", "Test acc… forg… digits")."""
    train(qtbot, window, "healthy", epochs=1, hidden=16)
    forget_digit(qtbot, window, 2, "output_zero")
    run_lab(qtbot, window, "verifyButton")
    window.lab.save_experiment(tmp_path / "e.npz")
    fresh = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(fresh)
    fresh.dataset = window.dataset
    fresh.lab.dataset_changed()
    fresh.lab.open_experiment(tmp_path / "e.npz")
    out = tmp_path / "out"
    out.mkdir()
    fresh.lab.export_figures(out)
    rows = [row[0] for row in csv.reader((out / "verify.csv").open())][1:]
    assert rows == [label for _, label, _ in ROWS]
    fresh.close()


def test_amnesiac_says_it_needs_a_recording_and_makes_one(qtbot, window):
    train(qtbot, window, "healthy", epochs=2)
    methods = child(window, QComboBox, "methodCombo")
    methods.setCurrentIndex(methods.findData("amnesiac"))
    form = window.lab.panel.method_form
    assert not form.needs.isHidden() and "recorded" in form.needs.text()
    prepare = child(window, QPushButton, "prepareMethodButton")
    assert prepare.text() == "Retrain with recording"
    click(qtbot, window, "prepareMethodButton")
    qtbot.waitUntil(
        lambda: window.run_state is RunState.IDLE and window.worker is None, timeout=TIMEOUT
    )
    assert form.needs.isHidden()
    child(window, object, "forgetDigitButton_4").setChecked(True)
    run_lab(qtbot, window, "unlearnButton")
    assert window.lab.outcome.method == "amnesiac"
    window.lab.timeline.choose(0)  # the first model has no recording: the form says so again
    assert not form.needs.isHidden()


def test_drawings_imported_from_a_folder_join_the_training_unless_unticked(qtbot, window, tmp_path):
    from PIL import Image

    from mugui.drawing.strokes import drawn_digit

    for digit in (3, 8):
        (tmp_path / str(digit)).mkdir()
        ink = np.rint(drawn_digit(digit) * 255).astype(np.uint8)
        Image.fromarray(255 - ink).save(tmp_path / str(digit) / "mine.png")
    gallery = window.lab.my_data
    n_before = window.dataset.n_train
    assert gallery.import_from(tmp_path) == 2
    assert list(gallery.labels) == [3, 8] and window.dataset.n_user == 2
    assert window.dataset.n_train == n_before + 2
    gallery.include.setChecked(False)
    assert window.dataset.n_user == 0 and window.dataset.n_train == n_before
    gallery.include.setChecked(True)
    assert window.dataset.n_user == 2


def test_a_new_forget_clears_the_previous_models_verification(qtbot, window):
    """After Verify, a second Forget left the first model's table and verdicts ("Forgot as well
    as retraining…") on the Verify tab under the new model until Verify was pressed again."""
    train(qtbot, window, "healthy")
    forget_digit(qtbot, window, 5, "output_zero")
    run_lab(qtbot, window, "verifyButton")
    view = window.lab.verify_view
    assert view.value("forget_accuracy", "unlearned") == "0.0%"
    forget_digit(qtbot, window, 3, "finetune")
    assert view.report is None and view.value("forget_accuracy", "unlearned") == ""
    assert view.verdict_label.text().startswith("Forgot class 3 with finetune")
    assert "Press Verify" in view.verdict_label.text()


def test_the_matrix_says_when_it_is_not_the_current_models(qtbot, window):
    """After a Forget the probe answers with the unlearned model while the matrix and bars show
    the trained one: a drawn 5 read as 8 sat beside a matrix getting its fives right, and
    nothing said the two were different models."""
    titles = (window.confusion.panel.title, window.per_class.panel.title)
    train(qtbot, window, "healthy")
    assert [t.text() for t in titles] == ["Confusion matrix (test)", "Per-class test accuracy"]
    forget_digit(qtbot, window, 5, "output_zero")
    assert all(t.text().endswith(" (not the current model)") for t in titles)
    window.lab.timeline.choose(0)  # the trained model again
    assert [t.text() for t in titles] == ["Confusion matrix (test)", "Per-class test accuracy"]
