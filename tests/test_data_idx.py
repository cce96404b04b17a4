"""The IDX reader accepts good MNIST-format files and turns every bad one into a clear DataError."""

from __future__ import annotations

import gzip
import struct
import tracemalloc

import numpy as np
import pytest

from mugui.data.idx import (
    read_idx_images,
    read_idx_labels,
    read_idx_pair,
    write_idx_images,
    write_idx_labels,
)
from mugui.errors import DataError


def digits(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, 784), dtype=np.uint8), rng.integers(0, 10, n, dtype=np.uint8)


def raw_file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def error_for(reader, path) -> str:
    with pytest.raises(DataError) as info:
        reader(path)
    message = str(info.value)
    assert str(path) in message, "the message must name the file"
    assert "\n" not in message
    return message


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_written_images_and_labels_read_back_identical(tmp_path, suffix):
    images, labels = digits(50)
    write_idx_images(tmp_path / f"train-images-idx3-ubyte{suffix}", images)
    write_idx_labels(tmp_path / f"train-labels-idx1-ubyte{suffix}", labels)
    got_x, got_y = read_idx_pair(
        tmp_path / f"train-images-idx3-ubyte{suffix}", tmp_path / f"train-labels-idx1-ubyte{suffix}"
    )
    assert got_x.dtype == np.uint8 and got_x.shape == (50, 784)
    np.testing.assert_array_equal(got_x, images)
    np.testing.assert_array_equal(got_y, labels)


def test_images_given_as_28x28_squares_are_written_as_rows(tmp_path):
    images, _ = digits(3)
    write_idx_images(tmp_path / "x", images.reshape(3, 28, 28))
    np.testing.assert_array_equal(read_idx_images(tmp_path / "x"), images)


def test_gzip_is_recognised_by_content_not_by_name(tmp_path):
    images, _ = digits(4)
    write_idx_images(tmp_path / "x.gz", images)
    (tmp_path / "x.gz").rename(tmp_path / "no-suffix")
    np.testing.assert_array_equal(read_idx_images(tmp_path / "no-suffix"), images)


def test_empty_idx_files_read_as_empty_arrays(tmp_path):
    write_idx_labels(tmp_path / "y", np.zeros(0, np.uint8))
    assert read_idx_labels(tmp_path / "y").shape == (0,)


def test_labels_file_read_as_images_names_the_wrong_magic(tmp_path):
    _, labels = digits(10)
    write_idx_labels(tmp_path / "labels", labels)
    message = error_for(read_idx_images, tmp_path / "labels")
    assert "2049" in message and "2051" in message


def test_images_file_read_as_labels_names_the_wrong_magic(tmp_path):
    images, _ = digits(2)
    write_idx_images(tmp_path / "images", images)
    assert "2051" in error_for(read_idx_labels, tmp_path / "images")


def test_a_file_that_is_not_idx_is_rejected(tmp_path):
    path = raw_file(tmp_path, "notes.txt", b"hello, these are not digits\n" * 10)
    assert "not an IDX file" in error_for(read_idx_images, path)


def test_float_idx_data_is_rejected_naming_the_type(tmp_path):
    path = raw_file(tmp_path, "f", struct.pack(">BBBBIII", 0, 0, 0x0D, 3, 1, 28, 28) + bytes(3136))
    assert "float" in error_for(read_idx_images, path)


def test_images_that_are_not_28x28_are_rejected(tmp_path):
    path = raw_file(tmp_path, "big", struct.pack(">IIII", 2051, 1, 32, 32) + bytes(1024))
    assert "32×32" in error_for(read_idx_images, path)


@pytest.mark.parametrize("cut", [0, 3, 10])
def test_file_cut_inside_its_header_is_rejected(tmp_path, cut):
    path = raw_file(tmp_path, "cut", struct.pack(">IIII", 2051, 1, 28, 28)[:cut])
    error_for(read_idx_images, path)


def test_truncated_image_file_is_rejected(tmp_path):
    images, _ = digits(10)
    write_idx_images(tmp_path / "x", images)
    data = (tmp_path / "x").read_bytes()
    path = raw_file(tmp_path, "truncated", data[:-100])
    assert "truncated" in error_for(read_idx_images, path)


def test_truncated_gzip_file_is_rejected(tmp_path):
    images, _ = digits(200)
    write_idx_images(tmp_path / "x.gz", images)
    data = (tmp_path / "x.gz").read_bytes()
    path = raw_file(tmp_path, "truncated.gz", data[: len(data) // 2])
    assert "truncated" in error_for(read_idx_images, path)


def test_gzip_whose_payload_is_short_of_the_header_count_is_rejected(tmp_path):
    payload = struct.pack(">IIII", 2051, 10, 28, 28) + bytes(784 * 9)
    path = raw_file(tmp_path, "short.gz", gzip.compress(payload))
    assert "truncated" in error_for(read_idx_images, path)


def test_corrupt_gzip_file_is_rejected(tmp_path):
    images, _ = digits(200)
    write_idx_images(tmp_path / "x.gz", images)
    data = bytearray((tmp_path / "x.gz").read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)
    path = raw_file(tmp_path, "corrupt.gz", bytes(data))
    assert "gzip" in error_for(read_idx_images, path)


def test_trailing_bytes_after_the_announced_items_are_rejected(tmp_path):
    _, labels = digits(10)
    write_idx_labels(tmp_path / "y", labels)
    path = raw_file(tmp_path, "long", (tmp_path / "y").read_bytes() + b"\0\0\0")
    assert "more" in error_for(read_idx_labels, path)


def test_header_claiming_a_billion_images_fails_without_allocating(tmp_path):
    header = struct.pack(">IIII", 2051, 10**9, 28, 28)
    plain = raw_file(tmp_path, "huge", header + bytes(784))
    zipped = raw_file(tmp_path, "huge.gz", gzip.compress(header + bytes(784)))
    tracemalloc.start()
    try:
        error_for(read_idx_images, plain)
        error_for(read_idx_images, zipped)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 2**20


def test_gzip_header_claiming_more_than_it_holds_is_refused_without_reading_it(tmp_path):
    header = struct.pack(">IIII", 2051, 900_000, 28, 28)  # 705 MB announced, 8 KB present
    path = raw_file(tmp_path, "liar.gz", gzip.compress(header + bytes(8000)))
    tracemalloc.start()
    try:
        assert "claims 900,000 images" in error_for(read_idx_images, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * 2**20


def test_labels_above_nine_are_rejected(tmp_path):
    path = raw_file(tmp_path, "y", struct.pack(">II", 2049, 3) + bytes([1, 12, 3]))
    assert "0..9" in error_for(read_idx_labels, path)


def test_image_and_label_counts_must_match(tmp_path):
    images, labels = digits(10)
    write_idx_images(tmp_path / "x", images)
    write_idx_labels(tmp_path / "y", labels[:9])
    with pytest.raises(DataError, match="10 images but .* 9 labels"):
        read_idx_pair(tmp_path / "x", tmp_path / "y")


def test_missing_file_and_folder_are_rejected(tmp_path):
    assert "does not exist" in error_for(read_idx_images, tmp_path / "absent")
    assert "folder" in error_for(read_idx_images, tmp_path)
