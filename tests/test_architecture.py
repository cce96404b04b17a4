"""The layer contract (docs/architecture.md): the engine never imports Qt, the kernels import nothing of ours,
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
                # llvmlite: numba's own LLVM binding, for compiler_options
                allowed = ("numpy", "numba", "llvmlite", "math", "__future__")
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def test_every_package_folder_is_installed():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "mugui").rglob("__init__.py")
    }
    assert found <= listed, f"add to pyproject.toml: {sorted(found - listed)}"
    assert {"mugui_kernels", "mugui_resources"} <= listed


def _layer(module: str) -> int:
    """kernels 0 → engine 1 (data, training, unlearning, verification…) → runs, sweep 2 → cli, gui 3."""
    if module.startswith("mugui_kernels"):
        return 0
    if module.startswith(("mugui.runs", "mugui.sweep")):
        return 2
    if module.startswith(("mugui.cli", "mugui.gui", "mugui.__main__")):
        return 3
    return 1


def _mugui_imports() -> dict[str, set[str]]:
    """Every mugui module and the mugui/mugui_kernels modules it imports (lazy imports included)."""
    graph = {}
    for path in (ROOT / "mugui").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        package = module if parts[-1] == "__init__" else module.rpartition(".")[0]
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    names.add(".".join([*base, node.module] if node.module else base))
                else:
                    names.add(node.module or "")
        graph[module] = {n for n in names if n.split(".")[0] in ("mugui", "mugui_kernels")}
    return graph


def test_layers_point_one_way():
    for module, imports in _mugui_imports().items():
        for name in imports:
            assert _layer(name) <= _layer(module), f"{module} imports {name} from a higher layer"


def _engine_package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_engine_packages_import_each_other_without_cycles():
    """E.g. verification may use unlearning's forget sets, so unlearning never imports verification."""
    edges: dict[str, set[str]] = {}
    for module, imports in _mugui_imports().items():
        if _layer(module) != 1:
            continue
        for name in imports:
            a, b = _engine_package(module), _engine_package(name)
            if _layer(name) == 1 and a != b:
                edges.setdefault(a, set()).add(b)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in edges.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = sorted(a for a in edges if reaches(a, a, {a}))
    assert not cycles, f"engine packages in an import cycle: {cycles}"
