"""Shrink a PyInstaller one-folder bundle in place: `python3 packaging/shrink.py dist/mugui`.

Run by packaging/build.sh right after PyInstaller, before the kernels are compiled into the bundle.
Three steps, each printing what it saved:

1. strip every shared library with ``strip --strip-unneeded``, keeping the original wherever the
   stripped copy would not load: strip re-lays out the libraries that auditwheel/patchelf edited
   (the wheels' OpenBLAS, numba's thread pools), which glibc then refuses ("ELF load command
   address/offset not page-aligned"), so every stripped copy is checked for that first;
2. replace ICU's 31 MB data library with an empty one built from packaging/icudata_stub.c (Qt
   links ICU, the app needs none of its data; see that file);
3. compress llvmlite's library (zlib) into ``libllvmlite.so.z``, which the runtime hook
   packaging/pyi_rth_packed_llvm.py unpacks into memory when numba loads LLVM.

The bundle's executable is left alone: PyInstaller appends the app's code to it, and strip would
cut that off.
"""

from __future__ import annotations

import argparse
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGE = 4096
PT_LOAD = 1
LLVM_LIBRARY = Path("llvmlite", "binding", "libllvmlite.so")
PACKED_SUFFIX = ".z"  # the name packaging/pyi_rth_packed_llvm.py looks for
ICU_DATA = re.compile(r"libicudata\.so\.(\d+)$")


def is_elf(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4) == b"\x7fELF"


def misaligned_load_segment(path: Path) -> bool:
    """Whether a 64-bit little-endian ELF file has a loadable segment glibc would refuse: one
    whose file offset and address differ modulo the page size."""
    with path.open("rb") as file:
        header = file.read(64)
        if header[:4] != b"\x7fELF" or header[4] != 2 or header[5] != 1:
            raise ValueError(f"{path} is not a 64-bit little-endian ELF file")
        (phoff,) = struct.unpack_from("<Q", header, 0x20)
        entry_size, count = struct.unpack_from("<HH", header, 0x36)
        file.seek(phoff)
        table = file.read(entry_size * count)
    for index in range(count):
        kind, _flags, offset, address = struct.unpack_from("<IIQQ", table, index * entry_size)
        if kind == PT_LOAD and (offset - address) % PAGE:
            return True
    return False


def shared_libraries(internal: Path) -> Iterator[Path]:
    """Every ELF file under ``internal`` (the bundle's _internal/ folder), largest first."""
    files = [p for p in internal.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p)]
    yield from sorted(files, key=lambda p: p.stat().st_size, reverse=True)


def strip_library(path: Path) -> int | None:
    """Strip ``path`` unless that breaks it; the bytes saved, None if the stripped copy would
    not load (then ``path`` is left as it was)."""
    with tempfile.TemporaryDirectory() as scratch:
        stripped = Path(scratch) / path.name
        shutil.copy2(path, stripped)
        done = subprocess.run(["strip", "--strip-unneeded", stripped], capture_output=True)
        if done.returncode != 0 or misaligned_load_segment(stripped):
            return None
        saved = path.stat().st_size - stripped.stat().st_size
        if saved > 0:
            shutil.copy2(stripped, path)
    return max(saved, 0)


def strip_all(internal: Path) -> tuple[int, list[Path]]:
    """Strip every library that can be; the bytes saved and the libraries strip would break."""
    saved, refused = 0, []
    for library in shared_libraries(internal):
        gained = strip_library(library)
        if gained is None:
            refused.append(library)
        else:
            saved += gained
    return saved, refused


def stub_icu_data(internal: Path, compiler: str = "cc") -> int:
    """Replace ICU's data library with the empty one; the bytes saved (0 if there is none)."""
    found = [p for p in internal.rglob("libicudata.so.*") if ICU_DATA.search(p.name)]
    saved = 0
    for library in found:
        version = ICU_DATA.search(library.name).group(1)  # type: ignore[union-attr]
        with tempfile.TemporaryDirectory() as scratch:
            stub = Path(scratch) / library.name
            subprocess.run(
                [compiler, "-O2", "-shared", "-fPIC", f"-Wl,-soname,{library.name}",
                 f"-DICU_DATA_ENTRY=icudt{version}_dat", "-o", stub, HERE / "icudata_stub.c"],
                check=True,
            )  # fmt: skip
            subprocess.run(["strip", "--strip-unneeded", stub], check=True)
            saved += library.stat().st_size - stub.stat().st_size
            shutil.copy2(stub, library)
    return saved


def pack_llvm(internal: Path, level: int = 6) -> int:
    """Compress llvmlite's library next to itself and remove it; the bytes saved."""
    library = internal / LLVM_LIBRARY
    if not library.exists():
        return 0
    packed = library.with_name(library.name + PACKED_SUFFIX)
    deflater = zlib.compressobj(level)
    with library.open("rb") as source, packed.open("wb") as target:
        while chunk := source.read(1 << 20):
            target.write(deflater.compress(chunk))
        target.write(deflater.flush())
    saved = library.stat().st_size - packed.stat().st_size
    library.unlink()
    return saved


def megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the one-folder bundle (dist/mugui)")
    parser.add_argument("--no-pack", action="store_true", help="keep LLVM uncompressed")
    args = parser.parse_args(argv)
    internal = args.bundle / "_internal"
    if not internal.is_dir():
        parser.error(f"{internal} is not a PyInstaller bundle's _internal folder")
    for tool in ("strip", "cc"):
        if shutil.which(tool) is None:
            parser.error(f"needs `{tool}` (Debian: apt-get install binutils gcc)")
    before = folder_size(args.bundle)
    saved, refused = strip_all(internal)
    names = ", ".join(p.name for p in refused)
    print(f"strip: {megabytes(saved)} saved; left unstripped (strip breaks them): {names}")
    print(f"ICU data: {megabytes(stub_icu_data(internal))} saved (empty stub)")
    if not args.no_pack:
        print(f"LLVM: {megabytes(pack_llvm(internal))} saved (zlib, unpacked in memory)")
    print(f"bundle: {megabytes(before)} -> {megabytes(folder_size(args.bundle))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
