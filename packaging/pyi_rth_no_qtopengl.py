"""PyInstaller runtime hook: placeholders for the Qt OpenGL modules the bundle leaves out.

pyqtgraph imports PySide6.QtOpenGL and PySide6.QtOpenGLWidgets when it is imported, but uses them
only to draw with OpenGL (``useOpenGL``), which mugui never turns on. The bundle drops those
modules and their Qt libraries (9.6 MB); these placeholders let pyqtgraph import, and turning
OpenGL on would fail with a clear error.
"""

import sys
import types

MISSING = "Qt's OpenGL modules are not part of the mugui bundle"


class QOpenGLWidget:
    """Stands in for the missing class: pyqtgraph subclasses it, nothing creates one."""

    def __init__(self, *args, **kwargs):
        raise ImportError(MISSING)


def placeholder(name: str, **attributes) -> types.ModuleType:
    module = types.ModuleType(name, MISSING)
    module.__dict__.update(attributes)
    return module


def install() -> None:
    for name, attributes in (
        ("PySide6.QtOpenGL", {}),
        ("PySide6.QtOpenGLWidgets", {"QOpenGLWidget": QOpenGLWidget}),
    ):
        sys.modules.setdefault(name, placeholder(name, **attributes))


if getattr(sys, "frozen", False):
    install()
