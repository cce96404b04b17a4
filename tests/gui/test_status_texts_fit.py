"""The status-bar messages about a model's check and data are read whole in the smallest window.

A status-bar message is clipped, not wrapped, where the run's progress bar begins: at
1024×700 the message has about half the width. The messages that say a model's check was
fitted, or that a file was saved without it, or that a loaded file was trained on another
data set, must fit there, file name and all.
"""

from mugui.gui import MainWindow
from mugui.gui.kernel_warm_up import training_ready_text
from mugui.gui.typicality_catch_up import (
    DAMAGED_REFIT_TEXT,
    DAMAGED_TEXT,
    FITTED_LOADED_TEXT,
    FITTED_SAVE_AGAIN_TEXT,
    FITTED_TEXT,
    SAVED_WITHOUT_TEXT,
)
from mugui.gui.unlearning_lab import EXPORTED_TEXT, LEFT_OUT_TEXT
from mugui.gui.window_files import OTHER_DATA_TEXT, UNREADABLE_HISTORY_TEXT

NAME = "model.npz"  # the name the save dialog offers
MESSAGES = (
    FITTED_TEXT,
    FITTED_LOADED_TEXT,
    SAVED_WITHOUT_TEXT.format(name=NAME),
    FITTED_SAVE_AGAIN_TEXT.format(name=NAME),
    OTHER_DATA_TEXT.format(name="fashion.npz", data="Fashion-MNIST", here="MNIST (bundled)"),
    UNREADABLE_HISTORY_TEXT.format(name=NAME),
    DAMAGED_REFIT_TEXT.format(done="Loaded", name=NAME),
    DAMAGED_TEXT.format(done="Loaded", name=NAME),
    # the first start's word on the training kernels ("…; loadi" at 1024×700 until session 12)
    training_ready_text(12.3, compiling=True, training=True),
    training_ready_text(12.3, compiling=True, training=False),
    EXPORTED_TEXT.format(files=14, folder="figures") + LEFT_OUT_TEXT.format(count=7),
)


def test_the_typicality_check_messages_fit_the_status_bar_at_1024_by_700(qtbot):
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()
    room = window.training_status.geometry().left() - 12  # the message's margins
    for message in MESSAGES:
        bar.showMessage(message)
        assert bar.fontMetrics().horizontalAdvance(bar.currentMessage()) <= room, message
