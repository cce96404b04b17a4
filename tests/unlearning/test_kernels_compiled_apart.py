"""The window compiles the unlearning kernels missing from numba's cache in a child process, so
that numba's compiler never runs in its own (issue #12: 350 -> 478 MB at the first Forget)."""

import sys

from mugui.unlearning import kernel_warmup


def warm_with(monkeypatch, apart: bool, cached: list[bool]) -> list[list[str]]:
    children: list[list[str]] = []
    monkeypatch.setattr(kernel_warmup, "COMPILE_APART", apart)
    monkeypatch.setattr(kernel_warmup, "_warm", False)
    monkeypatch.setattr(kernel_warmup, "_unlearning_kernels_cached", lambda: cached[0])
    monkeypatch.setattr(
        kernel_warmup.subprocess, "run", lambda command, **_: children.append(command)
    )
    kernel_warmup.warm_unlearning_kernels()
    return children


def test_kernels_missing_from_the_cache_are_compiled_by_a_child_when_asked(monkeypatch):
    children = warm_with(monkeypatch, apart=True, cached=[False])
    assert children == [[sys.executable, "-m", "mugui.unlearning.kernel_warmup"]]
    assert kernel_warmup.kernels_warm()  # then loaded (or, had the child failed, compiled) here


def test_no_child_when_they_are_cached_or_outside_the_window(monkeypatch):
    assert warm_with(monkeypatch, apart=True, cached=[True]) == []
    assert warm_with(monkeypatch, apart=False, cached=[False]) == []


def test_the_window_application_asks_for_it(qapp, monkeypatch):
    from mugui.gui import app

    monkeypatch.setattr(kernel_warmup, "COMPILE_APART", False)
    app.create_application([])
    assert kernel_warmup.COMPILE_APART is True
