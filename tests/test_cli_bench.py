"""`mugui bench --quick` measures the engine and its references in one run and reports ratios."""

import json

import pytest

from mugui.cli.main import main


@pytest.mark.slow
def test_quick_bench_reports_ratios_against_the_references(tmp_path, capsys):
    metrics = tmp_path / "bench.json"
    assert main(["bench", "--quick", "--metrics", str(metrics)]) == 0
    data = json.loads(metrics.read_text())
    assert data["epoch_seconds_60k"]["engine"] > 0
    assert data["speedup_vs_numpy"] == pytest.approx(
        data["epoch_seconds_60k"]["numpy"] / data["epoch_seconds_60k"]["engine"]
    )
    assert 0 < data["fraction_of_sgemm"] < 5
    assert data["per_sample_sgd"]["engine_seconds"] > 0
    assert data["draw_to_prediction_ms"]["median"] > 0
    assert "numpy" in capsys.readouterr().out
