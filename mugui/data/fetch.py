"""Download the four MNIST files into a per-user cache, verified by their known SHA-256.

Mirrors are tried in turn; an interrupted transfer is resumed with an HTTP Range request and
retried with exponential backoff; a file only takes its final name (an atomic rename) once its
checksum is right. Mirrors and checksums are parameters so tests can serve generated files.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from mugui import __version__
from mugui.data.mnist_folder import default_cache_dir
from mugui.errors import DataError

MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
# SHA-256 of the official gzipped files (9,912,422 / 28,881 / 1,648,877 / 4,542 bytes).
MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",  # noqa: E501
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",  # noqa: E501
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",  # noqa: E501
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",  # noqa: E501
}
MAX_FILE_BYTES = 64 * 1024 * 1024  # the largest MNIST file is under 10 MB
_CHUNK = 1 << 16

Progress = Callable[[str, int, int | None], None]


class _RetryMirror(Exception):
    """A transient failure: the same mirror is worth another try (resuming the partial file)."""


class _SkipMirror(Exception):
    """A permanent failure of one mirror: go on to the next one."""


def fetch_mnist(
    dest_dir: str | os.PathLike | None = None,
    mirrors: Sequence[str] | None = None,
    checksums: Mapping[str, str] | None = None,
    *,
    timeout: float = 30.0,
    attempts: int = 3,
    backoff: float = 1.0,
    progress: Progress | None = None,
) -> Path:
    """Make dest_dir hold every file of checksums, verified; return dest_dir.

    Files already present with the right checksum are not downloaded again. Raises one
    DataError naming the file and each mirror's failure when no mirror delivers it.
    """
    dest = Path(dest_dir) if dest_dir is not None else default_cache_dir()
    mirrors = tuple(mirrors) if mirrors is not None else MNIST_MIRRORS
    checksums = dict(checksums) if checksums is not None else MNIST_SHA256
    if not mirrors:
        raise DataError("no download mirror was given")
    for mirror in mirrors:
        try:
            parts = urllib.parse.urlsplit(mirror)
        except ValueError as exc:
            raise DataError(f"mirror {mirror!r} is not a valid URL ({exc})") from None
        if parts.scheme not in ("http", "https", "file") or not (parts.netloc or parts.path):
            raise DataError(f"mirror {mirror!r} is not an http(s) or file URL")
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create the download folder {dest} ({exc.strerror})") from None
    for name, sha256 in checksums.items():
        target = dest / name
        if target.is_file() and _file_sha256(target) == sha256:
            continue
        _download(name, sha256, dest, mirrors, timeout, attempts, backoff, progress)
    return dest


def _download(
    name: str,
    sha256: str,
    dest: Path,
    mirrors: Sequence[str],
    timeout: float,
    attempts: int,
    backoff: float,
    progress: Progress | None,
) -> None:
    """Fetch one file from the first mirror that delivers it intact, then rename it into place."""
    part = dest / (name + ".part")
    failures = []
    for mirror in mirrors:
        url = mirror.rstrip("/") + "/" + name
        for attempt in range(attempts):
            try:
                resumed = _transfer(url, part, timeout, progress, name)
                _verify(part, sha256, resumed)
                os.replace(part, dest / name)
                return
            except _RetryMirror as exc:
                reason = str(exc)
                if attempt + 1 < attempts:
                    time.sleep(backoff * 2**attempt)
            except _SkipMirror as exc:
                reason = str(exc)
                break
            except OSError as exc:
                raise DataError(f"cannot write {part} ({exc.strerror or exc})") from None
        failures.append(f"{mirror}: {reason}")
    raise DataError(
        f"could not download {name} from any mirror ({'; '.join(failures)}); "
        "check the network connection, or use a folder that already holds the MNIST files"
    )


def _transfer(url: str, part: Path, timeout: float, progress: Progress | None, name: str) -> bool:
    """Append the rest of url to part (resuming from its size); True when it resumed."""
    start = part.stat().st_size if part.exists() else 0
    headers = {"User-Agent": f"mugui/{__version__}"}
    if start:
        headers["Range"] = f"bytes={start}-"
    try:
        response = urllib.request.urlopen(
            urllib.request.Request(url, headers=headers), timeout=timeout
        )
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and start:
            part.unlink()
            raise _RetryMirror("the partial file did not fit the server's; restarting") from None
        if exc.code >= 500 or exc.code == 429:
            raise _RetryMirror(f"HTTP {exc.code} {exc.reason}") from None
        raise _SkipMirror(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise _RetryMirror("timed out") from None
        raise _SkipMirror(_reason(exc.reason)) from None
    except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        raise _RetryMirror(_reason(exc)) from None
    except ValueError as exc:  # a URL urllib cannot parse
        raise _SkipMirror(str(exc)) from None
    with response:
        resumed = bool(start) and response.status == 206
        if resumed and not response.headers.get("Content-Range", "").startswith(f"bytes {start}-"):
            part.unlink()
            raise _RetryMirror("the server answered a different range; restarting")
        start = start if resumed else 0  # a server that ignores Range sends the whole file
        length = response.headers.get("Content-Length", "")
        total = start + int(length) if length.isdigit() else None
        if total is not None and total > MAX_FILE_BYTES:
            raise _SkipMirror(f"the file is {total:,} bytes, more than {MAX_FILE_BYTES:,}")
        received = start
        with open(part, "ab" if resumed else "wb") as out:
            while True:
                try:
                    chunk = response.read(_CHUNK)
                except (OSError, http.client.HTTPException) as exc:
                    reason = f"interrupted after {received:,} bytes ({_reason(exc)})"
                    raise _RetryMirror(reason) from None
                if not chunk:
                    break
                received += len(chunk)
                if received > MAX_FILE_BYTES:
                    raise _SkipMirror(f"the file grew beyond {MAX_FILE_BYTES:,} bytes")
                out.write(chunk)
                if progress is not None:
                    progress(name, received, total)
    if total is not None and received < total:
        raise _RetryMirror(f"interrupted after {received:,} of {total:,} bytes")
    return resumed


def _verify(part: Path, sha256: str, resumed: bool) -> None:
    """Keep part only if its checksum is right; a wrong file is deleted.

    A resumed file may have begun as another file's partial copy, so it earns one fresh try.
    """
    found = _file_sha256(part)
    if found != sha256:
        part.unlink()
        reason = f"checksum mismatch (got {found[:12]}…, expected {sha256[:12]}…)"
        raise _RetryMirror(reason) if resumed else _SkipMirror(reason)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _reason(exc: object) -> str:
    """A short human reason for a network failure."""
    if isinstance(exc, socket.gaierror):
        return "host not found (offline?)"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__
