"""Reading a study: every mistake is one clear sentence naming the key, before any work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mugui.cli.main import main
from mugui.data.bundled import load_bundled
from mugui.errors import StudyError
from mugui.sweep.plan import expand
from mugui.sweep.study import load_study

GOOD = """
name = "demo"
seeds = [0, 1]
targets = ["class:3", "random:40"]
[data]
train_subset = 500
test_subset = 100
[model]
hidden = 32
epochs = 1
[[methods]]
name = "finetune"
params = { epochs = [1, 2], lr = 0.01 }
[[methods]]
name = "output_zero"
[metrics]
forgetting_quality = 3
"""


def write(tmp_path: Path, text: str, name: str = "study.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_toml_study_expands_grids_and_resolves_paths(tmp_path):
    study = load_study(write(tmp_path, GOOD))
    assert study.name == "demo" and study.seeds == (0, 1)
    assert [(c.hidden, c.epochs) for c in study.configs] == [(32, 1)]
    assert study.model_labels == ("",)
    finetune = study.methods[0]
    assert [s["epochs"] for s in finetune.settings] == [1, 2]
    assert all(s["lr"] == 0.01 for s in finetune.settings)
    assert study.metrics.forgetting_quality == 3
    assert study.output == tmp_path / "sweep-results"


def test_a_json_study_reads_like_toml(tmp_path):
    doc = {"targets": ["class:1"], "methods": ["finetune"], "seeds": 2, "output": "r"}
    study = load_study(write(tmp_path, json.dumps(doc), "s.json"))
    assert study.seeds == (0, 1) and study.methods[0].name == "finetune"
    assert study.output == tmp_path / "r"


def test_shared_work_is_planned_once():
    from mugui.sweep.study import parse_study

    study = parse_study(
        {
            "seeds": [0, 1],
            "targets": ["class:3", "random:40"],
            "data": {"train_subset": 500, "test_subset": 100},
            "model": {"hidden": 32, "epochs": 1},
            "methods": [{"name": "finetune"}, {"name": "output_zero"}],
            "metrics": {"references": 1, "forgetting_quality": 3},
        },
        Path("."),
    )
    from mugui.sweep.plan import study_dataset

    plan = expand(study, study_dataset(study))
    assert len(plan.rows) == 8 and len(plan.originals) == 2
    # references seeds 0..2 and 1..3 per target overlap: 4 distinct seeds, not 6
    assert len(plan.references) == 2 * 4
    assert len({r.key for r in plan.rows}) == 8
    again = expand(study, study_dataset(study))
    assert [r.key for r in again.rows] == [r.key for r in plan.rows]


def test_a_model_grid_trains_one_original_per_setting_and_seed(tmp_path):
    from mugui.sweep.plan import study_dataset

    text = GOOD.replace("hidden = 32", "hidden = [16, 32]").replace(
        "epochs = 1", "epochs = 1\nbugs = []"
    )
    study = load_study(write(tmp_path, text))
    assert [c.hidden for c in study.configs] == [16, 32]
    assert study.model_labels == ("hidden=16", "hidden=32")
    plan = expand(study, study_dataset(study))
    assert len(plan.originals) == 4 and len(plan.rows) == 2 * 12
    assert {r.model for r in plan.rows} == {"hidden=16", "hidden=32"}


def test_the_data_subset_keeps_the_first_rows(tmp_path):
    from mugui.sweep.plan import study_dataset

    study = load_study(write(tmp_path, GOOD))
    data, full = study_dataset(study), load_bundled()
    assert (data.n_train, data.n_test) == (500, 100)
    assert (data.train_x == full.train_x[:500]).all()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('targets = ["class:3"]', "'methods' is missing"),
        ('methods = ["finetune"]\ntargets = ["class:12"]', "classes are 0..9"),
        ('methods = ["finetune"]\ntargets = ["klass:3"]', "is not one of: class:D"),
        ('methods = ["nope"]\ntargets = ["class:3"]', "unknown method 'nope'"),
        (
            'targets = ["class:3"]\n[[methods]]\nname = "finetune"\nparams = { epochs = "x" }',
            "parameter epochs",
        ),
        (
            'targets = ["class:3"]\n[[methods]]\nname = "finetune"\nparams = { speed = 1 }',
            "unknown key 'speed'",
        ),
        ('methods = ["finetune"]\ntargets = ["class:3"]\n[model]\nseed = 3', "model.seed"),
        ('methods = ["finetune"]\ntargets = ["class:3"]\n[model]\nhidden = 3', "model.hidden"),
        (
            'methods = ["finetune"]\ntargets = ["class:3"]\n[metrics]\nforgetting_quality = 2',
            "3..1024",
        ),
        ('methods = ["amnesiac"]\ntargets = ["class:3"]', "record_updates = true"),
        (
            'methods = ["finetune"]\ntargets = ["class:3"]\n[metrics]\nper_example = true',
            "needs forgetting_quality",
        ),
        ('methods = ["finetune"]\ntargets = ["my data"]', "needs data.experiment"),
        ('methods = ["finetune"]\ntargets = ["class:3"]\ncolour = 1', "unknown key 'colour'"),
        ("methods = [", "not valid TOML"),
    ],
)
def test_a_bad_study_names_the_file_and_the_problem(tmp_path, text, message):
    with pytest.raises(StudyError, match="study.toml") as caught:
        load_study(write(tmp_path, text))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_cli_reports_a_bad_study_in_one_line_with_exit_2(tmp_path, capsys):
    path = write(tmp_path, 'methods = ["nope"]\ntargets = ["class:3"]')
    assert main(["sweep", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mugui: error: study.toml:") and err.count("\n") == 1


def test_a_dry_run_prints_the_plan_without_ray(tmp_path, capsys):
    assert main(["sweep", str(write(tmp_path, GOOD)), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "12 rows (3 method settings × 2 targets × 2 seeds) from 2 originals" in out


def test_planned_quality_references_are_the_ones_the_score_retrains(blobs, monkeypatch):
    """The plan trains them once as shared tasks; a drift would make every row retrain its own."""
    from mugui.sweep.plan import quality_reference_seeds
    from mugui.training.config import TrainConfig
    from mugui.training.trainer import train
    from mugui.unlearning.forget_set import forget_class
    from mugui.verification import forgetting_quality as fq

    config = TrainConfig(hidden=16, epochs=1, batch_size=32, seed=5)
    model, _ = train(blobs, config)
    asked = []

    def recorded(dataset, config, forget, seed, **options):
        asked.append(seed)
        return model

    monkeypatch.setattr(fq, "retrain_reference", recorded)
    fq.forgetting_quality(
        model, "finetune", {}, blobs, forget_class(blobs, 3), config, 3, workers=1
    )
    assert sorted(asked) == quality_reference_seeds(config, 3)


def test_my_data_comes_from_an_experiment_file(tmp_path):
    import numpy as np

    from mugui.experiment import Experiment, save_experiment
    from mugui.model import Model
    from mugui.sweep.plan import build_forget_set, study_dataset
    from mugui.training.config import TrainConfig

    config = TrainConfig(hidden=16, epochs=1)
    drawn = np.full((3, 784), 200, dtype=np.uint8)
    experiment = Experiment(
        Model.init(config.sizes, 0), config, "bundled", drawn, np.array([7, 7, 1], dtype=np.uint8)
    )
    save_experiment(tmp_path / "lab.mugui", experiment)
    study = load_study(
        write(
            tmp_path,
            'methods = ["finetune"]\ntargets = ["my data"]\n'
            '[data]\nexperiment = "lab.mugui"\ntrain_subset = 300\ntest_subset = 50\n',
        )
    )
    data = study_dataset(study)
    assert data.n_train == 303 and data.n_user == 3
    forget = build_forget_set(data, "my data")
    assert forget.indices.tolist() == [300, 301, 302]


def test_an_original_with_recorded_updates_survives_the_store(blobs, tmp_path):
    from mugui.sweep.plan import OriginalTask
    from mugui.sweep.store import Store
    from mugui.sweep.tasks import train_original
    from mugui.training.config import TrainConfig

    config = TrainConfig(hidden=16, epochs=1, batch_size=32, record_updates=True)
    original = train_original(OriginalTask("k", config), blobs)
    assert original.extras
    store = Store(tmp_path).open()
    store.save_original("k", original)
    back = store.original("k")
    assert set(back.extras) == set(original.extras)
    assert (back.model.params == original.model.params).all()


def test_workers_and_a_cluster_address_do_not_mix(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    assert main(["sweep", str(path), "--workers", "2", "--address", "ray://head:10001"]) == 2
    assert "--workers sizes the local Ray" in capsys.readouterr().err
