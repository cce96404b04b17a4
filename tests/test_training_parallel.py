"""run_parallel: independent jobs on all cores, results in job order, stoppable."""

import threading
import time

import numpy as np
import pytest

from mugui.data.bundled import load_bundled
from mugui.data.dataset import Dataset
from mugui.training.config import TrainConfig
from mugui.training.parallel import run_parallel
from mugui.training.trainer import train


def test_results_come_back_in_job_order_with_progress():
    seen = []
    results = run_parallel(
        [lambda i=i: i * i for i in range(7)], workers=3, on_progress=lambda d, t: seen.append(t)
    )
    assert results == [i * i for i in range(7)]
    assert seen and set(seen) == {7}


def test_a_stop_cancels_the_jobs_not_started():
    started = []
    stop = threading.Event()

    def job(i):
        started.append(i)
        if i < 2:
            stop.wait(5)  # the first two run until the stop
        else:
            time.sleep(0.05)
        return i

    timer = threading.Timer(0.2, stop.set)
    timer.start()
    assert run_parallel([lambda i=i: job(i) for i in range(20)], 2, stop.is_set) is None
    assert len(started) < 20


def test_a_failing_job_raises_its_error():
    def boom():
        raise ValueError("bad job")

    with pytest.raises(ValueError, match="bad job"):
        run_parallel([lambda: 1, boom], workers=2)


def test_models_trained_side_by_side_equal_the_same_trainings_one_by_one():
    full = load_bundled()
    data = Dataset(
        "digits", full.train_x[:400], full.train_y[:400], full.test_x[:100], full.test_y[:100]
    )
    configs = [TrainConfig(hidden=32, epochs=1, seed=s) for s in range(3)]
    parallel = run_parallel([lambda c=c: train(data, c)[0] for c in configs], workers=2)
    for config, model in zip(configs, parallel, strict=True):
        assert np.array_equal(model.params, train(data, config)[0].params)
