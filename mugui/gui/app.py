"""Start the desktop application: ``run_app()`` is what ``mugui`` without a subcommand calls."""

from __future__ import annotations

import sys
from importlib import resources

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from mugui import __version__
from mugui.gui.dialogs import install_excepthook
from mugui.gui.main_window import SETTINGS_APPLICATION, SETTINGS_ORGANISATION, MainWindow


def app_icon() -> QIcon:
    return QIcon(str(resources.files("mugui_resources").joinpath("icons/mugui.svg")))


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with mugui's names (for settings) and icon; reuses a running one."""
    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setOrganizationName(SETTINGS_ORGANISATION)
    app.setApplicationName(SETTINGS_APPLICATION)
    app.setApplicationDisplayName("mugui")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    return app


def run_app(argv: list[str] | None = None) -> int:
    """Show the main window and run the event loop; returns the exit code."""
    app = create_application(argv)
    install_excepthook()
    window = MainWindow()
    window.show()
    return app.exec()
