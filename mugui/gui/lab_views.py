"""LabViews: the unlearning lab's centre tabs (Forgetting, Verify, Inspect), built when first needed.

None of the three is visible when the window opens, and building them (six plots, the verify
table, the sample inspector) took a third of the window's construction. So the window's tabs
hold empty slots; the views are built the first time a slot is shown or the lab uses one of
them (``lab.live``, ``lab.verify_view``, ``lab.inspection``), and then placed in their slots,
wired to the lab and given the window's theme.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from mugui.gui.column_layout import column

if TYPE_CHECKING:
    from mugui.gui.forgetting_live_view import ForgettingLiveView
    from mugui.gui.lab_inspection import LabInspection
    from mugui.gui.unlearning_lab import UnlearningLab
    from mugui.gui.verify_view import VerifyView

TITLES = ("Forgetting", "Verify", "Inspect")


class ViewSlot(QWidget):
    """An empty tab page that asks for its view the first time it is shown."""

    def __init__(self, title: str, on_first_show: Callable[[], None]):
        super().__init__()
        self.setObjectName(f"{title.lower()}Slot")
        self._on_first_show: Callable[[], None] | None = on_first_show
        column(self)

    def place(self, view: QWidget) -> None:
        self._on_first_show = None
        self.layout().addWidget(view)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._on_first_show is not None:
            self._on_first_show()


class LabViews:
    """The three views of ``lab``, built together on first use (:meth:`build`)."""

    def __init__(self, lab: UnlearningLab):
        self.lab = lab
        self.slots = {title: ViewSlot(title, self.build) for title in TITLES}
        self._live: ForgettingLiveView | None = None
        self._verify: VerifyView | None = None
        self._inspection: LabInspection | None = None
        self._quality: tuple[bool, bool] | None = None  # running, button enabled: the last run's

    @property
    def built(self) -> bool:
        return self._live is not None

    def build(self) -> None:
        """Build, place, wire and theme the three views (once)."""
        if self.built:
            return
        from mugui.gui.forgetting_live_view import ForgettingLiveView
        from mugui.gui.lab_inspection import LabInspection
        from mugui.gui.verify_view import VerifyView

        lab = self.lab
        self._live, self._verify = ForgettingLiveView(), VerifyView()
        self._inspection = LabInspection(lab)
        for title, view in zip(TITLES, self.views(), strict=True):
            self.slots[title].place(view)
            view.set_theme(lab.window.theme)
        self._verify.quality_requested.connect(lab.forgetting_quality)
        self._verify.quality_cancelled.connect(lab.cancel)
        attack_plot = self._verify.mia.plot_widget
        attack_plot.scene().sigMouseClicked.connect(self._inspection.attack_clicked)
        self._show_quality_state()

    def set_quality_state(self, running: bool, enabled: bool) -> None:
        """The Verify view's forgetting-quality controls as a run leaves them (kept until built)."""
        self._quality = (running, enabled)
        if self.built:
            self._show_quality_state()

    def _show_quality_state(self) -> None:
        if self._quality is not None and self._verify is not None:
            running, enabled = self._quality
            self._verify.set_quality_running(running)
            self._verify.quality_button.setEnabled(enabled)

    def views(self) -> tuple[QWidget, ...]:
        """The built views (none before :meth:`build`): forgetting, verify, inspect."""
        if self._inspection is None:
            return ()
        return (self.live, self.verify_view, self._inspection.view)

    @property
    def live(self) -> ForgettingLiveView:
        self.build()
        assert self._live is not None
        return self._live

    @property
    def verify_view(self) -> VerifyView:
        self.build()
        assert self._verify is not None
        return self._verify

    @property
    def inspection(self) -> LabInspection:
        self.build()
        assert self._inspection is not None
        return self._inspection
