"""PyInstaller runtime hook: load LLVM from the bundle's compressed copy, in memory.

packaging/shrink.py replaces llvmlite's 152 MB library in the bundle with a zlib-compressed copy
(``libllvmlite.so.z``, 55 MB). When numba first needs LLVM (it loads it on import), this hook
unpacks that copy into an anonymous in-memory file (``memfd_create``, gone with the process) and
has llvmlite load it from ``/proc/self/fd/N``: nothing is written to disk, the folder stays as
it is. A bundle that still has ``libllvmlite.so`` (not shrunk) loads it as usual.
"""

import errno
import os
import sys
import zlib

PACKED = "libllvmlite.so.z"
CHUNK = 1 << 20
MFD_EXEC = 0x0010  # Linux 6.3+: ask for an executable memfd (vm.memfd_noexec may default to not)


def memory_file(name: str) -> int:
    """A new close-on-exec memfd that may be mapped executable."""
    try:
        return os.memfd_create(name, os.MFD_CLOEXEC | MFD_EXEC)
    except OSError as error:
        if error.errno == errno.EINVAL:  # a kernel older than 6.3: memfds are executable
            return os.memfd_create(name, os.MFD_CLOEXEC)
        raise OSError(
            error.errno,
            f"cannot create an executable in-memory file for LLVM ({error.strerror}; "
            "is the sysctl vm.memfd_noexec set to 2?)",
        ) from error


def unpack_to_memory(packed_path: str) -> str:
    """Decompress ``packed_path`` into a new in-memory file; return a path that opens it."""
    fd = memory_file("libllvmlite.so")  # close-on-exec: helper processes unpack their own
    inflater = zlib.decompressobj()
    with open(packed_path, "rb") as packed:
        while chunk := packed.read(CHUNK):
            _write_all(fd, inflater.decompress(chunk))
    _write_all(fd, inflater.flush())
    if not inflater.eof:
        os.close(fd)
        raise OSError(f"{packed_path} is truncated")
    return f"/proc/self/fd/{fd}"  # the descriptor stays open while the process lives


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def install(binding_dir: str) -> bool:
    """Point llvmlite at the unpacked library if ``binding_dir`` holds only the packed one."""
    packed = os.path.join(binding_dir, PACKED)
    if os.path.exists(os.path.join(binding_dir, "libllvmlite.so")) or not os.path.exists(packed):
        return False
    import llvmlite.utils

    unpacked: list[str] = []

    def library_name() -> str:
        # llvmlite joins this to its package folder; an absolute path replaces that folder
        if not unpacked:
            unpacked.append(unpack_to_memory(packed))
        return unpacked[0]

    llvmlite.utils.get_library_name = library_name  # read by llvmlite.binding.ffi on import
    return True


if getattr(sys, "frozen", False):
    install(os.path.join(sys._MEIPASS, "llvmlite", "binding"))
