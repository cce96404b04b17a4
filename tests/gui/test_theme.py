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
