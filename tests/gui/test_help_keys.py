"""F1's help gives every key of README's Keyboard table and the whole demo story."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from mugui.gui.dialogs import show_help

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
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    script = Path(__file__).with_name("help_on_a_small_screen.py")
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["screen"] == [1280, 720]
    assert found["inside"] and not found["scrolls"], found
