"""The method example in docs/architecture.md is complete: registered as it stands, it forgets."""

import importlib.util
import re
from pathlib import Path

import numpy as np

from mugui.runs.events import ForgetCurvePoint, RunDone
from mugui.runs.unlearn import UnlearnSpec, unlearn_events
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.unlearning import registry
from mugui.unlearning.forget_set import forget_class
from tests.conftest import make_blobs

DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def _example_module_source() -> str:
    section = DOC.read_text().split("## Adding an unlearning method", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_documented_method_module_registers_and_forgets_through_the_runs(tmp_path, monkeypatch):
    registry.all_methods()  # the real catalogue first, then a private copy for the example
    monkeypatch.setattr(registry, "METHODS", dict(registry.METHODS))
    path = tmp_path / "example_ascent.py"
    path.write_text(_example_module_source())
    spec = importlib.util.spec_from_file_location("example_ascent", path)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert registry.get_method("example_ascent").func.__name__ == "example_ascent"

    data = make_blobs()
    config = TrainConfig(hidden=32, epochs=2, batch_size=32)
    model, _ = train(data, config)
    original = model.params.copy()
    forget = forget_class(data, 3)
    run = UnlearnSpec(model, data, forget, "example_ascent", {"epochs": 2}, config=config)
    events = list(unlearn_events(run))
    curve = [e for e in events if isinstance(e, ForgetCurvePoint)]
    assert len(curve) == 3  # the original, then one point per pass
    assert curve[0].forget_accuracy > 0.8 and curve[-1].forget_accuracy < 0.2
    outcome = events[-1].result
    assert isinstance(events[-1], RunDone) and outcome.method == "example_ascent"
    assert outcome.params == {"epochs": 2, "lr": 0.01, "momentum": 0.9, "batch_size": 32}
    assert np.array_equal(model.params, original)
