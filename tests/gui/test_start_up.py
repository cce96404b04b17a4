"""What the window leaves for later to open fast: the lab's hidden tabs are built when first
shown, and numba is imported only once a kernel is needed (never before the first paint, never
by a run on the numpy stand-ins)."""

import os
import subprocess
import sys
import textwrap

from PySide6.QtWidgets import QTabWidget

from mugui.gui import MainWindow
from mugui.gui.forgetting_live_view import ForgettingLiveView
from mugui.gui.verify_view import VerifyView


def shown_window(qtbot, dark=False):
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.set_dark_theme(dark)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_labs_tabs_are_built_the_first_time_one_is_shown_and_then_work(qtbot):
    window = shown_window(qtbot, dark=True)
    assert not window.lab.views.built
    assert window.findChildren(ForgettingLiveView) == [] and window.findChildren(VerifyView) == []
    window.show_view("verify")
    tabs = window.findChild(QTabWidget, "centreViews")
    assert tabs.tabText(tabs.currentIndex()) == "Verify"
    qtbot.waitUntil(lambda: window.lab.views.built, timeout=5_000)
    verify = window.lab.verify_view
    qtbot.waitUntil(verify.isVisible, timeout=5_000)
    assert window.lab.views.slots["Verify"].isAncestorOf(verify)
    assert window.lab.views.slots["Forgetting"].isAncestorOf(window.lab.live)
    assert window.lab.views.slots["Inspect"].isAncestorOf(window.lab.inspection.view)
    background = window.lab.live.curve_widget.backgroundBrush().color().name()
    assert background == window.theme.plot_background.lower()  # the dark theme, set before
    window.set_dark_theme(False)  # and a later change of theme reaches them
    background = window.lab.live.curve_widget.backgroundBrush().color().name()
    assert background == window.theme.plot_background.lower()
    verify.quality_button.click()  # wired to the lab: without a forget it is refused quietly
    assert not window.lab.busy


def test_using_a_lab_view_builds_them_all_even_unshown(qtbot):
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    assert not window.lab.views.built and window.lab.views.views() == ()
    window.lab.live.reset((5,))
    assert window.lab.views.built and len(window.lab.views.views()) == 3


def test_a_run_before_the_verify_tab_is_built_leaves_its_quality_controls_right(qtbot):
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.lab.views.set_quality_state(running=False, enabled=False)  # as a finished run leaves it
    assert not window.lab.views.built
    assert not window.lab.verify_view.quality_button.isEnabled()


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter (offscreen Qt); its printed output."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    return done.stdout.strip()


def test_the_window_opens_and_paints_without_importing_numba():
    out = run_python(
        """
        import sys, tempfile
        from PySide6.QtCore import QSettings
        from mugui.gui.app import create_application
        from mugui.gui.main_window import MainWindow
        app = create_application(["mugui"])
        settings = QSettings(tempfile.mktemp(), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings)
        window.show()
        app.processEvents()
        print(window.isVisible(), "numba" in sys.modules, window.warm_up_task.pending)
        """
    )
    assert out.splitlines()[-1] == "True False True"  # shown, no numba, warm-up still to come


def test_a_run_on_the_numpy_stand_ins_never_imports_numba():
    out = run_python(
        """
        import sys
        from mugui.data.load import load_dataset
        from mugui.presets import PRESETS
        from mugui.training.trainer import Trainer
        config = PRESETS["healthy"].config.replace(hidden=16, epochs=1)  # with its non-digits
        assert config.outlier_exposure > 0
        trainer = Trainer(load_dataset("bundled"), config, kernels_ready=lambda: False)
        events = list(trainer.run())
        print(type(events[-1]).__name__, trainer.epochs_on_numpy, "numba" in sys.modules)
        """
    )
    assert out.splitlines()[-1] == "Finished 1 False"
