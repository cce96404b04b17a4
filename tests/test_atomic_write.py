"""Saving over what is already at a path: modes kept, links followed, special files refused."""

import os
import socket
import stat
import time

import pytest

from mugui.atomic_write import STALE_SECONDS, write_atomically
from mugui.errors import MuguiError


def save(path, text=b"new"):
    return write_atomically(path, lambda handle: handle.write(text))


def test_replacing_a_file_keeps_its_mode(tmp_path):
    path = tmp_path / "m.npz"
    path.write_bytes(b"old")
    path.chmod(0o644)
    save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644 and path.read_bytes() == b"new"


def test_a_new_file_gets_the_users_umask_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        save(tmp_path / "new.npz")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.npz").stat().st_mode) == 0o644


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path):
    target = tmp_path / "real.npz"
    target.write_bytes(b"old")
    link = tmp_path / "link.npz"
    link.symlink_to(target)
    save(link)
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_a_fifo_is_refused_and_left_alone(tmp_path):
    fifo = tmp_path / "pipe.npz"
    os.mkfifo(fifo)
    with pytest.raises(MuguiError, match="not a regular file"):
        save(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_socket_or_device_is_refused(tmp_path):
    with pytest.raises(MuguiError, match="not a regular file"):
        save("/dev/null")
    path = tmp_path / "s.npz"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        with pytest.raises(MuguiError, match="not a regular file"):
            save(path)
    finally:
        server.close()


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(MuguiError, match="folder"):
        save(tmp_path)


def test_stale_temporary_files_of_a_killed_save_are_removed_by_the_next_save(tmp_path):
    path = tmp_path / "m.npz"
    stale = tmp_path / ".m.npz.abc123.tmp"
    fresh = tmp_path / ".m.npz.def456.tmp"
    other = tmp_path / ".other.npz.abc123.tmp"
    for leftover in (stale, fresh, other):
        leftover.write_bytes(b"x" * 1000)
    old = time.time() - STALE_SECONDS - 10
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    save(path)
    assert not stale.exists() and fresh.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == [
        fresh.name,
        other.name,
    ]
