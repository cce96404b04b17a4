"""Plot legends move to a corner of the view where they cover no curve: a fixed corner hid the
curve that ended there (the relearn race's unlearned model falling to 0 % under the
bottom-right legend)."""

import numpy as np
from PySide6.QtWidgets import QApplication

from mugui.gui.curve_obstacles import crosses, scene_segments
from mugui.gui.forgetting_live_view import ForgettingLiveView
from mugui.gui.mia_histogram import MiaHistogram
from mugui.gui.relearn_race_plot import RelearnRacePlot


def settle(qtbot):
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(10)


def legend_covers_a_curve(plot) -> bool:
    segments, half_width = scene_segments(plot.vb, plot.listDataItems())
    rect = plot.legend.sceneBoundingRect()
    return crosses(segments, rect.adjusted(-half_width, -half_width, half_width, half_width))


def shown(qtbot, view):
    qtbot.addWidget(view)
    view.resize(520, 360)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_relearn_race_legend_covers_neither_curve(qtbot):
    race = shown(qtbot, RelearnRacePlot())
    falling = np.linspace(0.9, 0.0, 30)
    race.set_curve("unlearned", list(falling))  # ends at 0 %: under the bottom-right legend
    race.set_curve("reference", list(np.full(30, 0.5)))
    settle(qtbot)
    assert not legend_covers_a_curve(race.plot), race.plot.legend.pos()
    assert race.plot.vb.sceneBoundingRect().contains(race.plot.legend.sceneBoundingRect())


def test_the_forgetting_legend_moves_when_a_curve_reaches_its_corner(qtbot):
    live = shown(qtbot, ForgettingLiveView())
    live.reset((5,))
    for step in range(1, 41):  # the forget accuracy falls to 0 %: into the bottom-left corner
        live.add_point(step, 0.99 - step / 40 if step < 5 else 0.0, 0.98, 0.9, np.full(10, 0.9))
    settle(qtbot)
    assert not legend_covers_a_curve(live.curve_plot), live.curve_plot.legend.pos()


def test_the_membership_legend_covers_neither_histogram(qtbot):
    mia = shown(qtbot, MiaHistogram())
    rng = np.random.default_rng(0)
    # both histograms high at large losses: the top-right corner is taken
    mia.set_losses(rng.uniform(9, 12, 500), rng.uniform(8, 12, 500), "Membership attack")
    settle(qtbot)
    assert not legend_covers_a_curve(mia.plot), mia.plot.legend.pos()
