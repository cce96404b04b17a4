"""CompareProbabilities: the drawing classified by the current model and by chosen snapshots."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from mugui.gui.controls import wrapping_label
from mugui.gui.plain_plot import plain_plot
from mugui.gui.theme import Theme, make_theme, style_plot

N_CLASSES = 10
NONE = "(none)"
SLOTS = 2  # snapshots compared beside the current model


def prediction_phrase(name: str, probabilities: np.ndarray) -> str:
    """``"after → 9 (39%)"``: the model's name, its predicted digit and that digit's probability."""
    digit = int(np.argmax(probabilities))
    return f"{name} → {digit} ({float(probabilities[digit]):.0%})"


class CompareProbabilities(QWidget):
    """``compareProbabilities``: grouped bars (current model plus up to two chosen models) and one
    line per model such as "trained → 5 (97%)", "unlearned → 9 (39%)", "retrained → 3 (44%)".

    It shows only while a model is chosen to compare with; the choosers (:attr:`chooser`) are
    placed by the window with the snapshots.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compareProbabilities")
        self.combos: list[QComboBox] = []
        self.chooser = QWidget()
        self.chooser.setObjectName("compareChooser")
        chooser = QVBoxLayout(self.chooser)
        chooser.setContentsMargins(0, 0, 0, 0)
        chooser.addWidget(QLabel("Compare on the canvas with", self.chooser))
        row = QHBoxLayout()
        chooser.addLayout(row)
        for k in range(SLOTS):
            combo = QComboBox(self.chooser)
            combo.setObjectName(f"compareWithCombo_{k + 1}")
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
            combo.addItem(NONE)
            combo.setToolTip(
                "A snapshot or the retrained reference, shown beside the current model"
            )
            combo.currentIndexChanged.connect(self.refresh)
            row.addWidget(combo, 1)
            self.combos.append(combo)
        self.summary = wrapping_label(self, "compareSummary")
        self.plot_widget, self.plot = plain_plot(self, "compareProbabilitiesPlot", still=True)
        self.plot_widget.setMinimumHeight(80)
        self.plot.setXRange(-0.6, N_CLASSES - 0.4, padding=0)
        self.plot.setYRange(0.0, 1.0, padding=0.02)
        self.plot.getAxis("bottom").setTicks([[(d, str(d)) for d in range(N_CLASSES)]])
        self.plot.getAxis("left").setTicks([[(0.0, "0"), (1.0, "1")]])
        self.bars = [pg.BarGraphItem(x=[], height=[], width=0.25) for _ in range(SLOTS + 1)]
        for item in self.bars:
            self.plot.addItem(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.plot_widget, 1)
        self.current_name = "current"
        self.current = None
        self.candidates: dict[str, object] = {}
        self.image: np.ndarray | None = None
        self.shown: list[tuple[str, np.ndarray]] = []
        self.set_theme(make_theme(dark=False))

    @property
    def comparing(self) -> bool:
        """True when at least one model is chosen to compare with."""
        return any(combo.currentText() in self.candidates for combo in self.combos)

    def set_current(self, predictor, name: str) -> None:
        self.current, self.current_name = predictor, name
        self.refresh()

    def set_candidates(self, candidates: dict[str, object]) -> None:
        """The models one may compare with, by name (choices that still exist are kept)."""
        self.candidates = dict(candidates)
        for combo in self.combos:
            chosen = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NONE)
            combo.addItems(list(self.candidates))
            combo.setCurrentIndex(max(0, combo.findText(chosen)))
            combo.blockSignals(False)
        self.refresh()

    def choose(self, slot: int, name: str) -> None:
        self.combos[slot].setCurrentIndex(max(0, self.combos[slot].findText(name)))

    def show_image(self, image: np.ndarray | None) -> None:
        """Classify ``image`` (28×28 in [0, 1]) by every shown model; None clears."""
        self.image = image
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        models = [(self.current_name, self.current)] if self.current is not None else []
        models += [
            (combo.currentText(), self.candidates[combo.currentText()])
            for combo in self.combos
            if combo.currentText() in self.candidates
        ]
        self.shown = []
        if self.image is not None:
            x = np.asarray(self.image, dtype=np.float32).reshape(1, -1)
            self.shown = [(name, model.predict_proba(x)[0]) for name, model in models]
        width = 0.8 / max(1, len(self.shown))
        for k, item in enumerate(self.bars):
            if k < len(self.shown):
                offset = (k - (len(self.shown) - 1) / 2) * width
                item.setOpts(
                    x=np.arange(N_CLASSES) + offset, height=self.shown[k][1], width=width * 0.9
                )
            else:
                item.setOpts(x=[], height=[])
        colours = ("blue", "red", "green")
        self.summary.setText(
            "\n".join(
                f"{prediction_phrase(n, p)}" + (f"  [{colours[k]}]" if len(self.shown) > 1 else "")
                for k, (n, p) in enumerate(self.shown)
            )
        )

    def set_theme(self, theme: Theme) -> None:
        self.plot_widget.setBackground(theme.plot_background)
        style_plot(self.plot, theme, "")
        for item, colour in zip(self.bars, (theme.train, theme.marker, theme.test), strict=True):
            item.setOpts(brush=pg.mkBrush(colour), pen=pg.mkPen(colour))
        self.summary.setFont(theme.font(1.0, bold=True))
