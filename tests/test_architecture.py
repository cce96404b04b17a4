"""Import rules of STYLE.md: the engine never imports Qt, the kernels import nothing of ours,
and every package folder is installed."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ENGINE_IMPORT = """
import builtins, importlib, pkgutil, sys
real_import = builtins.__import__
def guarded(name, *args, **kwargs):
    if name.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6", "PyQt5", "PyQt6"):
        raise ImportError("the engine imported Qt: " + name)
    return real_import(name, *args, **kwargs)
builtins.__import__ = guarded
import mugui
for info in pkgutil.walk_packages(mugui.__path__, "mugui."):
    if info.name.startswith("mugui.gui") or info.name.endswith("__main__"):
        continue
    importlib.import_module(info.name)
print("ok")
"""


def test_engine_imports_without_qt():
    out = subprocess.run(
        [sys.executable, "-c", ENGINE_IMPORT], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith("ok")


def test_kernels_import_only_numba_numpy_and_each_other():
    for path in (ROOT / "kernels").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            for name in names:
                assert name.split(".")[0] in ("numpy", "numba", "math", "__future__"), (
                    f"{path.name} imports {name}"
                )


def test_every_package_folder_is_installed():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "mugui").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject.toml: {sorted(found - listed)}"
    assert {"mugui_kernels", "mugui_resources"} <= listed
