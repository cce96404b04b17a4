"""Every reader of a user's file, fuzzed: damaged bytes give a MuguiError (one line), never a traceback.

Hypothesis mutates a valid file (flipped bytes, cuts, insertions) a bounded number of times per
reader: ``MUGUI_FUZZ_EXAMPLES`` (default 25) here, thousands in ``benchmarks/fault_matrix.py``.
"""

import gzip
import io
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from mugui.cli.indices_file import read_indices
from mugui.data.idx import read_idx_images, read_idx_labels, write_idx_images, write_idx_labels
from mugui.drawing.image_file import read_canvas
from mugui.errors import MuguiError
from mugui.experiment import Experiment, load_experiment, save_experiment
from mugui.model import Model
from mugui.model_file import load_model, save_model
from mugui.training.config import TrainConfig

EXAMPLES = int(os.environ.get("MUGUI_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _bytes_of(write) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file"
        write(path)
        return path.read_bytes()


def _model_bytes() -> bytes:
    return _bytes_of(
        lambda p: save_model(
            Model.init((784, 16, 10), seed=0),
            p.with_suffix(".npz"),
            {"config": TrainConfig(hidden=16).to_dict()},
        ).rename(p)
    )


def _experiment_bytes() -> bytes:
    experiment = Experiment(
        Model.init((784, 16, 10), seed=0),
        TrainConfig(hidden=16),
        "bundled",
        np.full((2, 784), 200, np.uint8),
        np.array([3, 7], np.uint8),
    )
    return _bytes_of(lambda p: save_experiment(p.with_suffix(".npz"), experiment).rename(p))


def _png_bytes() -> bytes:
    image = Image.new("L", (40, 40), 255)
    image.paste(0, (18, 5, 23, 35))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _gzipped_labels() -> bytes:
    return gzip.compress(b"\0\0\x08\x01\0\0\0\x05" + bytes(range(5)))


def _indices_bytes() -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.arange(20, dtype=np.int64))
    return buffer.getvalue()


VALID = {
    "model": (_model_bytes, load_model, ".npz"),
    "experiment": (_experiment_bytes, load_experiment, ".npz"),
    "idx images": (
        lambda: _bytes_of(lambda p: write_idx_images(p, np.zeros((5, 784), np.uint8))),
        read_idx_images,
        "",
    ),
    "idx labels": (
        lambda: _bytes_of(lambda p: write_idx_labels(p, np.arange(5, dtype=np.uint8))),
        read_idx_labels,
        "",
    ),
    "gzipped idx": (_gzipped_labels, read_idx_labels, ".gz"),
    "image": (_png_bytes, read_canvas, ".png"),
    "indices .npy": (_indices_bytes, read_indices, ".npy"),
    "indices text": (lambda: b"1 2 3 40 500\n", read_indices, ".txt"),
}


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """``original`` with a few flipped bytes, a cut and an insertion."""
    data = bytearray(original)
    for _ in range(draw(st.integers(0, 4))):
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()) and data:
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] if draw(st.booleans()) else data[cut:]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(max_size=64))
    return bytes(data)


def _fuzz(name: str) -> None:
    make, read, suffix = VALID[name]
    original = make()

    @FUZZ
    @given(data=mutated(original))
    def check(data: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"fuzzed{suffix}"
            path.write_bytes(data)
            try:
                read(path)
            except MuguiError as error:
                assert "\n" not in str(error) and len(str(error)) < 600

    check()


@pytest.mark.parametrize("name", sorted(VALID))
def test_a_damaged_file_gives_a_one_line_error_or_reads(name):
    _fuzz(name)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
CONFIG_KEYS = st.sampled_from(sorted(TrainConfig().to_dict()))


@FUZZ
@given(st.dictionaries(CONFIG_KEYS, JSON, max_size=5) | JSON)
def test_a_stored_config_of_any_shape_gives_a_config_error_or_a_config(data):
    try:
        TrainConfig.from_dict(json.loads(json.dumps(data)))
    except MuguiError as error:
        assert "\n" not in str(error)
