"""The helper that compiles the kernels into numba's cache at a first start."""

from mugui.training.kernel_compilation import (
    cached_kernels,
    compile_training_kernels,
    kernels_cached,
    main,
)
from mugui_kernels import cnn_inference


def test_an_unknown_part_is_refused_with_a_message(capsys):
    assert main(["everything"]) == 2
    assert "unknown part 'everything'" in capsys.readouterr().err


def test_the_training_part_reports_its_time_and_leaves_the_kernels_cached(capsys):
    assert main(["training"]) == 0
    part, seconds = capsys.readouterr().out.split()
    assert part == "training" and float(seconds) >= 0
    compile_training_kernels()
    assert kernels_cached()


def test_the_first_start_helpers_compile_the_mlp_training_part_first_and_the_cnn_beside_it(
    capsys,
):
    from mugui.training.kernel_compilation import HELPERS, all_kernels_cached

    # helper 1: the MLP's training kernels first, so a first run switches to them soon, then the
    # rest (cheap once the training kernels are compiled in that process) and the drawing's (they
    # share nothing with the networks'); helper 2: the one-step kernel first (the training part
    # loads the batch forward and update kernels it compiles), then the CNN's
    assert HELPERS == (("training", "rest", "drawing"), ("step", "cnn"))
    assert main(["training", "rest", "drawing"]) == 0
    lines = capsys.readouterr().out.split("\n")
    assert [line.split(" ")[0] for line in lines if line] == ["training", "rest", "drawing"]
    assert all_kernels_cached()


def test_every_part_is_in_one_helper_and_the_mlp_parts_are_all_but_the_cnns():
    from mugui.training.kernel_compilation import HELPERS, MLP_PARTS, PARTS

    helped = [part for parts in HELPERS for part in parts]
    assert sorted(helped) == sorted(PARTS)
    assert set(PARTS) - {"cnn"} == MLP_PARTS


def test_the_step_part_compiles_the_batch_kernels_with_the_training_ranges_types():
    # what makes the second helper's head start useful to the first: the one-step kernel's batch
    # forward and update kernels have the training range's types, so one cache entry serves both
    from mugui.training.kernel_compilation import run_part
    from mugui_kernels import step

    for part in ("training", "step"):  # compiled into the cache (by the suite's start) or loaded
        run_part(part)
    for kernel in (step.forward_batch, step.update_batch):
        index = kernel._cache._cache_file._load_index()  # numba's own cache index
        assert len({key[0] for key in index}) == 1, kernel.__name__


def test_kernels_inlined_into_their_callers_are_not_expected_in_the_cache():
    # an inline="always" kernel never gets a cache index of its own: counting it would make every
    # later start look like a first one (helper processes again, on a warm cache)
    names = {kernel.__name__ for kernel in cached_kernels(cnn_inference)}
    # not _answers, _backpropagate, ... (inlined), nor forward_batch (imported from cnn: compiled
    # into its callers' entries)
    assert names == {"answers", "gradients"}
