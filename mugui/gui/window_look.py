"""WindowLook: the window's theme (light or dark) and presentation mode (full screen, large type)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QTimer
from PySide6.QtWidgets import QApplication

from mugui.gui.theme import Theme, apply_theme, make_theme

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow

PRESENTATION_COLUMNS = (0.2, 0.52, 0.28)  # shares of the screen: panels, plots, probe
FILL_CHECK_MS = 150  # then a full-screen window that does not fill its screen is fitted


class _ScreenKeeper(QObject):
    """Re-fits a presentation window to its screen after any resize that leaves it otherwise."""

    def __init__(self, look: WindowLook):
        super().__init__(look.window)
        self.look = look

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.look.presentation:
            QTimer.singleShot(0, self.look.window, self.look.fill_screen)
        return False


class WindowLook:
    """Switches ``window`` between light and dark and in and out of presentation mode."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.dark = False
        self.presentation = False
        self._geometry_before_presentation = QByteArray()
        self._rect_before_presentation = QRect()
        self._maximized_before_presentation = False
        self._columns_before_presentation: list[int] = []
        self._keeper = _ScreenKeeper(self)
        window.installEventFilter(self._keeper)

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
            self._rect_before_presentation = window.geometry()
            self._maximized_before_presentation = window.isMaximized()
            self._columns_before_presentation = columns.sizes()
            window.showFullScreen()
            width = window.screen().geometry().width()
            columns.setSizes([int(width * share) for share in PRESENTATION_COLUMNS])
            # a full-screen request is asynchronous and, moved between screens, has been seen
            # to leave the window at another height: then it is given its screen's geometry
            # (checked once after the request and after every resize while presenting)
            QTimer.singleShot(FILL_CHECK_MS, window, self.fill_screen)
            self.apply()
        else:
            # exactly the rect it had, after the normal theme (whose minimum sizes are smaller):
            # restoreGeometry() re-fitted it to its frame and screen instead (seen: 1366×768 →
            # 1366×777 under X11; offscreen → 1227×774 on an 800×800 screen, and moved 23 px)
            self.apply()
            if self._maximized_before_presentation:
                window.showMaximized()
            else:
                window.showNormal()
                self.restore_normal_rect()
                # leaving full screen is asynchronous under X11: checked again once it is done
                QTimer.singleShot(FILL_CHECK_MS, window, self.restore_normal_rect)
            columns.setSizes(self._columns_before_presentation)

    def restore_normal_rect(self) -> None:
        """Out of presentation mode, give the window exactly the geometry it had before."""
        window, rect = self.window, self._rect_before_presentation
        if self.presentation or self._maximized_before_presentation or not rect.isValid():
            return
        if window.geometry() != rect:
            window.setGeometry(rect)

    def fill_screen(self) -> None:
        """In presentation mode, give the window its screen's geometry if it does not have it."""
        window = self.window
        if self.presentation and window.size() != window.screen().geometry().size():
            window.setGeometry(window.screen().geometry())
            if not window.isFullScreen():
                # checked before the full-screen request had resized it, the new geometry
                # took the window out of full screen (seen offscreen): ask again
                window.showFullScreen()

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
            window.lab.compare,
            *window.lab.views.views(),  # those built so far; the others take the theme when built
        ):
            view.set_theme(theme)
