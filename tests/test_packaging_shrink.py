"""packaging/shrink.py and the bundle's runtime hooks: strip without breaking, the empty ICU data
library, LLVM packed and unpacked in memory, placeholders for Qt's OpenGL modules."""

import ctypes
import errno
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
needs_cc = pytest.mark.skipif(
    not (shutil.which("cc") and shutil.which("strip")), reason="needs cc and strip"
)


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shrink = load("shrink")
packed_llvm = load("pyi_rth_packed_llvm")
no_qtopengl = load("pyi_rth_no_qtopengl")


def compile_library(folder: Path, name: str = "libdemo.so") -> Path:
    """A small shared library with debug information, exporting demo_answer() == 42."""
    source = folder / "demo.c"
    source.write_text("int demo_answer(void) { return 42; }\n")
    library = folder / name
    subprocess.run(["cc", "-g", "-shared", "-fPIC", "-o", library, source], check=True)
    return library


def first_load_segment_offset(path: Path) -> int:
    """Where the first PT_LOAD entry of the program header table is in the file."""
    data = path.read_bytes()
    (phoff,) = struct.unpack_from("<Q", data, 0x20)
    entry_size, count = struct.unpack_from("<HH", data, 0x36)
    for index in range(count):
        at = phoff + index * entry_size
        if struct.unpack_from("<I", data, at)[0] == shrink.PT_LOAD:
            return at
    raise AssertionError("no PT_LOAD")


@needs_cc
def test_misaligned_load_segment_tells_a_loadable_library_from_a_broken_one(tmp_path):
    library = compile_library(tmp_path)
    assert not shrink.misaligned_load_segment(library)
    data = bytearray(library.read_bytes())
    at = first_load_segment_offset(library) + 8  # p_offset
    struct.pack_into("<Q", data, at, struct.unpack_from("<Q", data, at)[0] + 16)
    library.write_bytes(bytes(data))
    assert shrink.misaligned_load_segment(library)


def test_misaligned_load_segment_rejects_a_file_that_is_not_elf(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a library" * 10)
    with pytest.raises(ValueError, match="not a 64-bit"):
        shrink.misaligned_load_segment(text)


@needs_cc
def test_strip_library_makes_it_smaller_and_it_still_loads(tmp_path):
    library = compile_library(tmp_path)
    size = library.stat().st_size
    saved = shrink.strip_library(library)
    assert saved is not None and saved > 0
    assert library.stat().st_size == size - saved
    assert ctypes.CDLL(str(library)).demo_answer() == 42


@needs_cc
def test_strip_library_leaves_a_library_alone_when_the_stripped_copy_would_not_load(
    tmp_path, monkeypatch
):
    library = compile_library(tmp_path)
    before = library.read_bytes()
    monkeypatch.setattr(shrink, "misaligned_load_segment", lambda path: True)
    assert shrink.strip_library(library) is None
    assert library.read_bytes() == before


@needs_cc
def test_strip_all_skips_what_is_not_elf_and_reports_nothing_refused(tmp_path):
    internal = tmp_path / "_internal"
    (internal / "pkg").mkdir(parents=True)
    library = compile_library(internal / "pkg")
    (internal / "pkg" / "data.txt").write_text("text")
    saved, refused = shrink.strip_all(internal)
    assert saved > 0 and refused == []
    assert (internal / "pkg" / "data.txt").read_text() == "text"
    assert ctypes.CDLL(str(library)).demo_answer() == 42


@needs_cc
def test_the_icu_data_stub_is_an_empty_common_data_package_under_the_same_soname(tmp_path):
    lib = tmp_path / "_internal" / "PySide6" / "Qt" / "lib"
    lib.mkdir(parents=True)
    original = lib / "libicudata.so.73"
    original.write_bytes(b"\0" * 1_000_000)  # stands in for the 31 MB data library
    saved = shrink.stub_icu_data(tmp_path / "_internal")
    assert 0 < saved < 1_000_000
    soname = subprocess.run(["readelf", "-d", original], capture_output=True, text=True).stdout
    assert "Library soname: [libicudata.so.73]" in soname
    entry = ctypes.c_char.in_dll(ctypes.CDLL(str(original)), "icudt73_dat")
    header = ctypes.string_at(ctypes.addressof(entry), 40)
    head_size, magic1, magic2 = struct.unpack_from("<HBB", header)
    assert (head_size, magic1, magic2) == (32, 0xDA, 0x27)
    assert header[12:16] == b"ToCP"  # a common data package, as ICU's own stubdata
    assert struct.unpack_from("<I", header, 32)[0] == 0  # with no entries


def fake_binding(tmp_path: Path, content: bytes) -> Path:
    binding = tmp_path / "_internal" / "llvmlite" / "binding"
    binding.mkdir(parents=True)
    (binding / "libllvmlite.so").write_bytes(content)
    return binding


def test_pack_llvm_replaces_the_library_by_a_copy_the_hook_unpacks_identically(tmp_path):
    content = os.urandom(1 << 20) + bytes(3 << 20)  # both incompressible and compressible parts
    binding = fake_binding(tmp_path, content)
    saved = shrink.pack_llvm(tmp_path / "_internal")
    assert not (binding / "libllvmlite.so").exists()
    packed = binding / "libllvmlite.so.z"
    assert saved == len(content) - packed.stat().st_size > 0
    path = packed_llvm.unpack_to_memory(str(packed))
    assert path.startswith("/proc/self/fd/")
    assert Path(path).read_bytes() == content


def test_unpack_to_memory_rejects_a_truncated_copy(tmp_path):
    binding = fake_binding(tmp_path, os.urandom(1 << 16) * 4)
    shrink.pack_llvm(tmp_path / "_internal")
    packed = binding / "libllvmlite.so.z"
    packed.write_bytes(packed.read_bytes()[:-100])
    with pytest.raises(OSError, match="truncated"):
        packed_llvm.unpack_to_memory(str(packed))


def test_the_llvm_hook_points_llvmlite_at_the_unpacked_library_only_when_packed(
    tmp_path, monkeypatch
):
    import llvmlite.utils

    monkeypatch.setattr(llvmlite.utils, "get_library_name", llvmlite.utils.get_library_name)
    binding = fake_binding(tmp_path, b"stand-in library")
    assert not packed_llvm.install(str(binding))  # not packed: llvmlite loads it as usual
    assert llvmlite.utils.get_library_name() == "libllvmlite.so"
    shrink.pack_llvm(tmp_path / "_internal")
    assert packed_llvm.install(str(binding))
    path = llvmlite.utils.get_library_name()
    assert Path(path).read_bytes() == b"stand-in library"
    assert llvmlite.utils.get_library_name() == path  # unpacked once


def test_the_opengl_placeholders_let_pyqtgraph_style_imports_work_and_fail_on_use(monkeypatch):
    for name in ("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    no_qtopengl.install()
    assert importlib.import_module("PySide6.QtOpenGL").__doc__ == no_qtopengl.MISSING
    widgets = importlib.import_module("PySide6.QtOpenGLWidgets")

    class GraphicsViewGLWidget(widgets.QOpenGLWidget):  # as pyqtgraph's OpenGLHelpers does
        pass

    with pytest.raises(ImportError, match="not part of the mugui bundle"):
        GraphicsViewGLWidget()


def test_the_memory_file_is_asked_executable_and_older_kernels_get_a_plain_one(monkeypatch):
    real = os.memfd_create
    asked = []

    def kernel_before_6_3(name, flags=os.MFD_CLOEXEC):
        asked.append(flags)
        if flags & packed_llvm.MFD_EXEC:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real(name, flags)

    monkeypatch.setattr(os, "memfd_create", kernel_before_6_3)
    fd = packed_llvm.memory_file("test")
    os.close(fd)
    assert asked == [os.MFD_CLOEXEC | packed_llvm.MFD_EXEC, os.MFD_CLOEXEC]


def test_a_refused_executable_memory_file_says_which_setting_refused_it(monkeypatch):
    def noexec_enforced(name, flags=os.MFD_CLOEXEC):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "memfd_create", noexec_enforced)
    with pytest.raises(OSError, match="vm.memfd_noexec"):
        packed_llvm.memory_file("test")
