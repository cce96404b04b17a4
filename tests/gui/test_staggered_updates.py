"""A burst of view updates is spread over event-loop ticks; a newer one replaces a waiting one."""

from mugui.gui.staggered_updates import StaggeredUpdates


def test_updates_run_one_per_tick_in_order_and_the_newest_wins(qtbot):
    updates = StaggeredUpdates()
    done = []
    updates.schedule("a", lambda: done.append("a1"))
    updates.schedule("b", lambda: done.append("b"))
    updates.schedule("a", lambda: done.append("a2"))
    assert done == [] and updates.pending == 2
    qtbot.waitUntil(lambda: len(done) == 1, timeout=1_000)
    assert done == ["a2"]
    qtbot.waitUntil(lambda: updates.pending == 0, timeout=1_000)
    assert done == ["a2", "b"]


def test_flush_runs_everything_at_once(qtbot):
    updates = StaggeredUpdates()
    done = []
    for view in "xyz":
        updates.schedule(view, lambda view=view: done.append(view))
    updates.flush()
    assert done == ["x", "y", "z"] and updates.pending == 0
