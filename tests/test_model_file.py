"""Model files round-trip exactly; anything foreign or damaged is refused with a clear message."""

import io
import zipfile

import numpy as np
import pytest

from mugui.errors import ModelFileError, MuguiError
from mugui.model import Model
from mugui.model_file import load_model, save_model


def test_save_and_load_round_trip_exactly(tmp_path):
    model = Model.init((784, 32, 10), seed=1)
    path = save_model(
        model, tmp_path / "m.npz", {"note": "hello"}, {"record": np.ones((2, 3), np.float32)}
    )
    loaded, extras = load_model(path, with_extras=True)
    assert loaded.sizes == model.sizes
    assert np.array_equal(loaded.params, model.params)
    assert loaded.meta["note"] == "hello"
    assert np.array_equal(extras["record"], np.ones((2, 3), np.float32))


def test_two_hidden_layers_round_trip(tmp_path):
    model = Model.init((784, 32, 16, 10), seed=2)
    assert load_model(save_model(model, tmp_path / "m.npz")).sizes == (784, 32, 16, 10)


def test_he_uniform_init_matches_the_c_formula():
    model = Model.init((784, 256, 10), seed=0)
    (w1, b1), (w2, b2) = model.layers()
    limit = np.sqrt(2 / 784)
    assert np.abs(w1).max() <= limit and np.abs(w1).max() > 0.95 * limit
    assert abs(float(w1.mean())) < 0.01 * limit
    assert np.abs(w2).max() <= np.sqrt(2 / 256)
    assert not b1.any() and not b2.any()


def _write(path, **arrays):
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(b"not a zip at all"), "not a readable"),
        (lambda p: p.write_bytes(b""), "not a readable"),
        (lambda p: _write(p, weights=np.zeros(3)), "not a mugui model"),
        (
            lambda p: _write(
                p,
                params=np.zeros(3, np.float32),
                sizes=np.array([784, 1, 10]),
                metadata=np.array("{oops"),
            ),
            "metadata",
        ),
        (
            lambda p: _write(
                p,
                params=np.zeros(3, np.float32),
                sizes=np.array([784, 1, 10]),
                metadata=np.array('{"format": "other"}'),
            ),
            "not a mugui model",
        ),
        (
            lambda p: _write(
                p,
                params=np.zeros(3, np.float32),
                sizes=np.array([784, 16, 10]),
                metadata=np.array('{"format": "mugui-model/1"}'),
            ),
            "another architecture",
        ),
        (
            lambda p: _write(
                p,
                params=np.zeros(3, np.float32),
                sizes=np.array([100, 16, 10]),
                metadata=np.array('{"format": "mugui-model/1"}'),
            ),
            "another architecture",
        ),
        (
            lambda p: _write(
                p,
                params=np.array([object()], dtype=object),
                sizes=np.array([784, 16, 10]),
                metadata=np.array('{"format": "mugui-model/1"}'),
            ),
            "pickled",
        ),
    ],
)
def test_foreign_or_damaged_file_is_refused_clearly(tmp_path, make, message):
    path = tmp_path / "bad.npz"
    make(path)
    with pytest.raises(ModelFileError, match=message):
        load_model(path)


def test_truncated_model_file_is_refused(tmp_path):
    path = save_model(Model.init((784, 16, 10), seed=0), tmp_path / "m.npz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError):
        load_model(path)


def test_nan_weights_are_refused(tmp_path):
    model = Model.init((784, 16, 10), seed=0)
    model.params[5] = np.nan
    path = save_model(model, tmp_path / "nan.npz")
    with pytest.raises(ModelFileError, match="non-finite"):
        load_model(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ModelFileError, match="no model file"):
        load_model(tmp_path / "nope.npz")


def test_read_only_folder_gives_a_clear_error_and_keeps_the_old_file(tmp_path, monkeypatch):
    path = save_model(Model.init((784, 16, 10), seed=0), tmp_path / "m.npz")
    before = path.read_bytes()

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    with pytest.raises(MuguiError, match="cannot write .*Read-only"):
        save_model(Model.init((784, 16, 10), seed=1), path)
    assert path.read_bytes() == before


def test_a_pickle_is_never_loaded(tmp_path):
    import pickle

    path = tmp_path / "evil.npz"
    path.write_bytes(pickle.dumps({"params": [1, 2, 3]}))
    with pytest.raises(ModelFileError, match="pickle"):
        load_model(path)


def test_save_that_fails_midway_leaves_no_partial_file(tmp_path, monkeypatch):
    good = save_model(Model.init((784, 16, 10), seed=0), tmp_path / "m.npz")
    before = good.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np.lib.format, "write_array", full_disk)
    with pytest.raises(MuguiError, match="No space left"):
        save_model(Model.init((784, 16, 10), seed=1), good)
    assert good.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.npz"]


def test_model_file_is_a_plain_zip_of_npy_arrays(tmp_path):
    path = save_model(Model.init((784, 16, 10), seed=0), tmp_path / "m.npz")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["metadata.npy", "params.npy", "sizes.npy"]
        header = io.BytesIO(archive.read("metadata.npy")).read(128)
    assert b"<U" in header  # a unicode string array, not a pickled object
