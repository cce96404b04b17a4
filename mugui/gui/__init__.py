"""The desktop window (the only part of mugui that imports Qt): ``from mugui.gui import MainWindow``.

The window is imported on first use, so that importing one widget module stays light. The
sources PySide6 reads at every import are not kept (``pyside_source_reads``).
"""

from mugui.gui.pyside_source_reads import keep_no_sources

keep_no_sources()

__all__ = ["MainWindow"]


def __getattr__(name: str):
    if name == "MainWindow":
        from mugui.gui.main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module 'mugui.gui' has no attribute {name!r}")
