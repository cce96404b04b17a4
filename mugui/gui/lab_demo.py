"""The six numbered steps of the demo story (View → Demo mode): what each step sets up and runs.

1 learns on the healthy preset, 2 on the buggy one, 3 with its culprit bug unticked; 4 forgets
the digit 5 from the last trained model with :data:`DEMO_METHOD`; 5 verifies and 6 races the
relearning. The demo's method zeroes the 5's output weights (the seed notebook's method): the
5s are gone at once, and steps 5 and 6 then show that the hidden layer still knows them (the
probe finds them, relearning brings them back in a few steps). The panel's default method,
one epoch of fine-tuning, leaves a trained network's 5s recognised, which tells the story
backwards on stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mugui.gui.unlearning_lab import UnlearningLab

DEMO_DIGIT = 5
DEMO_CULPRIT = "batch_image_index"
DEMO_METHOD = "output_zero"


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
        lab.panel.method_form.set_method(DEMO_METHOD)  # shown in the panel: what step 4 ran
        lab.forget()
    elif lab.outcome is None:
        window.statusBar().showMessage("Run step 4 (Forget 5) first", 5000)
    elif number == 5:
        lab.verify()
    else:
        lab.relearn()
