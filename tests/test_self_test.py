"""`mugui --self-test` trains, unlearns, predicts and draws the window offscreen, one line per step."""

import pytest

from mugui.cli import self_test
from mugui.cli.main import main

pytestmark = [pytest.mark.slow, pytest.mark.gui]


def test_self_test_passes_every_step_with_one_line_each(qapp, monkeypatch, capsys):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert main(["--self-test"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("mugui ") and lines[0].endswith("self-test")
    steps = [line.split(":")[0] for line in lines[1:-1]]
    assert steps == ["ok   kernels", "ok   train", "ok   unlearn", "ok   predict", "ok   window"]
    assert lines[-1].startswith("passed in ") and " compiled" in lines[-1]


def test_a_failing_step_is_reported_in_one_line_with_exit_code_1(qapp, monkeypatch, capsys):
    def broken(state):
        raise self_test.SelfTestFailure("a drawn 7 was read as 1")

    monkeypatch.setattr(self_test, "step_predict", broken)
    assert main(["--self-test"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "FAIL predict: SelfTestFailure: a drawn 7 was read as 1"
    assert not any(line.startswith("ok   window") for line in out)


def test_kernel_counts_add_up_loaded_and_compiled_signatures():
    self_test.step_kernels()
    loaded, compiled = self_test.kernel_counts()
    assert loaded + compiled > 0
    assert self_test.kernel_dispatchers()
