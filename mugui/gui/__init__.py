"""The desktop window (the only part of mugui that imports Qt): ``from mugui.gui import MainWindow``.

The window is imported on first use, so that importing one widget module stays light.
"""

__all__ = ["MainWindow"]


def __getattr__(name: str):
    if name == "MainWindow":
        from mugui.gui.main_window import MainWindow

        return MainWindow
    raise AttributeError(f"module 'mugui.gui' has no attribute {name!r}")
