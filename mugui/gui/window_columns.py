"""WindowColumns: the window's columns — settings panels, live plots, drawing probe.

The left column scrolls; the centre holds the curves and per-class bars beside the confusion
matrix and hidden weights, with further views (forgetting, Verify, Inspect) as tabs beside them;
the probe, and what goes under it, is a third column on wide windows and moves under the plots
(laid out in a row) on narrow ones, so nothing has to be cut. Splitters let the user resize each
part.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mugui.gui.collapsible_section import CollapsibleSection
from mugui.gui.share_splitter import ShareSplitter

PANEL_MIN_WIDTH = 250
PROBE_MIN_WIDTH = 260
DEFAULT_COLUMN_SIZES = (270, 680, 330)
COMPACT_WIDTH = 1280  # narrower than this, the probe moves under the plots
COMPACT_PROBE_HEIGHT = 205
PROBE_SHARE = 0.25  # of the width, when the probe becomes a column again
PER_CLASS_SHARE = 0.25  # of the curves column's height, at every size and whatever came first
TABS_ASIDE_HEIGHT = 720  # columns shorter than this put the views' tabs on their left


class PanelColumn(QScrollArea):
    """The left column: its panels scroll up and down, never sideways, so the column is never
    narrower than the panels need (with their fonts: wider in presentation mode) and its scroll
    bar; a font or text change that widens them widens the column."""

    def __init__(self, panels: QWidget):
        super().__init__()
        self.setObjectName("panelColumn")
        self.setWidget(panels)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        panels.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        panels = self.widget().minimumSizeHint().width()
        frame = 2 * self.frameWidth()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(max(PANEL_MIN_WIDTH, panels + frame + bar), super().minimumSizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the splitter asks for the new minimum
        return False


class WindowColumns(QSplitter):
    """Panels | plots | probe; :attr:`splitters` names every splitter (their states are saved)."""

    def __init__(
        self,
        sections: dict[str, CollapsibleSection],
        curves: QWidget,
        per_class: QWidget,
        confusion: QWidget,
        hidden_weights: QWidget,
        probe: QWidget,
        views: dict[str, QWidget] | None = None,
        under_probe: tuple[QWidget, ...] = (),
    ):
        """``probe`` needs a ``set_compact(bool)`` method: it is laid out in a row when compact."""
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("columns")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 6)
        for section in sections.values():
            left_layout.addWidget(section)
        left_layout.addStretch(1)
        self.panel_column = PanelColumn(left)

        self.curves_split = ShareSplitter(
            Qt.Orientation.Vertical, curves, per_class, PER_CLASS_SHARE
        )
        self.matrix_split = QSplitter(Qt.Orientation.Vertical)
        self.matrix_split.addWidget(confusion)
        self.matrix_split.addWidget(hidden_weights)
        self.plots = QSplitter(Qt.Orientation.Horizontal)
        self.plots.setObjectName("plotArea")
        self.plots.addWidget(self.curves_split)
        self.plots.addWidget(self.matrix_split)
        self.views = QTabWidget()
        self.views.setObjectName("centreViews")
        self.views.setDocumentMode(True)  # no frame: the plots keep their whole width
        self.views.addTab(self.plots, "Training")
        for title, view in (views or {}).items():
            # On a small window these views scroll rather than make the window taller.
            scroll = QScrollArea()
            scroll.setWidget(view)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            self.views.addTab(scroll, title)

        self.probe = probe
        self.probe_column = QWidget()
        self.probe_column.setObjectName("probeColumn")
        self.probe_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.probe_column)
        self.probe_layout.setContentsMargins(6, 6, 6, 6)
        self.probe_layout.addWidget(probe, 3)
        self.under_probe = under_probe
        under = QWidget()
        under_layout = QVBoxLayout(under)
        under_layout.setContentsMargins(0, 0, 0, 0)
        for widget in under_probe:
            under_layout.addWidget(widget)
        self.probe_layout.addWidget(under)

        self.centre = QSplitter(Qt.Orientation.Vertical)
        self.centre.setObjectName("centre")
        self.centre.addWidget(self.views)
        self.centre.setStretchFactor(0, 1)
        self.addWidget(self.panel_column)
        self.addWidget(self.centre)
        self.addWidget(self.probe_column)
        self.setStretchFactor(1, 1)
        self.setSizes(list(DEFAULT_COLUMN_SIZES))
        self.compact = False
        self._place_probe(sum(DEFAULT_COLUMN_SIZES))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The views' tabs go to their left side when height is short: the plots keep all of it.
        short = event.size().width() < COMPACT_WIDTH or event.size().height() < TABS_ASIDE_HEIGHT
        self.views.setTabPosition(
            QTabWidget.TabPosition.West if short else QTabWidget.TabPosition.North
        )
        compact = event.size().width() < COMPACT_WIDTH
        if compact != self.compact:
            self.compact = compact
            self._place_probe(event.size().width())
        super().resizeEvent(event)

    def refit_probe_row(self) -> None:
        """Compact, give the probe's row its height again (after a change of fonts: the larger
        type's minimum had made it taller, and the splitter kept the pixels)."""
        if self.compact:
            self._place_probe(self.width())

    def _place_probe(self, width: int) -> None:
        """The probe as the right column, or (compact) as a row under the plots."""
        self.probe.set_compact(self.compact)
        for widget in self.under_probe:
            if hasattr(widget, "set_compact"):  # e.g. My data's buttons stack when compact
                widget.set_compact(self.compact)
        # Compact: what goes under the probe sits beside its row, so that the window's height
        # is the plots' and the probe row's alone.
        self.probe_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if self.compact else QBoxLayout.Direction.TopToBottom
        )
        if self.compact:
            self.probe_column.setMinimumWidth(0)
            self.centre.addWidget(self.probe_column)
            self.centre.setStretchFactor(1, 0)
            height = max(self.centre.height(), 2 * COMPACT_PROBE_HEIGHT)
            self.centre.setSizes([height - COMPACT_PROBE_HEIGHT, COMPACT_PROBE_HEIGHT])
        else:
            # no fixed minimum: the splitter keeps the one its layout needs (more with
            # presentation mode's fonts), where a fixed one let it squeeze the probe below that
            self.probe_column.setMinimumWidth(0)
            self.addWidget(self.probe_column)
            panel = self.sizes()[0]
            probe = max(PROBE_MIN_WIDTH, int(width * PROBE_SHARE))
            self.setSizes([panel, max(width - panel - probe, 1), probe])

    @property
    def splitters(self) -> dict[str, QSplitter]:
        """Every splitter by the settings key its state is saved under."""
        return {
            "columns": self,
            "centre": self.centre,
            "plots": self.plots,
            "curves": self.curves_split,
            "matrix": self.matrix_split,
        }
