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
