"""Plot legends are read from the back row: in every look they use the tick labels' font size and
the text colour (pyqtgraph's own 9 pt grey stayed small in presentation mode)."""

import pytest
from PySide6.QtGui import QColor, QFontMetrics

from mugui.gui.forgetting_live_view import ForgettingLiveView
from mugui.gui.mia_histogram import MiaHistogram
from mugui.gui.relearn_race_plot import RelearnRacePlot
from mugui.gui.theme import make_theme


def legend_text_heights(plot) -> list[float]:
    """The height of each legend entry's text line as drawn (without the text's margins)."""
    heights = []
    for _, label in plot.legend.items:
        text = label.item
        heights.append(text.boundingRect().height() - 2 * text.document().documentMargin())
    return heights


@pytest.mark.parametrize("presentation", [False, True], ids=["normal", "presentation"])
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_lab_plot_legend_uses_the_tick_font_and_the_text_colour(qtbot, dark, presentation):
    theme = make_theme(dark, presentation)
    mia, race, live = MiaHistogram(), RelearnRacePlot(), ForgettingLiveView()
    for view in (mia, race, live):
        qtbot.addWidget(view)
        view.set_theme(theme)
    tick = QFontMetrics(theme.font(0.9)).height()
    for plot in (mia.plot, race.plot, live.curve_plot):
        heights = legend_text_heights(plot)
        assert len(heights) >= 2
        assert min(heights) >= tick - 1, (heights, tick)
        for _, label in plot.legend.items:
            assert QColor(label.opts["color"]).name() == QColor(theme.text).name()


def test_legends_grow_with_the_presentation_font(qtbot):
    mia = MiaHistogram()
    qtbot.addWidget(mia)
    mia.set_theme(make_theme(dark=False))
    normal = min(legend_text_heights(mia.plot))
    mia.set_theme(make_theme(dark=False, presentation=True))
    assert min(legend_text_heights(mia.plot)) > 1.3 * normal
