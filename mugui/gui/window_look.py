"""WindowLook: the window's theme (light or dark) and presentation mode (full screen, large type)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtWidgets import QApplication

from mugui.gui.theme import Theme, apply_theme, make_theme

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow

PRESENTATION_COLUMNS = (0.2, 0.52, 0.28)  # shares of the screen: panels, plots, probe
FILL_CHECK_MS = 150  # then a full-screen window that does not fill its screen is fitted


class WindowLook:
    """Switches ``window`` between light and dark and in and out of presentation mode."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.dark = False
        self.presentation = False
        self._geometry_before_presentation = QByteArray()
        self._columns_before_presentation: list[int] = []

    @property
    def theme(self) -> Theme:
        return make_theme(self.dark, self.presentation)

    def set_dark(self, dark: bool) -> None:
        self.dark = bool(dark)
        self.window.actions.dark.setChecked(self.dark)
        self.apply()

    def set_presentation(self, on: bool) -> None:
        """Full screen with larger fonts and high contrast, or back to the normal window."""
        window, columns = self.window, self.window.columns
        window.actions.presentation.setChecked(bool(on))
        if bool(on) == self.presentation:
            return
        self.presentation = bool(on)
        if self.presentation:
            self._geometry_before_presentation = window.saveGeometry()
            self._columns_before_presentation = columns.sizes()
            window.showFullScreen()
            width = window.screen().geometry().width()
            columns.setSizes([int(width * share) for share in PRESENTATION_COLUMNS])
            # a full-screen request is asynchronous and, moved between screens, has been seen
            # to leave the window at its old height: then it is given its screen's geometry
            QTimer.singleShot(FILL_CHECK_MS, window, self._fill_screen)
        else:
            window.showNormal()
            window.restoreGeometry(self._geometry_before_presentation)
            columns.setSizes(self._columns_before_presentation)
        self.apply()

    def _fill_screen(self) -> None:
        window = self.window
        if self.presentation and window.size() != window.screen().geometry().size():
            window.setGeometry(window.screen().geometry())

    def normal_geometry(self) -> QByteArray:
        """The window's geometry outside presentation mode (what is remembered)."""
        if self.presentation:
            return self._geometry_before_presentation
        return self.window.saveGeometry()

    def apply(self) -> None:
        """Style the application and every view that draws its own colours."""
        theme = self.theme
        apply_theme(QApplication.instance(), theme)
        window = self.window
        for view in (
            window.curves,
            window.per_class,
            window.confusion,
            window.hidden_weights,
            window.probe,
            window.toolbar,
            window.lab.live,
            window.lab.verify_view,
            window.lab.compare,
            window.lab.inspect,
        ):
            view.set_theme(theme)
