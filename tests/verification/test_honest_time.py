"""Honest cost: warm kernels, progress figures and setup left out of the time, work counted."""

import time
from types import SimpleNamespace

from mugui.runs import unlearn as unlearn_run
from mugui.runs.events import run_to_end
from mugui.runs.unlearn import UnlearnSpec, unlearn_events
from mugui.runs.verify import verify_events
from mugui.unlearning import reference_cache
from mugui.unlearning.forget_set import forget_class, forget_random
from mugui.unlearning.kernel_warmup import kernels_warm
from mugui.unlearning.registry import UnlearnRequest, run_method

from .conftest import SMALL


def test_time_spent_measuring_progress_is_not_method_time(blob_data, blob_model, tiny_method):
    def reports_twice(request):
        request.report(0.5, "half", request.model)
        request.report(1.0, "done", request.model)
        return request.model

    name = tiny_method("reporter", reports_twice)
    request = UnlearnRequest(blob_model, blob_data, forget_class(blob_data, 5), {}, SMALL)
    request.on_progress = lambda progress: time.sleep(0.25)
    assert run_method(name, request).seconds < 0.25


def test_unlearning_warms_the_kernels_and_counts_gradient_work(blob_data, blob_model):
    forget = forget_class(blob_data, 5)
    spec = UnlearnSpec(blob_model, blob_data, forget, "random_labels", config=SMALL)
    outcome = run_to_end(unlearn_events(spec))
    assert kernels_warm()
    assert outcome.work.gradient_samples == outcome.info["samples_seen"] > 0
    assert outcome.work.flops == 6 * blob_model.params.size * outcome.work.gradient_samples
    assert len(outcome.timings) >= 2 and min(outcome.timings) <= outcome.seconds


def test_report_puts_work_beside_time_with_reference_provenance(blob_data, blob_model):
    forget = forget_class(blob_data, 5)
    spec = UnlearnSpec(blob_model, blob_data, forget, "random_labels", config=SMALL)
    outcome = run_to_end(unlearn_events(spec))
    report = run_to_end(verify_events(blob_model, outcome, blob_data, config=SMALL, seeds=2))
    retain = blob_data.n_train - forget.indices.size
    assert report["reference_work"]["gradient_samples"] == SMALL.epochs * retain
    assert report["work_speedup"] == SMALL.epochs * retain / outcome.work.gradient_samples
    timing = report["reference_timing"]
    assert [t["source"] for t in timing] == ["trained now", "trained now"]
    assert all(t["kernels_warm"] and t["seconds"] > 0 for t in timing)
    again = run_to_end(verify_events(blob_model, outcome, blob_data, config=SMALL, seeds=2))
    assert [t["source"] for t in again["reference_timing"]] == ["cache", "cache"]
    assert again["reference_seconds"] == report["reference_seconds"]


def test_a_cached_reference_timed_cold_reports_no_time(blob_data, blob_model):
    """The old cache kept whatever the first process measured, numba compilation included."""
    forget = forget_random(blob_data, 20)
    for seed in (1,):
        model = reference_cache.retrain_reference(blob_data, SMALL, forget, seed)
        model.meta["timing"]["kernels_warm"] = False
        key = reference_cache.reference_key(blob_data, SMALL, forget, seed)
        reference_cache.DEFAULT_CACHE._remember(key, model)
    spec = UnlearnSpec(blob_model, blob_data, forget, "random_labels", config=SMALL)
    outcome = run_to_end(unlearn_events(spec))
    report = run_to_end(verify_events(blob_model, outcome, blob_data, config=SMALL, seeds=1))
    assert report["reference_seconds"] is None and report["speedup"] is None
    assert report["reference_timing"][0]["source"] == "cache"


def test_sisa_ensemble_training_is_setup_not_unlearning_time(blob_data, blob_model):
    forget = forget_random(blob_data, 5)
    config = SMALL.replace(epochs=1, seed=7)
    spec = UnlearnSpec(
        blob_model, blob_data, forget, "sisa", {"shards": 2, "slices": 2}, config=config
    )
    outcome = run_to_end(unlearn_events(spec))
    assert outcome.setup["what"] == "training the SISA ensemble"
    assert outcome.setup["work"].gradient_samples >= blob_data.n_train
    assert outcome.work.gradient_samples < outcome.setup["work"].gradient_samples
    assert outcome.setup["seconds"] > 0 and outcome.seconds > 0


def test_amnesiac_shows_what_recording_the_updates_costs(blob_data):
    from mugui.training.trainer import Trainer

    config = SMALL.replace(record_updates=True)
    trainer = Trainer(blob_data, config)
    for _ in trainer.run():
        pass
    forget = forget_class(blob_data, 5)
    spec = UnlearnSpec(
        trainer.model,
        blob_data,
        forget,
        "amnesiac",
        extras=trainer.recorder.to_arrays(),
        config=config,
    )
    outcome = run_to_end(unlearn_events(spec))
    cost = outcome.recording_cost
    assert cost["epoch_seconds_plain"] > 0 and cost["epoch_seconds_recording"] > 0
    assert cost["slowdown"] > 0 and cost["what"].startswith("recording updates")
    report = run_to_end(verify_events(trainer.model, outcome, blob_data, config=config, seeds=0))
    assert report["recording_cost"] == cost


def test_recording_cost_times_one_epoch_each_way_and_scales_the_extra_to_all_epochs(monkeypatch):
    """A fake clock: one plain epoch takes 2 s, one recording epoch 3 s."""
    now = [0.0]
    epochs_run = []

    class FakeTrainer:
        def __init__(self, dataset, config, control):
            self.config = config

        def run(self):
            epochs_run.append((self.config.epochs, self.config.record_updates))
            now[0] += 3.0 if self.config.record_updates else 2.0
            yield from ()

    monkeypatch.setattr(unlearn_run, "Trainer", FakeTrainer)
    monkeypatch.setattr(unlearn_run, "time", SimpleNamespace(perf_counter=lambda: now[0]))
    cost = unlearn_run.measure_recording_cost(None, SMALL, None)
    assert epochs_run == [(1, False), (1, True)]
    assert cost["epoch_seconds_plain"] == 2.0 and cost["epoch_seconds_recording"] == 3.0
    assert cost["slowdown"] == 1.5
    assert cost["extra_training_seconds"] == SMALL.epochs * 1.0
