"""F1's help gives every key of README's Keyboard table and the whole demo story."""

import json
import re
import subprocess
import sys
from pathlib import Path

from mugui.gui.dialogs import show_help
from tests.gui.conftest import screens_env

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_keys() -> list[str]:
    """The "keys" cells of README's Keyboard table."""
    section = README.read_text(encoding="utf-8").split("### Keyboard", 1)[1].split("\n\n", 2)[1]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    return [re.split(r"\s*\|\s*", row)[1] for row in rows]


def test_the_help_lists_every_key_of_the_readme_and_the_six_steps(qtbot):
    """F9 (Demo mode) was in README's table but not in the help, whose story stopped at step 3."""
    box = show_help(None)
    qtbot.addWidget(box)
    text = box.text()
    keys = readme_keys()
    assert "F9" in keys and len(keys) >= 9
    for cell in keys:
        assert f"<b>{cell}</b>" in text, cell
    for step in ("Learn.", "Learn backwards.", "Forget.", "Verify.", "Relearn."):
        assert f"<b>{step}</b>" in text, step
    box.close()


def test_the_help_fits_a_1280x720_screen_in_presentation_mode(tmp_path):
    """With the story over the keys, the message box was 783 px tall in presentation mode on a
    1280×720 screen (three steps; 1,111 px with six): its OK button below the screen's edge."""
    screens = [{"name": "stage", "x": 0, "y": 0, "width": 1280, "height": 720,
                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]  # fmt: skip
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": screens}))
    env = screens_env(config.name)
    script = Path(__file__).with_name("help_on_a_small_screen.py")
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["screen"] == [1280, 720]
    assert found["inside"] and not found["scrolls"], found


def test_the_folded_loss_plot_unfolds_from_the_keyboard(qtbot):
    """The loss plot folds to a strip on a short window; only a click on its small arrow showed
    it again, and no tooltip or help named another way."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from mugui.gui import MainWindow
    from mugui.gui.curve_plots import FOLD_KEYS

    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    plots = window.curves
    assert plots.loss_folded
    assert FOLD_KEYS == "Ctrl+Shift+L" and FOLD_KEYS in plots.loss_fold.toolTip()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window, Qt.Key.Key_L, shift_ctrl)
    assert not plots.loss_folded and FOLD_KEYS in plots.loss_fold.toolTip()
    QTest.keyClick(window, Qt.Key.Key_L, shift_ctrl)
    assert plots.loss_folded
    box = show_help(None)
    qtbot.addWidget(box)
    assert f"<b>{FOLD_KEYS}</b>" in box.text()
    box.close()
