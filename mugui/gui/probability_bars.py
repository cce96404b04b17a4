"""ProbabilityBars: the model's ten class probabilities and, large, the digit it predicts."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from mugui.forgotten_answer import answer
from mugui.gui.theme import Theme, make_theme

N_CLASSES = 10
ROW_HEIGHT = 1.3  # a class row's least height, in heights of its tallest text


class _Bars(QWidget):
    """Ten horizontal bars, one per class, labelled with the class and its percentage."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.probabilities: np.ndarray | None = None
        self.highlight: int | None = None
        self.class_names: tuple[str, ...] = tuple(str(d) for d in range(N_CLASSES))
        self.theme = make_theme(dark=False)
        self.text_font = self.theme.font()  # the class names' and percentages'

    def fit_rows(self) -> None:
        """A row per class ``ROW_HEIGHT`` times as tall as the texts painted in it (class name,
        "100%"): shorter rows drew them over each other (presentation mode on a 1280×720 screen:
        15 px rows for 17 px digits), and rows just taller than their digits (16 px for 14 px)
        ran together from a distance."""
        metrics = QFontMetrics(self.text_font)
        texts = (*self.class_names, "100%")
        tallest = max(metrics.tightBoundingRect(text).height() for text in texts)
        self.setMinimumHeight(math.ceil(N_CLASSES * tallest * ROW_HEIGHT))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.text_font)
        metrics = painter.fontMetrics()
        label_width = max(metrics.horizontalAdvance(name) for name in self.class_names) + 8
        value_width = metrics.horizontalAdvance("100%") + 6
        row = self.height() / N_CLASSES
        bar_left = label_width
        bar_span = max(1.0, self.width() - label_width - value_width)
        for k in range(N_CLASSES):
            top = k * row
            text_rect = QRectF(0, top, label_width - 6, row)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.class_names[k],
            )
            track = QRectF(bar_left, top + row * 0.18, bar_span, row * 0.64)
            painter.fillRect(track, self.palette().alternateBase())
            if self.probabilities is None:
                continue
            p = float(self.probabilities[k])
            colour = self.theme.bars_predicted if k == self.highlight else self.theme.bars
            painter.fillRect(
                QRectF(track.left(), track.top(), bar_span * p, track.height()), QColor(colour)
            )
            painter.setPen(self.palette().windowText().color())
            value_rect = QRectF(bar_left + bar_span + 4, top, value_width, row)
            painter.drawText(
                value_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{p:.0%}"
            )
        painter.end()


class ProbabilityBars(QWidget):
    """The predicted digit in large type next to the probability of every class.

    With an abstain threshold above zero, a top probability below it shows "?" instead of a digit.
    For a model made to forget classes, the answer policy (``mugui.forgotten_answer``) decides
    what it says when it meets one: the most probable class, "forgotten", or "?".
    An empty canvas shows no digit and empty bars.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("probabilityBars")
        self._threshold = 0.0
        self._policy = "argmax"
        self._forgotten: tuple[int, ...] = ()
        self._label = QLabel("", self)
        self._label.setObjectName("predictionLabel")
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._abstain_reason = ""
        self._unusual = ""
        self._reason = ""
        self._tooltip = (
            'The digit the model predicts ("?" when it abstains, "forgotten" when it meets a '
            "class it was made to forget and the answer policy says so)"
        )
        self._label.setToolTip(self._tooltip)
        self._bars = _Bars(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label, 0)
        layout.addWidget(self._bars, 1)
        self.set_theme(make_theme(dark=False))

    @property
    def class_rows(self) -> QWidget:
        """The painted rows of class names, bars and percentages."""
        return self._bars

    @property
    def prediction_text(self) -> str:
        return self._label.text()

    def set_abstain_threshold(self, threshold: float) -> None:
        """Abstain ("?") when the top probability is below ``threshold`` (0 never abstains)."""
        self._threshold = float(threshold)
        self._refresh_label()

    def set_answer_policy(self, policy: str, forgotten: tuple[int, ...]) -> None:
        """What to answer for the ``forgotten`` classes (see ``mugui.forgotten_answer``)."""
        self._policy = policy
        self._forgotten = tuple(forgotten)
        self._refresh_label()

    def set_class_names(self, names: tuple[str, ...]) -> None:
        self._bars.class_names = tuple(names)
        self._bars.fit_rows()
        self._bars.update()

    def set_probabilities(
        self, probabilities: np.ndarray | None, abstain: str = "", unusual: str = ""
    ) -> None:
        """Show ten probabilities, or nothing (``None``) when there is nothing to classify.

        ``abstain`` names a reason to answer "?" whatever the probabilities (too little ink);
        ``unusual`` one that counts as unsure (an input unlike the training data): "?" while
        the abstain threshold is on, and "forgotten" under that policy like any unsure answer.
        """
        self._abstain_reason = abstain
        self._unusual = unusual
        if probabilities is None:
            self._bars.probabilities = None
            self._bars.highlight = None
        else:
            probabilities = np.asarray(probabilities, dtype=np.float64).reshape(N_CLASSES)
            self._bars.probabilities = probabilities
            self._bars.highlight = int(np.argmax(probabilities))
        self._refresh_label()
        self._bars.update()

    @property
    def reason(self) -> str:
        """Why the answer is "?" or "forgotten" while it is (plain text), else ``""``."""
        return self._reason

    def _refresh_label(self) -> None:
        probabilities = self._bars.probabilities
        if probabilities is None:
            self._label.setText("")
            self._reason = ""
            return
        said = answer(
            probabilities,
            self._forgotten,
            self._policy,
            self._threshold,
            atypical=bool(self._unusual),
        )
        text = "?" if self._abstain_reason else said.text
        if self._abstain_reason:
            self._reason = self._abstain_reason
        elif said.digit is not None:
            self._reason = ""
        elif self._unusual and self._threshold > 0:
            self._reason = self._unusual
        elif said.confidence < self._threshold:
            self._reason = f"unsure (top probability {said.confidence:.0%})"
        else:
            self._reason = ""  # a forgotten class's answer under the policy, not an abstention
        self._label.setText(text)
        self._label.setToolTip(f"abstains: {self._reason}" if self._reason else self._tooltip)
        self._label.setFont(self._theme.font(1.6 if text == "forgotten" else 5.0, bold=True))

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._bars.theme = theme
        self._bars.text_font = theme.font()
        self._bars.fit_rows()
        self._label.setFont(theme.font(5.0, bold=True))
        width = self._label.fontMetrics().horizontalAdvance("8") * 1.6
        self._label.setMinimumWidth(int(width))
        self._bars.update()
