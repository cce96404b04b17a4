"""How runs and bug switches are labelled on the plots and in the list of kept runs."""

from __future__ import annotations


def run_label(preset: str, bugs: tuple[str, ...]) -> str:
    """How a run is listed beside the plots: its preset and its bugs."""
    return f"{preset} · {', '.join(bugs) if bugs else 'no bugs'}"


def bug_switch_label(before: tuple[str, ...], after: tuple[str, ...]) -> str:
    """``+name`` for each bug switched on, ``−name`` for each switched off."""
    on = [f"+{name}" for name in after if name not in before]
    off = [f"−{name}" for name in before if name not in after]
    return " ".join(on + off)
