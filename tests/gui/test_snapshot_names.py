"""Snapshot names stay unique: the comparison under the canvas finds its models by name."""

from mugui.experiment import Snapshot
from mugui.gui.snapshot_timeline import SnapshotTimeline
from mugui.model import Model


def timeline_of(qtbot, *names):
    timeline = SnapshotTimeline()
    qtbot.addWidget(timeline)
    for seed, name in enumerate(names):
        timeline.add(Snapshot(name, Model.init((784, 16, 10), seed=seed), {}))
    return timeline


def test_renaming_to_a_taken_name_keeps_the_names_unique(qtbot):
    """Two snapshots could share a name (or be named "retrained reference"): the comparison's
    list, keyed by name, then offered one model where there were two, or the wrong one."""
    timeline = timeline_of(qtbot, "trained", "unlearned")
    timeline.rename(1, "trained")
    assert timeline.names() == ["trained", "trained (2)"]
    assert timeline.list.item(1).text() == "trained (2)"
    timeline.rename(1, "retrained reference")
    assert timeline.names() == ["trained", "retrained reference (2)"]
    timeline.rename(1, "   ")  # an empty name brings the old one back
    assert timeline.names() == ["trained", "retrained reference (2)"]
    timeline.rename(0, "trained")  # its own name is not taken
    assert timeline.names() == ["trained", "retrained reference (2)"]


def test_a_rename_refreshes_the_comparison_list(qtbot):
    timeline = timeline_of(qtbot, "trained")
    with qtbot.waitSignal(timeline.renamed, timeout=1_000):
        timeline.rename(0, "the healthy one")
