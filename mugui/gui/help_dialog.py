"""HelpDialog (F1): the demo story beside the keyboard shortcuts, sized to fit its screen.

A message box with the story over the keys grew taller than a 1280×720 screen in presentation
mode (783 px with three of the six steps), its OK button off the bottom; Qt caps a message box's
width (screen width − 480 px), so the two could not stand side by side in one. This dialog is as
wide as the two columns need, at most 90 % of the screen, and scrolls should it still be too tall.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

SHORTCUTS = (
    ("Space or Ctrl+T", "Train; while training, pause or resume"),
    ("Esc or Ctrl+.", "Stop the training"),
    ("Ctrl+L", "Clear the canvas"),
    ("Ctrl+Z", "Undo the last stroke"),
    ("F11", "Presentation mode: full screen, larger fonts, high contrast"),
    ("Ctrl+Shift+D", "Light or dark theme"),
    ("Ctrl+O / Ctrl+S", "Load / save a model"),
    ("F9", "Demo mode: the six steps of the story as numbered buttons"),
    ("Ctrl+Shift+L", "Show or fold the loss plot (folded on a short window)"),
    ("F1", "This help"),
)

STORY_HTML = (
    "<h3>mugui: watch a network learn, learn backwards, and forget</h3>"
    "<ol>"
    "<li><b>Learn.</b> Press <i>Train</i>: loss and accuracy grow live, the confusion matrix "
    "sharpens, the hidden units turn into stroke detectors.</li>"
    "<li><b>Probe.</b> Draw a digit on the black canvas. The small image is exactly what the model "
    "receives; the bars are its probabilities.</li>"
    "<li><b>Learn backwards.</b> Choose the preset <i>nn.c as published</i> and train: test accuracy "
    "peaks, then falls. Hover over a bug for what it does and where it came from; untick "
    "<i>batch_image_index</i> during training and watch it recover from the next epoch.</li>"
    "<li><b>Forget.</b> In the <i>Unlearning</i> panel pick a digit and a method, press "
    "<i>Forget</i>: the <i>Forgetting</i> tab shows forget, retain and test accuracy as it runs.</li>"
    "<li><b>Verify.</b> Press <i>Verify</i>: the unlearned model against one retrained from scratch "
    "without that digit, with a verdict in plain words.</li>"
    "<li><b>Relearn.</b> Press <i>Relearn</i>: hidden knowledge comes back in a few steps, true "
    "forgetting does not.</li>"
    "</ol>"
)
KEYS_HTML = (
    "<table cellspacing='6'>"
    + "".join(f"<tr><td><b>{keys}</b></td><td>{what}</td></tr>" for keys, what in SHORTCUTS)
    + "</table>"
)

WIDTH_EMS = 84  # the story and the keys side by side
KEYS_EMS = 32  # the keys' column at most; the story takes the rest
SCREEN_SHARE = 0.9  # never more of the screen's width or height than this


class HelpDialog(QDialog):
    """The story beside the keys in a scroll area, with OK; ``text()`` is their HTML."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle("mugui help")
        self.story = self._label(STORY_HTML, "helpStory")
        self.keys = self._label(KEYS_HTML, "helpKeys")
        page = QWidget()
        columns = QHBoxLayout(page)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(self.story, 1)
        columns.addWidget(self.keys)
        self.scroll = QScrollArea(self)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(buttons)
        self.buttons = buttons

    def _label(self, html: str, name: str) -> QLabel:
        label = QLabel(html, self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        return label

    def text(self) -> str:
        return self.story.text() + self.keys.text()

    def fit_to_screen(self) -> None:
        """As wide as the two columns want (at most 90 % of the screen), as tall as the text
        then is (at most 90 % of the screen's height: beyond that it scrolls)."""
        screen = (self.parentWidget() or self).screen().availableGeometry()
        em = QFontMetrics(self.story.font()).horizontalAdvance("m")
        width = min(WIDTH_EMS * em, int(SCREEN_SHARE * screen.width()))
        keys = min(self.keys.sizeHint().width(), KEYS_EMS * em)
        self.keys.setFixedWidth(keys)
        self.resize(width, self.height())
        layout = self.layout()
        layout.activate()  # the labels get their widths; a rich text's height follows from them
        self.scroll.widget().layout().activate()
        text = max(self.story.heightForWidth(self.story.width()), self.keys.heightForWidth(keys))
        margins = layout.contentsMargins()
        rest = (
            margins.top() + margins.bottom() + layout.spacing() + self.buttons.sizeHint().height()
        )
        self.resize(width, min(text + rest + 2, int(SCREEN_SHARE * screen.height())))

    def showEvent(self, event: QShowEvent) -> None:
        self.fit_to_screen()  # the fonts are the window's by now (presentation mode's, say)
        super().showEvent(event)
