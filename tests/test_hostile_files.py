"""Small files that claim huge memory, malformed metadata and foreign formats: each refused in one line.

Every limit is checked from a header before anything is allocated; ``tracemalloc`` shows the
refusals cost megabytes at most, whatever the file claims.
"""

import gzip
import io
import json
import struct
import tracemalloc
import zipfile

import numpy as np
import pytest
from PIL import Image

from mugui.data.idx import IMAGE_MAGIC, MAX_ITEMS, read_idx_images, read_idx_labels
from mugui.drawing.image_file import read_canvas
from mugui.errors import DataError, ModelFileError
from mugui.experiment import Experiment, load_experiment, save_experiment
from mugui.model import Model
from mugui.model_file import FORMAT, load_model, save_model
from mugui.training.config import TrainConfig

ALLOWED_PEAK = 50_000_000  # bytes Python may allocate while refusing a hostile file


def npy_member(shape: tuple[int, ...], descr: str, data: bytes = b"") -> bytes:
    """An .npy header declaring ``shape`` and ``descr``, followed by ``data`` (maybe far less)."""
    buffer = io.BytesIO()
    header = {"descr": descr, "fortran_order": False, "shape": shape}
    np.lib.format.write_array_header_1_0(buffer, header)
    return buffer.getvalue() + data


def npz_file(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in members.items():
            archive.writestr(f"{name}.npy", raw)
    return path


def array_bytes(array) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
    return buffer.getvalue()


def model_members(meta_text: str, sizes=(784, 16, 10)) -> dict[str, bytes]:
    model = Model.init((784, 16, 10), seed=0)
    return {
        "params": array_bytes(model.params),
        "sizes": array_bytes(np.array(sizes, np.int64)),
        "metadata": array_bytes(np.array(meta_text)),
    }


def refused_cheaply(read, path, error=ModelFileError, match=None):
    tracemalloc.start()
    try:
        with pytest.raises(error, match=match) as refused:
            read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < ALLOWED_PEAK, f"refusing cost {peak / 1e6:.0f} MB"
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 400
    return str(refused.value)


DEEP = "[" * 200_000 + "]" * 200_000
META = json.dumps({"format": FORMAT})
HUGE_INT = META[:-1] + ', "seed": ' + "9" * 10_000 + "}"


@pytest.mark.parametrize(
    "meta_text, match",
    [
        (DEEP, "metadata"),
        (HUGE_INT, "metadata"),
        (META[:-1] + ', "a": ' + "[" * 40 + "]" * 40 + "}", "nested deeper"),
        (META[:-1] + f', "a": {2**70}}}', "too large"),
    ],
)
def test_malformed_model_metadata_is_refused_in_one_line(tmp_path, meta_text, match):
    path = npz_file(tmp_path / "m.npz", model_members(meta_text))
    refused_cheaply(load_model, path, match=match)


@pytest.mark.parametrize("meta_text", [DEEP, HUGE_INT.replace(FORMAT, "mugui-experiment/1")])
def test_malformed_experiment_metadata_is_refused_in_one_line(tmp_path, meta_text):
    good = save_experiment(
        tmp_path / "good.npz",
        Experiment(
            Model.init((784, 16, 10), seed=0),
            TrainConfig(hidden=16),
            "bundled",
            np.zeros((0, 784), np.uint8),
            np.zeros(0, np.uint8),
        ),
    )
    with zipfile.ZipFile(good) as archive:
        members = {n[:-4]: archive.read(n) for n in archive.namelist()}
    members["metadata"] = array_bytes(np.array(meta_text))
    refused_cheaply(load_experiment, npz_file(tmp_path / "bad.npz", members))


@pytest.mark.parametrize(
    "sizes",
    [(784, 300_000, 10), (784, 1, 10), (784, 1024, 1024, 1024, 1024, 10), (784, 2**40, 10)],
)
def test_layer_shapes_outside_the_engines_range_are_refused_before_reading_weights(tmp_path, sizes):
    members = model_members(META, sizes)
    members["params"] = npy_member((sum(sizes) * 1000,), "<f4")
    path = npz_file(tmp_path / "m.npz", members)
    refused_cheaply(load_model, path, match="another architecture")


@pytest.mark.parametrize(
    "member, header",
    [
        ("params", npy_member((1_500_000_000,), "<f4")),
        ("metadata", npy_member((), "<U300000000")),
        ("sizes", npy_member((10**9,), "<i8")),
        ("params", npy_member((10**6,), "|O")),
    ],
)
def test_a_small_file_declaring_gigabytes_is_refused_before_allocation(tmp_path, member, header):
    members = model_members(META)
    members[member] = header
    path = npz_file(tmp_path / "m.npz", members)
    assert path.stat().st_size < 100_000
    refused_cheaply(load_model, path)


def test_model_extras_declaring_gigabytes_are_refused(tmp_path):
    members = model_members(META)
    members["extra_record"] = npy_member((10**9,), "<f8")
    path = npz_file(tmp_path / "m.npz", members)
    refused_cheaply(lambda p: load_model(p, with_extras=True), path, match="declares")


def test_a_saved_model_still_loads_with_its_extras(tmp_path):
    model = Model.init((784, 1024, 1024, 10), seed=0)
    path = save_model(model, tmp_path / "m.npz", extra_arrays={"units": np.arange(5)})
    loaded, extras = load_model(path, with_extras=True)
    assert loaded.sizes == model.sizes and list(extras["units"]) == [0, 1, 2, 3, 4]


def test_a_gzipped_idx_file_claiming_a_million_images_is_refused_at_its_header(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    header = struct.pack(">IIII", IMAGE_MAGIC, 1_000_000, 28, 28)
    path.write_bytes(gzip.compress(header + bytes(784 * 2000)))
    message = refused_cheaply(read_idx_images, path, DataError)
    assert "1,000,000" in message


def test_a_gzip_bomb_under_the_item_cap_is_refused_before_decompressing(tmp_path):
    path = tmp_path / "train-images-idx3-ubyte.gz"
    count = MAX_ITEMS
    path.write_bytes(
        gzip.compress(struct.pack(">IIII", IMAGE_MAGIC, count, 28, 28) + bytes(784 * count))
    )
    assert path.stat().st_size < 1_000_000
    refused_cheaply(read_idx_images, path, DataError, match="not a real IDX file")


def test_a_label_file_claiming_too_many_items_is_refused(tmp_path):
    path = tmp_path / "train-labels-idx1-ubyte"
    path.write_bytes(struct.pack(">II", 2049, MAX_ITEMS + 1))
    refused_cheaply(read_idx_labels, path, DataError, match="more than")


def test_a_huge_png_is_refused_from_its_header_before_decoding(tmp_path):
    path = tmp_path / "huge.png"
    Image.new("1", (13_000, 13_000)).save(path)
    assert path.stat().st_size < 2_000_000
    refused_cheaply(read_canvas, path, DataError, match="megapixels")


def test_postscript_named_png_is_never_handed_to_ghostscript(tmp_path, monkeypatch):
    import subprocess

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"a program was run: {args}")

    monkeypatch.setattr(subprocess, "Popen", no_subprocess)
    monkeypatch.setattr(subprocess, "check_call", no_subprocess)
    path = tmp_path / "digit.png"
    path.write_text(
        "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\n"
        "newpath 14 4 moveto 14 24 lineto 3 setlinewidth stroke showpage\n"
    )
    with pytest.raises(DataError, match="not an image mugui reads"):
        read_canvas(path)


def test_common_image_formats_still_read(tmp_path):
    for suffix in ("png", "jpg", "bmp", "gif", "tiff", "webp", "ppm"):
        image = Image.new("RGB", (60, 60), "white")
        image.paste((0, 0, 0), (25, 10, 35, 50))
        path = tmp_path / f"digit.{suffix}"
        image.save(path)
        assert read_canvas(path).max() > 0.5, suffix
