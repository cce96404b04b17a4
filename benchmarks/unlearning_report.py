"""The unlearning issue's "done when" figures on the bundled digits with a default-trained model.

1. Forget digit 5 with every method: test-forget and test-retain accuracy against the retrain
   reference, wall time and speedup; probe and relearn steps for output_zero and the reference.
2. Forget 100 random samples: every method's gap to the reference, MIA AUC of original, method
   and reference.
3. The NeurIPS 2023 forgetting-quality score with N = 16 (cold and warm reference cache).

Run: ``.venv/bin/python benchmarks/unlearning_report.py [--quality-method NAME] [--skip-quality]``.
"""

from __future__ import annotations

import argparse
import time

from mugui.data.load import load_dataset
from mugui.errors import UnlearningError
from mugui.runs.events import run_to_end
from mugui.runs.unlearn import UnlearnSpec, unlearn_events
from mugui.runs.verify import verify_events
from mugui.training.config import TrainConfig
from mugui.training.trainer import Trainer
from mugui.unlearning.forget_set import forget_class, forget_random
from mugui.unlearning.registry import all_methods
from mugui.verification.forgetting_quality import forgetting_quality


def _fmt(value, digits: int = 3) -> str:
    return "  n/a" if value is None else f"{value:.{digits}f}"


def train_original(dataset, config: TrainConfig):
    """The default-trained model, with recorded updates so that amnesiac can run too."""
    trainer = Trainer(dataset, config.replace(record_updates=True))
    for _ in trainer.run():
        pass
    return trainer.model, trainer.recorder.to_arrays()


def run_all(dataset, original, extras, config, forget, relearn_for=()):
    """(method, report or error message) for every registered method."""
    for method in all_methods():
        spec = UnlearnSpec(original, dataset, forget, method.name, {}, extras, config)
        try:
            outcome = run_to_end(unlearn_events(spec))
        except UnlearningError as exc:
            yield method.name, str(exc)
            continue
        relearn_on = "full" if method.name in relearn_for else None
        yield (
            method.name,
            run_to_end(
                verify_events(original, outcome, dataset, config=config, relearn_on=relearn_on)
            ),
        )


def class_scenario(dataset, original, extras, config) -> None:
    print("\n== forget digit 5 ==")
    print(f"{'method':16s} {'test_fgt':>8s} {'test_ret':>8s} {'ref_ret':>8s} {'d_ret':>6s} "
          f"{'fgt':>6s} {'probe':>6s} {'relearn':>7s} {'seconds':>8s} {'speedup':>8s}")  # fmt: skip
    forget = forget_class(dataset, 5)
    for name, report in run_all(dataset, original, extras, config, forget, ("output_zero",)):
        if isinstance(report, str):
            print(f"{name:16s} skipped: {report}")
            continue
        a, r = report["after"], report["reference"]
        print(
            f"{name:16s} {_fmt(a['test_forget_accuracy']):>8s} {_fmt(a['test_retain_accuracy']):>8s} "
            f"{_fmt(r['test_retain_accuracy']):>8s} "
            f"{_fmt(a['test_retain_accuracy'] - r['test_retain_accuracy'], 3):>6s} "
            f"{_fmt(a['forget_accuracy']):>6s} {_fmt(a['probe_accuracy']):>6s} "
            f"{str(a.get('relearn_steps', '')):>7s} {report['seconds']:8.2f} "
            f"{_fmt(report['speedup'], 1):>8s}"
        )
        if name == "output_zero":
            print(f"{'  reference':16s} probe {_fmt(r['probe_accuracy'])}, relearn steps "
                  f"{r.get('relearn_steps')}, retrain {report['reference_seconds']:.2f} s")  # fmt: skip


def random_scenario(dataset, original, extras, config) -> None:
    print("\n== forget 100 random samples ==")
    forget = forget_random(dataset, 100)
    first = True
    for name, report in run_all(dataset, original, extras, config, forget):
        if isinstance(report, str):
            print(f"{name:16s} skipped: {report}")
            continue
        if first:
            b, r = report["before"], report["reference"]
            print(f"original: forget acc {_fmt(b['forget_accuracy'])}, MIA AUC {_fmt(b['mia_auc'])}; "
                  f"reference: forget acc {_fmt(r['forget_accuracy'])}, MIA AUC {_fmt(r['mia_auc'])}")  # fmt: skip
            print(f"{'method':16s} {'forget':>6s} {'test':>6s} {'mia_auc':>7s} {'avg_gap':>7s} "
                  f"{'js':>6s} {'seconds':>8s}")  # fmt: skip
            first = False
        a, g = report["after"], report["gap"]
        print(
            f"{name:16s} {_fmt(a['forget_accuracy']):>6s} {_fmt(a['test_accuracy']):>6s} "
            f"{_fmt(a['mia_auc']):>7s} {_fmt(g['avg_gap'], 4):>7s} {_fmt(g['js_divergence'], 4):>6s} "
            f"{report['seconds']:8.2f}"
        )


def quality_scenario(dataset, original, extras, config, method: str) -> None:
    print(f"\n== forgetting quality, N = 16, {method} forgetting digit 5 ==")
    forget = forget_class(dataset, 5)
    for label in ("cold cache", "warm cache"):
        started = time.perf_counter()
        quality = forgetting_quality(original, method, {}, dataset, forget, config, 16, extras)
        print(f"{label}: F {quality.forget_score:.3f}, score {quality.score:.3f}, "
              f"median eps {quality.to_dict()['median_epsilon']:.2f}, "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality-method", default="random_labels")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    dataset = load_dataset("bundled")
    config = TrainConfig()
    started = time.perf_counter()
    original, extras = train_original(dataset, config)
    print(f"original: default config, trained in {time.perf_counter() - started:.1f} s")
    class_scenario(dataset, original, extras, config)
    random_scenario(dataset, original, extras, config)
    if not args.skip_quality:
        quality_scenario(dataset, original, extras, config, args.quality_method)


if __name__ == "__main__":
    main()
