"""The Verify view's forgetting-quality bar says what it waits for: "0%" before any run read as a
measured score of nothing."""

from mugui.gui.verify_view import VerifyView


def test_the_forgetting_quality_bar_says_it_has_not_run_instead_of_0_percent(qtbot):
    view = VerifyView()
    qtbot.addWidget(view)
    bar = view.quality_progress
    assert bar.text() == "not measured yet"
    view.set_quality_running(True)
    assert bar.text() == "starting…"
    view.set_quality_progress(0.25, "retraining 1 of 4")
    assert bar.text() == "25% retraining 1 of 4"


def _report(quality=None):
    figures = {"forget_accuracy": 0.99, "test_accuracy": 0.95, "mia_auc": 0.5}
    return {
        "before": figures,
        "after": {**figures, "forget_accuracy": 0.0, "relearn_steps": 575},
        "reference": {**figures, "forget_accuracy": 0.0, "relearn_steps": None},
        "relearn": {"after": {"steps": 575, "max_steps": 2000}},
        "seconds": 0.01,
        "reference_seconds": 4.87,
        "forgetting_quality": quality,
    }


def test_the_bar_follows_the_report_a_finished_run_and_a_cancelled_one(qtbot):
    """An opened experiment's score showed beside "not measured yet"; a finished or cancelled
    run's last percentage stayed under the next model's report."""
    view = VerifyView()
    qtbot.addWidget(view)
    bar = view.quality_progress
    view.show_report(_report({"score": 0.125, "n": 4}))
    assert bar.text() == "measured over 4 runs"
    assert view.quality_label.text() == "Forgetting quality 0.125 over 4 runs"
    view.set_quality_running(True)
    view.set_quality_progress(0.43, "retraining 2 of 4")
    view.set_quality_running(False)  # cancelled: the report's score stands
    assert bar.text() == "measured over 4 runs"
    view.show_report(_report())
    assert bar.text() == "not measured yet"


def test_a_reference_that_did_not_relearn_reads_as_beyond_the_budget(qtbot):
    """The retrained reference not back within the race's 2,000 steps showed "—", as the
    original, which never races."""
    view = VerifyView()
    qtbot.addWidget(view)
    view.show_report(_report())
    assert view.value("relearn_steps", "original") == "—"
    assert view.value("relearn_steps", "unlearned") == "575"
    assert view.value("relearn_steps", "reference") == "> 2,000"
    assert "where retraining does not within 2,000 steps" in view.verdict_label.text()


def test_clearing_leaves_no_figure_of_the_previous_model(qtbot):
    view = VerifyView()
    qtbot.addWidget(view)
    view.show_report(_report({"score": 0.125, "n": 4}))
    view.clear("Forgot class 5 with finetune in 0.20 s. Press Verify to compare with retraining.")
    assert view.report is None
    assert view.verdict_label.text().startswith("Forgot class 5 with finetune")
    cells = [view.table.item(r, c).text() for r in range(view.table.rowCount()) for c in range(3)]
    assert set(cells) == {""}
    assert view.quality_label.text() == "" and view.quality_progress.text() == "not measured yet"
    assert not view.mia.member_share.any() and view.race.points["unlearned"] == []


def test_a_report_from_an_experiment_says_its_plots_are_not_kept(qtbot):
    """An opened experiment's verdicts quoted the relearn race above two empty plots titled as
    if they were drawn; the next verification draws them under their own titles again."""
    view = VerifyView()
    qtbot.addWidget(view)
    view.show_saved_report(_report())
    assert view.mia.panel.title.text().startswith("Membership attack: not kept in the experiment")
    assert view.race.panel.title.text().startswith("Relearn race: not kept in the experiment")
    view.clear("Forgot class 5 with finetune in 0.20 s. Press Verify to compare with retraining.")
    assert view.race.panel.title.text() == "Relearn race"
