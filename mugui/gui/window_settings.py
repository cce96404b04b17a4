"""What the window remembers between sessions: geometry, splitters, theme, training setup, probe."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

from mugui.config_changes import config_changes
from mugui.errors import ConfigError, MuguiError
from mugui.presets import PRESETS
from mugui.training.config import TrainConfig

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow


def restore_settings(window: MainWindow) -> None:
    """Bring back what :func:`save_settings` stored; a missing or bad value keeps the default."""
    s = window.settings
    geometry = s.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    for key, splitter in window.columns.splitters.items():
        state = s.value(f"window/{key}")
        if isinstance(state, QByteArray) and not state.isEmpty():
            splitter.restoreState(state)
    window.set_dark_theme(s.value("view/dark", False, type=bool))
    restore_training_setup(window)
    probe = window.probe
    for spin, key in ((probe.brush, "probe/brush"), (probe.abstain, "probe/abstain")):
        spin.setValue(_number_in(s.value(key), spin.minimum(), spin.maximum(), spin.value()))
    for name, section in window.sections.items():
        section.set_expanded(s.value(f"sections/{name}", section.expanded, type=bool))


def _number_in(stored: object, low: float, high: float, default: float) -> float:
    """``stored`` (text from the settings file) as a number within a spin's range, else default."""
    try:
        number = float(str(stored))
    except (TypeError, ValueError):
        return default
    if not low <= number <= high:  # also refuses NaN
        return default
    return type(default)(number)


def restore_training_setup(window: MainWindow) -> None:
    """Exactly the last preset and settings (shown as "Custom" if they differ from the preset),
    or the clean preset when the stored settings are unreadable — never a mix of the two."""
    s = window.settings
    preset = s.value("training/preset", "", type=str)
    if preset in PRESETS:
        window.choose_preset(preset)
    config = s.value("training/config", "", type=str)
    restored = None
    if config:
        try:
            restored = TrainConfig.from_dict(json.loads(config))
        except (ValueError, TypeError, MuguiError):
            restored = None
    if restored is not None:
        window.hyperparameters.set_config(restored)
        window.bug_panel.set_bugs(restored.bugs)
        try:
            exact = not config_changes(restored, window.current_config())
        except MuguiError:
            exact = False
        if not exact:  # a value the controls cannot show: start clean instead of from a mix
            window.choose_preset(window.bug_panel.preset_name)
    window.update_preset_state()


def save_settings(window: MainWindow) -> None:
    """Store the window's layout, theme, training setup and probe settings."""
    s = window.settings
    s.setValue("window/geometry", window.look.normal_geometry())
    for key, splitter in window.columns.splitters.items():
        s.setValue(f"window/{key}", splitter.saveState())
    s.setValue("view/dark", window.theme.dark)
    s.setValue("training/preset", window.bug_panel.preset_name)
    try:
        s.setValue("training/config", json.dumps(window.current_config().to_dict()))
    except ConfigError:
        s.remove("training/config")
    s.setValue("probe/brush", window.probe.brush.value())
    s.setValue("probe/abstain", window.probe.abstain.value())
    for name, section in window.sections.items():
        s.setValue(f"sections/{name}", section.expanded)
    s.sync()
