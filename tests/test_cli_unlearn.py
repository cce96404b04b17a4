"""`mugui unlearn` end to end on the bundled digits: the unlearn JSON keys, the original untouched, exit codes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mugui.cli.main import main
from mugui.data.load import load_dataset
from mugui.model_file import load_model, save_model
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.unlearning.reference_cache import DEFAULT_CACHE

FIGURES = {"forget_accuracy", "retain_accuracy", "test_accuracy", "test_forget_accuracy",
           "test_retain_accuracy", "mia_auc", "probe_accuracy"}  # fmt: skip
REPORT_KEYS = {"method", "params", "forget", "before", "after", "reference", "gap", "seconds",
             "reference_seconds", "speedup"}  # fmt: skip

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model_file(tmp_path_factory):
    """A small model trained fast on the bundled digits, with a private reference cache."""
    folder = tmp_path_factory.mktemp("unlearn")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MUGUI_REFERENCE_CACHE", str(folder / "references"))
        DEFAULT_CACHE.clear_memory()
        model, _ = train(load_dataset("bundled"), TrainConfig(epochs=2, hidden=64))
        path = save_model(model, folder / "model.npz")
        yield path


def unlearn(*args: str) -> int:
    return main(["unlearn", *args])


def test_forgetting_a_class_reports_spec_json_and_keeps_the_original(model_file, tmp_path, capsys):
    original = model_file.read_bytes()
    out, metrics = tmp_path / "forgot5.npz", tmp_path / "report.json"
    code = unlearn("--model", str(model_file), "--forget-class", "5", "--method", "output_zero",
                   "--relearn", "--out", str(out), "--metrics", str(metrics))  # fmt: skip
    assert code == 0
    line = capsys.readouterr().out.strip()
    assert "output_zero forgot class 5" in line and "speedup" in line and "\n" not in line
    report = json.loads(metrics.read_text())
    assert set(report) >= REPORT_KEYS
    for block in ("before", "after", "reference"):
        assert set(report[block]) >= FIGURES
    assert FIGURES | {"avg_gap", "js_divergence"} <= set(report["gap"])
    assert report["forget"]["classes"] == [5] and report["forget"]["size"] > 600
    after, reference = report["after"], report["reference"]
    assert after["test_forget_accuracy"] == 0.0 and reference["test_forget_accuracy"] == 0.0
    # Zeroing the output layer leaves the class inside: the probe finds it, relearning is quick.
    assert after["probe_accuracy"] > reference["probe_accuracy"]
    assert after["relearn_steps"] < reference["relearn_steps"]
    assert model_file.read_bytes() == original
    assert load_model(out).meta["unlearning"]["method"] == "output_zero"


def test_forgetting_random_samples_without_reference(model_file, tmp_path, capsys):
    metrics = tmp_path / "report.json"
    assert unlearn("--model", str(model_file), "--forget-random", "100", "--method",
                   "gradient_ascent", "--reference", "none", "--metrics", str(metrics)) == 0  # fmt: skip
    report = json.loads(metrics.read_text())
    assert report["reference"] is None and report["gap"] is None and report["speedup"] is None
    assert report["after"]["test_forget_accuracy"] is None
    assert report["forget"]["size"] == 100


@pytest.mark.parametrize("suffix", [".txt", ".npy"])
def test_forget_indices_from_text_or_npy(model_file, tmp_path, suffix):
    path = tmp_path / f"indices{suffix}"
    if suffix == ".npy":
        np.save(path, np.arange(0, 40, 2))
    else:
        path.write_text("0 2 4\n6\n8 10\n")
    metrics = tmp_path / "report.json"
    assert unlearn("--model", str(model_file), "--forget-indices", str(path), "--method",
                   "gradient_ascent", "--reference", "none", "--metrics", str(metrics)) == 0  # fmt: skip
    assert json.loads(metrics.read_text())["forget"]["size"] == (20 if suffix == ".npy" else 6)


def _bad(tmp_path, name: str, content: str) -> str:
    path = tmp_path / name
    path.write_text(content)
    return str(path)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (["--forget-class", "11", "--method", "output_zero"], "unknown class"),
        (["--forget-class", "5", "--method", "no_such_method"], "unknown method"),
        (["--forget-class", "5", "--method", "output_zero", "--param", "nope=1"], "no parameter"),
        (["--forget-class", "5", "--method", "amnesiac"], "record"),
        (["--forget-indices", "EMPTY", "--method", "output_zero"], "empty"),
        (["--forget-indices", "WORDS", "--method", "output_zero"], "not an integer"),
        (["--forget-indices", "FAR", "--method", "output_zero"], "0..7999"),
        (["--forget-indices", "MISSING", "--method", "output_zero"], "no forget-indices file"),
        (["--method", "output_zero"], "say what to forget"),
    ],
)
def test_bad_requests_exit_2_with_one_line(model_file, tmp_path, capsys, case, expected):
    files = {
        "EMPTY": _bad(tmp_path, "empty.txt", "\n"),
        "WORDS": _bad(tmp_path, "words.txt", "1 2 three"),
        "FAR": _bad(tmp_path, "far.txt", "5 99999"),
        "MISSING": str(tmp_path / "missing.txt"),
    }
    args = [files.get(a, a) for a in case]
    assert unlearn("--model", str(model_file), *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("mugui: error:") and err.count("\n") == 1
    assert expected in err


def test_list_methods_shows_each_method_with_its_parameters(capsys):
    assert unlearn("--list-methods") == 0
    listing = capsys.readouterr().out
    assert "retrain" in listing and "output_zero" in listing and "bias=" in listing


def test_cli_and_runs_give_identical_metrics(model_file, tmp_path):
    """The command line is a thin shell over mugui.runs: same model, forget set, method, seed."""
    from mugui.runs.events import run_to_end
    from mugui.runs.unlearn import UnlearnSpec, unlearn_events
    from mugui.runs.verify import verify_events
    from mugui.unlearning.forget_set import forget_class

    metrics = tmp_path / "cli.json"
    assert unlearn("--model", str(model_file), "--forget-class", "5", "--method", "random_labels",
                   "--relearn", "--metrics", str(metrics)) == 0  # fmt: skip
    from_cli = json.loads(metrics.read_text())
    original, extras = load_model(model_file, with_extras=True)
    data = load_dataset("bundled")
    spec = UnlearnSpec(original, data, forget_class(data, 5), "random_labels", extras=extras)
    outcome = run_to_end(unlearn_events(spec))
    direct = json.loads(
        json.dumps(run_to_end(verify_events(original, outcome, data, relearn_on="full")))
    )
    timings = {"seconds", "timings", "reference_seconds", "speedup", "reference_timing"}
    assert {k: v for k, v in from_cli.items() if k not in timings} == {
        k: v for k, v in direct.items() if k not in timings
    }
