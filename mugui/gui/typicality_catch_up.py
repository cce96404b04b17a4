"""TypicalityCatchUp: the typicality check of a model trained before the kernels were ready.

On a first start a run trains on the numpy stand-ins while the kernels compile, and a run whose
last epoch ran on them ends without its typicality check (``mugui.typicality``): the check's
features need the kernels. The window owes that model its check. Once the MLP's kernels are
loaded, the check is fitted in a background task, on what the run trained on — a copy of the
weights, so that nothing the GUI thread reads changes under it — and kept only when the window's
model is still that model with those weights (the statistics carry a digest of them). A model
that stopped being the window's before the kernels were ready is not fitted at all. A model
unlearned from an owed one is owed its check too, fitted on the retained data only.

Models that come without the check are owed it the same way (``mugui.runs.typicality_owed``): a
model file trained on the window's data set (written before the check existed, or saved while it
was owed) and a task-by-task model sent to the canvas. A model saved while its check is owed is
saved without it; the status bar says so, and says again once the check is there to be saved.
Every message fits the status bar of a 1024×700 window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from mugui.data.dataset import Dataset
from mugui.model import Model
from mugui.training.typicality_sources import typicality_sources
from mugui.typicality import (
    META_KEY,
    Source,
    Typicality,
    fit_typicality,
    params_digest,
    typicality_of,
)

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow
    from mugui.runs.unlearn import UnlearnOutcome

# Status-bar messages are clipped where the progress bar begins (about 490 px at 1024×700):
# each fits there whole, a file name like "model.npz" included.
FITTED_TEXT = 'Kernels ready: "?" now marks drawings unlike the training digits'
FITTED_LOADED_TEXT = 'Typicality check fitted: "?" now marks drawings unlike its training digits'
SAVED_WITHOUT_TEXT = "Saved {name} without its typicality check: it is still being fitted"
# instead of the fitted message when the model was saved without it meanwhile
FITTED_SAVE_AGAIN_TEXT = "Typicality check fitted: save {name} again to keep it in the file"
# a file whose typicality statistics are damaged (NaN, truncated, of another width): its model
# opens without them (``mugui.typicality_file.was_dropped``), fitted again when the file says how
DAMAGED_REFIT_TEXT = "{done} {name}; its typicality check is damaged: fitting it again"
DAMAGED_TEXT = "{done} {name}; its typicality check is damaged and is not used"


def damaged_check_text(
    name: str, sources: Callable[[], list[Source]] | None, done: str = "Loaded"
) -> str:
    """What the status bar says of a file ``name`` whose check was damaged, refitted on
    ``sources`` (None: not refitted, the file was trained on other data or says too little);
    ``done``: "Loaded" (a model, as the other messages of a loaded model) or "Opened"."""
    return (DAMAGED_TEXT if sources is None else DAMAGED_REFIT_TEXT).format(done=done, name=name)


class TypicalityCatchUp(QObject):
    """Fits the check ``window``'s model was trained without, once the kernels are ready."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._owed: tuple[Model, Callable[[], list[Source]], str] | None = None
        self.fitting: Model | None = None  # the model whose check a background task fits
        self._saved_without: tuple[Model, str] | None = None  # a file saved while owed
        window.warm_up_task.loaded.connect(self.fit_if_ready)

    def owe(
        self, model: Model, sources: Callable[[], list[Source]], done_text: str = FITTED_TEXT
    ) -> None:
        """``model`` (the window's) was trained without its check: fit it on ``sources()``
        (called in the background) as soon as the kernels are ready; ``done_text`` goes to the
        status bar when it is fitted."""
        self._owed = (model, sources, done_text)
        self.fit_if_ready()

    def saved_while_owed(self, model: Model, name: str) -> str:
        """``model`` was saved to ``name`` without its owed check: remember it, to say so again
        when the check is fitted; returns what the status bar should say now."""
        self._saved_without = (model, name)
        return SAVED_WITHOUT_TEXT.format(name=name)

    def owe_unlearned(
        self, original: Model | None, outcome: UnlearnOutcome, dataset: Dataset
    ) -> None:
        """The window's model is now ``outcome``'s, unlearned from ``original``: when the
        original was owed its check (so the run had none to refit), the unlearned model is owed
        one too, fitted on the retained data only (as ``mugui.runs.unlearn`` refits it)."""
        model = outcome.model
        if not isinstance(model, Model) or not model.is_finite() or typicality_of(model):
            return
        if not (self.owes(original) or typicality_of(original)):  # the original had none
            return
        from mugui.errors import UnlearningError
        from mugui.runs.unlearn import training_config
        from mugui.unlearning.reference_cache import retain_dataset

        try:
            config = training_config(original)
        except (UnlearningError, TypeError, ValueError):
            return  # a task-by-task model: no training configuration to fit it from
        forget = outcome.forget
        self.owe(model, lambda: typicality_sources(retain_dataset(dataset, forget), config))

    def owes(self, model: object) -> bool:
        """True while ``model``'s check is still to be fitted or being fitted."""
        return model is self.fitting or (self._owed is not None and self._owed[0] is model)

    def fit_if_ready(self) -> None:
        """Start the owed fit once the model's kernels are loaded: the MLP's, or for a CNN every
        one (the warm-up over); fitted sooner, a CNN's would compile its kernels a second time
        in this process while a helper process compiles them."""
        if self._owed is None or self.fitting is not None:
            return
        model, sources, text = self._owed
        if self.window.model is not model:  # another model came meanwhile: its check is moot
            self._owed = None
            return
        warm_up = self.window.warm_up_task
        if warm_up.is_running() and (model.is_cnn or not warm_up.mlp_ready()):
            return
        self._owed = None
        self.fitting = model
        weights = model.copy()  # the background task reads this copy only
        self.window.tasks.run(
            lambda: fit_typicality(weights, sources()),
            "fit-typicality",
            lambda stats: self._fitted(model, stats, text),
            lambda _error: self._done(),
        )

    def _fitted(self, model: Model, stats: object, text: str) -> None:
        self._done()
        if not isinstance(stats, Typicality) or stats.digest != params_digest(model):
            return  # too few digits, or the weights changed meanwhile: no stale statistics
        if self.window.model is not model:
            return
        model.meta[META_KEY] = stats.to_meta()
        self.window.probe.set_model(model)  # the canvas is re-classified, with the check
        if self._saved_without is not None and self._saved_without[0] is model:
            text = FITTED_SAVE_AGAIN_TEXT.format(name=self._saved_without[1])
            self._saved_without = None
        if self.window.worker is None:
            self.window.statusBar().showMessage(text, 12000)

    def _done(self) -> None:
        self.fitting = None
        self.fit_if_ready()  # a model owed meanwhile
