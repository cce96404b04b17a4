"""The unlearning method catalogue: one entry per method, with its parameter schema.

Every method has the same signature, ``func(request) -> UnlearnResult``; the CLI help, the
GUI forms and the README table are generated from these entries.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.work_meter import WorkMeter, metering
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.tuned import TUNED


class Cancelled(UnlearningError):
    """The user cancelled; the original model is untouched."""


@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    low: float | None = None
    high: float | None = None
    help: str = ""
    choices: tuple = ()

    def parse(self, value: Any) -> Any:
        """Coerce ``value`` (possibly a CLI string) to this parameter's type and check its range."""
        kind = type(self.default)
        try:
            if kind is bool:
                if isinstance(value, str):
                    if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                        raise ValueError
                    value = value.lower() in ("true", "1", "yes")
                parsed = bool(value)
            elif kind is int:
                parsed = int(float(value)) if isinstance(value, str) else int(value)
                if isinstance(value, float) and value != parsed:
                    raise ValueError
            elif kind is float:
                parsed = float(value)
            else:
                parsed = str(value)
        except (TypeError, ValueError) as exc:
            raise UnlearningError(
                f"parameter {self.name}: {value!r} is not a valid {kind.__name__}"
            ) from exc
        if self.choices and parsed not in self.choices:
            raise UnlearningError(
                f"parameter {self.name}: must be one of {', '.join(map(str, self.choices))}"
            )
        if kind in (int, float) and (
            parsed != parsed
            or (self.low is not None and parsed < self.low)
            or (self.high is not None and parsed > self.high)
        ):
            raise UnlearningError(
                f"parameter {self.name}: must be between {self.low} and {self.high}, got {parsed}"
            )
        return parsed


@dataclass
class UnlearnProgress:
    """A method's progress; with a model, its quick figures (forget/retain on samples, full test)."""

    fraction: float
    message: str = ""
    forget_accuracy: float | None = None
    retain_accuracy: float | None = None
    test_accuracy: float | None = None
    per_class_accuracy: np.ndarray | None = None


@dataclass
class UnlearnRequest:
    """Everything a method may use. ``config`` is the original training configuration."""

    model: Model
    dataset: Dataset
    forget: ForgetSet
    params: dict
    config: TrainConfig
    control: RunControl = field(default_factory=RunControl)
    on_progress: Callable[[UnlearnProgress], None] | None = None
    extras: dict = field(default_factory=dict)  # e.g. recorded updates for amnesiac
    report_seconds: float = 0.0  # spent measuring and sending progress, not unlearning

    def rng(self, salt: int = 0) -> np.random.Generator:
        return np.random.default_rng([self.config.seed, salt])

    def check_cancel(self) -> None:
        if not self.control.wait_while_paused():
            raise Cancelled("unlearning was cancelled; the original model is unchanged")

    def report(self, fraction: float, message: str = "", model: Model | None = None) -> None:
        """Send progress; with ``model``, also its accuracy on (a sample of) forget and retain data."""
        started = time.perf_counter()  # pauses and figures are not unlearning time
        self.check_cancel()
        if self.on_progress is not None:
            progress = UnlearnProgress(min(1.0, fraction), message)
            if model is not None:
                quick_figures(model, self.dataset, self.forget, progress)
            self.on_progress(progress)
        self.report_seconds += time.perf_counter() - started


@dataclass
class UnlearnResult:
    """What a method returns; ``run_method`` fills ``seconds`` and ``work``.

    ``setup`` describes preparation the method had to do first that is not unlearning (SISA
    training its ensemble): ``{"what": str, "seconds": float, "work": WorkMeter}``. It is left
    out of ``seconds`` and ``work`` and reported beside them.
    """

    model: Any  # a Model, or any object with predict_proba (SISA's ensemble)
    info: dict = field(default_factory=dict)  # what the method did, for the report
    seconds: float = 0.0
    work: WorkMeter = field(default_factory=WorkMeter)
    setup: dict | None = None


@dataclass(frozen=True)
class Method:
    name: str
    title: str
    summary: str
    algorithm: str
    source: str
    params: tuple[Param, ...]
    func: Callable[[UnlearnRequest], UnlearnResult]
    exact: bool = False
    needs_recording: bool = False
    returns_ensemble: bool = (
        False  # the result is not one network (cannot be saved as a model file)
    )
    # What tuning measured (``tuned.Tuned`` says what each means); ``register`` fills them from
    # ``tuned.TUNED`` for the catalogue's methods.
    recommended: bool = False
    tune: dict[str, tuple] = field(default_factory=dict, hash=False, compare=False)
    data_defaults: dict[str, dict] = field(default_factory=dict, hash=False, compare=False)
    arch_defaults: dict[str, dict] = field(default_factory=dict, hash=False, compare=False)

    def defaults(self, data_name: str = "", architecture: str = "mlp") -> dict:
        """Every parameter's default for ``architecture``: the CNN's tuned values on a CNN, else
        the MLP's with the tuned values for data set ``data_name`` if any."""
        base = {p.name: p.default for p in self.params}
        if architecture in self.arch_defaults:
            return base | self.arch_defaults[architecture]
        return base | self.data_defaults.get(data_name, {})

    def resolve_params(
        self, given: dict | None, data_name: str = "", architecture: str = "mlp"
    ) -> dict:
        """Defaults (for ``data_name`` and ``architecture``) overridden by ``given``; unknown
        names and bad values raise UnlearningError."""
        given = dict(given or {})
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise UnlearningError(
                f"method {self.name} has no parameter {unknown[0]!r}; it takes {', '.join(known) or 'none'}"
            )
        defaults = self.defaults(data_name, architecture)
        return {
            name: p.parse(given[name]) if name in given else defaults[name]
            for name, p in known.items()
        }


METHODS: dict[str, Method] = {}

# The README's method table order (exact, then by family), for listings; methods not named here follow alphabetically.
CATALOGUE_ORDER = (
    "retrain", "sisa", "finetune", "gradient_ascent", "neggrad_plus", "random_labels", "uniform_target",
    "bad_teacher", "scrub", "salun", "amnesiac", "output_zero", "prune_layers", "fisher",
    "l1_sparse", "boundary_shrink", "ssd", "msg",
)  # fmt: skip


def all_methods() -> list[Method]:
    """Every registered method, in catalogue order."""
    from mugui.unlearning import methods  # noqa: F401 - fills METHODS

    rank = {name: i for i, name in enumerate(CATALOGUE_ORDER)}
    return sorted(METHODS.values(), key=lambda m: (rank.get(m.name, len(rank)), m.name))


def register(method: Method) -> Method:
    """Add ``method`` to the catalogue, with what tuning measured for it (``tuned.TUNED``)."""
    if method.name in TUNED:
        method = replace(method, **vars(TUNED[method.name]))
    METHODS[method.name] = method
    return method


def get_method(name: str) -> Method:
    from mugui.unlearning import methods  # noqa: F401 - fills METHODS

    if name not in METHODS:
        raise UnlearningError(f"unknown method {name!r}; known: {', '.join(METHODS)}")
    return METHODS[name]


def model_architecture(model: Any) -> str:
    """``model``'s architecture name ("mlp", "cnn"); anything without one counts as an MLP."""
    return str(getattr(model, "architecture", "mlp"))


def run_method(name: str, request: UnlearnRequest) -> UnlearnResult:
    """Resolve parameters, run the method on a copy of the model, time it and count its work.

    ``seconds`` leaves out the time spent measuring progress figures for the caller, pauses and
    the method's ``setup``; callers warm the kernels first (``kernel_warmup``) to leave out numba.
    """
    method = get_method(name)
    request.params = method.resolve_params(
        request.params, request.dataset.name, model_architecture(request.model)
    )
    request.model = request.model.copy()
    request.report_seconds = 0.0
    with metering() as meter:
        started = time.perf_counter()
        result = method.func(request)
        result.seconds = time.perf_counter() - started - request.report_seconds
    result.work = meter
    if result.setup is not None:
        result.seconds -= result.setup["seconds"]
        setup_work = result.setup["work"]
        result.work = WorkMeter(
            meter.gradient_samples - setup_work.gradient_samples, meter.flops - setup_work.flops
        )
    return result


QUICK_SAMPLES = 512


def _sample(indices: np.ndarray) -> np.ndarray:
    if indices.size <= QUICK_SAMPLES:
        return indices
    return np.sort(np.random.default_rng(0).choice(indices, QUICK_SAMPLES, replace=False))


def quick_figures(model, dataset: Dataset, forget: ForgetSet, into: UnlearnProgress) -> None:
    """Fill ``into`` with forget/retain accuracy on fixed samples and test accuracy per class."""
    f, r = _sample(forget.indices), _sample(forget.retain_indices())
    into.forget_accuracy = _accuracy(model, dataset.train_x[f], dataset.train_y[f])
    into.retain_accuracy = _accuracy(model, dataset.train_x[r], dataset.train_y[r])
    predicted = model.predict_proba(dataset.test_x).argmax(1)
    correct = predicted == dataset.test_y
    into.test_accuracy = float(correct.mean())
    totals = np.bincount(dataset.test_y, minlength=10)
    hits = np.bincount(dataset.test_y, weights=correct, minlength=10)
    into.per_class_accuracy = np.divide(hits, totals, out=np.full(10, np.nan), where=totals > 0)


def _accuracy(model, images: np.ndarray, labels: np.ndarray) -> float:
    return float((model.predict_proba(images).argmax(1) == labels).mean())
