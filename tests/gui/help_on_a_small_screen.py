"""Run by tests/gui/test_help_keys.py in a process whose offscreen screen is 1280×720: the
window in presentation mode, F1's help shown; prints the help's and the screen's geometry and
whether its whole text shows without scrolling, as JSON."""

import json
import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

from mugui.gui.app import create_application
from mugui.gui.dialogs import show_help
from mugui.gui.main_window import MainWindow


def main(folder: str) -> None:
    app = create_application(["help-check"])
    settings = QSettings(f"{folder}/settings.ini", QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, warm_up_kernels=False)
    window.show()
    window.toggle_presentation(True)
    app.processEvents()
    box = show_help(window)
    app.processEvents()
    scrolls = [a.verticalScrollBar().maximum() for a in box.findChildren(QAbstractScrollArea)]
    shown = box.frameGeometry()
    screen = window.screen().availableGeometry()
    print(
        json.dumps(
            {
                "help": [shown.width(), shown.height()],
                "screen": [screen.width(), screen.height()],
                "inside": screen.contains(shown),
                "scrolls": any(scrolls),
            }
        )
    )
    box.close()
    window.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main(sys.argv[1])
