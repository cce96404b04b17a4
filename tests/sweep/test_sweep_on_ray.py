"""A small study for real on one local Ray (2 CPUs): every row, resume, failures, loopback, score.

2 methods × 2 targets × 2 seeds on the first 2,000/500 bundled digits, H=32, 2 epochs. output_zero
cannot forget random samples, so those two rows fail while the other six finish.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mugui.cli.main import main
from mugui.data.bundled import load_bundled
from mugui.data.idx import write_idx_images, write_idx_labels
from mugui.sweep.plan import expand, study_dataset
from mugui.sweep.results import read_results
from mugui.sweep.store import Store
from mugui.sweep.study import load_study
from tests.sweep.loopback import is_loopback, listening_addresses

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("ray") is None or not sys.platform.startswith("linux"),
        reason="needs Ray (pip install 'mugui[cluster]') and Linux /proc for the loopback check",
    ),
]

STUDY = """
name = "ray test"
seeds = [0, 1]
targets = ["class:3", "random:40"]
output = "results"
[data]
source = "data"
[model]
hidden = 32
epochs = 2
[[methods]]
name = "finetune"
params = { epochs = 1 }
[[methods]]
name = "output_zero"
[metrics]
forgetting_quality = 3
per_example = true
"""


@pytest.fixture(scope="module")
def study_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("study")
    data, full = folder / "data", load_bundled()
    data.mkdir()
    write_idx_images(data / "train-images-idx3-ubyte", full.train_x[:2000].reshape(-1, 28, 28))
    write_idx_labels(data / "train-labels-idx1-ubyte", full.train_y[:2000])
    write_idx_images(data / "t10k-images-idx3-ubyte", full.test_x[:500].reshape(-1, 28, 28))
    write_idx_labels(data / "t10k-labels-idx1-ubyte", full.test_y[:500])
    (folder / "study.toml").write_text(STUDY)
    return folder / "study.toml"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """The one local Ray of the test suite; its workers inherit the private reference cache."""
    from mugui.sweep.ray_runner import RaySession

    patch = pytest.MonkeyPatch()
    patch.setenv("MUGUI_REFERENCE_CACHE", str(tmp_path_factory.mktemp("references")))
    patch.setenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    patch.delenv("RAY_ADDRESS", raising=False)  # a user's cluster is never the test's
    try:
        with RaySession(workers=2) as ray_session:
            yield ray_session
    finally:
        patch.undo()


@pytest.fixture(scope="module")
def runs(session, study_path):
    """Run until two rows are finished, then Ctrl+C; then resume with `mugui sweep`."""
    from mugui.sweep.ray_runner import SweepCancelled, run_plan

    study = load_study(study_path)
    plan = expand(study, study_dataset(study))
    store = Store(study.output).open()
    seen = {"listeners": []}

    def interrupt_after_two_rows(progress) -> None:
        if not seen["listeners"]:
            seen["listeners"] = listening_addresses()
        finished = [p for p in store.tasks.glob("*.json") if store.finished(p.stem)]
        if len(finished) >= 2:
            raise KeyboardInterrupt

    with pytest.raises(SweepCancelled, match="run the same command again to resume"):
        run_plan(session, plan, store, interrupt_after_two_rows)
    first = {
        p.stem: p.stat().st_mtime_ns for p in store.tasks.glob("*.json") if store.finished(p.stem)
    }
    models = {p.name: p.stat().st_mtime_ns for p in store.models.glob("*.npz")}
    return {"plan": plan, "store": store, "first": first, "models": models, **seen}


@pytest.fixture(scope="module")
def resumed(runs, study_path, tmp_path_factory):
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["sweep", str(study_path)])
    return code, out.getvalue()


def test_every_row_of_the_study_is_in_the_results(runs, resumed):
    code, _ = resumed
    assert code == 1  # two tasks failed
    rows = read_results(runs["store"].folder / "results.parquet")
    assert len(rows) == 8
    combos = {(r["method"], r["target"], r["seed"]) for r in rows}
    assert combos == {
        (m, t, s)
        for m in ("finetune", "output_zero")
        for t in ("class:3", "random:40")
        for s in (0, 1)
    }
    assert len(read_results(runs["store"].folder / "results.csv")) == 8
    for row in (r for r in rows if r["status"] == "ok"):
        for block in ("before", "after", "reference"):
            for name in ("forget_accuracy", "retain_accuracy", "test_accuracy", "mia_auc"):
                assert 0.0 <= row[f"{block}_{name}"] <= 1.0, (block, name, row)
        assert row["forget_size"] > 0 and row["seconds"] > 0
        assert 0.0 <= row["fq_score"] <= 1.0 and row["fq_n"] == 3
        assert row["gap_avg_gap"] >= 0.0
        assert row["blas_threads"] == "1"
        if row["target"] == "class:3":
            assert row["reference_forget_accuracy"] == 0.0
    for name in ("summary.md", "summary.csv", "tradeoff.png", "tradeoff.svg", "scores.svg"):
        assert (runs["store"].folder / name).is_file()
    import pyarrow.parquet as pq

    per_example = pq.read_table(runs["store"].folder / "per_example.parquet").to_pylist()
    ok = [r for r in rows if r["status"] == "ok"]
    assert len(per_example) == sum(r["forget_size"] for r in ok)
    assert all(0.0 <= line["epsilon"] <= 50.0 for line in per_example)


def test_a_failing_task_is_reported_without_stopping_the_others(runs, resumed):
    _, out = resumed
    rows = read_results(runs["store"].folder / "results.parquet")
    failed = [r for r in rows if r["status"] == "failed"]
    assert {(r["method"], r["target"]) for r in failed} == {("output_zero", "random:40")}
    assert len(failed) == 2
    assert all("forgets whole classes only" in r["error"] for r in failed)
    assert sum(r["status"] == "ok" for r in rows) == 6
    assert "failed: output_zero" in out


def test_the_resume_recomputes_nothing_that_finished(runs, resumed):
    store, first = runs["store"], runs["first"]
    assert len(first) >= 2
    for key, stamp in first.items():
        assert (store.tasks / f"{key}.json").stat().st_mtime_ns == stamp
    for name, stamp in runs["models"].items():
        assert (store.models / name).stat().st_mtime_ns == stamp
    _, out = resumed
    computed = int(out.split(" tasks computed")[0].rsplit("\n", 1)[-1])
    assert computed <= 8 - len(first) + len(runs["plan"].references) + 2 - len(runs["models"])


def test_the_local_ray_listens_on_loopback_only(runs):
    listeners = runs["listeners"]
    assert listeners, "no Ray listener found: the check would prove nothing"
    assert all(is_loopback(address) for address in listeners), listeners


def test_forgetting_quality_equals_mugui_unlearn_quality_n(runs, study_path, tmp_path):
    store, plan = runs["store"], runs["plan"]
    task = next(r for r in plan.rows if (r.method, r.target, r.seed) == ("finetune", "class:3", 1))
    row = store.row(task.key)
    metrics = tmp_path / "unlearn.json"
    code = main([
        "unlearn", "--model", str(store.original_path(task.original)),
        "--data", str(study_path.parent / "data"), "--forget-class", "3",
        "--method", "finetune", "--param", "epochs=1", "--quality-n", "3",
        "--metrics", str(metrics),
    ])  # fmt: skip
    assert code == 0
    report = json.loads(metrics.read_text())
    assert row["fq_score"] == pytest.approx(report["forgetting_quality"]["score"], abs=1e-12)
    assert row["fq_forget_score"] == pytest.approx(
        report["forgetting_quality"]["forget_score"], abs=1e-12
    )
    assert row["after_forget_accuracy"] == pytest.approx(report["after"]["forget_accuracy"])


RAY_FROM_A_SPACED_FOLDER = """
from mugui.sweep.ray_runner import RaySession

with RaySession(workers=1) as session:
    ray = session.ray
    print("answer", ray.get(ray.remote(lambda: 6 * 7).remote(), timeout=90))
"""


def test_a_local_ray_starts_workers_from_a_folder_with_a_space_in_its_name(tmp_path):
    """Ray starts a worker with a runtime environment by a shell command holding the interpreter's
    path unquoted: run from a virtual environment in "/home/me/my apps", no worker ever started and
    a sweep waited for good (found by the CI check on a clone in a folder named "dé pôt x")."""
    spaced = tmp_path / "my apps é"
    spaced.mkdir()
    (spaced / "venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    python = spaced / "venv" / "bin" / Path(sys.executable).name
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    done = subprocess.run(
        [python, "-c", RAY_FROM_A_SPACED_FOLDER], capture_output=True, text=True, env=env,
        timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "answer 42" in done.stdout.splitlines()


def test_a_home_ray_cannot_write_gives_one_line_not_a_traceback(tmp_path):
    """Ray saves a token in ~/.ray when it starts: with a HOME it could not write, mugui sweep
    ended in a FileNotFoundError traceback (found by the suite run with HOME=/proc/...)."""
    home = tmp_path / "home"
    home.write_text("a file, not a folder")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    code = (
        "from mugui.errors import MuguiError\n"
        "from mugui.sweep.ray_runner import RaySession\n"
        "try:\n"
        "    with RaySession(workers=1):\n"
        "        print('started')\n"
        "except MuguiError as error:\n"
        "    print('refused:', error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=240,
        env={**env, "HOME": str(home)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("refused: cannot start or reach a local Ray"), done.stdout
