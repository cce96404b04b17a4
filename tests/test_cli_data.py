"""`mugui data info|fetch`: one summary line and exit 0, or one stderr line and exit 2."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from mugui.cli.main import main
from mugui.data import fetch
from mugui.data.bundled import load_bundled
from mugui.data.idx import write_idx_images, write_idx_labels


@pytest.fixture(autouse=True)
def no_public_mirrors(monkeypatch):
    monkeypatch.setattr(fetch, "MNIST_MIRRORS", ())


def write_set(folder, n_train=30, n_test=10):
    rng = np.random.default_rng(0)
    for split, n in (("train", n_train), ("t10k", n_test)):
        write_idx_images(
            folder / f"{split}-images-idx3-ubyte.gz", rng.integers(0, 256, (n, 784), dtype=np.uint8)
        )
        write_idx_labels(folder / f"{split}-labels-idx1-ubyte.gz", np.arange(n) % 10)


class QuietHandler(SimpleHTTPRequestHandler):
    timeout = 5

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_folder(folder):
    """Serve folder on 127.0.0.1 from a thread that is shut down on exit."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("mugui: error: "), err
    return err


def test_info_summarises_the_bundled_set_in_one_line(capsys):
    assert main(["data", "info"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "8,000 train, 2,000 test" in out and "5:690" in out


def test_info_metrics_writes_the_dataset_description(tmp_path, capsys):
    target = tmp_path / "info.json"
    assert main(["data", "info", "bundled", "--metrics", str(target)]) == 0
    assert json.loads(target.read_text()) == load_bundled().describe()


def test_info_reads_a_folder(tmp_path, capsys):
    write_set(tmp_path)
    assert main(["data", "info", str(tmp_path)]) == 0
    assert "30 train, 10 test" in capsys.readouterr().out


def test_info_on_a_missing_folder_exits_2_with_one_line(tmp_path, capsys):
    assert main(["data", "info", str(tmp_path / "absent")]) == 2
    assert "does not exist" in one_error_line(capsys)


def test_info_on_a_damaged_file_exits_2_naming_it(tmp_path, capsys):
    write_set(tmp_path)
    (tmp_path / "train-labels-idx1-ubyte.gz").write_bytes(b"\x1f\x8bbroken")
    assert main(["data", "info", str(tmp_path)]) == 2
    assert "train-labels-idx1-ubyte.gz" in one_error_line(capsys)


def test_info_metrics_to_an_unwritable_place_exits_2(tmp_path, capsys):
    assert main(["data", "info", "--metrics", str(tmp_path / "no" / "dir.json")]) == 2
    assert "cannot write" in one_error_line(capsys)


def test_data_without_an_action_exits_2(capsys):
    assert main(["data"]) == 2
    one_error_line(capsys)


def test_fetch_downloads_from_a_given_mirror_and_summarises(tmp_path, capsys, monkeypatch):
    served = tmp_path / "served"
    served.mkdir()
    write_set(served)
    checksums = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in served.iterdir()}
    monkeypatch.setattr(fetch, "MNIST_SHA256", checksums)
    metrics = tmp_path / "fetch.json"
    with serve_folder(served) as url:
        code = main(
            ["data", "fetch", str(tmp_path / "dest"), "--mirror", url, "--metrics", str(metrics)]
        )
    assert code == 0
    assert "30 train, 10 test" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "dest").iterdir()) == sorted(checksums)
    assert json.loads(metrics.read_text())["n_train"] == 30


def test_fetch_with_no_server_exits_2_with_one_line(tmp_path, capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    assert main(["data", "fetch", str(tmp_path), "--mirror", dead, "--mirror", dead]) == 2
    assert "could not download" in one_error_line(capsys)
