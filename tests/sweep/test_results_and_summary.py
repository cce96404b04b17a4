"""Rows to files and back, the summary against the baselines, the plots, and life without Ray."""

from __future__ import annotations

import json
import sys

import pytest

from mugui.cli.main import main
from mugui.sweep.report import rebuild_report, write_report
from mugui.sweep.results import read_results, write_results
from mugui.sweep.summary import DO_NOTHING, REFERENCE, summarize, summary_markdown


def row(method: str, seed: int, forget: float, epochs: int = 1, status: str = "ok") -> dict:
    figures = {} if status != "ok" else {
        "after_forget_accuracy": forget, "after_retain_accuracy": 0.9, "after_test_accuracy": 0.85,
        "after_mia_auc": 0.5, "before_forget_accuracy": 0.95, "before_retain_accuracy": 0.95,
        "before_test_accuracy": 0.9, "before_mia_auc": 0.55, "reference_forget_accuracy": 0.0,
        "reference_retain_accuracy": 0.93, "reference_test_accuracy": 0.8, "reference_mia_auc": 0.5,
        "gap_avg_gap": 0.1 * seed, "fq_score": 0.2 + 0.1 * seed, "seconds": 0.5,
        "reference_seconds": 2.0,
    }  # fmt: skip
    return {
        "key": f"{method}{seed}{epochs}", "study": "s", "method": method,
        "params": json.dumps({"epochs": epochs, "lr": 0.01}), "param_epochs": epochs,
        "target": "class:3", "seed": seed, "status": status,
        "error": None if status == "ok" else "it broke", **figures,
    }  # fmt: skip


ROWS = [row("finetune", 0, 0.1), row("finetune", 1, 0.3), row("finetune", 0, 0.0, epochs=2),
        row("output_zero", 0, 0.0, status="failed")]  # fmt: skip


def test_results_round_trip_through_csv_and_parquet(tmp_path):
    written = write_results(ROWS, tmp_path)
    assert {p.name for p in written} == {"results.csv", "results.parquet"}
    for name in ("results.csv", "results.parquet"):
        back = read_results(tmp_path / name)
        assert len(back) == 4
        assert back[0]["after_forget_accuracy"] == pytest.approx(0.1)
        assert back[1]["seed"] == 1 and back[3]["error"] == "it broke"
        assert back[3]["after_forget_accuracy"] is None
        assert json.loads(back[2]["params"])["epochs"] == 2


def test_the_per_example_attack_is_written_one_line_per_forget_sample(tmp_path):
    with_eps = [{**ROWS[0], "fq_samples": [4, 9, 12], "fq_epsilons": [0.1, 0.7, 50.0]}, ROWS[1]]
    names = {p.name for p in write_results(with_eps, tmp_path)}
    assert {"per_example.csv", "per_example.parquet"} <= names
    lines = read_results_table(tmp_path / "per_example.parquet")
    assert [(line["sample"], line["epsilon"]) for line in lines] == [(4, 0.1), (9, 0.7), (12, 50.0)]
    assert {line["method"] for line in lines} == {"finetune"} and lines[0]["seed"] == 0
    assert "fq_epsilons" not in read_results(tmp_path / "results.csv")[0]


def read_results_table(path):
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def test_the_summary_gives_mean_and_sd_over_seeds_beside_both_baselines():
    table = summarize(ROWS)
    methods = [(r.method, r.params) for r in table]
    assert methods == [
        (REFERENCE, ""), (DO_NOTHING, ""), ("finetune", "epochs=1"), ("finetune", "epochs=2"),
        ("output_zero", ""),
    ]  # fmt: skip
    finetune = table[2]
    assert finetune.seeds == 2 and finetune.failed == 0
    assert finetune.stats["forget_accuracy"].mean == pytest.approx(0.2)
    assert finetune.stats["forget_accuracy"].sd == pytest.approx(0.1414, abs=1e-4)
    assert table[3].stats["forget_accuracy"].sd is None  # one seed: no spread
    assert table[4].seeds == 0 and table[4].failed == 1
    assert table[0].stats["avg_gap"].mean == 0.0
    assert table[1].stats["forget_accuracy"].mean == pytest.approx(0.95)
    assert table[1].stats["avg_gap"].mean > 0
    text = summary_markdown(table)
    assert "0.200 ± 0.141" in text and "forgetting quality" in text


def test_a_model_grid_gets_its_own_baselines_and_column():
    rows = [{**r, "model": "hidden=16"} for r in ROWS[:2]] + [{**ROWS[0], "model": "hidden=32"}]
    table = summarize(rows)
    assert [(r.model, r.method) for r in table] == [
        ("hidden=16", REFERENCE), ("hidden=16", DO_NOTHING), ("hidden=16", "finetune"),
        ("hidden=32", REFERENCE), ("hidden=32", DO_NOTHING), ("hidden=32", "finetune"),
    ]  # fmt: skip
    assert summary_markdown(table).startswith("| target | model | method |")
    assert "| target | method |" in summary_markdown(summarize(ROWS))


def test_the_report_writes_summary_and_png_svg_plots(tmp_path):
    write_results(ROWS, tmp_path)
    report = rebuild_report(tmp_path / "results.parquet")
    names = {p.name for p in report.files}
    assert {
        "summary.md",
        "summary.csv",
        "tradeoff.png",
        "tradeoff.svg",
        "scores.png",
        "scores.svg",
    } <= names
    assert (tmp_path / "tradeoff.png").read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in (tmp_path / "scores.svg").read_bytes()[:2000]


def test_sweep_report_from_the_command_line(tmp_path, capsys):
    write_report(ROWS, tmp_path)
    assert main(["sweep", "--report", str(tmp_path / "results.csv")]) == 0
    assert "| class:3 | finetune | epochs=1 | 2 | 0 |" in capsys.readouterr().out


def test_a_file_that_is_not_results_is_refused(tmp_path, capsys):
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    assert main(["sweep", "--report", str(tmp_path / "other.csv")]) == 2
    assert "does not hold sweep results" in capsys.readouterr().err


def test_without_ray_the_sweep_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if not installed
    monkeypatch.delenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", raising=False)
    study = tmp_path / "s.toml"
    study.write_text(
        'targets = ["class:3"]\nmethods = ["finetune"]\n'
        "[data]\ntrain_subset = 200\ntest_subset = 50\n[model]\nhidden = 16\nepochs = 1\n"
    )
    assert main(["sweep", str(study)]) == 2
    err = capsys.readouterr().err
    assert "pip install 'mugui[cluster]'" in err and err.count("\n") == 1
