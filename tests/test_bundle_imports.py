"""Every mugui module imports without the packages the desktop bundle leaves out.

packaging/mugui.spec excludes most of SciPy and other unused packages to keep the bundle small; a
module that imports one of them (as temperature scaling once imported scipy.optimize) breaks the
packaged app at start-up while every test of the source tree passes. This imports each module in
a fresh interpreter where the excluded packages cannot be found.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SPEC = Path(__file__).resolve().parents[1] / "packaging" / "mugui.spec"
LISTS = ("SCIPY_UNUSED", "OTHER_UNUSED")  # QtOpenGL gets placeholders from a runtime hook

CHECK = """
import importlib, importlib.abc, pkgutil, sys
excluded = {excluded!r}

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if any(name == e or name.startswith(e + ".") for e in excluded):
            raise ModuleNotFoundError(f"{{name}} is left out of the bundle", name=name)
        return None

sys.meta_path.insert(0, Refuse())
import mugui
failed = []
for info in pkgutil.walk_packages(mugui.__path__, "mugui."):
    if info.name.startswith("mugui.sweep.ray") or info.name.endswith("__main__"):
        continue  # Ray is the optional cluster extra; __main__ would start the app
    try:
        importlib.import_module(info.name)
    except ModuleNotFoundError as error:
        failed.append(f"{{info.name}}: {{error}}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def excluded_modules() -> list[str]:
    """The spec's exclusion lists, evaluated from its own assignments."""
    namespace: dict = {}
    for node in ast.parse(SPEC.read_text()).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in LISTS for t in node.targets
        ):
            exec(compile(ast.Module([node], []), str(SPEC), "exec"), namespace)
    return [name for key in LISTS for name in namespace[key]]


def test_the_spec_excludes_what_this_test_blocks():
    excluded = excluded_modules()
    assert "scipy.optimize" in excluded and "matplotlib" in excluded


def test_every_module_imports_without_what_the_bundle_leaves_out():
    code = CHECK.format(excluded=excluded_modules())
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
