"""HyperparameterPanel: the numbers of a training run, each with a tooltip that explains it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mugui.gui.controls import check_box, wrapping_label
from mugui.presets import PRESETS
from mugui.training.config import FIELD_CHOICES, FIELD_RANGES, SWITCHES, TrainConfig

SCHEDULE_TEXT = {
    "mean": "one step per mini-batch (mean gradient)",
    "sequential": "per-sample updates, as the C original",
}
SHUFFLE_TEXT = {
    "epoch": "reshuffled every epoch",
    "once": "shuffled once",
    "never": "never shuffled",
}


NO_SECOND_LAYER = 15  # one below the engine's smallest layer: the spin shows it as "none"
MODEL_TEXT = {"mlp": "MLP (dense)", "cnn": "CNN (LeNet-like)"}
MODEL_TIP = (
    "The network to train.\n"
    "MLP: every pixel has its own weight into every hidden unit (784 → H → 10). Fast (about "
    "0.2 s an epoch), ~94% on the bundled digits, but a stroke shifted by two pixels is new to it.\n"
    "CNN: small 5×5 filters slide over the image (conv → pool → conv → pool → H → 10), so a "
    "stroke means the same wherever it is drawn: ~98% on the bundled digits, better on drawings, "
    "about 1 CPU-second an epoch. It trains with mini-batches only (no per-sample C schedule, "
    "no double_hidden_grad bug), its learning rate falling to 0 over the epochs.\n"
    "Choosing the CNN on untouched healthy settings takes the cnn preset's lr 0.05 and 6 epochs. "
    "Every unlearning method works on either (they act on one flat vector of weights)."
)


def _int_spin(name: str, field: str, tip: str, step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(int(FIELD_RANGES[field].low), int(FIELD_RANGES[field].high))
    spin.setSingleStep(step)
    spin.setToolTip(tip)
    spin.setAccelerated(True)
    return spin


def _float_spin(name: str, field: str, decimals: int, step: float, tip: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setObjectName(name)
    spin.setDecimals(decimals)  # before the range, which is rounded to the decimals
    spin.setRange(FIELD_RANGES[field].low, FIELD_RANGES[field].high)
    spin.setSingleStep(step)
    spin.setToolTip(tip)
    spin.setAccelerated(True)
    return spin


class HyperparameterPanel(QWidget):
    """Spin boxes for the editable fields of a :class:`TrainConfig`; the rest come from the preset.

    ``config()`` returns the base config (from the chosen preset) with the edited fields replaced.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.architecture = QComboBox()
        self.architecture.setObjectName("modelCombo")
        for name in FIELD_CHOICES["architecture"].choices:
            self.architecture.addItem(MODEL_TEXT[name], name)
        self.architecture.setToolTip(MODEL_TIP)
        self.hidden = _int_spin(
            "hiddenSpin", "hidden", "Units in the hidden layer (784 → H → 10)", 16
        )
        # The engine takes 0 (none) or 16..1024 units: the spin's minimum, shown as "none", means 0.
        self.hidden2 = _int_spin(
            "hidden2Spin", "hidden2", "Units in an optional second hidden layer (16–1024)"
        )
        self.hidden2.setMinimum(NO_SECOND_LAYER)
        self.hidden2.setSpecialValueText("none")
        self.lr = _float_spin(
            "lrSpin",
            "lr",
            6,
            0.0005,
            "Learning rate: the size of each step down the loss (v = μ·v + lr·g; w −= v)",
        )
        self.momentum = _float_spin(
            "momentumSpin",
            "momentum",
            3,
            0.05,
            "Momentum μ: how much of the previous step is kept in the next",
        )
        self.batch = _int_spin(
            "batchSpin", "batch_size", "Mini-batch size (1 = per-sample SGD as in the C original)"
        )
        self.epochs = _int_spin("epochsSpin", "epochs", "Passes over the training data")
        self.seed = _int_spin(
            "seedSpin", "seed", "Random seed: the same seed gives bit-identical training"
        )
        self.weight_decay = _float_spin(
            "weightDecaySpin",
            "weight_decay",
            5,
            0.0001,
            "L2 weight decay added to each gradient (0 = none)",
        )
        self.style_strokes = _int_spin(
            "styleStrokesSpin",
            "style_strokes",
            "Synthetic drawings added to the digits' training set, in the handwriting styles\n"
            "MNIST barely holds: crossed 7 and Z-style 2, flagged 1 with or without a foot,\n"
            "one-stroke, zigzag and 'Ч' 4, hooked 9, narrow and slanted 8, open 0 and 6 ...\n"
            "They teach the drawing probe how people write (0 = none). They are made apart\n"
            "from the stress set that measures it, which is never trained on.",
            500,
        )
        self.outlier_exposure = _int_spin(
            "outlierExposureSpin",
            "outlier_exposure",
            "Drawings that are not digits (letters, symbols, scribbles) added to the\n"
            "digits' training set with the uniform target, 1/10 for every class (outlier\n"
            "exposure): the model learns to be unsure on what is not a digit, so the\n"
            "canvas answers '?' on a letter or a scribble (0 = none). They are other\n"
            "shapes and scribbles than the ones the abstain benchmark measures with.",
            500,
        )
        self.elastic = _float_spin(
            "elasticSpin",
            "elastic",
            1,
            2.0,
            "Elastic distortion strength α in pixels, used when Augment is on\n"
            "(Simard et al. 2003: α 34 with σ 4; 0 = rotations, scalings and shifts only)",
        )
        # one check box per on/off setting of the config (augment, deskew), named e.g. deskewCheck
        self.switches: dict[str, QCheckBox] = {}
        switch_row = QHBoxLayout()
        for name, switch in SWITCHES.items():
            box = check_box(self, switch.title, f"{name}Check", switch.tooltip)
            self.switches[name] = box
            switch_row.addWidget(box)
        switch_row.addStretch(1)
        self.summary = wrapping_label(self, "configSummary")
        layout = QFormLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(3)
        layout.addRow("Model", self.architecture)
        layout.addRow("Hidden units", self.hidden)
        layout.addRow("2nd hidden", self.hidden2)
        layout.addRow("Learning rate", self.lr)
        layout.addRow("Momentum", self.momentum)
        layout.addRow("Batch size", self.batch)
        layout.addRow("Epochs", self.epochs)
        layout.addRow("Seed", self.seed)
        layout.addRow("Weight decay", self.weight_decay)
        layout.addRow("Style strokes", self.style_strokes)
        layout.addRow("Non-digits", self.outlier_exposure)
        layout.addRow(switch_row)
        layout.addRow("Elastic α", self.elastic)
        # the summary under the form, not in it: a form layout kept the height it had worked out
        # for the old text's lines, so a summary that wrapped onto one more line (nn.c → Healthy
        # default) was cut and drawn over the row above until something else laid it out again
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 0, 4, 0)
        outer.setSpacing(3)
        outer.addLayout(layout)
        outer.addWidget(self.summary)
        self._base = TrainConfig()
        self.set_config(self._base)
        for spin in self._spins().values():
            spin.valueChanged.connect(self.edited)
        self.architecture.currentIndexChanged.connect(self._on_architecture)
        for box in self.switches.values():
            box.toggled.connect(self.edited)

    def _spins(self) -> dict[str, QSpinBox | QDoubleSpinBox]:
        """The spin box of each config field this panel edits."""
        return {
            "hidden": self.hidden,
            "hidden2": self.hidden2,
            "lr": self.lr,
            "momentum": self.momentum,
            "batch_size": self.batch,
            "epochs": self.epochs,
            "seed": self.seed,
            "weight_decay": self.weight_decay,
            "style_strokes": self.style_strokes,
            "outlier_exposure": self.outlier_exposure,
            "elastic": self.elastic,
        }

    def set_architecture(self, name: str) -> None:
        """Choose the network ("mlp" or "cnn") as if the user had."""
        self.architecture.setCurrentIndex(self.architecture.findData(name))

    def _on_architecture(self) -> None:
        """The CNN has one dense layer; on untouched healthy settings it takes its preset's
        learning rate and epochs (and the MLP its own back)."""
        cnn = self.architecture.currentData() == "cnn"
        self.hidden2.setEnabled(cnn is False)
        if cnn:
            self.hidden2.setValue(NO_SECOND_LAYER)
        mlp_defaults, cnn_defaults = PRESETS["healthy"].config, PRESETS["cnn"].config
        were, now = (mlp_defaults, cnn_defaults) if cnn else (cnn_defaults, mlp_defaults)
        if (self.lr.value(), self.epochs.value()) == (were.lr, were.epochs):
            self.lr.setValue(now.lr)
            self.epochs.setValue(now.epochs)
        self.edited.emit()

    def set_config(self, config: TrainConfig) -> None:
        """Show ``config``; it becomes the base for the fields this panel does not edit."""
        self._base = config
        self.architecture.blockSignals(True)
        self.architecture.setCurrentIndex(self.architecture.findData(config.architecture))
        self.hidden2.setEnabled(config.architecture != "cnn")
        self.architecture.blockSignals(False)
        for field, spin in self._spins().items():
            value = getattr(config, field)
            spin.blockSignals(True)
            spin.setValue((value or NO_SECOND_LAYER) if field == "hidden2" else value)
            spin.blockSignals(False)
        for name, box in self.switches.items():
            box.blockSignals(True)
            box.setChecked(getattr(config, name))
            box.blockSignals(False)
        self.summary.setText(
            f"{SCHEDULE_TEXT[config.schedule]}; data {SHUFFLE_TEXT[config.shuffle]}"
        )

    def config(self) -> TrainConfig:
        """The base config with this panel's values; raises ConfigError for a bad combination."""
        values = {field: spin.value() for field, spin in self._spins().items()}
        if values["hidden2"] == NO_SECOND_LAYER:
            values["hidden2"] = 0
        switches = {name: box.isChecked() for name, box in self.switches.items()}
        return self._base.replace(
            architecture=self.architecture.currentData(), **values, **switches
        )

    def set_editable(self, editable: bool) -> None:
        """Lock the values while a run is using them."""
        for widget in (*self._spins().values(), *self.switches.values()):
            widget.setEnabled(editable)
        self.architecture.setEnabled(editable)
        if editable and self.architecture.currentData() == "cnn":
            self.hidden2.setEnabled(False)
