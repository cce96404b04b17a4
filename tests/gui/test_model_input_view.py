"""The 28×28 view shows the model's input pixels as given."""

import numpy as np

from mugui.gui.model_input_view import ModelInputView


def test_it_shows_float_and_uint8_images_as_the_same_pixels(qtbot):
    view = ModelInputView()
    qtbot.addWidget(view)
    assert view.objectName() == "modelInputView"
    assert view.pixels().max() == 0
    image = np.zeros((28, 28), np.float32)
    image[5:20, 13:15] = 1.0
    image[3, 3] = 0.5
    view.set_image(image.reshape(784))
    pixels = view.pixels()
    assert pixels[10, 13] == 255 and pixels[3, 3] == 128 and pixels[0, 0] == 0
    view.set_image(pixels)
    assert np.array_equal(view.pixels(), pixels)


def test_it_paints_with_square_pixels(qtbot):
    view = ModelInputView()
    qtbot.addWidget(view)
    view.resize(280, 280)
    image = np.zeros((28, 28), np.uint8)
    image[0, 0] = 255
    view.set_image(image)
    grabbed = view.grab().toImage()
    assert grabbed.pixelColor(5, 5).value() == 255
    assert grabbed.pixelColor(15, 15).value() == 0
