"""`fetch_mnist` against local HTTP mirrors on 127.0.0.1 serving generated IDX files.

No test here reaches beyond the loopback interface: the public mirror list is emptied.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from mugui.data import fetch
from mugui.data.fetch import default_cache_dir, fetch_mnist
from mugui.data.idx import write_idx_images, write_idx_labels
from mugui.data.load import load_dataset
from mugui.errors import DataError


@pytest.fixture(autouse=True)
def no_public_mirrors(monkeypatch):
    monkeypatch.setattr(fetch, "MNIST_MIRRORS", ())


@pytest.fixture(scope="module")
def mnist_files(tmp_path_factory) -> dict[str, bytes]:
    """Four small, genuine gzipped IDX files named as the official ones."""
    folder = tmp_path_factory.mktemp("generated")
    rng = np.random.default_rng(0)
    for split, n in (("train", 60), ("t10k", 20)):
        write_idx_images(
            folder / f"{split}-images-idx3-ubyte.gz", rng.integers(0, 256, (n, 784), dtype=np.uint8)
        )
        write_idx_labels(folder / f"{split}-labels-idx1-ubyte.gz", np.arange(n) % 10)
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def sha256s(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


@contextlib.contextmanager
def mirror(
    files: dict[str, bytes], *, cut_first: bool = False, honour_range: bool = True, busy: int = 0
):
    """A local mirror serving files; yields (base URL, log of (file, Range header) requests).

    With cut_first, the first answer for each file stops halfway and drops the connection;
    the first `busy` requests are answered 503 Service Unavailable.
    """
    log: list[tuple[str, str | None]] = []
    cut_done: set[str] = set()

    class Handler(BaseHTTPRequestHandler):
        timeout = 5

        def do_GET(self):  # noqa: N802 - http.server API
            name = self.path.rsplit("/", 1)[-1]
            requested = self.headers.get("Range")
            log.append((name, requested))
            if len(log) <= busy:
                self.send_error(503)
                return
            if name not in files:
                self.send_error(404)
                return
            data, start = files[name], 0
            if requested and honour_range:
                start = int(requested.removeprefix("bytes=").rstrip("-"))
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(len(data) - start))
            self.end_headers()
            body = data[start:]
            if cut_first and name not in cut_done:
                cut_done.add(name)
                body = body[: len(body) // 2]
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/mnist/", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def corrupted(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data[:-1] + bytes([data[-1] ^ 0xFF]) for name, data in files.items()}


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_fetch_downloads_verifies_and_the_folder_loads(tmp_path, mnist_files):
    with mirror(mnist_files) as (url, _):
        dest = fetch_mnist(
            tmp_path / "cache", mirrors=[url], checksums=sha256s(mnist_files), backoff=0
        )
    for name, data in mnist_files.items():
        assert (dest / name).read_bytes() == data
    assert not list(dest.glob("*.part"))
    data = load_dataset(dest)
    assert (data.n_train, data.n_test) == (60, 20)


def test_files_already_verified_are_not_downloaded_again(tmp_path, mnist_files):
    with mirror(mnist_files) as (url, log):
        fetch_mnist(tmp_path, mirrors=[url], checksums=sha256s(mnist_files), backoff=0)
        first = len(log)
        fetch_mnist(tmp_path, mirrors=[url], checksums=sha256s(mnist_files), backoff=0)
    assert first == 4 and len(log) == 4


def test_checksum_mismatch_moves_on_to_the_next_mirror(tmp_path, mnist_files):
    corrupt = corrupted(mnist_files)
    with mirror(corrupt) as (bad, bad_log), mirror(mnist_files) as (good, _):
        fetch_mnist(tmp_path, mirrors=[bad, good], checksums=sha256s(mnist_files), backoff=0)
    assert len(bad_log) == 4, "each file was tried once on the bad mirror"
    for name, data in mnist_files.items():
        assert (tmp_path / name).read_bytes() == data


def test_checksum_mismatch_everywhere_is_one_clear_error_leaving_nothing(tmp_path, mnist_files):
    corrupt = corrupted(mnist_files)
    with mirror(corrupt) as (url, _), pytest.raises(DataError) as info:
        fetch_mnist(tmp_path, mirrors=[url], checksums=sha256s(mnist_files), backoff=0)
    message = str(info.value)
    assert "checksum mismatch" in message and "t10k-images-idx3-ubyte.gz" in message
    assert "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_interrupted_download_is_resumed_with_a_range_request(tmp_path, mnist_files):
    with mirror(mnist_files, cut_first=True) as (url, log):
        fetch_mnist(tmp_path, mirrors=[url], checksums=sha256s(mnist_files), backoff=0)
    for name, data in mnist_files.items():
        assert (tmp_path / name).read_bytes() == data
        ranges = [requested for logged, requested in log if logged == name]
        assert ranges == [None, f"bytes={len(data) // 2}-"]


def test_partial_file_from_an_earlier_run_is_resumed(tmp_path, mnist_files):
    name = "train-images-idx3-ubyte.gz"
    data = mnist_files[name]
    (tmp_path / f"{name}.part").write_bytes(data[:1000])
    with mirror({name: data}) as (url, log):
        fetch_mnist(
            tmp_path, mirrors=[url], checksums={name: sha256s(mnist_files)[name]}, backoff=0
        )
    assert log == [(name, "bytes=1000-")]
    assert (tmp_path / name).read_bytes() == data


def test_server_ignoring_range_gets_a_clean_restart(tmp_path, mnist_files):
    name = "train-labels-idx1-ubyte.gz"
    (tmp_path / f"{name}.part").write_bytes(mnist_files[name][:50])
    with mirror({name: mnist_files[name]}, honour_range=False) as (url, _):
        fetch_mnist(
            tmp_path, mirrors=[url], checksums={name: sha256s(mnist_files)[name]}, backoff=0
        )
    assert (tmp_path / name).read_bytes() == mnist_files[name]


def test_stale_partial_file_of_other_content_is_discarded_and_refetched(tmp_path, mnist_files):
    name = "t10k-labels-idx1-ubyte.gz"
    (tmp_path / f"{name}.part").write_bytes(b"x" * 10)
    with mirror({name: mnist_files[name]}) as (url, log):
        fetch_mnist(
            tmp_path, mirrors=[url], checksums={name: sha256s(mnist_files)[name]}, backoff=0
        )
    assert log == [(name, "bytes=10-"), (name, None)]
    assert (tmp_path / name).read_bytes() == mnist_files[name]


def test_missing_file_on_a_mirror_moves_on_to_the_next(tmp_path, mnist_files):
    with mirror({}) as (empty, _), mirror(mnist_files) as (good, _):
        fetch_mnist(tmp_path, mirrors=[empty, good], checksums=sha256s(mnist_files), backoff=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(mnist_files)


def test_busy_mirror_is_retried_with_exponential_backoff(tmp_path, mnist_files, monkeypatch):
    delays = []
    monkeypatch.setattr(fetch.time, "sleep", delays.append)
    name = "train-labels-idx1-ubyte.gz"
    with mirror(mnist_files, busy=2) as (url, log):
        fetch_mnist(
            tmp_path,
            mirrors=[url],
            checksums={name: sha256s(mnist_files)[name]},
            attempts=3,
            backoff=0.5,
        )
    assert delays == [0.5, 1.0] and len(log) == 3
    assert (tmp_path / name).read_bytes() == mnist_files[name]


def test_mirror_busy_on_every_attempt_is_given_up_with_the_reason(tmp_path, mnist_files):
    with mirror(mnist_files, busy=100) as (url, log), pytest.raises(DataError, match="HTTP 503"):
        fetch_mnist(tmp_path, mirrors=[url], checksums=sha256s(mnist_files), attempts=2, backoff=0)
    assert len(log) == 2


def test_no_server_gives_one_clear_error(tmp_path):
    with pytest.raises(DataError) as info:
        fetch_mnist(tmp_path, mirrors=[closed_port_url()], checksums={"a.gz": "0" * 64}, backoff=0)
    message = str(info.value)
    assert "could not download a.gz" in message and "connection refused" in message
    assert "network" in message and "\n" not in message


def test_progress_reports_bytes_until_the_total(tmp_path, mnist_files):
    seen = []
    with mirror(mnist_files) as (url, _):
        fetch_mnist(
            tmp_path,
            mirrors=[url],
            checksums=sha256s(mnist_files),
            backoff=0,
            progress=lambda name, done, total: seen.append((name, done, total)),
        )
    last = {name: (done, total) for name, done, total in seen}
    assert last == {name: (len(data), len(data)) for name, data in mnist_files.items()}


def test_default_download_folder_is_the_per_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert "mugui" in default_cache_dir().parts


def test_without_mirrors_nothing_is_attempted(tmp_path):
    with pytest.raises(DataError, match="no download mirror"):
        fetch_mnist(tmp_path, checksums={"a.gz": "0" * 64})
