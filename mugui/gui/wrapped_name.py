"""wrapped_name: a name broken onto as many lines as it needs to fit a width (a table's row names
in a narrow tab: elided, they could only be read in tooltips, which an audience never sees)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics


def wrapped_name(name: str, metrics: QFontMetrics, width: int) -> str:
    """``name`` with line breaks between words so that no line is wider than ``width`` pixels;
    a single word wider than that is elided (the caller keeps the full name in a tooltip)."""
    lines: list[str] = []
    for word in name.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and metrics.horizontalAdvance(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines)
