"""UnlearningPanel: what to forget, how, and the Forget / Cancel / Verify / Relearn buttons."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from mugui.gui.controls import push_button, wrapping_label
from mugui.gui.forget_target_picker import ForgetTargetPicker
from mugui.gui.method_form import MethodForm


class UnlearningPanel(QWidget):
    """The left column's Unlearning section. The buttons only ask; the window's lab does the work."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.picker = ForgetTargetPicker(self)
        self.method_form = MethodForm(self)
        self.unlearn_button = push_button(
            self,
            "Forget",
            "unlearnButton",
            "Make a copy of the current model forget the chosen data",
        )
        self.cancel_button = push_button(
            self, "Cancel", "cancelUnlearnButton", "Stop; the current model stays as it was"
        )
        self.verify_button = push_button(
            self,
            "Verify",
            "verifyButton",
            "Compare the original, the unlearned model and a model retrained without the data",
        )
        self.relearn_button = push_button(
            self,
            "Relearn",
            "relearnButton",
            "Train the unlearned model and the retrained one on the full data again, step by "
            "step: how fast does the forgotten data come back?",
        )
        self.progress = QProgressBar(self)
        self.progress.setObjectName("unlearnProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("idle")  # as the training's bar: blank, it read as a text field
        self.progress.setMinimumWidth(60)
        self.status = wrapping_label(self, "unlearnStatus")
        buttons = QGridLayout()
        buttons.addWidget(self.unlearn_button, 0, 0)
        buttons.addWidget(self.cancel_button, 0, 1)
        buttons.addWidget(self.verify_button, 1, 0)
        buttons.addWidget(self.relearn_button, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("What to forget", self))
        layout.addWidget(self.picker)
        layout.addWidget(QLabel("How", self))
        layout.addWidget(self.method_form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.set_busy(False, can_verify=False)

    def set_busy(self, busy: bool, can_verify: bool) -> None:
        """While a run goes only Cancel works; Verify and Relearn need an unlearned model."""
        self.unlearn_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.verify_button.setEnabled(not busy and can_verify)
        self.relearn_button.setEnabled(not busy and can_verify)
        self.picker.setEnabled(not busy)
        self.method_form.setEnabled(not busy)

    def show_progress(self, fraction: float, phrase: str) -> None:
        self.progress.setValue(int(1000 * max(0.0, min(1.0, fraction))))
        self.progress.setFormat(f"{fraction:.0%} {phrase}")

    def say(self, text: str) -> None:
        self.status.setText(text)
