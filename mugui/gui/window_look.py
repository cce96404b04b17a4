"""WindowLook: the window's theme (light or dark) and presentation mode (full screen, large type)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSize, QTimer
from PySide6.QtWidgets import QApplication

from mugui.gui.theme import Theme, apply_theme, make_theme, window_font_scale

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow

PRESENTATION_COLUMNS = (0.2, 0.52, 0.28)  # shares of the screen: panels, plots, probe
FILL_CHECK_MS = 150  # then a full-screen window that does not fill its screen is fitted
RESIZE_TRIES = 20  # a resize to the size a smaller type allows, tried this many times at most
RESIZE_RETRY_MS = 25


class _ScreenKeeper(QObject):
    """Re-fits a presentation window to its screen after any resize that leaves it otherwise,
    and scales the fonts to the window's new size."""

    def __init__(self, look: WindowLook):
        super().__init__(look.window)
        self.look = look

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            if self.look.presentation:
                QTimer.singleShot(0, self.look.window, self.look.fill_screen)
            self.look.font_follows(event.size())
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
        self.scale = 1.0  # the fonts', from the window's size (window_font_scale)
        self._wanted_size: QSize | None = None  # a resize's size, until the font follows it
        self._keeper = _ScreenKeeper(self)
        window.installEventFilter(self._keeper)

    @property
    def theme(self) -> Theme:
        return make_theme(self.dark, self.presentation, self.scale)

    def font_follows(self, size: QSize) -> None:
        """The window was resized to ``size``: if that asks for another font scale, change it
        once the resize is handled (a new font re-lays out the whole window). Until then each
        new size is the one wanted, except one that grows the window in both directions: the
        larger type's minimum size (1147×744 at 13 pt) clamping a window sent from 2560×1440
        to 1024×700 in one step (leaving presentation mode, un-maximizing)."""
        wanted = self._wanted_size
        if wanted is not None:
            if size.width() < wanted.width() or size.height() < wanted.height():
                self._wanted_size = QSize(size)
        elif window_font_scale(size.width(), size.height()) != self.scale:
            self._wanted_size = QSize(size)
            QTimer.singleShot(0, self.window, self.fit_font_to_size)

    def fit_font_to_size(self) -> None:
        """Scale the fonts to the size the window was given (larger than 1920×1080: larger
        type); a window the larger type's minimum kept larger gets that size with the smaller
        type."""
        wanted, self._wanted_size = self._wanted_size, None
        window = self.window
        if wanted is None:
            wanted = window.size()
        scale = window_font_scale(wanted.width(), wanted.height())
        if scale == self.scale:
            return
        smaller, self.scale = scale < self.scale, scale
        self.apply()
        window.columns.refit_probe_row()
        if smaller and window.size() != wanted:
            # once the new fonts' layouts have their smaller minimum sizes
            QTimer.singleShot(0, window, lambda: self._resize_to(wanted))

    def _resize_to(self, size: QSize, tries: int = RESIZE_TRIES) -> None:
        """Give the window ``size`` once the smaller type's minimum sizes are in: the layouts
        that are still to recompute them are made to first, and a resize the old minimum still
        clamped is tried again (seen on loaded machines and in CI: a window sent from 2560×1440
        to 1024×700 stayed 1,032 or 1,092 px wide with a 980 px minimum)."""
        window = self.window
        if self.presentation or window.isMaximized():
            return
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        window.resize(size)
        if window.size() != size and tries > 1:
            QTimer.singleShot(RESIZE_RETRY_MS, window, lambda: self._resize_to(size, tries - 1))
            return
        QTimer.singleShot(0, window, window.columns.refit_probe_row)  # once laid out

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
