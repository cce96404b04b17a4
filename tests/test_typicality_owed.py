"""How a model that came without its typicality check can be given one: on the data it says it
was trained on (a model file), or on the classes it still knows (a task-by-task model)."""

import numpy as np

from mugui.data.fingerprint import train_fingerprint
from mugui.runs.typicality_owed import class_sources, file_sources
from mugui.training.config import TrainConfig


def _meta(dataset, **extra):
    return {
        "data": {"fingerprint": train_fingerprint(dataset)},
        "config": TrainConfig(hidden=16, epochs=1).to_dict(),
        **extra,
    }


def _classes(sources):
    return [sorted(np.unique(s.train_y).tolist()) for s in sources()]


def test_a_file_trained_on_the_data_set_is_fitted_on_all_of_it(blobs):
    sources = file_sources(_meta(blobs), blobs)
    assert sources is not None
    (source,) = sources()
    assert source.train_x is blobs.train_x and source.train_y is blobs.train_y


def test_a_file_trained_on_other_data_or_without_its_configuration_gets_nothing(blobs):
    other = {**_meta(blobs), "data": {"fingerprint": "0123456789abcdef"}}
    assert file_sources(other, blobs) is None
    assert file_sources({"data": _meta(blobs)["data"]}, blobs) is None  # no configuration
    assert file_sources({**_meta(blobs), "config": {"hidden": "many"}}, blobs) is None
    assert file_sources({}, blobs) is None


def test_a_file_that_forgot_a_whole_class_is_fitted_on_the_rest(blobs):
    size = int(np.sum(blobs.train_y == 3))
    forget = {"kind": "class", "size": size, "classes": [3]}
    sources = file_sources(_meta(blobs, unlearning={"forget": forget}), blobs)
    assert sources is not None
    kept = [c for c in np.unique(blobs.train_y).tolist() if c != 3]
    assert _classes(sources) == [kept]


def test_a_file_that_forgot_chosen_samples_gets_nothing(blobs):
    some = {"kind": "indices", "size": 12, "classes": []}
    assert file_sources(_meta(blobs, unlearning={"forget": some}), blobs) is None
    part = {"kind": "fraction", "size": 5, "classes": [3]}  # not every 3: cannot be rebuilt
    assert file_sources(_meta(blobs, unlearning={"forget": part}), blobs) is None
    assert file_sources(_meta(blobs, unlearning="forgot"), blobs) is None


def test_a_task_model_is_fitted_on_the_classes_it_knows(blobs):
    assert _classes(class_sources(blobs, (0, 1, 2, 3, 4))) == [[0, 1, 2, 3, 4]]
    everything = np.unique(blobs.train_y).tolist()
    (source,) = class_sources(blobs, everything)()
    assert source.train_x is blobs.train_x
