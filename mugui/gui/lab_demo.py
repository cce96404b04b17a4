"""The six numbered steps of the demo story (View → Demo mode): what each step sets up and runs.

1 learns on the healthy preset, 2 on the buggy one, 3 with its culprit bug unticked; 4 forgets
the digit 5 from the last trained model; 5 verifies and 6 races the relearning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mugui.gui.unlearning_lab import UnlearningLab

DEMO_DIGIT = 5
DEMO_CULPRIT = "batch_image_index"


def run_demo_step(lab: UnlearningLab, number: int) -> None:
    """Set up and run step ``number`` of the story; a step asked for mid-run waits its turn."""
    window = lab.window
    if lab.busy or window.worker is not None:
        window.statusBar().showMessage("Wait for the running step to finish", 5000)
        return
    lab.demo.mark(number)
    if number in (1, 2, 3):
        window.choose_preset("healthy" if number == 1 else "nnc")
        if number == 3:
            window.bug_panel.set_bugs(
                tuple(b for b in window.bug_panel.bugs() if b != DEMO_CULPRIT)
            )
            window.update_preset_state()  # "Custom (from nn.c)", as unticking it by hand shows
        window.show_view("training")
        window.start_training()
    elif number == 4:
        trained = [s for s in lab.timeline.snapshots if "history" in s.metrics]
        if not trained:
            window.statusBar().showMessage("Run step 1 (Learn) first", 5000)
            return
        lab.timeline.choose(lab.timeline.snapshots.index(trained[-1]))
        picker = lab.panel.picker
        picker.set_mode("class")
        picker.set_digits([DEMO_DIGIT])
        lab.forget()
    elif lab.outcome is None:
        window.statusBar().showMessage("Run step 4 (Forget 5) first", 5000)
    elif number == 5:
        lab.verify()
    else:
        lab.relearn()
