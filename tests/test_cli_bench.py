"""`mugui bench --quick` measures the engine and its references in one run and reports ratios."""

import json

import pytest

from mugui.bench.training_speed import interleaved
from mugui.cli.main import main


def test_interleaved_repetitions_alternate_contenders_and_drop_missing_ones():
    calls = []
    timings = interleaved(
        {
            "a": lambda: calls.append("a") or (1.0, 0.5),
            "b": lambda: calls.append("b") or (3.0, 2.0),
            "gone": lambda: None,
        },
        3,
    )
    assert calls == ["a", "b"] * 3
    assert set(timings) == {"a", "b"}
    assert timings["b"].to_dict() == {
        "median": 2.0, "min": 2.0, "max": 2.0,
        "wall_median": 3.0, "wall_min": 3.0, "wall_max": 3.0, "runs": 3,
    }  # fmt: skip


@pytest.mark.slow
def test_quick_bench_reports_ratios_against_the_references(tmp_path, capsys):
    metrics = tmp_path / "bench.json"
    assert main(["bench", "--quick", "--repeats", "1", "--metrics", str(metrics)]) == 0
    data = json.loads(metrics.read_text())
    epoch = data["epoch_seconds_60k"]
    assert epoch["engine"]["min"] <= epoch["engine"]["median"] <= epoch["engine"]["max"]
    assert data["ratio_to_numpy"] == pytest.approx(
        epoch["engine"]["median"] / epoch["numpy"]["median"]
    )
    assert 0 < data["fraction_of_sgemm"] < 20
    assert data["per_sample_sgd"]["seconds"]["engine"]["median"] > 0
    assert "-ffast-math" in data["per_sample_sgd"]["c_flags"]
    assert data["draw_to_prediction_ms"]["median"] > 0
    assert data["load_average"]["before"]
    assert "numpy" in capsys.readouterr().out
