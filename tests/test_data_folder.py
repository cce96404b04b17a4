"""A folder of IDX files becomes a Dataset: t10k files are the test set, else a stratified 80/20."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mugui.data.folder import FASHION_NAMES, load_folder, stratified_split
from mugui.data.idx import write_idx_images, write_idx_labels
from mugui.data.load import load_dataset
from mugui.errors import DataError

FASHION = Path("/usr/share/datasets/fashion-mnist")


def write_split(folder: Path, split: str, n: int, seed: int, style: str = "{}-{}-idx{}-ubyte"):
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, (n, 784), dtype=np.uint8)
    labels = (np.arange(n) % 10).astype(np.uint8)
    rng.shuffle(labels)
    write_idx_images(folder / style.format(split, "images", 3), images)
    write_idx_labels(folder / style.format(split, "labels", 1), labels)
    return images, labels


def test_t10k_files_are_the_test_set_and_all_train_files_train(tmp_path):
    train_x, train_y = write_split(tmp_path, "train", 120, seed=1)
    test_x, test_y = write_split(tmp_path, "t10k", 30, seed=2)
    data = load_folder(tmp_path)
    np.testing.assert_array_equal(data.train_x, train_x)
    np.testing.assert_array_equal(data.train_y, train_y)
    np.testing.assert_array_equal(data.test_x, test_x)
    np.testing.assert_array_equal(data.test_y, test_y)
    assert data.class_names == tuple("0123456789")
    assert data.name == tmp_path.name


def test_only_train_files_give_a_stratified_80_20_split(tmp_path):
    images, labels = write_split(tmp_path, "train", 500, seed=3)
    data = load_folder(tmp_path)
    assert (data.n_train, data.n_test) == (400, 100)
    np.testing.assert_array_equal(np.bincount(data.test_y, minlength=10), [10] * 10)
    rows = {row.tobytes() for row in np.concatenate([data.train_x, data.test_x])}
    assert rows == {row.tobytes() for row in images}, "every sample lands in exactly one split"


def test_train_only_split_is_the_same_every_time(tmp_path):
    write_split(tmp_path, "train", 300, seed=4)
    first, second = load_folder(tmp_path), load_folder(tmp_path)
    np.testing.assert_array_equal(first.test_x, second.test_x)
    np.testing.assert_array_equal(first.train_y, second.train_y)


@pytest.mark.parametrize(
    "style", ["{}-{}.idx{}-ubyte", "{}-{}-idx{}-ubyte.gz", "{}-{}.idx{}-ubyte.gz"]
)
def test_dotted_and_gzipped_file_names_are_found(tmp_path, style):
    write_split(tmp_path, "train", 40, seed=5, style=style)
    write_split(tmp_path, "t10k", 20, seed=6, style=style)
    assert (load_folder(tmp_path).n_train, load_folder(tmp_path).n_test) == (40, 20)


def test_stratified_split_keeps_every_class_proportion_within_one_sample():
    labels = np.repeat(np.arange(10, dtype=np.uint8), [13, 7, 22, 5, 9, 31, 2, 18, 11, 6])
    train, test = stratified_split(labels, 0.2, seed=0)
    assert len(test) == round(labels.size * 0.2)
    assert len(np.intersect1d(train, test)) == 0 and len(train) + len(test) == labels.size
    exact = np.bincount(labels, minlength=10) * 0.2
    assert np.all(np.abs(np.bincount(labels[test], minlength=10) - exact) < 1)


def test_classes_txt_names_the_classes_of_any_set(tmp_path):
    write_split(tmp_path, "train", 50, seed=7)
    names = [f"glyph {i}" for i in range(10)]
    (tmp_path / "classes.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    assert load_folder(tmp_path).class_names == tuple(names)


def test_classes_txt_with_the_wrong_number_of_names_is_rejected(tmp_path):
    write_split(tmp_path, "train", 50, seed=7)
    (tmp_path / "classes.txt").write_text("a\nb\nc\n", encoding="utf-8")
    with pytest.raises(DataError, match="must name 10 classes"):
        load_folder(tmp_path)


def test_images_without_labels_are_rejected(tmp_path):
    write_split(tmp_path, "train", 20, seed=8)
    (tmp_path / "train-labels-idx1-ubyte").unlink()
    with pytest.raises(DataError, match="train images but no train labels"):
        load_folder(tmp_path)


def test_test_files_without_training_files_are_rejected(tmp_path):
    write_split(tmp_path, "t10k", 20, seed=9)
    with pytest.raises(DataError, match="no training files"):
        load_folder(tmp_path)


def test_a_bad_file_in_the_folder_is_named_in_the_error(tmp_path):
    write_split(tmp_path, "train", 20, seed=10)
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(b"garbage")
    (tmp_path / "t10k-labels-idx1-ubyte").write_bytes(b"garbage")
    with pytest.raises(DataError, match="t10k-images-idx3-ubyte"):
        load_folder(tmp_path)


def test_load_dataset_explains_a_missing_folder_a_file_and_an_empty_folder(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_dataset(tmp_path / "nowhere")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(DataError, match="is a file"):
        load_dataset(tmp_path / "file.txt")
    with pytest.raises(DataError, match="no MNIST-format IDX files"):
        load_dataset(tmp_path)


def test_load_dataset_reads_bundled_and_folders(tmp_path):
    write_split(tmp_path, "train", 50, seed=11)
    assert load_dataset("bundled").n_train == 8000
    assert load_dataset(str(tmp_path)).n_train == 40


@pytest.mark.skipif(not FASHION.is_dir(), reason=f"{FASHION} absent (Debian dataset-fashion-mnist)")
def test_fashion_mnist_folder_loads_60k_10k_with_its_class_names():
    data = load_dataset(FASHION)
    assert (data.n_train, data.n_test) == (60_000, 10_000)
    assert data.name == "Fashion-MNIST"
    assert data.class_names == FASHION_NAMES
    assert data.class_names[0] == "T-shirt/top" and data.class_names[9] == "Ankle boot"
    assert np.bincount(data.test_y, minlength=10).tolist() == [1000] * 10


@pytest.mark.parametrize(
    "text, message",
    [
        ("\n".join(["x" * 41] + [str(i) for i in range(9)]), "longer than 40"),
        ("a\n" * 10 + "\n" * 5000, "larger than 4096 bytes"),
    ],
)
def test_a_classes_txt_with_a_huge_name_or_size_is_refused(tmp_path, text, message):
    write_split(tmp_path, "train", 50, seed=7)
    (tmp_path / "classes.txt").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_folder(tmp_path)
