"""Themes: light, dark and the presentation variants are complete and apply to the application."""

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from mugui.gui.theme import PRESENTATION_SCALE, apply_theme, make_theme


@pytest.mark.parametrize("dark", [False, True])
def test_presentation_is_larger_and_higher_contrast(dark):
    normal, stage = make_theme(dark), make_theme(dark, presentation=True)
    assert stage.point_size == pytest.approx(normal.point_size * PRESENTATION_SCALE)
    assert stage.high_contrast and not normal.high_contrast
    assert stage.line_width > normal.line_width
    assert stage.text in ("#ffffff", "#000000")


@pytest.mark.parametrize("dark", [False, True])
def test_applying_a_theme_sets_palette_font_and_a_complete_style_sheet(qapp, dark):
    theme = make_theme(dark, presentation=True)
    apply_theme(qapp, theme)
    assert QApplication.font().pointSizeF() == pytest.approx(theme.point_size)
    window = qapp.palette().color(QPalette.ColorRole.Window)
    assert (window.lightness() < 128) == dark
    sheet = qapp.styleSheet()
    assert "@" not in sheet.replace("@media", "")
    assert "check.svg" in sheet
    apply_theme(qapp, make_theme(False))


def test_every_widget_of_a_new_window_starts_in_the_theme_font(qapp, qtbot):
    """Widgets built before the theme's font was applied kept the font the application had (Qt's
    9 pt default on a first start) until the first change of theme, while the lab's tabs, built
    later, had the theme's 10 pt: one window, two sizes of text."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QWidget

    from mugui.gui.main_window import MainWindow

    stale = QFont()
    stale.setPointSizeF(7.0)  # what the application had before this window (not the theme's)
    qapp.setFont(stale)
    qapp.setStyleSheet("")  # as on a first start: no theme applied yet
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.show()
    window.lab.views.build()
    expected = make_theme(dark=False).point_size
    inherited = [
        widget
        for widget in [window, *window.findChildren(QWidget)]
        if not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont)
    ]
    sizes = {widget.font().pointSizeF() for widget in inherited}
    assert len(inherited) > 100
    assert sizes == {expected}


def test_fonts_scale_with_windows_larger_than_1920x1080():
    from mugui.gui.theme import window_font_scale

    assert [window_font_scale(*size) for size in ((1024, 700), (1920, 1080), (2560, 1440))] == [
        1.0,
        1.0,
        1.3,
    ]
    assert window_font_scale(2560, 1080) == 1.0  # the smaller ratio decides
    assert window_font_scale(7680, 4320) == 1.5
    assert make_theme(False, scale=1.3).point_size == pytest.approx(13.0)
    assert make_theme(False, True, scale=1.3).point_size == pytest.approx(13.0 * 1.45)


@pytest.mark.parametrize("folder", ["my apps", "Programme é", 'odd "quoted" name'])
def test_the_style_sheet_applies_from_an_install_folder_with_a_space_in_its_name(
    qapp, qtbot, tmp_path, monkeypatch, folder
):
    """The check mark's url() was unquoted: installed under a folder with a space, Qt dropped the
    whole style sheet ("Could not parse application stylesheet"; a Qt warning fails any test)
    and a ticked box lost its accent colour."""
    import shutil
    from importlib import resources

    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QCheckBox

    from mugui.gui import theme as theme_module

    shipped = resources.files("mugui_resources")
    moved = tmp_path / folder / "resources"
    for part in ("icons", "styles"):
        shutil.copytree(str(shipped.joinpath(part)), moved / part)
    monkeypatch.setattr(theme_module, "_resource", lambda name: moved / name)
    theme = make_theme(False)
    apply_theme(qapp, theme)
    try:
        box = QCheckBox("ticked")
        qtbot.addWidget(box)
        box.setChecked(True)
        box.show()
        qtbot.waitExposed(box)
        image = box.grab().toImage()
        accent = QColor(theme.accent)
        colours = {
            image.pixelColor(x, y).rgb()
            for x in range(image.width())
            for y in range(image.height())
        }
        assert accent.rgb() in colours
    finally:
        monkeypatch.undo()
        apply_theme(qapp, make_theme(False))
