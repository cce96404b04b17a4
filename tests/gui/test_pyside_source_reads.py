"""PySide6's import hook asks of every module imported after it whether it uses PySide6; the
window package has it answer from the file's bytes, so linecache does not keep every source
(33 MB of the window's memory)."""

import linecache
import sys

import mugui.gui  # noqa: F401 - importing the window package is what installs the answer
from mugui.gui.pyside_source_reads import HOOK_FUNCTION, HOOK_MODULE, uses_pyside


def test_a_module_imported_after_the_window_package_leaves_no_source_in_linecache(
    tmp_path, monkeypatch
):
    path = tmp_path / "module_for_the_import_hook.py"
    path.write_text("VALUE = 7\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "module_for_the_import_hook", raising=False)
    namespace: dict = {}
    exec("import module_for_the_import_hook", namespace)  # through the hook, as code imports
    assert namespace["module_for_the_import_hook"].VALUE == 7
    assert str(path) not in linecache.cache
    sys.modules.pop("module_for_the_import_hook", None)


def test_the_hook_still_tells_the_modules_that_use_pyside6_from_the_others(tmp_path):
    assert getattr(sys.modules[HOOK_MODULE], HOOK_FUNCTION) is uses_pyside
    uses, plain = tmp_path / "uses.py", tmp_path / "plain.py"
    uses.write_text("from PySide6.QtCore import QObject\n")
    plain.write_text("import numpy\n")

    class Module:
        def __init__(self, path):
            self.__file__ = str(path)

    assert uses_pyside(Module(uses))
    assert not uses_pyside(Module(plain))
    assert not uses_pyside(Module(tmp_path / "missing.py"))
    assert not uses_pyside(sys)  # built in: no file
