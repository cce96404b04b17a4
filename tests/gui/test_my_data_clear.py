"""My data's buttons: Clear asks first (the drawings are the user's work), Import says what failed."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mugui.gui.my_data_gallery import MyDataGallery


def gallery_with_two(qtbot):
    gallery = MyDataGallery()
    qtbot.addWidget(gallery)
    gallery.show()
    gallery.set_samples(np.full((2, 784), 200, np.uint8), np.array([3, 7], np.uint8))
    return gallery


def clear_dialog(qtbot, gallery):
    qtbot.mouseClick(gallery.clear_button, Qt.MouseButton.LeftButton)
    box = gallery.findChild(QMessageBox, "clearMyDataDialog")
    assert box is not None and box.isVisible(), "Clear removed the drawings without asking"
    assert "Remove all 2 of your drawings?" in box.text()
    return box


def test_clear_asks_and_cancel_keeps_the_drawings(qtbot):
    """A click on Clear removed every drawing at once, with no way back."""
    gallery = gallery_with_two(qtbot)
    box = clear_dialog(qtbot, gallery)
    assert list(gallery.labels) == [3, 7]
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert list(gallery.labels) == [3, 7]


def test_clear_removes_them_once_confirmed(qtbot):
    gallery = gallery_with_two(qtbot)
    box = clear_dialog(qtbot, gallery)
    box.button(QMessageBox.StandardButton.Yes).click()
    assert len(gallery.labels) == 0 and not gallery.clear_button.isEnabled()


def test_a_failed_first_import_says_why_in_a_dialog(qtbot, tmp_path, monkeypatch):
    """The error went to the counter, inside the strip hidden while there are no drawings: a
    first import of a folder without drawings said nothing at all."""
    gallery = MyDataGallery()
    qtbot.addWidget(gallery)
    gallery.show()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a: str(tmp_path))
    gallery.import_button.click()
    box = gallery.findChild(QMessageBox, "errorDialog")
    assert box is not None and box.isVisible()
    assert box.text() == f"{tmp_path} has no drawings: put image files in subfolders 0/ to 9/"
    assert len(gallery.labels) == 0
