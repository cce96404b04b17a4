"""DemoSteps: the six steps of the story as big numbered buttons, for talks (View → Demo mode)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from mugui.gui.controls import wrapping_label

# (title, what the step sets up and runs); the README's story in the same words.
STEPS = (
    ("Learn", "Train the healthy network on the digits; then draw on the canvas."),
    ("Learn backwards", "Train nn.c as published: test accuracy peaks, then falls."),
    ("Fix", "Untick batch_image_index, the real culprit, and train again: it learns."),
    (
        "Forget 5",
        "The trained network forgets every 5 by zeroing its output weights (the seed's method;"
        " the panel shows it, pick another there and press Forget to compare).",
    ),
    ("Verify", "Compare with a network retrained from scratch without the 5s."),
    ("Relearn", "Train both again and race: how fast do the 5s come back?"),
)


class DemoSteps(QWidget):
    """``demoStepButton_1``…``_6``; ``step_requested(n)`` asks the window to run step n (1-based)."""

    step_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("demoSteps")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.buttons: list[QPushButton] = []
        for number, (title, tip) in enumerate(STEPS, start=1):
            button = QPushButton(f"{number}  {title}", self)
            button.setObjectName(f"demoStepButton_{number}")
            button.setToolTip(tip)
            button.setMinimumHeight(44)
            button.clicked.connect(lambda _=False, n=number: self.step_requested.emit(n))
            layout.addWidget(button, 1)
            self.buttons.append(button)
        self.hint = wrapping_label(self, "demoHint")
        layout.addWidget(self.hint, 2)

    def mark(self, number: int) -> None:
        """Show which step ran last and what it does."""
        for k, button in enumerate(self.buttons, start=1):
            font = button.font()
            font.setBold(k == number)
            button.setFont(font)
        self.hint.setText(STEPS[number - 1][1])
