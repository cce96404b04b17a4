"""`mugui tasks` end to end, and `mugui predict --forgotten-answer` on an unlearned model."""

import json

import numpy as np
import pytest

from mugui.cli.main import main
from mugui.model_file import load_model, save_model
from mugui.training.config import TrainConfig
from mugui.training.trainer import train

pytestmark = pytest.mark.slow


def test_tasks_trains_saves_importances_and_writes_per_task_metrics(tmp_path, capsys):
    out, metrics = tmp_path / "tasks.npz", tmp_path / "tasks.json"
    code = main(["tasks", "--tasks", "0-4|5-9", "--epochs-per-task", "1", "--hidden", "32",
                 "--si-strength", "10000", "--out", str(out), "--metrics", str(metrics)])  # fmt: skip
    assert code == 0
    line = capsys.readouterr().out
    assert "2 tasks (0-4 | 5-9), SI c=10000" in line
    model, extras = load_model(out, with_extras=True)
    assert extras["task_importance"].shape == (2, model.params.size)
    assert model.meta["tasks"]["tasks"] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    report = json.loads(metrics.read_text())
    assert len(report["epochs"]) == 2
    assert len(report["final"]["per_task_accuracy"]) == 2


def test_tasks_trains_a_dynamic_cnn_and_unlearn_removes_a_task(tmp_path, capsys):
    out, report = tmp_path / "cnn.npz", tmp_path / "r.json"
    assert main(["tasks", "--architecture", "cnn", "--dynamic", "--epochs-per-task", "1",
                 "--hidden", "32", "--lr", "0.03", "--out", str(out)]) == 0  # fmt: skip
    assert "2 tasks (0-4 | 5-9), CNN 8-16-32, dynamic units" in capsys.readouterr().out
    model, extras = load_model(out, with_extras=True)
    assert model.is_cnn and extras["task_units"].shape == (32,)
    assert main(["unlearn", "--model", str(out), "--forget-task", "1", "--method",
                 "unit_removal", "--reference", "none", "--metrics", str(report)]) == 0  # fmt: skip
    data = json.loads(report.read_text())
    assert data["forget"]["classes"] == [0, 1, 2, 3, 4]
    assert data["after"]["test_forget_accuracy"] == 0.0


def test_tasks_refuses_a_bad_schedule_in_one_line(capsys):
    assert main(["tasks", "--tasks", "0-4|4-9"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "two tasks" in err


def test_predict_answers_forgotten_for_a_forgotten_class(tmp_path, capsys, blobs):
    from PIL import Image

    model, _ = train(blobs, TrainConfig(hidden=32, epochs=2))
    path = tmp_path / "m.npz"
    save_model(
        model, path, metadata={"unlearning": {"forget": {"classes": [int(blobs.test_y[0])]}}}
    )
    image = tmp_path / "x.png"
    Image.fromarray(blobs.test_x[0].reshape(28, 28)).save(image)
    # blobs are not digits: feed the 28x28 image as it is through the same preprocessing
    assert main(["predict", "--model", str(path), str(image), "--forgotten-answer", "abstain",
                 "--abstain-below", "1.0"]) == 0  # fmt: skip
    assert capsys.readouterr().out.split("\t")[1] == "?"
    assert main(["predict", "--model", str(path), str(image), "--forgotten-answer", "forgotten",
                 "--abstain-below", "1.0"]) == 0  # fmt: skip
    assert capsys.readouterr().out.split("\t")[1] == "forgotten"
    assert main(["predict", "--model", str(path), str(image), "--abstain-below", "2"]) == 2
    assert np.isfinite(model.params).all()


def test_unlearn_forgets_a_task_of_a_task_model(tmp_path, capsys):
    model = tmp_path / "tasks.npz"
    assert main(["tasks", "--epochs-per-task", "1", "--hidden", "32", "--out", str(model)]) == 0
    report = tmp_path / "r.json"
    assert main(["unlearn", "--model", str(model), "--forget-task", "2", "--method", "si_forget",
                 "--reference", "none", "--metrics", str(report)]) == 0  # fmt: skip
    data = json.loads(report.read_text())
    assert data["forget"]["kind"] == "task" and data["forget"]["classes"] == [5, 6, 7, 8, 9]
    assert data["after"]["test_forget_accuracy"] < 0.05
    capsys.readouterr()
    assert (
        main(["unlearn", "--model", str(model), "--forget-task", "3", "--method", "si_forget"]) == 2
    )
    assert "task must be 1..2" in capsys.readouterr().err
