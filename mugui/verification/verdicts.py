"""Plain-language verdicts on an unlearning report: what a speaker can say about each figure."""

from __future__ import annotations

MATCH = 0.05  # accuracies within 5 points, or AUCs within 0.05, count as "the same"
TEST_COST = 0.03  # a larger drop of test accuracy is a cost worth saying
SHALLOW_RATIO = 3  # relearning this many times faster than the reference: hidden, not forgotten


def _pct(value: float) -> str:
    return f"{value:.0%}"


def forget_verdict(report: dict) -> str:
    after, ref = report["after"], report["reference"]
    forget = after["forget_accuracy"]
    if ref is None:
        return f"Forget-set accuracy is {_pct(forget)} (no retrained reference to compare with)."
    target = ref["forget_accuracy"]
    if abs(forget - target) <= MATCH:
        return (
            f"Forgot as well as retraining: {_pct(forget)} on the forget set, "
            f"retraining gets {_pct(target)}."
        )
    if forget < target:
        return (
            f"Forgot more than retraining would ({_pct(forget)} vs {_pct(target)}): "
            "such a hole can itself show what was removed."
        )
    return (
        f"Still remembers: {_pct(forget)} on the forget set where retraining gets {_pct(target)}."
    )


def utility_verdict(report: dict) -> str:
    before, after = report["before"]["test_accuracy"], report["after"]["test_accuracy"]
    ref = (report["reference"] or {}).get("test_accuracy")
    if ref is not None and before - after > TEST_COST and ref - after <= TEST_COST:
        return (
            f"Test accuracy fell from {_pct(before)} to {_pct(after)}, as after retraining "
            f"({_pct(ref)}): that is the forgotten data's share, not damage."
        )
    if before - after > TEST_COST:
        return f"It cost accuracy: the test score fell from {_pct(before)} to {_pct(after)}."
    return f"The rest is kept: test accuracy {_pct(before)} before, {_pct(after)} after."


def attack_verdict(report: dict) -> str | None:
    after, ref = report["after"].get("mia_auc"), (report["reference"] or {}).get("mia_auc")
    if after is None:
        return None
    if ref is None:
        return f"A membership attack scores AUC {after:.2f} (0.5 means it cannot tell)."
    if after - ref <= MATCH:
        return (
            f"A membership attack learns no more than from the retrained model "
            f"(AUC {after:.2f} vs {ref:.2f})."
        )
    return (
        f"A membership attack can still spot the forgotten samples "
        f"(AUC {after:.2f}, retrained {ref:.2f})."
    )


def relearn_budget(report: dict) -> int | None:
    """The relearn race's step budget (``max_steps``) in ``report``; None without a race."""
    race = (report.get("relearn") or {}).get("after") or {}
    budget = race.get("max_steps")
    return budget if isinstance(budget, int) else None


def relearn_verdict(report: dict) -> str | None:
    """What the relearn race says. A model that relearns where the retrained reference ran out
    of steps (None) hid the forget set: it said only "It relearns the forget set in 575 steps"
    for the very case the race is there to show."""
    after = report["after"].get("relearn_steps", "absent")
    ref = (report["reference"] or {}).get("relearn_steps", "absent")
    if after == "absent":
        return None
    budget = relearn_budget(report)
    within = f"within {budget:,} steps" if budget else "within the step budget"
    if ref == "absent":  # no retrained reference in the race
        if after is None:
            return f"It does not relearn the forget set {within}: truly forgotten."
        return f"It relearns the forget set in {after} steps."
    if after is None:
        if ref is None:
            return f"Neither it nor retraining relearns the forget set {within}: truly forgotten."
        return (
            f"It does not relearn the forget set {within} (retraining does in {ref} steps): "
            "truly forgotten."
        )
    if ref is None:
        if budget is None or after * SHALLOW_RATIO < budget:
            return (
                f"The outputs forgot, the hidden layer did not: it relearns in {after} steps "
                f"where retraining does not {within}."
            )
        return (
            f"It relearns slowly ({after} steps; retraining does not {within}): "
            "the knowledge is gone."
        )
    if after * SHALLOW_RATIO < ref:
        return (
            f"The outputs forgot, the hidden layer did not: it relearns in {after} steps "
            f"where retraining needs {ref}."
        )
    return f"It relearns about as slowly as retraining ({after} vs {ref} steps): the knowledge is gone."


def cost_verdict(report: dict) -> str:
    seconds, ref = report["seconds"], report["reference_seconds"]
    took = f"{seconds:.2f} s" if seconds >= 0.01 else "under 0.01 s"
    if ref is None:
        return f"Forgetting took {took}."
    ratio = ref / max(seconds, 1e-9)
    times = f"{ratio:.1f}× as long" if ratio < 1000 else "over 1000× as long"
    return f"Forgetting took {took}; retraining from scratch took {ref:.2f} s ({times})."


def quality_verdict(report: dict) -> str | None:
    quality = report.get("forgetting_quality")
    if quality is None:
        return None
    return f"Forgetting quality {quality['score']:.3f} (1 means indistinguishable from retraining)."


def verdicts(report: dict) -> list[str]:
    """Every verdict that applies to ``report``, most important first."""
    found = [
        forget_verdict(report),
        relearn_verdict(report),
        attack_verdict(report),
        utility_verdict(report),
        cost_verdict(report),
        quality_verdict(report),
    ]
    return [v for v in found if v]
