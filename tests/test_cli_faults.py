"""Arguments and environments that used to end in a traceback: each now one line and exit 2."""

import errno
import os
import pwd

import pytest

from mugui.cli.main import main
from mugui.data.idx import read_idx_images, write_idx_images
from mugui.errors import DataError


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("mirror", ["foo", "http://[::1", "ftp://example.org/mnist"])
def test_a_bad_mirror_exits_2_in_one_line(tmp_path, capsys, mirror):
    assert main(["data", "fetch", str(tmp_path / "mnist"), "--mirror", mirror]) == 2
    assert "mirror" in one_line_error(capsys)


def test_an_io_error_while_reading_an_idx_file_is_a_data_error(tmp_path, monkeypatch):
    import numpy as np

    path = tmp_path / "train-images-idx3-ubyte"
    write_idx_images(path, np.zeros((3, 784), np.uint8))
    real_open = open

    def failing_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise OSError(errno.EIO, "Input/output error")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(DataError, match="cannot be read .Input/output error"):
        read_idx_images(path)


@pytest.mark.parametrize("flag", ["--out", "--metrics"])
def test_an_unwritable_output_is_refused_before_training(tmp_path, capsys, monkeypatch, flag):
    def no_training(*args, **kwargs):
        raise AssertionError("trained before checking the output path")

    monkeypatch.setattr("mugui.cli.train_cmd.Trainer", no_training)
    code = main(["train", "--epochs", "1", flag, str(tmp_path / "missing" / "m.npz")])
    assert code == 2 and "does not exist" in one_line_error(capsys)
    assert main(["train", "--epochs", "1", flag, str(tmp_path)]) == 2
    assert "folder" in one_line_error(capsys)


def test_an_unset_home_is_taken_from_the_password_database(monkeypatch):
    from mugui.gui.app import ensure_home

    monkeypatch.delenv("HOME", raising=False)
    ensure_home()
    assert os.environ["HOME"] == pwd.getpwuid(os.getuid()).pw_dir
