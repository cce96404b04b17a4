"""Loss and accuracy curves grow point by point and carry a marker where bugs were switched."""

import math

import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

from mugui.gui.curve_plots import RING_PX, CurvePlots


def test_points_appear_on_both_plots(qtbot):
    plots = CurvePlots()
    qtbot.addWidget(plots)
    assert plots.findChild(type(plots.loss_widget), "lossPlot") is plots.loss_widget
    assert plots.findChild(type(plots.accuracy_widget), "accuracyPlot") is plots.accuracy_widget
    plots.reset(3)
    plots.add_progress([(1, step / 10, 0.23) for step in range(1, 11)])
    plots.add_epoch(1, 0.4, 0.80, 0.85)
    plots.add_epoch(2, 0.23, 0.90, 0.91)
    assert plots.loss_points == 10 and plots.accuracy_points == 2
    x, y = plots.test_curve.getData()
    assert list(x) == [1.0, 2.0] and list(y) == [0.85, 0.91]
    assert "test 91.0%" in plots.accuracy_title
    assert "Training loss: 0.230" in plots.loss_title


def test_the_loss_is_drawn_per_report_not_as_the_running_mean_of_the_epoch(qtbot):
    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.add_progress([(1, 0.5, 2.0), (1, 1.0, 1.5)])
    plots.add_progress([(2, 0.5, 0.6)])
    x, y = plots.loss_curve.getData()
    assert list(x) == [0.5, 1.0, 1.5]
    assert list(y) == [2.0, 1.0, 0.6]


def test_non_finite_losses_leave_a_gap_instead_of_breaking_the_plot(qtbot):
    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.add_progress([(1, 0.1, 1.0), (1, 0.2, math.inf), (1, 0.3, math.nan)])
    _, y = plots.loss_curve.getData()
    assert y[0] == 1.0 and math.isnan(y[1]) and math.isnan(y[2])
    assert not plots.grab().isNull()


def test_bug_switches_are_marked_and_reset_removes_them(qtbot):
    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.mark_bug_switch(2.0, "+ gradient_ascent")
    assert plots.marker_positions == [2.0]
    assert plots.marker_labels == ["+ gradient_ascent"]
    plots.reset(5)
    assert plots.marker_positions == [] and plots.loss_points == 0


def test_accuracy_reported_on_training_data_is_drawn_beside_the_true_test_accuracy(qtbot):
    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.add_epoch(1, 0.5, 0.9, 0.8)
    assert not plots.shows_reported
    plots.add_epoch(2, 0.3, 0.95, 0.82, reported_on_train=0.99)
    assert plots.shows_reported
    title = plots.accuracy_title
    assert "test 82.0%" in title and "reported 99.0%" in title
    _, reported = plots.reported_curve.getData()
    assert math.isnan(reported[0]) and reported[1] == 0.99
    _, test = plots.test_curve.getData()
    assert list(test) == [0.8, 0.82]
    plots.reset(2)
    assert not plots.shows_reported
    assert "reported" not in plots.accuracy_title


def test_a_falling_test_accuracy_gets_its_peak_and_last_value_annotated(qtbot):
    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.reset(4)
    for epoch, test in enumerate([0.5, 0.666, 0.5, 0.388], start=1):
        plots.add_epoch(epoch, 1.0, test, test)
    assert plots.peak_text == "peak 66.6% at epoch 2 → 38.8%"
    assert "peak 66.6% at epoch 2 → 38.8%" in plots.accuracy_title
    x, y = plots.peak_marks.getData()
    assert list(x) == [2, 4] and list(y) == [0.666, 0.388]
    plots.reset(4)
    plots.add_epoch(1, 1.0, 0.5, 0.5)
    plots.add_epoch(2, 1.0, 0.9, 0.9)
    assert plots.peak_text == "" and "peak" not in plots.accuracy_title


def test_earlier_runs_stay_as_faded_labelled_curves_that_can_be_hidden(qtbot):
    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.add_epoch(1, 1.0, 0.5, 0.6)
    plots.add_epoch(2, 1.0, 0.5, 0.3)
    plots.keep_run("nn.c as published · batch_image_index")
    plots.reset(2)
    assert plots.runs.labels == ["nn.c as published · batch_image_index"]
    (curve,) = plots.runs.curves
    assert list(curve.getData()[1]) == [0.6, 0.3] and curve.isVisible()
    plots.runs.set_visible(0, False)
    assert not curve.isVisible()
    for run in range(6):
        plots.add_epoch(1, 1.0, 0.5, 0.5)
        plots.keep_run(f"run {run}")
        plots.reset(2)
    assert plots.runs.labels == ["run 2", "run 3", "run 4", "run 5"]


def test_losses_below_one_are_labelled_as_they_are(qtbot):
    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.resize(500, 600)
    plots.show()
    qtbot.waitExposed(plots)
    plots.reset(3)
    plots.show_epoch_losses([1, 2, 3], [0.52, 0.2, 0.049])
    qtbot.wait(50)
    label = plots.loss_plot.getAxis("left").labelString()
    assert "loss" in label and "x0.001" not in label  # it read "loss (x0.001)" over 50…500


def test_on_a_short_screen_the_accuracy_plot_gets_more_room_than_the_loss_plot(qtbot):
    from mugui.gui.theme import make_theme

    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.set_theme(make_theme(dark=False, presentation=True))
    plots.reset(20)
    for epoch, test in enumerate([0.6, 0.68, 0.6, 0.5, 0.45, 0.39], start=1):
        plots.add_epoch(epoch, 1.0, test + 0.05, test)
    plots.resize(250, 460)  # presentation mode on a 1280x720 screen: a three-line title
    plots.show()
    qtbot.waitExposed(plots)
    qtbot.wait(20)
    # Qt's layout gave both panels the same height (212 / 211 px), leaving ~50 px of curves
    assert plots.loss_panel.height() <= 0.4 * plots.height() + 1
    assert plots.accuracy_widget.height() > plots.loss_widget.height()


def test_on_a_short_column_the_loss_plot_folds_to_a_strip_with_its_figure(qtbot):
    """Presentation mode on a 1280×720 screen: the loss plot folds to "Loss: 2.102" and the
    accuracy curve gets the height (it had ~100 px and the peak's label hid); the fold button
    unfolds it, and the user's choice holds through resizes."""
    from mugui.gui.theme import make_theme

    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.set_theme(make_theme(dark=False, presentation=True))
    plots.reset(10)
    for epoch, test in enumerate([0.6, 0.68, 0.6, 0.5, 0.45, 0.39], start=1):
        plots.add_epoch(epoch, 2.102, test + 0.05, test)
    plots.resize(250, 460)
    plots.show()
    qtbot.waitExposed(plots)
    qtbot.wait(20)
    assert plots.loss_folded and not plots.loss_widget.isVisible()
    assert plots.loss_panel.title.text() == "Loss: 2.102"
    assert plots.loss_panel.height() <= plots.loss_panel.title.height() + 2
    assert plots.accuracy_widget.height() > 0.55 * plots.height()
    assert plots.peak_label.item.isVisible()
    plots.loss_fold.click()
    qtbot.wait(20)
    assert not plots.loss_folded and plots.loss_widget.isVisible()
    assert plots.loss_panel.title.text() == "Training loss: 2.102"
    plots.resize(250, 440)
    qtbot.wait(20)
    assert not plots.loss_folded  # the user's choice


def test_on_a_tall_column_the_loss_plot_is_shown(qtbot):
    from mugui.gui.theme import make_theme

    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.set_theme(make_theme(dark=False, presentation=True))
    plots.resize(250, 460)
    plots.show()
    qtbot.waitExposed(plots)
    plots.resize(400, 900)
    qtbot.wait(20)
    assert not plots.loss_folded and plots.loss_widget.isVisible()


def test_the_plots_size_hints_do_not_follow_the_sizes_they_had(qtbot):
    """A graphics view's size hint is the size it has (its scene's): laid out again while a
    window shrank from 2560×1440, the accuracy plot asked for its old height and took the loss
    plot's room (under Xvfb at 1366×768: 106 px of 512, 204 px when it had not been larger).
    The hints are the plots' minimum sizes, whatever sizes they had."""
    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.resize(400, 512)
    plots.show()
    qtbot.waitExposed(plots)
    widgets = (plots.loss_widget, plots.accuracy_widget)
    plots.resize(400, 1300)
    qtbot.wait(20)
    assert plots.accuracy_widget.height() > 500
    assert [widget.sizeHint() for widget in widgets] == [widget.minimumSize() for widget in widgets]


def test_the_last_epoch_is_drawn_whole_with_its_tick_label_on_a_narrow_plot(qtbot):
    from mugui.gui.theme import make_theme

    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.set_theme(make_theme(dark=False, presentation=True))
    plots.reset(10)
    for epoch in range(1, 11):
        plots.add_epoch(epoch, 1.0, 0.25, 0.68 - 0.01 * epoch)
    plots.resize(260, 460)  # presentation mode on a 1280x720 screen
    plots.show()
    qtbot.waitExposed(plots)
    qtbot.wait(20)
    view = plots.accuracy_plot.vb
    right = view.mapViewToScene(pg.Point(10, 0)).x()
    edge = view.mapRectToScene(view.rect()).right()
    # the last value's ring (and the square under it) was cut in half by the view's edge:
    # a 2 % padding of the epochs is 3 px at this width
    assert edge - right >= RING_PX / 2 + 2
    axis = plots.accuracy_plot.getAxis("bottom")
    low, high = view.viewRange()[0]
    ((_, ticks),) = axis.tickValues(low, high, axis.width())
    label = QFontMetrics(axis.style["tickFont"]).horizontalAdvance("10")
    assert 10 in ticks and edge - right >= label / 2  # pyqtgraph hides a label past the axis end


def test_the_peak_label_covers_no_kept_run(qtbot):
    """A kept run's faded curve just above the peak: the label was written over it."""
    from mugui.gui.curve_obstacles import crosses, scene_segments

    plots = CurvePlots()
    qtbot.addWidget(plots)
    plots.resize(500, 700)
    plots.show()
    qtbot.waitExposed(plots)
    plots.reset(10)
    for epoch in range(1, 11):
        plots.add_epoch(epoch, 1.0, 0.2, 0.76)
    plots.keep_run("a run above the peak")
    plots.reset(10)
    for epoch, test in enumerate([0.6, 0.68, 0.6, 0.5, 0.45, 0.39, 0.35, 0.3], start=1):
        plots.add_epoch(epoch, 1.0, 0.2, test)
    qtbot.wait(20)
    label = plots.peak_label
    assert label.item.isVisible()
    segments, half = scene_segments(plots.accuracy_plot.vb, plots.runs.curves)
    rect = label.scene_rect()
    assert not crosses(segments, rect.adjusted(-half, -half, half, half)), rect
