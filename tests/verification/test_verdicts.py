"""Plain-language verdicts say what the figures mean, against the retrained reference."""

from mugui.verification.verdicts import verdicts


def _report(after_forget, ref_forget, after_steps=None, ref_steps=None, test_after=0.9):
    figures = {"forget_accuracy": 0.99, "test_accuracy": 0.9, "mia_auc": 0.7}
    after = {"forget_accuracy": after_forget, "test_accuracy": test_after, "mia_auc": 0.5}
    ref = {"forget_accuracy": ref_forget, "test_accuracy": 0.9, "mia_auc": 0.5}
    if after_steps is not None:
        after["relearn_steps"], ref["relearn_steps"] = after_steps, ref_steps
    return {
        "before": figures,
        "after": after,
        "reference": ref,
        "seconds": 0.5,
        "reference_seconds": 5.0,
        "forgetting_quality": None,
    }


def test_matching_the_reference_reads_as_forgetting_like_retraining():
    said = verdicts(_report(0.01, 0.0))
    assert said[0].startswith("Forgot as well as retraining")
    assert any("10.0× as long" in line for line in said)


def test_hidden_knowledge_that_relearns_fast_is_called_out():
    said = verdicts(_report(0.0, 0.0, after_steps=19, ref_steps=378))
    assert "the hidden layer did not: it relearns in 19 steps where retraining needs 378" in said[1]


def test_remembering_and_a_costly_method_are_said_plainly():
    said = verdicts(_report(0.6, 0.0, test_after=0.7))
    assert said[0].startswith("Still remembers: 60%")
    assert any("fell from 90% to 70%" in line for line in said)


def test_losing_the_forgotten_class_share_like_retraining_is_not_called_damage():
    report = _report(0.0, 0.0, test_after=0.82)
    report["reference"]["test_accuracy"] = 0.82
    said = verdicts(report)
    assert any("as after retraining" in line and "not damage" in line for line in said)


def _raced(report, budget=2000):
    report["relearn"] = {"after": {"steps": report["after"]["relearn_steps"], "max_steps": budget}}
    return report


def test_relearning_where_retraining_runs_out_of_steps_is_called_hidden_knowledge():
    """The window's relearn race on a fixed nn.c with the 5s' output unit zeroed: the model
    relearned in 575 steps, the retrained reference not within 2,000, and the verdict said
    only "It relearns the forget set in 575 steps", no comparison, no conclusion."""
    said = verdicts(_raced(_report(0.0, 0.0, after_steps=575, ref_steps=None)))
    assert said[1] == (
        "The outputs forgot, the hidden layer did not: it relearns in 575 steps "
        "where retraining does not within 2,000 steps."
    )
    slow = verdicts(_raced(_report(0.0, 0.0, after_steps=1500, ref_steps=None)))
    assert slow[1] == (
        "It relearns slowly (1500 steps; retraining does not within 2,000 steps): "
        "the knowledge is gone."
    )


def test_neither_relearning_within_the_budget_is_said_so():
    report = _report(0.0, 0.0)
    report["after"]["relearn_steps"] = report["reference"]["relearn_steps"] = None
    said = verdicts(_raced(report))
    assert "Neither it nor retraining relearns the forget set within 2,000 steps" in said[1]


def test_the_cli_summary_says_a_reference_did_not_relearn_within_the_budget():
    """`mugui unlearn --relearn` printed "relearn 575 (ref n/a) steps" for a reference not back
    within the race's 2,000 steps, as if it had not been measured."""
    from mugui.cli.unlearn_cmd import summary_line

    report = _raced(_report(0.0, 0.0, after_steps=575, ref_steps=None))
    report.update(
        method="output_zero", forget={"description": "class 5"}, work={"gradient_samples": 0},
        reference_work={"gradient_samples": 9}, speedup=None, work_speedup=None,
        noise_floor=None, setup=None, recording_cost=None, ulira=None,
    )  # fmt: skip
    line = summary_line(report)
    assert "; relearn 575 (ref >2000) steps;" in line
    assert "(speedup n/a, work n/a)" in line  # it read "speedup n/ax"
