"""Start the desktop application: ``run_app()`` is what ``mugui`` without a subcommand calls."""

from __future__ import annotations

import contextlib
import os
import pwd
import sys
from importlib import resources

from PySide6.QtCore import QCoreApplication, QEvent, QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from mugui import __version__
from mugui.gui.dialogs import install_excepthook
from mugui.gui.main_window import SETTINGS_APPLICATION, SETTINGS_ORGANISATION, MainWindow
from mugui.gui.malloc_settings import tune_malloc
from mugui.unlearning import kernel_warmup

DESKTOP_ID = "io.github.mugui.mugui"  # packaging/io.github.mugui.mugui.desktop


def app_icon() -> QIcon:
    """mugui's icon: its PNG sizes (crisp in title bars and docks) and the SVG for any other size."""
    icons = resources.files("mugui_resources").joinpath("icons")
    icon = QIcon()
    for png in sorted(p.name for p in icons.iterdir() if p.name.startswith("mugui-")):
        size = int(png.removeprefix("mugui-").removesuffix(".png"))
        icon.addFile(str(icons.joinpath(png)), QSize(size, size))
    icon.addFile(str(icons.joinpath("mugui.svg")))
    return icon


def ensure_home() -> None:
    """Give Qt a HOME when it is unset (cron, some sandboxes): without one, settings went to
    /.config. The user's home folder comes from the password database."""
    if not os.environ.get("HOME"):
        with contextlib.suppress(KeyError, OSError):
            os.environ["HOME"] = pwd.getpwuid(os.getuid()).pw_dir


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with mugui's names (for settings) and icon; reuses a running one."""
    ensure_home()
    tune_malloc()  # before Qt, the kernels and the runs start their threads
    kernel_warmup.COMPILE_APART = True  # numba's compiler stays out of the window's memory
    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    app.setOrganizationName(SETTINGS_ORGANISATION)
    app.setApplicationName(SETTINGS_APPLICATION)
    app.setApplicationDisplayName("mugui")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(DESKTOP_ID)  # lets Wayland docks match the window to its menu entry
    return app


def run_app(argv: list[str] | None = None) -> int:
    """Show the main window and run the event loop; returns the exit code."""
    app = create_application(argv)
    install_excepthook()
    window = MainWindow()
    # A window that closes while a kernel or data load runs hides first and closes when it ends;
    # Qt does not count closing a hidden window as closing the last one, so quit here.
    # Quitting only while the loop runs: a quit processed after exec() returned (the window
    # closing late, when its threads end, or the "last window closed" Quit event still queued)
    # sets Qt's quit flag for good, and every later event loop of the process returns at once.
    window.finally_closed.connect(app.quit)
    window.show()
    try:
        return app.exec()
    finally:
        window.finally_closed.disconnect(app.quit)
        QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
