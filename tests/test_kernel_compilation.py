"""The helper that compiles the kernels into numba's cache at a first start."""

from mugui.training.kernel_compilation import compile_training_kernels, kernels_cached, main


def test_an_unknown_part_is_refused_with_a_message(capsys):
    assert main(["everything"]) == 2
    assert "unknown part 'everything'" in capsys.readouterr().err


def test_the_training_part_reports_its_time_and_leaves_the_kernels_cached(capsys):
    assert main(["training"]) == 0
    part, seconds = capsys.readouterr().out.split()
    assert part == "training" and float(seconds) >= 0
    compile_training_kernels()
    assert kernels_cached()
