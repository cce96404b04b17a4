"""Colours and font sizes of the window: light, dark, and their high-contrast presentation variants.

A :class:`Theme` is plain data. :func:`apply_theme` sets the Qt palette, the application font and
the style sheet; each plot widget styles itself from the same theme with :func:`style_plot`.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication

pg.setConfigOptions(antialias=True, imageAxisOrder="row-major")

BASE_POINT_SIZE = 10.0
MIN_POINT_SIZE = 9.0  # nothing the window draws (ticks, counts, labels) is smaller
PRESENTATION_SCALE = 1.45
# A window larger than 1920×1080 (logical pixels: the screen's DPI scaling is already in them)
# scales its fonts with it, in steps of 0.1 up to 1.5: 13 pt at 2560×1440, where 10 pt text was a
# fifth smaller against the window than at 1920×1080; windows up to 1920×1080 keep 10 pt. It is
# the window's size, not its screen's: a 1366×768 window on a 2560×1440 screen keeps the type its
# layout is made for (with 13 pt it cut the probe's rows and hid the peak's label).
LARGE_WINDOW = (1920, 1080)
MAX_WINDOW_SCALE = 1.5
# The window's typeface ships with it (resources/fonts, DejaVu Sans): with the system's default
# sans-serif the minimum sizes followed whatever fonts a machine had (980 px wide with DejaVu,
# 1,127 px with none installed, 1,092 px on a CI machine), so a layout that fitted 1024×700 on
# one machine did not on another.
FONT_FILES = ("fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf")


@dataclass(frozen=True)
class Theme:
    """Everything a widget needs to draw itself in one look."""

    name: str
    dark: bool
    high_contrast: bool
    window: str
    base: str
    border: str
    progress: str
    text: str
    muted: str
    grid_alpha: float
    accent: str
    loss: str
    train: str
    test: str
    marker: str
    bars: str
    bars_predicted: str
    line_width: float
    point_size: float

    @property
    def plot_background(self) -> str:
        return self.base

    def font(self, scale: float = 1.0, bold: bool = False) -> QFont:
        """The theme's font at ``scale`` times its size, never below ``MIN_POINT_SIZE``."""
        font = QFont(font_family())
        font.setPointSizeF(max(MIN_POINT_SIZE, self.point_size * scale))
        font.setBold(bold)
        return font


@functools.cache
def font_family() -> str:
    """The family of the typeface shipped in ``resources/fonts``, registered with Qt on first use
    (needs a QGuiApplication); the system's default family if the files cannot be read."""
    families: list[str] = []
    for name in FONT_FILES:
        try:
            data = _resource(name).read_bytes()
        except OSError:
            continue
        font_id = QFontDatabase.addApplicationFontFromData(data)
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else QFont().family()


def window_font_scale(width: int, height: int) -> float:
    """How much larger than ``BASE_POINT_SIZE`` the fonts of a ``width`` × ``height`` window are:
    1 up to 1920×1080, then with the smaller of its two ratios to that, in steps of 0.1."""
    ratio = min(width / LARGE_WINDOW[0], height / LARGE_WINDOW[1])
    return min(MAX_WINDOW_SCALE, max(1.0, math.floor(ratio * 10 + 1e-9) / 10))


def make_theme(dark: bool, presentation: bool = False, scale: float = 1.0) -> Theme:
    """The light or dark theme; ``presentation`` makes it high-contrast with larger fonts;
    ``scale`` enlarges every font (a large window's, :func:`window_font_scale`)."""
    table = _looks()
    name = ("dark" if dark else "light") + ("-presentation" if presentation else "")
    look = table["looks"].index(name)
    return Theme(
        name=name,
        dark=dark,
        high_contrast=presentation,
        grid_alpha=table["grid_alpha"][look],
        line_width=3.5 if presentation else 2.2,
        point_size=BASE_POINT_SIZE * scale * (PRESENTATION_SCALE if presentation else 1.0),
        **{field: colours[look] for field, colours in table["colours"].items()},
    )


@functools.cache
def _looks() -> dict:
    """The colour table of the four looks (``styles/looks.json``)."""
    return json.loads(_resource("styles/looks.json").read_text("utf-8"))


def _resource(name: str):
    return resources.files("mugui_resources").joinpath(name)


def _style_sheet() -> str:
    return _resource("styles/window.qss").read_text("utf-8")


def apply_font(app: QApplication, theme: Theme) -> None:
    """Make the theme's font the application's: set before the window builds its widgets, so
    they all start in it (widgets built before ``setFont`` kept Qt's 9 pt default until the
    first change of theme reached them, while the lab's tabs built later had the theme's)."""
    app.setFont(theme.font())


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Set the palette, the application font and the style sheet of ``app`` from ``theme``."""
    app.setStyle("Fusion")
    palette = QPalette()
    window, base, text = QColor(theme.window), QColor(theme.base), QColor(theme.text)
    button = window.lighter(115) if theme.dark else window.darker(104)
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, button),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.ToolTipBase, base),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, QColor(theme.muted)),
        (QPalette.ColorRole.Highlight, QColor(theme.accent)),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.Link, QColor(theme.accent)),
    ):
        palette.setColor(role, colour)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.muted))
    app.setPalette(palette)
    apply_font(app, theme)
    app.setStyleSheet(
        _style_sheet()
        .replace("@accent", theme.accent)
        .replace("@muted", theme.muted)
        .replace("@text", theme.text)
        .replace("@base", theme.base)
        .replace("@border", theme.border)
        .replace("@progress", theme.progress)
        .replace("@icons", _quotable(Path(str(_resource("icons"))).as_posix()))
    )


def _quotable(path: str) -> str:
    """``path`` as it may stand in the style sheet's quoted ``url("...")``: unquoted, an install
    folder with a space in its name made Qt drop the whole sheet ("Could not parse application
    stylesheet"), and the window lost its look."""
    return path.replace("\\", "\\\\").replace('"', '\\"')


def style_plot(plot: pg.PlotItem, theme: Theme, title: str | None = None) -> None:
    """Give a plot the theme's colours, readable tick and label fonts, a light grid and a title.

    ``title`` None leaves the plot without a title in its scene (a :class:`TitledPlot` shows it
    in a wrapping label instead)."""
    tick_font = theme.font(0.9)
    # room above the view for the top tick label's upper half ("100%" at the top of a short
    # plot was cut by the plot's edge in presentation mode on a 1280×720 screen)
    half_tick = QFontMetrics(tick_font).height() // 2 + 1
    plot.layout.setContentsMargins(1, half_tick, 1, 1)
    label_size = f"{theme.point_size:.0f}pt"
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(theme.muted, width=1))
        axis.setTextPen(pg.mkPen(theme.text))
        axis.setStyle(tickFont=tick_font, tickTextOffset=4)
        if axis.labelText:
            style = {"font-size": label_size, "color": theme.text}
            axis.setLabel(axis.labelText, units=axis.labelUnits, **style)
    plot.showGrid(x=True, y=True, alpha=theme.grid_alpha)
    if plot.legend is not None:
        style_legend(plot.legend, theme)
    if title is None:
        plot.setTitle(None)
    else:
        plot.setTitle(title, color=theme.text, size=f"{theme.point_size * 1.15:.0f}pt", bold=True)


def style_legend(legend: pg.LegendItem, theme: Theme) -> None:
    """A plot's legend in the tick labels' font and the text colour, on a veil of the plot's
    background (pyqtgraph's 9 pt grey stayed small in presentation mode)."""
    legend.setLabelTextSize(f"{theme.font(0.9).pointSizeF():.1f}pt")
    legend.setLabelTextColor(theme.text)
    veil = QColor(theme.plot_background)
    veil.setAlpha(200)
    legend.setBrush(veil)
    for _, label in legend.items:
        label.setText(label.text)  # the size and colour apply when a label's text is set
    legend.updateSize()
