"""Training configurations validate themselves with a message naming the field."""

import pytest

from mugui.errors import ConfigError
from mugui.presets import (
    DRAWING_OUTLIERS,
    DRAWING_STYLE_STROKES,
    PRESETS,
    closest_preset,
    get_preset,
    preset_of,
)
from mugui.training.config import TrainConfig


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lr": 0.0}, "lr"),
        ({"lr": -1.0}, "lr"),
        ({"lr": float("nan")}, "lr"),
        ({"hidden": 0}, "hidden"),
        ({"hidden": 5000}, "hidden"),
        ({"hidden2": 3}, "hidden2"),
        ({"epochs": 10**9}, "epochs"),
        ({"epochs": 0}, "epochs"),
        ({"batch_size": 0}, "batch_size"),
        ({"momentum": 1.5}, "momentum"),
        ({"seed": -1}, "seed"),
        ({"schedule": "adam"}, "schedule"),
        ({"shuffle": "sometimes"}, "shuffle"),
        ({"bugs": ("no_such_bug",)}, "bugs"),
        ({"hidden": 256.5}, "hidden"),
        ({"hidden": True}, "hidden"),
    ],
)
def test_absurd_value_is_refused_naming_the_field(changes, field):
    with pytest.raises(ConfigError) as info:
        TrainConfig(**changes)
    assert info.value.field == field
    assert field in str(info.value)


def test_batch_larger_than_the_data_is_refused():
    with pytest.raises(ConfigError, match="batch_size"):
        TrainConfig(batch_size=512).validate(n_train=100)


def test_config_round_trips_through_a_dict():
    config = TrainConfig(hidden=64, hidden2=32, bugs=("no_shuffle",), augment=True)
    assert TrainConfig.from_dict(config.to_dict()) == config


def test_unknown_setting_in_a_dict_is_refused():
    with pytest.raises(ConfigError, match="colour"):
        TrainConfig.from_dict({"colour": "red"})


def test_presets_are_full_configs_with_the_documented_bugs():
    assert set(PRESETS) == {"healthy", "minimnistc", "nnc", "debugc", "cnn"}
    assert PRESETS["healthy"].config == TrainConfig(
        style_strokes=DRAWING_STYLE_STROKES, outlier_exposure=DRAWING_OUTLIERS
    )
    cnn = PRESETS["cnn"].config
    assert (cnn.architecture, cnn.schedule, cnn.bugs) == ("cnn", "mean", ())
    nnc = PRESETS["nnc"].config
    assert {"batch_image_index", "no_shuffle", "output_relu", "double_hidden_grad"} == set(nnc.bugs)
    assert (nnc.batch_size, nnc.schedule, nnc.epochs, nnc.lr) == (5, "sequential", 50, 0.0005)
    assert "eval_on_train" in PRESETS["debugc"].config.bugs
    assert PRESETS["minimnistc"].config.batch_size == 1
    with pytest.raises(ConfigError, match="preset"):
        get_preset("nope")


@pytest.mark.parametrize(
    "data",
    [[], "text", 3, None, {"bugs": "gradient_ascent"}, {"bugs": [["x"]]}, {"schedule": ["mean"]}],
)
def test_a_stored_config_that_is_not_a_settings_object_is_refused(data):
    with pytest.raises(ConfigError):
        TrainConfig.from_dict(data)


def test_a_ten_thousand_digit_number_is_refused_in_one_short_line():
    with pytest.raises(ConfigError) as refused:
        TrainConfig.from_dict({"seed": 10**10_000})
    assert len(str(refused.value)) < 80


def test_every_field_range_is_enforced_at_both_ends():
    from mugui.training.config import FIELD_RANGES

    for field, allowed in FIELD_RANGES.items():
        TrainConfig().replace(**{field: allowed.low if field != "hidden2" else 16})
        TrainConfig().replace(**{field: allowed.high})
        step = 1 if allowed.whole else allowed.low / 2 or 0.5
        for outside in (allowed.low - step, allowed.high + (1 if allowed.whole else 0.5)):
            if field == "hidden2" and outside == 15:
                continue
            with pytest.raises(ConfigError, match=field):
                TrainConfig().replace(**{field: outside})


def test_the_seed_range_fits_a_32_bit_spin_box_and_the_smallest_rate_is_one_in_a_million():
    assert TrainConfig(seed=2**31 - 1, lr=1e-6).lr == 1e-6
    with pytest.raises(ConfigError, match="seed"):
        TrainConfig(seed=3_000_000_000)


def test_a_model_starts_from_its_recorded_preset_else_from_the_closest_one():
    nnc = PRESETS["nnc"].config
    unticked = nnc.replace(bugs=tuple(b for b in nnc.bugs if b != "batch_image_index"))
    for name, preset in PRESETS.items():
        assert closest_preset(preset.config) == name
    # one change from nn.c; two from debug.c, three from miniMNIST-c, ten from healthy
    assert closest_preset(unticked) == "nnc"
    assert preset_of({}, unticked) == "nnc"
    assert preset_of({"preset": "debugc"}, unticked) == "debugc"
    for junk in ("nope", 3, None, ["nnc"]):
        assert preset_of({"preset": junk}, unticked) == "nnc"
