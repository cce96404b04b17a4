"""Regenerate README.md's tables from the catalogues (bugs, presets, unlearning methods).

Run ``python docs/readme_tables.py`` after changing a catalogue; ``tests/test_readme.py`` fails
while README.md is out of date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def bugs_table() -> str:
    from mugui.bugs import BUGS

    rows = ["| bug | what it does | provenance |", "|---|---|---|"]
    rows += [f"| `{b.name}` | {b.summary} | {b.provenance} |" for b in BUGS.values()]
    return "\n".join(rows)


def presets_table() -> str:
    from mugui.presets import PRESETS

    rows = [
        "| preset | schedule | batch | lr | momentum | epochs | shuffle | style strokes | non-digits | bugs |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in PRESETS.values():
        c = p.config
        bugs = ", ".join(f"`{b}`" for b in c.bugs) or "none"
        rows.append(
            f"| `{p.name}` ({p.title}) | {c.schedule} | {c.batch_size} | {c.lr} | {c.momentum} | {c.epochs} | {c.shuffle} | {c.style_strokes} | {c.outlier_exposure} | {bugs} |"
        )
    return "\n".join(rows)


def methods_table() -> str:
    from mugui.unlearning.registry import all_methods

    rows = [
        "| method | recommended | what it does | defaults | source |",
        "|---|---|---|---|---|",
    ]
    for m in all_methods():
        defaults = ", ".join(f"{p.name}={p.default}" for p in m.params) or "—"
        for data_name, values in m.data_defaults.items():
            defaults += f"; on {data_name}: " + ", ".join(f"{k}={v}" for k, v in values.items())
        for arch, values in m.arch_defaults.items():
            defaults += f"; on a {arch.upper()}: " + ", ".join(
                f"{k}={v}" for k, v in values.items()
            )
        mark = "yes" if m.recommended else "no"
        rows.append(f"| `{m.name}` | {mark} | {m.summary} | {defaults} | {m.source} |")
    return "\n".join(rows)


TABLES = {"bugs": bugs_table, "presets": presets_table, "methods": methods_table}


def render(text: str) -> str:
    for name, make in TABLES.items():
        pattern = re.compile(rf"(<!-- begin:{name} -->\n).*?(<!-- end:{name} -->)", re.S)
        if pattern.search(text):
            text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


if __name__ == "__main__":
    README.write_text(render(README.read_text()))
    sys.exit(0)
