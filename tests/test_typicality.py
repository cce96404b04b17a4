"""The typicality check: "?" for inputs far from every class of the training data in the model's
hidden layer, an answer for the held-out data; statistics only for the weights they were fitted
for, refitted after unlearning, and files without them still load and answer."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from mugui.errors import ConfigError
from mugui.feature_prototypes import fit_prototypes
from mugui.model import Model
from mugui.model_file import load_model, save_model
from mugui.runs.events import run_to_end
from mugui.runs.unlearn import UnlearnSpec, unlearn_events
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.training.typicality_sources import typicality_sources
from mugui.typicality import (
    CNN_PROTOTYPE_QUANTILE,
    CONV,
    CONV_PER_CLASS,
    META_KEY,
    QUANTILE,
    Source,
    Typicality,
    conv_features,
    features,
    fit_into,
    fit_typicality,
    params_digest,
    typicality_of,
)
from mugui.unlearning.forget_set import forget_class
from tests.conftest import make_blobs

SMALL = TrainConfig(hidden=32, epochs=3, batch_size=32)


@pytest.fixture(scope="module")
def blobs():
    return make_blobs(n_train=1000, n_test=400)


@pytest.fixture(scope="module")
def trained(blobs) -> Model:
    model, _ = train(blobs, SMALL, fit_typicality=True)
    return model


def source(x, y, held_x, held_y) -> list[Source]:
    return [Source("blobs", x, y, held_x, held_y)]


def far_inputs(n: int = 50) -> np.ndarray:
    """Images unlike any blob: stripes, a bright frame, noise at another scale."""
    rng = np.random.default_rng(7)
    stripes = np.zeros((n, 28, 28), np.uint8)
    stripes[:, :, ::4] = 255
    rolled = np.stack([np.roll(stripes[0], k, axis=1) for k in range(n)])
    return np.concatenate([rolled.reshape(n, 784), rng.integers(0, 40, (n, 784), dtype=np.uint8)])


def test_training_fits_statistics_that_pass_held_out_data_and_flag_far_inputs(blobs, trained):
    stats = typicality_of(trained)
    assert stats is not None and len(stats.components) == 1
    assert stats.components[0].classes == tuple(range(10))
    held = stats.atypical(trained, blobs.test_x[1::2])  # the half the threshold never saw
    assert held.mean() <= 0.05
    assert stats.atypical(trained, far_inputs()).mean() >= 0.9


def test_each_threshold_passes_the_quantile_of_the_held_out_digits_it_was_set_on(blobs, trained):
    stats = typicality_of(trained)
    assert stats is not None and stats.prototypes is not None
    feats = features(trained, blobs.test_x[0::2])
    component = stats.components[0]
    passed = np.mean(component.distances(feats) <= component.threshold)
    assert passed == pytest.approx(QUANTILE / 100, abs=0.011)
    passed = np.mean(stats.prototypes.distances(feats) <= stats.prototypes.threshold)
    assert passed == pytest.approx(QUANTILE / 100, abs=0.011)


def test_prototypes_flag_features_pointing_away_from_every_class_and_are_reproducible():
    rng = np.random.default_rng(0)
    labels = np.arange(400) % 2
    feats = np.zeros((400, 8))
    feats[np.arange(400), labels] = 1.0  # class 0 along axis 0, class 1 along axis 1
    feats[:, 2:4] += rng.random((400, 2)) * 0.1
    prototypes = fit_prototypes(feats, labels, feats[:100])
    again = fit_prototypes(feats, labels, feats[:100])
    assert prototypes is not None and again is not None
    assert np.array_equal(prototypes.centres, again.centres)
    away = np.zeros((3, 8))
    away[:, 5] = 1.0  # a direction no class takes
    assert (prototypes.distances(away) > prototypes.threshold).all()
    assert (prototypes.distances(feats * 3.0) <= prototypes.threshold + 1e-9).mean() >= 0.98


def test_non_digit_rows_are_left_out_of_the_fit(blobs, trained):
    labels = blobs.train_y.copy()
    labels[:100] = 255  # outlier exposure's label
    stats = fit_typicality(
        trained, source(blobs.train_x, labels, blobs.test_x[0::2], blobs.test_y[0::2])
    )
    assert stats is not None and stats.components[0].classes == tuple(range(10))
    with_all = fit_typicality(
        trained, source(blobs.train_x, blobs.train_y, blobs.test_x[0::2], blobs.test_y[0::2])
    )
    assert with_all is not None
    assert not np.array_equal(stats.components[0].means, with_all.components[0].means)


def test_statistics_are_used_only_for_the_weights_they_were_fitted_for(trained):
    assert typicality_of(trained) is not None
    changed = trained.copy()
    changed.params[0] += np.float32(0.01)
    assert typicality_of(changed) is None
    assert params_digest(changed) != params_digest(trained)


def test_they_survive_a_model_file_and_malformed_records_are_ignored(tmp_path, trained):
    path = save_model(trained, tmp_path / "model.npz")
    loaded = load_model(path)
    stats, original = typicality_of(loaded), typicality_of(trained)
    assert stats is not None and original is not None
    assert stats.components[0].threshold == original.components[0].threshold
    assert np.array_equal(stats.components[0].precision, original.components[0].precision)
    record = trained.meta[META_KEY]
    wrong_shape = {**record["components"][0], "precision": np.zeros((3, 3), np.float32)}
    for broken in ({"components": "x"}, {**record, "components": [wrong_shape]}, 3):
        assert Typicality.from_meta(broken) is None


def test_a_file_with_damaged_statistics_loads_without_them(tmp_path, trained):
    import json
    import zipfile

    path = save_model(trained, tmp_path / "model.npz")
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    assert "typicality_0_precision.npy" in members
    del members["typicality_0_precision.npy"]
    damaged = tmp_path / "damaged.npz"
    with zipfile.ZipFile(damaged, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    loaded = load_model(damaged)
    assert META_KEY not in loaded.meta and typicality_of(loaded) is None
    metadata = json.loads(str(np.load(path, allow_pickle=False)["metadata"]))
    assert metadata[META_KEY]["components"][0]["precision"] == "typicality_0_precision"


def test_a_model_file_saved_before_typicality_loads_and_has_no_check(tmp_path, trained):
    old = trained.copy()
    old.meta.pop(META_KEY)
    loaded = load_model(save_model(old, tmp_path / "old.npz"))
    assert META_KEY not in loaded.meta
    assert typicality_of(loaded) is None
    assert loaded.predict(np.zeros((1, 784), np.uint8)).shape == (1,)


def test_too_few_digits_fit_nothing(blobs, trained):
    model = trained.copy()
    report = fit_into(
        model, source(blobs.train_x[:50], blobs.train_y[:50], blobs.test_x, blobs.test_y)
    )
    assert report["fitted"] is False and META_KEY not in model.meta


def test_unlearning_a_class_refits_the_statistics_without_it(blobs, trained):
    forget = forget_class(blobs, 3)
    spec = UnlearnSpec(
        trained, blobs, forget, "random_labels", {"epochs": 2, "lr": 0.05}, config=SMALL
    )
    outcome = run_to_end(unlearn_events(spec))
    stats = typicality_of(outcome.model)
    assert stats is not None  # fitted for the unlearned weights, not the original's
    assert stats.digest == params_digest(outcome.model) != params_digest(trained)
    assert stats.components[0].classes == (0, 1, 2, 4, 5, 6, 7, 8, 9)
    kept = typicality_of(trained)  # the original is untouched
    assert kept is not None and kept.components[0].classes == tuple(range(10))


@pytest.fixture(scope="module")
def cnn(blobs) -> Model:
    config = TrainConfig(architecture="cnn", hidden=32, epochs=2, batch_size=32, lr=0.05)
    model, _ = train(blobs, config, fit_typicality=True)
    return model


def test_the_cnn_gets_statistics_too(cnn):
    stats = typicality_of(cnn)
    assert stats is not None and stats.components[0].means.shape == (10, 32)
    assert stats.atypical(cnn, far_inputs()).mean() >= 0.9
    assert all(c.spreads is None for c in stats.components)  # the class spreads are the MLP's


def with_thresholds(model: Model, gaussians: float, dense: float, conv: float) -> Typicality:
    """``model``'s statistics with the given thresholds (huge: passes all; -1: flags all)."""
    record = model.meta[META_KEY]
    stats = Typicality.from_meta(
        {
            **record,
            "components": [{**c, "threshold": gaussians} for c in record["components"]],
            "prototypes": {**record["prototypes"], "threshold": dense},
            CONV: {**record[CONV], "threshold": conv},
        }
    )
    assert stats is not None
    return stats


def test_the_cnn_also_checks_its_convolution_features_against_their_own_prototypes(blobs, cnn):
    stats = typicality_of(cnn)
    assert stats is not None and stats.conv_prototypes is not None
    conv = stats.conv_prototypes
    width = cnn.conv_features(blobs.test_x[:1]).shape[1]
    counts = np.bincount(blobs.train_y, minlength=10)
    assert conv.centres.shape == (np.minimum(counts, CONV_PER_CLASS).sum(), width)
    assert counts.max() >= CONV_PER_CLASS  # k-means keeps the full count where it can
    assert conv.centres.dtype == np.float16
    held = conv_features(cnn, blobs.test_x[0::2])
    passed = np.mean(conv.distances(held) <= conv.threshold)
    assert passed == pytest.approx(CNN_PROTOTYPE_QUANTILE / 100, abs=0.005)
    dense = stats.prototypes
    assert dense is not None  # and the dense prototypes pass as many as the convolution ones
    assert np.mean(dense.distances(features(cnn, blobs.test_x[0::2])) <= dense.threshold) == (
        pytest.approx(CNN_PROTOTYPE_QUANTILE / 100, abs=0.005)
    )
    images = blobs.test_x[:40]
    assert with_thresholds(cnn, 1e30, 2.0, -1.0).atypical(cnn, images).all()
    assert not with_thresholds(cnn, 1e30, 2.0, 2.0).atypical(cnn, images).any()


def test_the_mlp_has_no_convolution_prototypes(trained):
    stats = typicality_of(trained)
    assert stats is not None and stats.conv_prototypes is None
    assert CONV not in trained.meta[META_KEY]
    with pytest.raises(ConfigError):
        trained.conv_features(np.zeros((1, 784), np.uint8))


def test_the_cnns_convolution_prototypes_survive_its_file_as_float16(tmp_path, blobs, cnn):
    path = save_model(cnn, tmp_path / "cnn.npz")
    with np.load(path, allow_pickle=False) as npz:
        assert npz["typicality_conv_prototypes"].dtype == np.float16
    loaded = load_model(path)
    stats, original = typicality_of(loaded), typicality_of(cnn)
    assert stats is not None and original is not None and stats.conv_prototypes is not None
    assert original.conv_prototypes is not None
    assert np.array_equal(stats.conv_prototypes.centres, original.conv_prototypes.centres)
    assert stats.conv_prototypes.threshold == original.conv_prototypes.threshold
    inputs = np.concatenate([far_inputs(), blobs.test_x[:200]])
    assert np.array_equal(stats.atypical(loaded, inputs), original.atypical(cnn, inputs))
    older = {k: v for k, v in cnn.meta[META_KEY].items() if k != CONV}  # written before them
    before = Typicality.from_meta(older)
    assert before is not None and before.conv_prototypes is None
    assert before.atypical(cnn, far_inputs()).mean() >= 0.9


def test_predict_says_why_it_abstains_for_an_image_unlike_the_training_data(
    tmp_path, trained, capsys
):
    import json

    from PIL import Image

    from mugui.cli.main import main
    from mugui.drawing.strokes import drawn_digit

    image = tmp_path / "seven.png"
    Image.fromarray(np.rint(drawn_digit(7) * 255).astype(np.uint8)).save(image)
    nothing_typical = trained.copy()
    record = trained.meta[META_KEY]
    nothing_typical.meta[META_KEY] = {
        **record,
        "components": [{**c, "threshold": -1.0} for c in record["components"]],
        "prototypes": {**record["prototypes"], "threshold": -1.0},
    }
    flagged = save_model(nothing_typical, tmp_path / "flagged.npz")
    metrics = tmp_path / "p.json"
    assert main(["predict", "--model", str(flagged), str(image), "--metrics", str(metrics)]) == 0
    assert (
        capsys.readouterr().out.rstrip().endswith("(abstains: unlike anything it was trained on)")
    )
    said = json.loads(metrics.read_text())["predictions"][0]
    assert said["answer"] == "?" and said["abstained"] == "unlike anything it was trained on"
    old = trained.copy()
    old.meta.pop(META_KEY)
    old_path = save_model(old, tmp_path / "old.npz")
    assert main(["predict", "--model", str(old_path), str(image), "--abstain-below", "0"]) == 0
    assert "unlike" not in capsys.readouterr().out


def test_runs_with_style_strokes_fit_the_drawn_digits_apart_on_drawings_never_trained_on(blobs):
    config = SMALL.replace(style_strokes=300)
    sources = typicality_sources(blobs, config)
    assert [s.name for s in sources] == ["the data set's digits", "drawn digits (style strokes)"]
    drawn = sources[1]
    assert drawn.train_x.shape[0] == 300 and drawn.held_x.shape[0] == 1000
    trained_on = {row.tobytes() for row in drawn.train_x}
    assert not any(row.tobytes() in trained_on for row in drawn.held_x)
    retained = typicality_sources(
        blobs.__class__(
            "blobs", blobs.train_x[blobs.train_y != 3], blobs.train_y[blobs.train_y != 3],
            blobs.test_x, blobs.test_y,
        ),
        config,
    )  # fmt: skip
    assert 3 not in set(retained[1].train_y.tolist()) | set(retained[1].held_y.tolist())


def test_experiment_files_keep_the_models_statistics_not_the_snapshots(tmp_path, trained):
    from mugui.experiment import Experiment, Snapshot, load_experiment, save_experiment

    snapshot = Snapshot("before", trained.copy(), {})
    experiment = Experiment(
        trained, SMALL, "bundled", np.zeros((0, 784), np.uint8), np.zeros(0, np.uint8), [snapshot]
    )
    loaded = load_experiment(save_experiment(tmp_path / "e.npz", experiment))
    assert typicality_of(loaded.model) is not None
    assert META_KEY not in loaded.snapshots[0].model.meta


def test_a_record_without_prototypes_still_checks_with_its_gaussians(trained):
    record = {k: v for k, v in trained.meta[META_KEY].items() if k != "prototypes"}
    stats = Typicality.from_meta(record)
    assert stats is not None and stats.prototypes is None
    assert stats.atypical(trained, far_inputs()).mean() >= 0.9


FIT_PEAK_MB = 45  # numpy's peak while fitting the default run's check on the bundled digits


def test_fitting_the_default_runs_check_on_the_bundled_digits_keeps_its_arrays_small(monkeypatch):
    """8,000 digits of the data set and 6,000 style strokes (+ their held-out digits) through
    the healthy default's 256 units: float32 features (16 MB) and the rest a class or a chunk at
    a time. With float64 features and float64 unit rows of every row the fit took 94 MB. The
    non-digit gate is fitted here too, not taken from an earlier fit on the same rows."""
    import tracemalloc

    from mugui import non_digit_gate_memo
    from mugui.data.load import load_dataset
    from mugui.presets import get_preset

    monkeypatch.setattr(non_digit_gate_memo, "_GATES", {})

    data = load_dataset("bundled")
    config = get_preset("healthy").config
    model = Model.init(config.spec, seed=0)
    sources = typicality_sources(data, config)
    model.hidden(data.test_x[:1])  # the kernel is loaded before the count starts
    tracemalloc.start()
    try:
        stats = fit_typicality(model, sources)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert stats is not None and len(stats.components) == 2
    assert sum(s.train_x.shape[0] for s in sources if not s.non_digits) == 14_000
    assert stats.gate is not None  # and the non-digit gate on the 4,000 non-digits
    assert peak < FIT_PEAK_MB * 2**20, f"{peak / 2**20:.1f} MB"


def _damaged_copy(path, out, change):
    """The model file at ``path`` rewritten with its arrays changed by ``change(arrays)``."""
    arrays = dict(np.load(path, allow_pickle=False))
    change(arrays)
    np.savez(out, **arrays)
    return out


def _nan_in(name):
    def change(arrays):
        values = arrays[name].astype(np.float32)
        values.flat[0] = np.nan
        arrays[name] = values

    return change


def _truncated(name):
    def change(arrays):
        arrays[name] = arrays[name].reshape(-1)[:-3]

    return change


def _narrower_by_one(arrays):
    """Every statistic one feature narrower than the hidden layer, consistently with the others."""
    arrays["typicality_0_means"] = arrays["typicality_0_means"][:, :-1]
    arrays["typicality_0_precision"] = arrays["typicality_0_precision"][:-1, :-1]
    arrays["typicality_0_spread_means"] = arrays["typicality_0_spread_means"][:, :-1]
    arrays["typicality_0_spread_directions"] = arrays["typicality_0_spread_directions"][..., :-1]
    arrays["typicality_prototypes"] = arrays["typicality_prototypes"][:, :-1]


@pytest.mark.parametrize(
    "change",
    [
        _nan_in("typicality_0_precision"),
        _nan_in("typicality_prototypes"),
        _truncated("typicality_0_means"),
        _truncated("typicality_0_spread_directions"),
        _narrower_by_one,
    ],
    ids=["nan-precision", "nan-prototypes", "truncated-means", "truncated-spreads", "narrower"],
)
def test_damaged_statistics_in_a_file_are_dropped_and_marked_so(tmp_path, trained, blobs, change):
    """NaN, truncated or wrong-width arrays: the model loads without the check and its metadata
    says the check was dropped (for the window and ``mugui predict`` to say so). A file whose
    arrays were all one feature narrower than the hidden layer loaded with them and raised a
    broadcasting ValueError at the first drawing checked."""
    from mugui.typicality_file import was_dropped

    path = save_model(trained, tmp_path / "model.npz")
    assert not was_dropped(load_model(path).meta)
    loaded = load_model(_damaged_copy(path, tmp_path / "damaged.npz", change))
    assert typicality_of(loaded) is None and META_KEY not in loaded.meta
    assert was_dropped(loaded.meta)
    assert loaded.predict(blobs.test_x[:3]).shape == (3,)
    resaved = load_model(save_model(loaded, tmp_path / "resaved.npz"))
    assert not was_dropped(resaved.meta)  # the mark is the loader's, never written to a file


def test_statistics_of_another_width_than_the_model_are_never_used(trained):
    """However they reach a model (a file, an experiment, a copy), statistics of another number
    of features than its last hidden layer are not its check."""
    model = trained.copy()
    stats = typicality_of(model)
    assert stats is not None
    narrow = [
        replace(c, means=c.means[:, :-1], precision=c.precision[:-1, :-1], spreads=None)
        for c in stats.components
    ]
    model.meta[META_KEY] = replace(stats, components=tuple(narrow), prototypes=None).to_meta()
    assert Typicality.from_meta(model.meta[META_KEY]) is not None  # well-formed in itself
    assert typicality_of(model) is None


def test_predict_says_when_the_check_of_its_model_file_is_damaged(tmp_path, trained, capsys):
    from PIL import Image

    from mugui.cli.main import main
    from mugui.cli.predict_cmd import DAMAGED_CHECK_NOTE

    path = save_model(trained, tmp_path / "model.npz")
    damaged = _damaged_copy(path, tmp_path / "damaged.npz", _nan_in("typicality_0_precision"))
    image = np.zeros((28, 28), np.uint8)
    image[4:24, 12:16] = 255
    Image.fromarray(image).save(tmp_path / "one.png")
    assert main(["predict", "--model", str(damaged), str(tmp_path / "one.png")]) == 0
    err = capsys.readouterr().err
    assert DAMAGED_CHECK_NOTE.format(path=damaged) in err
    assert main(["predict", "--model", str(path), str(tmp_path / "one.png")]) == 0
    assert "damaged" not in capsys.readouterr().err
