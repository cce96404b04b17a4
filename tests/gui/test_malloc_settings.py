"""The window's process asks glibc's malloc for at most two arenas and a fixed mapping threshold
(issue #12): measured in a fresh interpreter through glibc's own report (``malloc_info``)."""

import json
import subprocess
import sys

import pytest

from mugui.gui.malloc_settings import ARENAS

PROBE = r"""
import ctypes, json, re, sys, tempfile, threading
from mugui.gui.malloc_settings import tune_malloc

if sys.argv[1] == "window":
    tune_malloc()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = (ctypes.c_size_t,)
libc.free.argtypes = (ctypes.c_void_p,)
libc.fopen.restype = ctypes.c_void_p
libc.fopen.argtypes = (ctypes.c_char_p, ctypes.c_char_p)
libc.malloc_info.argtypes = (ctypes.c_int, ctypes.c_void_p)
libc.fclose.argtypes = (ctypes.c_void_p,)

def report():
    path = tempfile.mktemp()
    handle = libc.fopen(path.encode(), b"w")
    libc.malloc_info(0, handle)
    libc.fclose(handle)
    return open(path).read()

def mappings():
    return int(re.search(r'<total type="mmap" count="(\d+)"', report()).group(1))

barrier = threading.Barrier(7)
def thread():
    libc.free(libc.malloc(64))  # a thread's first allocation picks (or makes) its arena
    barrier.wait()
threads = [threading.Thread(target=thread) for _ in range(6)]
for t in threads:
    t.start()
barrier.wait()
heaps = report().count("<heap nr=")
libc.free(libc.malloc(1 << 20))  # a mapped block freed: glibc's threshold would follow it
before = mappings()
block = libc.malloc(512 << 10)
mapped = mappings() == before + 1
libc.free(block)
for t in threads:
    t.join()
print(json.dumps({"heaps": heaps, "mapped": mapped}))
"""


def probe(mode: str) -> dict:
    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_threads_share_two_arenas_and_large_blocks_keep_their_own_mapping():
    tuned, plain = probe("window"), probe("plain")
    assert tuned["heaps"] <= ARENAS < plain["heaps"]  # seven threads allocating
    assert tuned["mapped"] and not plain["mapped"]  # 512 KB after a 1 MB block was freed


def test_the_window_application_tunes_malloc_before_building_anything(qapp, monkeypatch):
    from mugui.gui import app

    calls = []
    monkeypatch.setattr(app, "tune_malloc", lambda: calls.append("tuned"))
    assert app.create_application([]) is qapp
    assert calls == ["tuned"]
