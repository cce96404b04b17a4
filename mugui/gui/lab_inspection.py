"""LabInspection: the Inspect tab after a forget — who forgot what, sample by sample.

The hidden-space maps of the original and the unlearned model (the forgotten samples marked), the
gallery of forget samples, and one sample under the original, the unlearned and the retrained
reference model; a click on the membership-attack histogram inspects the nearest forget sample.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Slot

from mugui.gui.canvas_comparison import REFERENCE
from mugui.gui.inspect_view import InspectView
from mugui.verification.hidden_map import hidden_map, map_indices
from mugui.verification.sample_figures import sample_figures

if TYPE_CHECKING:
    from mugui.gui.unlearning_lab import UnlearningLab


class LabInspection(QObject):
    """Fills :attr:`view` from ``lab``'s original model, its outcome and its reference."""

    def __init__(self, lab: UnlearningLab):
        super().__init__(lab)
        self.lab = lab
        self.view = InspectView()
        self.member_losses = np.zeros(0)  # the attack's loss of each forget sample, in order
        self.view.inspector.sample_chosen.connect(self.inspect_sample)

    def show_outcome(self) -> None:
        """The forget gallery and the hidden-space maps of the original and the unlearned model."""
        lab = self.lab
        dataset, forget = lab.window.dataset, lab.outcome.forget
        self.view.inspector.set_forget_samples(dataset.train_x[forget.indices], forget.indices)
        rows = map_indices(dataset.train_y)
        images = dataset.train_x[rows]
        marked = np.isin(dataset.train_y[rows], np.unique(dataset.train_y[forget.indices]))
        if forget.kind not in ("class", "fraction", "count"):
            marked = forget.mask()[rows]
        self.view.hidden_map.set_maps(
            hidden_map(lab.original, images), hidden_map(lab.outcome.model, images), marked
        )

    @Slot(int)
    def inspect_sample(self, index: int) -> None:
        """Show training sample ``index`` under the original, unlearned and reference models."""
        lab = self.lab
        if lab.outcome is None:
            return
        dataset = lab.window.dataset
        image, label = dataset.train_x[index], int(dataset.train_y[index])
        models = {"original": lab.original, "unlearned": lab.outcome.model}
        if lab.reference is not None:
            models[REFERENCE] = lab.reference
        rows = {name: sample_figures(m, image, label) for name, m in models.items()}
        self.view.inspector.show_sample(index, image, label, rows)
        lab.window.show_view("inspect")

    def attack_clicked(self, event) -> None:
        """A click on the attack histogram inspects the forget sample whose loss is nearest."""
        if self.lab.outcome is None or not self.member_losses.size:
            return
        plot = self.lab.verify_view.mia.plot
        loss = plot.vb.mapSceneToView(event.scenePos()).x()
        nearest = int(np.abs(self.member_losses - loss).argmin())
        self.inspect_sample(int(self.lab.outcome.forget.indices[nearest]))
