"""SISA (Bourtoule et al. 2021): exact unlearning by retraining only the affected shard slices.

The method works on a :class:`~mugui.unlearning.sisa_ensemble.SisaEnsemble`, not on the single
original model: SISA must be chosen before training, because the sharding is what makes
forgetting cheap. The ensemble comes from ``request.extras["sisa_ensemble"]``; without one it
is trained here (and kept in memory for the next request on the same data and settings), and
the report says that this training happened and what it cost.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict

from mugui.training.work_meter import metering
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.sisa_ensemble import SisaEnsemble
from mugui.unlearning.sisa_training import data_key, forget_samples, train_sisa

EXTRAS_KEY = "sisa_ensemble"
CACHE_ENTRIES = 4
_ensembles: OrderedDict[tuple, SisaEnsemble] = OrderedDict()


def sisa(request: UnlearnRequest) -> UnlearnResult:
    """Find or train the ensemble, then retrain each affected shard from its last clean checkpoint."""
    p = request.params
    data = request.dataset
    ensemble = request.extras.get(EXTRAS_KEY)
    source = "given"
    share = 0.0
    if ensemble is None:
        key = (data_key(data), json.dumps(request.config.to_dict()), p["shards"], p["slices"])
        ensemble = _ensembles.get(key)
        source = "cached"
        if ensemble is None:
            share = 0.8
            reported_before, started = request.report_seconds, time.perf_counter()
            with metering() as setup_work:
                ensemble = train_sisa(
                    data,
                    request.config,
                    p["shards"],
                    p["slices"],
                    request.control,
                    lambda f, m: request.report(share * f, f"training the SISA ensemble: {m}"),
                )
            # progress reports are already left out of the method's time by run_method
            setup_seconds = (
                time.perf_counter() - started - (request.report_seconds - reported_before)
            )
            _ensembles[key] = ensemble
            while len(_ensembles) > CACHE_ENTRIES:
                _ensembles.popitem(last=False)
            source = "trained now"
        request.report(share, "ensemble ready", ensemble)
    result, info = forget_samples(
        ensemble,
        data,
        request.forget.indices,
        request.control,
        lambda f, m: request.report(share + (1 - share) * f, f"retraining {m}"),
    )
    request.report(1.0, "affected shards retrained", result)
    info["ensemble"] = source
    info["ensemble_note"] = {
        "given": "the ensemble came with the request",
        "cached": "the ensemble trained by an earlier request on the same data and settings was reused",
        "trained now": (
            f"no ensemble was given, so one was trained first ({ensemble.train_seconds:.1f} s, "
            "reported as setup, apart from the unlearning time); the original single model is "
            "not used by SISA"
        ),
    }[source]
    setup = None
    if source == "trained now":
        setup = {
            "what": "training the SISA ensemble",
            "seconds": setup_seconds,
            "work": setup_work,
        }
    return UnlearnResult(result, info, setup=setup)


register(
    Method(
        name="sisa",
        returns_ensemble=True,
        title="SISA sharded ensemble",
        summary="Exact unlearning: retrain only the shards (and slices) that saw the forget set.",
        algorithm=(
            "Training: split the training set at random into K shards and train one MLP per shard, "
            "so each sample influences one model only. Each shard is cut into R slices; stage r "
            "trains on slices 1..r (for 2E/(R+1) epochs, so that all stages cost about E passes) "
            "and keeps the weights and momentum as a checkpoint. Prediction averages the shards' "
            "softmax outputs. Forgetting: remove the samples from their slices and retrain each "
            "affected shard from the checkpoint before its first affected slice. The result is "
            "identical to training on the remaining data, at a fraction of the cost when few "
            "samples are forgotten; a whole class lives in every shard and slice, so forgetting it "
            "retrains everything. More shards make forgetting cheaper and each shard weaker."
        ),
        source="Bourtoule et al., 'Machine Unlearning', IEEE S&P 2021 (arXiv:1912.03817).",
        params=(
            Param(
                "shards",
                5,
                1,
                64,
                "K: independent models, each trained on 1/K of the data. More shards mean each "
                "forget request touches a smaller part of the data, but each model sees less and "
                "the ensemble is less accurate (about 0.5 points per doubling here).",
            ),
            Param(
                "slices",
                4,
                1,
                32,
                "R: checkpoints per shard. A sample in a late slice only forces the last stages to "
                "be redone; more slices cost memory (R checkpoints per shard), not accuracy.",
            ),
        ),
        func=sisa,
        exact=True,
    )
)
